/**
 * Primal network simplex for min-cost flow on a network whose every non-root node u has a "star" arc u -> root
 * that can carry u's (non-negative) supply. That star of arcs is the first spanning tree, so no artificial arcs or
 * big-M costs are needed; the transportation problem with unmet-demand slack has exactly this shape (demand point
 * -> sink through its unmet arc, facility -> sink through its capacity arc).
 *
 * The tree is kept with parent / thread / successor-count arrays and the pivot uses block search, as in LEMON's
 * NetworkSimplex (Kiraly and Kovacs, "Efficient implementations of minimum-cost flow algorithms", 2012). The
 * initial tree is strongly feasible (every arc points towards the root), and the leaving-arc rule keeps it so,
 * which rules out cycling. Costs and amounts are floating point: entering arcs need a reduced cost below
 * -epsilon, and at the end the potentials are recomputed from the tree and the optimality conditions re-checked
 * from scratch (pivoting resumes if drift hid a violation).
 */

/** Input of {@link solveStarNetwork}. Node `nodeCount` is the root; nodes 0..nodeCount-1 are the others. */
export interface StarNetwork {
  /** Number of non-root nodes. */
  nodeCount: number;
  /** Supply of every non-root node, >= 0; the root absorbs the total. */
  supply: Float64Array;
  /** Arc tails and heads (node indices 0..nodeCount, the root being nodeCount). */
  source: Int32Array;
  target: Int32Array;
  cost: Float64Array;
  /** Upper bounds; Infinity for uncapacitated arcs. Lower bounds are 0. */
  capacity: Float64Array;
  /** For every non-root node u, the index of an arc u -> root whose capacity is at least supply[u]. */
  starArc: Int32Array;
  /** Wall-clock budget in milliseconds (checked every few thousand pivots). */
  timeLimitMs?: number;
}

/** Outcome of {@link solveStarNetwork}. */
export interface StarNetworkResult {
  /** 'iteration_limit' is a safety net against numerical cycling; it has not been seen in practice. */
  status: 'optimal' | 'unbounded' | 'time_limit' | 'iteration_limit';
  flow: Float64Array;
  /** Node potentials (duals); reduced cost of arc e is cost[e] + pi[source] - pi[target]. */
  pi: Float64Array;
  objective: number;
  pivots: number;
  /** Largest violation of the reduced-cost optimality conditions found by the final from-scratch check. */
  maxReducedCostViolation: number;
}

const STATE_UPPER = -1;
const STATE_TREE = 0;
const STATE_LOWER = 1;
const DIR_UP = 1;
const DIR_DOWN = -1;

/**
 * Solves min sum cost*flow subject to flow conservation (out - in = supply, root: -sum supply) and
 * 0 <= flow <= capacity.
 *
 * @example
 * // one supply node 0 (5 units), root 1, direct arc 0 -> 1 (cost 3) and star arc 0 -> 1 (cost 10)
 * const r = solveStarNetwork({ nodeCount: 1, supply: Float64Array.of(5), source: Int32Array.of(0, 0),
 *   target: Int32Array.of(1, 1), cost: Float64Array.of(3, 10), capacity: Float64Array.of(Infinity, Infinity),
 *   starArc: Int32Array.of(1) });
 * r.objective; // 15
 */
export function solveStarNetwork(net: StarNetwork): StarNetworkResult {
  const tree = new SpanningTree(net);
  const { status, pivots, violation } = tree.pivotToOptimum(net.timeLimitMs);
  return { status, ...tree.clampedFlow(), pi: tree.pi, pivots, maxReducedCostViolation: violation };
}

/**
 * The spanning tree of the simplex and one pivot's bookkeeping. The tree is kept with parent / pred (the tree arc
 * to the parent and its direction) / thread (preorder) / revThread / succNum (subtree size) / lastSucc (last node of
 * the subtree in thread order) arrays, as in LEMON; `pi` are the node potentials.
 */
class SpanningTree {
  private readonly n: number;
  private readonly root: number;
  private readonly arcCount: number;
  private readonly source: Int32Array;
  private readonly target: Int32Array;
  private readonly cost: Float64Array;
  private readonly capacity: Float64Array;

  readonly flow: Float64Array;
  private readonly state: Int8Array;
  private readonly parent: Int32Array;
  private readonly pred: Int32Array;
  private readonly predDir: Int8Array;
  private readonly thread: Int32Array;
  private readonly revThread: Int32Array;
  private readonly succNum: Int32Array;
  private readonly lastSucc: Int32Array;
  readonly pi: Float64Array;
  private readonly dirtyRevs: Int32Array;
  /** Reduced costs above -eps count as non-negative (eps relative to the largest |cost|). */
  private readonly eps: number;
  private readonly blockSize: number;

