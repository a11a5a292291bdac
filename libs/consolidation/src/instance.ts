import { DEFAULT_CLASS_SIZE, type SchoolRecord } from '@app/domain';
import { stageSeats } from '@app/warnings-model';
import { buildPolygonIndex, centroidOf, findContaining, haversineKm } from '@app/geo';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import {
  BANDS,
  ConsolidationInputError,
  DEFAULT_CONSOLIDATION_OPTIONS,
  GRADE_BANDS,
  type ConsolidationInputs,
  type ConsolidationOptions,
  type FixedReason,
  type GradeBand,
  type PlannedStage,
  type ResolvedConsolidationOptions,
  type Travel,
  type TravelFunction,
  type TravelSource,
} from './types';

const STAGE_GRADES: Record<PlannedStage, readonly number[]> = { primary: [1, 2, 3, 4, 5, 6], junior: [7, 8, 9] };
const PLANNED: readonly PlannedStage[] = ['primary', 'junior'];

/** A planned school. `mode`: 'var' has an open/close binary, 'open' is kept, 'closed' must close. */
export interface SchoolNode {
  index: number;
  record: SchoolRecord;
  code: string;
  countyCode: string | null;
  townshipCode: string | null;
  position: [number, number];
  stages: PlannedStage[];
  /** 'closed' = must close by the target year (it still has open/close variables for the years before). */
  mode: 'var' | 'open' | 'closed';
  /** Marked as a teaching point (教学点) in the data, with its central school's code when given. */
  teachingPoint: boolean;
  centralSchool: string | null;
  fixed: FixedReason | null;
  /** Seats per planned stage at current classes (see capacityBasis); 0 for a stage it does not teach. */
  seats: Record<PlannedStage, number>;
  norm: Record<PlannedStage, number>;
  /** Projected enrolment per placed pupil, per stage (ConsolidationInputs.enrolmentFactor; default 1). */
  enrolmentFactor: Record<PlannedStage, number>;
  /** Classes it may add in total (maxClasses - classes, 0 when unknown). */
  room: number;
  boardingPlaces: number;
  /**
   * Pupils of grades the model does not plan (kindergarten, senior), for the record. They do not count toward the
   * threshold: the one small-school test (isUnderThreshold of @app/domain) reads compulsory pupils, as the world does.
   */
  otherEnrolment: number;
}

export interface UnitNode {
  index: number;
  code: string;
  name: string;
  townshipCode: string;
  countyCode: string;
  position: [number, number];
}

/** Pupils of one unit in one grade band, with their candidate schools. */
export interface DemandNode {
  index: number;
  unit: number;
  band: GradeBand;
  stage: PlannedStage;
  /** Pupils in the target year. */
  pupils: number;
  /** Pupils per model year (index as `Instance.years`). */
  pupilsByYear: number[];
  /** Current school (school index) or null when no school teaches the stage. */
  current: number | null;
  currentSource: 'catchment' | 'nearest' | null;
  currentKm: number | null;
  currentMinutes: number | null;
  arcs: number[];
}

/** A candidate (demand, school) pair. */
export interface ArcNode {
  index: number;
  demand: number;
  school: number;
  km: number;
  minutes: number | null;
  /** The unit's current school: always allowed, never counted as boarding. */
  statusQuo: boolean;
  /** 'stay' (the current school), 'closure' (used once the current school closes), 'rezone' (current stays open). */
  kind: 'stay' | 'closure' | 'rezone';
  /** A move beyond the day distance: needs a boarding place. */
  boarding: boolean;
}

export interface Instance {
  options: ResolvedConsolidationOptions;
  targetYear: number;
  baseYear: number;
  /** Model years: the closure window, target year included. */
  years: number[];
  /** Index of the target year in `years`. */
  target: number;
  schools: SchoolNode[];
  units: UnitNode[];
  demands: DemandNode[];
  arcs: ArcNode[];
  /** Arc indices into each school. */
  arcsInto: number[][];
  warnings: string[];
  /** Where km and minutes came from (roads hook). */
  travelSource: TravelSource;
}

