import { AGE_GROUPS, mulberry32, STAGE_GRADES, type DemandRow, type PopulationKind, type ProjectedStage } from '@app/domain';
import type { Prepared } from './prepare';
import { ratioArrays } from './ratios';
import { extensionRate } from './births';
import { PROJECTED_STAGES } from './enrolment';

const A = AGE_GROUPS;

/**
 * Error model of one population kind (README, "Uncertainty"). Variances are per projection year (step) and relative
 * (share of the count, squared), except `gross` (Poisson-like: variance g x of a count x).
 */
export interface KindErrorModel {
  /** Township-year shock variance: moves every unit and age of a township together. */
  township: number;
  /** Unit-year shock variance: moves every age of one unit together. */
  unit: number;
  /** Cell (unit x age x year) variance, relative. */
  cell: number;
  /** Poisson-like variance per child (share of a cohort moving in or out in a year). */
  gross: number;
  /** Fixed variance per cell and step (children): whole-number counts, coding noise. */
  fixed: number;
  /** Consecutive year pairs the ratios were estimated from (their estimation error is (shock variance) / pairs). */
  pairs: number;
  /** Empirical scale of the model's spread by horizon and figure size, from rolling-origin back-tests (null: none). */
  calibration?: Calibration | null;
}

/**
 * Scale factors of the ln-scale spread, by horizon and size of the figure (its point value), from the standardised
 * errors z = ln(actual / point) / s of rolling-origin back-tests: c80 = (80th percentile of |z|) / 1.2816,
 * c95 = (95th percentile of |z|) / 1.96. The 80 % bounds use s c80, the 95 % bounds s c95.
 */
export interface Calibration {
  /** Upper bounds of the size classes (point value); one more class above the last. */
  sizes: number[];
  /** scale[h - 1][class] = [c80, c95]; horizons beyond the table use its last row. */
  scale: [number, number][][];
  /** Figures the factors come from. */
  n: number;
  /**
   * Common-level drift: ln-variance added to every figure at horizon h, `drift[0] h + drift[1] h^2` (a random walk
   * plus a persistent trend error shared by a county's townships, which the township-year shocks, independent
   * between townships, miss). Fitted out of sample on the county figures of the back-test; absent: none.
   */
  drift?: [number, number];
  /**
   * Centre shift: the median of a figure at horizon h is point x exp(bias h), bias the mean ln(actual / point) per
   * year of horizon of the back-test's county figures (a projection that runs high has bias < 0). Absent: 0.
   */
  bias?: number;
}

/** ln shift of the median of a figure at horizon h under the calibration (0 without). */
export function shiftOf(c: Calibration | null | undefined, h: number): number {
  return c?.bias && h > 0 ? c.bias * h : 0;
}

/** Extra ln-variance of the calibration's common-level drift at horizon h (0 without drift). */
export function driftOf(c: Calibration | null | undefined, h: number): number {
  if (!c?.drift || h <= 0) return 0;
  return c.drift[0] * h + c.drift[1] * h * h;
}

/** Size classes of the calibration (point value of a figure). */
export const CALIBRATION_SIZES = [10, 30, 100, 300, 1000, 3000, 10000];

/**
 * The [c80, c95] scale of the ln-sd of a figure of point m at horizon h (1, 1 without calibration). With `lnVar`
 * (the model's ln-variance s^2 of the figure) the calibration's drift is included: the factors then scale s to
 * sqrt(c^2 s^2 + drift(h)). A certain figure (s = 0) stays certain.
 * @example
 * scaleOf(calibration, 3, 1200, 0.0004); // [sqrt(c80^2 + drift(3) / 0.0004), sqrt(c95^2 + drift(3) / 0.0004)]
 */
export function scaleOf(c: Calibration | null | undefined, h: number, m: number, lnVar = 0): [number, number] {
  if (!c || h <= 0 || c.scale.length === 0) return [1, 1];
  const row = c.scale[Math.min(h, c.scale.length) - 1];
  let k = 0;
  while (k < c.sizes.length && m >= c.sizes[k]) k++;
  const base = row[k] ?? [1, 1];
  const d = driftOf(c, h);
  if (!(d > 0) || !(lnVar > 0)) return base;
  // The drift adds to the calibrated variance: (c s)^2 + drift(h).
  return [Math.sqrt(base[0] * base[0] + d / lnVar), Math.sqrt(base[1] * base[1] + d / lnVar)];
}

/** The p quantile of sorted values (linear interpolation). */
function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const x = p * (sorted.length - 1);
  const i = Math.floor(x);
  const f = x - i;
  return i + 1 < sorted.length ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i];
}

/**
 * Calibration from standardised back-test errors `{ h, m, z }` (z = ln(actual / point) / s). A class with fewer than
 * `minFigures` errors at a horizon adds the class's errors of the nearest horizons until it has enough, else takes its
 * horizon's pooled factors; a horizon without errors is left out (later rows repeat).
 * @example
 * calibrate([{ h: 1, m: 50, z: 0.4 }, ...]).scale[0]; // [[c80, c95] per size class]
 */
export function calibrate(errors: readonly { h: number; m: number; z: number }[], minFigures = 40): Calibration {
  const H = errors.reduce((x, e) => Math.max(x, e.h), 0);
  const K = CALIBRATION_SIZES.length + 1;
  const cls = (m: number): number => {
    let k = 0;
    while (k < CALIBRATION_SIZES.length && m >= CALIBRATION_SIZES[k]) k++;
    return k;
  };
  const buckets = Array.from({ length: H }, () => Array.from({ length: K }, () => [] as number[]));
  for (const e of errors) if (e.h >= 1) buckets[e.h - 1][cls(e.m)].push(Math.abs(e.z));
  const factors = (zs: number[]): [number, number] => {
    zs.sort((a, b) => a - b);
    return [quantile(zs, 0.8) / Z80, quantile(zs, 0.95) / Z95];
  };
  // A class with too few errors at one horizon borrows the class's errors of the nearest horizons (h - 1, h + 1,
  // h - 2, ...) until it has enough: the largest figures, counties, are few per horizon and their spread changes
  // with horizon. A class without enough errors at all takes its horizon's pooled factors.
  const borrowed = (h: number, k: number): number[] | null => {
    const zs = buckets[h][k].slice();
    for (let d = 1; zs.length < minFigures && d < H; d++) for (const j of [h - d, h + d]) if (j >= 0 && j < H) zs.push(...buckets[j][k]);
    return zs.length >= minFigures ? zs : null;
  };
  const scale: [number, number][][] = [];
  for (let h = 0; h < H; h++) {
    const pooled = buckets[h].flat();
    if (pooled.length === 0) break;
    const fallback = factors(pooled.slice());
    scale.push(
      buckets[h].map((_, k) => {
        const zs = borrowed(h, k);
        return zs ? factors(zs) : fallback;
      }),
    );
  }
  return { sizes: CALIBRATION_SIZES.slice(), scale, n: errors.length };
}

