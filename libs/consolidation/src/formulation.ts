import { Model } from '@app/optimizer';
import type { Instance } from './instance';
import type { InfeasibilityFinding, PlannedStage } from './types';

const STAGES: readonly PlannedStage[] = ['primary', 'junior'];

/**
 * What can be read off the instance without a solver: pupils in reach of each school, the most it could enrol,
 * pupils with no other school (which force it open), which schools must stay open and which are small whatever
 * happens. Used to shrink the model, for the prechecks and for explanations.
 */
export interface Structure {
  /** Pupils (all bands) on the arcs into each school. */
  reach: number[];
  /** Upper bound of each school's target-year enrolment: other stages + min(reach, seats + room) per stage. */
  maxEnrolment: number[];
  /** Demand indices whose only candidate is this school. */
  captive: number[][];
  captivePupils: number[];
  /**
   * Per school: 'var' (binary small indicator), 'always' (small whenever open), 'never' (its captive pupils make T),
   * 'not_made_small' (at least T in the status quo: keeps T while open, see allowNewSmallSchools), 'closed'.
   */
  smallKind: Array<'var' | 'always' | 'never' | 'not_made_small' | 'closed'>;
  /** Target-year pupils per school if every unit kept its current school (other stages included). */
  statusQuo: number[];
  /** Pupils in reach per school and stage. */
  reachByStage: Array<Record<PlannedStage, number>>;
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
  const { schools, demands, arcs, units, options: opt } = inst;
  const T = opt.smallSchoolThreshold;
  const reach = schools.map(() => 0);
  const reachByStage = schools.map(() => ({ primary: 0, junior: 0 }));
  const captive: number[][] = schools.map(() => []);
  const captivePupils = schools.map(() => 0);
  const fatal: InfeasibilityFinding[] = [];
  for (const d of demands) {
    const unit = units[d.unit];
    for (const a of d.arcs) {
      reach[arcs[a].school] += d.pupils;
      reachByStage[arcs[a].school][d.stage] += d.pupils;
    }
    if (d.arcs.length === 1) {
      const s = arcs[d.arcs[0]].school;
      captive[s].push(d.index);
      captivePupils[s] += d.pupils;
    } else if (d.arcs.length === 0) {
      const current = d.current === null ? null : schools[d.current];
      fatal.push({
        limit: 'no_school_in_reach',
        townshipCode: unit.townshipCode,
        unitCodes: [unit.code],
        band: d.band,
        pupils: d.pupils,
        message: current
          ? `${fmt(d.pupils)} ${d.band} pupils of ${unit.code} (${unit.name}) lose ${current.code} (must close) and have no other ${d.stage} school within reach`
          : `${fmt(d.pupils)} ${d.band} pupils of ${unit.code} (${unit.name}) have no ${d.stage} school within reach`,
      });
    }
  }
  const maxEnrolment = schools.map((s) => {
    if (s.mode === 'closed') return 0;
    let total = s.otherEnrolment;
    for (const p of STAGES) if (s.stages.includes(p)) total += Math.min(reachByStage[s.index][p], s.seats[p] + s.norm[p] * s.room);
    return total;
  });

  // Capacity the captive pupils alone exceed.
  for (const s of schools) {
    if (s.mode === 'closed') continue;
    for (const p of STAGES) {
      const need = captive[s.index].filter((d) => demands[d].stage === p).reduce((n, d) => n + demands[d].pupils, 0);
      const most = s.seats[p] + s.norm[p] * s.room;
      if (need > most * (1 + PLAN_TOLERANCE) + PLAN_TOLERANCE) {
        fatal.push({
          limit: 'capacity_short',
          townshipCode: s.townshipCode,
          schoolCode: s.code,
          pupils: need - most,
          message: `${s.code} is the only ${p} school in reach of ${fmt(need)} pupils but holds at most ${fmt(most)} even with ${s.room} added classes`,
        });
      }
    }
  }

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
          message: `township ${t} keeps at least one primary school, but all of its primary schools (${list.map((i) => schools[i].code).join(', ')}) are on the must-close list`,
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
  const statusQuo = schools.map((s) => s.otherEnrolment);
  for (const d of demands) if (d.current !== null) statusQuo[d.current] += d.pupils;
  const tol = PLAN_TOLERANCE * Math.max(1, T);
  const smallKind: Structure['smallKind'] = schools.map((s) => {
    if (s.mode === 'closed') return 'closed';
    if (maxEnrolment[s.index] < T - tol) return 'always';
    if (s.otherEnrolment + captivePupils[s.index] >= T) return 'never';
    if (!opt.allowNewSmallSchools && statusQuo[s.index] >= T) return 'not_made_small';
    return 'var';
  });
  const forcedSmall = schools.filter((s) => forcedOpen[s.index] !== null && smallKind[s.index] === 'always').map((s) => s.index);
  return { reach, reachByStage, statusQuo, maxEnrolment, captive, captivePupils, smallKind, forcedOpen, forcedSmall, townshipPrimaries, fatal };
}