/** Fills every default in. */
export function resolveOptions(options: ConsolidationOptions = {}): ResolvedConsolidationOptions {
  const d = DEFAULT_CONSOLIDATION_OPTIONS;
  const T = options.smallSchoolThreshold ?? d.smallSchoolThreshold;
  const resolved: ResolvedConsolidationOptions = {
    smallSchoolThreshold: T,
    maxSmallSchools: options.maxSmallSchools ?? d.maxSmallSchools,
    closableBelow: options.closableBelow ?? 2 * T,
    dayTravelKm: options.dayTravelKm ?? d.dayTravelKm,
    boardingTravelKm: options.boardingTravelKm ?? d.boardingTravelKm,
    lowerDayTravelMinutes: options.lowerDayTravelMinutes ?? d.lowerDayTravelMinutes,
    upperDayTravelMinutes: options.upperDayTravelMinutes ?? d.upperDayTravelMinutes,
    boardingTravelMinutes: options.boardingTravelMinutes ?? d.boardingTravelMinutes,
    detourFactor: options.detourFactor ?? d.detourFactor,
    detourFactorByCounty: { ...(options.detourFactorByCounty ?? {}) },
    candidatesPerVillage: options.candidatesPerVillage ?? d.candidatesPerVillage,
    crossCountyPairs: (options.crossCountyPairs ?? []).map(([a, b]): [string, string] => [a, b]),
    rezoning: options.rezoning ? { maxPupils: options.rezoning.maxPupils } : null,
    closureWindow: { first: options.closureWindow?.first ?? null, last: options.closureWindow?.last ?? null },
    maxClosuresPerCountyPerYear: options.maxClosuresPerCountyPerYear ?? d.maxClosuresPerCountyPerYear,
    mergePairs: (options.mergePairs ?? []).map(([a, b]): [string, string] => [a, b]),
    teachingPointsExempt: options.teachingPointsExempt ?? d.teachingPointsExempt,
    mustKeep: [...(options.mustKeep ?? [])],
    mustClose: [...(options.mustClose ?? [])],
    keepPrimaryPerTownship: options.keepPrimaryPerTownship ?? d.keepPrimaryPerTownship,
    townshipWaivers: [...(options.townshipWaivers ?? [])],
    travelCostPerPupilKm: options.travelCostPerPupilKm ?? d.travelCostPerPupilKm,
    bandTravelWeight: { lower: 1, upper: 1, junior: 1, ...(options.bandTravelWeight ?? {}) },
    moveCostPerPupil: options.moveCostPerPupil ?? d.moveCostPerPupil,
    fixedCostPerSchool: options.fixedCostPerSchool ?? d.fixedCostPerSchool,
    expansionCostPerClass: options.expansionCostPerClass ?? d.expansionCostPerClass,
    capacityBasis: options.capacityBasis ?? d.capacityBasis,
    population: options.population ?? d.population,
    unitPositions: { ...(options.unitPositions ?? {}) },
  };
  const problems: string[] = [];
  const nonNegative: Array<[string, number]> = [
    ['smallSchoolThreshold', resolved.smallSchoolThreshold],
    ['maxSmallSchools', resolved.maxSmallSchools],
    ['closableBelow', resolved.closableBelow],
    ['dayTravelKm', resolved.dayTravelKm],
    ['boardingTravelKm', resolved.boardingTravelKm],
    ['lowerDayTravelMinutes', resolved.lowerDayTravelMinutes],
    ['upperDayTravelMinutes', resolved.upperDayTravelMinutes],
    ['boardingTravelMinutes', resolved.boardingTravelMinutes],
    ['maxClosuresPerCountyPerYear', resolved.maxClosuresPerCountyPerYear],
    ['rezoning.maxPupils', resolved.rezoning?.maxPupils ?? 0],
    ['travelCostPerPupilKm', resolved.travelCostPerPupilKm],
    ['moveCostPerPupil', resolved.moveCostPerPupil],
    ['fixedCostPerSchool', resolved.fixedCostPerSchool],
    ['expansionCostPerClass', resolved.expansionCostPerClass],
    ...BANDS.map((b): [string, number] => [`bandTravelWeight.${b}`, resolved.bandTravelWeight[b]]),
  ];
  for (const [name, v] of nonNegative) if (!(Number.isFinite(v) && v >= 0)) problems.push(`${name} must be a finite number >= 0, got ${v}`);
  if (!Number.isInteger(resolved.maxSmallSchools)) problems.push(`maxSmallSchools must be an integer, got ${resolved.maxSmallSchools}`);
  if (!(Number.isInteger(resolved.candidatesPerVillage) && resolved.candidatesPerVillage >= 0)) {
    problems.push(`candidatesPerVillage must be an integer >= 0, got ${resolved.candidatesPerVillage}`);
  }
  for (const [county, f] of [['(default)', resolved.detourFactor] as const, ...Object.entries(resolved.detourFactorByCounty)]) {
    if (!(Number.isFinite(f) && f >= 1)) problems.push(`detour factor of ${county} must be >= 1, got ${f}`);
  }
  if (!Number.isInteger(resolved.maxClosuresPerCountyPerYear))
    problems.push(`maxClosuresPerCountyPerYear must be an integer, got ${resolved.maxClosuresPerCountyPerYear}`);
  for (const [a, b] of resolved.mergePairs) if (a === b) problems.push(`merge pair ${a}/${b} names one school twice`);
  const both = resolved.mustKeep.filter((c) => resolved.mustClose.includes(c));
  if (both.length) problems.push(`schools both in mustKeep and mustClose: ${both.join(', ')}`);
  if (problems.length) throw new ConsolidationInputError(problems);
  return resolved;
}

