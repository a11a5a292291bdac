import type { CatchmentRecord, DemandRow, PopulationUnitRecord, SchoolRecord, Stage } from '@app/domain';
import { KM_PER_DEGREE } from '@app/geo';

/**
 * Tiny hand-checkable worlds for tests: everything lies on the equator, so the great-circle distance between two
 * points is exactly |Δlon| x KM_PER_DEGREE and `at(km)` places a point `km` kilometres east of the origin.
 */
export function at(km: number): [number, number] {
  return [km / KM_PER_DEGREE, 0];
}

export interface SchoolSpec {
  code: string;
  km: number;
  township: string;
  enrolment: number;
  classes: number;
  stages?: Stage[];
  maxClasses?: number | null;
  boardingPlaces?: number;
  classSizeNorm?: number | null;
  /** Approved seats; default 0 (not recorded), so a stage's seats are its classes x class-size norm. */
  approvedSeats?: number;
}

export function school(spec: SchoolSpec): SchoolRecord {
  const [lon, lat] = at(spec.km);
  return {
    code: spec.code,
    name: `School ${spec.code}`,
    stages: spec.stages ?? ['primary'],
    ownership: 'public',
    lon,
    lat,
    countyCode: '330802',
    townshipCode: spec.township,
    classesByGrade: {},
    enrolmentByGrade: {},
    enrolment: spec.enrolment,
    classes: spec.classes,
    approvedSeats: spec.approvedSeats ?? 0,
    classSizeNorm: spec.classSizeNorm ?? null,
    maxClasses: spec.maxClasses ?? null,
    boardingPlaces: spec.boardingPlaces ?? 0,
    teachers: 10,
    indicators: null,
    status: 'open',
    openYear: null,
    closeYear: null,
  };
}

export function unit(code: string, km: number, township: string): PopulationUnitRecord {
  return {
    code,
    name: `Village ${code}`,
    townshipCode: township,
    countyCode: '330802',
    settlement: 'rural',
    geometry: { type: 'Point', coordinates: at(km) },
  };
}

/** Demand rows of one unit: `primary` pupils per grade 1-6 and `junior` per grade 7-9 (equal in every grade). */
export function demand(unitCode: string, year: number, primaryPerGrade: number, juniorPerGrade = 0): DemandRow[] {
  const rows: DemandRow[] = [];
  if (primaryPerGrade > 0) {
    const g = Array(6).fill(primaryPerGrade) as number[];
    rows.push({
      unitCode,
      stage: 'primary',
      year,
      resident: 6 * primaryPerGrade,
      registered: 6 * primaryPerGrade,
      residentByGrade: g,
      registeredByGrade: [...g],
      fromHousing: 0,
    });
  }
  if (juniorPerGrade > 0) {
    const g = Array(3).fill(juniorPerGrade) as number[];
    rows.push({
      unitCode,
      stage: 'junior',
      year,
      resident: 3 * juniorPerGrade,
      registered: 3 * juniorPerGrade,
      residentByGrade: g,
      registeredByGrade: [...g],
      fromHousing: 0,
    });
  }
  return rows;
}

export function catchment(code: string, stage: 'primary' | 'junior', schoolCodes: string[], unitCodes: string[]): CatchmentRecord {
  return { code, stage, schoolCodes, unitCodes, geometry: null };
}