/**
 * Which model to build: 'plan' (the consolidation MILP), 'min_small' (the same limits without the cap N, minimising
 * the number of open small schools) or 'elastic' (capacity, boarding and township rows made elastic, minimising
 * the shortfall: says where those limits bind when even 'min_small' is infeasible).
 */
export type Variant = 'plan' | 'min_small' | 'elastic';

/** What an elastic shortfall stands for: seats, boarding places, a township's primary school, pupils under T. */
export type SlackKind = 'seats' | 'boarding' | 'township' | 'size';

/** A built MILP with the indices needed to read a solution back. */
export interface Formulation {
  variant: Variant;
  model: Model;
  /** Open/close binary per school, or null when the school is fixed (see its mode). */
  open: Array<number | null>;
  /** Small-indicator binary per school (smallKind 'var'), else null. */
  small: Array<number | null>;
  /** One pupil-flow variable per arc. */
  arcVar: number[];
  /** Added classes per school and stage, or null. */
  expansion: Array<Record<PlannedStage, number | null>>;
  /** Elastic variant: shortfall variables and what they stand for. */
  slacks: Array<{ variable: number; kind: SlackKind; school?: number; stage?: PlannedStage; township?: string }>;
}

/**
 * Builds the MILP documented on {@link ConsolidationModel}; `cap` replaces N (the explanation's cheapest plan at the
 * smallest reachable count). Assumes every demand pair has an arc.
 */