/** One back-test error for `calibrateWithDrift`: horizon, point m, model ln-sd s, e = ln(actual / m), top level. */
export interface BacktestError {
  h: number;
  m: number;
  s: number;
  e: number;
  /** A figure of the highest level compared (county): the drift is fitted on these. */
  top: boolean;
}

/** Options of `calibrateWithDrift`. */
export interface CalibrationOptions {
  /**
   * Size and horizon factors from every level's errors, the top level's included, and no drift: the top level's own
   * quantiles set its spread, which may then be narrower than the model's (a drift, kept non-negative, only widens).
   * Used for the registered population, whose county figures move less than the township shocks imply.
   */
  ownFactors?: boolean;
}

/**
 * Calibration with a common-level drift (README, "Uncertainty", calibration): (0) the centre shift (bias per year of
 * horizon, least squares of e on h over the top-level figures), taken off every e; (1) size and horizon factors from the
 * lower levels' standardised errors e / s (`calibrate`); (2) the drift ln-variance a h + b h^2 (a, b >= 0) by least
 * squares of e^2 - c80^2 s^2 on (h, h^2) over the top-level figures, c80 their step-1 factor. A figure's calibrated
 * ln-variance is then c^2 s^2 + drift(h) around ln(point) + bias h. Without top-level figures: no drift, no shift.
 * With `ownFactors` the top-level figures join (1) and (2) is skipped (drift 0).
 * @example
 * calibrateWithDrift(errors).drift; // [a, b]: ln-variance a h + b h^2 added at horizon h
 */
export function calibrateWithDrift(errors: readonly BacktestError[], minFigures = 40, options: CalibrationOptions = {}): Calibration {
  // Centre: mean ln error per year of horizon of the top level, least squares through the origin.
  let he = 0;
  let h2 = 0;
  for (const x of errors)
    if (x.top && Number.isFinite(x.e)) {
      he += x.h * x.e;
      h2 += x.h * x.h;
    }
  const bias = h2 > 0 ? he / h2 : 0;
  errors = errors.map((x) => ({ ...x, e: x.e - bias * x.h }));
  const lower = errors.filter((x) => (options.ownFactors || !x.top) && x.s > 0);
  const first = calibrate(
    lower.map((x) => ({ h: x.h, m: x.m, z: x.e / x.s })),
    minFigures,
  );
  // Normal equations of y = a h + b h^2 over finite errors of the top level.
  let hh = 0;
  let hh3 = 0;
  let hh4 = 0;
  let hy = 0;
  let h2y = 0;
  for (const x of errors) {
    if (!x.top || !(x.s > 0) || !Number.isFinite(x.e)) continue;
    const c = scaleOf(first, x.h, x.m)[0];
    const y = x.e * x.e - c * c * x.s * x.s;
    hh += x.h * x.h;
    hh3 += x.h ** 3;
    hh4 += x.h ** 4;
    hy += x.h * y;
    h2y += x.h * x.h * y;
  }
  let drift: [number, number] = [0, 0];
  if (hh > 0 && !options.ownFactors) {
    const det = hh * hh4 - hh3 * hh3;
    const a = det > 0 ? (hy * hh4 - h2y * hh3) / det : NaN;
    const b = det > 0 ? (hh * h2y - hh3 * hy) / det : NaN;
    if (a >= 0 && b >= 0) drift = [a, b];
    else {
      // One term only: the better of the random walk (a h) and the trend error (b h^2), never negative.
      const aOnly = Math.max(0, hy / hh);
      const bOnly = Math.max(0, h2y / hh4);
      const sse = (a1: number, b1: number) => a1 * a1 * hh + 2 * a1 * b1 * hh3 + b1 * b1 * hh4 - 2 * (a1 * hy + b1 * h2y);
      drift = sse(aOnly, 0) <= sse(0, bOnly) ? [aOnly, 0] : [0, bOnly];
    }
  }
  return { ...first, n: errors.length, drift, bias };
}

/**
 * Everything needed to put an interval on any sum of a projection's demand rows: the fitted error model of both
 * populations, the base year, each unit's township and births series, the births extension variance and the
 * housing yield error. Plain JSON (stored with a projection run).
 */
export interface UncertaintyModel {
  baseYear: number;
  resident: KindErrorModel;
  registered: KindErrorModel;
  /** Variance of ln(births) per year beyond a series' last observed year (random walk around the extension). */
  birthsPerYear: number;
  /** Relative standard deviation of housing-project pupil yields (assumption). */
  housingSd: number;
  /** Parallel arrays over units: code, township, births series area, last observed births year of that series. */
  units: { code: string[]; township: string[]; birthArea: string[]; lastBirthYear: number[] };
}

/** Relative sd of housing yields: assumption (survey yields of comparable estates differ by about a quarter). */
export const HOUSING_YIELD_SD = 0.25;

