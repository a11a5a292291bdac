import { DEFAULT_CLASS_SIZE, type SchoolRecord } from '@app/domain';
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
} from './types';

const STAGE_GRADES: Record<PlannedStage, readonly number[]> = { primary: [1, 2, 3, 4, 5, 6], junior: [7, 8, 9] };
const PLANNED: readonly PlannedStage[] = ['primary', 'junior'];

/** A planned school. `mode`: 'var' has an open/close binary, 'open' is kept, 'closed' must close. */
export interface SchoolNode {
  index: number;
  record: SchoolRecord;
  code: string;
  townshipCode: string | null;
  position: [number, number];
  stages: PlannedStage[];
  mode: 'var' | 'open' | 'closed';
  fixed: FixedReason | null;
  /** Seats per planned stage at current classes (see capacityBasis); 0 for a stage it does not teach. */
  seats: Record<PlannedStage, number>;
  norm: Record<PlannedStage, number>;
  /** Classes it may add in total (maxClasses - classes, 0 when unknown). */
  room: number;
  boardingPlaces: number;
  /** Pupils of grades the model does not plan (kindergarten, senior); they count toward the threshold. */
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
  pupils: number;
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
  minutes: number;
  /** The unit's current school: always allowed, never counted as boarding. */
  statusQuo: boolean;
  /** A move beyond the day distance: needs a boarding place. */
  boarding: boolean;
}

export interface Instance {
  options: ResolvedConsolidationOptions;
  targetYear: number;
  schools: SchoolNode[];
  units: UnitNode[];
  demands: DemandNode[];
  arcs: ArcNode[];
  /** Arc indices into each school. */
  arcsInto: number[][];
  warnings: string[];
  /** Where km and minutes came from (roads hook). */
  travelSource: 'roads' | 'straight-line';
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
    detourFactor: options.detourFactor ?? d.detourFactor,
    detourFactorByCounty: { ...(options.detourFactorByCounty ?? {}) },
    candidatesPerVillage: options.candidatesPerVillage ?? d.candidatesPerVillage,
    sameCountyOnly: options.sameCountyOnly ?? d.sameCountyOnly,
    mustKeep: [...(options.mustKeep ?? [])],
    mustClose: [...(options.mustClose ?? [])],
    keepPrimaryPerTownship: options.keepPrimaryPerTownship ?? d.keepPrimaryPerTownship,
    allowNewSmallSchools: options.allowNewSmallSchools ?? d.allowNewSmallSchools,
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
  const allGrades = s.stages.reduce((n, st) => n + (st === 'primary' ? 6 : st === 'junior' || st === 'senior' || st === 'kindergarten' ? 3 : 0), 0);
  const share = s.stages.length === 1 && plannedStages.length === 1 ? 1 : grades.length / Math.max(allGrades, grades.length);
  return {
    classes: classes.given ? classes.sum : s.classes * share,
    pupils: pupils.given ? pupils.sum : s.enrolment * share,
  };
}

