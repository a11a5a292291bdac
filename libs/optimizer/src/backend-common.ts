import type { Model } from './model';
import type { SolveResult, SolveOptions, UnsolvedResult } from './solver';
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
      message: `${backend} returned an answer labelled ${candidate.status} that violates the model${worst}: ${verification.problems.join('; ')}`,
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
export function unansweredResult(
  outcome: Exclude<WorkerOutcome, { kind: 'answered' }>,
  backend: string,
  seconds: number,
): UnsolvedResult {
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
