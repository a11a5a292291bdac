import { Model } from './model';
import { hasSolution, type SolvedResult, type SolveOptions, type SolveStatus, type SolverBackend } from './solver';
import { verifySolution, type VerificationReport } from './verify';
import { HighsBackend } from './highs-backend';
import type { Arc } from './models/cost-matrix';
import { solveStarNetwork } from './network-simplex';

/** Name reported as `backend` by the network-flow method. */
export const NETWORK_SIMPLEX_BACKEND = 'network-simplex';

/**
 * Options of {@link TransportationProblem.solve}. `method` 'network' (the default) runs the exact network simplex
 * in this thread; 'highs' solves the LP with HiGHS in a worker (or with `backend` when one is given).
 */
export interface TransportationSolveOptions extends SolveOptions {
  method?: 'network' | 'highs';
  /** LP backend for method 'highs' (default: a new HighsBackend). */
  backend?: SolverBackend;
}

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
      if (!Number.isInteger(arc.demand) || arc.demand < 0 || arc.demand >= nD)
        throw new Error(`arc demand index ${arc.demand} out of range`);
      if (!Number.isInteger(arc.facility) || arc.facility < 0 || arc.facility >= nF)
        throw new Error(`arc facility index ${arc.facility} out of range`);
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
   * Solves the LP and reports flows, loads and unmet demand from a verified answer. By default the exact network
   * simplex ({@link solveStarNetwork}) runs in this thread, its flows checked by {@link verifySolution} against
   * {@link buildModel}; `{ method: 'highs' }`, or an LP backend as the first argument, solves the LP model instead.
   * @example
   * const s = await tp.solve(); // network simplex
   * const h = await tp.solve({ method: 'highs', timeLimitSeconds: 30 }); // HiGHS (WASM) in a worker
   * const j = await tp.solve(new JsLpSolverBackend()); // any SolverBackend
   */
  async solve(backendOrOptions?: SolverBackend | TransportationSolveOptions, options: SolveOptions = {}): Promise<TransportationSolution> {
    let backend: SolverBackend | null = null;
    let solveOptions: SolveOptions = options;
    if (isBackend(backendOrOptions)) {
      backend = backendOrOptions;
    } else if (backendOrOptions !== undefined) {
      const { method, backend: chosen, ...rest } = backendOrOptions;
      solveOptions = { ...options, ...rest };
      if (chosen !== undefined || method === 'highs') backend = chosen ?? new HighsBackend();
    }
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
    if (backend === null) return this.solveNetwork(solveOptions, empty);

    const { model, flowVar, unmetVar } = this.buildModel();
    const result = await backend.solve(model, solveOptions);
    if (!hasSolution(result)) {
      return {
        ...empty,
        status: result.status,
        message: result.message,
        verification: result.verification ?? null,
        backend: result.backend,
        seconds: result.seconds,
      };
    }
    return this.readSolution(result, flowVar, unmetVar, totalDemand, unreachableDemands);
  }

  /** Flows, loads and unmet amounts out of verified LP values. */
  private readSolution(
    result: SolvedResult,
    flowVar: readonly number[],
    unmetVar: readonly number[],
    totalDemand: number,
    unreachableDemands: number[],
  ): TransportationSolution {
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

  /**
   * The LP as a min-cost flow: demand point i supplies d_i, facility j passes at most s_j on to a sink, and the
   * unmet arc i -> sink costs the penalty (uncapacitated: conservation already keeps it <= d_i). Without unmet
   * demand the same arcs cost an artificial big M and any flow left on them at the optimum proves infeasibility.
   */
  private solveNetwork(
    options: SolveOptions,
    empty: Omit<TransportationSolution, 'status' | 'backend' | 'seconds'>,
  ): TransportationSolution {
    const started = performance.now();
    const backend = NETWORK_SIMPLEX_BACKEND;
    if (options.signal?.aborted) return { ...empty, status: 'error', message: 'solve cancelled', backend, seconds: 0 };
    const nD = this.demands.length;
    const nF = this.capacities.length;
    const m = this.arcs.length;
    const root = nD + nF;
    const arcCount = m + nD + nF;
    const source = new Int32Array(arcCount);
    const target = new Int32Array(arcCount);
    const cost = new Float64Array(arcCount);
    const capacity = new Float64Array(arcCount).fill(Infinity);
    const supply = new Float64Array(root);
    const starArc = new Int32Array(root);
    let maxCost = 0;
    for (let a = 0; a < m; a++) {
      const arc = this.arcs[a];
      source[a] = arc.demand;
      target[a] = nD + arc.facility;
      cost[a] = arc.cost;
      maxCost = Math.max(maxCost, Math.abs(arc.cost));
    }
    // Without unmet demand: a path cost never exceeds (nodes - 1) x max |cost|, so this M only pays when needed.
    const artificial = (maxCost + 1) * (root + 2);
    for (let i = 0; i < nD; i++) {
      const e = m + i;
      source[e] = i;
      target[e] = root;
      cost[e] = this.allowUnmet ? this.unmetPenalty : artificial;
      supply[i] = this.demands[i];
      starArc[i] = e;
    }
    for (let j = 0; j < nF; j++) {
      const e = m + nD + j;
      source[e] = nD + j;
      target[e] = root;
      cost[e] = 0;
      capacity[e] = this.capacities[j];
      starArc[nD + j] = e;
    }
    const timeLimitMs = options.timeLimitSeconds !== undefined ? options.timeLimitSeconds * 1000 : undefined;
    const net = solveStarNetwork({ nodeCount: root, supply, source, target, cost, capacity, starArc, timeLimitMs });
    const seconds = (): number => (performance.now() - started) / 1000;
    if (net.status === 'time_limit')
      return { ...empty, status: 'time_limit', message: 'network simplex stopped at the time limit', backend, seconds: seconds() };
    if (net.status === 'iteration_limit') {
      return { ...empty, status: 'error', message: `network simplex gave up after ${net.pivots} pivots`, backend, seconds: seconds() };
    }
    if (net.status === 'unbounded')
      return { ...empty, status: 'unbounded', message: 'network simplex found an unbounded cycle', backend, seconds: seconds() };
    if (!this.allowUnmet) {
      let artificialFlow = 0;
      for (let i = 0; i < nD; i++) artificialFlow += net.flow[m + i];
      const totalDemand = this.demands.reduce((a, b) => a + b, 0);
      if (artificialFlow > 1e-9 * Math.max(1, totalDemand)) {
        return {
          ...empty,
          status: 'infeasible',
          message: `the facilities in reach cannot hold all demand (${artificialFlow} would stay unplaced)`,
          backend,
          seconds: seconds(),
        };
      }
    }

    const { model, flowVar, unmetVar } = this.buildModel();
    const values = new Array<number>(model.variableCount);
    for (let a = 0; a < m; a++) values[flowVar[a]] = net.flow[a];
    let reported = 0;
    for (let a = 0; a < m; a++) reported += cost[a] * net.flow[a];
    for (let i = 0; i < nD; i++) {
      if (unmetVar[i] >= 0) {
        values[unmetVar[i]] = net.flow[m + i];
        reported += this.unmetPenalty * net.flow[m + i];
      }
    }
    const verification = verifySolution(model, values, reported);
    if (!verification.ok) {
      return {
        ...empty,
        status: 'error',
        message: `network simplex answer violates the model: ${verification.problems.join('; ')}`,
        verification,
        backend,
        seconds: seconds(),
      };
    }
    const result: SolvedResult = {
      status: 'optimal',
      objective: verification.objective,
      values,
      gap: 0,
      verification,
      backend,
      seconds: 0,
    };
    return { ...this.readSolution(result, flowVar, unmetVar, empty.totalDemand, empty.unreachableDemands), seconds: seconds() };
  }
}

function isBackend(value: unknown): value is SolverBackend {
  return typeof value === 'object' && value !== null && typeof (value as SolverBackend).solve === 'function';
}
