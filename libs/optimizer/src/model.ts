/** Kind of a decision variable. A binary is an integer variable with bounds [0, 1]. */
export type VariableKind = 'continuous' | 'integer' | 'binary';

/** Sense of a one-sided constraint; ranges are added with {@link Model.addRange}. */
export type ConstraintSense = '<=' | '>=' | '=';

/** Direction of the objective. */
export type ObjectiveSense = 'min' | 'max';

/** A linear expression as `[variableIndex, coefficient]` pairs. */
export type LinearTerms = ReadonlyArray<readonly [number, number]>;

/** Options of a new variable; omitted bounds are [0, +inf) like most LP conventions. */
export interface VariableOptions {
  /** Human-readable label used in verification messages; solver files never see it. */
  label?: string;
  lower?: number;
  upper?: number;
  kind?: VariableKind;
  /** Objective coefficient, a shortcut for adding the term to the objective. */
  cost?: number;
}

/** A linear row `lower <= sum(coefficients[k] * x[indices[k]]) <= upper`, stored sparse. */
export interface Row {
  readonly label: string;
  readonly indices: readonly number[];
  readonly coefficients: readonly number[];
  /** `-Infinity` when the row has no lower side. */
  readonly lower: number;
  /** `+Infinity` when the row has no upper side. */
  readonly upper: number;
}

/**
 * A linear or mixed-integer model: variables with bounds and integrality, sparse linear rows, a linear objective.
 *
 * Variables and rows are addressed by dense indices; labels exist only for people reading reports, and the
 * writers generate safe solver names (`x0`, `c0`, ...) so arbitrary labels never break a file format.
 *
 * @example
 * const m = new Model('min');
 * const x = m.addVariable({ label: 'x', upper: 4, cost: 1 });
 * const y = m.addVariable({ label: 'y', kind: 'integer', cost: 2 });
 * m.addConstraint([[x, 1], [y, 1]], '>=', 3, 'cover');
 */
export class Model {
  readonly lower: number[] = [];
  readonly upper: number[] = [];
  readonly integer: boolean[] = [];
  readonly variableLabels: string[] = [];
  readonly objective: number[] = [];
  readonly rows: Row[] = [];
  /**
   * Rows that are valid inequalities rather than part of the problem's definition: HiGHS starts without them and
   * adds those its LP relaxation violates (cutting-plane rounds) before the MIP. Every row, lazy or not, is still
   * checked by the verifier; backends without lazy support simply include them all.
   */
  readonly lazyRows = new Set<number>();
  /** Added to the reported objective; solvers only see the linear part. */
  objectiveConstant = 0;

  constructor(public sense: ObjectiveSense = 'min') {}

  get variableCount(): number {
    return this.lower.length;
  }

  get rowCount(): number {
    return this.rows.length;
  }

  /** True when at least one variable must take an integer value. */
  get isMip(): boolean {
    return this.integer.some(Boolean);
  }

  /**
   * Adds one variable and returns its index.
   * @example const open = model.addVariable({ kind: 'binary', cost: fixedCost, label: 'open[3]' });
   */
  addVariable(options: VariableOptions = {}): number {
    const kind = options.kind ?? 'continuous';
    let lower = options.lower ?? 0;
    let upper = options.upper ?? Infinity;
    if (kind === 'binary') {
      lower = Math.max(lower, 0);
      upper = Math.min(upper, 1);
    }
    if (Number.isNaN(lower) || Number.isNaN(upper) || lower === Infinity || upper === -Infinity) {
      throw new Error(`variable ${options.label ?? this.variableCount}: invalid bounds [${lower}, ${upper}]`);
    }
    const cost = options.cost ?? 0;
    assertFinite(cost, `objective coefficient of ${options.label ?? this.variableCount}`);
    const index = this.lower.length;
    this.lower.push(lower);
    this.upper.push(upper);
    this.integer.push(kind !== 'continuous');
    this.variableLabels.push(options.label ?? `x${index}`);
    this.objective.push(cost);
    return index;
  }

  /**
   * Adds `lhs <sense> rhs` and returns the row index.
   * @example model.addConstraint([[x, 2], [y, 1]], '<=', 10, 'capacity[school 7]');
   */
  addConstraint(terms: LinearTerms, sense: ConstraintSense, rhs: number, label?: string): number {
    assertFinite(rhs, `right-hand side of ${label ?? `row ${this.rowCount}`}`);
    const lower = sense === '<=' ? -Infinity : rhs;
    const upper = sense === '>=' ? Infinity : rhs;
    return this.addRange(terms, lower, upper, label);
  }

  /**
   * Adds `lower <= lhs <= upper` (either side may be infinite) and returns the row index.
   * @example model.addRange([[x, 1], [y, -1]], -2, 5, 'balance');
   */
  addRange(terms: LinearTerms, lower: number, upper: number, label?: string): number {
    const name = label ?? `row ${this.rowCount}`;
    if (Number.isNaN(lower) || Number.isNaN(upper) || lower === Infinity || upper === -Infinity) {
      throw new Error(`${name}: invalid range [${lower}, ${upper}]`);
    }
    const merged = new Map<number, number>();
    for (const [index, coefficient] of terms) {
      if (!Number.isInteger(index) || index < 0 || index >= this.variableCount) {
        throw new Error(`${name}: unknown variable index ${index}`);
      }
      assertFinite(coefficient, `coefficient of ${this.variableLabels[index]} in ${name}`);
      // Duplicate indices are summed because solver formats reject or silently mishandle them.
      merged.set(index, (merged.get(index) ?? 0) + coefficient);
    }
    const indices: number[] = [];
    const coefficients: number[] = [];
    for (const [index, coefficient] of merged) {
      if (coefficient !== 0) {
        indices.push(index);
        coefficients.push(coefficient);
      }
    }
    this.rows.push({ label: name, indices, coefficients, lower, upper });
    return this.rows.length - 1;
  }

  /** Adds `coefficient * x[variable]` to the objective. */
  addObjectiveTerm(variable: number, coefficient: number): void {
    assertFinite(coefficient, `objective coefficient of ${this.variableLabels[variable]}`);
    this.objective[variable] += coefficient;
  }

  /** Objective value of a full assignment, including the constant. */
  evaluateObjective(values: ArrayLike<number>): number {
    let total = this.objectiveConstant;
    for (let j = 0; j < this.objective.length; j++) {
      const c = this.objective[j];
      if (c !== 0) total += c * values[j];
    }
    return total;
  }
}

function assertFinite(value: number, what: string): void {
  if (!Number.isFinite(value)) throw new Error(`${what} must be a finite number, got ${value}`);
}
