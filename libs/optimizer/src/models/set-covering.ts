import { Model } from '../model';
import { hasSolution, type SolveOptions, type SolverBackend } from '../solver';
import { type CostMatrixInput, type SparseCostMatrix, toSparse } from './cost-matrix';
import { coveringSets, nearestCoveringAssignments } from './coverage';
import { type FacilitySolution, assertVector, defaultBackend, precheckInfeasible, toFacilitySolution } from './facility-solution';

/** Input of {@link SetCovering.fromCostMatrix}. */
export interface SetCoveringInput {
  costs: CostMatrixInput;
  facilityCount?: number;
  /** A facility covers a point when the arc cost is at most this; omitted = every arc covers. */
  coverageRadius?: number;
  /** Cost of opening each facility; omitted = 1 each, i.e. minimise the number opened. */
  fixedCosts?: readonly number[];
}

/**
 * Location set covering (Toregas et al.): the cheapest set of facilities that covers every demand point.
 *
 *   minimise    sum_j f_j y_j
 *   subject to  sum_(j in N_i) y_j >= 1    for every demand point i   (N_i: facilities within the radius)
 *               y_j in {0, 1}
 *
 * A point with empty N_i makes the problem infeasible, which the precheck reports without a solve.
 *
 * @example
 * const sc = SetCovering.fromCostMatrix({ costs: [[1, 9, 2], [9, 1, 2], [9, 9, 1]], coverageRadius: 2 });
 * const s = await sc.solve(); // opens facility 2 only
 */
export class SetCovering {
  private constructor(
    readonly costs: SparseCostMatrix,
    readonly coverageRadius: number,
    readonly fixedCosts: readonly number[],
  ) {}

  /** Validates the input (throws on malformed data) and builds the problem. */
  static fromCostMatrix(input: SetCoveringInput): SetCovering {
    const costs = toSparse(input.costs, input.facilityCount ?? input.fixedCosts?.length);
    const fixedCosts = input.fixedCosts ? [...input.fixedCosts] : new Array<number>(costs.facilityCount).fill(1);
    assertVector('fixedCosts', fixedCosts, costs.facilityCount);
    return new SetCovering(costs, input.coverageRadius ?? Infinity, fixedCosts);
  }

  /** A point no facility can cover makes covering impossible. */
  precheck(): string | null {
    const sets = coveringSets(this.costs, this.coverageRadius);
    const uncoverable = sets.findIndex((set) => set.length === 0);
    return uncoverable >= 0 ? `demand point ${uncoverable} has no facility within the coverage radius ${this.coverageRadius}` : null;
  }

  /** The MILP above. */
  buildModel(): { model: Model; openVar: number[] } {
    const model = new Model('min');
    const openVar = this.fixedCosts.map((f, j) => model.addVariable({ kind: 'binary', cost: f, label: `open[${j}]` }));
    coveringSets(this.costs, this.coverageRadius).forEach((set, i) => {
      model.addConstraint(
        set.map((j) => [openVar[j], 1] as [number, number]),
        '>=',
        1,
        `cover demand ${i}`,
      );
    });
    return { model, openVar };
  }

  /** Runs the cheap check, then solves and reads the verified answer. */
  async solve(backend: SolverBackend = defaultBackend(), options: SolveOptions = {}): Promise<FacilitySolution> {
    const problem = this.precheck();
    if (problem) return precheckInfeasible(problem);
    const { model, openVar } = this.buildModel();
    const result = await backend.solve(model, options);
    const solution = toFacilitySolution(result, openVar, []);
    if (!hasSolution(result)) return solution;
    return { ...solution, assignments: nearestCoveringAssignments(this.costs, this.coverageRadius, solution.openFacilities) };
  }
}
