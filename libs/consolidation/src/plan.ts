import type { Feature, LineString } from 'geojson';
import type { Formulation, Structure } from './formulation';
import { PLAN_TOLERANCE, fmt } from './formulation';
import type { Instance } from './instance';
import type {
  ConsolidationKpis,
  ConsolidationPlan,
  GradeBand,
  PlanCheck,
  PlannedStage,
  SchoolPlan,
  TransferFeature,
  VillagePlan,
} from './types';

// Flows below this many pupils are solver noise.
const MIN_FLOW = 1e-6;

/** Decisions read from solver values: open schools, pupils per arc, added classes per school and stage. */
export interface Decisions {
  open: boolean[];
  flow: number[];
  extra: Array<Record<PlannedStage, number>>;
}

export function readDecisions(inst: Instance, form: Formulation, values: readonly number[]): Decisions {
  const open = inst.schools.map((s) => (s.mode === 'var' ? values[form.open[s.index]!] > 0.5 : s.mode === 'open'));
  const flow = form.arcVar.map((v) => {
    const x = values[v];
    return x > MIN_FLOW ? x : 0;
  });
  const extra = form.expansion.map((e) => ({
    primary: e.primary === null ? 0 : Math.round(values[e.primary]),
    junior: e.junior === null ? 0 : Math.round(values[e.junior]),
  }));
  return { open, flow, extra };
}

/**
 * The plan of a set of decisions: per school, per unit flow, KPIs, GeoJSON transfer lines and the plan's own
 * re-check. `enforceCap` false skips the small-school cap in the check (the minimum-small plan of an explanation).
 */
export function buildPlan(inst: Instance, st: Structure, dec: Decisions, enforceCap: boolean): ConsolidationPlan {
  const { schools, demands, arcs, units, options: opt } = inst;
  const T = opt.smallSchoolThreshold;
  const smallBelow = T - PLAN_TOLERANCE * Math.max(1, T);

  const schoolPlans: SchoolPlan[] = schools.map((s) => {
    const into = inst.arcsInto[s.index];
    let kept = 0;
    let pupilsIn = 0;
    let boarders = 0;
    const received = new Set<string>();
    for (const a of into) {
      const x = dec.flow[a];
      if (x <= 0) continue;
      if (arcs[a].statusQuo) kept += x;
      else {
        pupilsIn += x;
        received.add(units[demands[arcs[a].demand].unit].code);
      }
      if (arcs[a].boarding) boarders += x;
    }
    let statusQuo = s.otherEnrolment;
    let catchment = 0;
    for (const d of demands) {
      if (d.current === s.index) {
        statusQuo += d.pupils;
        catchment += d.pupils;
      }
    }
    const isOpen = dec.open[s.index];
    const enrolmentAfter = isOpen ? s.otherEnrolment + kept + pupilsIn : 0;
    return {
      code: s.code,
      name: s.record.name,
      townshipCode: s.townshipCode,
      stages: [...s.stages],
      decision: isOpen ? 'keep' : 'close',
      fixed: s.fixed,
      enrolmentToday: s.record.enrolment,
      enrolmentStatusQuo: statusQuo,
      enrolmentAfter,
      smallAfter: isOpen && enrolmentAfter < smallBelow,
      pupilsKept: kept,
      pupilsOut: Math.max(0, catchment - kept),
      pupilsIn,
      villagesReceived: [...received].sort(),
      extraClasses: { ...dec.extra[s.index] },
      seatsAfter: {
        primary: isOpen && s.stages.includes('primary') ? s.seats.primary + s.norm.primary * dec.extra[s.index].primary : 0,
        junior: isOpen && s.stages.includes('junior') ? s.seats.junior + s.norm.junior * dec.extra[s.index].junior : 0,
      },
      newBoarders: boarders,
    };
  });

  const villages: VillagePlan[] = [];
  const transfers = new Map<string, TransferFeature>();
  let travelCost = 0;
  let moveCost = 0;
  let afterPupilKm = 0;
  let afterPupils = 0;
  let maxAfter = 0;
  let moved = 0;
  let newBoarders = 0;
  for (const a of arcs) {
    const x = dec.flow[a.index];
    if (x <= 0) continue;
    const d = demands[a.demand];
    const unit = units[d.unit];
    const school = schools[a.school];
    const from = d.current === null ? null : schools[d.current].code;
    villages.push({
      unitCode: unit.code,
      unitName: unit.name,
      townshipCode: unit.townshipCode,
      band: d.band,
      stage: d.stage,
      fromSchool: from,
      toSchool: school.code,
      distanceBeforeKm: d.currentKm,
      distanceAfterKm: a.km,
      minutesBefore: d.currentMinutes,
      minutesAfter: a.minutes,
      travelSource: inst.travelSource,
      pupils: x,
      moved: !a.statusQuo,
      boarding: a.boarding,
    });
    travelCost += opt.travelCostPerPupilKm * opt.bandTravelWeight[d.band] * a.km * x;
    if (!a.statusQuo) moveCost += opt.moveCostPerPupil * x;
    afterPupilKm += a.km * x;
    afterPupils += x;
    maxAfter = Math.max(maxAfter, a.km);
    if (a.boarding) newBoarders += x;
    if (!a.statusQuo) {
      moved += x;
      const key = `${unit.code}>${school.code}`;
      const feature: TransferFeature = transfers.get(key) ?? {
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: [[...unit.position], [...school.position]] },
        properties: { unitCode: unit.code, unitName: unit.name, fromSchool: from, toSchool: school.code, pupils: 0, pupilsByBand: {}, distanceKm: a.km },
      };
      feature.properties.pupils += x;
      feature.properties.pupilsByBand[d.band] = (feature.properties.pupilsByBand[d.band] ?? 0) + x;
      transfers.set(key, feature);
    }
  }
  villages.sort((p, q) => p.unitCode.localeCompare(q.unitCode) || bandOrder(p.band) - bandOrder(q.band) || p.toSchool.localeCompare(q.toSchool));

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
  const openCount = dec.open.filter(Boolean).length;
  const extraClasses = dec.extra.reduce((n, e) => n + e.primary + e.junior, 0);
  const operating = opt.fixedCostPerSchool * openCount;
  const expansion = opt.expansionCostPerClass * extraClasses;
  const kpis: ConsolidationKpis = {
    smallSchoolsToday: schools.filter((s) => s.record.enrolment < T).length,
    smallSchoolsStatusQuo: schoolPlans.filter((s) => s.enrolmentStatusQuo < smallBelow).length,
    smallSchoolsAfter: schoolPlans.filter((s) => s.smallAfter).length,
    schoolsClosed: schoolPlans.filter((s) => s.decision === 'close').length,
    pupils,
    pupilsMoved: moved,
    newBoarders,
    extraClasses,
    meanTravelBeforeKm: beforePupils > 0 ? beforePupilKm / beforePupils : 0,
    maxTravelBeforeKm: maxBefore,
    meanTravelAfterKm: afterPupils > 0 ? afterPupilKm / afterPupils : 0,
    maxTravelAfterKm: maxAfter,
    cost: { travel: travelCost, moves: moveCost, operating, expansion, total: travelCost + moveCost + operating + expansion },
  };
  const features: Array<Feature<LineString, TransferFeature['properties']>> = [...transfers.values()];
  return {
    targetYear: inst.targetYear,
    schools: schoolPlans,
    villages,
    kpis,
    transfers: { type: 'FeatureCollection', features },
    check: checkPlan(inst, st, dec, schoolPlans, enforceCap),
  };
}

