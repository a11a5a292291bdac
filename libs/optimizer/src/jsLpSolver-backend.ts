import type { Model } from './model';
import type { SolveOptions, SolveResult, SolverBackend } from './solver';
import { runInSolveWorker } from './solve-in-worker';
import { toJsLpSolverModel } from './jsLpSolver-format';
import { variableName } from './lp-format';
import { acceptIfVerified, hardLimitMs, progressReporter, secondsSince, solveWithoutVariables, unansweredResult } from './backend-common';

/** javascript-lp-solver's simplified answer: flags, objective and the non-zero variables by name. */
export interface JsLpSolverRaw {
  feasible: boolean;
  result: number;
  bounded?: boolean;
  isIntegral?: boolean;
  [variable: string]: number | boolean | undefined;
}

/** Configuration of {@link JsLpSolverBackend}. */
export interface JsLpSolverBackendConfig {
  /** Worker heap cap; its dense tableau reached 4.3 GB on a 64,000-arc LP (docs/solvers.md). */
  maxHeapMb?: number;
}

/**
 * javascript-lp-solver in a worker thread: fine for small LPs and as a cross-check. It cannot report a MIP gap,
 * and when its own MIP timeout fires it returns its incumbent as if it were a solution, so a MIP answer that
 * arrives after that timeout is labelled 'feasible' (gap unknown) and still has to pass the verifier.
 *
 * @example
 * const result = await new JsLpSolverBackend().solve(model, { timeLimitSeconds: 10 });
 */
export class JsLpSolverBackend implements SolverBackend {
  readonly name = 'javascript-lp-solver';

  constructor(private readonly config: JsLpSolverBackendConfig = {}) {}

  async solve(model: Model, options: SolveOptions = {}): Promise<SolveResult> {
    if (model.variableCount === 0) return solveWithoutVariables(model, this.name);
    const started = performance.now();
    const json = toJsLpSolverModel(model);
    // Its own timeout fires a little before the hard kill so that an incumbent can still come back.
    const internalTimeoutMs =
      options.timeLimitSeconds !== undefined && model.isMip ? Math.max(1, options.timeLimitSeconds * 900) : undefined;
    if (internalTimeoutMs !== undefined) json.options.timeout = internalTimeoutMs;
    // It cannot be observed while it runs: progress carries elapsed time only.
    const progress = progressReporter(options, model.objectiveConstant, started);
    const outcome = await runInSolveWorker(
      { kind: 'jsLpSolver', model: json },
      { hardLimitMs: hardLimitMs(options), signal: options.signal, maxHeapMb: this.config.maxHeapMb ?? 2048 },
    ).finally(() => progress.stop());
    const seconds = secondsSince(started);
    if (outcome.kind !== 'answered') return unansweredResult(outcome, this.name, seconds);
    return interpretJsLpSolverAnswer(model, outcome.raw as JsLpSolverRaw, {
      backend: this.name,
      seconds,
      stoppedByTimeout: internalTimeoutMs !== undefined && outcome.solveMs >= internalTimeoutMs,
    });
  }
}

/**
 * Reads a javascript-lp-solver answer against its model. Exported so that hand-made answers can be checked in
 * tests without running the solver.
 *
 * @example
 * interpretJsLpSolverAnswer(model, { feasible: true, result: 3, bounded: true, x0: 3 }, { backend: 'test', seconds: 0 });
 */
export function interpretJsLpSolverAnswer(
  model: Model,
  raw: JsLpSolverRaw,
  context: { backend: string; seconds: number; stoppedByTimeout?: boolean },
): SolveResult {
  const { backend, seconds } = context;
  // Its infeasible answers carry garbage values; only the flag is meaningful.
  if (!raw.feasible) return { status: 'infeasible', message: 'javascript-lp-solver reports the model infeasible', backend, seconds };
  if (raw.bounded === false)
    return { status: 'unbounded', message: 'javascript-lp-solver reports the objective unbounded', backend, seconds };
  const values = new Array<number>(model.variableCount);
  for (let j = 0; j < model.variableCount; j++) {
    const v = raw[variableName(j)];
    values[j] = typeof v === 'number' ? v : 0;
  }
  const timedOut = context.stoppedByTimeout === true;
  return acceptIfVerified(
    model,
    {
      status: timedOut ? 'feasible' : 'optimal',
      values,
      reportedObjective: raw.result + model.objectiveConstant,
      gap: timedOut ? null : 0,
    },
    backend,
    seconds,
  );
}
