import { Model } from '../model';
import type { SolveOptions, SolverBackend } from '../solver';
import { type CostMatrixInput, type SparseCostMatrix, toSparse } from './cost-matrix';
import {
  type FacilityModel,
  type FacilitySolution,
  assertVector,
  defaultBackend,
  precheckInfeasible,
  toFacilitySolution,
} from './facility-solution';

/** Input of {@link PMedian.fromCostMatrix}. */
export interface PMedianInput {
  /** Per-unit costs (distances); the objective weighs them by demand. */
  costs: CostMatrixInput;
  demands: readonly number[];
  /** Number of facilities to open; the facility count is taken from this array's length when costs are dense. */
  facilityCount?: number;
  p: number;
}

/**
 * p-median: open exactly p facilities and send every demand point to one of them, minimising demand-weighted cost.
 *
 *   minimise    sum_(i,j) d_i c_ij x_ij
 *   subject to  sum_j x_ij = 1        for every demand point i
 *               x_ij <= y_j           for every arc (i, j)
 *               sum_j y_j = p
 *               0 <= x_ij <= 1,  y_j in {0, 1}
 *
 * As in the uncapacitated problem an optimal x is integral for integral y, so x stays continuous.
 *
 * @example
 * const pm = PMedian.fromCostMatrix({ costs: [[0, 4], [4, 0], [1, 3]], demands: [1, 1, 1], p: 1 });
 * const solution = await pm.solve(); // opens facility 0: cost 0 + 4 + 1 = 5
 */
export class PMedian {
  private constructor(
    readonly costs: SparseCostMatrix,
    readonly demands: readonly number[],
    readonly p: number,
  ) {}

  /** Validates the input (throws on malformed data) and builds the problem. */
  static fromCostMatrix(input: PMedianInput): PMedian {
    const costs = toSparse(input.costs, input.facilityCount);
    assertVector('demands', input.demands, costs.demandCount);
    return new PMedian(costs, [...input.demands], input.p);
  }

  /** Cheap reasons the model cannot be feasible, or null. */
  precheck(): string | null {
    const n = this.costs.facilityCount;
    if (!Number.isInteger(this.p) || this.p < 1) return `p must be a positive integer, got ${this.p}`;
    if (this.p > n) return `p = ${this.p} is larger than the ${n} candidate facilities`;
    const unreachable = this.costs.unreachableDemands();
    return unreachable.length > 0 ? `demand point ${unreachable[0]} has no facility in reach` : null;
  }

  /** The MILP above. */
  buildModel(): FacilityModel {
    const model = new Model('min');
    const openVar = Array.from({ length: this.costs.facilityCount }, (_, j) => model.addVariable({ kind: 'binary', label: `open[${j}]` }));
    const arcVars: FacilityModel['arcVars'] = [];
    for (let i = 0; i < this.costs.demandCount; i++) {
      const terms: Array<[number, number]> = [];
      for (const arc of this.costs.arcsOfDemand(i)) {
        const x = model.addVariable({ upper: 1, cost: arc.cost * this.demands[i], label: `serve[${i}->${arc.facility}]` });
        arcVars.push({ variable: x, demand: i, facility: arc.facility });
        terms.push([x, 1]);
        model.addConstraint(
          [
            [x, 1],
            [openVar[arc.facility], -1],
          ],
          '<=',
          0,
          `link[${i}->${arc.facility}]`,
        );
      }
      model.addConstraint(terms, '=', 1, `serve demand ${i}`);
    }
    model.addConstraint(
      openVar.map((y) => [y, 1] as [number, number]),
      '=',
      this.p,
      `open exactly ${this.p}`,
    );
    return { model, openVar, arcVars };
  }

  /** Runs the cheap checks, then solves and reads the verified answer. */
  async solve(backend: SolverBackend = defaultBackend(), options: SolveOptions = {}): Promise<FacilitySolution> {
    const problem = this.precheck();
    if (problem) return precheckInfeasible(problem);
    const { model, openVar, arcVars } = this.buildModel();
    return toFacilitySolution(await backend.solve(model, options), openVar, arcVars);
  }
}
