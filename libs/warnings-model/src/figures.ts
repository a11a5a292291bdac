import {
  DEFAULT_CLASS_SIZE,
  type DistrictRecord,
  type HousingProjectRecord,
  type PopulationKind,
  type ProjectedStage,
  type SchoolRecord,
} from '@app/domain';
import type { CatchmentMatch, MatchingInput } from './catchment-matching';
import { cubeAdd, cubeAddCube, cubeGet, newCube, type DemandCube } from './demand-cube';
import { addDemand, demandOf, demandOfRow, intakeDemandOf, zeroDemand, type DemandTotals } from './demand-totals';
import { districtMembership, servingSchools, type DistrictMembership } from './districts';
import { isSchoolOpen, stageEnrolment, stageSeats, type IntakeSeatsRule, type StageSeats } from './school-capacity';

/** Level at which figures are aggregated. */
export type FigureSubjectType = 'school' | 'catchment' | 'township' | 'county' | 'district' | 'city';

/** Figures of one population count (resident or registered). */
export interface PopulationFigure {
  demand: number;
  /** Entry-grade demand. */
  intakeDemand: number;
  /** demand / seats; null when there are no seats. */
  utilisation: number | null;
  /** intakeDemand / intakeSeats; null when there are no intake seats. */
  intakeUtilisation: number | null;
  /** demand - seats (negative: spare seats). */
  seatGap: number;
  /** intakeDemand - intakeSeats. */
  intakeSeatGap: number;
  /** ceil(max(0, seatGap) / classSizeNorm): classes to add so every pupil has a seat. */
  classesShort: number;
  /** ceil(max(0, intakeSeatGap) / classSizeNorm): entry classes to add. */
  intakeClassesShort: number;
}

/** Capacity figures of one subject, stage and year. */
export interface CapacityFigure {
  subjectType: FigureSubjectType;
  subjectCode: string;
  stage: ProjectedStage;
  year: number;
  seats: number;
  intakeSeats: number;
  /** Norm for classes short: the school's; for an aggregate the common norm of its schools, else the stage default. */
  classSizeNorm: number;
  /** Schools whose seats are counted (open that year). */
  schoolCodes: string[];
  demand: DemandTotals;
  resident: PopulationFigure;
  registered: PopulationFigure;
  /** School figures: whether the school is open that year. */
  open?: boolean;
  /** School figures: the catchments of the stage that list the school. */
  catchmentCodes?: string[];
  /** School figures: pupils of the stage enrolled now (records). */
  enrolment?: number;
  /**
   * School figures: enrolment carried forward with the school's matched demand trend, enrolment x demand(year) /
   * demand(first year), resident count; the matched demand itself for a school opening later or without enrolment
   * recorded; 0 when closed. Demand from a catchment is what the school *should* take; enrolment is what it does
   * take (choice, private schools, boarding), so the trend, not the level, is taken from the projection.
   */
  projectedEnrolment?: number;
  /** District figures: the district's units, and the total matched demand of its serving schools (all units). */
  districtUnits?: string[];
  servingSchoolsDemand?: DemandTotals;
}

export interface FigureOptions {
  /** City code for the city-wide aggregate (default 330800, 衢州市). */
  cityCode?: string;
  intakeSeatsRule?: IntakeSeatsRule;
  /** District: minimum share of a unit a catchment must take for its schools to serve the district (default 0.05). */
  minServingShare?: number;
  /**
   * A run's world (see buildRunWorld): which schools teach each year and their seats that year (decided closures and
   * added classes). Default: the records (isSchoolOpen and stageSeats).
   */
  world?: {
    openAt: (schoolCode: string, year: number) => boolean;
    seatsAt: (schoolCode: string, stage: ProjectedStage, year: number) => StageSeats;
  };
}

/** Input of the figures: the matching input plus districts and housing projects. Never mutated. */
export interface FiguresInput extends MatchingInput {
  districts?: readonly DistrictRecord[];
  housing?: readonly HousingProjectRecord[];
}

