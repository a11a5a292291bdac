import { Model } from './model';
import { hasSolution, type SolveOptions, type SolveStatus, type SolverBackend } from './solver';
import type { VerificationReport } from './verify';
import { HighsBackend } from './highs-backend';
import type { Arc } from './models/cost-matrix';

/** Input of {@link TransportationProblem.fromArcs}. */
export interface TransportationInput {
  /** Amount to place per demand point (pupils). */
  demands: readonly number[];
  /** Room per facility (seats). */
  capacities: readonly number[];
  /** Allowed (demand, facility) pairs, e.g. within the travel limit; cost per unit moved (km). */
  arcs: readonly Arc[];
  /**
   * Cost per unit of unmet demand. The default is large enough that serving more always wins over shorter
   * trips (see {@link defaultUnmetPenalty}).
   */
  unmetPenalty?: number;
  /** With false, any shortage makes the problem infeasible instead of showing up as unmet demand. */
  allowUnmet?: boolean;
}

/** One positive flow on an arc. */
export interface Flow {
  demand: number;
  facility: number;
  amount: number;
  cost: number;
}

/** Typed answer of {@link TransportationProblem.solve}. */
export interface TransportationSolution {
  status: SolveStatus;
  message?: string;
  /** Demand-weighted cost of what was served (the penalty is not included). */
  cost: number | null;
  /** Verified LP objective, penalty included. */
  objective: number | null;
  totalDemand: number;
  served: number;
  totalUnmet: number;
  /** Unmet amount per demand point (0 when fully served). */
  unmet: number[];
  /** Demand points without any arc; their demand is necessarily unmet. */
  unreachableDemands: number[];
  flows: Flow[];
  facilityLoad: number[];
  verification: VerificationReport | null;
  backend: string | null;
  seconds: number;
}

/**
 * Penalty per unit of unmet demand that makes maximising the served amount take precedence over cost: an
 * augmenting path that serves one more unit changes the cost by at most (number of forward arcs) x max |cost|,
 * and a path has at most min(demand points, facilities) forward arcs.
 */
export function defaultUnmetPenalty(arcs: readonly Arc[], demandCount: number, facilityCount: number): number {
  let maxCost = 0;
  for (const arc of arcs) maxCost = Math.max(maxCost, Math.abs(arc.cost));
  return (maxCost + 1) * (Math.min(demandCount, facilityCount) + 1);
}

// Flows below this amount are solver noise.
const MIN_FLOW = 1e-9;

/**
 * Transportation LP: place demand into facilities with room along allowed arcs at least total cost. With
 * unmet demand allowed (the default) the LP is always feasible and a shortage of capacity or reach is reported
 * as numbers per demand point rather than as a failure.
 *
 *   minimise    sum_a c_a x_a + M sum_i u_i
 *   subject to  sum_(a from i) x_a + u_i = d_i     for every demand point i
 *               sum_(a into j) x_a <= s_j          for every facility j
 *               x >= 0,  0 <= u_i <= d_i          (u absent when unmet demand is not allowed)
 *
 * @example
 * const tp = TransportationProblem.fromArcs({
 *   demands: [30, 20], capacities: [25, 40],
 *   arcs: [{ demand: 0, facility: 0, cost: 1 }, { demand: 0, facility: 1, cost: 3 }, { demand: 1, facility: 1, cost: 2 }],
 * });
 * const s = await tp.solve(); // 25 x 1 + 5 x 3 + 20 x 2 = 80, nothing unmet
 */
export class TransportationProblem {
  private constructor(
    readonly demands: readonly number[],
    readonly capacities: readonly number[],
    readonly arcs: readonly Arc[],
    readonly unmetPenalty: number,
    readonly allowUnmet: boolean,
  ) {}

  /** Validates the input (throws on malformed data) and builds the problem. */
  static fromArcs(input: TransportationInput): TransportationProblem {
    const nD = input.demands.length;
    const nF = input.capacities.length;
    input.demands.forEach((d, i) => {
      if (!Number.isFinite(d) || d < 0) throw new Error(`demands[${i}] = ${d} is not a finite non-negative number`);
    });
    input.capacities.forEach((s, j) => {
      if (!Number.isFinite(s) || s < 0) throw new Error(`capacities[${j}] = ${s} is not a finite non-negative number`);
    });
    for (const arc of input.arcs) {
      if (!Number.isInteger(arc.demand) || arc.demand < 0 || arc.demand >= nD) throw new Error(`arc demand index ${arc.demand} out of range`);
      if (!Number.isInteger(arc.facility) || arc.facility < 0 || arc.facility >= nF) throw new Error(`arc facility index ${arc.facility} out of range`);
      if (!Number.isFinite(arc.cost)) throw new Error(`arc ${arc.demand}->${arc.facility} has cost ${arc.cost}`);
    }
    const penalty = input.unmetPenalty ?? defaultUnmetPenalty(input.arcs, nD, nF);
    if (!Number.isFinite(penalty) || penalty < 0) throw new Error(`unmetPenalty must be finite and non-negative, got ${penalty}`);
    return new TransportationProblem([...input.demands], [...input.capacities], input.arcs, penalty, input.allowUnmet ?? true);
  }

