import { STAGE_GRADES, type PopulationKind } from '@app/domain';
import { stageRate } from './enrolment';
import { prepare } from './prepare';
import { projectPrepared } from './project';
import type { ProjectionAssumptions, ProjectionInput } from './types';
import {
  calibrateWithDrift,
  demandIntervals,
  fitUncertainty,
  logSd,
  rowIntervals,
  scaleOf,
  shiftOf,
  Z80,
  Z95,
  type Calibration,
  type DemandInterval,
  type UncertaintyModel,
} from './uncertainty';
import { ProjectionInputError } from './validate';

export const BACKTEST_LEVELS = ['unit', 'township', 'county'] as const;
export type BacktestLevel = (typeof BACKTEST_LEVELS)[number];

/** Errors and coverage of one horizon at one level (percent / share). */
export interface HorizonStat {
  /** Figures compared (area x stage x origin). */
  n: number;
  /** Mean absolute percentage error over figures with actual > 0. */
  mape: number;
  /** Mean percentage error (projected - actual, signed) over the same figures: a bias shows here. */
  mpe: number;
  /** Share of figures whose actual lies inside the 80 % / 95 % interval (calibrated on the other origins). */
  coverage80: number;
  coverage95: number;
  /** The same with the uncalibrated model (shows what the calibration corrects). */
  rawCoverage80: number;
  rawCoverage95: number;
  /** Figures and calibrated hits per origin, in origin order: how much coverage varies between origins. */
  byOrigin: { origin: number; n: number; in80: number; in95: number }[];
}

/** One population kind: by horizon (index h - 1), per level and pooled over levels. */
export interface KindBacktest {
  byLevel: Record<BacktestLevel, HorizonStat[]>;
  all: HorizonStat[];
  /** Calibration from every origin: what a projection from the last year uses. */
  calibration: Calibration;
}

export interface RollingBacktestResult {
  firstYear: number;
  lastYear: number;
  /** Base years projected from (every year with at least `minPairs` year pairs before it and one year after). */
  origins: number[];
  horizons: number[];
  resident: KindBacktest;
  registered: KindBacktest | null;
  /** Resident, pooled over levels and stages, by horizon: the headline figures. */
  coverage80: number[];
  coverage95: number[];
  /** Resident MAPE by horizon per level. */
  mapeByHorizon: Record<BacktestLevel, number[]>;
  ms: number;
}

export interface RollingBacktestOptions {
  /** Longest horizon (default 5). */
  maxHorizon?: number;
  /** Year pairs of history an origin needs to fit the error model (default 2). */
  minPairs?: number;
  /** Use only the latest N usable origins (default all): a cheaper calibration. */
  maxOrigins?: number;
}

/** One compared figure. */
interface Figure {
  origin: number;
  level: number;
  h: number;
  m: number;
  s: number;
  actual: number;
}

function zOf(f: Figure): number {
  if (f.s === 0) return f.actual === f.m ? 0 : Infinity;
  return f.actual > 0 ? Math.log(f.actual / f.m) / f.s : -Infinity;
}

function statOf(figs: readonly Figure[], calib: (f: Figure) => [number, number], shift: (f: Figure) => number): HorizonStat {
  let ape = 0;
  let pe = 0;
  let nApe = 0;
  let in80 = 0;
  let in95 = 0;
  let raw80 = 0;
  let raw95 = 0;
  const byOrigin = new Map<number, { origin: number; n: number; in80: number; in95: number }>();
  for (const f of figs) {
    if (f.actual > 0) {
      ape += Math.abs(f.m - f.actual) / f.actual;
      pe += (f.m - f.actual) / f.actual;
      nApe++;
    }
    const z = Math.abs(zOf(f));
    // Calibrated: around the shifted median, with the calibrated spread.
    const zc = f.s > 0 && f.actual > 0 ? Math.abs(Math.log(f.actual / f.m) - shift(f)) / f.s : z;
    const [c80, c95] = calib(f);
    let o = byOrigin.get(f.origin);
    if (!o) {
      o = { origin: f.origin, n: 0, in80: 0, in95: 0 };
      byOrigin.set(f.origin, o);
    }
    o.n++;
    if (zc <= Z80 * c80) {
      in80++;
      o.in80++;
    }
    if (zc <= Z95 * c95) {
      in95++;
      o.in95++;
    }
    if (z <= Z80) raw80++;
    if (z <= Z95) raw95++;
  }
  const n = figs.length;
  return {
    n,
    mape: nApe ? (100 * ape) / nApe : NaN,
    mpe: nApe ? (100 * pe) / nApe : NaN,
    coverage80: n ? in80 / n : NaN,
    coverage95: n ? in95 / n : NaN,
    rawCoverage80: n ? raw80 / n : NaN,
    rawCoverage95: n ? raw95 / n : NaN,
    byOrigin: [...byOrigin.values()].sort((a, b) => a.origin - b.origin),
  };
}