/** All figures of a run, with a lookup index. */
export interface FigureSet {
  stages: ProjectedStage[];
  years: number[];
  rows: CapacityFigure[];
  /** By {@link figureKey}. */
  index: Map<string, CapacityFigure>;
  districts: DistrictMembership[];
}

/**
 * Lookup key of a figure in FigureSet.index.
 * @example
 * figureKey('catchment', 'P1', 'primary', 2027); // 'catchment|P1|primary|2027'
 */
export function figureKey(subjectType: FigureSubjectType, code: string, stage: ProjectedStage, year: number): string {
  return `${subjectType}|${code}|${stage}|${year}`;
}

/**
 * One figure from a set.
 *
 * @example
 * findFigure(figures, 'school', 'S1', 'primary', 2027)?.resident.utilisation;
 */
export function findFigure(
  set: Pick<FigureSet, 'index'>,
  subjectType: FigureSubjectType,
  code: string,
  stage: ProjectedStage,
  year: number,
): CapacityFigure | undefined {
  return set.index.get(figureKey(subjectType, code, stage, year));
}

function populationFigure(d: DemandTotals, p: PopulationKind, seats: number, intakeSeats: number, norm: number): PopulationFigure {
  const demand = demandOf(d, p);
  const intakeDemand = intakeDemandOf(d, p);
  const seatGap = demand - seats;
  const intakeSeatGap = intakeDemand - intakeSeats;
  return {
    demand,
    intakeDemand,
    utilisation: seats > 0 ? demand / seats : null,
    intakeUtilisation: intakeSeats > 0 ? intakeDemand / intakeSeats : null,
    seatGap,
    intakeSeatGap,
    classesShort: classesFor(seatGap, norm),
    intakeClassesShort: classesFor(intakeSeatGap, norm),
  };
}

/**
 * Projected enrolment per matched pupil of a school and stage (the rule of `CapacityFigure.projectedEnrolment`):
 * enrolment today / matched demand in the first year; 1 for a school opening later or without enrolment on record
 * (its matched demand is the best guess of its pupils); null when it has no matched demand to follow (e.g. a
 * private school: its enrolment stays as it is). The consolidation model multiplies its placed pupils by it, so
 * that it counts small schools as the world's figures do.
 * @example enrolmentPerPupil(true, 180, 200); // 0.9: 220 matched pupils in 2027 are 198 enrolled
 */
export function enrolmentPerPupil(baseOpen: boolean, enrolment: number, baseDemand: number): number | null {
  if (!baseOpen || enrolment <= 0) return 1;
  if (baseDemand <= 0) return null;
  return enrolment / baseDemand;
}

function projectedEnrolment(open: boolean, baseOpen: boolean, enrolment: number, baseDemand: number, demand: number): number {
  if (!open) return 0;
  const f = enrolmentPerPupil(baseOpen, enrolment, baseDemand);
  return f === null ? enrolment : f * demand;
}

/**
 * Classes needed to seat `gap` pupils at `norm` per class (0 when there is no gap). A 1e-9 slack keeps float noise
 * (90.0000000001 pupils) from asking for an extra class.
 *
 * @example
 * classesFor(100, 45); // 3
 */
export function classesFor(gap: number, norm: number): number {
  return gap > 1e-9 ? Math.ceil(gap / norm - 1e-9) : 0;
}

/**
 * Builds a figure from its demand, seats and norm.
 *
 * @example
 * makeFigure('catchment', 'P1', 'primary', 2027, demand, 810, 135, 45, ['S1', 'S3']).resident.intakeUtilisation;
 */