/** An interval of one figure: the point value and its 80 % / 95 % bounds (log-normal centred on the point). */
export interface Interval {
  value: number;
  sd: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

export const Z80 = 1.2815515655446004;
export const Z95 = 1.959963984540054;

/**
 * Interval of a figure with point value m and error variance v: log-normal with median m and
 * ln-variance s^2 = ln(1 + v / m^2), bounds m exp(+-z s). Exactly the distribution of m exp(N(0, s^2)).
 * @example
 * intervalOf(100, 100); // { value: 100, sd: 10, lo80: 88.0, hi80: 113.6, lo95: 82.2, hi95: 121.6 }
 */
export function intervalOf(m: number, v: number, scale: readonly [number, number] = [1, 1], shift = 0): Interval {
  const sd = Math.sqrt(Math.max(0, v));
  if (!(m > 0) || !(v > 0)) return { value: m, sd, lo80: m, hi80: m, lo95: m, hi95: m };
  const s = logSd(m, v);
  const s80 = s * scale[0];
  const s95 = s * scale[1];
  // The bounds centre on the calibrated median m exp(shift); `value` stays the point projection.
  const c = m * Math.exp(shift);
  return {
    value: m,
    sd,
    lo80: c * Math.exp(-Z80 * s80),
    hi80: c * Math.exp(Z80 * s80),
    lo95: c * Math.exp(-Z95 * s95),
    hi95: c * Math.exp(Z95 * s95),
  };
}

/**
 * Interval of a figure with point m and model variance v at horizon h under a calibration (its size and horizon
 * factors, its drift and its centre shift).
 * @example
 * calibratedInterval(1200, 900, model.resident.calibration, 3).hi80;
 */
export function calibratedInterval(m: number, v: number, c: Calibration | null | undefined, h: number): Interval {
  const s = logSd(m, v);
  return intervalOf(m, v, scaleOf(c, h, m, s * s), shiftOf(c, h));
}

/** ln-scale standard deviation of a figure with point m and variance v. */
export function logSd(m: number, v: number): number {
  return m > 0 && v > 0 ? Math.sqrt(Math.log(1 + v / (m * m))) : 0;
}

/**
 * P(X >= threshold) for the figure's log-normal (median m, variance v); a certain figure gives 0 or 1.
 * @example
 * exceedance(100, 100, 100); // 0.5
 */
export function exceedance(m: number, v: number, threshold: number, scale: readonly [number, number] = [1, 1]): number {
  if (!(threshold > 0)) return 1;
  if (!(m > 0)) return 0;
  const s = logSd(m, v);
  if (s === 0) return m >= threshold ? 1 : 0;
  const u = Math.abs(Math.log(threshold / m) / s);
  // The calibrated quantile of |z| is c(z) z, c = c80 up to 1.28, c95 from 1.96, linear between: invert by bisection.
  const c = (z: number): number =>
    z <= Z80 ? scale[0] : z >= Z95 ? scale[1] : scale[0] + ((scale[1] - scale[0]) * (z - Z80)) / (Z95 - Z80);
  let lo = 0;
  let hi = 40;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (c(mid) * mid < u) lo = mid;
    else hi = mid;
  }
  const tail = 1 - normalCdf((lo + hi) / 2);
  return threshold >= m ? tail : 1 - tail;
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 via erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

// ---------------------------------------------------------------------------------------------------- fitting

/**
 * Fits the error model of one population kind from the history of prepared input (counts up to the base year only):
 * one-year residuals d = P_u(a, t) - R_u(a) P_u(a-1, t-1) (R_u the shrunk unit ratio) and their sums per unit-year and
 * township-year, whose expected squares are
 *   cell          x^2 (T + U + C) + g x
 *   unit-year     X^2 (T + U) + C sum x^2 + g X
 *   township-year X_T^2 T + U sum X_u^2 + C sum x^2 + g X_T,
 * solved for T, U, C, g >= 0 by weighted least squares (weights 1 / variance^2, iterated). Residuals around a ratio
 * estimated from n pairs are n / (n - 1) too small on average: that is corrected. Units with fewer than two pairs
 * are not used.
 */
export function fitKind(p: Prepared, kind: PopulationKind): KindErrorModel {
  const U = p.unitCodes.length;
  const { nHist } = p;
  const h = p.hist[kind];
  const pr = p.present[kind];
  const R = ratioArrays(p, kind).unit;
  // observations: [y, a1 (T), a2 (U), a3 (C), a4 (g)]
  const W = 6;
  const T = p.townshipCodes.length;
  // At most A - 1 cells and one unit-year per unit and year pair, one per township-year: sized once, no copies.
  const obs = new Float64Array(W * (U * Math.max(0, nHist - 1) * A + T * nHist));
  let nObs = 0;
  const push = (y: number, a1: number, a2: number, a3: number, a4: number, a5: number): void => {
    const o = nObs++ * W;
    obs[o] = y;
    obs[o + 1] = a1;
    obs[o + 2] = a2;
    obs[o + 3] = a3;
    obs[o + 4] = a4;
    obs[o + 5] = a5;
  };
  const tX = new Float64Array(T * nHist);
  const tD = new Float64Array(T * nHist);
  const tXu2 = new Float64Array(T * nHist);
  const tx2 = new Float64Array(T * nHist);
  const tCorr = new Float64Array(T * nHist);
  const tCells = new Float64Array(T * nHist);
  let maxPairs = 0;
  for (let u = 0; u < U; u++) {
    let pairs = 0;
    for (let y = 1; y < nHist; y++) if (pr[u * nHist + y] && pr[u * nHist + y - 1]) pairs++;
    if (pairs > maxPairs) maxPairs = pairs;
    if (pairs < 2) continue;
    const corr = pairs / (pairs - 1);
    const t = p.unitTownship[u];
    for (let y = 1; y < nHist; y++) {
      if (!pr[u * nHist + y] || !pr[u * nHist + y - 1]) continue;
      const cur = (u * nHist + y) * A;
      const prev = cur - A;
      let X = 0;
      let D = 0;
      let x2 = 0;
      let cells = 0;
      for (let a = 1; a < A; a++) {
        const x = R[u * A + a] * h[prev + a - 1];
        const d = h[cur + a] - x;
        if (x > 0) {
          push(d * d * corr, x * x, x * x, x * x, x, 1);
          cells++;
        }
        X += x;
        D += d;
        x2 += x * x;
      }
      if (X > 0) push(D * D * corr, X * X, X * X, x2, X, cells);
      const i = t * nHist + y;
      tX[i] += X;
      tD[i] += D;
      tXu2[i] += X * X;
      tx2[i] += x2;
      tCorr[i] = corr;
      tCells[i] += cells;
    }
  }
  for (let i = 0; i < T * nHist; i++) if (tX[i] > 0) push(tD[i] * tD[i] * tCorr[i], tX[i] * tX[i], tXu2[i], tx2[i], tX[i], tCells[i]);
  const theta = nnlsWeighted(obs.subarray(0, nObs * W), W - 1, 3);
  return { township: theta[0], unit: theta[1], cell: theta[2], gross: theta[3], fixed: theta[4], pairs: Math.max(1, maxPairs) };
}

/** Weighted non-negative least squares of y on P regressors (rows [y, x1..xP]), weights 1 / (fitted variance)^2. */
function nnlsWeighted(obs: Float64Array, P: number, iterations: number): number[] {
  const W = P + 1;
  const n = obs.length / W;
  let theta: number[] = Array.from({ length: P }, (_, k) => (k === 3 ? 0.05 : k === 4 ? 0.1 : 1e-4));
  for (let it = 0; it < iterations; it++) {
    const M = Array.from({ length: P }, () => new Float64Array(P));
    const b = new Float64Array(P);
    let yy = 0;
    if (P === 5) yy = normalEquations5(obs, theta, M, b);
    else
      for (let i = 0; i < n; i++) {
        const o = i * W;
        let fit = 0;
        for (let r = 0; r < P; r++) fit += theta[r] * obs[o + 1 + r];
        fit = Math.max(1e-12, fit);
        const w = 1 / (fit * fit);
        const y = obs[o];
        yy += w * y * y;
        for (let r = 0; r < P; r++) {
          const wx = w * obs[o + 1 + r];
          b[r] += wx * y;
          for (let c = r; c < P; c++) M[r][c] += wx * obs[o + 1 + c];
        }
      }
    for (let r = 0; r < P; r++) for (let c = 0; c < r; c++) M[r][c] = M[c][r];
    // Exhaustive active sets: the feasible solution with the least weighted residual.
    let best: number[] | null = null;
    let bestSse = Infinity;
    for (let mask = 1; mask < 1 << P; mask++) {
      const idx = Array.from({ length: P }, (_, k) => k).filter((k) => mask & (1 << k));
      const sol = solve(
        idx.map((r) => idx.map((c) => M[r][c])),
        idx.map((r) => b[r]),
      );
      if (!sol || sol.some((v) => v < 0)) continue;
      const full = new Array<number>(P).fill(0);
      idx.forEach((k, j) => (full[k] = sol[j]));
      let sse = yy;
      for (let r = 0; r < P; r++) {
        sse -= 2 * full[r] * b[r];
        for (let c = 0; c < P; c++) sse += full[r] * M[r][c] * full[c];
      }
      if (sse < bestSse) {
        bestSse = sse;
        best = full;
      }
    }
    if (!best) break;
    theta = best.map((v) => Math.max(v, 1e-9));
  }
  return theta.map((v) => (v <= 1e-9 ? 0 : v));
}

/**
 * The weighted normal equations of `nnlsWeighted` for five regressors (the error model's), unrolled into locals: the
 * same products summed in the same order as the general loop (identical figures), without the array indexing that
 * made this loop over every cell of the history the largest part of fitting. Fills the upper triangle of M and b;
 * returns the weighted sum of y^2.
 */
function normalEquations5(obs: Float64Array, theta: readonly number[], M: Float64Array[], b: Float64Array): number {
  const [t0, t1, t2, t3, t4] = theta;
  let yy = 0;
  let b0 = 0,
    b1 = 0,
    b2 = 0,
    b3 = 0,
    b4 = 0;
  let m00 = 0,
    m01 = 0,
    m02 = 0,
    m03 = 0,
    m04 = 0,
    m11 = 0,
    m12 = 0,
    m13 = 0;
  let m14 = 0,
    m22 = 0,
    m23 = 0,
    m24 = 0,
    m33 = 0,
    m34 = 0,
    m44 = 0;
  for (let o = 0; o + 5 < obs.length; o += 6) {
    const y = obs[o];
    const x0 = obs[o + 1],
      x1 = obs[o + 2],
      x2 = obs[o + 3],
      x3 = obs[o + 4],
      x4 = obs[o + 5];
    let fit = 0;
    fit += t0 * x0;
    fit += t1 * x1;
    fit += t2 * x2;
    fit += t3 * x3;
    fit += t4 * x4;
    fit = Math.max(1e-12, fit);
    const w = 1 / (fit * fit);
    yy += w * y * y;
    const w0 = w * x0;
    b0 += w0 * y;
    m00 += w0 * x0;
    m01 += w0 * x1;
    m02 += w0 * x2;
    m03 += w0 * x3;
    m04 += w0 * x4;
    const w1 = w * x1;
    b1 += w1 * y;
    m11 += w1 * x1;
    m12 += w1 * x2;
    m13 += w1 * x3;
    m14 += w1 * x4;
    const w2 = w * x2;
    b2 += w2 * y;
    m22 += w2 * x2;
    m23 += w2 * x3;
    m24 += w2 * x4;
    const w3 = w * x3;
    b3 += w3 * y;
    m33 += w3 * x3;
    m34 += w3 * x4;
    const w4 = w * x4;
    b4 += w4 * y;
    m44 += w4 * x4;
  }
  b[0] = b0;
  M[0][0] = m00;
  M[0][1] = m01;
  M[0][2] = m02;
  M[0][3] = m03;
  M[0][4] = m04;
  b[1] = b1;
  M[1][1] = m11;
  M[1][2] = m12;
  M[1][3] = m13;
  M[1][4] = m14;
  b[2] = b2;
  M[2][2] = m22;
  M[2][3] = m23;
  M[2][4] = m24;
  b[3] = b3;
  M[3][3] = m33;
  M[3][4] = m34;
  b[4] = b4;
  M[4][4] = m44;
  return yy;
}

/** Gaussian elimination with partial pivoting; null when singular. */
function solve(M: number[][], b: number[]): number[] | null {
  const n = b.length;
  const a = M.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    if (Math.abs(a[piv][c]) < 1e-300) return null;
    [a[c], a[piv]] = [a[piv], a[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r][c] / a[c][c];
      for (let k = c; k <= n; k++) a[r][k] -= f * a[c][k];
    }
  }
  return a.map((row, i) => row[n] / row[i]);
}