/**
 * Design effect of a level's coverage (README, "what the back-test can assess"): figures of one origin share its
 * years' shocks, so their hits are correlated and a cell's coverage varies more than a binomial of its n figures.
 * Estimated from the cells' own spread between origins: sum over cells of (k - 1) x the between-origin variance of
 * the origins' coverage, over the sum of (k - 1) x p (1 - p) / (mean figures per origin), p the cell's coverage, k its
 * origins (cells with at least two). Never below 1 (figures are not assumed to be more informative than independent
 * ones); 1 without a cell of two origins.
 * @example
 * coverageDesignEffect(bt.registered.byLevel.county, 'in80'); // about 3 on the demo: 48 figures count as 16
 */
export function coverageDesignEffect(cells: readonly HorizonStat[], hits: 'in80' | 'in95'): number {
  let between = 0;
  let binomial = 0;
  for (const c of cells) {
    const k = c.byOrigin.length;
    if (k < 2) continue;
    const n = c.byOrigin.reduce((x, o) => x + o.n, 0);
    const p = c.byOrigin.reduce((x, o) => x + o[hits], 0) / n;
    let v = 0;
    for (const o of c.byOrigin) v += (o[hits] / o.n - p) ** 2;
    between += v;
    binomial += ((k - 1) * p * (1 - p)) / (n / k);
  }
  return binomial > 0 ? Math.max(1, between / binomial) : 1;
}

/**
 * The coverage tolerance a cell of n figures can be held to: the larger of `points` (0.05) and the half-width of the
 * 95 % band of a calibrated interval's coverage, 1.96 sqrt(p (1 - p) deff / n) at the nominal p. A cell within it is
 * consistent with nominal given its sample; a cell whose band is wider than `points` cannot confirm 5 points.
 * @example
 * coverageTolerance(0.8, 48, 1); // 0.113: 48 independent figures resolve 11 points, not 5
 */
export function coverageTolerance(nominal: number, n: number, deff = 1, points = 0.05): number {
  if (!(n > 0)) return Infinity;
  return Math.max(points, 1.96 * Math.sqrt((nominal * (1 - nominal) * deff) / n));
}

/**
 * Rolling-origin back-test: for every origin o the history allows (at least `minPairs` consecutive year pairs up to
 * o, at least one year after), drop the counts after o, fit the error model on what is left, project up to
 * `maxHorizon` years (births of those years are observed data and are used) and compare the stage figures of every
 * unit, township and county with the held-out counts: MAPE and the coverage of the 80 % / 95 % intervals by horizon.
 * The intervals of an origin are calibrated (by horizon and size, `calibrate`) on the errors of the OTHER origins
 * only, so the coverage printed is out of sample; the calibration from all origins is returned for the projection
 * from the last year. Origins the data cannot project (a unit without counts that year...) are skipped.
 * @example
 * const bt = rollingBacktest(input); // bt.coverage80[0]: coverage of the 80 % intervals one year ahead
 */