  /** Demand points with no arc. */
  unreachableDemands(): number[] {
    const reached = new Uint8Array(this.demands.length);
    for (const arc of this.arcs) reached[arc.demand] = 1;
    return this.demands.flatMap((d, i) => (reached[i] === 0 && d > 0 ? [i] : []));
  }

  /** Cheap reasons a no-shortage plan is impossible; only relevant when unmet demand is not allowed. */
  precheck(): string | null {
    if (this.allowUnmet) return null;
    const totalDemand = this.demands.reduce((a, b) => a + b, 0);
    const totalCapacity = this.capacities.reduce((a, b) => a + b, 0);
    if (totalCapacity < totalDemand) return `total capacity ${totalCapacity} is below total demand ${totalDemand}`;
    const reachable = new Float64Array(this.demands.length);
    for (const arc of this.arcs) reachable[arc.demand] += this.capacities[arc.facility];
    const short = this.demands.findIndex((d, i) => reachable[i] < d);
    if (short >= 0) {
      return reachable[short] === 0
        ? `demand point ${short} has no facility in reach`
        : `demand point ${short} needs ${this.demands[short]} but the facilities in reach hold only ${reachable[short]}`;
    }
    return null;
  }

  /** The LP above; `flowVar[a]` belongs to `arcs[a]`, `unmetVar[i]` is -1 when unmet demand is not allowed. */
  buildModel(): { model: Model; flowVar: number[]; unmetVar: number[] } {
    const model = new Model('min');
    const flowVar = this.arcs.map((arc) => model.addVariable({ cost: arc.cost, label: `flow[${arc.demand}->${arc.facility}]` }));
    const unmetVar = this.demands.map((d, i) =>
      this.allowUnmet ? model.addVariable({ upper: d, cost: this.unmetPenalty, label: `unmet[${i}]` }) : -1,
    );
    const demandTerms: Array<Array<[number, number]>> = this.demands.map((_, i) => (unmetVar[i] >= 0 ? [[unmetVar[i], 1]] : []));
    const facilityTerms: Array<Array<[number, number]>> = this.capacities.map(() => []);
    this.arcs.forEach((arc, a) => {
      demandTerms[arc.demand].push([flowVar[a], 1]);
      facilityTerms[arc.facility].push([flowVar[a], 1]);
    });
    demandTerms.forEach((terms, i) => model.addConstraint(terms, '=', this.demands[i], `place demand ${i}`));
    facilityTerms.forEach((terms, j) => {
      if (terms.length > 0) model.addConstraint(terms, '<=', this.capacities[j], `room at facility ${j}`);
    });
    return { model, flowVar, unmetVar };
  }

  /**
   * Solves the LP (HiGHS by default) and reports flows, loads and unmet demand from the verified answer.
   * @example const s = await tp.solve(new HighsBackend(), { timeLimitSeconds: 30 }); console.log(s.totalUnmet);
   */
  async solve(backend: SolverBackend = new HighsBackend(), options: SolveOptions = {}): Promise<TransportationSolution> {
    const totalDemand = this.demands.reduce((a, b) => a + b, 0);
    const unreachableDemands = this.unreachableDemands();
    const empty = {
      cost: null,
      objective: null,
      totalDemand,
      served: 0,
      totalUnmet: totalDemand,
      unmet: [...this.demands],
      unreachableDemands,
      flows: [],
      facilityLoad: this.capacities.map(() => 0),
      verification: null,
    };
    const problem = this.precheck();
    if (problem) return { ...empty, status: 'infeasible', message: problem, backend: null, seconds: 0 };

    const { model, flowVar, unmetVar } = this.buildModel();
    const result = await backend.solve(model, options);
    if (!hasSolution(result)) {
      return { ...empty, status: result.status, message: result.message, verification: result.verification ?? null, backend: result.backend, seconds: result.seconds };
    }
    const flows: Flow[] = [];
    const facilityLoad = this.capacities.map(() => 0);
    let cost = 0;
    this.arcs.forEach((arc, a) => {
      const amount = result.values[flowVar[a]];
      if (amount <= MIN_FLOW) return;
      flows.push({ demand: arc.demand, facility: arc.facility, amount, cost: arc.cost });
      facilityLoad[arc.facility] += amount;
      cost += amount * arc.cost;
    });
    const unmet = unmetVar.map((u) => (u >= 0 ? Math.max(0, result.values[u]) : 0));
    const totalUnmet = unmet.reduce((a, b) => a + b, 0);
    return {
      status: result.status,
      cost,
      objective: result.objective,
      totalDemand,
      served: totalDemand - totalUnmet,
      totalUnmet,
      unmet,
      unreachableDemands,
      flows,
      facilityLoad,
      verification: result.verification,
      backend: result.backend,
      seconds: result.seconds,
    };
  }
}
