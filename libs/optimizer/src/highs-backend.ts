import type { Model } from './model';
import { DEFAULT_MIP_REL_GAP, type SolveOptions, type SolveResult, type SolverBackend } from './solver';
import { newInterruptFlag, runInSolveWorker } from './solve-in-worker';
import { toLpFormat, variableName } from './lp-format';
import { highsArrayBuffers, toHighsArrays } from './highs-arrays';
import { highsWasmModule } from './highs-wasm';
import {
  acceptIfVerified,
  hardLimitMs,
  progressReporter,
  secondsSince,
  solveWithoutVariables,
  unansweredResult,
  type ProgressReporter,
  type SolverFigures,
} from './backend-common';

/** Configuration of {@link HighsBackend}. */
export interface HighsBackendConfig {
  /** 'arrays' (default) hands HiGHS the sparse matrix; 'lp' sends LP text, useful to reproduce a file exactly. */
  input?: 'arrays' | 'lp';
  /** Extra HiGHS options (snake_case names) applied after the defaults, e.g. `{ presolve: 'on' }`. */
  highsOptions?: Record<string, string | number | boolean>;
}

/** The raw answer posted back by solve-worker.js for HiGHS. */
interface HighsRaw {
  status: number;
  primalStatus: number;
  objective: number | null;
  values: ArrayLike<number> | null;
  names: string[] | null;
  mipGap: number | null;
  mipDualBound: number | null;
  /** Branch-and-bound nodes (MIPs only). */
  nodes: number | null;
}

// HiGHS model status codes (HighsModelStatus), see highs/types.d.ts.
const OPTIMAL = 7;
const INFEASIBLE = 8;
const UNBOUNDED_OR_INFEASIBLE = 9;
const UNBOUNDED = 10;
const STOPPED_EARLY: Record<number, string> = {
  11: 'objective bound reached',
  12: 'objective target reached',
  13: 'time limit reached',
  14: 'iteration limit reached',
  16: 'solution limit reached',
  17: 'interrupted',
};

/**
 * HiGHS (WASM) in a worker thread. The default backend for MILPs because it proves optimality where
 * javascript-lp-solver and GLPK time out.
 *
 * The worker builds one persistent HiGHS model and runs it with MIP callbacks: `mipInterrupt` and
 * `mipImprovingSolution` post incumbent, bound and gap to {@link SolveOptions.onProgress}; `mipInterrupt` (and
 * `simplexInterrupt` in the lazy-row LP rounds) also polls a shared flag that an aborted signal sets, so a
 * cancelled solve stops cleanly. The worker is still terminated at the hard deadline or a second after an
 * unanswered cancel, whatever HiGHS is doing. {@link SolveOptions.initialSolution} is handed to `setSolution`.
 *
 * @example
 * const result = await new HighsBackend().solve(model, { timeLimitSeconds: 60, mipRelGap: 1e-9 });
 */
export class HighsBackend implements SolverBackend {
  readonly name = 'highs';

  constructor(private readonly config: HighsBackendConfig = {}) {}

  async solve(model: Model, options: SolveOptions = {}): Promise<SolveResult> {
    if (model.variableCount === 0) return solveWithoutVariables(model, this.name);
    const started = performance.now();
    const progress = progressReporter(options, model.objectiveConstant, started);
    try {
      const first = await this.run(model, options, {}, progress);
      if (first.kind !== 'answered') return unansweredResult(first, this.name, secondsSince(started));
      let raw = first.raw as HighsRaw;
      let solverMs = first.solveMs;
      if (raw.status === UNBOUNDED_OR_INFEASIBLE) {
        // Presolve cannot always tell infeasible from unbounded; the simplex without presolve can.
        const second = await this.run(model, options, { presolve: 'off' }, progress);
        if (second.kind !== 'answered') return unansweredResult(second, this.name, secondsSince(started));
        raw = second.raw as HighsRaw;
        solverMs += second.solveMs;
      }
      const solver = { seconds: solverMs / 1000, nodes: typeof raw.nodes === 'number' && Number.isFinite(raw.nodes) ? raw.nodes : null };
      return { ...this.interpret(model, raw, secondsSince(started)), solver };
    } finally {
      progress.stop();
    }
  }

