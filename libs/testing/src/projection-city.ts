import {
  AGE_GROUPS,
  mulberry32,
  type BirthRecord,
  type HousingProjectRecord,
  type PopulationCountRecord,
  type PopulationUnitRecord,
} from '@app/domain';
import type { ProjectionInput } from '@app/projection-model';

const A = AGE_GROUPS;

export interface ProjectionCityOptions {
  /** Last year with counts (default 2024). */
  baseYear?: number;
  /** Years of counts up to the base year (default 5). */
  historyYears?: number;
  /** Units per township (default 20). */
  unitsPerTownship?: number;
  /**
   * Exact mode: one set of cohort-change ratios everywhere, every unit a fixed share of its township in every age
   * and year, no rounding, no housing. A projection then reproduces held-out years exactly (back-test MAPE 0).
   * Default false: noisy integer counts, unit-specific ratios, housing projects after the base year.
   */
  exact?: boolean;
  /** Registered counts and registered births (default true). */
  registered?: boolean;
  /** Housing projects completed after the base year (default: units / 200, at least 1; 0 in exact mode). */
  housingProjects?: number;
}

export interface ProjectionCity extends ProjectionInput {
  units: PopulationUnitRecord[];
  population: PopulationCountRecord[];
  births: BirthRecord[];
  housing: HousingProjectRecord[];
  baseYear: number;
  firstYear: number;
  /** Exact mode only: the ratio every unit ages with (index = age, index 0 unused). */
  trueRatios: number[] | null;
}

/** The six county-level divisions of Quzhou (柯城, 衢江, 常山, 开化, 龙游, 江山). */
const COUNTIES = ['330802', '330803', '330822', '330824', '330825', '330881'];

/** Relative size of the birth cohort of a year: rising to 2016-2017, falling about 10 % a year to 2023. */
function cohortIndex(year: number): number {
  if (year <= 2016) return 0.75 + 0.25 * Math.max(0, Math.min(1, (year - 2006) / 10));
  if (year === 2017) return 0.97;
  if (year <= 2023) return 0.97 * 0.9 ** (year - 2017);
  return 0.97 * 0.9 ** 6 * (year === 2024 ? 1.05 : 1);
}

/**
 * A synthetic Quzhou-like city of `units` population units (about 20 per township, townships spread over the six
 * counties) with resident and registered counts for `historyYears` years, township births and a housing
 * pipeline. Deterministic for a given seed. For benches and tests; the numbers mean nothing.
 */
