import { AGE_GROUPS, type PopulationKind } from '@app/domain';
import { multiplierOf } from './assumptions';
import type { Prepared } from './prepare';
import type { ResolvedAssumptions } from './types';

const A = AGE_GROUPS;

/** Annual rate used beyond the last observed year of a series (README, "Births"). */
export function extensionRate(years: readonly number[], values: readonly number[], a: ResolvedAssumptions): number {
  switch (a.birthExtension) {
    case 'constant':
      return 0;
    case 'low':
    case 'medium':
    case 'high':
      return a.variantRates[a.birthExtension];
    case 'trend': {
      // OLS of ln(births) on year over the last N observed years with births > 0.
      const from = Math.max(0, years.length - a.trendYears);
      const xs: number[] = [];
      const ys: number[] = [];
      for (let i = from; i < years.length; i++)
        if (values[i] > 0) {
          xs.push(years[i]);
          ys.push(Math.log(values[i]));
        }
      if (xs.length < 2) return 0;
      const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
      const my = ys.reduce((s, y) => s + y, 0) / ys.length;
      let sxy = 0;
      let sxx = 0;
      for (let i = 0; i < xs.length; i++) {
        sxy += (xs[i] - mx) * (ys[i] - my);
        sxx += (xs[i] - mx) ** 2;
      }
      const g = sxx > 0 ? Math.exp(sxy / sxx) - 1 : 0;
      return Math.min(a.trendRateMax, Math.max(a.trendRateMin, g));
    }
  }
}

/**
 * Values of a series at `years`: observed where given, linear interpolation inside gaps, the first value before
 * the series, and V_L (1 + g)^(t - L) after its last year L. `extended[i]` is 1 where the extension was used.
 */
export function seriesAt(
  years: readonly number[],
  values: readonly number[],
  targetYears: readonly number[],
  a: ResolvedAssumptions,
): { values: Float64Array; extended: Uint8Array } {
  const out = new Float64Array(targetYears.length);
  const ext = new Uint8Array(targetYears.length);
  const L = years[years.length - 1];
  const g = extensionRate(years, values, a);
  targetYears.forEach((t, i) => {
    if (t > L) {
      out[i] = values[values.length - 1] * (1 + g) ** (t - L);
      ext[i] = 1;
    } else if (t <= years[0]) {
      out[i] = values[0];
    } else {
      let j = 1;
      while (years[j] < t) j++;
      const y0 = years[j - 1];
      const y1 = years[j];
      out[i] = y1 === t ? values[j] : values[j - 1] + ((values[j] - values[j - 1]) * (t - y0)) / (y1 - y0);
    }
  });
  return { values: out, extended: ext };
}

/**
 * Births per unit and projection year, flat `u * (horizon + 1) + y`, y = 1..horizon (y = 0 holds the base
 * year's age-0 count, for reference). README, "Births":
 * - a unit uses the most specific series that covers it (its own, else its township's, else its county's);
 * - an area's births are split among the units that use them by the units' share of the area's base-year
 *   population aged 0..S-1 (S = birthShareAges), equal shares when that population is 0;
 * - registered births come from the registered series the same way when an area has one, else resident births
 *   x rho_u, rho_u = (Reg_u + K rho_t) / (Res_u + K) over ages 0..S-1 (township toward county likewise);
 * - extended (not observed) years are multiplied by the unit's birth multiplier.
 */
