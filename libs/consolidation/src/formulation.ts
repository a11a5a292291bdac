import { isUnderThreshold } from '@app/domain';
import { Model } from '@app/optimizer';
import type { Instance } from './instance';
import type { InfeasibilityFinding, PlannedStage } from './types';

const STAGES: readonly PlannedStage[] = ['primary', 'junior'];

/**
 * What can be read off the instance without a solver: each school's own pupils, the pupils of closable schools in
 * reach, the most it could enrol in the target year, which schools must stay open and which are small whatever
 * happens. Used to shrink the model, for the prechecks and for explanations.
 */
export interface Structure {
  /** Target-year pupils of each school's own catchment per stage (the status quo). */
  own: Array<Record<PlannedStage, number>>;
  /** Own pupils per stage and model year. */
  ownByYear: Array<Record<PlannedStage, number[]>>;
  /** Free seats per stage and model year for pupils from elsewhere: max(0, seats - own pupils). */
  spare: Array<Record<PlannedStage, number[]>>;
  /** Target-year pupils on the closure arcs into each school, per stage (re-zoned pupils never count). */
  reachByStage: Array<Record<PlannedStage, number>>;
  /** Upper bound of each school's target-year enrolment: other stages + own + min(reach, spare + room). */
  maxEnrolment: number[];
  /** Demand indices of a closable school with no other school in reach (they keep it open). */
  captive: number[][];
  captivePupils: number[];
  /**
   * Per school: 'var' (binary small indicator), 'always' (small whenever open), 'never' (its own pupils make T),
   * 'exempt' (a teaching point not counted), 'closed' (must close by the target year).
   */
  smallKind: Array<'var' | 'always' | 'never' | 'exempt' | 'closed'>;
  /** Target-year compulsory pupils per school if every unit kept its current school (other stages not counted). */
  statusQuo: number[];
  /** Why each school must stay open whatever the plan, or null. */
  forcedOpen: Array<'must_keep' | 'large' | 'planned' | 'other_stages' | 'sole_school_in_reach' | 'township_rule' | null>;
  /** Open schools that are small in every plan: a lower bound on the small-school count. */
  forcedSmall: number[];
  /** Non-waived townships -> indices of their primary schools that may be open. */
  townshipPrimaries: Map<string, number[]>;
  /** Findings that make the model infeasible before any solve (no school in reach, ...). */
  fatal: InfeasibilityFinding[];
}

/** Relative tolerance of "below the threshold" and plan checks. */
export const PLAN_TOLERANCE = 1e-5;

