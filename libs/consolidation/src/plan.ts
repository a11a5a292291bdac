import { isUnderThreshold } from '@app/domain';
import type { Feature, LineString } from 'geojson';
import type { Formulation, Structure } from './formulation';
import { PLAN_TOLERANCE, fmt } from './formulation';
import { crossingAllowed, moveRule, type Instance } from './instance';
import type {
  ClosureRule,
  ConsolidationKpis,
  ConsolidationPlan,
  Expansion,
  GradeBand,
  LaterYearCheck,
  MoveReason,
  PlanCheck,
  PlannedStage,
  SchoolPlan,
  TransferFeature,
  VillagePlan,
} from './types';

// Shares below this are solver noise.
const MIN_SHARE = 1e-6;
const STAGES: readonly PlannedStage[] = ['primary', 'junior'];

/**
 * Decisions read from solver values: open schools per model year, the share of each closure arc per year, the share
 * of each re-zoning arc, and cumulative added classes per school, stage and year.
 */
export interface Decisions {
  open: boolean[][];
  share: Array<number[] | null>;
  rezone: Array<number | null>;
  extra: Array<Record<PlannedStage, number[]>>;
}

export function readDecisions(inst: Instance, form: Formulation, values: readonly number[]): Decisions {
  const n = inst.years.length;
  const clean = (x: number): number => (x > MIN_SHARE ? Math.min(1, x) : 0);
  return {
    open: inst.schools.map((s) => (form.open[s.index] === null ? Array(n).fill(true) : form.open[s.index]!.map((v) => values[v] > 0.5))),
    share: form.share.map((vs) => (vs === null ? null : vs.map((v) => clean(values[v])))),
    rezone: form.rezone.map((v) => (v === null ? null : clean(values[v]))),
    extra: form.expansion.map((e) => ({
      primary: e.primary.map((v) => (v === null ? 0 : Math.round(values[v]))),
      junior: e.junior.map((v) => (v === null ? 0 : Math.round(values[v]))),
    })),
  };
}

/** First model-year index a school is closed, or null. */
export function closureIndex(dec: Decisions, s: number): number | null {
  const t = dec.open[s].indexOf(false);
  return t < 0 ? null : t;
}

/** Pupils of an arc in model year t (0 before its move). */
function arcPupils(inst: Instance, dec: Decisions, a: number, t: number): number {
  const arc = inst.arcs[a];
  const d = inst.demands[arc.demand];
  if (arc.kind === 'closure') return d.pupilsByYear[t] * (dec.share[a]?.[t] ?? 0);
  if (arc.kind === 'rezone') return d.pupilsByYear[t] * (dec.rezone[a] ?? 0);
  if (d.current === null || !dec.open[d.current][t]) return 0;
  const rezoned = d.arcs.reduce((sum, b) => sum + (dec.rezone[b] ?? 0), 0);
  return d.pupilsByYear[t] * Math.max(0, 1 - rezoned);
}

/**
 * The plan of a set of decisions: per school (closure year, enrolment by year, expansions with their ready year),
 * plan rows per unit band with year, reason and travel before/after, KPIs, the later-year check of the cap, the
 * small schools per county, GeoJSON transfer lines and the plan's own re-check. `enforceCap` false skips the cap
 * in the check (the minimum-small plan of an explanation).
 */
