import { AGE_GROUPS, type PopulationKind } from '@app/domain';
import { multiplierOf } from './assumptions';
import { prepare, type Prepared } from './prepare';
import type { ProjectionAssumptions, ProjectionInput } from './types';
import { ProjectionInputError } from './validate';

const A = AGE_GROUPS;

/** Flat ratio arrays (`index * 18 + age`, age 1..17; age 0 unused). */
export interface RatioArrays {
  /** Unit ratios after shrinkage, before the migration multiplier and clipping. */
  unit: Float64Array;
  /** Unit ratios as applied: clip(1 + m (R - 1)). */
  applied: Float64Array;
  /** Credibility weight of the unit's own ratio, n / (n + K). */
  unitWeight: Float64Array;
  /** Township ratios (shrunk toward the county) and county ratios (pooled). */
  township: Float64Array;
  county: Float64Array;
}

/**
 * Cohort-change ratios of one population kind (README, "Ageing"):
 *   n_u(a) = sum over consecutive year pairs (t-1, t) of P_u(a-1, t-1),  m_u(a) = same pairs of P_u(a, t);
 *   county  R_c = M_c / N_c (sums over its units; 1 when N_c = 0);
 *   township R_t = (M_t + K_t R_c) / (N_t + K_t)   i.e. w R_raw + (1 - w) R_c with w = N_t / (N_t + K_t);
 *   unit    R_u = (m_u + K R_t) / (n_u + K)         i.e. w R_raw + (1 - w) R_t with w = n_u / (n_u + K);
 *   applied = clip(1 + m (R_u - 1), ratioMin, ratioMax), m the unit's migration multiplier.
 */
export function ratioArrays(p: Prepared, kind: PopulationKind): RatioArrays {
  const U = p.unitCodes.length;
  const T = p.townshipCodes.length;
  const C = p.countyCodes.length;
  const { nHist } = p;
  const h = p.hist[kind];
  const pr = p.present[kind];
  const n = new Float64Array(U * A);
  const m = new Float64Array(U * A);
  for (let u = 0; u < U; u++) {
    const o = u * A;
    for (let y = 1; y < nHist; y++) {
      if (!pr[u * nHist + y] || !pr[u * nHist + y - 1]) continue;
      const cur = (u * nHist + y) * A;
      const prev = cur - A;
      for (let a = 1; a < A; a++) {
        n[o + a] += h[prev + a - 1];
        m[o + a] += h[cur + a];
      }
    }
  }
  const NT = new Float64Array(T * A);
  const MT = new Float64Array(T * A);
  const NC = new Float64Array(C * A);
  const MC = new Float64Array(C * A);
  for (let u = 0; u < U; u++) {
    const t = p.unitTownship[u] * A;
    const c = p.unitCounty[u] * A;
    for (let a = 1; a < A; a++) {
      NT[t + a] += n[u * A + a];
      MT[t + a] += m[u * A + a];
      NC[c + a] += n[u * A + a];
      MC[c + a] += m[u * A + a];
    }
  }
  const { credibilityK: K, townshipCredibilityK: KT, ratioMin, ratioMax, migrationMultiplier } = p.assumptions;
  const county = new Float64Array(C * A);
  for (let c = 0; c < C; c++) for (let a = 1; a < A; a++) county[c * A + a] = NC[c * A + a] > 0 ? MC[c * A + a] / NC[c * A + a] : 1;
  const township = new Float64Array(T * A);
  for (let t = 0; t < T; t++) {
    const c = p.townshipCounty[t] * A;
    for (let a = 1; a < A; a++) {
      const d = NT[t * A + a] + KT;
      township[t * A + a] = d > 0 ? (MT[t * A + a] + KT * county[c + a]) / d : county[c + a];
    }
  }
  const unit = new Float64Array(U * A);
  const applied = new Float64Array(U * A);
  const unitWeight = new Float64Array(U * A);
  for (let u = 0; u < U; u++) {
    const t = p.unitTownship[u];
    const mult = multiplierOf(migrationMultiplier, p.unitCodes[u], p.townshipCodes[t], p.countyCodes[p.unitCounty[u]]);
    for (let a = 1; a < A; a++) {
      const i = u * A + a;
      const d = n[i] + K;
      const rt = township[t * A + a];
      const r = d > 0 ? (m[i] + K * rt) / d : rt;
      unit[i] = r;
      unitWeight[i] = d > 0 ? n[i] / d : 0;
      const x = 1 + mult * (r - 1);
      applied[i] = x < ratioMin ? ratioMin : x > ratioMax ? ratioMax : x;
    }
  }
  return { unit, applied, unitWeight, township, county };
}

/** Ratios of one population kind keyed by code; each array has 18 entries, index a = ratio from age a-1 to a. */
export interface CohortRatios {
  /** Applied unit ratios (shrunk, migration multiplier, clipped). */
  unit: Record<string, number[]>;
  /** Unit ratios after shrinkage only. */
  unitShrunk: Record<string, number[]>;
  /** Credibility weight of each unit's own history per age. */
  unitWeight: Record<string, number[]>;
  township: Record<string, number[]>;
  county: Record<string, number[]>;
}

/** Estimate the cohort-change ratios (for inspection and tests). Throws `ProjectionInputError` on bad input. */
export function estimateCohortRatios(
  input: ProjectionInput,
  assumptions: ProjectionAssumptions = {},
): Record<PopulationKind, CohortRatios> {
  const p = prepare(input, assumptions);
  if (p.errors.length) throw new ProjectionInputError(p.errors);
  const out = {} as Record<PopulationKind, CohortRatios>;
  for (const kind of ['resident', 'registered'] as const) {
    const r = ratioArrays(p, kind);
    const pick = (arr: Float64Array, codes: string[]): Record<string, number[]> => {
      const o: Record<string, number[]> = {};
      codes.forEach((code, i) => (o[code] = Array.from(arr.subarray(i * A, i * A + A))));
      return o;
    };
    out[kind] = {
      unit: pick(r.applied, p.unitCodes),
      unitShrunk: pick(r.unit, p.unitCodes),
      unitWeight: pick(r.unitWeight, p.unitCodes),
      township: pick(r.township, p.townshipCodes),
      county: pick(r.county, p.countyCodes),
    };
  }
  return out;
}
