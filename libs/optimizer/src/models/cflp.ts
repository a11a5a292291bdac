import { Model } from '../model';
import type { SolveOptions, SolverBackend } from '../solver';
import { type CostMatrixInput, SparseCostMatrix, toSparse } from './cost-matrix';
import { flatFacilityData, solveFacilityStructured, type StructuredReport, type StructuredSolveOptions } from './facility-structured';
import {
  type FacilityModel,
  type FacilitySolution,
  sum,
  assertVector,
  defaultBackend,
  precheckInfeasible,
  toFacilitySolution,
} from './facility-solution';

/**
 * How a cost matrix entry relates to demand: 'per_unit' (a distance; the objective weighs it by demand) or
 * 'total' (the cost of serving all of the point's demand, as in OR-Library files).
 */
export type CostBasis = 'per_unit' | 'total';

/** Input of {@link CapacitatedFacilityLocation.fromCostMatrix}. */
export interface CflpInput {
  /** Rows = demand points, columns = facilities; missing arcs are out of reach. */
  costs: CostMatrixInput;
  demands: readonly number[];
  capacities: readonly number[];
  fixedCosts: readonly number[];
  costBasis?: CostBasis;
  /**
   * Add the valid inequalities below (default: true, and 'lazy' from 20,000 arcs). Off only to measure what they
   * buy. 'lazy' adds the
   * x_ij <= y_j rows of each point's 10 cheapest arcs and hands the rest to HiGHS as lazy rows (added in LP
   * cutting-plane rounds only when violated; see {@link Model.lazyRows}); the verifier still checks them all.
   */
  strengthen?: boolean | 'lazy';
}

/**
 * From this many arcs the x_ij <= y_j rows default to lazy: measured on OR-Library capa/capb/capc (100,000 arcs),
 * lazy rows proved optimality in 73-189 s where all rows up front did not in 300 s (capc-7250: 73 s against 176 s).
 */
export const LAZY_FROM_ARCS = 20_000;

// Links kept in the first LP when strengthen is 'lazy': the cheapest arcs are the ones the LP wants to use.
const LAZY_SEED_ARCS = 10;

/**
 * Capacitated facility location with split demand.
 *
 * Sets: demand points i with demand d_i, facilities j with capacity s_j and fixed cost f_j, arcs (i, j) in reach
 * with cost c_ij (for serving all of d_i; per-unit costs are multiplied by d_i first).
 *
 *   minimise    sum_j f_j y_j + sum_(i,j) c_ij x_ij
 *   subject to  sum_j x_ij = 1                       for every demand point i   (all demand served)
 *               sum_i d_i x_ij <= s_j y_j            for every facility j       (capacity, only if open)
 *               x_ij <= min(1, s_j / d_i) y_j        for every arc              (strengthening)
 *               sum_j s_j y_j >= sum_i d_i                                      (strengthening)
 *               0 <= x_ij <= min(1, s_j / d_i),  y_j in {0, 1}
 *
 * The two strengthening families are implied by the others for integer y but cut off fractional LP solutions;
 * Measured (docs/solvers.md): `x_ij <= y_j` alone took GLPK from a 120 s time-out to 0.5 s.
 *
 * @example
 * const cflp = CapacitatedFacilityLocation.fromCostMatrix({
 *   costs: [[1, 3], [3, 1]], demands: [10, 10], capacities: [15, 15], fixedCosts: [100, 100],
 * });
 * const solution = await cflp.solve(new HighsBackend(), { timeLimitSeconds: 10 });
 */
export class CapacitatedFacilityLocation {
  private constructor(
    readonly costs: SparseCostMatrix,
    readonly demands: readonly number[],
    readonly capacities: readonly number[],
    readonly fixedCosts: readonly number[],
    readonly costBasis: CostBasis,
    readonly strengthen: boolean | 'lazy',
  ) {}

  /** Validates the input (throws on malformed data) and builds the problem. */
  static fromCostMatrix(input: CflpInput): CapacitatedFacilityLocation {
    const costs = toSparse(input.costs, input.capacities.length);
    assertVector('demands', input.demands, costs.demandCount);
    assertVector('capacities', input.capacities, costs.facilityCount);
    assertVector('fixedCosts', input.fixedCosts, costs.facilityCount, true);
    return new CapacitatedFacilityLocation(
      costs,
      [...input.demands],
      [...input.capacities],
      [...input.fixedCosts],
      input.costBasis ?? 'per_unit',
      input.strengthen ?? (costs.arcs.length >= LAZY_FROM_ARCS ? 'lazy' : true),
    );
  }