export function buildFormulation(inst: Instance, st: Structure, variant: Variant, cap = inst.options.maxSmallSchools): Formulation {
  const { schools, demands, arcs, arcsInto, options: opt } = inst;
  const T = opt.smallSchoolThreshold;
  const model = new Model('min');
  const plan = variant === 'plan';
  const F = plan ? opt.fixedCostPerSchool : 0;
  const E = plan ? opt.expansionCostPerClass : 0;

  const open = schools.map((s) => (s.mode === 'var' ? model.addVariable({ kind: 'binary', cost: F, label: `open[${s.code}]` }) : null));
  if (plan) model.objectiveConstant += F * schools.filter((s) => s.mode === 'open').length;
  const arcVar = arcs.map((a) => {
    const d = demands[a.demand];
    const cost = plan ? opt.travelCostPerPupilKm * opt.bandTravelWeight[d.band] * a.km + (a.statusQuo ? 0 : opt.moveCostPerPupil) : 0;
    return model.addVariable({ upper: d.pupils, cost, label: `x[${inst.units[d.unit].code}/${d.band}->${schools[a.school].code}]` });
  });
  const slacks: Formulation['slacks'] = [];
  const elastic = (kind: SlackKind, label: string, extra: Omit<Formulation['slacks'][number], 'variable' | 'kind'>): number => {
    // A seat short costs 1, a township without a primary school as much as 1,000 seats.
    const variable = model.addVariable({ cost: kind === 'township' ? 1000 : 1, label: `short[${label}]` });
    slacks.push({ variable, kind, ...extra });
    return variable;
  };

  // (1) every pupil placed
  for (const d of demands) {
    model.addConstraint(
      d.arcs.map((a) => [arcVar[a], 1] as [number, number]),
      '=',
      d.pupils,
      `place[${inst.units[d.unit].code}/${d.band}]`,
    );
  }

  const expansion: Formulation['expansion'] = schools.map(() => ({ primary: null, junior: null }));
  for (const s of schools) {
    if (s.mode === 'closed') continue;
    const y = open[s.index];
    const into = arcsInto[s.index];
    // (2) capacity per stage, with added classes
    for (const p of s.stages) {
      const flows = into.filter((a) => demands[arcs[a].demand].stage === p);
      if (flows.length === 0) continue;
      const terms: Array<[number, number]> = flows.map((a) => [arcVar[a], 1]);
      // Added classes only where the pupils in reach exceed the seats, and no more than they could fill.
      const useful = Math.ceil((st.reachByStage[s.index][p] - s.seats[p]) / s.norm[p] - 1e-9);
      if (s.room > 0 && useful > 0) {
        const e = model.addVariable({ kind: 'integer', upper: Math.min(s.room, useful), cost: E, label: `extra[${s.code}/${p}]` });
        expansion[s.index][p] = e;
        terms.push([e, -s.norm[p]]);
      }
      if (variant === 'elastic') terms.push([elastic('seats', `${s.code}/${p}`, { school: s.index, stage: p }), -1]);
      if (y === null) model.addConstraint(terms, '<=', s.seats[p], `seats[${s.code}/${p}]`);
      else model.addConstraint([...terms, [y, -s.seats[p]]], '<=', 0, `seats[${s.code}/${p}]`);
    }
    // (4) added classes within the building limit, only when open
    const extras = s.stages.map((p) => expansion[s.index][p]).filter((e): e is number => e !== null);
    if (extras.length > 0 && (y !== null || extras.length > 1)) {
      const terms: Array<[number, number]> = extras.map((e) => [e, 1]);
      if (y === null) model.addConstraint(terms, '<=', s.room, `room[${s.code}]`);
      else model.addConstraint([...terms, [y, -s.room]], '<=', 0, `room[${s.code}]`);
    }
    // (3) strengthening: x_a <= d y_s
    if (y !== null) {
      for (const a of into) model.addConstraint([[arcVar[a], 1], [y, -demands[arcs[a].demand].pupils]], '<=', 0, `link[${arcVar[a]}]`);
    }
    // (5) boarding places for moves beyond the day distance
    const boarders = into.filter((a) => arcs[a].boarding);
    if (boarders.length > 0) {
      const terms: Array<[number, number]> = boarders.map((a) => [arcVar[a], 1]);
      if (variant === 'elastic') terms.push([elastic('boarding', s.code, { school: s.index }), -1]);
      if (y === null) model.addConstraint(terms, '<=', s.boardingPlaces, `boarding[${s.code}]`);
      else model.addConstraint([...terms, [y, -s.boardingPlaces]], '<=', 0, `boarding[${s.code}]`);
    }
  }

  // (6) small-school indicators and the cap
  const small: Array<number | null> = schools.map(() => null);
  const capTerms: Array<[number, number]> = [];
  let alwaysOpenSmall = 0;
  for (const s of schools) {
    const kind = st.smallKind[s.index];
    const y = open[s.index];
    const enrolment: Array<[number, number]> = arcsInto[s.index].map((a) => [arcVar[a], 1]);
    if (kind === 'not_made_small') {
      // enrolment_s >= T y_s: the plan does not make this school small.
      if (variant === 'elastic') enrolment.push([elastic('size', s.code, { school: s.index }), 1]);
      if (y === null) model.addConstraint(enrolment, '>=', T - s.otherEnrolment, `size[${s.code}]`);
      else model.addConstraint([...enrolment, [y, -T]], '>=', -s.otherEnrolment, `size[${s.code}]`);
    } else if (variant === 'elastic') {
      continue;
    } else if (kind === 'always') {
      if (y === null) alwaysOpenSmall++;
      else capTerms.push([y, 1]);
    } else if (kind === 'var') {
      // enrolment_s >= T (y_s - z_s), z_s <= y_s
      const z = model.addVariable({ kind: 'binary', label: `small[${s.code}]` });
      small[s.index] = z;
      capTerms.push([z, 1]);
      enrolment.push([z, T]);
      if (y === null) model.addConstraint(enrolment, '>=', T - s.otherEnrolment, `size[${s.code}]`);
      else {
        model.addConstraint([...enrolment, [y, -T]], '>=', -s.otherEnrolment, `size[${s.code}]`);
        model.addConstraint([[z, 1], [y, -1]], '<=', 0, `small-if-open[${s.code}]`);
      }
    }
  }
  if (plan) model.addConstraint(capTerms, '<=', cap - alwaysOpenSmall, 'small-school cap');
  else if (variant === 'min_small') {
    for (const [v, c] of capTerms) model.addObjectiveTerm(v, c);
    model.objectiveConstant += alwaysOpenSmall;
  }

  // (7) every township keeps a primary school
  for (const [t, list] of st.townshipPrimaries) {
    if (list.some((i) => schools[i].mode === 'open')) continue;
    const terms: Array<[number, number]> = list.map((i) => [open[i]!, 1]);
    if (variant === 'elastic') terms.push([elastic('township', t, { township: t }), 1]);
    model.addConstraint(terms, '>=', 1, `township-primary[${t}]`);
  }
  return { variant, model, open, small, arcVar, expansion, slacks };
}

export function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}