export function buildPlan(inst: Instance, st: Structure, dec: Decisions, enforceCap: boolean): ConsolidationPlan {
  const { schools, demands, arcs, units, years, target, options: opt } = inst;
  const n = years.length;
  const T = opt.smallSchoolThreshold;
  // The one small-school test of @app/domain (compulsory pupils under T), as the world's indicators use it.
  const isSmall = (pupils: number): boolean => isUnderThreshold(pupils, T);
  const flows: number[][] = arcs.map((a) => years.map((_, t) => arcPupils(inst, dec, a.index, t)));

  // Where each closed school's pupils went (target-year pupils, else its closure year's).
  const receivers = schools.map(() => new Set<number>());
  for (const a of arcs) if (a.kind === 'closure' && flows[a.index].some((x) => x > 0)) receivers[demands[a.demand].current!].add(a.school);
  const mergedPair = new Set(opt.mergePairs.flat());
  const closureKind = (s: number): SchoolPlan['closureKind'] => {
    if (closureIndex(dec, s) === null) return null;
    if (schools[s].teachingPoint && schools[s].centralSchool !== null) return 'teaching_point';
    return receivers[s].size === 1 || mergedPair.has(schools[s].code) ? 'merge' : 'closure';
  };
  const closureRule = (s: number): ClosureRule | null => {
    if (closureIndex(dec, s) === null) return null;
    if (schools[s].mode === 'closed') return 'must_close';
    if (mergedPair.has(schools[s].code)) return 'merge_pair';
    return isSmall(st.statusQuo[s]) ? 'small_school_cap' : 'cost';
  };

  const schoolPlans: SchoolPlan[] = schools.map((s) => {
    const close = closureIndex(dec, s.index);
    const byYear: Record<string, number> = {};
    years.forEach((y, t) => {
      byYear[y] = dec.open[s.index][t]
        ? inst.arcsInto[s.index].reduce((sum, a) => sum + s.enrolmentFactor[demands[arcs[a].demand].stage] * flows[a][t], 0)
        : 0;
    });
    let kept = 0;
    let pupilsIn = 0;
    let rezonedIn = 0;
    // Re-zoned pupils as enrolment (x the enrolment factor), to take them out of the count.
    let rezonedInEnrolment = 0;
    let boarders = 0;
    const received = new Set<string>();
    for (const a of inst.arcsInto[s.index]) {
      const x = flows[a][target];
      if (x <= 0) continue;
      if (arcs[a].kind === 'stay') kept += x;
      else {
        pupilsIn += x;
        if (arcs[a].kind === 'rezone') {
          rezonedIn += x;
          rezonedInEnrolment += s.enrolmentFactor[demands[arcs[a].demand].stage] * x;
        }
        received.add(units[demands[arcs[a].demand].unit].code);
      }
      if (arcs[a].boarding) boarders += x;
    }
    const catchment = st.own[s.index].primary + st.own[s.index].junior;
    const isOpen = dec.open[s.index][target];
    const enrolmentAfter = byYear[years[target]];
    const extra = dec.extra[s.index];
    const expansions: Expansion[] = [];
    for (const p of STAGES) {
      for (let t = 0; t < n; t++) {
        const added = extra[p][t] - (t > 0 ? extra[p][t - 1] : 0);
        if (added <= 0) continue;
        const forClosures = new Set<string>();
        for (const a of inst.arcsInto[s.index]) {
          if (arcs[a].kind !== 'closure' || demands[arcs[a].demand].stage !== p || flows[a][t] <= 0) continue;
          const from = demands[arcs[a].demand].current!;
          if (closureIndex(dec, from) === t) forClosures.add(schools[from].code);
        }
        expansions.push({ stage: p, classes: added, readyYear: years[t] - 1, forClosures: [...forClosures].sort() });
      }
    }
    return {
      code: s.code,
      name: s.record.name,
      countyCode: s.countyCode,
      townshipCode: s.townshipCode,
      stages: [...s.stages],
      decision: close === null ? 'keep' : 'close',
      closureYear: close === null ? null : years[close],
      closureKind: closureKind(s.index),
      closureRule: closureRule(s.index),
      fixed: s.fixed,
      teachingPoint: s.teachingPoint,
      enrolmentToday: s.record.enrolment,
      enrolmentStatusQuo: st.statusQuo[s.index],
      enrolmentAfter,
      enrolmentByYear: byYear,
      // Re-zoned pupils do not count: a school stops being small by its own pupils and those of closed schools.
      smallAfter: isOpen && !(opt.teachingPointsExempt && s.teachingPoint) && isSmall(enrolmentAfter - rezonedInEnrolment),
      pupilsKept: kept,
      pupilsOut: Math.max(0, catchment - kept),
      pupilsIn,
      pupilsRezonedIn: rezonedIn,
      villagesReceived: [...received].sort(),
      extraClasses: { primary: extra.primary[target], junior: extra.junior[target] },
      expansions,
      seatsAfter: {
        primary: isOpen && s.stages.includes('primary') ? s.seats.primary + s.norm.primary * extra.primary[target] : 0,
        junior: isOpen && s.stages.includes('junior') ? s.seats.junior + s.norm.junior * extra.junior[target] : 0,
      },
      newBoarders: boarders,
    };
  });

  const villages: VillagePlan[] = [];
  const transfers = new Map<string, TransferFeature>();
  const cost = { travel: 0, moves: 0, operating: 0, expansion: 0, total: 0 };
  let afterPupilKm = 0;
  let afterPupils = 0;
  let maxAfter = 0;
  let moved = 0;
  let movedByClosure = 0;
  let rezoned = 0;
  let crossCounty = 0;
  let newBoarders = 0;
  for (const a of arcs) {
    const x = flows[a.index];
    const d = demands[a.demand];
    const unit = units[d.unit];
    const school = schools[a.school];
    for (let t = 0; t < n; t++) cost.travel += opt.travelCostPerPupilKm * opt.bandTravelWeight[d.band] * a.km * x[t];
    if (x[target] > 0) {
      afterPupilKm += a.km * x[target];
      afterPupils += x[target];
      maxAfter = Math.max(maxAfter, a.km);
      if (a.boarding) newBoarders += x[target];
    }
    const from = d.current === null ? null : schools[d.current].code;
    const first = x.findIndex((v) => v > 0);
    if (first < 0) continue;
    const pupilsByYear: Record<string, number> = {};
    years.forEach((y, t) => {
      if (x[t] > 0) pupilsByYear[y] = x[t];
    });
    const move = a.kind !== 'stay';
    const reason: MoveReason | null = a.kind === 'rezone' ? 'rezoning' : a.kind === 'closure' ? closureKind(d.current!) : null;
    const movedNow = move ? x[first] : 0;
    const rowShare =
      a.kind === 'closure'
        ? dec.share[a.index]![first]
        : a.kind === 'rezone'
          ? dec.rezone[a.index]!
          : x[first] / Math.max(d.pupilsByYear[first], 1e-12);
    villages.push({
      unitCode: unit.code,
      unitName: unit.name,
      countyCode: unit.countyCode,
      townshipCode: unit.townshipCode,
      band: d.band,
      stage: d.stage,
      fromSchool: from,
      toSchool: school.code,
      year: move ? years[first] : null,
      reason,
      share: rowShare,
      pupils: move ? movedNow : x[target],
      pupilsByYear,
      moved: move,
      boarding: a.boarding,
      travelBeforeKm: d.currentKm,
      travelAfterKm: a.km,
      travelBeforeMinutes: d.currentMinutes,
      travelAfterMinutes: a.minutes,
      travelSource: inst.travelSource,
    });
    if (!move) continue;
    moved += movedNow;
    cost.moves += opt.moveCostPerPupil * movedNow;
    if (a.kind === 'rezone') rezoned += movedNow;
    else movedByClosure += movedNow;
    if (school.countyCode !== null && school.countyCode !== unit.countyCode) crossCounty++;
    const key = `${unit.code}>${school.code}>${years[first]}`;
    const feature: TransferFeature = transfers.get(key) ?? {
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [[...unit.position], [...school.position]] },
      properties: {
        unitCode: unit.code,
        unitName: unit.name,
        fromSchool: from,
        toSchool: school.code,
        year: years[first],
        reason: reason!,
        pupils: 0,
        pupilsByBand: {},
        distanceKm: a.km,
      },
    };
    feature.properties.pupils += movedNow;
    feature.properties.pupilsByBand[d.band] = (feature.properties.pupilsByBand[d.band] ?? 0) + movedNow;
    transfers.set(key, feature);
  }
  villages.sort(
    (p, q) => p.unitCode.localeCompare(q.unitCode) || bandOrder(p.band) - bandOrder(q.band) || p.toSchool.localeCompare(q.toSchool),
  );

  let beforePupilKm = 0;
  let beforePupils = 0;
  let maxBefore = 0;
  let pupils = 0;
  for (const d of demands) {
    pupils += d.pupils;
    if (d.currentKm === null) continue;
    beforePupilKm += d.currentKm * d.pupils;
    beforePupils += d.pupils;
    maxBefore = Math.max(maxBefore, d.currentKm);
  }
  for (let t = 0; t < n; t++) {
    cost.operating += opt.fixedCostPerSchool * dec.open.filter((o) => o[t]).length;
    cost.expansion += opt.expansionCostPerClass * dec.extra.reduce((sum, e) => sum + e.primary[t] + e.junior[t], 0);
  }
  cost.total = cost.travel + cost.moves + cost.operating + cost.expansion;
  const closuresByYear: Record<string, number> = {};
  for (const sp of schoolPlans) if (sp.closureYear !== null) closuresByYear[sp.closureYear] = (closuresByYear[sp.closureYear] ?? 0) + 1;
  const kpis: ConsolidationKpis = {
    smallSchoolsToday: schools.filter(
      (s) => isSmall(s.record.enrolment - s.otherEnrolment) && !(opt.teachingPointsExempt && s.teachingPoint),
    ).length,
    smallSchoolsStatusQuo: schoolPlans.filter((s) => isSmall(s.enrolmentStatusQuo) && !(opt.teachingPointsExempt && s.teachingPoint))
      .length,
    smallSchoolsAfter: schoolPlans.filter((s) => s.smallAfter).length,
    schoolsClosed: schoolPlans.filter((s) => s.decision === 'close').length,
    closuresByYear,
    pupils,
    pupilsMoved: moved,
    pupilsMovedByClosure: movedByClosure,
    pupilsRezoned: rezoned,
    crossCountyTransfers: crossCounty,
    newBoarders,
    extraClasses: schoolPlans.reduce((sum, s) => sum + s.extraClasses.primary + s.extraClasses.junior, 0),
    meanTravelBeforeKm: beforePupils > 0 ? beforePupilKm / beforePupils : 0,
    maxTravelBeforeKm: maxBefore,
    meanTravelAfterKm: afterPupils > 0 ? afterPupilKm / afterPupils : 0,
    maxTravelAfterKm: maxAfter,
    cost,
  };
  const smallSchoolsByCounty: Record<string, string[]> = {};
  for (const sp of schoolPlans) if (sp.smallAfter) (smallSchoolsByCounty[sp.countyCode ?? ''] ??= []).push(sp.code);
  const laterYears: LaterYearCheck[] = [];
  for (let t = target + 1; t < n; t++) {
    const counted = schoolPlans.filter((sp, i) => dec.open[i][t] && !(opt.teachingPointsExempt && sp.teachingPoint));
    const small = counted.filter((sp) => isUnderThreshold(sp.enrolmentByYear[years[t]], T));
    laterYears.push({
      year: years[t],
      smallSchools: small.length,
      capHolds: small.length <= opt.maxSmallSchools,
      crossing: small
        .filter((sp) => !sp.smallAfter && sp.decision === 'keep')
        .map((sp) => sp.code)
        .sort(),
    });
  }
  const features: Array<Feature<LineString, TransferFeature['properties']>> = [...transfers.values()];
  return {
    targetYear: inst.targetYear,
    years: [...years],
    schools: schoolPlans,
    villages,
    kpis,
    smallSchoolsByCounty,
    laterYears,
    transfers: { type: 'FeatureCollection', features },
    check: checkPlan(inst, st, dec, schoolPlans, enforceCap),
  };
}