function bandOrder(b: GradeBand): number {
  return b === 'lower' ? 0 : b === 'upper' ? 1 : 2;
}

/**
 * Re-checks a plan against the rules directly (not through the solver's model): every pupil placed on an allowed
 * arc, nothing sent to a closed school, seats and boarding places, building limits, the small-school cap, must-keep
 * and must-close, and the township rule.
 */
export function checkPlan(inst: Instance, st: Structure, dec: Decisions, plans: readonly SchoolPlan[], enforceCap: boolean): PlanCheck {
  const { schools, demands, arcs, units, options: opt } = inst;
  const problems: string[] = [];
  const near = (value: number, limit: number): boolean => value <= limit + PLAN_TOLERANCE * Math.max(1, Math.abs(limit));
  for (const d of demands) {
    const placed = d.arcs.reduce((n, a) => n + dec.flow[a], 0);
    if (Math.abs(placed - d.pupils) > PLAN_TOLERANCE * Math.max(1, d.pupils)) {
      problems.push(`${units[d.unit].code}/${d.band}: ${fmt(placed)} of ${fmt(d.pupils)} pupils placed`);
    }
  }
  for (const a of arcs) {
    const x = dec.flow[a.index];
    if (x <= 0) continue;
    const s = schools[a.school];
    const d = demands[a.demand];
    if (!dec.open[s.index]) problems.push(`${fmt(x)} pupils of ${units[d.unit].code} sent to closed school ${s.code}`);
    if (!a.statusQuo) {
      const limit = d.band !== 'lower' && s.boardingPlaces > 0 ? Math.max(opt.boardingTravelKm, opt.dayTravelKm) : opt.dayTravelKm;
      if (a.km > limit + 1e-9) problems.push(`${units[d.unit].code}/${d.band} moved ${a.km.toFixed(2)} km to ${s.code}, beyond ${limit} km`);
    }
  }
  for (const s of schools) {
    const plan = plans[s.index];
    const extra = dec.extra[s.index];
    if (!dec.open[s.index] && extra.primary + extra.junior > 0) problems.push(`closed school ${s.code} adds classes`);
    if (extra.primary + extra.junior > s.room) problems.push(`${s.code} adds ${extra.primary + extra.junior} classes, room for ${s.room}`);
    for (const p of s.stages) {
      const assigned = inst.arcsInto[s.index].filter((a) => demands[arcs[a].demand].stage === p).reduce((n, a) => n + dec.flow[a], 0);
      if (!near(assigned, plan.seatsAfter[p])) problems.push(`${s.code} ${p}: ${fmt(assigned)} pupils for ${fmt(plan.seatsAfter[p])} seats`);
    }
    if (!near(plan.newBoarders, dec.open[s.index] ? s.boardingPlaces : 0)) {
      problems.push(`${s.code}: ${fmt(plan.newBoarders)} new boarders for ${s.boardingPlaces} boarding places`);
    }
    if (s.fixed === 'must_keep' && !dec.open[s.index]) problems.push(`must-keep school ${s.code} closed`);
    if (s.fixed === 'must_close' && dec.open[s.index]) problems.push(`must-close school ${s.code} open`);
  }
  const small = plans.filter((p) => p.smallAfter).length;
  if (enforceCap && small > opt.maxSmallSchools) problems.push(`${small} small schools open, at most ${opt.maxSmallSchools} allowed`);
  for (const [t, list] of st.townshipPrimaries) {
    if (!list.some((i) => dec.open[i])) problems.push(`township ${t} keeps no primary school`);
  }
  return { ok: problems.length === 0, problems };
}