  private async run(model: Model, options: SolveOptions, overrides: Record<string, string | number | boolean>, progress: ProgressReporter) {
    const highsOptions: Record<string, string | number | boolean> = {
      mip_rel_gap: options.mipRelGap ?? DEFAULT_MIP_REL_GAP,
      ...this.config.highsOptions,
      ...overrides,
    };
    if (options.timeLimitSeconds !== undefined) highsOptions.time_limit = options.timeLimitSeconds;
    const limits = {
      hardLimitMs: hardLimitMs(options),
      signal: options.signal,
      interruptFlag: options.signal ? newInterruptFlag() : undefined,
      onInterim: (message: unknown) => {
        const figures = (message as { progress?: SolverFigures }).progress;
        if (figures) progress.update(figures);
      },
    };
    const common = {
      options: highsOptions,
      isMip: model.isMip,
      progress: options.onProgress !== undefined,
      wasmModule: await highsWasmModule(),
    };
    if (this.config.input === 'lp') {
      return runInSolveWorker({ kind: 'highs', lp: toLpFormat(model), ...common }, limits);
    }
    const arrays = toHighsArrays(model);
    const start =
      options.initialSolution && options.initialSolution.length === model.variableCount
        ? Float64Array.from(options.initialSolution)
        : undefined;
    return runInSolveWorker(
      { kind: 'highs', arrays, start, ...common },
      { ...limits, transferList: [...highsArrayBuffers(arrays), ...(start ? [start.buffer as ArrayBuffer] : [])] },
    );
  }

  private interpret(model: Model, raw: HighsRaw, seconds: number): SolveResult {
    const backend = this.name;
    if (raw.status === INFEASIBLE) return { status: 'infeasible', message: 'HiGHS proved the model infeasible', backend, seconds };
    if (raw.status === UNBOUNDED) return { status: 'unbounded', message: 'HiGHS proved the objective unbounded', backend, seconds };
    if (raw.status === UNBOUNDED_OR_INFEASIBLE) {
      return { status: 'error', reason: 'solver_error', message: 'HiGHS could not tell infeasible from unbounded', backend, seconds };
    }
    const stoppedEarly = STOPPED_EARLY[raw.status];
    if (raw.status !== OPTIMAL && stoppedEarly === undefined) {
      return { status: 'error', reason: 'solver_error', message: `HiGHS ended with model status ${raw.status}`, backend, seconds };
    }
    if (raw.values === null || raw.objective === null) {
      if (raw.status === 13)
        return { status: 'time_limit', message: 'time limit reached before a feasible solution was found', backend, seconds };
      return {
        status: 'error',
        reason: 'solver_error',
        message: `HiGHS stopped (${stoppedEarly ?? 'optimal'}) without a primal solution`,
        backend,
        seconds,
      };
    }
    const values = raw.names ? byName(model, raw.names, raw.values) : raw.values;
    const gap = model.isMip ? raw.mipGap : 0;
    return acceptIfVerified(
      model,
      {
        status: raw.status === OPTIMAL ? 'optimal' : 'feasible',
        values,
        reportedObjective: raw.objective + model.objectiveConstant,
        gap,
      },
      backend,
      seconds,
    );
  }
}

function byName(model: Model, names: readonly string[], columnValues: ArrayLike<number>): number[] {
  const position = new Map<string, number>();
  names.forEach((name, k) => position.set(name, k));
  const values = new Array<number>(model.variableCount);
  for (let j = 0; j < model.variableCount; j++) {
    const k = position.get(variableName(j));
    values[j] = k === undefined ? NaN : columnValues[k];
  }
  return values;
}