/**
 * Variance of ln(births) a year around the extension: the mean square of (ln B_y - ln B_y-1 - ln(1 + g)) over the last
 * ten observed years of every series, g the extension rate the projection uses for that series.
 */
function fitBirths(p: Prepared): number {
  let s = 0;
  let n = 0;
  for (const series of p.series.values()) {
    const { years, births } = series;
    const g = Math.log(1 + extensionRate(years, births, p.assumptions));
    for (let i = Math.max(1, years.length - 10); i < years.length; i++) {
      if (years[i] !== years[i - 1] + 1 || !(births[i] > 0) || !(births[i - 1] > 0)) continue;
      const e = Math.log(births[i] / births[i - 1]) - g;
      s += e * e;
      n++;
    }
  }
  return n ? s / n : 0;
}

/** The error model of prepared (error-free) input: both kinds, births and housing (README, "Uncertainty"). */
export function fitUncertainty(p: Prepared): UncertaintyModel {
  const zero: KindErrorModel = { township: 0, unit: 0, cell: 0, gross: 0, fixed: 0, pairs: 1 };
  const U = p.unitCodes.length;
  const birthArea: string[] = [];
  const lastBirthYear: number[] = [];
  for (let u = 0; u < U; u++) {
    const code = [p.unitCodes[u], p.townshipCodes[p.unitTownship[u]], p.countyCodes[p.unitCounty[u]]].find(
      (c) => (p.series.get(c)?.years.length ?? 0) > 0,
    );
    const s = code === undefined ? undefined : p.series.get(code);
    birthArea.push(code ?? p.unitCodes[u]);
    lastBirthYear.push(s ? s.years[s.years.length - 1] : p.baseYear);
  }
  return {
    baseYear: p.baseYear,
    resident: fitKind(p, 'resident'),
    registered: p.hasRegistered ? fitKind(p, 'registered') : zero,
    birthsPerYear: fitBirths(p),
    housingSd: HOUSING_YIELD_SD,
    units: {
      code: p.unitCodes.slice(),
      township: Array.from(p.unitTownship, (t) => p.townshipCodes[t]),
      birthArea,
      lastBirthYear,
    },
  };
}

