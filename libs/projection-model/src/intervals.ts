import { prepare } from './prepare';
import { projectPrepared } from './project';
import { rollingBacktest, type RollingBacktestOptions, type RollingBacktestResult } from './rolling';
import type { ProjectionAssumptions, ProjectionInput, ProjectionResult } from './types';
import { fitUncertainty, type Calibration, type UncertaintyModel } from './uncertainty';
import { ProjectionInputError } from './validate';

export interface IntervalProjectionOptions {
  /**
   * 'backtest' (default): calibrate the spread on a rolling-origin back-test of the same input and assumptions;
   * 'none': the fitted model as it is; or calibrations computed before (e.g. stored with the dataset version).
   */
  calibration?: 'backtest' | 'none' | { resident: Calibration | null; registered: Calibration | null };
  backtest?: RollingBacktestOptions;
}

export interface ProjectionWithIntervals {
  result: ProjectionResult;
  /** Fitted on the counts up to the base year, calibrated as asked: pass it to `demandIntervals` / `rowIntervals`. */
  uncertainty: UncertaintyModel;
  /** The back-test the calibration came from (null when not run or the history is too short for it). */
  backtest: RollingBacktestResult | null;
}

/**
 * The projection and its error model (README, "Uncertainty"): every figure summed from `result.rows` gets its
 * 80 % / 95 % interval from `demandIntervals(result.rows, uncertainty, keysOf)`. Throws `ProjectionInputError` like
 * `projectCohorts`. A history too short for a back-test leaves the model uncalibrated (`backtest` null).
 * @example
 * const { result, uncertainty } = projectWithIntervals(input);
 * const city = demandIntervals(result.rows, uncertainty, () => [{ key: 'city', weight: 1 }]);
 */
export function projectWithIntervals(
  input: ProjectionInput,
  assumptions: ProjectionAssumptions = {},
  options: IntervalProjectionOptions = {},
): ProjectionWithIntervals {
  const p = prepare(input, assumptions);
  if (p.errors.length) throw new ProjectionInputError(p.errors);
  const result = projectPrepared(p);
  const uncertainty = fitUncertainty(p);
  const mode = options.calibration ?? 'backtest';
  let backtest: RollingBacktestResult | null = null;
  if (mode === 'backtest') {
    const { baseYear: _b, horizon: _h, ...rest } = assumptions;
    const cut = { ...input, population: input.population.filter((r) => r.year <= p.baseYear) };
    try {
      backtest = rollingBacktest(cut, rest, options.backtest);
      uncertainty.resident.calibration = backtest.resident.calibration;
      uncertainty.registered.calibration = backtest.registered?.calibration ?? null;
    } catch (e) {
      if (!(e instanceof ProjectionInputError)) throw e;
    }
  } else if (mode !== 'none') {
    uncertainty.resident.calibration = mode.resident;
    uncertainty.registered.calibration = mode.registered;
  }
  return { result, uncertainty, backtest };
}