  // The current pivot: entering arc, join node of its cycle, the moved subtree's new and old anchors, the amount.
  private nextArc = 0;
  private inArc = -1;
  private join = -1;
  private uIn = -1;
  private vIn = -1;
  private uOut = -1;
  private delta = 0;

  constructor(net: StarNetwork) {
    const n = net.nodeCount;
    this.n = n;
    this.root = n;
    this.arcCount = net.source.length;
    ({ source: this.source, target: this.target, cost: this.cost, capacity: this.capacity } = net);
    this.flow = new Float64Array(this.arcCount);
    this.state = new Int8Array(this.arcCount).fill(STATE_LOWER);
    this.parent = new Int32Array(n + 1);
    this.pred = new Int32Array(n + 1);
    this.predDir = new Int8Array(n + 1);
    this.thread = new Int32Array(n + 1);
    this.revThread = new Int32Array(n + 1);
    this.succNum = new Int32Array(n + 1);
    this.lastSucc = new Int32Array(n + 1);
    this.pi = new Float64Array(n + 1);
    this.dirtyRevs = new Int32Array(n + 1);
    let costScale = 1;
    for (let e = 0; e < this.arcCount; e++) costScale = Math.max(costScale, Math.abs(this.cost[e]));
    this.eps = costScale * 1e-11;
    this.blockSize = Math.max(Math.ceil(Math.sqrt(this.arcCount)), 10);
    this.buildStarTree(net);
  }

  /** Initial strongly feasible tree: the star of u -> root arcs, thread = root, 0, 1, ..., n-1. */
  private buildStarTree(net: StarNetwork): void {
    const { n, root, source, target, capacity, cost, parent, pred, predDir, thread, revThread, succNum, lastSucc, pi, state, flow } = this;
    parent[root] = -1;
    pred[root] = -1;
    thread[root] = 0;
    revThread[0] = root;
    succNum[root] = n + 1;
    lastSucc[root] = n - 1;
    pi[root] = 0;
    for (let u = 0; u < n; u++) {
      const e = net.starArc[u];
      if (source[e] !== u || target[e] !== root) throw new Error(`star arc of node ${u} must go ${u} -> root`);
      const s = net.supply[u];
      if (!(s >= 0) || s > capacity[e]) throw new Error(`supply ${s} of node ${u} does not fit its star arc`);
      parent[u] = root;
      pred[u] = e;
      predDir[u] = DIR_UP;
      thread[u] = u + 1;
      revThread[u + 1] = u;
      succNum[u] = 1;
      lastSucc[u] = u;
      state[e] = STATE_TREE;
      flow[e] = s;
      pi[u] = -cost[e];
    }
    if (n === 0) {
      thread[root] = root;
      revThread[root] = root;
      lastSucc[root] = root;
    }
  }

  /**
   * Pivots until no arc prices out, then recomputes the potentials from the tree and re-checks every arc; pivoting
   * resumes (at most five rounds) when rounding drift hid a violation.
   */
  pivotToOptimum(timeLimitMs: number | undefined): { status: StarNetworkResult['status']; pivots: number; violation: number } {
    const started = performance.now();
    let pivots = 0;
    let violation = 0;
    const maxPivots = 50 * (this.arcCount + this.n) + 100000;
    for (let round = 0; round < 5; round++) {
      while (this.findEnteringArc()) {
        if (!this.pivot()) return { status: 'unbounded', pivots, violation };
        pivots++;
        if (pivots > maxPivots) return { status: 'iteration_limit', pivots, violation };
        if ((pivots & 4095) === 0 && timeLimitMs !== undefined && performance.now() - started > timeLimitMs)
          return { status: 'time_limit', pivots, violation };
      }
      this.recomputePotentials();
      violation = this.maxViolation();
      if (violation <= this.eps) break;
    }
    return { status: 'optimal', pivots, violation };
  }

  /** One pivot on the entering arc found; false when the cycle is unbounded (nothing limits the amount). */
  private pivot(): boolean {
    this.findJoinNode();
    const change = this.findLeavingArc();
    if (this.delta === Infinity) return false;
    this.changeFlow(change);
    if (change) {
      this.updateTreeStructure();
      this.updatePotential();
    }
    return true;
  }