// ---------------------------------------------------------------------------------------------------- propagation

/** Which grades of a row a figure counts: all of the stage, or the entry grade only (intake). */
export type GradeSelection = 'all' | 'intake' | number;

interface UnitInfo {
  /** The unit's place in the model's units: a number only this unit code has. */
  id: number;
  township: string;
  birthArea: string;
  lastBirthYear: number;
}

/** Unit lookups of a model (built once per call). */
function unitInfo(model: UncertaintyModel): Map<string, UnitInfo> {
  const m = new Map<string, UnitInfo>();
  const { code, township, birthArea, lastBirthYear } = model.units;
  for (let i = 0; i < code.length; i++)
    m.set(code[i], { id: i, township: township[i], birthArea: birthArea[i], lastBirthYear: lastBirthYear[i] });
  return m;
}

/** Keys numbered in order of first appearance; two forms adding the same keys in step can share one. */
export class KeyIndex {
  readonly keys: string[] = [];
  /** Key -> number; null while every key came with a rising id (each one was new: no lookup needed). */
  private index: Map<string, number> | null = null;
  private last: string | null = null;
  private lastNumber = -1;
  private lastId = -1;

  /**
   * The key's number, given on first use. An `id` >= 0 that only this key ever comes with (a unit's place in the
   * model) lets keys that arrive in rising id order skip the map: rows come unit by unit, so most of them do. The
   * first key out of that order builds the map, which then answers.
   */
  of(key: string, id = -1): number {
    if (key === this.last) return this.lastNumber;
    let i: number | undefined;
    if (this.index === null && id > this.lastId) {
      i = this.keys.length;
      this.keys.push(key);
      this.lastId = id;
    } else {
      this.index ??= new Map(this.keys.map((k, j) => [k, j]));
      i = this.index.get(key);
      if (i === undefined) {
        i = this.keys.length;
        this.keys.push(key);
        this.index.set(key, i);
      }
    }
    this.last = key;
    this.lastNumber = i;
    return i;
  }
}

/**
 * Loadings of one factor family (townships, units or births areas) of one form: a vector of `stride` coefficients per
 * key, key i owning `data[i * stride, (i + 1) * stride)`, keys numbered in order of first appearance. Plain on-heap
 * arrays instead of a typed array per key: a city-wide form has a vector for every unit, and small typed arrays (each
 * with its own backing store) made allocation and garbage collection most of the cost of the interval figures.
 */
export class Loadings {
  readonly data: number[] = [];

  constructor(
    readonly stride: number,
    readonly index: KeyIndex = new KeyIndex(),
  ) {}

  get keys(): readonly string[] {
    return this.index.keys;
  }

  /** Offset of the key's vector in `data` (zeros on first use); `id` as `KeyIndex.of` takes it. */
  offset(key: string, id = -1): number {
    const o = this.index.of(key, id) * this.stride;
    while (this.data.length < o + this.stride) this.data.push(0);
    return o;
  }

  /** v plus w x^2 for every coefficient x, added one term at a time in key order. */
  addSquares(v: number, w: number): number {
    const d = this.data;
    for (let i = 0; i < d.length; i++) v += w * d[i] * d[i];
    return v;
  }
}

/**
 * The error of a sum of cells, as loadings on shared factors plus an independent part (README, "Uncertainty").
 * A cell of age a in year base + h has gone through k = h ageing steps (a >= h), or was born in base + h - a and
 * went through a + 1 steps (its birth allocation and a ageing steps); every step j (year base + j) adds a township
 * shock, a unit shock and its own noise; the ratios' estimation error adds k times a shock mean with variance / pairs;
 * births after the series' last year add a random walk of the area; housing pupils a yield error.
 */
