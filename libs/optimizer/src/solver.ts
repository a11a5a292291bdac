import type { Model } from './model';
import type { VerificationReport } from './verify';

/** Outcome of a solve. Only 'optimal' and 'feasible' carry values, and only after they passed verification. */
export type SolveStatus = 'optimal' | 'feasible' | 'infeasible' | 'unbounded' | 'time_limit' | 'error';

/** Why a solve ended in 'error'. */
export type SolveErrorReason = 'cancelled' | 'solver_error' | 'verification_failed' | 'worker_failed';

/** Options shared by every backend. */
export interface SolveOptions {
  /** Wall-clock budget; the worker running the solver is killed shortly after it. */
  timeLimitSeconds?: number;
  /** Relative MIP gap at which the search stops; defaults to {@link DEFAULT_MIP_REL_GAP}. */
  mipRelGap?: number;
  /**
   * Aborting asks the solver to stop at its next checkpoint (HiGHS: the `mipInterrupt` callback), kills the worker
   * if it has not stopped within a second, and resolves with status 'error', reason 'cancelled'.
   */
  signal?: AbortSignal;
  /**
   * Called while the solver runs: at every new incumbent and at least every `progressIntervalMs` (default 1000),
   * from the main thread. Backends that cannot observe their solver (javascript-lp-solver) report elapsed time only.
   */
  onProgress?: (progress: SolveProgress) => void;
  /** Longest pause between two {@link SolveOptions.onProgress} calls, milliseconds (default 1000). */
  progressIntervalMs?: number;
  /**
   * A candidate value per model variable to start from (HiGHS: `setSolution`); the solver checks it and ignores it
   * when infeasible. The final answer is verified as always.
   */
  initialSolution?: ArrayLike<number>;
}

/**
 * A snapshot of a running solve. Objective values include the model's constant, in the model's sense: for a
 * minimisation `bound <= incumbent`. Null while the solver has none yet.
 */
export interface SolveProgress {
  /** Objective of the best feasible solution found so far (not yet verified: the verifier runs on the final answer). */
  incumbent: number | null;
  /** Best proven bound on the optimum. */
  bound: number | null;
  /** Relative gap |incumbent - bound| / max(1, |incumbent|) as the solver computes it; null without both. */
  gap: number | null;
  /** Milliseconds since the solve started (including building and loading the model). */
  elapsedMs: number;
}

/** Default of {@link SolveOptions.progressIntervalMs}. */
export const DEFAULT_PROGRESS_INTERVAL_MS = 1000;

/** Relative MIP gap used when none is given: tighter than HiGHS' 1e-4 because planners compare close plans. */
export const DEFAULT_MIP_REL_GAP = 1e-6;

/**
 * The solver's own account of a run (HiGHS: its run clock and branch-and-bound nodes), apart from `seconds`, which
 * also counts the worker, loading the model and verifying. Less sensitive to a loaded machine than wall seconds
 * alone, and comparable between runs.
 */
export interface SolverRunFigures {
  /** Wall seconds inside the solver's run call (HiGHS `run`: presolve, search, postsolve). */
  seconds: number;
  /** Branch-and-bound nodes processed (HiGHS `mip_node_count`); null for LPs and backends that do not say. */
  nodes: number | null;
}

/** A solution that passed verification. */
export interface SolvedResult {
  status: 'optimal' | 'feasible';
  /** Objective recomputed from `values` and the model (constant included). */
  objective: number;
  /** One value per model variable, in index order. */
  values: number[];
  /** Relative MIP gap reported by the backend; null when the backend cannot say (javascript-lp-solver). */
  gap: number | null;
  verification: VerificationReport;
  backend: string;
  seconds: number;
  /** The solver's own time and node count, when the backend reports them. */
  solver?: SolverRunFigures;
}

/** A solve that produced no usable solution. */
export interface UnsolvedResult {
  status: 'infeasible' | 'unbounded' | 'time_limit' | 'error';
  message: string;
  reason?: SolveErrorReason;
  /** Present when a backend answer was rejected by the verifier. */
  verification?: VerificationReport;
  backend: string;
  seconds: number;
  /** The solver's own time and node count, when the solver answered. */
  solver?: SolverRunFigures;
}

/** Typed result of {@link SolverBackend.solve}. */
export type SolveResult = SolvedResult | UnsolvedResult;

/** True when the result carries verified values. */
export function hasSolution(result: SolveResult): result is SolvedResult {
  return result.status === 'optimal' || result.status === 'feasible';
}

/**
 * A solver behind one interface. Implementations solve off the main thread, enforce the time limit with a hard
 * kill and never resolve with values that fail {@link verifySolution}.
 *
 * @example
 * const result = await new HighsBackend().solve(model, { timeLimitSeconds: 30 });
 * if (hasSolution(result)) console.log(result.objective);
 */
export interface SolverBackend {
  readonly name: string;
  solve(model: Model, options?: SolveOptions): Promise<SolveResult>;
}

/**
 * One-line text of a progress snapshot, for logs, job messages and the CLI progress line.
 *
 * @example
 * formatSolveProgress({ incumbent: 105, bound: 100, gap: 0.0476, elapsedMs: 12300 });
 * // 'incumbent 105, bound 100, gap 4.76%, 12.3 s'
 */
export function formatSolveProgress(p: SolveProgress): string {
  const num = (v: number | null): string => (v === null ? '-' : Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) >= 1000 ? 1 : 4));
  const gap = p.gap === null ? '-' : `${(p.gap * 100).toFixed(p.gap < 0.001 ? 4 : 2)}%`;
  return `incumbent ${num(p.incumbent)}, bound ${num(p.bound)}, gap ${gap}, ${(p.elapsedMs / 1000).toFixed(1)} s`;
}