export function analyse(inst: Instance): Structure {
  const { schools, demands, arcs, units, years, target, options: opt } = inst;
  const T = opt.smallSchoolThreshold;
  const n = years.length;
  const own = schools.map(() => ({ primary: 0, junior: 0 }));
  const ownByYear = schools.map(() => ({ primary: Array(n).fill(0) as number[], junior: Array(n).fill(0) as number[] }));
  const reachByStage = schools.map(() => ({ primary: 0, junior: 0 }));
  const captive: number[][] = schools.map(() => []);
  const captivePupils = schools.map(() => 0);
  const fatal: InfeasibilityFinding[] = [];
  for (const d of demands) {
    if (d.current !== null) {
      own[d.current][d.stage] += d.pupils;
      for (let t = 0; t < n; t++) ownByYear[d.current][d.stage][t] += d.pupilsByYear[t];
    }
    let moves = 0;
    for (const a of d.arcs) {
      if (arcs[a].kind === 'stay') continue;
      moves++;
      if (arcs[a].kind === 'closure') reachByStage[arcs[a].school][d.stage] += d.pupils;
    }
    const current = d.current === null ? null : schools[d.current];
    if (current === null) {
      fatal.push({
        limit: 'no_school_in_reach',
        townshipCode: units[d.unit].townshipCode,
        unitCodes: [units[d.unit].code],
        band: d.band,
        pupils: d.pupils,
        message: `${fmt(d.pupils)} ${d.band} pupils of ${units[d.unit].code} (${units[d.unit].name}) have no ${d.stage} school`,
      });
    } else if (current.mode !== 'open' && moves === 0) {
      if (current.mode === 'closed') {
        const unit = units[d.unit];
        fatal.push({
          limit: 'no_school_in_reach',
          townshipCode: unit.townshipCode,
          unitCodes: [unit.code],
          band: d.band,
          pupils: d.pupils,
          message:
            `${fmt(d.pupils)} ${d.band} pupils of ${unit.code} (${unit.name}) lose ${current.code} (must close) and have no ` +
            `other ${d.stage} school within reach in the county`,
        });
      } else {
        captive[current.index].push(d.index);
        captivePupils[current.index] += d.pupils;
      }
    }
  }
  const spare = schools.map((s) => ({
    primary: ownByYear[s.index].primary.map((v) => Math.max(0, s.seats.primary - v)),
    junior: ownByYear[s.index].junior.map((v) => Math.max(0, s.seats.junior - v)),
  }));
  // Compulsory pupils only, as the world's indicators count them (isUnderThreshold of @app/domain).
  const statusQuo = schools.map((s) => s.enrolmentFactor.primary * own[s.index].primary + s.enrolmentFactor.junior * own[s.index].junior);
  const maxEnrolment = schools.map((s) => {
    if (s.mode === 'closed') return 0;
    let total = statusQuo[s.index];
    for (const p of STAGES)
      if (s.stages.includes(p))
        total += s.enrolmentFactor[p] * Math.min(reachByStage[s.index][p], spare[s.index][p][target] + s.norm[p] * s.room);
    return total;
  });

  // Township rule.
  const townshipPrimaries = new Map<string, number[]>();
  const allPrimaries = new Map<string, number[]>();
  if (opt.keepPrimaryPerTownship) {
    const waived = new Set(opt.townshipWaivers);
    for (const s of schools) {
      if (!s.stages.includes('primary') || s.townshipCode === null || waived.has(s.townshipCode)) continue;
      allPrimaries.set(s.townshipCode, [...(allPrimaries.get(s.townshipCode) ?? []), s.index]);
      if (s.mode !== 'closed') townshipPrimaries.set(s.townshipCode, [...(townshipPrimaries.get(s.townshipCode) ?? []), s.index]);
    }
    for (const [t, list] of allPrimaries) {
      if (!townshipPrimaries.has(t)) {
        fatal.push({
          limit: 'township_all_closed',
          townshipCode: t,
          message:
            `township ${t} keeps at least one primary school, but all of its primary schools ` +
            `(${list.map((i) => schools[i].code).join(', ')}) are on the must-close list`,
        });
      }
    }
  }

  const forcedOpen: Structure['forcedOpen'] = schools.map((s) => {
    if (s.mode === 'open') return s.fixed as 'must_keep' | 'large' | 'planned' | 'other_stages';
    if (s.mode === 'closed') return null;
    if (captive[s.index].length > 0) return 'sole_school_in_reach';
    return null;
  });
  for (const list of townshipPrimaries.values()) {
    if (list.length === 1 && forcedOpen[list[0]] === null) forcedOpen[list[0]] = 'township_rule';
  }
  const smallKind: Structure['smallKind'] = schools.map((s) => {
    if (s.mode === 'closed') return 'closed';
    if (opt.teachingPointsExempt && s.teachingPoint) return 'exempt';
    if (isUnderThreshold(maxEnrolment[s.index], T)) return 'always';
    // Open schools lose pupils only to re-zoning, which never takes one under T.
    if (!isUnderThreshold(statusQuo[s.index], T)) return 'never';
    return 'var';
  });
  const forcedSmall = schools.filter((s) => forcedOpen[s.index] !== null && smallKind[s.index] === 'always').map((s) => s.index);
  return {
    own,
    ownByYear,
    spare,
    reachByStage,
    statusQuo,
    maxEnrolment,
    captive,
    captivePupils,
    smallKind,
    forcedOpen,
    forcedSmall,
    townshipPrimaries,
    fatal,
  };
}

/**
 * Which model to build: 'plan' (the consolidation MILP), 'min_small' (the same limits without the cap N, minimising
 * the number of open small schools) or 'elastic' (capacity, boarding, closure-rate and township rows made elastic,
 * minimising the shortfall: says where those limits bind when even 'min_small' is infeasible).
 */
export type Variant = 'plan' | 'min_small' | 'elastic';