function sumGrades(byGrade: Record<string, number>, grades: readonly number[]): { sum: number; given: boolean } {
  let sum = 0;
  let given = false;
  for (const g of grades) {
    const v = byGrade[String(g)];
    if (typeof v === 'number' && Number.isFinite(v)) {
      sum += v;
      given = true;
    }
  }
  return { sum, given };
}

function isPlannedInYear(s: SchoolRecord, year: number): boolean {
  if (s.closeYear !== null && s.closeYear <= year) return false;
  if (s.status === 'open') return true;
  return s.status === 'planned' && s.openYear !== null && s.openYear <= year;
}

/** Classes and current pupils of one stage: from the per-grade columns, else the school's totals split by grades. */
function stageFigures(s: SchoolRecord, stage: PlannedStage, plannedStages: PlannedStage[]): { classes: number; pupils: number } {
  const grades = STAGE_GRADES[stage];
  const classes = sumGrades(s.classesByGrade, grades);
  const pupils = sumGrades(s.enrolmentByGrade, grades);
  // Without per-grade figures, a school's totals are shared among its stages by their number of grades.
  const allGrades = s.stages.reduce(
    (n, st) => n + (st === 'primary' ? 6 : st === 'junior' || st === 'senior' || st === 'kindergarten' ? 3 : 0),
    0,
  );
  const share = s.stages.length === 1 && plannedStages.length === 1 ? 1 : grades.length / Math.max(allGrades, grades.length);
  return {
    classes: classes.given ? classes.sum : s.classes * share,
    pupils: pupils.given ? pupils.sum : s.enrolment * share,
  };
}

function unitPosition(
  unit: ConsolidationInputs['units'][number],
  override: Readonly<Record<string, readonly [number, number]>>,
): [number, number] | null {
  const o = override[unit.code];
  if (o) return [o[0], o[1]];
  try {
    const g = unit.geometry;
    const p = g.type === 'Point' ? g.coordinates : centroidOf(g, { inside: true });
    return Number.isFinite(p[0]) && Number.isFinite(p[1]) ? [p[0], p[1]] : null;
  } catch {
    return null;
  }
}

/** The data's teaching-point mark: attribute `teaching_point` (or 教学点) true / 1 / yes / 是. */
function teachingPointOf(s: SchoolRecord): { teachingPoint: boolean; centralSchool: string | null } {
  const a = s.attributes ?? {};
  const v = a.teaching_point ?? a['教学点'];
  const yes = v === true || v === 1 || (typeof v === 'string' && ['1', 'true', 'yes', 'y', '是'].includes(v.trim().toLowerCase()));
  const c = a.central_school ?? a['中心学校'];
  return { teachingPoint: yes, centralSchool: yes && typeof c === 'string' && c.trim() ? c.trim() : null };
}