function bandOrder(b: GradeBand): number {
  return b === 'lower' ? 0 : b === 'upper' ? 1 : 2;
}

/**
 * Re-checks a plan against the rules directly (not through the solver's model): every pupil placed every year,
 * moves only from a closed school (or re-zoning when allowed, bounded, never taking a school under T), once moved
 * stays, within the travel limits and the county, nothing sent to a closed school, seats with added classes ready
 * the year before use, boarding places, building limits, K closures per county and year, the cap, the lists,
 * merge pairs and the township rule.
 */
export function checkPlan(inst: Instance, st: Structure, dec: Decisions, plans: readonly SchoolPlan[], enforceCap: boolean): PlanCheck {
  const { schools, demands, arcs, units, years, target, options: opt } = inst;
  const n = years.length;
  const T = opt.smallSchoolThreshold;
  const problems: string[] = [];
  const near = (value: number, limit: number): boolean => value <= limit + PLAN_TOLERANCE * Math.max(1, Math.abs(limit));
  const flows: number[][] = arcs.map((a) => years.map((_, t) => arcPupils(inst, dec, a.index, t)));
  for (const d of demands) {
    for (let t = 0; t < n; t++) {
      const placed = d.arcs.reduce((sum, a) => sum + flows[a][t], 0);
      if (Math.abs(placed - d.pupilsByYear[t]) > PLAN_TOLERANCE * Math.max(1, d.pupilsByYear[t])) {
        problems.push(`${units[d.unit].code}/${d.band} ${years[t]}: ${fmt(placed)} of ${fmt(d.pupilsByYear[t])} pupils placed`);
      }
    }
  }
  for (const a of arcs) {
    const d = demands[a.demand];
    const s = schools[a.school];
    const sh = dec.share[a.index];
    if (sh)
      for (let t = 1; t < n; t++)
        if (sh[t] < sh[t - 1] - PLAN_TOLERANCE)
          problems.push(`${units[d.unit].code}/${d.band} leaves ${s.code} in ${years[t]} after moving there`);
    for (let t = 0; t < n; t++) {
      const x = flows[a.index][t];
      if (x <= 0) continue;
      if (!dec.open[s.index][t]) problems.push(`${fmt(x)} pupils of ${units[d.unit].code} sent to ${s.code}, closed in ${years[t]}`);
      if (a.kind === 'closure' && d.current !== null && dec.open[d.current][t])
        problems.push(`${units[d.unit].code}/${d.band} moved in ${years[t]} while ${schools[d.current].code} is open`);
      if (a.kind === 'rezone' && !opt.rezoning) problems.push(`${units[d.unit].code}/${d.band} re-zoned without the scenario allowing it`);
    }
    if (a.kind !== 'stay' && flows[a.index].some((x) => x > 0)) {
      if (moveRule(opt, d.band, a, s.boardingPlaces) === null)
        problems.push(`${units[d.unit].code}/${d.band} moved ${a.km.toFixed(2)} km to ${s.code}, beyond the travel limits`);
      if (!crossingAllowed(opt, units[d.unit].countyCode, s.countyCode))
        problems.push(`${units[d.unit].code} (county ${units[d.unit].countyCode}) moved across the county line to ${s.code}`);
    }
  }
  const firstBuild = years.findIndex((y) => y >= inst.baseYear + 2);
  for (const s of schools) {
    const extra = dec.extra[s.index];
    for (let t = 0; t < n; t++) {
      const added = extra.primary[t] + extra.junior[t];
      if (added > 0 && !dec.open[s.index][t]) problems.push(`closed school ${s.code} adds classes in ${years[t]}`);
      if (added > s.room) problems.push(`${s.code} adds ${added} classes in ${years[t]}, room for ${s.room}`);
      if (added > 0 && (firstBuild < 0 || t < firstBuild))
        problems.push(`${s.code} uses added classes in ${years[t]}, before they can be built (base year ${inst.baseYear})`);
      for (const p of STAGES) if (t > 0 && extra[p][t] < extra[p][t - 1]) problems.push(`${s.code} removes ${p} classes in ${years[t]}`);
      if (!dec.open[s.index][t]) continue;
      for (const p of s.stages) {
        const incoming = inst.arcsInto[s.index]
          .filter((a) => arcs[a].kind !== 'stay' && demands[arcs[a].demand].stage === p)
          .reduce((sum, a) => sum + flows[a][t], 0);
        const free = st.spare[s.index][p][t] + s.norm[p] * extra[p][t];
        if (!near(incoming, free))
          problems.push(`${s.code} ${p} ${years[t]}: ${fmt(incoming)} pupils from elsewhere for ${fmt(free)} free seats`);
      }
      const boarders = inst.arcsInto[s.index].filter((a) => arcs[a].boarding).reduce((sum, a) => sum + flows[a][t], 0);
      if (!near(boarders, s.boardingPlaces))
        problems.push(`${s.code} ${years[t]}: ${fmt(boarders)} new boarders for ${s.boardingPlaces} boarding places`);
    }
    if (s.fixed === 'must_keep' && dec.open[s.index].some((o) => !o)) problems.push(`must-keep school ${s.code} closed`);
    if (s.fixed === 'must_close' && dec.open[s.index][target]) problems.push(`must-close school ${s.code} open in ${years[target]}`);
    if (s.mode === 'open' && dec.open[s.index].some((o) => !o)) problems.push(`${s.code} (${s.fixed}) closed`);
  }
  const byCounty = new Map<string, number[]>();
  for (const s of schools) byCounty.set(s.countyCode ?? '', [...(byCounty.get(s.countyCode ?? '') ?? []), s.index]);
  for (const [county, list] of byCounty) {
    for (let t = 0; t < n; t++) {
      const closing = list.filter((s) => closureIndex(dec, s) === t).length;
      if (closing > opt.maxClosuresPerCountyPerYear)
        problems.push(`county ${county} closes ${closing} schools in ${years[t]}, at most ${opt.maxClosuresPerCountyPerYear}`);
    }
  }
  if (opt.rezoning) {
    let total = 0;
    const out = schools.map(() => 0);
    for (const a of arcs) {
      if (a.kind !== 'rezone') continue;
      const x = flows[a.index][target];
      total += x;
      const from = demands[a.demand].current!;
      out[from] += schools[from].enrolmentFactor[demands[a.demand].stage] * x;
    }
    if (!near(total, opt.rezoning.maxPupils)) problems.push(`${fmt(total)} pupils re-zoned, at most ${opt.rezoning.maxPupils}`);
    for (const s of schools) {
      if (out[s.index] <= 0) continue;
      if (st.statusQuo[s.index] - out[s.index] < T - PLAN_TOLERANCE * T) problems.push(`re-zoning takes ${s.code} under ${T}`);
    }
  }
  const small = plans.filter((p) => p.smallAfter).length;
  if (enforceCap && small > opt.maxSmallSchools)
    problems.push(`${small} small schools open in ${years[target]}, at most ${opt.maxSmallSchools} allowed`);
  for (const [a, b] of opt.mergePairs) {
    const ia = schools.findIndex((s) => s.code === a);
    const ib = schools.findIndex((s) => s.code === b);
    if (Number(dec.open[ia][n - 1]) + Number(dec.open[ib][n - 1]) !== 1) problems.push(`merge pair ${a}/${b}: exactly one must close`);
  }
  for (const [t, list] of st.townshipPrimaries) {
    if (!list.some((i) => dec.open[i][n - 1])) problems.push(`township ${t} keeps no primary school`);
  }
  return { ok: problems.length === 0, problems };
}