export function rollingBacktest(
  input: ProjectionInput,
  assumptions: ProjectionAssumptions = {},
  options: RollingBacktestOptions = {},
): RollingBacktestResult {
  const t0 = performance.now();
  const maxH = options.maxHorizon ?? 5;
  const minPairs = options.minPairs ?? 2;
  const years = new Set<number>();
  for (const r of input.population ?? []) if (r.population === 'resident' && Number.isInteger(r.year)) years.add(r.year);
  const sorted = [...years].sort((a, b) => a - b);
  if (sorted.length < minPairs + 2)
    throw new ProjectionInputError([
      {
        severity: 'error',
        code: 'NO_COUNTY_HISTORY',
        message: `a rolling back-test needs at least ${minPairs + 2} years of counts, the input has ${sorted.length}`,
      },
    ]);
  const firstYear = sorted[0];
  const lastYear = sorted[sorted.length - 1];
  const actual = new Map<string, number[]>();
  for (const r of input.population) actual.set(`${r.unitCode}|${r.population}|${r.year}`, r.ages);
  const figures: Record<PopulationKind, Figure[]> = { resident: [], registered: [] };
  const origins: number[] = [];
  let anyRegistered = false;
  const usable = sorted.filter((o) => o - firstYear >= minPairs && o < lastYear);
  for (const o of options.maxOrigins ? usable.slice(-options.maxOrigins) : usable) {
    const horizon = Math.min(maxH, lastYear - o);
    const p = prepare(input, { ...assumptions, baseYear: o, horizon });
    if (p.errors.length) continue;
    origins.push(o);
    const proj = projectPrepared(p);
    const model: UncertaintyModel = fitUncertainty(p);
    const a = p.assumptions;
    const township = new Map<string, string>();
    const county = new Map<string, string>();
    p.unitCodes.forEach((code, u) => {
      township.set(code, p.townshipCodes[p.unitTownship[u]]);
      county.set(code, p.countyCodes[p.unitCounty[u]]);
    });
    const keyFns: Record<BacktestLevel, (u: string) => string> = {
      unit: (u) => u,
      township: (u) => township.get(u)!,
      county: (u) => county.get(u)!,
    };
    const rows = proj.rows.filter((r) => r.year > o);
    const kinds: PopulationKind[] = p.hasRegistered ? ['resident', 'registered'] : ['resident'];
    if (p.hasRegistered) anyRegistered = true;
    for (const kind of kinds) {
      // Both sides summed over the same units: those with held-out counts that year.
      const compared = rows.filter((r) => actual.has(`${r.unitCode}|${kind}|${r.year}`));
      const actualOf = new Map<string, number>();
      for (const r of compared) {
        const ages = actual.get(`${r.unitCode}|${kind}|${r.year}`)!;
        const { entryAge, grades } = STAGE_GRADES[r.stage];
        let s = 0;
        for (let k = 0; k < grades.length; k++) s += ages[entryAge + k] ?? 0;
        s *= stageRate(r.stage, a);
        for (const level of BACKTEST_LEVELS) {
          const id = `${level}|${keyFns[level](r.unitCode)}|${r.stage}|${r.year}`;
          actualOf.set(id, (actualOf.get(id) ?? 0) + s);
        }
      }
      BACKTEST_LEVELS.forEach((level, li) => {
        const ivs: DemandInterval[] =
          level === 'unit'
            ? rowIntervals(compared, model)
            : demandIntervals(compared, model, (u) => [{ key: keyFns[level](u), weight: 1 }]);
        for (const iv of ivs) {
          const act = actualOf.get(`${level}|${iv.key}|${iv.stage}|${iv.year}`) ?? 0;
          const i = iv[kind];
          if (i.value === 0 && act === 0) continue;
          figures[kind].push({ origin: o, level: li, h: iv.year - o, m: i.value, s: logSd(i.value, i.sd * i.sd), actual: act });
        }
      });
    }
  }
  const top = BACKTEST_LEVELS.length - 1;
  const errorsOf = (figs: readonly Figure[]) =>
    figs
      .filter((f) => f.m > 0 && f.s > 0)
      .map((f) => ({ h: f.h, m: f.m, s: f.s, e: f.actual > 0 ? Math.log(f.actual / f.m) : -Infinity, top: f.level === top }));
  const kindResult = (kind: PopulationKind): KindBacktest => {
    const figs = figures[kind];
    // Registered counts: the county figures take their own factors, which may narrow them (README, calibration, 3b).
    const opts = { ownFactors: kind === 'registered' };
    // Leave one origin out: each origin's intervals are calibrated on the others' errors.
    const calibByOrigin = new Map(origins.map((o) => [o, calibrateWithDrift(errorsOf(figs.filter((f) => f.origin !== o)), 40, opts)]));
    const calib = (f: Figure) => scaleOf(calibByOrigin.get(f.origin), f.h, f.m, f.s * f.s);
    const shift = (f: Figure) => shiftOf(calibByOrigin.get(f.origin), f.h);
    const H = figs.reduce((x, f) => Math.max(x, f.h), 0);
    const per = (pred: (f: Figure) => boolean): HorizonStat[] =>
      Array.from({ length: H }, (_, k) =>
        statOf(
          figs.filter((f) => f.h === k + 1 && pred(f)),
          calib,
          shift,
        ),
      );
    return {
      byLevel: Object.fromEntries(BACKTEST_LEVELS.map((l, li) => [l, per((f) => f.level === li)])) as Record<BacktestLevel, HorizonStat[]>,
      all: per(() => true),
      calibration: calibrateWithDrift(errorsOf(figs), 40, opts),
    };
  };
  const resident = kindResult('resident');
  const horizons = resident.all.map((_, k) => k + 1);
  return {
    firstYear,
    lastYear,
    origins,
    horizons,
    resident,
    registered: anyRegistered ? kindResult('registered') : null,
    coverage80: resident.all.map((s) => s.coverage80),
    coverage95: resident.all.map((s) => s.coverage95),
    mapeByHorizon: Object.fromEntries(BACKTEST_LEVELS.map((l) => [l, resident.byLevel[l].map((s) => s.mape)])) as Record<
      BacktestLevel,
      number[]
    >,
    ms: performance.now() - t0,
  };
}
