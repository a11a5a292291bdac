import { AGE_GROUPS, STAGE_GRADES, type PopulationKind, type ProjectedStage } from '@app/domain';
import { PROJECTED_STAGES } from './enrolment';
import { prepare } from './prepare';
import { projectPrepared } from './project';
import type { ProjectionAssumptions, ProjectionInput, ProjectionIssue } from './types';
import { ProjectionInputError } from './validate';

const A = AGE_GROUPS;

/** Errors in percent. `mape`: mean of |projected - actual| / actual over (area, year) with actual > 0;
 * `wape`: sum |projected - actual| / sum actual; `n`: (area, year) pairs in `mape`. NaN when nothing to compare. */
export interface ErrorStat {
  mape: number;
  wape: number;
  n: number;
}

/** The same error at unit, township and county level (areas summed over the units with actual counts). */
export interface LevelErrors {
  unit: ErrorStat;
  township: ErrorStat;
  county: ErrorStat;
}

export interface BacktestMetrics {
  /** Stage headcount (ages of the stage; enrolment rates cancel out of percentage errors). */
  byStage: Record<ProjectedStage, LevelErrors>;
  /** Single year of age 0..17. */
  byAge: LevelErrors[];
}

export interface BacktestResult {
  /** The base year of the back-test projection (last year with counts - k). */
  baseYear: number;
  lastYear: number;
  holdOutYears: number;
  resident: BacktestMetrics;
  /** null when the input has no registered counts. */
  registered: BacktestMetrics | null;
  warnings: ProjectionIssue[];
}

class Acc {
  ape = 0;
  n = 0;
  abs = 0;
  act = 0;
  add(p: number, a: number): void {
    this.abs += Math.abs(p - a);
    this.act += a;
    if (a > 0) {
      this.ape += Math.abs(p - a) / a;
      this.n++;
    }
  }
  stat(): ErrorStat {
    return {
      mape: this.n ? (100 * this.ape) / this.n : NaN,
      wape: this.act > 0 ? (100 * this.abs) / this.act : NaN,
      n: this.n,
    };
  }
}

/**
 * Hold out the last k years of population counts (k >= 1), project them from base = last - k with the same
 * assumptions (births, housing and every other input kept: births of the held-out years are observed data), and
 * compare with the held-out counts. Throws `ProjectionInputError` when the shortened input is unusable (for
 * example fewer than two years left before the base year).
 */
export function backtest(input: ProjectionInput, holdOutYears: number, assumptions: ProjectionAssumptions = {}): BacktestResult {
  if (!Number.isInteger(holdOutYears) || holdOutYears < 1)
    throw new ProjectionInputError([
      { severity: 'error', code: 'BAD_ASSUMPTION', message: `holdOutYears = ${holdOutYears}: must be an integer >= 1` },
    ]);
  let lastYear = -Infinity;
  for (const r of input.population ?? [])
    if (r.population === 'resident' && Number.isInteger(r.year) && r.year > lastYear) lastYear = r.year;
  if (!Number.isFinite(lastYear))
    throw new ProjectionInputError([{ severity: 'error', code: 'NO_POPULATION', message: 'no resident age counts to back-test' }]);
  const base = lastYear - holdOutYears;
  const p = prepare(input, { ...assumptions, baseYear: base, horizon: holdOutYears });
  if (p.errors.length) throw new ProjectionInputError(p.errors);
  const proj = projectPrepared(p);
  const Y = proj.years.length;
  const U = p.unitCodes.length;

  // Held-out actual counts: flat ((u * k) + (year - base - 1)) * 18 + age, with presence flags.
  const k = holdOutYears;
  const actual = { resident: new Float64Array(U * k * A), registered: new Float64Array(U * k * A) };
  const has = { resident: new Uint8Array(U * k), registered: new Uint8Array(U * k) };
  for (const r of input.population) {
    if (r.year <= base || r.year > lastYear) continue;
    const u = p.unitIndex.get(r.unitCode);
    if (u === undefined || (r.population !== 'resident' && r.population !== 'registered')) continue;
    const i = u * k + (r.year - base - 1);
    if (has[r.population][i]) continue;
    has[r.population][i] = 1;
    for (let a = 0; a < A; a++) actual[r.population][i * A + a] = r.ages[a];
  }

  const metrics = (kind: PopulationKind): BacktestMetrics => {
    const P = proj.population[kind];
    const act = actual[kind];
    const pres = has[kind];
    const T = p.townshipCodes.length;
    const C = p.countyCodes.length;
    // Area sums per (area, held-out year, age).
    const tP = new Float64Array(T * k * A);
    const tA = new Float64Array(T * k * A);
    const cP = new Float64Array(C * k * A);
    const cA = new Float64Array(C * k * A);
    const unitAge = Array.from({ length: A }, () => new Acc());
    const unitStage = new Map(PROJECTED_STAGES.map((s) => [s, new Acc()]));
    for (let u = 0; u < U; u++)
      for (let j = 0; j < k; j++) {
        if (!pres[u * k + j]) continue;
        const po = (u * Y + j + 1) * A;
        const ao = (u * k + j) * A;
        const to = (p.unitTownship[u] * k + j) * A;
        const co = (p.unitCounty[u] * k + j) * A;
        for (let a = 0; a < A; a++) {
          unitAge[a].add(P[po + a], act[ao + a]);
          tP[to + a] += P[po + a];
          tA[to + a] += act[ao + a];
          cP[co + a] += P[po + a];
          cA[co + a] += act[ao + a];
        }
        for (const s of PROJECTED_STAGES) {
          const { entryAge, grades } = STAGE_GRADES[s];
          let sp = 0;
          let sa = 0;
          for (let a = entryAge; a < entryAge + grades.length; a++) {
            sp += P[po + a];
            sa += act[ao + a];
          }
          unitStage.get(s)!.add(sp, sa);
        }
      }
    const areaErrors = (sumP: Float64Array, sumA: Float64Array, nAreas: number) => {
      const age = Array.from({ length: A }, () => new Acc());
      const stage = new Map(PROJECTED_STAGES.map((s) => [s, new Acc()]));
      for (let i = 0; i < nAreas * k; i++) {
        const o = i * A;
        let any = false;
        for (let a = 0; a < A && !any; a++) any = sumA[o + a] > 0 || sumP[o + a] > 0;
        if (!any) continue;
        for (let a = 0; a < A; a++) age[a].add(sumP[o + a], sumA[o + a]);
        for (const s of PROJECTED_STAGES) {
          const { entryAge, grades } = STAGE_GRADES[s];
          let sp = 0;
          let sa = 0;
          for (let a = entryAge; a < entryAge + grades.length; a++) {
            sp += sumP[o + a];
            sa += sumA[o + a];
          }
          stage.get(s)!.add(sp, sa);
        }
      }
      return { age, stage };
    };
    const t = areaErrors(tP, tA, T);
    const c = areaErrors(cP, cA, C);
    const byStage = {} as Record<ProjectedStage, LevelErrors>;
    for (const s of PROJECTED_STAGES)
      byStage[s] = { unit: unitStage.get(s)!.stat(), township: t.stage.get(s)!.stat(), county: c.stage.get(s)!.stat() };
    const byAge = unitAge.map((acc, a) => ({ unit: acc.stat(), township: t.age[a].stat(), county: c.age[a].stat() }));
    return { byStage, byAge };
  };

  return {
    baseYear: base,
    lastYear,
    holdOutYears,
    resident: metrics('resident'),
    registered: p.hasRegistered ? metrics('registered') : null,
    warnings: p.warnings,
  };
}
