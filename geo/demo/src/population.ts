/**
 * Children by single year of age 0-17 per unit for 2022-2024 (resident and registered) and births 2012-2024 by
 * township. The county age structure is the 2020 census (share_* columns, 5-year bands spread to single years in
 * proportion to the national births of the cohorts' birth years); 2021-2024 are aged from it unit by unit with
 * cohort-change ratios (urban in-migration above 1, rural out-migration below 1) and new births.
 */
import type { County, Township, Village, World } from './geometry';
import { stream } from './rng';

/** National births in millions (NBS statistical yearbooks / communiqués), used only for their shape. */
export const NATIONAL_BIRTHS: Record<number, number> = {
  2001: 17.02,
  2002: 16.47,
  2003: 15.99,
  2004: 15.93,
  2005: 16.17,
  2006: 15.85,
  2007: 15.94,
  2008: 16.08,
  2009: 15.91,
  2010: 15.92,
  2011: 16.04,
  2012: 16.35,
  2013: 16.4,
  2014: 16.87,
  2015: 16.55,
  2016: 17.86,
  2017: 17.23,
  2018: 15.23,
  2019: 14.65,
  2020: 12.0,
  2021: 10.62,
  2022: 9.56,
  2023: 9.02,
  2024: 9.54,
};

export const POPULATION_YEARS = [2022, 2023, 2024] as const;
export const BASE_YEAR = 2024;
export const BIRTH_YEARS = Array.from({ length: 13 }, (_, k) => 2012 + k);
/** Share of a year's births still in the unit as age 0 (deaths, timing): age_0 ~= 0.99 x births. */
export const AGE0_OF_BIRTHS = 0.99;

const BANDS: [string, number, number][] = [
  ['share_0', 0, 0],
  ['share_1_4', 1, 4],
  ['share_5_9', 5, 9],
  ['share_10_14', 10, 14],
  ['share_15_19', 15, 19],
];

export interface UnitPopulation {
  /** year -> 18 integer counts (ages 0..17). */
  resident: Map<number, number[]>;
  registered: Map<number, number[]>;
  /** Estimated yearly cohort-change ratio of the unit (used by the rough district check). */
  ratio: number;
}

export interface PopulationResult {
  units: Map<Village, UnitPopulation>;
  /** County births by year (real-valued, resident). */
  countyBirths: Map<County, Map<number, number>>;
  /** Township births by year: [resident, registered]. */
  townshipBirths: Map<Township, Map<number, [number, number]>>;
  /** County children by single year of age in 2020 (census structure). */
  census2020: Map<County, number[]>;
}

/** The census age structure of a county in 2020, ages 0..19. */
export function censusAges(county: County): number[] {
  const P = county.fact.population2020;
  const out = new Array(20).fill(0);
  for (const [key, lo, hi] of BANDS) {
    const share = county.fact.shares[key];
    let wsum = 0;
    for (let a = lo; a <= hi; a++) wsum += NATIONAL_BIRTHS[2020 - a];
    for (let a = lo; a <= hi; a++) out[a] = (P * share * NATIONAL_BIRTHS[2020 - a]) / wsum;
  }
  return out;
}

export function buildPopulation(world: World): PopulationResult {
  const units = new Map<Village, UnitPopulation>();
  const countyBirths = new Map<County, Map<number, number>>();
  const townshipBirths = new Map<Township, Map<number, [number, number]>>();
  const census2020 = new Map<County, number[]>();
  for (const county of world.counties) {
    const rng = stream(`population/${county.fact.code}`);
    const A = censusAges(county);
    census2020.set(county, A);
    // county births: 2012-2020 from the census cohorts, then a fall to 2023 and a small 2024 rebound
    const B = new Map<number, number>();
    for (let y = 2012; y <= 2020; y++) B.set(y, A[2020 - y]);
    const peak = Math.max(B.get(2016) as number, B.get(2017) as number);
    const fall = rng.range(0.42, 0.48);
    const b2020 = B.get(2020) as number;
    const b2023 = peak * (1 - fall);
    B.set(2021, b2020 * (b2023 / b2020) ** (1 / 3));
    B.set(2022, b2020 * (b2023 / b2020) ** (2 / 3));
    B.set(2023, b2023);
    B.set(2024, b2023 * 1.04);
    countyBirths.set(county, B);

    const vs = county.townships.flatMap((t) => t.villages);
    const youth = vs.map((v) => (v.urban ? rng.range(0.95, 1.15) : rng.range(0.75, 0.95)));
    const w = vs.map((v, k) => v.residents * youth[k]);
    const wsum = w.reduce((a, b) => a + b, 0);
    const births = new Map<Village, number>();
    const regChildOf = new Map<Village, number>();
    vs.forEach((v, k) => {
      const share = w[k] / wsum;
      const ratio = v.urban ? rng.range(1.005, 1.025) : rng.range(0.965, 0.99);
      const regChild = (v.registered / v.residents) * rng.range(0.95, 1.05);
      // 2020 base
      let res = Array.from({ length: 18 }, (_, a) => A[a] * share * (1 + 0.08 * (rng.next() - 0.5)));
      let reg = res.map((x) => x * regChild);
      const resident = new Map<number, number[]>();
      const registered = new Map<number, number[]>();
      for (let y = 2021; y <= BASE_YEAR; y++) {
        const by = (B.get(y) as number) * share;
        const nres = [by * AGE0_OF_BIRTHS];
        const nreg = [by * regChild * AGE0_OF_BIRTHS];
        for (let a = 1; a < 18; a++) {
          nres.push(res[a - 1] * ratio * (1 + 0.012 * (rng.next() - 0.5)));
          nreg.push(reg[a - 1] * 0.998);
        }
        res = nres;
        reg = nreg;
        if (y >= POPULATION_YEARS[0]) {
          resident.set(
            y,
            res.map((x) => Math.round(x)),
          );
          registered.set(
            y,
            reg.map((x) => Math.round(x)),
          );
        }
      }
      units.set(v, { resident, registered, ratio });
      births.set(v, share);
      regChildOf.set(v, regChild);
    });
    for (const t of county.townships) {
      const m = new Map<number, [number, number]>();
      for (const y of BIRTH_YEARS) {
        let r = 0;
        let g = 0;
        for (const v of t.villages) {
          const s = births.get(v) as number;
          r += (B.get(y) as number) * s;
          g += (B.get(y) as number) * s * (regChildOf.get(v) as number);
        }
        m.set(y, [Math.round(r), Math.round(g)]);
      }
      townshipBirths.set(t, m);
    }
  }
  return { units, countyBirths, townshipBirths, census2020 };
}

/** Sum of a unit set's resident children of the given ages in a year. */
export function sumAges(
  pop: PopulationResult,
  vs: Iterable<Village>,
  year: number,
  ages: number[],
  kind: 'resident' | 'registered' = 'resident',
): number {
  let s = 0;
  for (const v of vs) {
    const row = (pop.units.get(v) as UnitPopulation)[kind].get(year) as number[];
    for (const a of ages) s += row[a];
  }
  return s;
}
