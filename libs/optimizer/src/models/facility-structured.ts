import { hasSolution, type SolveOptions, type SolveResult, type SolverBackend } from '../solver';
import { acceptIfVerified, progressReporter } from '../backend-common';
import type { SparseCostMatrix } from './cost-matrix';
import { type FacilityModel, type FacilitySolution, defaultBackend, toFacilitySolution } from './facility-solution';
import {
  arcsByFacility,
  coverValue,
  evaluateOpenSet,
  facilitySubproblems,
  type FacilityState,
  type FlatFacilityData,
} from './facility-lagrangian';
import { lagrangianBranchAndBound } from './facility-branch';

/** Options of the structured solve (see {@link solveFacilityStructured}). */
export interface StructuredSolveOptions extends SolveOptions {
  /** Backend of the reduced MIP (`finish: 'mip'`); default HiGHS. */
  backend?: SolverBackend;
  /**
   * How the gap left after the root is closed: 'branch' (default) by branch and bound on the Lagrangian bound
   * ({@link lagrangianBranchAndBound}), 'mip' by a reduced MIP on the facilities the root left free.
   */
  finish?: 'branch' | 'mip';
  /** Share of the time limit the Lagrangian phase and the local search may use before the reduced MIP (default 0.5). */
  lagrangianShare?: number;
}

/** What the structured solve did, for benches and tests. */
export interface StructuredReport {
  /** Best Lagrangian lower bound found (a proven bound on the optimum). */
  lagrangianBound: number;
  /** Cost of the best open set found by the Lagrangian heuristic and the local search, before the MIP. */
  heuristicCost: number;
  iterations: number;
  fixedOpen: number;
  fixedClosed: number;
  /** Facilities left for the reduced MIP (0: the bound proved the heuristic solution optimal). */
  freeFacilities: number;
  /** Variables of the reduced MIP, 0 when it did not run. */
  reducedVariables: number;
  /** How the gap after the root was closed: 'root' (it was not left open), 'branch' or 'mip'. */
  finish: 'root' | 'branch' | 'mip';
  /** Branch-and-bound nodes processed (root excluded), 0 without the tree. */
  nodes: number;
  /** Deepest node of the tree. */
  treeDepth: number;
  lagrangianSeconds: number;
  mipSeconds: number;
  /** Seconds in the branch and bound. */
  branchSeconds: number;
}

/** The problem-specific pieces {@link solveFacilityStructured} needs. */
export interface StructuredProblem {
  data: FlatFacilityData;
  /** sum_j w_j y_j >= required in the subproblem: capacities and total demand, or 1 and 1 (uncapacitated). */
  coverWeights: Float64Array;
  coverRequired: number;
  /** The full model the answer is verified against. */
  fullModel(): FacilityModel;
  /** The same problem on the facilities in `keep` (ascending); `forceOpen` lists those among them that must open. */
  reducedModel(keep: readonly number[], forceOpen: ReadonlySet<number>): FacilityModel;
}

/** Flattens a sparse cost matrix with cost basis applied (cost of serving ALL of a point's demand). */
export function flatFacilityData(
  costs: SparseCostMatrix,
  demands: readonly number[],
  capacities: readonly number[] | null,
  fixedCosts: readonly number[],
  totalBasis: boolean,
): FlatFacilityData {
  const nD = costs.demandCount;
  const arcStart = new Int32Array(nD + 1);
  const facility: number[] = [];
  const cost: number[] = [];
  for (let i = 0; i < nD; i++) {
    for (const arc of costs.arcsOfDemand(i)) {
      facility.push(arc.facility);
      cost.push(totalBasis ? arc.cost : arc.cost * demands[i]);
    }
    arcStart[i + 1] = facility.length;
  }
  return {
    demandCount: nD,
    facilityCount: costs.facilityCount,
    demands: Float64Array.from(demands),
    capacities: capacities ? Float64Array.from(capacities) : new Float64Array(costs.facilityCount).fill(Infinity),
    fixedCosts: Float64Array.from(fixedCosts),
    arcStart,
    arcFacility: Int32Array.from(facility),
    arcCost: Float64Array.from(cost),
  };
}