  /**
   * Block search: scan blockSize arcs at a time from where the last search stopped, wrapping around once, and
   * take the most negative reduced cost of the first block that has one.
   */
  private findEnteringArc(): boolean {
    const { arcCount, state, cost, pi, source, target, eps } = this;
    let min = -eps;
    let cnt = this.blockSize;
    let e = this.nextArc;
    for (let scanned = 0; scanned < arcCount; scanned++) {
      const c = state[e] * (cost[e] + pi[source[e]] - pi[target[e]]);
      if (c < min) {
        min = c;
        this.inArc = e;
      }
      e = e + 1 === arcCount ? 0 : e + 1;
      if (--cnt === 0) {
        if (min < -eps) {
          this.nextArc = e;
          return true;
        }
        cnt = this.blockSize;
      }
    }
    return min < -eps;
  }

  /** The join node: where the paths from the entering arc's ends to the root meet. */
  private findJoinNode(): void {
    const { succNum, parent } = this;
    let u = this.source[this.inArc];
    let v = this.target[this.inArc];
    while (u !== v) {
      if (succNum[u] < succNum[v]) u = parent[u];
      else v = parent[v];
    }
    this.join = u;
  }

  /** Returns true when a tree arc leaves (false: the entering arc just moves to its other bound). */
  private findLeavingArc(): boolean {
    const { inArc, join, state, source, target, capacity, parent, pred, predDir, flow } = this;
    let first: number;
    let second: number;
    if (state[inArc] === STATE_LOWER) {
      first = source[inArc];
      second = target[inArc];
    } else {
      first = target[inArc];
      second = source[inArc];
    }
    let delta = capacity[inArc];
    let result = 0;
    for (let u = first; u !== join; u = parent[u]) {
      const e = pred[u];
      const d = predDir[u] === DIR_DOWN ? capacity[e] - flow[e] : flow[e];
      if (d < delta) {
        delta = d;
        this.uOut = u;
        result = 1;
      }
    }
    for (let u = second; u !== join; u = parent[u]) {
      const e = pred[u];
      const d = predDir[u] === DIR_UP ? capacity[e] - flow[e] : flow[e];
      if (d <= delta) {
        delta = d;
        this.uOut = u;
        result = 2;
      }
    }
    this.delta = delta;
    if (result === 1) {
      this.uIn = first;
      this.vIn = second;
    } else {
      this.uIn = second;
      this.vIn = first;
    }
    return result !== 0;
  }

  /** An arc leaving the basis sits exactly at one of its bounds. */
  private snap(e: number): void {
    const { flow, capacity, state } = this;
    const f = flow[e];
    if (capacity[e] === Infinity || Math.abs(f) <= Math.abs(capacity[e] - f)) {
      flow[e] = 0;
      state[e] = STATE_LOWER;
    } else {
      flow[e] = capacity[e];
      state[e] = STATE_UPPER;
    }
  }

  /** Pushes `delta` round the cycle; the leaving arc (or, without one, the entering arc) goes to a bound. */
  private changeFlow(change: boolean): void {
    const { inArc, join, delta, state, flow, source, target, parent, pred, predDir, capacity } = this;
    if (delta > 0) {
      const val = state[inArc] * delta;
      flow[inArc] += val;
      for (let u = source[inArc]; u !== join; u = parent[u]) flow[pred[u]] -= predDir[u] * val;
      for (let u = target[inArc]; u !== join; u = parent[u]) flow[pred[u]] += predDir[u] * val;
    }
    if (change) {
      state[inArc] = STATE_TREE;
      this.snap(pred[this.uOut]);
    } else {
      // The entering arc crosses from one bound to the other (also when both are 0).
      state[inArc] = -state[inArc];
      flow[inArc] = state[inArc] === STATE_UPPER ? capacity[inArc] : 0;
    }
  }

