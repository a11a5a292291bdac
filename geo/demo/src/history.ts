/**
 * The population history written to population.csv: 2016-2024 with year-to-year noise, so that a rolling-origin
 * back-test of the projection has something to measure. The base year 2024 is the model's own (schools, catchments
 * and the 高铁新城 check are built on it and stay as they are); the years before it are cast backwards from 2024
 * through noisy cohort-change ratios, so that every consecutive pair obeys
 *
 *   P_u(a, t+1) = r_u (1 + tau_T,t+1 + ups_u,t+1) P_u(a-1, t) + e,   var(e) = s_cell^2 x^2 + g x,  x = r_u P_u(a-1, t)
 *
 * with tau a township-year shock (every unit and age of the township), ups a unit-year shock (every age of the unit)
 * and e the cell's own noise: a share s_cell of the count plus a Poisson-like part g x, g being the share of a cohort
 * that moves in or out in a year (net moves of many independent families have variance ~ gross moves). The noise
 * comes from its own seeded stream ("history-noise/<county>"), so no other file of the demo changes.
 */
import type { Village, World } from './geometry';
import { BASE_YEAR, type PopulationResult } from './population';
import { stream, type Rng } from './rng';

/** First year of the written history (nine years, eight consecutive pairs). */
export const HISTORY_FROM = 2016;
export const HISTORY_YEARS = Array.from({ length: BASE_YEAR - HISTORY_FROM + 1 }, (_, k) => HISTORY_FROM + k);

/** Noise of one population kind (standard deviations as shares of the count; g as a share of the cohort). */
export interface HistoryNoise {
  township: number;
  unit: number;
  cell: number;
  gross: number;
}

/**
 * Assumption (no Quzhou measurement exists): resident children are moved by township-level shocks of 1.5 % a year
 * (a factory, a school closure, a new estate), unit-level shocks of 2.5 % and 6 % of a cohort moving in or out
 * independently. With these sizes a village's stage count is off by some 3-6 % one year ahead, a township's by 2-3 %
 * and a county's by about 1 % three years ahead: the order the published anchors give (NCES: national enrolment
 * projections miss by 0.8 % at 3 years, states by 2.4 %, districts and schools by far more). 户籍 moves far less.
 */
export const RESIDENT_NOISE: HistoryNoise = { township: 0.015, unit: 0.025, cell: 0.02, gross: 0.06 };
export const REGISTERED_NOISE: HistoryNoise = { township: 0.005, unit: 0.01, cell: 0.01, gross: 0.02 };
/** The registered ageing ratio of the model (population.ts). */
const REGISTERED_RATIO = 0.998;

/** Unit -> year -> 18 rounded counts, resident and registered, for HISTORY_YEARS (2024 = the model's counts). */
export function noisyHistory(
  world: World,
  pop: PopulationResult,
): Map<Village, { resident: Map<number, number[]>; registered: Map<number, number[]> }> {
  const out = new Map<Village, { resident: Map<number, number[]>; registered: Map<number, number[]> }>();
  for (const county of world.counties) {
    const rng = stream(`history-noise/${county.fact.code}`);
    for (const [kind, noise] of [
      ['resident', RESIDENT_NOISE],
      ['registered', REGISTERED_NOISE],
    ] as const) {
      for (const t of county.townships) {
        const tau = HISTORY_YEARS.map(() => rng.normal(0, noise.township));
        for (const v of t.villages) {
          const u = pop.units.get(v);
          if (!u) continue;
          const ratio = kind === 'resident' ? u.ratio : REGISTERED_RATIO;
          const series = castBack(u[kind].get(BASE_YEAR) as number[], ratio, tau, noise, rng);
          let entry = out.get(v);
          if (!entry) {
            entry = { resident: new Map(), registered: new Map() };
            out.set(v, entry);
          }
          entry[kind] = series;
        }
      }
    }
  }
  return out;
}

/** Cast one unit's base-year counts back to HISTORY_FROM; tau[k] is the township shock of year HISTORY_YEARS[k]. */
function castBack(base: number[], ratio: number, tau: number[], noise: HistoryNoise, rng: Rng): Map<number, number[]> {
  const years = new Map<number, number[]>([[BASE_YEAR, base.slice()]]);
  let next = base.slice();
  for (let k = HISTORY_YEARS.length - 1; k > 0; k--) {
    const r = ratio * (1 + tau[k] + rng.normal(0, noise.unit));
    const cur = new Array<number>(18).fill(0);
    for (let a = 1; a < 18; a++) {
      const x = next[a] / r;
      const sd = Math.sqrt(noise.cell * noise.cell * x * x + noise.gross * x);
      cur[a - 1] = Math.max(0, x + rng.normal(0, sd));
    }
    // The oldest age has no older cohort a year later: it keeps the age-17/16 relation of the later year.
    cur[17] = next[16] > 0 ? (cur[16] * next[17]) / next[16] : next[17];
    next = cur;
    years.set(
      HISTORY_YEARS[k - 1],
      cur.map((x) => Math.round(x)),
    );
  }
  return years;
}
