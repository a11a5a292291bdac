import type { Model } from './model';
import { DEFAULT_PROGRESS_INTERVAL_MS, type SolveProgress, type SolveResult, type SolveOptions, type UnsolvedResult } from './solver';
import type { WorkerOutcome } from './solve-in-worker';
import { verifySolution } from './verify';

/** A backend's own reading of its raw answer, before verification. */
export interface Candidate {
  status: 'optimal' | 'feasible';
  values: ArrayLike<number>;
  /** Objective as the backend reported it, constant included, so the verifier can compare. */
  reportedObjective: number | null;
  gap: number | null;
}

/** Elapsed seconds since `started` (a performance.now() reading). */
export function secondsSince(started: number): number {
  return (performance.now() - started) / 1000;
}

/**
 * Deadline for the hard kill: the solver's own limit plus room for loading WASM, reading the model and
 * post-solving, which its clock does not count.
 */
export function hardLimitMs(options: SolveOptions): number | undefined {
  const t = options.timeLimitSeconds;
  if (t === undefined || !Number.isFinite(t)) return undefined;
  if (t <= 0) throw new Error(`timeLimitSeconds must be positive, got ${t}`);
  return (t * 1.1 + 2) * 1000;
}

/** Verifies a candidate; an answer that violates its model becomes an 'error', never a result. */
export function acceptIfVerified(model: Model, candidate: Candidate, backend: string, seconds: number): SolveResult {
  const verification = verifySolution(model, candidate.values, candidate.reportedObjective);
  if (!verification.ok) {
    const worst = verification.worstConstraint ? ` (worst constraint: ${verification.worstConstraint})` : '';
    return {
      status: 'error',
      reason: 'verification_failed',
      message:
        `${backend} returned an answer labelled ${candidate.status} that violates the model${worst}: ` +
        `${verification.problems.join('; ')}`,
      verification,
      backend,
      seconds,
    };
  }
  return {
    status: candidate.status,
    objective: verification.objective,
    values: Array.from(candidate.values),
    gap: candidate.gap,
    verification,
    backend,
    seconds,
  };
}

/** Result for worker outcomes that carry no solver answer at all. */
export function unansweredResult(outcome: Exclude<WorkerOutcome, { kind: 'answered' }>, backend: string, seconds: number): UnsolvedResult {
  switch (outcome.kind) {
    case 'cancelled':
      return { status: 'error', reason: 'cancelled', message: 'solve cancelled', backend, seconds };
    case 'killed_at_deadline':
      return {
        status: 'time_limit',
        message: `${backend} was stopped at the time limit without a usable solution`,
        backend,
        seconds,
      };
    case 'failed':
      return { status: 'error', reason: 'worker_failed', message: outcome.message, backend, seconds };
  }
}

/** Models without variables need no solver: either the constant rows hold or they do not. */
export function solveWithoutVariables(model: Model, backend: string): SolveResult {
  const verification = verifySolution(model, []);
  if (!verification.ok) {
    return { status: 'infeasible', message: `constant rows violated: ${verification.problems.join('; ')}`, backend, seconds: 0 };
  }
  return { status: 'optimal', objective: verification.objective, values: [], gap: 0, verification, backend, seconds: 0 };
}

/** What a backend feeds into {@link progressReporter}: the solver's own figures, objective constant excluded. */
export interface SolverFigures {
  incumbent: number | null;
  bound: number | null;
  gap: number | null;
}

/** Handle of {@link progressReporter}. */
export interface ProgressReporter {
  /** New figures from the solver; a changed incumbent is reported at once, the rest at the next tick. */
  update(figures: Partial<SolverFigures>): void;
  /** Stops the ticks; call it before resolving. */
  stop(): void;
}

/**
 * Calls `options.onProgress` at least every `progressIntervalMs` with the latest figures (adding the model's
 * objective constant) and at once on each new incumbent. A no-op without `onProgress`.
 *
 * @example
 * const progress = progressReporter(options, model.objectiveConstant, performance.now());
 * progress.update({ incumbent: 12, bound: 10, gap: 0.17 });
 * progress.stop();
 */
export function progressReporter(options: SolveOptions, objectiveConstant: number, started: number): ProgressReporter {
  const onProgress = options.onProgress;
  if (!onProgress) return { update: () => undefined, stop: () => undefined };
  const latest: SolverFigures = { incumbent: null, bound: null, gap: null };
  const emit = (): void => {
    const shift = (v: number | null): number | null => (v === null ? null : v + objectiveConstant);
    const snapshot: SolveProgress = {
      incumbent: shift(latest.incumbent),
      bound: shift(latest.bound),
      gap: latest.gap,
      elapsedMs: Math.round(performance.now() - started),
    };
    onProgress(snapshot);
  };
  const timer = setInterval(emit, options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS);
  timer.unref?.();
  return {
    update(figures) {
      const improved = figures.incumbent !== undefined && figures.incumbent !== null && figures.incumbent !== latest.incumbent;
      for (const key of ['incumbent', 'bound', 'gap'] as const) {
        const v = figures[key];
        if (v !== undefined && v !== null) latest[key] = v;
      }
      if (improved) emit();
    },
    stop: () => clearInterval(timer),
  };
}