export function makeFigure(
  subjectType: FigureSubjectType,
  subjectCode: string,
  stage: ProjectedStage,
  year: number,
  demand: DemandTotals,
  seats: number,
  intakeSeats: number,
  classSizeNorm: number,
  schoolCodes: string[],
): CapacityFigure {
  return {
    subjectType,
    subjectCode,
    stage,
    year,
    seats,
    intakeSeats,
    classSizeNorm,
    schoolCodes,
    demand,
    resident: populationFigure(demand, 'resident', seats, intakeSeats, classSizeNorm),
    registered: populationFigure(demand, 'registered', seats, intakeSeats, classSizeNorm),
  };
}

/**
 * Capacity figures per school, catchment, township, county, district and city, for every matched stage and year.
 *
 * - School: seats and intake seats from {@link stageSeats} when open (0 when closed or not yet open); demand is the
 *   sum of the flows its catchments send it.
 * - Catchment: demand as matched; seats are its open schools' seats, a school listed by several catchments of the
 *   stage lending each catchment the share of its seats equal to that catchment's share of its demand (so seats are
 *   never counted twice).
 * - Township / county / city: demand of the units in it (by the unit's townshipCode / countyCode; unmatched demand
 *   included, it is still there), seats of the open schools in it (by the school's codes; schools outside any
 *   catchment, e.g. private ones, included).
 * - District: demand of its units ({@link districtMembership}), seats of the open schools serving it
 *   ({@link servingSchools}), in full.
 *
 * @example
 * const figures = computeFigures(input, matchCatchments(input));
 * findFigure(figures, 'township', '330802001', 'primary', 2027)?.resident.seatGap;
 */
