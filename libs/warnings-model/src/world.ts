import type { CatchmentRecord, DemandRow, PopulationUnitRecord, ProjectedStage, SchoolRecord } from '@app/domain';
import { centroidOf, haversineKm } from '@app/geo';
import {
  assignUnitsToCatchments,
  type CatchmentDemand,
  type CatchmentMatch,
  type SchoolFlow,
  type UnmatchedDemand,
} from './catchment-matching';
import { addDemand, demandOfRow, zeroDemand, type DemandTotals } from './demand-totals';
import { classSizeNormOf, isSchoolOpen, stageSeats, type IntakeSeatsRule, type StageSeats } from './school-capacity';

/** Why a decision was taken (the consolidation model's vocabulary, plus `manual` for a scenario's own closure). */
export type DecisionReason = 'closure' | 'merge' | 'teaching_point' | 'rezoning' | 'manual';

/** A school that stops teaching from `year` (default: the plan's target year). */
export interface ClosureDecision {
  schoolCode: string;
  year?: number;
  reason?: DecisionReason;
}

/**
 * Pupils of one unit and stage sent to a school other than their current one, from `year` (default: the target
 * year). `pupils` are counted in the plan's target year; other years move the same share of the unit's demand.
 */
export interface TransferDecision {
  unitCode: string;
  stage: ProjectedStage;
  fromSchool: string | null;
  toSchool: string;
  pupils: number;
  year?: number;
  reason?: DecisionReason;
}

/** Classes added to one stage of a school, ready (seats usable) from `year` (default: the target year). */
export interface AddedClassesDecision {
  schoolCode: string;
  stage: ProjectedStage;
  classes: number;
  year?: number;
}

/** What a run decides on top of its records: closures, transfers and added classes, each from its year on. */
export interface PlanDecisions {
  /** The year the plan is for; the default year of every decision and the year transfer pupils are counted in. */
  targetYear: number;
  closures: ClosureDecision[];
  transfers: TransferDecision[];
  addedClasses: AddedClassesDecision[];
}

/** No decisions: the world of the records as they are. */
export function noDecisions(targetYear: number): PlanDecisions {
  return { targetYear, closures: [], transfers: [], addedClasses: [] };
}

/** Road km from a unit to a school. The default is great circle x detour; road travel times can replace it. */
export type TravelDistance = (unit: PopulationUnitRecord, school: SchoolRecord) => number;

/**
 * Great-circle km x detour from the unit's inside centroid to the school.
 * @example greatCircleDistance(1.3)(unit, school) // 3.9 for a school 3 km away as the crow flies
 */
export function greatCircleDistance(detour = 1.3): TravelDistance {
  const at = new Map<PopulationUnitRecord, [number, number]>();
  return (u, s) => {
    let p = at.get(u);
    if (!p) at.set(u, (p = centroidOf(u.geometry, { inside: true }) as [number, number]));
    return haversineKm(p, [s.lon, s.lat]) * detour;
  };
}

/** Why pupils have no seat in the world. */
export type NoSeatReason = 'outside_catchments' | 'no_open_school' | 'no_school_in_reach';

/** Pupils of a unit, stage and year that no school takes, and why. */
export interface NoSeat {
  unitCode: string;
  unitName: string;
  stage: ProjectedStage;
  year: number;
  pupils: number;
  reason: NoSeatReason;
  /** For `no_school_in_reach`: the closed school whose pupils these were. */
  closedSchool?: string;
}

/** A school in one year of the world. */
export interface WorldSchool {
  code: string;
  status: 'open' | 'closed' | 'not_open';
  /** The decision that closed it (absent when the records close it or it is open). */
  closedBy?: DecisionReason;
  /** Per stage: seats and classes that year (0 when not open), pupils placed there. */
  stages: Partial<Record<ProjectedStage, { seats: number; classes: number; pupils: number }>>;
}

/** Pupils conserved: every projected pupil is at a school or counted without a seat. */
export interface Conservation {
  stage: ProjectedStage;
  year: number;
  projection: number;
  atSchools: number;
  noSeat: number;
  /** |projection - atSchools - noSeat| < 1e-6 x projection. */
  ok: boolean;
}

