import type { Model } from './model';
import { rowName, variableName } from './lp-format';

/** The JSON model accepted by javascript-lp-solver's `Solve`. */
export interface JsLpSolverModel {
  optimize: string;
  opType: 'min' | 'max';
  constraints: Record<string, { min?: number; max?: number; equal?: number }>;
  variables: Record<string, Record<string, number>>;
  ints: Record<string, 1>;
  unrestricted: Record<string, 1>;
  options: { timeout?: number; tolerance?: number };
}

/** Key of the objective inside each variable's coefficient map; cannot collide with generated x/c/lb/ub names. */
export const JS_LP_OBJECTIVE_KEY = '_objective';

/**
 * Writes the model as javascript-lp-solver JSON. That solver only knows x >= 0 or free variables, so other bounds
 * become rows `lbJ`/`ubJ`.
 *
 * @example
 * const json = toJsLpSolverModel(model);
 * // { optimize: '_objective', opType: 'min', constraints: { c0: { min: 3 } }, variables: { x0: { _objective: 1, c0: 1 } }, ... }
 */
export function toJsLpSolverModel(model: Model): JsLpSolverModel {
  const constraints: JsLpSolverModel['constraints'] = {};
  const variables: JsLpSolverModel['variables'] = {};
  const ints: JsLpSolverModel['ints'] = {};
  const unrestricted: JsLpSolverModel['unrestricted'] = {};

  for (let j = 0; j < model.variableCount; j++) {
    const name = variableName(j);
    const coefficients: Record<string, number> = {};
    if (model.objective[j] !== 0) coefficients[JS_LP_OBJECTIVE_KEY] = model.objective[j];
    const lower = model.lower[j];
    const upper = model.upper[j];
    if (lower < 0) unrestricted[name] = 1;
    if (lower !== 0 && lower !== -Infinity) {
      constraints[`lb${j}`] = { min: lower };
      coefficients[`lb${j}`] = 1;
    }
    if (upper !== Infinity) {
      constraints[`ub${j}`] = { max: upper };
      coefficients[`ub${j}`] = 1;
    }
    if (model.integer[j]) ints[name] = 1;
    variables[name] = coefficients;
  }

  model.rows.forEach((row, i) => {
    if (row.lower === -Infinity && row.upper === Infinity) return;
    const name = rowName(i);
    if (row.lower === row.upper) constraints[name] = { equal: row.lower };
    else {
      const bound: { min?: number; max?: number } = {};
      if (row.lower !== -Infinity) bound.min = row.lower;
      if (row.upper !== Infinity) bound.max = row.upper;
      constraints[name] = bound;
    }
    row.indices.forEach((j, k) => {
      variables[variableName(j)][name] = row.coefficients[k];
    });
  });

  return { optimize: JS_LP_OBJECTIVE_KEY, opType: model.sense, constraints, variables, ints, unrestricted, options: {} };
}