// How long the Lagrangian loop runs before it yields to the event loop (progress ticks, abort signals, I/O).
const SLICE_MS = 40;
// Subgradient iterations without a better bound before the step factor halves.
const PATIENCE = 25;
// Fixing margin: a facility state is excluded only when its bound beats the incumbent by more than rounding.
const FIX_TOLERANCE = 1e-9;

/**
 * Capacitated (split demand) and uncapacitated facility location by Lagrangian relaxation, variable fixing and a
 * reduced MIP, with every answer verified against the full model.
 *
 * Why this method. Relaxing the assignment rows sum_j x_ij = 1 with multipliers u decomposes the problem by
 * facility: each facility's subproblem is a continuous knapsack (greedy, O(n log n)), and the facilities are
 * coupled only by the aggregate capacity row sum_j s_j y_j >= sum_i d_i, a 0-1 covering knapsack (exact by
 * sorting when capacities are equal, as in OR-Library capa/b/c). This is the relaxation Görtz and Klose ("A simple
 * but usually fast branch-and-bound algorithm for the capacitated facility location problem", INFORMS Journal on
 * Computing 24(4), 2012) use: its bound is at least the strong LP bound and it costs milliseconds per evaluation,
 * where HiGHS needs minutes for one LP of the 100,000-arc strong formulation. The multipliers are improved by
 * subgradient optimisation with Polyak steps (Held, Wolfe and Crowder 1974; Beasley, "Lagrangean heuristics for
 * location problems", EJOR 65, 1993, who also gives the heuristic used here: the open set of each subproblem
 * solution is evaluated exactly, here by the transportation problem on the library's network simplex, then
 * improved by add/drop/swap local search).
 *
 * Exactness. With an incumbent of cost UB, a facility whose subproblem bound with y_j forced to 1 (or 0) exceeds
 * UB cannot be open (or closed) in any better solution, so it is fixed (Lagrangian probing, as in Görtz & Klose's
 * branching tests). The facilities left free are then settled by `finish`: 'branch' (default) runs Görtz &
 * Klose's own branch and bound on the same bound ({@link lagrangianBranchAndBound}: warm-started multipliers per
 * node, probing per node, branching on the most fractional smoothed y_j, best first, pruning at
 * bound >= incumbent * (1 - mipRelGap)); 'mip' sends a reduced MIP on the free facilities to HiGHS (or `backend`)
 * with the incumbent as its start. If the bound meets the incumbent within `mipRelGap` after the root, neither
 * runs. The final values are mapped back and verified against the full model; `gap` is the proven relative gap.
 * HiGHS on the whole MILP (`solve(backend)`) stays the fall-back and the cross-check of the tests.
 *
 * The Lagrangian phase runs on the calling thread in slices of a few tens of milliseconds (so progress, abort
 * signals and other work keep flowing), and so does the tree; the MIP runs in the backend's worker with its hard kill.
 *
 * @example
 * const cflp = CapacitatedFacilityLocation.fromCostMatrix({ costs, demands, capacities, fixedCosts, costBasis: 'total' });
 * const s = await cflp.solveStructured({ timeLimitSeconds: 300, mipRelGap: 1e-9, onProgress: (p) => console.log(p.gap) });
 */