/** What an elastic shortfall stands for: seats, boarding places, a township's primary school, closures per year. */
export type SlackKind = 'seats' | 'boarding' | 'township' | 'size' | 'closures';

/** A built MILP with the indices needed to read a solution back. */
export interface Formulation {
  variant: Variant;
  model: Model;
  /** Open binary per school and model year, or null when the school is kept open (mode 'open'). */
  open: Array<number[] | null>;
  /** Small-indicator binary per school (smallKind 'var'), else null. */
  small: Array<number | null>;
  /** Closure arcs: share of the unit band on the arc per model year; null for other arcs. */
  share: Array<number[] | null>;
  /** Re-zoning arcs: share of the unit band re-zoned (every year from the first); null for other arcs. */
  rezone: Array<number | null>;
  /** Cumulative added classes per school, stage and model year (null where none may be added). */
  expansion: Array<Record<PlannedStage, Array<number | null>>>;
  /** Elastic variant: shortfall variables and what they stand for. */
  slacks: Array<{
    variable: number;
    kind: SlackKind;
    school?: number;
    stage?: PlannedStage;
    township?: string;
    county?: string;
    year?: number;
  }>;
}

type Terms = Array<[number, number]>;

/**
 * Builds the multi-period MILP documented on {@link ConsolidationModel}; `cap` replaces N (the explanation's
 * cheapest plan at the smallest reachable count).
 */