/** The world of a run: records, overrides and decisions applied, year by year. Never mutates its inputs. */
export interface RunWorld {
  targetYear: number;
  years: number[];
  stages: ProjectedStage[];
  /** Schools with decision closures applied as `closeYear` (the records a rule reads). */
  schools: SchoolRecord[];
  /** Seats of a school and stage in a year, added classes included; zero seats when it does not teach that year. */
  seatsAt: (schoolCode: string, stage: ProjectedStage, year: number) => StageSeats & { open: boolean };
  /** Whether a school teaches in a year in this world. */
  openAt: (schoolCode: string, year: number) => boolean;
  /** Unit-to-school flows aggregated to school x catchment x stage x year (catchment `plan` for decided moves). */
  match: CatchmentMatch;
  noSeat: NoSeat[];
  conservation: Conservation[];
  /** Per year, every school's status, seats, classes and pupils. */
  schoolsByYear: (year: number) => WorldSchool[];
  /**
   * Where a unit's pupils of a stage are in a year: each school's share of them (shares sum to 1 minus the share
   * without a seat); empty when none is placed. The consolidation model takes its status quo from here.
   */
  placementAt: (unitCode: string, stage: ProjectedStage, year: number) => { schoolCode: string; share: number }[];
  /**
   * Pupils the world re-seats because their school closed (step 3 above), by closed school, receiving school, stage
   * and year: apart from the plan's own transfers, which moved pupils before the closure took effect.
   */
  reseated: Reseated[];
  decisions: PlanDecisions;
}

/** Pupils of a closed school re-seated at another school, through its catchment or at the nearest school with room. */
export interface Reseated {
  fromSchool: string;
  toSchool: string;
  stage: ProjectedStage;
  year: number;
  pupils: number;
  via: 'catchment' | 'nearest';
}

export interface WorldInput {
  schools: readonly SchoolRecord[];
  catchments: readonly CatchmentRecord[];
  units: readonly PopulationUnitRecord[];
  demand: readonly DemandRow[];
}

export interface WorldOptions {
  /** Road km limit per stage for re-seating a closed school's pupils (default primary/kindergarten 5, junior/senior 15). */
  travelKm?: Partial<Record<ProjectedStage, number>>;
  distance?: TravelDistance;
  intakeSeatsRule?: IntakeSeatsRule;
  coverageTolerance?: number;
}

const PROJECTED: readonly ProjectedStage[] = ['kindergarten', 'primary', 'junior', 'senior'];
const DEFAULT_TRAVEL: Record<ProjectedStage, number> = { kindergarten: 5, primary: 5, junior: 15, senior: 15 };

interface Portion {
  school: string;
  /** Catchment the share came through; `plan` for a decided move, `nearest` for a re-seated closure. */
  catchment: string;
  share: number;
}

/**
 * Builds the world a run sees, year by year: the records' schools with the decisions' closures (no seats and no
 * pupils from the closure year), added classes (seats from the year they are ready), and each unit's pupils placed
 * at schools. Placement per unit, stage and year:
 * 1. through its catchments, split among the catchment's schools open in the records by stage seats (as matching does);
 * 2. decided transfers move `pupils / demand(targetYear)` of the unit's demand from `fromSchool` to `toSchool`;
 * 3. what is still at a school closed by a decision goes to the catchment's other open schools, else to the nearest
 *    school(s) of the stage with room within the travel limit (nearest first), else it has no seat and the unit is
 *    named in `noSeat` (`no_school_in_reach`). A catchment whose schools decisions have all closed is dissolved
 *    from that year (no catchment figures: its pupils are at the schools that took them).
 * Pupils are conserved: per stage and year, pupils at schools + pupils without a seat = the projection.
 *
 * @example
 * const w = buildRunWorld(
 *   { schools, catchments, units, demand },
 *   { targetYear: 2027, closures: [{ schoolCode: 'S2' }], transfers: [], addedClasses: [] },
 * );
 * w.seatsAt('S2', 'primary', 2027).seats; // 0
 * w.conservation.every((c) => c.ok); // true
 */