export function unitBirths(p: Prepared, years: readonly number[]): Record<PopulationKind, Float64Array> {
  const a = p.assumptions;
  const U = p.unitCodes.length;
  const Y = years.length;
  const future = years.slice(1);
  const S = a.birthShareAges;
  const yb = p.nHist - 1;
  const young = (kind: PopulationKind, u: number): number => {
    const h = p.hist[kind];
    const o = (u * p.nHist + yb) * A;
    let s = 0;
    for (let k = 0; k < S; k++) s += h[o + k];
    return s;
  };
  const mult = new Float64Array(U);
  for (let u = 0; u < U; u++)
    mult[u] = multiplierOf(a.birthMultiplier, p.unitCodes[u], p.townshipCodes[p.unitTownship[u]], p.countyCodes[p.unitCounty[u]]);

  const out = {} as Record<PopulationKind, Float64Array>;
  for (const kind of ['resident', 'registered'] as const) {
    const B = new Float64Array(U * Y);
    out[kind] = B;
    for (let u = 0; u < U; u++) B[u * Y] = p.hist[kind][(u * p.nHist + yb) * A];
    if (kind === 'registered' && !p.hasRegistered) return out;
    // Group units by the series they use.
    const groups = new Map<string, number[]>();
    const hasSeries = (code: string): boolean => {
      const s = p.series.get(code);
      return s !== undefined && (kind === 'resident' ? s.years.length : s.registeredYears.length) > 0;
    };
    const uncovered: number[] = [];
    for (let u = 0; u < U; u++) {
      const code = [p.unitCodes[u], p.townshipCodes[p.unitTownship[u]], p.countyCodes[p.unitCounty[u]]].find(hasSeries);
      if (code === undefined) uncovered.push(u);
      else {
        const g = groups.get(code);
        if (g) g.push(u);
        else groups.set(code, [u]);
      }
    }
    for (const [code, members] of groups) {
      const s = p.series.get(code)!;
      const sy = kind === 'resident' ? s.years : s.registeredYears;
      const sv = kind === 'resident' ? s.births : s.registered;
      const { values, extended } = seriesAt(sy, sv, future, a);
      let total = 0;
      for (const u of members) total += young(kind, u);
      for (const u of members) {
        const share = total > 0 ? young(kind, u) / total : 1 / members.length;
        for (let i = 0; i < future.length; i++) B[u * Y + i + 1] = share * values[i] * (extended[i] ? mult[u] : 1);
      }
    }
    if (uncovered.length) {
      // Registered births without a registered series: resident births x rho (credibility-weighted ratio).
      const R = out.resident;
      const rho = registeredRatio(p, young);
      for (const u of uncovered) for (let y = 1; y < Y; y++) B[u * Y + y] = R[u * Y + y] * rho[u];
    }
  }
  return out;
}

/** rho_u = (Reg_u + K rho_t) / (Res_u + K); rho_t = (Reg_t + K_t rho_c) / (Res_t + K_t); rho_c = Reg_c / Res_c (1 if 0). */
function registeredRatio(p: Prepared, young: (kind: PopulationKind, u: number) => number): Float64Array {
  const U = p.unitCodes.length;
  const { credibilityK: K, townshipCredibilityK: KT } = p.assumptions;
  const regT = new Float64Array(p.townshipCodes.length);
  const resT = new Float64Array(p.townshipCodes.length);
  const regC = new Float64Array(p.countyCodes.length);
  const resC = new Float64Array(p.countyCodes.length);
  const reg = new Float64Array(U);
  const res = new Float64Array(U);
  for (let u = 0; u < U; u++) {
    reg[u] = young('registered', u);
    res[u] = young('resident', u);
    regT[p.unitTownship[u]] += reg[u];
    resT[p.unitTownship[u]] += res[u];
    regC[p.unitCounty[u]] += reg[u];
    resC[p.unitCounty[u]] += res[u];
  }
  const rhoC = Array.from(resC, (r, c) => (r > 0 ? regC[c] / r : 1));
  const rhoT = Array.from(resT, (r, t) => {
    const rc = rhoC[p.townshipCounty[t]];
    return r + KT > 0 ? (regT[t] + KT * rc) / (r + KT) : rc;
  });
  const rho = new Float64Array(U);
  for (let u = 0; u < U; u++) {
    const rt = rhoT[p.unitTownship[u]];
    rho[u] = res[u] + K > 0 ? (reg[u] + K * rt) / (res[u] + K) : rt;
  }
  return rho;
}