export async function solveFacilityStructured(
  problem: StructuredProblem,
  options: StructuredSolveOptions = {},
): Promise<FacilitySolution & { report: StructuredReport }> {
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  const { data, coverWeights, coverRequired } = problem;
  const nD = data.demandCount;
  const nF = data.facilityCount;
  const relGap = options.mipRelGap ?? 1e-6;
  const limit = options.timeLimitSeconds ?? Infinity;
  const lagrangianBudget = Math.min(limit * (options.lagrangianShare ?? 0.5), limit);
  const progress = progressReporter(options, 0, started);
  const report: StructuredReport = {
    lagrangianBound: -Infinity,
    heuristicCost: Infinity,
    iterations: 0,
    fixedOpen: 0,
    fixedClosed: 0,
    freeFacilities: nF,
    reducedVariables: 0,
    finish: 'root',
    nodes: 0,
    treeDepth: 0,
    lagrangianSeconds: 0,
    mipSeconds: 0,
    branchSeconds: 0,
  };
  const byFacility = arcsByFacility(data);
  const equalWeights = coverWeights.every((w) => w === coverWeights[0] && Number.isFinite(w));
  const state: FacilityState = new Int8Array(nF);
  const u = new Float64Array(nD);
  for (let i = 0; i < nD; i++) {
    let best = Infinity;
    for (let k = data.arcStart[i]; k < data.arcStart[i + 1]; k++) best = Math.min(best, data.arcCost[k]);
    u[i] = best;
  }
  const v = new Float64Array(nF);
  const x = new Float64Array(data.arcCost.length);
  const y = new Float64Array(nF);
  const probeY = new Float64Array(nF);

  let ub = Infinity;
  let bestBound = -Infinity;
  let best: { open: Uint8Array; x: Float64Array } | null = null;
  const seen = new Set<string>();
  const tryOpenSet = (open: Uint8Array): boolean => {
    const key = open.join('');
    if (seen.has(key)) return false;
    seen.add(key);
    const evaluation = evaluateOpenSet(data, open);
    if (evaluation.cost < Infinity && (ub === Infinity || evaluation.cost < ub - 1e-9 * Math.abs(ub))) {
      ub = evaluation.cost;
      best = { open: Uint8Array.from(open), x: evaluation.x };
      progress.update({ incumbent: ub, gap: relativeGap(ub, bestBound) ?? undefined });
      return true;
    }
    return false;
  };
  const cancelled = (): boolean => options.signal?.aborted === true;
  const outOfTime = (budget: number): boolean => elapsed() >= budget;

  // Start: every facility open (feasible whenever the problem is), then the Lagrangian heuristic improves on it.
  tryOpenSet(new Uint8Array(nF).fill(1));
  if (ub === Infinity) {
    progress.stop();
    return {
      ...noSolution('infeasible', 'the facilities in reach cannot serve every demand point even when all are open', elapsed()),
      report,
    };
  }

  const bestU = Float64Array.from(u);
  const sumU = (): number => {
    let total = 0;
    for (let i = 0; i < nD; i++) total += u[i];
    return total;
  };
  /** Fixes facilities whose forced state is beaten by the incumbent at the current multipliers. */
  const probe = (base: number): void => {
    for (let j = 0; j < nF; j++) {
      if (state[j] !== 0) continue;
      state[j] = 1;
      const whenOpen = base + coverValue(v, coverWeights, coverRequired, state, equalWeights, probeY);
      state[j] = -1;
      const whenClosed = base + coverValue(v, coverWeights, coverRequired, state, equalWeights, probeY);
      state[j] = 0;
      const margin = FIX_TOLERANCE * Math.abs(ub);
      if (whenOpen > ub + margin) state[j] = -1;
      else if (whenClosed > ub + margin) state[j] = 1;
    }
  };

  const subgradient = async (budget: number, lambdaStart: number): Promise<void> => {
    let lambda = lambdaStart;
    let stale = 0;
    let slice = performance.now();
    const g = new Float64Array(nD);
    for (;;) {
      facilitySubproblems(data, byFacility, u, v, x, state);
      const base = sumU();
      const cover = coverValue(v, coverWeights, coverRequired, state, equalWeights, y);
      const bound = base + cover;
      report.iterations++;
      if (bound > bestBound) {
        if (bound > bestBound + 1e-12 * Math.abs(bound)) stale = 0;
        bestBound = bound;
        bestU.set(u);
        progress.update({ bound: Math.min(bestBound, ub), gap: relativeGap(ub, bestBound) ?? undefined });
      } else stale++;
      // The open set of this subproblem solution (fractional covers rounded up) as a heuristic candidate.
      const open = new Uint8Array(nF);
      for (let j = 0; j < nF; j++) open[j] = y[j] > 0 || state[j] === 1 ? 1 : 0;
      tryOpenSet(open);
      probe(base);
      if (bestBound >= ub - relGap * Math.abs(ub) || state.every((st) => st !== 0)) return;
      let norm = 0;
      for (let i = 0; i < nD; i++) {
        let served = 0;
        for (let k = data.arcStart[i]; k < data.arcStart[i + 1]; k++) served += y[data.arcFacility[k]] * x[k];
        g[i] = 1 - served;
        norm += g[i] * g[i];
      }
      if (norm < 1e-18) return;
      if (stale >= PATIENCE) {
        lambda /= 2;
        stale = 0;
        if (lambda < 1e-4) return;
      }
      const step = (lambda * (ub - bound)) / norm;
      for (let i = 0; i < nD; i++) u[i] += step * g[i];
      if (performance.now() - slice > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        slice = performance.now();
        if (cancelled() || outOfTime(budget)) return;
      }
    }
  };

  /** First-improvement add / drop / swap on the incumbent's open set, respecting the fixings. */
  const localSearch = async (budget: number): Promise<void> => {
    let improved = true;
    while (improved && best !== null && !cancelled() && !outOfTime(budget)) {
      improved = false;
      const open = Uint8Array.from((best as { open: Uint8Array }).open);
      const capacity = (set: Uint8Array): number => set.reduce((a, o, j) => a + (o ? coverWeights[j] : 0), 0);
      // Closed facilities ordered by their subproblem value at the best multipliers: promising ones first.
      const closed = [...Array(nF).keys()].filter((j) => !open[j] && state[j] !== -1).sort((a, b) => v[a] - v[b]);
      const opened = [...Array(nF).keys()].filter((j) => open[j] && state[j] !== 1);
      const moves: Array<[number, number]> = [];
      for (const j of opened) moves.push([j, -1]);
      for (const k of closed) moves.push([-1, k]);
      for (const k of closed.slice(0, 12)) for (const j of opened) moves.push([j, k]);
      let slice = performance.now();
      for (const [drop, add] of moves) {
        const candidate = Uint8Array.from(open);
        if (drop >= 0) candidate[drop] = 0;
        if (add >= 0) candidate[add] = 1;
        if (capacity(candidate) < coverRequired * (1 - 1e-12)) continue;
        if (tryOpenSet(candidate)) {
          improved = true;
          break;
        }
        if (performance.now() - slice > SLICE_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          slice = performance.now();
          if (cancelled() || outOfTime(budget)) return;
        }
      }
    }
  };

  try {
    await subgradient(lagrangianBudget * 0.6, 2);
    if (!cancelled() && bestBound < ub - relGap * Math.abs(ub)) await localSearch(lagrangianBudget * 0.8);
    if (!cancelled() && bestBound < ub - relGap * Math.abs(ub)) {
      // A better incumbent sharpens the Polyak steps and the fixing tests: resume from the best multipliers.
      u.set(bestU);
      await subgradient(lagrangianBudget, 0.5);
    }
    // Probing once more at the best multipliers with the final incumbent.
    u.set(bestU);
    facilitySubproblems(data, byFacility, u, v, x, state);
    probe(sumU());
    report.lagrangianSeconds = elapsed();
    report.lagrangianBound = bestBound;
    report.heuristicCost = ub;
    report.fixedOpen = state.reduce((a, s) => a + (s === 1 ? 1 : 0), 0);
    report.fixedClosed = state.reduce((a, s) => a + (s === -1 ? 1 : 0), 0);
    report.freeFacilities = nF - report.fixedOpen - report.fixedClosed;
    if (cancelled()) return { ...noSolution('error', 'solve cancelled', elapsed()), report };
    const incumbent = best as { open: Uint8Array; x: Float64Array } | null;
    if (!incumbent) return { ...noSolution('error', 'no incumbent', elapsed()), report };

    const full = problem.fullModel();
    const proven = bestBound >= ub - relGap * Math.abs(ub) || report.freeFacilities === 0;
    if (proven) {
      // The bound (or the fixings, which leave only the incumbent's open set) proves the incumbent.
      const gap = report.freeFacilities === 0 ? 0 : relativeGap(ub, bestBound);
      const values = fullValues(full, data, incumbent.open, incumbent.x);
      const result = acceptIfVerified(full.model, { status: 'optimal', values, reportedObjective: ub, gap }, 'lagrangian', elapsed());
      return { ...toFacilitySolution(result, full.openVar, full.arcVars), report };
    }

    if ((options.finish ?? 'branch') === 'branch') {
      report.finish = 'branch';
      const treeStarted = performance.now();
      const tree = await lagrangianBranchAndBound({
        data,
        byFacility,
        coverWeights,
        coverRequired,
        equalWeights,
        rootState: state,
        rootU: bestU,
        rootBound: bestBound,
        relGap,
        incumbent: () => ub,
        tryOpenSet,
        shouldStop: () => cancelled() || outOfTime(limit),
        onBound: (bound) => {
          bestBound = Math.max(bestBound, bound);
          progress.update({ bound: Math.min(bestBound, ub), gap: relativeGap(ub, bestBound) ?? undefined });
        },
      });
      report.branchSeconds = (performance.now() - treeStarted) / 1000;
      report.nodes = tree.nodes;
      report.treeDepth = tree.maxDepth;
      report.iterations += tree.iterations;
      report.heuristicCost = ub;
      if (cancelled()) return { ...noSolution('error', 'solve cancelled', elapsed()), report };
      const found = best as { open: Uint8Array; x: Float64Array } | null;
      if (!found) return { ...noSolution('error', 'no incumbent', elapsed()), report };
      const values = fullValues(full, data, found.open, found.x);
      const gap = tree.complete ? relativeGap(ub, Math.min(tree.bound, ub)) : relativeGap(ub, bestBound);
      const result = acceptIfVerified(
        full.model,
        { status: tree.complete ? 'optimal' : 'feasible', values, reportedObjective: ub, gap },
        'lagrangian+bb',
        elapsed(),
      );
      return { ...toFacilitySolution(result, full.openVar, full.arcVars), report };
    }

    report.finish = 'mip';
    const keep = [...Array(nF).keys()].filter((j) => state[j] !== -1);
    const forceOpen = new Set(keep.filter((j) => state[j] === 1));
    const reduced = problem.reducedModel(keep, forceOpen);
    report.reducedVariables = reduced.model.variableCount;
    const start = reducedStart(reduced, keep, data, incumbent.open, incumbent.x);
    const backend = options.backend ?? defaultBackend();
    const mipStarted = performance.now();
    const remaining = limit === Infinity ? undefined : Math.max(1, limit - elapsed());
    const mip = await backend.solve(reduced.model, {
      timeLimitSeconds: remaining,
      mipRelGap: relGap,
      signal: options.signal,
      initialSolution: start,
      onProgress: (p) => progress.update({ incumbent: p.incumbent, bound: p.bound, gap: p.gap }),
    });
    report.mipSeconds = (performance.now() - mipStarted) / 1000;
    return {
      ...toFacilitySolution(mapBack(mip, reduced, keep, full, data, incumbent, ub, bestBound, elapsed()), full.openVar, full.arcVars),
      report,
    };
  } finally {
    progress.stop();
  }
}