  /** Re-hangs the subtree below the leaving arc from the entering arc (LEMON's updateTreeStructure). */
  private updateTreeStructure(): void {
    const { inArc, join, uIn, vIn, uOut, source, parent, pred, predDir, thread, revThread, succNum, lastSucc, dirtyRevs } = this;
    const oldRevThread = revThread[uOut];
    const oldSuccNum = succNum[uOut];
    const oldLastSucc = lastSucc[uOut];
    const vOut = parent[uOut];

    if (uIn === uOut) {
      parent[uIn] = vIn;
      pred[uIn] = inArc;
      predDir[uIn] = uIn === source[inArc] ? DIR_UP : DIR_DOWN;
      if (thread[vIn] !== uOut) {
        let after = thread[oldLastSucc];
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
        after = thread[vIn];
        thread[vIn] = uOut;
        revThread[uOut] = vIn;
        thread[oldLastSucc] = after;
        revThread[after] = oldLastSucc;
      }
    } else {
      const threadContinue = oldRevThread === vIn ? thread[oldLastSucc] : thread[vIn];
      let stem = uIn;
      let parStem = vIn;
      let last = lastSucc[uIn];
      let after = thread[last];
      thread[vIn] = uIn;
      let dirty = 0;
      dirtyRevs[dirty++] = vIn;
      while (stem !== uOut) {
        const nextStem = parent[stem];
        thread[last] = nextStem;
        dirtyRevs[dirty++] = last;
        const before = revThread[stem];
        thread[before] = after;
        revThread[after] = before;
        parent[stem] = parStem;
        parStem = stem;
        stem = nextStem;
        last = lastSucc[stem] === lastSucc[parStem] ? revThread[parStem] : lastSucc[stem];
        after = thread[last];
      }
      parent[uOut] = parStem;
      thread[last] = threadContinue;
      revThread[threadContinue] = last;
      lastSucc[uOut] = last;
      if (oldRevThread !== vIn) {
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
      }
      for (let k = 0; k < dirty; k++) {
        const u = dirtyRevs[k];
        revThread[thread[u]] = u;
      }
      let tmpSc = 0;
      const tmpLs = lastSucc[uOut];
      for (let u = uOut, p = parent[u]; u !== uIn; u = p, p = parent[u]) {
        pred[u] = pred[p];
        predDir[u] = -predDir[p];
        tmpSc += succNum[u] - succNum[p];
        succNum[u] = tmpSc;
        lastSucc[p] = tmpLs;
      }
      pred[uIn] = inArc;
      predDir[uIn] = uIn === source[inArc] ? DIR_UP : DIR_DOWN;
      succNum[uIn] = oldSuccNum;
    }

    const upLimitOut = lastSucc[join] === vIn ? join : -1;
    const lastSuccOut = lastSucc[uOut];
    for (let u = vIn; u !== -1 && lastSucc[u] === vIn; u = parent[u]) lastSucc[u] = lastSuccOut;
    if (join !== oldRevThread && vIn !== oldRevThread) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]) lastSucc[u] = oldRevThread;
    } else if (lastSuccOut !== oldLastSucc) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]) lastSucc[u] = lastSuccOut;
    }
    for (let u = vIn; u !== join; u = parent[u]) succNum[u] += oldSuccNum;
    for (let u = vOut; u !== join; u = parent[u]) succNum[u] -= oldSuccNum;
  }

  /** Shifts the potentials of the moved subtree so the entering arc's reduced cost is 0. */
  private updatePotential(): void {
    const { pi, uIn, vIn, predDir, cost, inArc, thread, lastSucc } = this;
    const sigma = pi[vIn] - pi[uIn] - predDir[uIn] * cost[inArc];
    const end = thread[lastSucc[uIn]];
    for (let u = uIn; u !== end; u = thread[u]) pi[u] += sigma;
  }

  /** Potentials from scratch: the thread is a preorder of the tree, so parents come before children. */
  private recomputePotentials(): void {
    const { pi, root, thread, pred, predDir, parent, cost } = this;
    pi[root] = 0;
    for (let u = thread[root]; u !== root; u = thread[u]) {
      const e = pred[u];
      pi[u] = predDir[u] === DIR_UP ? pi[parent[u]] - cost[e] : pi[parent[u]] + cost[e];
    }
  }

  /** The largest violation of the reduced-cost optimality conditions over all arcs. */
  private maxViolation(): number {
    const { arcCount, state, cost, pi, source, target } = this;
    let violation = 0;
    for (let e = 0; e < arcCount; e++) violation = Math.max(violation, -state[e] * (cost[e] + pi[source[e]] - pi[target[e]]));
    return violation;
  }

  /** The flow clamped into its bounds (rounding may leave -1e-15 or capacity + 1e-15) and its cost. */
  clampedFlow(): { flow: Float64Array; objective: number } {
    const { arcCount, flow, capacity, cost } = this;
    let objective = 0;
    for (let e = 0; e < arcCount; e++) {
      if (flow[e] < 0) flow[e] = 0;
      else if (flow[e] > capacity[e]) flow[e] = capacity[e];
      objective += cost[e] * flow[e];
    }
    return { flow, objective };
  }
}