export class ErrorForm {
  /** Township-step loadings: township -> [step j] (index 0 = estimation error). */
  readonly township: Loadings;
  /** Unit-step loadings: unit -> [step j] (index 0 = estimation error). */
  readonly unit: Loadings;
  /** Births random-walk loadings: area -> [year - base] (null until a cell needs one). */
  births: Loadings | null = null;
  /** Housing loadings per unit (null until a row has housing pupils). */
  housing: Map<string, number> | null = null;
  /** Independent variance (cells). */
  own = 0;
  value = 0;

  /**
   * A form sums cells of one year, `horizon` years after the base year (earlier years: no loadings); its vectors have
   * horizon + 1 steps. With `inStep`, a form that is always given the same units in the same order (the other
   * population of the same figure) shares its township and unit numbering: one key lookup per row for both.
   */
  constructor(
    readonly horizon: number,
    readonly em: KindErrorModel,
    inStep?: ErrorForm,
  ) {
    this.township = new Loadings(Math.max(0, horizon) + 1, inStep?.township.index);
    this.unit = new Loadings(Math.max(0, horizon) + 1, inStep?.unit.index);
  }

  /**
   * Adds one row's cells: `values[k]` counts of ages entryAge + k (already weighted by w), in year base + h.
   * `housing` is the row's weighted housing part of these cells.
   */
  add(
    unitCode: string,
    info: UnitInfo | undefined,
    entryAge: number,
    arr: readonly number[],
    from: number,
    to: number,
    w: number,
    h: number,
    base: number,
    birthsOn: boolean,
    housing: number,
  ): void {
    if (h <= 0) {
      for (let k = from; k < to; k++) this.value += w * arr[k];
      return;
    }
    if (h > this.horizon) throw new RangeError(`a form of horizon ${this.horizon} cannot take cells ${h} years ahead`);
    const em = this.em;
    const township = info?.township ?? unitCode;
    const tv = this.township.data;
    const to0 = this.township.offset(township);
    const uv = this.unit.data;
    const uo0 = this.unit.offset(unitCode, info?.id ?? -1);
    const pairs = em.pairs;
    const shrink = 1 / Math.sqrt(pairs);
    for (let k = from; k < to; k++) {
      const x = w * arr[k];
      if (x === 0) continue;
      this.value += x;
      const a = entryAge + (k - from);
      const first = a >= h ? 1 : h - a;
      const steps = h - first + 1;
      for (let j = first; j <= h; j++) {
        tv[to0 + j] += x;
        uv[uo0 + j] += x;
      }
      tv[to0] += x * steps * shrink;
      uv[uo0] += x * steps * shrink;
      this.own += (em.cell * x * x + em.gross * w * x + em.fixed * w * w) * (steps + (steps * steps) / pairs);
      if (birthsOn && a < h && info) {
        const b = base + h - a;
        if (b > info.lastBirthYear) {
          this.births ??= new Loadings(this.horizon + 1);
          const bo = this.births.offset(info.birthArea);
          const bv = this.births.data;
          // Years before the base year are not counted (a series ending earlier): the loadings start at the base.
          for (let y = Math.max(info.lastBirthYear + 1, base); y <= b; y++) bv[bo + y - base] += x;
        }
      }
    }
    if (housing > 0) {
      this.housing ??= new Map();
      this.housing.set(unitCode, (this.housing.get(unitCode) ?? 0) + housing);
    }
  }

  /** Variance of the sum. */
  variance(model: UncertaintyModel): number {
    const em = this.em;
    let v = this.own;
    v = this.township.addSquares(v, em.township);
    v = this.unit.addSquares(v, em.unit);
    if (this.births) v = this.births.addSquares(v, model.birthsPerYear);
    if (this.housing) for (const x of this.housing.values()) v += model.housingSd * model.housingSd * x * x;
    return v;
  }
}

/** Grade range [from, to) of a row the selection counts. */
function gradeRange(stage: ProjectedStage, grades: GradeSelection): [number, number] {
  const n = STAGE_GRADES[stage].grades.length;
  if (grades === 'all') return [0, n];
  const k = grades === 'intake' ? 0 : Math.max(0, Math.min(n - 1, grades));
  return [k, k + 1];
}

/** Options of the interval functions. */
export interface IntervalOptions {
  /** Grades counted (default all of the stage; 'intake' = entry grade; a number = that grade index). */
  grades?: GradeSelection;
  /** Births extension error on (default true; the back-test, whose births are observed, has none anyway). */
  births?: boolean;
}

/** A demand figure with its intervals, resident and registered. */
export interface DemandInterval {
  key: string;
  stage: ProjectedStage;
  year: number;
  resident: Interval;
  registered: Interval;
}

/** Key(s) of a unit with weights (as `aggregateDemand` takes them, normalised). */
export type WeightedKeys = (unitCode: string, stage: ProjectedStage) => readonly { key: string; weight: number }[];

/** Error forms of one key, stage and year. */
export interface DemandForm {
  key: string;
  stage: ProjectedStage;
  year: number;
  resident: ErrorForm;
  registered: ErrorForm;
}

function horizonOf(rows: readonly DemandRow[], base: number): number {
  let H = 0;
  for (const r of rows) if (r.year - base > H) H = r.year - base;
  return H;
}

/** Adds one row (weight w) to a form pair. */
function addRow(
  f: DemandForm,
  row: DemandRow,
  ui: UnitInfo | undefined,
  w: number,
  grades: GradeSelection,
  base: number,
  birthsOn: boolean,
): void {
  const [from, to] = gradeRange(row.stage, grades);
  const entry = STAGE_GRADES[row.stage].entryAge + from;
  const h = row.year - base;
  let sel = 0;
  for (let k = from; k < to; k++) sel += row.residentByGrade[k];
  // Housing pupils of the selected grades, in proportion (rows carry the stage total only).
  const housing = row.resident > 0 ? (w * row.fromHousing * sel) / row.resident : 0;
  f.resident.add(row.unitCode, ui, entry, row.residentByGrade, from, to, w, h, base, birthsOn, housing);
  f.registered.add(row.unitCode, ui, entry, row.registeredByGrade, from, to, w, h, base, birthsOn, 0);
}