/** Whether pupils of a unit in `from` county may move to a school of `to` county. */
export function crossingAllowed(opt: ResolvedConsolidationOptions, from: string, to: string | null): boolean {
  if (to === null || to === from) return true;
  return opt.crossCountyPairs.some(([a, b]) => (a === from && b === to) || (a === to && b === from));
}

/**
 * Whether a move of `band` pupils over `t` to a school with `boardingPlaces` is allowed, and as boarders or not.
 * Minutes decide where the travel function gives them, else km.
 */
export function moveRule(opt: ResolvedConsolidationOptions, band: GradeBand, t: Travel, boardingPlaces: number): 'day' | 'boarding' | null {
  const dayLimit = band === 'lower' ? opt.lowerDayTravelMinutes : opt.upperDayTravelMinutes;
  const day = t.minutes !== null ? t.minutes <= dayLimit + 1e-9 : t.km <= opt.dayTravelKm + 1e-9;
  if (day) return 'day';
  if (band === 'lower' || boardingPlaces <= 0) return null;
  const board =
    t.minutes !== null ? t.minutes <= opt.boardingTravelMinutes + 1e-9 : t.km <= Math.max(opt.boardingTravelKm, opt.dayTravelKm) + 1e-9;
  return board ? 'boarding' : null;
}

/**
 * Turns records into the model's sets: planned schools (with their mode, seats and room), the model years, units
 * with a position, (unit, band) demand pairs with pupils per year, and candidate arcs (stay, closure, re-zoning).
 * Throws {@link ConsolidationInputError} on malformed input. See {@link ConsolidationModel} for the rules.
 */