function relativeGap(ub: number, bound: number): number | null {
  if (!Number.isFinite(ub) || !Number.isFinite(bound)) return null;
  return Math.max(0, ub - bound) / Math.max(1, Math.abs(ub));
}

function minGap(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.min(a, b);
}

function noSolution(status: FacilitySolution['status'], message: string, seconds: number): FacilitySolution {
  return {
    status,
    message,
    objective: null,
    openFacilities: [],
    assignments: [],
    gap: null,
    verification: null,
    backend: 'lagrangian',
    seconds,
  };
}

/** Values of the full model for an open set and per-arc shares (arc order of `data` = `arcsOfDemand` order). */
function fullValues(full: FacilityModel, data: FlatFacilityData, open: Uint8Array, x: Float64Array): number[] {
  const values = new Array<number>(full.model.variableCount).fill(0);
  full.openVar.forEach((variable, j) => (values[variable] = open[j]));
  const arcOf = arcLookup(data);
  for (const arc of full.arcVars) values[arc.variable] = x[arcOf(arc.demand, arc.facility)] ?? 0;
  return values;
}

const lookups = new WeakMap<FlatFacilityData, Map<number, number>>();
function arcLookup(data: FlatFacilityData): (demand: number, facility: number) => number {
  let map = lookups.get(data);
  if (!map) {
    map = new Map();
    for (let i = 0; i < data.demandCount; i++)
      for (let k = data.arcStart[i]; k < data.arcStart[i + 1]; k++) map.set(i * data.facilityCount + data.arcFacility[k], k);
    lookups.set(data, map);
  }
  const found = map;
  return (demand, facility) => found.get(demand * data.facilityCount + facility) ?? -1;
}