/**
 * Error forms of demand summed by key, stage and year (resident and registered): what `demandIntervals` and
 * `drawFigures` read.
 * @example
 * const forms = demandForms(result.rows, model, (u) => [{ key: townshipOf(u), weight: 1 }]);
 */
export function demandForms(
  rows: readonly DemandRow[],
  model: UncertaintyModel,
  keysOf: WeightedKeys,
  options: IntervalOptions = {},
): Map<string, DemandForm> {
  const info = unitInfo(model);
  const base = model.baseYear;
  const grades = options.grades ?? 'all';
  const birthsOn = options.births ?? true;
  let minYear = Infinity;
  let maxYear = -Infinity;
  for (const r of rows) {
    if (r.year < minYear) minYear = r.year;
    if (r.year > maxYear) maxYear = r.year;
  }
  const slots = (maxYear - minYear + 1) * STAGE_SLOTS;
  // Forms by key, then by stage and year (a slot number): no id string per row and key, only one per form at the end.
  const byKey = new Map<string, (DemandForm | undefined)[]>();
  const order: DemandForm[] = [];
  let lastKey: string | null = null;
  let lastForms: (DemandForm | undefined)[] = [];
  for (const row of rows) {
    const ui = info.get(row.unitCode);
    const slot = (row.year - minYear) * STAGE_SLOTS + stageSlot(row.stage);
    for (const { key, weight } of keysOf(row.unitCode, row.stage)) {
      if (!(weight > 0)) continue;
      let forms = key === lastKey ? lastForms : byKey.get(key);
      if (!forms) {
        forms = new Array<DemandForm | undefined>(slots);
        byKey.set(key, forms);
      }
      lastKey = key;
      lastForms = forms;
      let f = forms[slot];
      if (!f) {
        const resident = new ErrorForm(row.year - base, model.resident);
        // addRow gives both populations the same units in the same order: they share the numbering.
        f = { key, stage: row.stage, year: row.year, resident, registered: new ErrorForm(row.year - base, model.registered, resident) };
        forms[slot] = f;
        order.push(f);
      }
      addRow(f, row, ui, weight, grades, base, birthsOn);
    }
  }
  // In order of first appearance, as callers and `demandIntervals` list them.
  const out = new Map<string, DemandForm>();
  for (const f of order) out.set(`${f.key}\u0000${f.stage}\u0000${f.year}`, f);
  return out;
}

/** Forms of one key: stage and year as one number, (year - first year) x STAGE_SLOTS + the stage's place. */
const STAGE_SLOTS = 8;
function stageSlot(stage: ProjectedStage): number {
  return PROJECTED_STAGES.indexOf(stage);
}

/**
 * Intervals (80 % and 95 %) of demand summed by key, stage and year: unit, township, county, catchment, district,
 * school, anything `keysOf` names. Sums are honest: cells of one township share its shocks.
 * @example
 * demandIntervals(result.rows, result.uncertainty, (u) => [{ key: 'city', weight: 1 }]).find((d) => d.year === 2027);
 * // { key: 'city', stage: 'primary', year: 2027, resident: { value: 131200, lo80: 128900, hi80: 133600, ... }, ... }
 */
export function demandIntervals(
  rows: readonly DemandRow[],
  model: UncertaintyModel,
  keysOf: WeightedKeys,
  options: IntervalOptions = {},
): DemandInterval[] {
  const forms = demandForms(rows, model, keysOf, options);
  const out: DemandInterval[] = [];
  for (const f of forms.values())
    out.push({
      key: f.key,
      stage: f.stage,
      year: f.year,
      resident: calibratedInterval(f.resident.value, f.resident.variance(model), model.resident.calibration, f.year - model.baseYear),
      registered: calibratedInterval(
        f.registered.value,
        f.registered.variance(model),
        model.registered.calibration,
        f.year - model.baseYear,
      ),
    });
  return out;
}

/**
 * Variance of the selected cells of one row alone (one unit: its township and unit loadings coincide).
 * Same terms as `ErrorForm`, without maps: the fast path for unit-level figures.
 */
function rowVariance(
  em: KindErrorModel,
  model: UncertaintyModel,
  ui: UnitInfo | undefined,
  arr: readonly number[],
  from: number,
  to: number,
  entryAge: number,
  h: number,
  base: number,
  birthsOn: boolean,
  housing: number,
  steps: Float64Array,
  births: Float64Array,
): number {
  if (h <= 0) return 0;
  steps.fill(0, 0, h + 1);
  let est = 0;
  let own = 0;
  let bAny = false;
  const pairs = em.pairs;
  for (let k = from; k < to; k++) {
    const x = arr[k];
    if (x === 0) continue;
    const a = entryAge + (k - from);
    const first = a >= h ? 1 : h - a;
    const n = h - first + 1;
    for (let j = first; j <= h; j++) steps[j] += x;
    est += x * n;
    own += (em.cell * x * x + em.gross * x + em.fixed) * (n + (n * n) / pairs);
    if (birthsOn && a < h && ui) {
      const b = base + h - a;
      if (b > ui.lastBirthYear) {
        if (!bAny) births.fill(0, 0, h + 1);
        bAny = true;
        for (let y = ui.lastBirthYear + 1; y <= b; y++) births[y - base] += x;
      }
    }
  }
  let s2 = 0;
  for (let j = 1; j <= h; j++) s2 += steps[j] * steps[j];
  let v = own + (em.township + em.unit) * (s2 + (est * est) / pairs);
  if (bAny) for (let j = 0; j <= h; j++) v += model.birthsPerYear * births[j] * births[j];
  return v + model.housingSd * model.housingSd * housing * housing;
}

/**
 * Intervals of every demand row (unit x stage x year), in row order: the same figures as `demandIntervals` keyed by
 * unit, computed without building forms.
 * @example
 * rowIntervals(result.rows, result.uncertainty)[0].resident.hi95;
 */