export function buildRunWorld(input: WorldInput, decisions: PlanDecisions, options: WorldOptions = {}): RunWorld {
  const T = decisions.targetYear;
  const travel = { ...DEFAULT_TRAVEL, ...(options.travelKm ?? {}) };
  const distance = options.distance ?? greatCircleDistance();
  const stages = PROJECTED.filter((s) => input.demand.some((r) => r.stage === s));
  const years = [...new Set(input.demand.map((r) => r.year))].sort((a, b) => a - b);
  const schoolByCode = new Map(input.schools.map((s) => [s.code, s]));
  const unitByCode = new Map(input.units.map((u) => [u.code, u]));

  const closedFrom = new Map<string, { year: number; reason: DecisionReason }>();
  for (const c of decisions.closures) {
    const year = c.year ?? T;
    const prev = closedFrom.get(c.schoolCode);
    if (!prev || year < prev.year) closedFrom.set(c.schoolCode, { year, reason: c.reason ?? 'closure' });
  }
  const schools = input.schools.map((s) => {
    const c = closedFrom.get(s.code);
    return c && (s.closeYear === null || c.year < s.closeYear) ? { ...s, closeYear: c.year } : s;
  });
  const worldSchool = new Map(schools.map((s) => [s.code, s]));
  const added = new Map<string, { year: number; classes: number }[]>();
  for (const a of decisions.addedClasses) {
    const k = `${a.schoolCode}|${a.stage}`;
    added.set(k, [...(added.get(k) ?? []), { year: a.year ?? T, classes: a.classes }]);
  }
  const baseSeats = new Map<string, StageSeats>();
  const seatsOf = (s: SchoolRecord, stage: ProjectedStage): StageSeats => {
    const k = `${s.code}|${stage}`;
    let v = baseSeats.get(k);
    if (!v) baseSeats.set(k, (v = stageSeats(s, stage, options.intakeSeatsRule)));
    return v;
  };
  const openAt = (code: string, year: number): boolean => {
    const s = worldSchool.get(code);
    return !!s && isSchoolOpen(s, year);
  };
  const seatsAt = (code: string, stage: ProjectedStage, year: number): StageSeats & { open: boolean } => {
    const s = worldSchool.get(code);
    if (!s) return { seats: 0, intakeSeats: 0, classSizeNorm: 0, classes: 0, open: false };
    const base = seatsOf(s, stage);
    const open = isSchoolOpen(s, year);
    if (!open) return { ...base, seats: 0, intakeSeats: 0, classes: 0, open };
    const extra = (added.get(`${code}|${stage}`) ?? []).filter((a) => a.year <= year).reduce((n, a) => n + a.classes, 0);
    if (extra === 0 || !s.stages.includes(stage)) return { ...base, open };
    const norm = classSizeNormOf(s, stage);
    const grades = base.seats > 0 && base.intakeSeats > 0 ? base.seats / base.intakeSeats : 1;
    return {
      seats: base.seats + extra * norm,
      intakeSeats: base.intakeSeats + (extra * norm) / grades,
      classSizeNorm: norm,
      classes: base.classes + extra,
      open,
    };
  };

  const rows = input.demand.filter((r) => stages.includes(r.stage));
  const assignment = assignUnitsToCatchments(input.units, input.catchments, stages, new Set(rows.map((r) => r.unitCode)), {
    coverageTolerance: options.coverageTolerance,
  });
  const catchment = new Map(input.catchments.map((c) => [`${c.stage}|${c.code}`, c]));
  const targetDemand = new Map<string, number>();
  for (const r of rows) if (r.year === T) targetDemand.set(`${r.unitCode}|${r.stage}`, r.resident);
  const transfers = new Map<string, TransferDecision[]>();
  for (const t of decisions.transfers) {
    const k = `${t.unitCode}|${t.stage}`;
    transfers.set(k, [...(transfers.get(k) ?? []), t]);
  }

  /** Splits `share` among the schools of a catchment open in `year` (by `open`), in proportion to stage seats. */
  const split = (c: CatchmentRecord, stage: ProjectedStage, year: number, share: number, open: (s: SchoolRecord) => boolean): Portion[] => {
    const list = [...new Set(c.schoolCodes)].map((sc) => schoolByCode.get(sc)).filter((s): s is SchoolRecord => !!s && open(s));
    if (list.length === 0) return [];
    const seats = list.map((s) => seatsOf(s, stage).seats);
    const total = seats.reduce((a, b) => a + b, 0);
    return list.map((s, i) => ({ school: s.code, catchment: c.code, share: share * (total > 0 ? seats[i] / total : 1 / list.length) }));
  };

  type Placed = { row: DemandRow; portions: Portion[]; none: { reason: NoSeatReason; share: number; closedSchool?: string }[] };
  const reseatedBy = new Map<string, Reseated>();
  const reseat = (from: string, to: string, row: DemandRow, share: number, via: Reseated['via']): void => {
    if (share <= 1e-12 || row.resident <= 0) return;
    const k = `${from}|${to}|${row.stage}|${row.year}|${via}`;
    const r = reseatedBy.get(k);
    if (r) r.pupils += share * row.resident;
    else reseatedBy.set(k, { fromSchool: from, toSchool: to, stage: row.stage, year: row.year, pupils: share * row.resident, via });
  };
  const placed: Placed[] = [];
  const orphans: { p: Placed; share: number; closedSchool: string }[] = [];
  for (const row of rows) {
    const entry = assignment.byStageUnit.get(row.stage)?.get(row.unitCode);
    const p: Placed = { row, portions: [], none: [] };
    placed.push(p);
    if (!entry) {
      p.none.push({ reason: 'outside_catchments', share: 1 });
      continue;
    }
    for (const s of entry.shares) {
      const c = catchment.get(`${row.stage}|${s.catchmentCode}`);
      const got = c ? split(c, row.stage, row.year, s.share, (x) => isSchoolOpen(x, row.year)) : [];
      if (got.length) p.portions.push(...got);
      else p.none.push({ reason: 'no_open_school', share: s.share });
    }
    if (entry.unmatched) p.none.push({ reason: 'outside_catchments', share: entry.unmatched.uncoveredShare });

    // Decided transfers, from their year on.
    const D = targetDemand.get(`${row.unitCode}|${row.stage}`) ?? 0;
    for (const t of transfers.get(`${row.unitCode}|${row.stage}`) ?? []) {
      if ((t.year ?? T) > row.year || D <= 0) continue;
      let want = Math.min(1, t.pupils / D);
      const take = (from: { share: number }[]): void => {
        for (const x of from) {
          const d = Math.min(x.share, want);
          x.share -= d;
          want -= d;
          if (want <= 1e-12) return;
        }
      };
      const moved = Math.min(1, t.pupils / D);
      take(p.portions.filter((x) => x.school === t.fromSchool));
      if (want > 1e-12) take(p.none);
      if (want > 1e-12) take(p.portions.filter((x) => x.school !== t.toSchool));
      p.portions.push({ school: t.toSchool, catchment: 'plan', share: moved - Math.max(0, want) });
    }

    // What is left at a school a decision closed.
    const kept: Portion[] = [];
    for (const x of p.portions) {
      if (x.share <= 1e-12) continue;
      if (!closedFrom.has(x.school) || openAt(x.school, row.year)) {
        kept.push(x);
        continue;
      }
      const c = catchment.get(`${row.stage}|${x.catchment}`);
      const other = c ? split(c, row.stage, row.year, x.share, (s) => openAt(s.code, row.year)) : [];
      if (other.length) {
        kept.push(...other);
        for (const o of other) reseat(x.school, o.school, row, o.share, 'catchment');
      } else orphans.push({ p, share: x.share, closedSchool: x.school });
    }
    p.portions = kept;
  }

  // Re-seat orphans year by year, nearest school with room first, larger groups first (they are the hardest to seat).
  const load = new Map<string, number>();
  const lk = (school: string, stage: ProjectedStage, year: number) => `${school}|${stage}|${year}`;
  for (const p of placed)
    for (const x of p.portions)
      load.set(lk(x.school, p.row.stage, p.row.year), (load.get(lk(x.school, p.row.stage, p.row.year)) ?? 0) + x.share * p.row.resident);
  const byStage = new Map<ProjectedStage, SchoolRecord[]>();
  for (const st of stages)
    byStage.set(
      st,
      schools.filter((s) => s.stages.includes(st)),
    );
  orphans.sort(
    (a, b) =>
      a.p.row.year - b.p.row.year ||
      b.share * b.p.row.resident - a.share * a.p.row.resident ||
      a.p.row.unitCode.localeCompare(b.p.row.unitCode),
  );
  for (const o of orphans) {
    const { row } = o.p;
    const unit = unitByCode.get(row.unitCode);
    let left = o.share;
    if (unit && row.resident > 0) {
      const near = (byStage.get(row.stage) ?? [])
        .filter((s) => isSchoolOpen(s, row.year))
        .map((s) => ({ s, km: distance(unit, s) }))
        .filter((n) => n.km <= travel[row.stage])
        .sort((a, b) => a.km - b.km || a.s.code.localeCompare(b.s.code));
      for (const n of near) {
        const key = lk(n.s.code, row.stage, row.year);
        const room = seatsAt(n.s.code, row.stage, row.year).seats - (load.get(key) ?? 0);
        if (room <= 1e-9) continue;
        const share = Math.min(left, room / row.resident);
        o.p.portions.push({ school: n.s.code, catchment: 'nearest', share });
        reseat(o.closedSchool, n.s.code, row, share, 'nearest');
        load.set(key, (load.get(key) ?? 0) + share * row.resident);
        left -= share;
        if (left <= 1e-12) break;
      }
    }
    if (left > 1e-12) o.p.none.push({ reason: 'no_school_in_reach', share: left, closedSchool: o.closedSchool });
  }

  // Aggregate.
  const flowMap = new Map<string, SchoolFlow>();
  const noSeat: NoSeat[] = [];
  const cons = new Map<string, Conservation>();
  const unmatched: UnmatchedDemand[] = [];
  const catchmentDemand = new Map<string, CatchmentDemand>();
  for (const p of placed) {
    const d = demandOfRow(p.row);
    const ck = `${p.row.stage}|${p.row.year}`;
    let c = cons.get(ck);
    if (!c) cons.set(ck, (c = { stage: p.row.stage, year: p.row.year, projection: 0, atSchools: 0, noSeat: 0, ok: true }));
    c.projection += p.row.resident;
    for (const x of p.portions) {
      if (x.share <= 1e-12) continue;
      const k = `${x.school}|${x.catchment}|${p.row.stage}|${p.row.year}`;
      let f = flowMap.get(k);
      if (!f)
        flowMap.set(
          k,
          (f = { schoolCode: x.school, catchmentCode: x.catchment, stage: p.row.stage, year: p.row.year, demand: zeroDemand() }),
        );
      addDemand(f.demand, d, x.share);
      c.atSchools += x.share * p.row.resident;
    }
    const byReason = new Map<string, { reason: NoSeatReason; share: number; closedSchool?: string }>();
    for (const n of p.none) {
      if (n.share <= 1e-12) continue;
      const k = `${n.reason}|${n.closedSchool ?? ''}`;
      const prev = byReason.get(k);
      if (prev) prev.share += n.share;
      else byReason.set(k, { ...n });
    }
    for (const n of byReason.values()) {
      c.noSeat += n.share * p.row.resident;
      noSeat.push({
        unitCode: p.row.unitCode,
        unitName: unitByCode.get(p.row.unitCode)?.name ?? p.row.unitCode,
        stage: p.row.stage,
        year: p.row.year,
        pupils: n.share * p.row.resident,
        reason: n.reason,
        ...(n.closedSchool ? { closedSchool: n.closedSchool } : {}),
      });
      if (n.reason === 'outside_catchments') {
        const u = assignment.byStageUnit.get(p.row.stage)?.get(p.row.unitCode)?.unmatched;
        unmatched.push({
          unitCode: p.row.unitCode,
          stage: p.row.stage,
          uncoveredShare: n.share,
          reason: u?.reason ?? 'outside_catchments',
          year: p.row.year,
          demand: addDemand(zeroDemand(), d, n.share),
        });
      }
    }
    // Catchment demand stays "residents of the catchment": the decisions move pupils, not where they live.
    const entry = assignment.byStageUnit.get(p.row.stage)?.get(p.row.unitCode);
    for (const s of entry?.shares ?? []) {
      const k = `${p.row.stage}|${s.catchmentCode}|${p.row.year}`;
      let cd = catchmentDemand.get(k);
      if (!cd)
        catchmentDemand.set(
          k,
          (cd = { catchmentCode: s.catchmentCode, stage: p.row.stage, year: p.row.year, demand: zeroDemand(), openSchoolCodes: [] }),
        );
      addDemand(cd.demand, d, s.share);
    }
  }
  const catchmentRows: CatchmentDemand[] = [];
  for (const c of input.catchments) {
    if (!stages.includes(c.stage as ProjectedStage)) continue;
    const stage = c.stage as ProjectedStage;
    const codes = [...new Set(c.schoolCodes)].filter((sc) => schoolByCode.has(sc));
    for (const year of years) {
      // A catchment whose schools a decision has all closed is dissolved from that year: its pupils were re-seated
      // (transfers, the catchment's other schools, the nearest school with room), so it has no figures and no
      // alert of its own; its residents count at the schools that took them, those without a seat in `noSeat`.
      const dissolved =
        codes.length > 0 && codes.every((sc) => !openAt(sc, year)) && codes.some((sc) => (closedFrom.get(sc)?.year ?? Infinity) <= year);
      if (dissolved) continue;
      const cd = catchmentDemand.get(`${stage}|${c.code}|${year}`);
      catchmentRows.push({
        catchmentCode: c.code,
        stage,
        year,
        demand: cd?.demand ?? zeroDemand(),
        openSchoolCodes: codes.filter((sc) => openAt(sc, year)),
      });
    }
  }
  const conservation = [...cons.values()].map((c) => ({
    ...c,
    ok: Math.abs(c.projection - c.atSchools - c.noSeat) <= 1e-6 * Math.max(1, c.projection),
  }));
  const flows = [...flowMap.values()];
  const match: CatchmentMatch = {
    stages,
    years,
    shares: assignment.shares,
    unmatchedUnits: assignment.unmatched,
    unmatched,
    catchmentDemand: catchmentRows,
    flows,
    unservedCatchments: catchmentRows
      .filter((c) => c.openSchoolCodes.length === 0 && (c.demand.resident > 0 || c.demand.registered > 0))
      .map((c) => ({ catchmentCode: c.catchmentCode, stage: c.stage, year: c.year, demand: c.demand })),
    diagnostics: { ...assignment.diagnostics, unknownSchools: [], stageMismatches: [] },
  };
  for (const c of input.catchments) {
    for (const sc of c.schoolCodes) {
      const s = schoolByCode.get(sc);
      if (!s) match.diagnostics.unknownSchools.push({ catchmentCode: c.code, schoolCode: sc });
      else if (!s.stages.includes(c.stage))
        match.diagnostics.stageMismatches.push({ catchmentCode: c.code, schoolCode: sc, stage: c.stage });
    }
  }
  const pupilsAt = new Map<string, number>();
  for (const f of flows)
    pupilsAt.set(lk(f.schoolCode, f.stage, f.year), (pupilsAt.get(lk(f.schoolCode, f.stage, f.year)) ?? 0) + f.demand.resident);
  const schoolsByYear = (year: number): WorldSchool[] =>
    schools.map((s) => {
      const open = isSchoolOpen(s, year);
      const closed = s.status === 'closed' || (s.closeYear !== null && s.closeYear <= year);
      const by = closedFrom.get(s.code);
      const out: WorldSchool = { code: s.code, status: open ? 'open' : closed ? 'closed' : 'not_open', stages: {} };
      if (closed && by && by.year <= year) out.closedBy = by.reason;
      for (const st of stages) {
        if (!s.stages.includes(st)) continue;
        const v = seatsAt(s.code, st, year);
        out.stages[st] = { seats: v.seats, classes: v.classes, pupils: pupilsAt.get(lk(s.code, st, year)) ?? 0 };
      }
      return out;
    });
  const placedBy = new Map<string, Placed>();
  for (const p of placed) placedBy.set(`${p.row.unitCode}|${p.row.stage}|${p.row.year}`, p);
  const placementAt = (unitCode: string, stage: ProjectedStage, year: number): { schoolCode: string; share: number }[] => {
    const p = placedBy.get(`${unitCode}|${stage}|${year}`);
    if (!p) return [];
    const by = new Map<string, number>();
    for (const x of p.portions) if (x.share > 1e-12) by.set(x.school, (by.get(x.school) ?? 0) + x.share);
    return [...by]
      .map(([schoolCode, share]) => ({ schoolCode, share }))
      .sort((a, b) => b.share - a.share || a.schoolCode.localeCompare(b.schoolCode));
  };
  const reseated = [...reseatedBy.values()].sort(
    (a, b) =>
      a.year - b.year || a.fromSchool.localeCompare(b.fromSchool) || a.toSchool.localeCompare(b.toSchool) || a.stage.localeCompare(b.stage),
  );
  return {
    targetYear: T,
    years,
    stages,
    schools,
    seatsAt,
    openAt,
    match,
    noSeat,
    conservation,
    schoolsByYear,
    placementAt,
    reseated,
    decisions,
  };
}

/**
 * Totals of the world's pupils for a stage and year: at schools, without a seat, and the projection.
 * @example worldTotals(world, 'primary', 2027).noSeat
 */
export function worldTotals(world: Pick<RunWorld, 'conservation'>, stage: ProjectedStage, year: number): Conservation {
  return (
    world.conservation.find((c) => c.stage === stage && c.year === year) ?? {
      stage,
      year,
      projection: 0,
      atSchools: 0,
      noSeat: 0,
      ok: true,
    }
  );
}

/** Sum of one demand count over flows (used by tests and summaries). */
export function flowTotal(flows: readonly SchoolFlow[], pick: (d: DemandTotals) => number = (d) => d.resident): number {
  return flows.reduce((a, f) => a + pick(f.demand), 0);
}