  /** Cheap reasons the model cannot be feasible, or null; no solver is needed to find them. */
  precheck(): string | null {
    const totalDemand = sum(this.demands);
    const totalCapacity = sum(this.capacities);
    if (totalCapacity < totalDemand) {
      return `total capacity ${totalCapacity} is below total demand ${totalDemand}`;
    }
    for (let i = 0; i < this.costs.demandCount; i++) {
      const arcs = this.costs.arcsOfDemand(i);
      if (arcs.length === 0) return `demand point ${i} has no facility in reach`;
      const reachable = sum(arcs.map((a) => this.capacities[a.facility]));
      if (reachable < this.demands[i]) {
        return `demand point ${i} needs ${this.demands[i]} but the facilities in reach hold only ${reachable}`;
      }
    }
    return null;
  }

  /** The MILP above. */
  buildModel(): FacilityModel {
    const model = new Model('min');
    const openVar = this.fixedCosts.map((f, j) => model.addVariable({ kind: 'binary', cost: f, label: `open[${j}]` }));
    const arcVars: FacilityModel['arcVars'] = [];
    const capacityTerms: Array<Array<[number, number]>> = this.capacities.map((s, j) => [[openVar[j], -s]]);
    for (let i = 0; i < this.costs.demandCount; i++) {
      const d = this.demands[i];
      const assignTerms: Array<[number, number]> = [];
      const arcs = this.costs.arcsOfDemand(i);
      const eager = new Set([...arcs].sort((a, b) => a.cost - b.cost).slice(0, LAZY_SEED_ARCS));
      for (const arc of arcs) {
        const j = arc.facility;
        const share = d > 0 ? Math.min(1, this.capacities[j] / d) : 1;
        const cost = this.costBasis === 'total' ? arc.cost : arc.cost * d;
        const x = model.addVariable({ upper: share, cost, label: `serve[${i}->${j}]` });
        arcVars.push({ variable: x, demand: i, facility: j });
        assignTerms.push([x, 1]);
        if (d > 0) capacityTerms[j].push([x, d]);
        if (this.strengthen) {
          const row = model.addConstraint(
            [
              [x, 1],
              [openVar[j], -share],
            ],
            '<=',
            0,
            `link[${i}->${j}]`,
          );
          if (this.strengthen === 'lazy' && !eager.has(arc)) model.lazyRows.add(row);
        }
      }
      model.addConstraint(assignTerms, '=', 1, `serve all of demand ${i}`);
    }
    capacityTerms.forEach((terms, j) => model.addConstraint(terms, '<=', 0, `capacity of facility ${j}`));
    if (this.strengthen) {
      model.addConstraint(
        openVar.map((y, j) => [y, this.capacities[j]] as [number, number]),
        '>=',
        sum(this.demands),
        'open capacity covers total demand',
      );
    }
    return { model, openVar, arcVars };
  }

  /**
   * Solves by Lagrangian relaxation, fixing and a reduced MIP ({@link solveFacilityStructured}); the answer is
   * verified against {@link buildModel}'s full model.
   * @example const s = await cflp.solveStructured({ timeLimitSeconds: 300, mipRelGap: 1e-9 });
   */
  async solveStructured(options: StructuredSolveOptions = {}): Promise<FacilitySolution & { report?: StructuredReport }> {
    const problem = this.precheck();
    if (problem) return precheckInfeasible(problem);
    const data = flatFacilityData(this.costs, this.demands, this.capacities, this.fixedCosts, this.costBasis === 'total');
    return solveFacilityStructured(
      {
        data,
        coverWeights: Float64Array.from(this.capacities),
        coverRequired: sum(this.demands),
        fullModel: () => this.buildModel(),
        reducedModel: (keep, forceOpen) => {
          const position = new Map(keep.map((j, r) => [j, r]));
          const arcs = this.costs.arcs
            .filter((a) => position.has(a.facility))
            .map((a) => ({ ...a, facility: position.get(a.facility) as number }));
          const sub = new CapacitatedFacilityLocation(
            new SparseCostMatrix(this.costs.demandCount, keep.length, arcs),
            this.demands,
            keep.map((j) => this.capacities[j]),
            keep.map((j) => this.fixedCosts[j]),
            this.costBasis,
            arcs.length >= LAZY_FROM_ARCS ? 'lazy' : true,
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

  /**
   * Runs the cheap checks, then solves and reads the verified answer.
   * @example const s = await cflp.solve(); if (s.status === 'optimal') console.log(s.openFacilities);
   */
  async solve(backend: SolverBackend = defaultBackend(), options: SolveOptions = {}): Promise<FacilitySolution> {
    const problem = this.precheck();
    if (problem) return precheckInfeasible(problem);
    const { model, openVar, arcVars } = this.buildModel();
    return toFacilitySolution(await backend.solve(model, options), openVar, arcVars);
  }
}
