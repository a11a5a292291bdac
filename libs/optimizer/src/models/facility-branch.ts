import { coverValue, facilitySubproblems, type FacilityArcs, type FacilityState, type FlatFacilityData } from './facility-lagrangian';

/** What {@link lagrangianBranchAndBound} needs from the structured solve that calls it. */
export interface BranchContext {
  data: FlatFacilityData;
  byFacility: FacilityArcs;
  coverWeights: Float64Array;
  coverRequired: number;
  equalWeights: boolean;
  /** Fixings proven at the root (1 open, -1 closed, 0 free); the tree starts from them. */
  rootState: FacilityState;
  /** Multipliers of the best root bound: the warm start of the first node. */
  rootU: Float64Array;
  /** Best root Lagrangian bound (a floor for every node). */
  rootBound: number;
  /** Relative pruning tolerance: a node is cut when bound >= incumbent - relGap * |incumbent|. */
  relGap: number;
  /** Current incumbent cost (Infinity when none). */
  incumbent(): number;
  /** Prices an open set exactly and keeps it when it beats the incumbent; true when it did. */
  tryOpenSet(open: Uint8Array): boolean;
  /** True once the caller's time limit is reached or the solve is cancelled: the tree stops with its bound. */
  shouldStop(): boolean;
  /** New global lower bound (minimum over the open nodes), after each node. */
  onBound(bound: number): void;
}

/** Outcome of {@link lagrangianBranchAndBound}. */
export interface BranchOutcome {
  /** Proven lower bound on the optimum: the incumbent itself when the tree was exhausted. */
  bound: number;
  /** True when every node was pruned or solved, so the incumbent is optimal (within relGap). */
  complete: boolean;
  nodes: number;
  maxDepth: number;
  /** Subgradient iterations summed over the nodes. */
  iterations: number;
}

interface BranchNode {
  state: FacilityState;
  /** Warm-start multipliers (shared, read-only, between the two children of a node). */
  u: Float32Array;
  /** A proven lower bound on every solution in the node (inherited from the parent's probe). */
  bound: number;
  depth: number;
}

// Node subgradient: start step factor, iterations without a better bound before it halves, stop below this
// factor, hard cap on iterations. Measured on capb-7000: 30 / 3 left more nodes than it saved, 60 / 5 took 927
// nodes and 36.9 s CPU, 120 / 8 381 nodes and 31.5 s CPU (a tighter node bound prunes whole subtrees).
const NODE_LAMBDA = 0.25;
const NODE_PATIENCE = 8;
const NODE_LAMBDA_MIN = 0.01;
const NODE_MAX_ITERATIONS = 120;
// Exponential smoothing of the subproblem y's (a cheap primal approximation, as in the volume algorithm).
const SMOOTHING = 0.2;
// How long the tree runs before it yields to the event loop (progress ticks, abort signals).
const SLICE_MS = 40;

/**
 * Branch and bound on the Lagrangian bound of facility location, after Görtz & Klose ("A simple but usually fast
 * branch-and-bound algorithm for the capacitated facility location problem", INFORMS Journal on Computing 24(4),
 * 597-610, 2012).
 *
 * The relaxation. With multipliers u_i on the assignment rows sum_j x_ij = 1, and the redundant rows
 * x_ij <= y_j and sum_j s_j y_j >= D = sum_i d_i kept, the problem
 *   min sum_j f_j y_j + sum_ij c_ij x_ij  s.t.  sum_j x_ij = 1,  sum_i d_i x_ij <= s_j y_j,  0 <= x_ij <= y_j,  y in {0,1}
 * falls apart into
 *   L(u) = sum_i u_i + min { sum_j v_j(u) y_j : sum_j s_j y_j >= D, y in {0,1}, y fixed by the node },
 *   v_j(u) = f_j + min { sum_i (c_ij - u_i) x_ij : sum_i d_i x_ij <= s_j, 0 <= x_ij <= 1 },
 * one continuous knapsack per facility (greedy by (c_ij - u_i) / d_i) and a 0-1 covering knapsack over y (exact by
 * sorting for equal capacities, its LP value otherwise: still a lower bound). L(u) <= optimum of the node for every
 * u, so a node is pruned as soon as one L(u) >= incumbent * (1 - relGap).
 *
 * Per node: subgradient steps (Polyak, g_i = 1 - sum_j y_j x_ij) warm-started from the parent's best multipliers;
 * the open set of the node's best Lagrangian solution, and the rounding of the smoothed y, are priced exactly by
 * the caller (transportation problem on the network simplex), which may improve the incumbent; Lagrangian probing
 * at the best multipliers fixes every free facility whose forced-open (forced-closed) bound already reaches the
 * incumbent (Görtz & Klose's "branching tests"), repeated until nothing changes. The node then branches on the free
 * facility whose smoothed y is most fractional (closest to 1/2, the primal signal Görtz & Klose take from the
 * volume algorithm), ties broken by the larger probing increase; each child inherits the probe bound of its side.
 *
 * Search order: best first (smallest bound, deeper first on ties), so the smallest bound in the queue is the proven
 * global lower bound at every moment, and the incumbent from the root's local search is usually optimal already
 * (then the tree only has to prove it). Multipliers are stored as 32-bit floats: they only warm-start the
 * subgradient, every bound is recomputed in double precision from whatever u it uses, so rounding them cannot make a
 * bound invalid.
 *
 * @example
 * const outcome = await lagrangianBranchAndBound({ data, byFacility, coverWeights, coverRequired, equalWeights: true,
 *   rootState, rootU, rootBound, relGap: 1e-9, incumbent: () => ub, tryOpenSet, shouldStop: () => false, onBound: () => undefined });
 * if (outcome.complete) console.log('optimal, nodes:', outcome.nodes);
 */