export function buildFormulation(inst: Instance, st: Structure, variant: Variant, cap = inst.options.maxSmallSchools): Formulation {
  const { schools, demands, arcs, arcsInto, years, target, options: opt } = inst;
  const T = opt.smallSchoolThreshold;
  const n = years.length;
  const last = n - 1;
  const model = new Model('min');
  const plan = variant === 'plan';
  const F = plan ? opt.fixedCostPerSchool : 0;
  const E = plan ? opt.expansionCostPerClass : 0;
  const M = plan ? opt.moveCostPerPupil : 0;
  const travel = (band: keyof typeof opt.bandTravelWeight, km: number): number =>
    plan ? opt.travelCostPerPupilKm * opt.bandTravelWeight[band] * km : 0;

  // Open binaries; a must-close school is closed from the target year on.
  const open: Formulation['open'] = schools.map((s) =>
    s.mode === 'open'
      ? null
      : years.map((y, t) =>
          model.addVariable({ kind: 'binary', upper: s.mode === 'closed' && t >= target ? 0 : 1, cost: F, label: `open[${s.code}/${y}]` }),
        ),
  );
  if (plan) model.objectiveConstant += F * n * schools.filter((s) => s.mode === 'open').length;
  /** open_{s,t} as terms plus a constant (1 for kept schools). */
  const openAt = (s: number, t: number, coef = 1): { terms: Terms; constant: number } => {
    const o = open[s];
    return o === null ? { terms: [], constant: coef } : { terms: [[o[t], coef]], constant: 0 };
  };
  const row = (terms: Terms, constant: number, sense: '<=' | '>=' | '=', rhs: number, label: string): void => {
    model.addConstraint(terms, sense, rhs - constant, label);
  };
  for (const s of schools) {
    const o = open[s.index];
    if (o)
      for (let t = 1; t < n; t++)
        model.addConstraint(
          [
            [o[t], 1],
            [o[t - 1], -1],
          ],
          '<=',
          0,
          `stays-closed[${s.code}/${years[t]}]`,
        );
  }

  // Stayers' travel and the one-off move cost, as terms on open_{c,t} (see the TSDoc for the telescoped sum).
  for (const d of demands) {
    if (d.current === null || d.currentKm === null) continue;
    const o = open[d.current];
    const D = d.pupilsByYear;
    if (o === null) {
      if (plan) for (let t = 0; t < n; t++) model.objectiveConstant += travel(d.band, d.currentKm) * D[t];
      continue;
    }
    model.objectiveConstant += M * D[0];
    for (let t = 0; t < n; t++) {
      const moveCoef = t < last ? M * (D[t + 1] - D[t]) : -M * D[t];
      model.addObjectiveTerm(o[t], travel(d.band, d.currentKm) * D[t] + moveCoef);
    }
  }

  const share: Formulation['share'] = arcs.map(() => null);
  const rezone: Formulation['rezone'] = arcs.map(() => null);
  const label = (a: number): string =>
    `${inst.units[demands[arcs[a].demand].unit].code}/${demands[arcs[a].demand].band}->${schools[arcs[a].school].code}`;
  for (const a of arcs) {
    const d = demands[a.demand];
    if (a.kind === 'closure') {
      share[a.index] = years.map((y, t) =>
        model.addVariable({ upper: 1, cost: travel(d.band, a.km) * d.pupilsByYear[t], label: `g[${label(a.index)}/${y}]` }),
      );
    } else if (a.kind === 'rezone') {
      const source = d.current === null ? null : schools[d.current];
      // Never from a school under T (in the target-year status quo).
      const allowed = source !== null && st.statusQuo[source.index] >= T;
      let cost = M * d.pupilsByYear[0];
      for (let t = 0; t < n; t++) cost += travel(d.band, a.km - (d.currentKm ?? 0)) * d.pupilsByYear[t];
      rezone[a.index] = model.addVariable({ upper: allowed ? 1 : 0, cost: plan ? cost : 0, label: `h[${label(a.index)}]` });
    }
  }

  const slacks: Formulation['slacks'] = [];
  const elastic = (kind: SlackKind, name: string, extra: Omit<Formulation['slacks'][number], 'variable' | 'kind'>): number => {
    // A seat short costs 1, a township without a primary school or a closure over K as much as 1,000 seats.
    const variable = model.addVariable({ cost: kind === 'township' || kind === 'closures' ? 1000 : 1, label: `short[${name}]` });
    slacks.push({ variable, kind, ...extra });
    return variable;
  };

  // (1) placement: when the current school is closed, the unit band's shares sum to one; (2) once moved, stay.
  const rezoneOut = new Map<number, number[]>();
  for (const d of demands) {
    if (d.current === null) continue;
    const o = open[d.current];
    const closures = d.arcs.filter((a) => share[a] !== null);
    const rez = d.arcs.filter((a) => rezone[a] !== null);
    if (rez.length) {
      model.addConstraint(
        rez.map((a) => [rezone[a]!, 1]),
        '<=',
        1,
        `rezone-once[${inst.units[d.unit].code}/${d.band}]`,
      );
      rezoneOut.set(d.current, [...(rezoneOut.get(d.current) ?? []), ...rez]);
    }
    if (o === null) continue;
    for (let t = 0; t < n; t++) {
      // Σ_a g_{a,t} + open_{c,t} = 1 (no closure arc: the school stays open).
      model.addConstraint(
        [...closures.map((a): [number, number] => [share[a]![t], 1]), [o[t], 1]],
        '=',
        1,
        `place[${inst.units[d.unit].code}/${d.band}/${years[t]}]`,
      );
    }
    for (const a of closures)
      for (let t = 0; t < last; t++)
        model.addConstraint(
          [
            [share[a]![t], 1],
            [share[a]![t + 1], -1],
          ],
          '<=',
          0,
          `stay-moved[${label(a)}/${years[t]}]`,
        );
  }

  // (2b) strengthening: a share into a school that may close is at most its open binary (implied by the seat rows
  // for integer o, but it tightens the LP relaxation).
  // On the demo city with 10 km day travel it cut the solve from 44 s to 28 s.
  for (const a of arcs) {
    const o = open[a.school];
    if (o === null || share[a.index] === null) continue;
    for (let t = 0; t < n; t++)
      model.addConstraint(
        [
          [share[a.index]![t], 1],
          [o[t], -1],
        ],
        '<=',
        0,
        `link[${label(a.index)}/${years[t]}]`,
      );
  }

  // (3) receiving seats per stage and year, with added classes ready the year before they are used.
  const firstBuild = years.findIndex((y) => y >= inst.baseYear + 2);
  const expansion: Formulation['expansion'] = schools.map(() => ({ primary: years.map(() => null), junior: years.map(() => null) }));
  for (const s of schools) {
    if (s.mode === 'closed') continue;
    const into = arcsInto[s.index].filter((a) => arcs[a].kind !== 'stay');
    if (into.length === 0) continue;
    for (const p of s.stages) {
      const flows = into.filter((a) => demands[arcs[a].demand].stage === p);
      if (flows.length === 0) continue;
      let useful = 0;
      for (let t = 0; t < n; t++) {
        const inReach = flows.reduce((sum, a) => sum + demands[arcs[a].demand].pupilsByYear[t], 0);
        useful = Math.max(useful, Math.ceil((inReach - st.spare[s.index][p][t]) / s.norm[p] - 1e-9));
      }
      const upper = Math.min(s.room, useful);
      for (let t = 0; t < n; t++) {
        const terms: Terms = flows.map((a) => [share[a] !== null ? share[a]![t] : rezone[a]!, demands[arcs[a].demand].pupilsByYear[t]]);
        if (upper > 0 && firstBuild >= 0 && t >= firstBuild) {
          const e = model.addVariable({ kind: 'integer', upper, cost: E, label: `classes[${s.code}/${p}/${years[t]}]` });
          expansion[s.index][p][t] = e;
          terms.push([e, -s.norm[p]]);
          const prev = expansion[s.index][p][t - 1];
          if (t > firstBuild && prev !== null && prev !== undefined)
            model.addConstraint(
              [
                [prev, 1],
                [e, -1],
              ],
              '<=',
              0,
              `classes-kept[${s.code}/${p}/${years[t]}]`,
            );
        }
        if (variant === 'elastic')
          terms.push([elastic('seats', `${s.code}/${p}/${years[t]}`, { school: s.index, stage: p, year: years[t] }), -1]);
        const cap = openAt(s.index, t, -st.spare[s.index][p][t]);
        row([...terms, ...cap.terms], cap.constant, '<=', 0, `seats[${s.code}/${p}/${years[t]}]`);
      }
    }
    for (let t = 0; t < n; t++) {
      const extras = s.stages.map((p) => expansion[s.index][p][t]).filter((e): e is number => e !== null);
      if (extras.length === 0) continue;
      // (4) added classes within the building limit, only while open
      const o = openAt(s.index, t, -s.room);
      if (o.terms.length === 0 && extras.length === 1) continue;
      row([...extras.map((e): [number, number] => [e, 1]), ...o.terms], o.constant, '<=', 0, `room[${s.code}/${years[t]}]`);
    }
    // (5) boarding places for moves beyond the day limit
    const boarders = into.filter((a) => arcs[a].boarding);
    if (boarders.length > 0) {
      for (let t = 0; t < n; t++) {
        const terms: Terms = boarders.map((a) => [share[a] !== null ? share[a]![t] : rezone[a]!, demands[arcs[a].demand].pupilsByYear[t]]);
        if (variant === 'elastic') terms.push([elastic('boarding', `${s.code}/${years[t]}`, { school: s.index, year: years[t] }), -1]);
        const o = openAt(s.index, t, -s.boardingPlaces);
        row([...terms, ...o.terms], o.constant, '<=', 0, `boarding[${s.code}/${years[t]}]`);
      }
    }
  }

  // (6) re-zoning: bounded in total, and no source falls under T in the target year.
  if (opt.rezoning) {
    const all = arcs.filter((a) => rezone[a.index] !== null);
    if (all.length)
      model.addConstraint(
        all.map((a) => [rezone[a.index]!, demands[a.demand].pupils]),
        '<=',
        opt.rezoning.maxPupils,
        'rezoning-limit',
      );
    for (const [s, out] of rezoneOut) {
      const school = schools[s];
      // A school under T sends nobody (its arcs have upper bound 0).
      if (st.statusQuo[s] < T) continue;
      const terms: Terms = out.map((a) => [
        rezone[a]!,
        -school.enrolmentFactor[demands[arcs[a].demand].stage] * demands[arcs[a].demand].pupils,
      ]);
      if (variant === 'elastic') terms.push([elastic('size', school.code, { school: s }), 1]);
      model.addConstraint(terms, '>=', T - st.statusQuo[s], `rezone-keeps-T[${school.code}]`);
    }
  }

  // (7) small-school indicators in the target year and the cap
  const small: Array<number | null> = schools.map(() => null);
  const capTerms: Terms = [];
  let alwaysOpenSmall = 0;
  for (const s of schools) {
    const kind = st.smallKind[s.index];
    if (variant === 'elastic' || kind === 'never' || kind === 'exempt' || kind === 'closed') continue;
    const o = open[s.index];
    if (kind === 'always') {
      if (o === null) alwaysOpenSmall++;
      else capTerms.push([o[target], 1]);
      continue;
    }
    // enrolment_s = other + own x open_s + Σ in - Σ rezoned out >= T (open_s - z_s), z_s <= open_s
    const z = model.addVariable({ kind: 'binary', label: `small[${s.code}]` });
    small[s.index] = z;
    capTerms.push([z, 1]);
    // Re-zoned pupils do not count: a school stops being small by its own pupils and those of closed schools.
    const terms: Terms = [[z, T]];
    // Counted as the world counts enrolment: placed pupils x the school's enrolment factor of their stage.
    const f = (a: number): number => s.enrolmentFactor[demands[arcs[a].demand].stage] * demands[arcs[a].demand].pupils;
    for (const a of arcsInto[s.index]) if (share[a] !== null) terms.push([share[a]![target], f(a)]);
    for (const a of rezoneOut.get(s.index) ?? []) terms.push([rezone[a]!, -f(a)]);
    // The row reads "not small" as enrolment >= T (1 - tolerance), the line isUnderThreshold draws.
    const line = T - PLAN_TOLERANCE * Math.max(1, T);
    const own = st.statusQuo[s.index];
    if (o === null)
      model.addConstraint(
        terms.map(([v, c]): [number, number] => [v, v === z ? line : c]),
        '>=',
        line - own,
        `size[${s.code}]`,
      );
    else {
      model.addConstraint(
        [...terms.map(([v, c]): [number, number] => [v, v === z ? line : c]), [o[target], own - line]],
        '>=',
        0,
        `size[${s.code}]`,
      );
      model.addConstraint(
        [
          [z, 1],
          [o[target], -1],
        ],
        '<=',
        0,
        `small-if-open[${s.code}]`,
      );
    }
  }
  if (plan) model.addConstraint(capTerms, '<=', cap - alwaysOpenSmall, 'small-school cap');
  else if (variant === 'min_small') {
    for (const [v, c] of capTerms) model.addObjectiveTerm(v, c);
    model.objectiveConstant += alwaysOpenSmall;
  }

  // (8) at most K closures per county and year
  const byCounty = new Map<string, number[]>();
  for (const s of schools) if (open[s.index]) byCounty.set(s.countyCode ?? '', [...(byCounty.get(s.countyCode ?? '') ?? []), s.index]);
  for (const [county, list] of byCounty) {
    if (list.length <= opt.maxClosuresPerCountyPerYear) continue;
    for (let t = 0; t < n; t++) {
      // Σ_s (open_{s,t-1} - open_{s,t}) <= K, open_{s,-1} = 1
      const terms: Terms = [];
      let constant = 0;
      for (const s of list) {
        terms.push([open[s]![t], -1]);
        if (t > 0) terms.push([open[s]![t - 1], 1]);
        else constant += 1;
      }
      if (variant === 'elastic') terms.push([elastic('closures', `${county}/${years[t]}`, { county, year: years[t] }), -1]);
      row(terms, constant, '<=', opt.maxClosuresPerCountyPerYear, `closures[${county}/${years[t]}]`);
    }
  }

  // (9) merge pairs: exactly one of the two closes within the window
  for (const [a, b] of opt.mergePairs) {
    const sa = schools.find((s) => s.code === a)!;
    const sb = schools.find((s) => s.code === b)!;
    const oa = openAt(sa.index, last);
    const ob = openAt(sb.index, last);
    row([...oa.terms, ...ob.terms], oa.constant + ob.constant, '=', 1, `merge[${a}/${b}]`);
  }

  // (10) every township keeps a primary school (closures are for good, so the last year decides)
  for (const [t, list] of st.townshipPrimaries) {
    if (list.some((i) => schools[i].mode === 'open')) continue;
    const terms: Terms = list.map((i) => [open[i]![last], 1]);
    if (variant === 'elastic') terms.push([elastic('township', t, { township: t }), 1]);
    model.addConstraint(terms, '>=', 1, `township-primary[${t}]`);
  }
  return { variant, model, open, small, share, rezone, expansion, slacks };
}

export function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}
