/**
 * The 高铁新城 check: a rough projection of demand in the schools whose catchments cover the district (current
 * cohorts aged with each unit's cohort-change ratio, births held at the 2024 level, plus housing yields as
 * households complete), and seats for those schools sized so demand outgrows them from 2027 unless seats are added.
 */
import type { Village } from './geometry';
import type { District, HousingProject } from './district';
import type { PopulationResult } from './population';
import { BASE_YEAR } from './population';
import type { Catchment, CatchmentStage, School } from './schools';
import { STAGE_AGES, total, totalClasses } from './schools';
import { roundToTotal } from './rng';

export const CHECK_YEARS = [2024, 2025, 2026, 2027, 2028, 2029, 2030, 2031];
/** The year from which demand should exceed seats. */
export const ONSET_YEAR = 2027;

export interface DistrictCheck {
  stage: CatchmentStage;
  schools: School[];
  demand: number[];
  seats: number;
  /** First year demand exceeds seats (null: not within CHECK_YEARS). */
  onset: number | null;
}

/** Projected resident children of the given ages in a village (rough cohort ageing, flat births). */
export function projectVillage(pop: PopulationResult, v: Village, year: number, ages: number[]): number {
  const u = pop.units.get(v);
  if (!u) return 0;
  const base = u.resident.get(BASE_YEAR) as number[];
  const prev = u.resident.get(BASE_YEAR - 1) as number[];
  // cohort-change ratio estimated the way a projection would: sum over ages 0..16 -> 1..17
  let num = 0;
  let den = 0;
  for (let a = 0; a < 17; a++) {
    den += prev[a];
    num += base[a + 1];
  }
  const r = den > 0 ? num / den : 1;
  const h = year - BASE_YEAR;
  let s = 0;
  for (const a of ages) {
    const from = a - h;
    s += from >= 0 ? base[from] * r ** h : base[0] * r ** a;
  }
  return s;
}

function housingDemand(housing: HousingProject[], vs: Set<Village>, stage: CatchmentStage, year: number): number {
  let s = 0;
  for (const p of housing) {
    if (!vs.has(p.village)) continue;
    let done = 0;
    for (const [y, n] of p.phasing) if (y <= year) done += n;
    s += done * p.yields[stage];
  }
  return s;
}

export function checkDistrict(
  pop: PopulationResult,
  catchments: Catchment[],
  housing: HousingProject[],
  district: District,
  resize: boolean,
): DistrictCheck[] {
  const dv = new Set(district.villages);
  const out: DistrictCheck[] = [];
  for (const stage of ['kindergarten', 'primary', 'junior'] as CatchmentStage[]) {
    const cs = catchments.filter((c) => c.stage === stage && c.villages.some((v) => dv.has(v)));
    const schools = [...new Set(cs.flatMap((c) => c.schools))].sort((a, b) => a.seq - b.seq);
    const vs = new Set(cs.flatMap((c) => c.villages));
    const demand = CHECK_YEARS.map((y) => {
      let d = housingDemand(housing, vs, stage, y);
      for (const v of vs) d += projectVillage(pop, v, y, STAGE_AGES[stage]);
      return Math.round(d);
    });
    if (resize && stage !== 'kindergarten') {
      const k = CHECK_YEARS.indexOf(ONSET_YEAR);
      const before = Math.max(...demand.slice(0, k));
      const seats = demand[k] > before ? Math.floor((before + demand[k]) / 2) : Math.round(before * 1.02);
      const enrol = schools.map((s) => total(s));
      const eSum = enrol.reduce((a, b) => a + b, 0);
      const split = roundToTotal(
        enrol.map((e) => (seats * e) / eSum),
        seats,
      );
      schools.forEach((s, i) => {
        s.approvedSeats = split[i];
        s.maxClasses = Math.max(totalClasses(s), Math.ceil(split[i] / s.classSizeNorm)) + 2;
      });
    }
    const seats = schools.reduce((a, s) => a + s.approvedSeats, 0);
    const onsetIdx = demand.findIndex((d) => d > seats);
    out.push({ stage, schools, demand, seats, onset: onsetIdx >= 0 ? CHECK_YEARS[onsetIdx] : null });
  }
  return out;
}