export function makeSyntheticCity(units: number, seed = 1, options: ProjectionCityOptions = {}): ProjectionCity {
  const rand = mulberry32(seed);
  const baseYear = options.baseYear ?? 2024;
  const historyYears = options.historyYears ?? 5;
  const firstYear = baseYear - historyYears + 1;
  const perTownship = options.unitsPerTownship ?? 20;
  const exact = options.exact ?? false;
  const withRegistered = options.registered ?? true;
  const nProjects = options.housingProjects ?? (exact ? 0 : Math.max(1, Math.round(units / 200)));
  const normal = (): number => {
    const u = 1 - rand();
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const round = (x: number): number => (exact ? x : Math.max(0, Math.floor(x + rand())));

  // Geography.
  const unitRecs: PopulationUnitRecord[] = [];
  const townships: { code: string; county: string; units: number[] }[] = [];
  for (let i = 0; i < units; i++) {
    const t = Math.floor(i / perTownship);
    if (!townships[t]) {
      const county = COUNTIES[t % COUNTIES.length];
      const seq = Math.floor(t / COUNTIES.length) + 1;
      townships[t] = { code: `${county}${String(seq).padStart(3, '0')}`, county, units: [] };
    }
    const tw = townships[t];
    const code = `${tw.code}${String(tw.units.length + 1).padStart(3, '0')}`;
    tw.units.push(i);
    unitRecs.push({
      code,
      name: `synthetic unit ${code}`,
      townshipCode: tw.code,
      countyCode: tw.county,
      settlement: tw.units.length === 1 ? 'urban' : 'rural',
      geometry: { type: 'Point', coordinates: [118.3 + rand() * 0.9, 28.4 + rand() * 1.0] },
    });
  }

  // Sizes (children per single-year cohort at index 1), ratios and registered shares.
  const exactRatios = Array.from({ length: A }, (_, a) => (a === 0 ? 0 : 0.97 + 0.004 * (a % 5)));
  const size = new Float64Array(units);
  const ratios: Float64Array[] = [];
  const regRatios: Float64Array[] = [];
  const regShare = new Float64Array(units);
  for (let i = 0; i < units; i++) {
    const urban = unitRecs[i].settlement === 'urban';
    const countyIdx = COUNTIES.indexOf(unitRecs[i].countyCode);
    size[i] = exact ? 1 + (i % 7) : Math.exp(normal() * 0.8) * (urban ? 40 : 6);
    const r = new Float64Array(A);
    const rr = new Float64Array(A);
    const drift = urban ? 0.02 : countyIdx === 0 ? 0.0 : -0.02;
    for (let a = 1; a < A; a++) {
      r[a] = exact ? exactRatios[a] : Math.max(0.6, 1 + drift + (a === 6 || a === 12 ? (urban ? 0.05 : -0.05) : 0) + normal() * 0.02);
      rr[a] = exact ? exactRatios[a] : 1 + (r[a] - 1) * 0.3;
    }
    ratios.push(r);
    regRatios.push(rr);
    regShare[i] = exact ? 0.9 : urban ? 0.75 + rand() * 0.1 : 1.05 + rand() * 0.15;
  }

  // Births by township and year (the series starts 5 years before the first count year).
  const births: BirthRecord[] = [];
  const unitBirth = new Map<string, number>();
  for (const tw of townships) {
    for (let year = firstYear - 5; year <= baseYear; year++) {
      let total = 0;
      let reg = 0;
      for (const i of tw.units) {
        const b = exact ? size[i] * cohortIndex(year) : round(size[i] * cohortIndex(year) * (1 + normal() * 0.1));
        unitBirth.set(`${i}|${year}`, b);
        total += b;
        reg += exact ? b * regShare[i] : round(b * regShare[i]);
      }
      births.push({ areaCode: tw.code, year, births: total, registeredBirths: withRegistered ? reg : null });
    }
  }

  // Counts: the first year from the cohort index, then ageing with each unit's ratios.
  const population: PopulationCountRecord[] = [];
  for (let i = 0; i < units; i++) {
    let res = Array.from({ length: A }, (_, a) =>
      a === 0 ? unitBirth.get(`${i}|${firstYear}`)! : round(size[i] * cohortIndex(firstYear - a)),
    );
    let reg = res.map((x) => (exact ? x * regShare[i] : round(x * regShare[i])));
    for (let year = firstYear; year <= baseYear; year++) {
      if (year > firstYear) {
        const b = unitBirth.get(`${i}|${year}`)!;
        const prevRes = res;
        const prevReg = reg;
        res = Array.from({ length: A }, (_, a) => (a === 0 ? b : round(prevRes[a - 1] * ratios[i][a])));
        reg = Array.from({ length: A }, (_, a) =>
          a === 0 ? (exact ? b * regShare[i] : round(b * regShare[i])) : round(prevReg[a - 1] * regRatios[i][a]),
        );
      }
      population.push({ unitCode: unitRecs[i].code, year, population: 'resident', ages: res.slice() });
      if (withRegistered) population.push({ unitCode: unitRecs[i].code, year, population: 'registered', ages: reg.slice() });
    }
  }

  // Housing after the base year, in urban units, phased over three years.
  const housing: HousingProjectRecord[] = [];
  const urbanUnits = unitRecs.filter((u) => u.settlement === 'urban');
  for (let k = 0; k < nProjects && urbanUnits.length; k++) {
    const u = urbanUnits[Math.floor(rand() * urbanUnits.length)];
    const households = 200 + Math.floor(rand() * 1800);
    const y0 = baseYear + 1 + Math.floor(rand() * 4);
    const h1 = Math.round(households * 0.4);
    const h2 = Math.round(households * 0.4);
    housing.push({
      code: `H${String(k + 1).padStart(4, '0')}`,
      name: `synthetic project ${k + 1}`,
      townshipCode: u.townshipCode,
      districtCode: k % 2 === 0 ? 'D-GTXC' : null,
      unitCode: u.code,
      lon: 118.87,
      lat: 28.93,
      households,
      type: 'commodity',
      phasing: { [String(y0)]: h1, [String(y0 + 1)]: h2, [String(y0 + 2)]: households - h1 - h2 },
      yields: { kindergarten: 0.12, primary: 0.25, junior: 0.12, senior: 0.1 },
    });
  }

  return {
    units: unitRecs,
    population,
    births,
    housing,
    baseYear,
    firstYear,
    trueRatios: exact ? exactRatios : null,
  };
}
