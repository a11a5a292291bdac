import type { Model } from '../model';
import type { SolveResult, SolveStatus, SolverBackend } from '../solver';
import { hasSolution } from '../solver';
import type { VerificationReport } from '../verify';
import { HighsBackend } from '../highs-backend';

/** Share of one demand point's demand served by one facility. */
export interface Assignment {
  demand: number;
  facility: number;
  /** In (0, 1]; split service shows as several assignments of one demand point. */
  fraction: number;
}

/** Typed answer of every facility-location model. */
export interface FacilitySolution {
  status: SolveStatus;
  /** Why there is no solution, or what the solver said; absent when optimal. */
  message?: string;
  /** True when a cheap check found the model infeasible and no solver ran. */
  precheckFailed?: boolean;
  objective: number | null;
  openFacilities: number[];
  assignments: Assignment[];
  gap: number | null;
  verification: VerificationReport | null;
  backend: string | null;
  seconds: number;
}

// Values within this distance of 1 count as "open": integrality is verified to 1e-6 already.
const OPEN_THRESHOLD = 0.5;
// Assignments below this share are solver noise, not service.
const MIN_FRACTION = 1e-9;

/** The backend used when a caller does not choose one: HiGHS, the one that proves MILP optimality. */
export function defaultBackend(): SolverBackend {
  return new HighsBackend();
}

/** A solution that never reached a solver because a cheap check failed. */
export function precheckInfeasible(message: string): FacilitySolution {
  return {
    status: 'infeasible',
    message,
    precheckFailed: true,
    objective: null,
    openFacilities: [],
    assignments: [],
    gap: null,
    verification: null,
    backend: null,
    seconds: 0,
  };
}

/**
 * Reads open facilities and assignments out of a verified solve result.
 * `openVar[j]` is the index of facility j's open variable; `arcVar` lists arc variables with their endpoints.
 */
export function toFacilitySolution(
  result: SolveResult,
  openVar: readonly number[],
  arcVars: ReadonlyArray<{ variable: number; demand: number; facility: number }>,
): FacilitySolution {
  if (!hasSolution(result)) {
    return {
      status: result.status,
      message: result.message,
      objective: null,
      openFacilities: [],
      assignments: [],
      gap: null,
      verification: result.verification ?? null,
      backend: result.backend,
      seconds: result.seconds,
    };
  }
  const openFacilities: number[] = [];
  openVar.forEach((variable, facility) => {
    if (result.values[variable] > OPEN_THRESHOLD) openFacilities.push(facility);
  });
  const assignments: Assignment[] = [];
  for (const arc of arcVars) {
    const fraction = result.values[arc.variable];
    if (fraction > MIN_FRACTION) assignments.push({ demand: arc.demand, facility: arc.facility, fraction });
  }
  return {
    status: result.status,
    message: result.status === 'feasible' ? `stopped with relative gap ${result.gap ?? 'unknown'}` : undefined,
    objective: result.objective,
    openFacilities,
    assignments,
    gap: result.gap,
    verification: result.verification,
    backend: result.backend,
    seconds: result.seconds,
  };
}

/** Throws on inputs that are programming errors rather than infeasible plans. */
export function assertVector(name: string, values: readonly number[], length: number, allowNegative = false): void {
  if (values.length !== length) throw new Error(`${name} has ${values.length} entries, expected ${length}`);
  values.forEach((v, k) => {
    if (!Number.isFinite(v) || (!allowNegative && v < 0)) throw new Error(`${name}[${k}] = ${v} is not a finite non-negative number`);
  });
}

/** A built model with the variable indices needed to read a solution back. */
export interface FacilityModel {
  model: Model;
  openVar: number[];
  arcVars: Array<{ variable: number; demand: number; facility: number }>;
}

/** Plain sum; kept here so models share one definition. */
export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