export function buildInstance(inputs: ConsolidationInputs, options: ConsolidationOptions = {}): Instance {
  const opt = resolveOptions(options);
  const problems: string[] = [];
  const warnings: string[] = [];
  if (!Number.isInteger(inputs.targetYear)) problems.push(`targetYear must be an integer, got ${inputs.targetYear}`);
  const baseYear = inputs.baseYear ?? inputs.targetYear - 1;
  const first = opt.closureWindow.first ?? baseYear + 1;
  const last = opt.closureWindow.last ?? Math.max(DEFAULT_CONSOLIDATION_OPTIONS.lastClosureYear, inputs.targetYear);
  if (!(Number.isInteger(baseYear) && Number.isInteger(first) && Number.isInteger(last)))
    problems.push('baseYear and the closure window must be integers');
  if (first <= baseYear) problems.push(`closure window starts ${first}, not after the base year ${baseYear}`);
  if (!(first <= inputs.targetYear && inputs.targetYear <= last))
    problems.push(`target year ${inputs.targetYear} lies outside the closure window ${first}-${last}`);
  if (problems.length) throw new ConsolidationInputError(problems);
  const years: number[] = [];
  for (let y = first; y <= last; y++) years.push(y);
  const target = years.indexOf(inputs.targetYear);

  // Schools.
  const seenSchool = new Set<string>();
  const schools: SchoolNode[] = [];
  const mustKeep = new Set(opt.mustKeep);
  const mustClose = new Set(opt.mustClose);
  const factorOf = (code: string, stage: PlannedStage): number => {
    const f = inputs.enrolmentFactor?.(code, stage) ?? 1;
    if (!(Number.isFinite(f) && f >= 0)) problems.push(`enrolment factor of ${code} ${stage} is ${f}`);
    return Number.isFinite(f) && f >= 0 ? f : 1;
  };
  for (const s of inputs.schools) {
    if (seenSchool.has(s.code)) problems.push(`duplicate school code ${s.code}`);
    seenSchool.add(s.code);
    const stages = PLANNED.filter((p) => s.stages.includes(p));
    if (stages.length === 0 || !isPlannedInYear(s, inputs.targetYear)) continue;
    if (!Number.isFinite(s.lon) || !Number.isFinite(s.lat)) {
      problems.push(`school ${s.code} has no finite position`);
      continue;
    }
    const seats = { primary: 0, junior: 0 };
    const norm = { primary: DEFAULT_CLASS_SIZE.primary, junior: DEFAULT_CLASS_SIZE.junior };
    let plannedPupils = 0;
    for (const p of stages) {
      norm[p] = s.classSizeNorm !== null && s.classSizeNorm > 0 ? s.classSizeNorm : DEFAULT_CLASS_SIZE[p];
      const f = stageFigures(s, p, stages);
      seats[p] =
        opt.capacityBasis === 'approved'
          ? stageSeats(s, p).seats
          : opt.capacityBasis === 'norm_or_current'
            ? Math.max(f.classes * norm[p], f.pupils)
            : f.classes * norm[p];
      plannedPupils += f.pupils;
    }
    const otherStages = s.stages.some((st) => st !== 'primary' && st !== 'junior');
    const otherEnrolment = otherStages ? Math.max(0, s.enrolment - plannedPupils) : 0;
    let mode: SchoolNode['mode'] = 'var';
    let fixed: FixedReason | null = null;
    if (mustClose.has(s.code)) [mode, fixed] = ['closed', 'must_close'];
    else if (mustKeep.has(s.code)) [mode, fixed] = ['open', 'must_keep'];
    else if (s.status === 'planned') [mode, fixed] = ['open', 'planned'];
    else if (otherStages) [mode, fixed] = ['open', 'other_stages'];
    else if (s.enrolment >= opt.closableBelow) [mode, fixed] = ['open', 'large'];
    schools.push({
      index: schools.length,
      record: s,
      code: s.code,
      countyCode: s.countyCode,
      townshipCode: s.townshipCode,
      position: [s.lon, s.lat],
      stages,
      mode,
      fixed,
      ...teachingPointOf(s),
      seats,
      norm,
      enrolmentFactor: { primary: factorOf(s.code, 'primary'), junior: factorOf(s.code, 'junior') },
      room: s.maxClasses !== null ? Math.max(0, Math.floor(s.maxClasses - s.classes)) : 0,
      boardingPlaces: Math.max(0, s.boardingPlaces || 0),
      otherEnrolment,
    });
  }
  const schoolByCode = new Map(schools.map((s) => [s.code, s]));
  for (const code of [...opt.mustKeep, ...opt.mustClose]) {
    if (!schoolByCode.has(code))
      problems.push(`must-keep/must-close school ${code} is not a primary/junior school open in ${inputs.targetYear}`);
  }
  for (const code of opt.mergePairs.flat()) {
    if (!schoolByCode.has(code)) problems.push(`merge-pair school ${code} is not a primary/junior school open in ${inputs.targetYear}`);
  }
  for (const pair of opt.mergePairs) {
    for (const code of pair)
      if (schoolByCode.get(code)?.mode === 'open')
        problems.push(`merge pair ${pair.join('/')}: ${code} cannot close (${schoolByCode.get(code)?.fixed})`);
  }

  // Units with pupils in the model years (a year without rows takes the nearest year's rows).
  const unitRecords = new Map<string, ConsolidationInputs['units'][number]>();
  for (const u of inputs.units) {
    if (unitRecords.has(u.code)) problems.push(`duplicate unit code ${u.code}`);
    unitRecords.set(u.code, u);
  }
  const rowYears = [...new Set(inputs.demand.filter((r) => r.stage === 'primary' || r.stage === 'junior').map((r) => r.year))].sort(
    (a, b) => a - b,
  );
  if (!rowYears.includes(inputs.targetYear)) problems.push(`no primary/junior demand rows for the target year ${inputs.targetYear}`);
  if (problems.length) throw new ConsolidationInputError(problems);
  const sourceYear = years.map((y) =>
    rowYears.reduce((best, r) => (Math.abs(r - y) < Math.abs(best - y) || (Math.abs(r - y) === Math.abs(best - y) && r < best) ? r : best)),
  );
  const borrowed = years.filter((y, i) => sourceYear[i] !== y);
  if (borrowed.length) warnings.push(`no demand rows for ${borrowed.join(', ')}: the nearest year's rows are used`);
  const pupilsByUnit = new Map<string, Map<number, Record<GradeBand, number>>>();
  const wanted = new Set(sourceYear);
  for (const row of inputs.demand) {
    if (!wanted.has(row.year) || (row.stage !== 'primary' && row.stage !== 'junior')) continue;
    const byGrade = opt.population === 'resident' ? row.residentByGrade : row.registeredByGrade;
    const firstGrade = STAGE_GRADES[row.stage][0];
    const perYear = pupilsByUnit.get(row.unitCode) ?? new Map<number, Record<GradeBand, number>>();
    const entry = perYear.get(row.year) ?? { lower: 0, upper: 0, junior: 0 };
    for (const band of BANDS) {
      const { stage, grades } = GRADE_BANDS[band];
      if (stage !== row.stage) continue;
      for (const g of grades) {
        const v = byGrade[g - firstGrade];
        if (v === undefined) continue;
        if (!Number.isFinite(v) || v < 0) problems.push(`demand of unit ${row.unitCode} grade ${g} in ${row.year} is ${v}`);
        else entry[band] += v;
      }
    }
    perYear.set(row.year, entry);
    pupilsByUnit.set(row.unitCode, perYear);
  }
  const units: UnitNode[] = [];
  const demands: DemandNode[] = [];
  for (const [code, perYear] of pupilsByUnit) {
    const series = (band: GradeBand): number[] => sourceYear.map((y) => perYear.get(y)?.[band] ?? 0);
    if (BANDS.every((b) => series(b).every((v) => v <= 0))) continue;
    const u = unitRecords.get(code);
    if (!u) {
      problems.push(`demand for unknown unit ${code}`);
      continue;
    }
    const position = unitPosition(u, opt.unitPositions);
    if (!position) {
      problems.push(`unit ${code} has no usable position`);
      continue;
    }
    const unit: UnitNode = { index: units.length, code, name: u.name, townshipCode: u.townshipCode, countyCode: u.countyCode, position };
    units.push(unit);
    for (const band of BANDS) {
      const byYear = series(band);
      if (byYear.every((v) => v <= 0)) continue;
      demands.push({
        index: demands.length,
        unit: unit.index,
        band,
        stage: GRADE_BANDS[band].stage,
        pupils: byYear[target],
        pupilsByYear: byYear,
        current: null,
        currentSource: null,
        currentKm: null,
        currentMinutes: null,
        arcs: [],
      });
    }
  }
  if (problems.length) throw new ConsolidationInputError(problems);

  // Current school per unit and stage: the catchment's school (nearest of several), else the nearest school.
  const travel: TravelFunction =
    inputs.travel ??
    ((from, to) => ({
      km:
        haversineKm([from.position[0], from.position[1]], [to.position[0], to.position[1]]) *
        (opt.detourFactorByCounty[from.countyCode ?? ''] ?? opt.detourFactor),
      minutes: null,
    }));
  const travelSource: TravelSource = inputs.travelSource ?? (inputs.travel ? 'roads' : 'straight-line');
  // Per unit, by school index: a city has ~10^5-10^6 pairs, too many for string keys.
  const travelCache: Array<Array<Travel | undefined> | undefined> = units.map(() => undefined);
  // Pairs a road source does not connect are out of reach for every move (counted in the warnings).
  let unconnected = 0;
  const between = (unit: UnitNode, school: SchoolNode): Travel => {
    const cached = (travelCache[unit.index] ??= new Array<Travel | undefined>(schools.length));
    let t = cached[school.index];
    if (!t) {
      t = travel(
        { code: unit.code, position: unit.position, countyCode: unit.countyCode },
        { code: school.code, position: school.position, countyCode: school.countyCode },
      );
      if (!(Number.isFinite(t.km) && t.km >= 0) || (t.minutes !== null && !(Number.isFinite(t.minutes) && t.minutes >= 0))) {
        throw new ConsolidationInputError([`travel from unit ${unit.code} to school ${school.code} is ${JSON.stringify(t)}`]);
      }
      if (t.straightFallback) unconnected++;
      cached[school.index] = t;
    }
    return t;
  };
  const straight = (unit: UnitNode, school: SchoolNode): number => haversineKm(unit.position, school.position);
  const currentOf = catchmentLookup(inputs, schoolByCode, units);
  const byStage: Record<PlannedStage, SchoolNode[]> = {
    primary: schools.filter((s) => s.stages.includes('primary')),
    junior: schools.filter((s) => s.stages.includes('junior')),
  };
  const mergePartner = new Map<string, string>();
  for (const [a, b] of opt.mergePairs) {
    mergePartner.set(a, b);
    mergePartner.set(b, a);
  }
  let nearestFallbacks = 0;
  const arcs: ArcNode[] = [];
  const arcsInto: number[][] = schools.map(() => []);
  const k = opt.candidatesPerVillage;
  const demandsOfUnit: DemandNode[][] = units.map(() => []);
  for (const d of demands) demandsOfUnit[d.unit].push(d);
  let placedSplits = 0;
  for (const unit of units) {
    for (const stage of PLANNED) {
      const stageDemands = demandsOfUnit[unit.index].filter((d) => d.stage === stage);
      if (stageDemands.length === 0) continue;
      // Candidates by straight-line distance first (cheap), then by the travel function.
      const pool = byStage[stage]
        .map((s) => ({ s, straight: straight(unit, s) }))
        .sort((a, b) => a.straight - b.straight || a.s.index - b.s.index);
      // The world's status quo: one demand pair per school holding a share of the unit's pupils (see placement).
      const portions = (inputs.placement?.(unit.code, stage) ?? [])
        .map((p) => ({ school: schoolByCode.get(p.schoolCode), share: p.share }))
        .filter((p): p is { school: SchoolNode; share: number } => !!p.school && p.school.stages.includes(stage) && p.share > 1e-9);
      const total = portions.reduce((a, p) => a + p.share, 0);
      const groups: { demands: DemandNode[]; current: SchoolNode | null }[] = [];
      if (portions.length > 0) {
        if (portions.length > 1) placedSplits++;
        // Copies first (from the unscaled figures), then every group scaled by its share, renormalised over the
        // planned schools so that every projected pupil has a current school.
        const lists = portions.map((_, i) =>
          i === 0 ? stageDemands : stageDemands.map((d): DemandNode => ({ ...d, index: -1, pupilsByYear: [...d.pupilsByYear], arcs: [] })),
        );
        portions.forEach((p, i) => {
          const f = p.share / total;
          for (const d of lists[i]) {
            d.pupils *= f;
            d.pupilsByYear = d.pupilsByYear.map((v) => v * f);
            if (d.index < 0) {
              d.index = demands.length;
              demands.push(d);
            }
          }
          groups.push({ demands: lists[i], current: p.school });
        });
      } else groups.push({ demands: stageDemands, current: null });
      for (const group of groups) {
        const unitDemands = group.demands;
        let current: SchoolNode | null = group.current;
        let source: DemandNode['currentSource'] = current ? 'catchment' : null;
        const listed = current ? [] : currentOf(unit, stage).filter((s) => s.stages.includes(stage));
        // Placed by the world (above), else the catchment's school (nearest of several), else the nearest school.
        if (current === null && listed.length) {
          current = listed.reduce((best, s) => (between(unit, s).km < between(unit, best).km ? s : best));
          source = 'catchment';
        } else if (current === null && pool.length) {
          current = pool[0].s;
          if (inputs.travel) {
            // Nearest by the travel function (by road): the road is never shorter than the straight line, so the
            // straight-line order stops the scan once it passes the best travel km.
            // A school the roads do not connect is never the nearest by road (out of reach); the straight-line nearest
            // stays the current school only when no school of the stage is connected.
            const reach = (s: SchoolNode): number => (between(unit, s).straightFallback ? Infinity : between(unit, s).km);
            let best = reach(current);
            for (const c of pool) {
              if (c.straight > best) break;
              const t = reach(c.s);
              if (t < best) [best, current] = [t, c.s];
            }
          }
          source = 'nearest';
          nearestFallbacks++;
        }
        const currentCloses = current !== null && current.mode !== 'open';
        const partner = current ? mergePartner.get(current.code) : undefined;
        for (const d of unitDemands) {
          d.current = current ? current.index : null;
          d.currentSource = source;
          const here = current ? between(unit, current) : null;
          d.currentKm = here?.km ?? null;
          d.currentMinutes = here?.minutes ?? null;
          const add = (s: SchoolNode, t: Travel, kind: ArcNode['kind'], boarding: boolean): void => {
            const arc: ArcNode = {
              index: arcs.length,
              demand: d.index,
              school: s.index,
              km: t.km,
              minutes: t.minutes,
              statusQuo: kind === 'stay',
              kind,
              boarding,
            };
            arcs.push(arc);
            d.arcs.push(arc.index);
            arcsInto[s.index].push(arc.index);
          };
          if (current) add(current, here!, 'stay', false);
          // Closure arcs where the current school may close, re-zoning arcs (when allowed) where it stays open.
          const kind: ArcNode['kind'] | null = currentCloses ? 'closure' : opt.rezoning ? 'rezone' : null;
          if (kind === null || current === null) continue;
          let taken = 0;
          for (const c of pool) {
            if (taken >= k) break;
            if (c.s === current || c.s.mode === 'closed') continue;
            if (partner !== undefined && c.s.code !== partner) continue;
            if (!crossingAllowed(opt, unit.countyCode, c.s.countyCode)) continue;
            // The straight line is a lower bound of the road: past every limit, no farther school can qualify.
            if (
              inputs.travel === undefined &&
              c.straight * (opt.detourFactorByCounty[unit.countyCode] ?? opt.detourFactor) >
                Math.max(opt.dayTravelKm, opt.boardingTravelKm) + 1e-9
            )
              break;
            const t = between(unit, c.s);
            // Not connected by road: out of reach, as in the run's world and network reach (docs/roads.md).
            if (t.straightFallback) continue;
            const rule = moveRule(opt, d.band, t, c.s.boardingPlaces);
            if (rule === null) continue;
            add(c.s, t, kind, rule === 'boarding');
            taken++;
          }
        }
      }
    }
  }
  if (placedSplits > 0) warnings.push(`${placedSplits} unit-stage pairs are split between schools as the run's world places them`);
  if (unconnected > 0)
    warnings.push(`${unconnected} unit-school pairs are not connected by road: no pupil moves between them (out of reach)`);
  if (nearestFallbacks > 0)
    warnings.push(`${nearestFallbacks} unit-stage pairs have no catchment; their current school is the nearest one`);
  return {
    options: opt,
    targetYear: inputs.targetYear,
    baseYear,
    years,
    target,
    schools,
    units,
    demands,
    arcs,
    arcsInto,
    warnings,
    travelSource,
  };
}

