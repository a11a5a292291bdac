import { Model } from '../model';
import { hasSolution, type SolveOptions, type SolverBackend } from '../solver';
import { type CostMatrixInput, type SparseCostMatrix, toSparse } from './cost-matrix';
import { coveringSets, nearestCoveringAssignments } from './coverage';
import { type FacilitySolution, assertVector, defaultBackend, precheckInfeasible, toFacilitySolution } from './facility-solution';

/** Input of {@link MaximalCovering.fromCostMatrix}. */
export interface MclpInput {
  costs: CostMatrixInput;
  /** Weight of each demand point (population, pupils). */
  demands: readonly number[];
  facilityCount?: number;
  /** Number of facilities to open. */
  p: number;
  /** A facility covers a point when the arc cost is at most this; omitted = every arc covers. */
  coverageRadius?: number;
}

/** {@link FacilitySolution} plus what was covered. */
export interface MclpSolution extends FacilitySolution {
  coveredDemands: number[];
  /** Sum of the covered points' weights (the objective). */
  coveredWeight: number;
  totalWeight: number;
}

/**
 * Maximal covering location (Church and ReVelle): open p facilities to cover as much demand weight as possible.
 *
 *   maximise    sum_i d_i z_i
 *   subject to  z_i <= sum_(j in N_i) y_j    for every demand point i   (N_i: facilities within the radius)
 *               sum_j y_j = p
 *               0 <= z_i <= 1,  y_j in {0, 1}
 *
 * z needs no integrality: with integral y the best z_i is min(1, sum y) in {0, 1}. Points with empty N_i can
 * never be covered and get no variable.
 *
 * @example
 * const mclp = MaximalCovering.fromCostMatrix({ costs: [[1, 9], [9, 1], [2, 9]], demands: [5, 7, 4], p: 1, coverageRadius: 3 });
 * const s = await mclp.solve(); // opens facility 0, covers points 0 and 2: weight 9
 */
export class MaximalCovering {
  private constructor(
    readonly costs: SparseCostMatrix,
    readonly demands: readonly number[],
    readonly p: number,
    readonly coverageRadius: number,
  ) {}

  /** Validates the input (throws on malformed data) and builds the problem. */
  static fromCostMatrix(input: MclpInput): MaximalCovering {
    const costs = toSparse(input.costs, input.facilityCount);
    assertVector('demands', input.demands, costs.demandCount);
    return new MaximalCovering(costs, [...input.demands], input.p, input.coverageRadius ?? Infinity);
  }

  /** Cheap reasons the model cannot be feasible, or null. */
  precheck(): string | null {
    const n = this.costs.facilityCount;
    if (!Number.isInteger(this.p) || this.p < 0) return `p must be a non-negative integer, got ${this.p}`;
    if (this.p > n) return `p = ${this.p} is larger than the ${n} candidate facilities`;
    return null;
  }

  /** The MILP above, with the index of each point's z (or -1 when it cannot be covered). */
  buildModel(): { model: Model; openVar: number[]; coverVar: number[] } {
    const model = new Model('max');
    const openVar = Array.from({ length: this.costs.facilityCount }, (_, j) => model.addVariable({ kind: 'binary', label: `open[${j}]` }));
    const sets = coveringSets(this.costs, this.coverageRadius);
    const coverVar = sets.map((set, i) => {
      if (set.length === 0) return -1;
      const z = model.addVariable({ upper: 1, cost: this.demands[i], label: `covered[${i}]` });
      model.addConstraint([[z, 1], ...set.map((j) => [openVar[j], -1] as [number, number])], '<=', 0, `coverage of demand ${i}`);
      return z;
    });
    model.addConstraint(
      openVar.map((y) => [y, 1] as [number, number]),
      '=',
      this.p,
      `open exactly ${this.p}`,
    );
    return { model, openVar, coverVar };
  }

  /** Runs the cheap checks, then solves and reads the verified answer. */
  async solve(backend: SolverBackend = defaultBackend(), options: SolveOptions = {}): Promise<MclpSolution> {
    const totalWeight = this.demands.reduce((a, b) => a + b, 0);
    const problem = this.precheck();
    if (problem) return { ...precheckInfeasible(problem), coveredDemands: [], coveredWeight: 0, totalWeight };
    const { model, openVar, coverVar } = this.buildModel();
    const result = await backend.solve(model, options);
    const base = toFacilitySolution(result, openVar, []);
    if (!hasSolution(result)) return { ...base, coveredDemands: [], coveredWeight: 0, totalWeight };
    // Coverage is re-derived from the open set: z may sit below 1 when its weight is 0.
    const open = new Set(base.openFacilities);
    const sets = coveringSets(this.costs, this.coverageRadius);
    const coveredDemands = sets.flatMap((set, i) => (coverVar[i] >= 0 && set.some((j) => open.has(j)) ? [i] : []));
    return {
      ...base,
      assignments: nearestCoveringAssignments(this.costs, this.coverageRadius, base.openFacilities),
      coveredDemands,
      coveredWeight: coveredDemands.reduce((a, i) => a + this.demands[i], 0),
      totalWeight,
    };
  }
}