/** The incumbent in the reduced model's variables. */
function reducedStart(
  reduced: FacilityModel,
  keep: readonly number[],
  data: FlatFacilityData,
  open: Uint8Array,
  x: Float64Array,
): number[] {
  const values = new Array<number>(reduced.model.variableCount).fill(0);
  reduced.openVar.forEach((variable, r) => (values[variable] = open[keep[r]]));
  const arcOf = arcLookup(data);
  for (const arc of reduced.arcVars) values[arc.variable] = x[arcOf(arc.demand, keep[arc.facility])] ?? 0;
  return values;
}

/** Maps a reduced-model answer back to the full model and verifies it there. */
function mapBack(
  mip: SolveResult,
  reduced: FacilityModel,
  keep: readonly number[],
  full: FacilityModel,
  data: FlatFacilityData,
  incumbent: { open: Uint8Array; x: Float64Array },
  ub: number,
  bound: number,
  seconds: number,
): SolveResult {
  if (!hasSolution(mip)) {
    // Out of time before the MIP found anything better: the heuristic incumbent is still a verified plan.
    if (mip.status !== 'time_limit') return { ...mip, seconds };
    const values = fullValues(full, data, incumbent.open, incumbent.x);
    return acceptIfVerified(
      full.model,
      { status: 'feasible', values, reportedObjective: ub, gap: relativeGap(ub, bound) },
      'lagrangian',
      seconds,
    );
  }
  const open = new Uint8Array(data.facilityCount);
  const x = new Float64Array(data.arcCost.length);
  const arcOf = arcLookup(data);
  reduced.openVar.forEach((variable, r) => (open[keep[r]] = mip.values[variable] > 0.5 ? 1 : 0));
  for (const arc of reduced.arcVars) {
    const k = arcOf(arc.demand, keep[arc.facility]);
    if (k >= 0) x[k] = mip.values[arc.variable];
  }
  // HiGHS keeps the start when nothing beats it; either way the verified cheaper one is the answer.
  const useMip = mip.objective <= ub + 1e-9 * Math.abs(ub);
  const values = useMip ? fullValues(full, data, open, x) : fullValues(full, data, incumbent.open, incumbent.x);
  return acceptIfVerified(
    full.model,
    // Both bounds are proven; HiGHS reports gap 1 when its own bound is still at minus infinity.
    {
      status: mip.status,
      values,
      reportedObjective: useMip ? mip.objective : ub,
      gap: minGap(mip.gap, relativeGap(useMip ? mip.objective : ub, bound)),
    },
    `lagrangian+${mip.backend}`,
    seconds,
  );
}