/** Schools whose catchment for `stage` holds the unit: by the catchment's unit list, else its polygon. */
function catchmentLookup(
  inputs: ConsolidationInputs,
  schoolByCode: ReadonlyMap<string, SchoolNode>,
  units: readonly UnitNode[],
): (unit: UnitNode, stage: PlannedStage) => SchoolNode[] {
  const byUnitStage = new Map<string, SchoolNode[]>();
  const add = (unitCode: string, stage: PlannedStage, codes: readonly string[]): void => {
    const key = `${unitCode}|${stage}`;
    const list = byUnitStage.get(key) ?? [];
    for (const c of codes) {
      const s = schoolByCode.get(c);
      if (s && !list.includes(s)) list.push(s);
    }
    byUnitStage.set(key, list);
  };
  const polygons: Array<{ stage: PlannedStage; codes: readonly string[]; feature: Feature<Polygon | MultiPolygon> }> = [];
  for (const c of inputs.catchments ?? []) {
    if (c.stage !== 'primary' && c.stage !== 'junior') continue;
    if (c.unitCodes.length) for (const u of c.unitCodes) add(u, c.stage, c.schoolCodes);
    else if (c.geometry)
      polygons.push({ stage: c.stage, codes: c.schoolCodes, feature: { type: 'Feature', properties: null, geometry: c.geometry } });
  }
  if (polygons.length) {
    for (const stage of PLANNED) {
      const own = polygons.filter((p) => p.stage === stage);
      if (!own.length) continue;
      const index = buildPolygonIndex(own.map((p) => p.feature));
      for (const unit of units) {
        if (byUnitStage.has(`${unit.code}|${stage}`)) continue;
        const hit = findContaining(index, unit.position);
        if (hit) add(unit.code, stage, own[hit.index].codes);
      }
    }
  }
  return (unit, stage) => byUnitStage.get(`${unit.code}|${stage}`) ?? [];
}