export async function lagrangianBranchAndBound(context: BranchContext): Promise<BranchOutcome> {
  const { data, byFacility, coverWeights, coverRequired, equalWeights, relGap } = context;
  const nD = data.demandCount;
  const nF = data.facilityCount;
  const v = new Float64Array(nF);
  const x = new Float64Array(data.arcCost.length);
  const y = new Float64Array(nF);
  const probeY = new Float64Array(nF);
  const g = new Float64Array(nD);
  const u = new Float64Array(nD);
  const bestU = new Float64Array(nD);
  const smoothed = new Float64Array(nF);
  const outcome: BranchOutcome = { bound: context.rootBound, complete: false, nodes: 0, maxDepth: 0, iterations: 0 };
  const cutoff = (): number => {
    const ub = context.incumbent();
    return ub - relGap * Math.abs(ub);
  };
  const sumU = (): number => {
    let total = 0;
    for (let i = 0; i < nD; i++) total += u[i];
    return total;
  };
  const queue = new NodeHeap();
  queue.push({ state: Int8Array.from(context.rootState), u: Float32Array.from(context.rootU), bound: context.rootBound, depth: 0 });
  let slice = performance.now();

  /** Processes one node: bound, heuristic, probing, and its children (pushed onto the queue). */
  const processNode = (node: BranchNode): void => {
    const state = node.state;
    for (let i = 0; i < nD; i++) u[i] = node.u[i];
    bestU.set(u);
    let nodeBound = node.bound;
    let lambda = NODE_LAMBDA;
    let stale = 0;
    let first = true;
    for (let it = 0; it < NODE_MAX_ITERATIONS; it++) {
      facilitySubproblems(data, byFacility, u, v, x, state);
      const cover = coverValue(v, coverWeights, coverRequired, state, equalWeights, y);
      outcome.iterations++;
      // No choice of the free facilities covers the demand: the node holds no solution.
      if (cover === Infinity) return;
      const bound = sumU() + cover;
      if (bound > nodeBound * (1 + 1e-15) + 1e-12) {
        nodeBound = bound;
        bestU.set(u);
        stale = 0;
      } else stale++;
      for (let j = 0; j < nF; j++) smoothed[j] = first ? y[j] : SMOOTHING * y[j] + (1 - SMOOTHING) * smoothed[j];
      first = false;
      if (nodeBound >= cutoff()) return;
      // g_i = 1 - sum_j y_j x_ij, summed over the facilities the cover opens only.
      g.fill(1);
      for (let j = 0; j < nF; j++) {
        if (y[j] <= 0) continue;
        for (let p = byFacility.start[j]; p < byFacility.start[j + 1]; p++) g[byFacility.demand[p]] -= y[j] * x[byFacility.arc[p]];
      }
      let norm = 0;
      for (let i = 0; i < nD; i++) norm += g[i] * g[i];
      // Every row holds: the Lagrangian solution is feasible and (complementary) optimal for the node.
      if (norm < 1e-18) break;
      if (stale >= NODE_PATIENCE) {
        lambda /= 2;
        stale = 0;
        if (lambda < NODE_LAMBDA_MIN) break;
      }
      const step = (lambda * (context.incumbent() - bound)) / norm;
      for (let i = 0; i < nD; i++) u[i] += step * g[i];
    }
    // Back to the best multipliers of the node: the heuristic, the probing and the children use them.
    u.set(bestU);
    facilitySubproblems(data, byFacility, u, v, x, state);
    const base = sumU();
    coverValue(v, coverWeights, coverRequired, state, equalWeights, y);
    const open = new Uint8Array(nF);
    for (let j = 0; j < nF; j++) open[j] = y[j] > 0 || state[j] === 1 ? 1 : 0;
    context.tryOpenSet(open);
    const rounded = new Uint8Array(nF);
    let roundedCapacity = 0;
    for (let j = 0; j < nF; j++) {
      rounded[j] = state[j] === 1 || (state[j] === 0 && smoothed[j] >= 0.5) ? 1 : 0;
      if (rounded[j]) roundedCapacity += coverWeights[j];
    }
    if (roundedCapacity >= coverRequired * (1 - 1e-12)) context.tryOpenSet(rounded);
    if (nodeBound >= cutoff()) return;

    // Probing until no fixing changes; the node's own bound rises with the fixings.
    let branchOn = -1;
    let branchFraction = -1;
    let branchIncrease = -Infinity;
    let whenOpenOf = 0;
    let whenClosedOf = 0;
    for (let changed = true; changed;) {
      changed = false;
      branchOn = -1;
      branchFraction = -1;
      branchIncrease = -Infinity;
      const current = base + coverValue(v, coverWeights, coverRequired, state, equalWeights, probeY);
      if (current === Infinity) return;
      nodeBound = Math.max(nodeBound, current);
      if (nodeBound >= cutoff()) return;
      for (let j = 0; j < nF; j++) {
        if (state[j] !== 0) continue;
        state[j] = 1;
        const whenOpen = base + coverValue(v, coverWeights, coverRequired, state, equalWeights, probeY);
        state[j] = -1;
        const whenClosed = base + coverValue(v, coverWeights, coverRequired, state, equalWeights, probeY);
        state[j] = 0;
        const openCut = whenOpen >= cutoff();
        const closedCut = whenClosed >= cutoff();
        if (openCut && closedCut) return;
        if (openCut || closedCut) {
          state[j] = openCut ? -1 : 1;
          changed = true;
          continue;
        }
        const fraction = Math.min(smoothed[j], 1 - smoothed[j]);
        const increase = Math.max(whenOpen, whenClosed) - current;
        if (fraction > branchFraction + 1e-12 || (fraction > branchFraction - 1e-12 && increase > branchIncrease)) {
          branchOn = j;
          branchFraction = fraction;
          branchIncrease = increase;
          whenOpenOf = whenOpen;
          whenClosedOf = whenClosed;
        }
      }
    }
    if (branchOn < 0) {
      // Every facility is fixed: the node is one open set, priced exactly.
      const fixed = new Uint8Array(nF);
      for (let j = 0; j < nF; j++) fixed[j] = state[j] === 1 ? 1 : 0;
      context.tryOpenSet(fixed);
      return;
    }
    const shared = Float32Array.from(bestU);
    const openChild = Int8Array.from(state);
    openChild[branchOn] = 1;
    const closedChild = Int8Array.from(state);
    closedChild[branchOn] = -1;
    queue.push({ state: openChild, u: shared, bound: Math.max(nodeBound, whenOpenOf), depth: node.depth + 1 });
    queue.push({ state: closedChild, u: shared, bound: Math.max(nodeBound, whenClosedOf), depth: node.depth + 1 });
  };

  for (;;) {
    // Nodes whose inherited bound already reaches the incumbent need no work.
    while (queue.size > 0 && queue.peek().bound >= cutoff()) queue.pop();
    if (queue.size === 0) {
      outcome.complete = true;
      outcome.bound = Math.max(outcome.bound, context.incumbent());
      context.onBound(outcome.bound);
      return outcome;
    }
    // Best first: the smallest bound in the queue bounds every solution not yet excluded.
    outcome.bound = Math.max(outcome.bound, Math.min(queue.peek().bound, context.incumbent()));
    context.onBound(outcome.bound);
    if (context.shouldStop()) return outcome;
    const node = queue.pop();
    outcome.nodes++;
    outcome.maxDepth = Math.max(outcome.maxDepth, node.depth);
    processNode(node);
    if (performance.now() - slice > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      slice = performance.now();
    }
  }
}

/** Binary min-heap of nodes by bound, deeper nodes first on equal bounds. */
class NodeHeap {
  private readonly items: BranchNode[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): BranchNode {
    return this.items[0];
  }

  push(node: BranchNode): void {
    const items = this.items;
    items.push(node);
    let at = items.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.before(items[at], items[parent])) break;
      [items[at], items[parent]] = [items[parent], items[at]];
      at = parent;
    }
  }

  pop(): BranchNode {
    const items = this.items;
    const top = items[0];
    const last = items.pop() as BranchNode;
    if (items.length > 0) {
      items[0] = last;
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        const right = left + 1;
        let smallest = at;
        if (left < items.length && this.before(items[left], items[smallest])) smallest = left;
        if (right < items.length && this.before(items[right], items[smallest])) smallest = right;
        if (smallest === at) break;
        [items[at], items[smallest]] = [items[smallest], items[at]];
        at = smallest;
      }
    }
    return top;
  }

  private before(a: BranchNode, b: BranchNode): boolean {
    return a.bound < b.bound || (a.bound === b.bound && a.depth > b.depth);
  }
}
