import { Model } from '../model';
import type { SolveOptions, SolverBackend } from '../solver';
import { type CostMatrixInput, SparseCostMatrix, toSparse } from './cost-matrix';
import { flatFacilityData, solveFacilityStructured, type StructuredReport, type StructuredSolveOptions } from './facility-structured';
import type { CostBasis } from './cflp';
import {
  type FacilityModel,
  type FacilitySolution,
  assertVector,
  defaultBackend,
  precheckInfeasible,
  toFacilitySolution,
} from './facility-solution';

/** Input of {@link UncapacitatedFacilityLocation.fromCostMatrix}. */
export interface UflInput {
  costs: CostMatrixInput;
  /** Demand weights; with costBasis 'total' they only document the instance. */
  demands: readonly number[];
  fixedCosts: readonly number[];
  costBasis?: CostBasis;
}

/**
 * Uncapacitated facility location (strong formulation).
 *
 *   minimise    sum_j f_j y_j + sum_(i,j) c_ij x_ij
 *   subject to  sum_j x_ij = 1           for every demand point i
 *               x_ij <= y_j              for every arc (i, j)
 *               0 <= x_ij <= 1,  y_j in {0, 1}
 *
 * c_ij is the cost of serving all of i from j (per-unit costs are multiplied by d_i). Without capacities an
 * optimal x is integral for integral y (each point goes to its cheapest open facility), so x stays continuous.
 * The disaggregated `x_ij <= y_j` rows give a much tighter relaxation than `sum_i x_ij <= n y_j`.
 *
 * @example
 * const ufl = UncapacitatedFacilityLocation.fromCostMatrix({ costs: [[1, 9], [9, 1]], demands: [1, 1], fixedCosts: [5, 5] });
 * const solution = await ufl.solve();
 */
export class UncapacitatedFacilityLocation {
  private constructor(
    readonly costs: SparseCostMatrix,
    readonly demands: readonly number[],
    readonly fixedCosts: readonly number[],
    readonly costBasis: CostBasis,
  ) {}

  /** Validates the input (throws on malformed data) and builds the problem. */
  static fromCostMatrix(input: UflInput): UncapacitatedFacilityLocation {
    const costs = toSparse(input.costs, input.fixedCosts.length);
    assertVector('demands', input.demands, costs.demandCount);
    assertVector('fixedCosts', input.fixedCosts, costs.facilityCount, true);
    return new UncapacitatedFacilityLocation(costs, [...input.demands], [...input.fixedCosts], input.costBasis ?? 'per_unit');
  }

  /** A demand point without any facility in reach makes the model infeasible. */
  precheck(): string | null {
    if (this.costs.demandCount > 0 && this.costs.facilityCount === 0) return 'there are demand points but no facilities';
    const unreachable = this.costs.unreachableDemands();
    return unreachable.length > 0 ? `demand point ${unreachable[0]} has no facility in reach` : null;
  }

  /** The MILP above. */
  buildModel(): FacilityModel {
    const model = new Model('min');
    const openVar = this.fixedCosts.map((f, j) => model.addVariable({ kind: 'binary', cost: f, label: `open[${j}]` }));
    const arcVars: FacilityModel['arcVars'] = [];
    for (let i = 0; i < this.costs.demandCount; i++) {
      const terms: Array<[number, number]> = [];
      for (const arc of this.costs.arcsOfDemand(i)) {
        const cost = this.costBasis === 'total' ? arc.cost : arc.cost * this.demands[i];
        const x = model.addVariable({ upper: 1, cost, label: `serve[${i}->${arc.facility}]` });
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
    return { model, openVar, arcVars };
  }

  /**
   * Solves by Lagrangian relaxation, fixing and a reduced MIP ({@link solveFacilityStructured}); the answer is
   * verified against {@link buildModel}'s full model.
   * @example const s = await ufl.solveStructured({ timeLimitSeconds: 60 });
   */
  async solveStructured(options: StructuredSolveOptions = {}): Promise<FacilitySolution & { report?: StructuredReport }> {
    const problem = this.precheck();
    if (problem) return precheckInfeasible(problem);
    const nF = this.costs.facilityCount;
    const data = flatFacilityData(this.costs, this.demands, null, this.fixedCosts, this.costBasis === 'total');
    return solveFacilityStructured(
      {
        data,
        // At least one facility opens: w = 1, required 1 (the only coupling of the uncapacitated subproblems).
        coverWeights: new Float64Array(nF).fill(1),
        coverRequired: this.costs.demandCount > 0 ? 1 : 0,
        fullModel: () => this.buildModel(),
        reducedModel: (keep, forceOpen) => {
          const position = new Map(keep.map((j, r) => [j, r]));
          const arcs = this.costs.arcs
            .filter((a) => position.has(a.facility))
            .map((a) => ({ ...a, facility: position.get(a.facility) as number }));
          const sub = new UncapacitatedFacilityLocation(
            new SparseCostMatrix(this.costs.demandCount, keep.length, arcs),
            this.demands,
            keep.map((j) => this.fixedCosts[j]),
            this.costBasis,
          );
          const built = sub.buildModel();
          keep.forEach((j, r) => {
            if (forceOpen.has(j)) built.model.lower[built.openVar[r]] = 1;
          });
          return built;
        },
      },
      options,
    );
  }

  /** Runs the cheap checks, then solves and reads the verified answer. */
  async solve(backend: SolverBackend = defaultBackend(), options: SolveOptions = {}): Promise<FacilitySolution> {
    const problem = this.precheck();
    if (problem) return precheckInfeasible(problem);
    const { model, openVar, arcVars } = this.buildModel();
    return toFacilitySolution(await backend.solve(model, options), openVar, arcVars);
  }
}
