import type { Model } from './model';

/** Tolerance for scaled residuals, integrality and the objective check. */
export const VERIFY_TOLERANCE = 1e-6;

/** What the verifier measured; `ok` is false when any measure exceeds the tolerance. */
export interface VerificationReport {
  ok: boolean;
  tolerance: number;
  /** Largest bound violation divided by max(1, |bound|). */
  maxBoundViolation: number;
  /** Largest distance of an integer variable from the nearest integer. */
  maxIntegralityViolation: number;
  /** Largest row violation divided by max(1, |violated side|, max |coefficient|). */
  maxScaledResidual: number;
  /** Label of the row with the largest scaled residual, when any row is violated at all. */
  worstConstraint: string | null;
  /** Objective recomputed from the values and the model. */
  objective: number;
  /** Objective claimed by the backend, when it claimed one. */
  reportedObjective: number | null;
  /** |recomputed - reported| / max(1, |recomputed|). */
  objectiveMismatch: number;
  /** One line per failed check, worst first within each kind; empty when ok. */
  problems: string[];
}

/**
 * Checks a candidate solution against its model: bounds, integrality, every row's scaled residual and the
 * objective the backend reported. A backend answer is trusted only when `ok` is true.
 *
 * @example
 * const report = verifySolution(model, [1, 2], 5);
 * if (!report.ok) throw new Error(report.problems[0]);
 */
export function verifySolution(
  model: Model,
  values: ArrayLike<number>,
  reportedObjective: number | null = null,
  tolerance = VERIFY_TOLERANCE,
): VerificationReport {
  const problems: string[] = [];
  const n = model.variableCount;
  // Rows and the objective can only be evaluated on a complete, finite assignment.
  let usable = values.length === n;
  if (!usable) {
    problems.push(`expected ${n} values, got ${values.length}`);
  }

  let maxBoundViolation = 0;
  let worstBound = '';
  let maxIntegralityViolation = 0;
  let worstInteger = '';
  for (let j = 0; j < n; j++) {
    const v = values[j];
    const label = model.variableLabels[j];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      problems.push(`variable ${label} has no finite value (${v})`);
      usable = false;
      continue;
    }
    const below = (model.lower[j] - v) / Math.max(1, Math.abs(model.lower[j]));
    const above = (v - model.upper[j]) / Math.max(1, Math.abs(model.upper[j]));
    const violation = Math.max(below, above, 0);
    if (violation > maxBoundViolation) {
      maxBoundViolation = violation;
      worstBound = `${label} = ${v} outside [${model.lower[j]}, ${model.upper[j]}]`;
    }
    if (model.integer[j]) {
      const fractional = Math.abs(v - Math.round(v));
      if (fractional > maxIntegralityViolation) {
        maxIntegralityViolation = fractional;
        worstInteger = `${label} = ${v} is not integral`;
      }
    }
  }
  if (maxBoundViolation > tolerance) problems.push(`bound violated by ${fmt(maxBoundViolation)}: ${worstBound}`);
  if (maxIntegralityViolation > tolerance) {
    problems.push(`integrality violated by ${fmt(maxIntegralityViolation)}: ${worstInteger}`);
  }

  let maxScaledResidual = 0;
  let worstConstraint: string | null = null;
  let worstRowText = '';
  if (usable) {
    for (const row of model.rows) {
      let activity = 0;
      let rowNorm = 0;
      for (let k = 0; k < row.indices.length; k++) {
        activity += row.coefficients[k] * values[row.indices[k]];
        rowNorm = Math.max(rowNorm, Math.abs(row.coefficients[k]));
      }
      let residual = 0;
      let side = 0;
      if (activity < row.lower) {
        residual = row.lower - activity;
        side = row.lower;
      } else if (activity > row.upper) {
        residual = activity - row.upper;
        side = row.upper;
      }
      if (residual === 0) continue;
      const scaled = residual / Math.max(1, Math.abs(side), rowNorm);
      if (scaled > maxScaledResidual) {
        maxScaledResidual = scaled;
        worstConstraint = row.label;
        worstRowText = `${row.label}: activity ${activity} outside [${row.lower}, ${row.upper}]`;
      }
    }
    if (maxScaledResidual > tolerance) {
      problems.push(`constraint violated by ${fmt(maxScaledResidual)} (scaled): ${worstRowText}`);
    }
  }

  const objective = usable ? model.evaluateObjective(values) : NaN;
  let objectiveMismatch = 0;
  if (reportedObjective !== null && usable) {
    objectiveMismatch = Math.abs(objective - reportedObjective) / Math.max(1, Math.abs(objective));
    if (!(objectiveMismatch <= tolerance)) {
      problems.push(`reported objective ${reportedObjective} differs from recomputed ${objective}`);
    }
  }

  return {
    ok: problems.length === 0,
    tolerance,
    maxBoundViolation,
    maxIntegralityViolation,
    maxScaledResidual,
    worstConstraint,
    objective,
    reportedObjective,
    objectiveMismatch,
    problems,
  };
}

function fmt(x: number): string {
  return x.toExponential(2);
}