function unitPosition(unit: ConsolidationInputs['units'][number], override: Readonly<Record<string, readonly [number, number]>>): [number, number] | null {
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

/**
 * Turns records into the model's sets: planned schools (with their mode, seats and room), units with a position,
 * (unit, band) demand pairs with pupils, and candidate arcs. Throws {@link ConsolidationInputError} on malformed
 * input. See {@link ConsolidationModel} for the rules.
 */
export function buildInstance(inputs: ConsolidationInputs, options: ConsolidationOptions = {}): Instance {
  const opt = resolveOptions(options);
  const problems: string[] = [];
  const warnings: string[] = [];
  if (!Number.isInteger(inputs.targetYear)) problems.push(`targetYear must be an integer, got ${inputs.targetYear}`);

  // Schools.
  const seenSchool = new Set<string>();
  const schools: SchoolNode[] = [];
  const mustKeep = new Set(opt.mustKeep);
  const mustClose = new Set(opt.mustClose);
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
      seats[p] = opt.capacityBasis === 'norm_or_current' ? Math.max(f.classes * norm[p], f.pupils) : f.classes * norm[p];
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
      townshipCode: s.townshipCode,
      position: [s.lon, s.lat],
      stages,
      mode,
      fixed,
      seats,
      norm,
      room: s.maxClasses !== null ? Math.max(0, Math.floor(s.maxClasses - s.classes)) : 0,
      boardingPlaces: Math.max(0, s.boardingPlaces || 0),
      otherEnrolment,
    });
  }
  const schoolByCode = new Map(schools.map((s) => [s.code, s]));
  for (const code of [...opt.mustKeep, ...opt.mustClose]) {
    if (!schoolByCode.has(code)) problems.push(`must-keep/must-close school ${code} is not a primary/junior school open in ${inputs.targetYear}`);
  }

  // Units with pupils in the target year.
  const unitRecords = new Map<string, ConsolidationInputs['units'][number]>();
  for (const u of inputs.units) {
    if (unitRecords.has(u.code)) problems.push(`duplicate unit code ${u.code}`);
    unitRecords.set(u.code, u);
  }
  const pupilsByUnit = new Map<string, Record<GradeBand, number>>();
  for (const row of inputs.demand) {
    if (row.year !== inputs.targetYear || (row.stage !== 'primary' && row.stage !== 'junior')) continue;
    const byGrade = opt.population === 'resident' ? row.residentByGrade : row.registeredByGrade;
    const first = STAGE_GRADES[row.stage][0];
    const entry = pupilsByUnit.get(row.unitCode) ?? { lower: 0, upper: 0, junior: 0 };
    for (const band of BANDS) {
      const { stage, grades } = GRADE_BANDS[band];
      if (stage !== row.stage) continue;
      for (const g of grades) {
        const v = byGrade[g - first];
        if (v === undefined) continue;
        if (!Number.isFinite(v) || v < 0) problems.push(`demand of unit ${row.unitCode} grade ${g} is ${v}`);
        else entry[band] += v;
      }
    }
    pupilsByUnit.set(row.unitCode, entry);
  }
  const units: UnitNode[] = [];
  const demands: DemandNode[] = [];
  for (const [code, byBand] of pupilsByUnit) {
    if (BANDS.every((b) => byBand[b] <= 0)) continue;
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
      if (byBand[band] <= 0) continue;
      demands.push({ index: demands.length, unit: unit.index, band, stage: GRADE_BANDS[band].stage, pupils: byBand[band], current: null, currentSource: null, currentKm: null, currentMinutes: null, arcs: [] });
    }
  }
  if (problems.length) throw new ConsolidationInputError(problems);

  // Current school per unit and stage: the catchment's school (nearest of several), else the nearest school.
  // Roads hook: with a road provider every unit-school km (and minutes) is by road, one search per unit; pairs the
  // network does not connect keep the straight-line figure and are counted in the warnings.
  const travel = inputs.travel && inputs.travel.source === 'roads' ? inputs.travel : null;
  const straightKmh = inputs.travel?.straightSpeedKmh ?? 30;
  const schoolPoints = schools.map((s) => ({ lon: s.position[0], lat: s.position[1] }));
  const byRoad = new Map<number, ({ km: number; minutes: number } | null)[]>();
  let unconnected = 0;
  const leg = (unit: UnitNode, school: SchoolNode): { km: number; minutes: number } => {
    if (travel) {
      let row = byRoad.get(unit.index);
      if (!row) {
        row = travel.fromOne({ lon: unit.position[0], lat: unit.position[1] }, schoolPoints);
        unconnected += row.filter((x) => x === null).length;
        byRoad.set(unit.index, row);
      }
      const r = row[school.index];
      if (r) return r;
    }
    const k = haversineKm(unit.position, school.position) * (opt.detourFactorByCounty[unit.countyCode] ?? opt.detourFactor);
    return { km: k, minutes: (k / straightKmh) * 60 };
  };
  const km = (unit: UnitNode, school: SchoolNode): number => leg(unit, school).km;
  const currentOf = catchmentLookup(inputs, schoolByCode, units);
  const byStage: Record<PlannedStage, SchoolNode[]> = {
    primary: schools.filter((s) => s.stages.includes('primary')),
    junior: schools.filter((s) => s.stages.includes('junior')),
  };
  let nearestFallbacks = 0;
  const arcs: ArcNode[] = [];
  const arcsInto: number[][] = schools.map(() => []);
  const k = opt.candidatesPerVillage;
  const demandsOfUnit: DemandNode[][] = units.map(() => []);
  for (const d of demands) demandsOfUnit[d.unit].push(d);
  for (const unit of units) {
    for (const stage of PLANNED) {
      const unitDemands = demandsOfUnit[unit.index].filter((d) => d.stage === stage);
      if (unitDemands.length === 0) continue;
      const pool = byStage[stage].map((s) => ({ s, km: km(unit, s) })).sort((a, b) => a.km - b.km || a.s.index - b.s.index);
      let current: SchoolNode | null = null;
      let source: DemandNode['currentSource'] = null;
      const listed = currentOf(unit, stage).filter((s) => s.stages.includes(stage));
      if (listed.length) {
        current = listed.reduce((best, s) => (km(unit, s) < km(unit, best) ? s : best));
        source = 'catchment';
      } else if (pool.length) {
        current = pool[0].s;
        source = 'nearest';
        nearestFallbacks++;
      }
      for (const d of unitDemands) {
        d.current = current ? current.index : null;
        d.currentSource = source;
        d.currentKm = current ? km(unit, current) : null;
        d.currentMinutes = current ? leg(unit, current).minutes : null;
        const chosen: Array<{ s: SchoolNode; km: number }> = [];
        if (current && current.mode !== 'closed') chosen.push({ s: current, km: d.currentKm! });
        let taken = 0;
        for (const c of pool) {
          if (taken >= k) break;
          if (c.s === current || c.s.mode === 'closed') continue;
          if (opt.sameCountyOnly && c.s.record.countyCode !== null && c.s.record.countyCode !== unit.countyCode) continue;
          const limit = d.band !== 'lower' && c.s.boardingPlaces > 0 ? Math.max(opt.boardingTravelKm, opt.dayTravelKm) : opt.dayTravelKm;
          if (c.km > limit) continue;
          chosen.push(c);
          taken++;
        }
        for (const c of chosen) {
          const statusQuo = c.s === current;
          const arc: ArcNode = { index: arcs.length, demand: d.index, school: c.s.index, km: c.km, minutes: leg(unit, c.s).minutes, statusQuo, boarding: !statusQuo && d.band !== 'lower' && c.km > opt.dayTravelKm };
          arcs.push(arc);
          d.arcs.push(arc.index);
          arcsInto[c.s.index].push(arc.index);
        }
      }
    }
  }
  if (unconnected > 0) warnings.push(`${unconnected} unit-school pairs are not connected by road; they keep the straight-line distance`);
  if (nearestFallbacks > 0) warnings.push(`${nearestFallbacks} unit-stage pairs have no catchment; their current school is the nearest one`);
  return { options: opt, targetYear: inputs.targetYear, schools, units, demands, arcs, arcsInto, warnings, travelSource: travel ? 'roads' : 'straight-line' };
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
    else if (c.geometry) polygons.push({ stage: c.stage, codes: c.schoolCodes, feature: { type: 'Feature', properties: null, geometry: c.geometry } });
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