export function computeFigures(input: FiguresInput, match: CatchmentMatch, options: FigureOptions = {}): FigureSet {
  const cityCode = options.cityCode ?? '330800';
  const minServingShare = options.minServingShare ?? 0.05;
  const { stages, years } = match;
  const rows: CapacityFigure[] = [];
  const index = new Map<string, CapacityFigure>();
  const push = (f: CapacityFigure): void => {
    rows.push(f);
    index.set(figureKey(f.subjectType, f.subjectCode, f.stage, f.year), f);
  };
  const stageSet = new Set(stages);
  const seatsCache = new Map<SchoolRecord, Partial<Record<ProjectedStage, StageSeats>>>();
  const seatsOf = (s: SchoolRecord, stage: ProjectedStage): StageSeats => {
    let bySchool = seatsCache.get(s);
    if (!bySchool) seatsCache.set(s, (bySchool = {}));
    return (bySchool[stage] ??= stageSeats(s, stage, options.intakeSeatsRule));
  };
  const world = options.world;
  const openIn = (s: SchoolRecord, year: number): boolean => (world ? world.openAt(s.code, year) : isSchoolOpen(s, year));
  const seatsIn = (s: SchoolRecord, stage: ProjectedStage, year: number): StageSeats =>
    world ? world.seatsAt(s.code, stage, year) : seatsOf(s, stage);
  const commonNorm = (schools: readonly SchoolRecord[], stage: ProjectedStage): number => {
    const norms = new Set(schools.map((s) => seatsOf(s, stage).classSizeNorm));
    return norms.size === 1 ? [...norms][0] : DEFAULT_CLASS_SIZE[stage];
  };

  const stageIdx = new Map(stages.map((st, i) => [st, i]));
  const yearIdx = new Map(years.map((y, i) => [y, i]));
  const nS = stages.length;
  const nY = years.length;

  // Matched demand per school (all its catchments), and per school and catchment (resident, for seat sharing).
  const schoolDemand = new Map<string, DemandCube>();
  const flowResident = new Map<string, number>();
  for (const f of match.flows) {
    const si = stageIdx.get(f.stage);
    const yi = yearIdx.get(f.year);
    if (si === undefined || yi === undefined) continue;
    let c = schoolDemand.get(f.schoolCode);
    if (!c) schoolDemand.set(f.schoolCode, (c = newCube(nS, nY)));
    cubeAdd(c, si, yi, f.demand);
    const k = `${f.schoolCode}|${f.stage}|${f.catchmentCode}|${f.year}`;
    flowResident.set(k, (flowResident.get(k) ?? 0) + f.demand.resident);
  }
  const catchmentsOfSchool = new Map<string, string[]>();
  for (const c of input.catchments) {
    if (!stageSet.has(c.stage as ProjectedStage)) continue;
    for (const sc of new Set(c.schoolCodes)) {
      const k = `${sc}|${c.stage}`;
      const list = catchmentsOfSchool.get(k);
      if (list) list.push(c.code);
      else catchmentsOfSchool.set(k, [c.code]);
    }
  }

  // Schools.
  for (const s of input.schools) {
    for (const stage of stages) {
      if (!s.stages.includes(stage)) continue;
      const si = stageIdx.get(stage) as number;
      const cube = schoolDemand.get(s.code);
      const base = seatsOf(s, stage);
      const enrolment = stageEnrolment(s, stage);
      const baseDemand = cubeGet(cube, si, 0).resident;
      const baseOpen = openIn(s, years[0]);
      const catchmentCodes = catchmentsOfSchool.get(`${s.code}|${stage}`) ?? [];
      years.forEach((year, yi) => {
        const open = openIn(s, year);
        const d = cubeGet(cube, si, yi);
        const v = world ? seatsIn(s, stage, year) : base;
        const f = makeFigure(
          'school',
          s.code,
          stage,
          year,
          d,
          open ? v.seats : 0,
          open ? v.intakeSeats : 0,
          base.classSizeNorm,
          open ? [s.code] : [],
        );
        f.open = open;
        f.catchmentCodes = catchmentCodes;
        f.enrolment = enrolment;
        f.projectedEnrolment = projectedEnrolment(open, baseOpen, enrolment, baseDemand, d.resident);
        push(f);
      });
    }
  }

  // Catchments.
  const schoolByCode = new Map(input.schools.map((s) => [s.code, s]));
  for (const cd of match.catchmentDemand) {
    const schools = cd.openSchoolCodes.map((c) => schoolByCode.get(c)).filter((s): s is SchoolRecord => !!s);
    let seats = 0;
    let intakeSeats = 0;
    for (const s of schools) {
      const own = seatsIn(s, cd.stage, cd.year);
      const catchments = catchmentsOfSchool.get(`${s.code}|${cd.stage}`) ?? [cd.catchmentCode];
      let share = 1;
      if (catchments.length > 1) {
        const total = cubeGet(schoolDemand.get(s.code), stageIdx.get(cd.stage) as number, yearIdx.get(cd.year) as number).resident;
        const mine = flowResident.get(`${s.code}|${cd.stage}|${cd.catchmentCode}|${cd.year}`) ?? 0;
        share = total > 0 ? mine / total : 1 / catchments.length;
      }
      seats += own.seats * share;
      intakeSeats += own.intakeSeats * share;
    }
    push(
      makeFigure(
        'catchment',
        cd.catchmentCode,
        cd.stage,
        cd.year,
        cd.demand,
        seats,
        intakeSeats,
        commonNorm(schools, cd.stage),
        cd.openSchoolCodes,
      ),
    );
  }

  // Areas: demand by unit, seats by school location.
  const unitDemand = new Map<string, DemandCube>();
  for (const row of input.demand) {
    const si = stageIdx.get(row.stage);
    const yi = yearIdx.get(row.year);
    if (si === undefined || yi === undefined) continue;
    let c = unitDemand.get(row.unitCode);
    if (!c) unitDemand.set(row.unitCode, (c = newCube(nS, nY)));
    cubeAdd(c, si, yi, demandOfRow(row));
  }
  const unitByCode = new Map(input.units.map((u) => [u.code, u]));
  const areaDemand = new Map<string, DemandCube>();
  const addArea = (key: string, c: DemandCube): void => {
    let a = areaDemand.get(key);
    if (!a) areaDemand.set(key, (a = newCube(nS, nY)));
    cubeAddCube(a, c);
  };
  for (const [code, c] of unitDemand) {
    // Units missing from the unit layer still count for the city.
    addArea(`city|${cityCode}`, c);
    const u = unitByCode.get(code);
    if (u) {
      addArea(`township|${u.townshipCode}`, c);
      addArea(`county|${u.countyCode}`, c);
    }
  }
  const areaSchools = new Map<string, SchoolRecord[]>();
  const addSchool = (key: string, s: SchoolRecord): void => {
    const list = areaSchools.get(key);
    if (list) list.push(s);
    else areaSchools.set(key, [s]);
  };
  for (const s of input.schools) {
    if (s.townshipCode) addSchool(`township|${s.townshipCode}`, s);
    if (s.countyCode) addSchool(`county|${s.countyCode}`, s);
    addSchool(`city|${cityCode}`, s);
  }
  const areaCodes = new Map<'township' | 'county' | 'city', Set<string>>([
    [
      'township',
      new Set([...input.units.map((u) => u.townshipCode), ...input.schools.flatMap((s) => (s.townshipCode ? [s.townshipCode] : []))]),
    ],
    ['county', new Set([...input.units.map((u) => u.countyCode), ...input.schools.flatMap((s) => (s.countyCode ? [s.countyCode] : []))])],
    ['city', new Set([cityCode])],
  ]);
  for (const [type, codes] of areaCodes) {
    for (const code of [...codes].sort()) {
      const all = areaSchools.get(`${type}|${code}`) ?? [];
      const cube = areaDemand.get(`${type}|${code}`);
      stages.forEach((stage, si) => {
        const serving = all.filter((s) => s.stages.includes(stage));
        years.forEach((year, yi) => {
          const open = serving.filter((s) => openIn(s, year));
          let seats = 0;
          let intake = 0;
          for (const s of open) {
            const v = seatsIn(s, stage, year);
            seats += v.seats;
            intake += v.intakeSeats;
          }
          push(
            makeFigure(
              type,
              code,
              stage,
              year,
              cubeGet(cube, si, yi),
              seats,
              intake,
              commonNorm(open, stage),
              open.map((s) => s.code),
            ),
          );
        });
      });
    }
  }

  // Districts.
  const districts = districtMembership(input.districts ?? [], input.units, input.housing ?? []);
  const catchmentSchools = new Map(input.catchments.map((c) => [`${c.stage}|${c.code}`, c.schoolCodes]));
  for (const m of districts) {
    const cube = newCube(nS, nY);
    for (const u of m.units) {
      const c = unitDemand.get(u.unitCode);
      if (c) cubeAddCube(cube, c);
    }
    stages.forEach((stage, si) => {
      const serving = servingSchools(m, match, catchmentSchools, stage, minServingShare);
      const schools = serving.schoolCodes.map((c) => schoolByCode.get(c)).filter((s): s is SchoolRecord => !!s);
      years.forEach((year, yi) => {
        const open = schools.filter((s) => openIn(s, year));
        let seats = 0;
        let intake = 0;
        const servingDemand = zeroDemand();
        for (const s of open) {
          const v = seatsIn(s, stage, year);
          seats += v.seats;
          intake += v.intakeSeats;
          addDemand(servingDemand, cubeGet(schoolDemand.get(s.code), si, yi));
        }
        const f = makeFigure(
          'district',
          m.districtCode,
          stage,
          year,
          cubeGet(cube, si, yi),
          seats,
          intake,
          commonNorm(open, stage),
          open.map((s) => s.code),
        );
        f.districtUnits = m.units.map((u) => u.unitCode);
        f.servingSchoolsDemand = servingDemand;
        push(f);
      });
    });
  }
  return { stages: [...stages], years: [...years], rows, index, districts };
}