export function rowIntervals(rows: readonly DemandRow[], model: UncertaintyModel, options: IntervalOptions = {}): DemandInterval[] {
  const info = unitInfo(model);
  const base = model.baseYear;
  const H = horizonOf(rows, base);
  const grades = options.grades ?? 'all';
  const birthsOn = options.births ?? true;
  const steps = new Float64Array(H + 1);
  const births = new Float64Array(H + 1);
  return rows.map((row) => {
    const ui = info.get(row.unitCode);
    const h = row.year - base;
    const [from, to] = gradeRange(row.stage, grades);
    const entry = STAGE_GRADES[row.stage].entryAge + from;
    let res = 0;
    let reg = 0;
    for (let k = from; k < to; k++) {
      res += row.residentByGrade[k];
      reg += row.registeredByGrade[k];
    }
    const housing = row.resident > 0 ? (row.fromHousing * res) / row.resident : 0;
    const vRes = rowVariance(model.resident, model, ui, row.residentByGrade, from, to, entry, h, base, birthsOn, housing, steps, births);
    const vReg = rowVariance(model.registered, model, ui, row.registeredByGrade, from, to, entry, h, base, birthsOn, 0, steps, births);
    return {
      key: row.unitCode,
      stage: row.stage,
      year: row.year,
      resident: calibratedInterval(res, vRes, model.resident.calibration, h),
      registered: calibratedInterval(reg, vReg, model.registered.calibration, h),
    };
  });
}

// ---------------------------------------------------------------------------------------------------- draws

/** Standard normal draws (Box-Muller on the seeded mulberry32 of @app/domain), so draws repeat for a seed. */
export function normalStream(seed: number): () => number {
  const draw = mulberry32(seed);
  let spare: number | null = null;
  // Half a step (2^-33) above each of mulberry32's 2^32 values: never 0, so log() stays finite. Exact in doubles, so
  // the draws are those of (k + 0.5) / 2^32 that the seeded results were pinned with.
  const uniform = (): number => draw() + 2 ** -33;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const th = 2 * Math.PI * uniform();
    spare = r * Math.sin(th);
    return r * Math.cos(th);
  };
}

/**
 * The calibrated ln deviation of a standard normal draw u for a figure of ln-sd s: shift + c(|u|) s u, with
 * c = c80 up to |u| = 1.2816, c95 from 1.96, linear between (the same map `exceedance` inverts), so a draw falls
 * inside the calibrated 80 % / 95 % interval exactly when u falls inside +-1.2816 / +-1.96.
 */
function calibratedDeviation(u: number, s: number, scale: readonly [number, number], shift: number): number {
  const a = Math.abs(u);
  const c = a <= Z80 ? scale[0] : a >= Z95 ? scale[1] : scale[0] + ((scale[1] - scale[0]) * (a - Z80)) / (Z95 - Z80);
  return shift + c * s * u;
}

/**
 * Joint draws of several figures from the same factors (townships, units and births areas shared between figures
 * move together): `draws[s * n + i]` is figure i in draw s. Each figure's marginal is its interval's log-normal
 * (median = point, ln-variance ln(1 + v / m^2)); the correlation comes from the shared loadings. With `horizons`
 * (figure i is `horizons[i]` years after the base year) the draws carry the forms' calibration (`em.calibration`:
 * centre shift, size/horizon factors and drift, as `calibratedInterval`): each draw's standard normal deviate is
 * mapped monotonically, so the correlation is kept and the calibrated intervals cover their share of draws.
 * @example
 * const d = drawFigures([formA, formB], model, 1000, 42); // d[s * 2 + 1]: figure B in draw s
 * const c = drawFigures([formA, formB], model, 1000, 42, [3, 3]); // the same, calibrated
 */
export function drawFigures(
  forms: readonly ErrorForm[],
  model: UncertaintyModel,
  draws: number,
  seed = 1,
  horizons?: readonly number[],
): Float64Array {
  const n = forms.length;
  const out = new Float64Array(draws * n);
  const z = normalStream(seed);
  const sds = forms.map((f) => Math.sqrt(f.variance(model)));
  const s = forms.map((f, i) => logSd(f.value, sds[i] * sds[i]));
  const cal = forms.map((f, i) => {
    const h = horizons?.[i];
    const c = f.em.calibration;
    return h !== undefined && c ? { scale: scaleOf(c, h, f.value, s[i] * s[i]), shift: shiftOf(c, h) } : null;
  });
  // Factor ids shared across forms.
  type Load = { id: string; sd: number; coef: number };
  const loads: Load[][] = forms.map((f) => {
    const em = f.em;
    const list: Load[] = [];
    const add = (prefix: string, l: Loadings, sd: number): void => {
      for (let i = 0; i < l.keys.length; i++)
        for (let j = 0; j < l.stride; j++) {
          const c = l.data[i * l.stride + j];
          if (c) list.push({ id: `${prefix}${l.keys[i]}|${j}`, sd, coef: c });
        }
    };
    add('T', f.township, Math.sqrt(em.township));
    add('U', f.unit, Math.sqrt(em.unit));
    if (f.births) add('B', f.births, Math.sqrt(model.birthsPerYear));
    for (const [u, c] of f.housing ?? []) list.push({ id: `H${u}`, sd: model.housingSd, coef: c });
    return list;
  });
  const ids = new Map<string, number>();
  for (const list of loads) for (const l of list) if (!ids.has(l.id)) ids.set(l.id, ids.size);
  const idx = loads.map((list) => Int32Array.from(list, (l) => ids.get(l.id)!));
  const coef = loads.map((list) => Float64Array.from(list, (l) => l.coef * l.sd));
  const factors = new Float64Array(ids.size);
  for (let d = 0; d < draws; d++) {
    for (let k = 0; k < factors.length; k++) factors[k] = z();
    for (let i = 0; i < n; i++) {
      const f = forms[i];
      if (!(f.value > 0) || sds[i] === 0) {
        out[d * n + i] = f.value;
        continue;
      }
      let e = 0;
      const ix = idx[i];
      const cf = coef[i];
      for (let k = 0; k < ix.length; k++) e += cf[k] * factors[ix[k]];
      e += Math.sqrt(f.own) * z();
      const ci = cal[i];
      out[d * n + i] = f.value * Math.exp(ci ? calibratedDeviation(e / sds[i], s[i], ci.scale, ci.shift) : s[i] * (e / sds[i]));
    }
  }
  return out;
}
