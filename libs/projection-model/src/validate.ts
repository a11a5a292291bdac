import { prepare } from './prepare';
import type { ProjectionAssumptions, ProjectionInput, ProjectionIssue, ValidationReport } from './types';

/**
 * Thrown by `projectCohorts`, `backtest` and `assertValidProjectionInput` when the input (or an assumption) is
 * unusable. `issues` lists every error, each naming its unit / area / project; a caller maps this to HTTP 4xx
 * (422 for bad data, 400 for a bad assumption: see `code`). Nothing is projected when it is thrown.
 */
export class ProjectionInputError extends Error {
  readonly issues: ProjectionIssue[];
  constructor(issues: ProjectionIssue[]) {
    const shown = issues.slice(0, 10).map((i) => i.message);
    const more = issues.length > 10 ? `; and ${issues.length - 10} more` : '';
    super(`invalid projection input: ${shown.join('; ')}${more}`);
    this.name = 'ProjectionInputError';
    this.issues = issues;
  }
}

/**
 * Check a projection input without projecting. Errors (missing or malformed ages, negative counts or births,
 * births for an unknown area, a unit no births series covers, a housing project pointing to an unknown unit, a
 * county where no unit has two consecutive years of counts, a bad assumption) make `ok` false. Warnings do not:
 * a unit with a single year of counts falls back to its township's (or county's) ratios, and so on.
 */
export function validateProjectionInput(input: ProjectionInput, assumptions: ProjectionAssumptions = {}): ValidationReport {
  const p = prepare(input, assumptions);
  return {
    ok: p.errors.length === 0,
    baseYear: Number.isNaN(p.baseYear) ? null : p.baseYear,
    errors: p.errors,
    warnings: p.warnings,
  };
}

/** `validateProjectionInput`, throwing a `ProjectionInputError` when there is any error; returns the warnings. */
export function assertValidProjectionInput(input: ProjectionInput, assumptions: ProjectionAssumptions = {}): ProjectionIssue[] {
  const r = validateProjectionInput(input, assumptions);
  if (!r.ok) throw new ProjectionInputError(r.errors);
  return r.warnings;
}
