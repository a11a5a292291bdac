import { solveStarNetwork } from '../network-simplex';

/**
 * A facility-location instance in flat arrays, as the Lagrangian machinery reads it. Arcs are grouped by demand
 * point: those of point i are `arcStart[i] .. arcStart[i + 1] - 1`. `arcCost[k]` is the cost of serving ALL of the
 * point's demand over arc k (x = 1). `capacities[j]` is Infinity for uncapacitated facility location.
 */
export interface FlatFacilityData {
  demandCount: number;
  facilityCount: number;
  demands: Float64Array;
  capacities: Float64Array;
  fixedCosts: Float64Array;
  arcStart: Int32Array;
  arcFacility: Int32Array;
  arcCost: Float64Array;
}

/** State of a facility in a Lagrangian subproblem: free, forced open (1) or forced closed (-1). */
export type FacilityState = Int8Array;

/** Outcome of {@link evaluateOpenSet}: the cheapest assignment for a fixed set of open facilities. */
export interface OpenSetEvaluation {
  /** Fixed costs of the open set plus the optimal transportation cost; Infinity when the set cannot serve all. */
  cost: number;
  /** x per arc (share of the point's demand), aligned with `arcCost`. */
  x: Float64Array;
}

/**
 * The minimum-cost "cover" of the Lagrangian subproblem: choose y in {0,1}^m minimising sum_j v_j y_j subject to
 * sum_j w_j y_j >= D and the forced states. With equal weights (OR-Library capa/b/c, and w = 1 for the
 * uncapacitated case) the greedy answer is exact: all free facilities with v_j < 0, then the cheapest others up to
 * ceil(remaining / w) facilities. With unequal weights it returns the LP relaxation of the knapsack (fractional
 * last item), a smaller value and therefore still a valid lower bound. Returns +Infinity when no choice covers D.
 *
 * @example
 * coverValue(Float64Array.of(-1, 4, 2), Float64Array.of(5, 5, 5), 10, new Int8Array(3), true, new Float64Array(3)); // -1 + 2 = 1
 */
export function coverValue(
  v: Float64Array,
  w: Float64Array,
  required: number,
  state: FacilityState,
  equalWeights: boolean,
  y: Float64Array,
): number {
  const m = v.length;
  let value = 0;
  let covered = 0;
  const rest: number[] = [];
  for (let j = 0; j < m; j++) {
    y[j] = 0;
    if (state[j] === -1) continue;
    if (state[j] === 1 || v[j] < 0) {
      y[j] = 1;
      value += v[j];
      covered += w[j];
    } else rest.push(j);
  }
  let remaining = required - covered;
  // Below this the capacity is covered: amounts are sums of input numbers, exact up to rounding.
  const eps = 1e-9 * Math.max(1, required);
  if (remaining <= eps) return value;
  if (equalWeights) {
    rest.sort((a, b) => v[a] - v[b]);
    const need = Math.ceil(remaining / w[rest[0] ?? 0] - 1e-9);
    if (rest.length < need || rest.length === 0) return Infinity;
    for (let k = 0; k < need; k++) {
      y[rest[k]] = 1;
      value += v[rest[k]];
    }
    return value;
  }
  rest.sort((a, b) => v[a] / w[a] - v[b] / w[b]);
  for (const j of rest) {
    if (remaining <= eps) break;
    const share = Math.min(1, remaining / w[j]);
    y[j] = share;
    value += share * v[j];
    remaining -= share * w[j];
  }
  return remaining > eps ? Infinity : value;
}

/**
 * For multipliers u on the assignment rows (sum_j x_ij = 1), the value of each facility's subproblem
 * v_j = f_j + min { sum_i (c_ij - u_i) x_ij : sum_i d_i x_ij <= s_j, 0 <= x_ij <= 1 } (a continuous knapsack,
 * solved greedily by reduced cost per unit of demand) and the minimising x (written into `x`, per arc).
 * Uncapacitated facilities take every arc with c_ij - u_i < 0. With `state`, facilities forced closed (-1) are
 * skipped: v_j = 0 and no x, which is harmless because the cover never opens them.
 */
export function facilitySubproblems(
  data: FlatFacilityData,
  byFacility: FacilityArcs,
  u: Float64Array,
  v: Float64Array,
  x: Float64Array,
  state?: FacilityState,
): void {
  x.fill(0);
  const items: number[] = [];
  const ratio = byFacility.scratch;
  for (let j = 0; j < data.facilityCount; j++) {
    // A facility forced closed never enters the cover (coverValue skips it), so its knapsack is not needed.
    if (state && state[j] === -1) {
      v[j] = 0;
      continue;
    }
    let value = data.fixedCosts[j];
    items.length = 0;
    for (let p = byFacility.start[j]; p < byFacility.start[j + 1]; p++) {
      const reduced = data.arcCost[byFacility.arc[p]] - u[byFacility.demand[p]];
      if (reduced < 0) {
        items.push(p);
        const d = data.demands[byFacility.demand[p]];
        ratio[p] = d > 0 ? reduced / d : -Infinity;
      }
    }
    const capacity = data.capacities[j];
    if (capacity !== Infinity) items.sort((a, b) => ratio[a] - ratio[b]);
    let left = capacity;
    for (const p of items) {
      const k = byFacility.arc[p];
      const i = byFacility.demand[p];
      const d = data.demands[i];
      const share = capacity === Infinity || d === 0 ? 1 : Math.min(1, left / d);
      if (share <= 0) break;
      x[k] = share;
      value += share * (data.arcCost[k] - u[i]);
      left -= share * d;
    }
    v[j] = value;
  }
}

/** Arcs grouped by facility (CSC): positions `start[j] .. start[j + 1] - 1` of `arc` and `demand`. */
export interface FacilityArcs {
  start: Int32Array;
  arc: Int32Array;
  demand: Int32Array;
  /** Work space of the subproblem sort, one entry per arc. */
  scratch: Float64Array;
}

/** Demand point of each arc, looked up once. */
const arcDemandCache = new WeakMap<FlatFacilityData, Int32Array>();
function byFacilityDemand(data: FlatFacilityData, k: number): number {
  let owner = arcDemandCache.get(data);
  if (!owner) {
    owner = new Int32Array(data.arcCost.length);
    for (let i = 0; i < data.demandCount; i++) for (let q = data.arcStart[i]; q < data.arcStart[i + 1]; q++) owner[q] = i;
    arcDemandCache.set(data, owner);
  }
  return owner[k];
}

/** Groups the arcs of `data` by facility. */
export function arcsByFacility(data: FlatFacilityData): FacilityArcs {
  const count = new Int32Array(data.facilityCount + 1);
  for (let k = 0; k < data.arcFacility.length; k++) count[data.arcFacility[k] + 1]++;
  for (let j = 0; j < data.facilityCount; j++) count[j + 1] += count[j];
  const start = Int32Array.from(count);
  const fill = Int32Array.from(count);
  const arc = new Int32Array(data.arcFacility.length);
  const demand = new Int32Array(data.arcFacility.length);
  for (let i = 0; i < data.demandCount; i++) {
    for (let k = data.arcStart[i]; k < data.arcStart[i + 1]; k++) {
      const p = fill[data.arcFacility[k]]++;
      arc[p] = k;
      demand[p] = i;
    }
  }
  return { start, arc, demand, scratch: new Float64Array(arc.length) };
}

/**
 * The cheapest assignment of all demand to the facilities open in `open` (the transportation problem, solved
 * exactly by the network simplex; without capacities each point simply takes its cheapest open arc). Demand
 * points with zero demand take their cheapest open arc.
 *
 * @example
 * const e = evaluateOpenSet(data, Uint8Array.of(1, 0, 1));
 * if (e.cost < Infinity) console.log(e.cost);
 */
export function evaluateOpenSet(data: FlatFacilityData, open: Uint8Array): OpenSetEvaluation {
  const { demandCount: nD, facilityCount: nF } = data;
  const x = new Float64Array(data.arcCost.length);
  let cost = 0;
  for (let j = 0; j < nF; j++) if (open[j]) cost += data.fixedCosts[j];
  const capacitated = data.capacities.some((s, j) => open[j] === 1 && s !== Infinity);
  // Arcs of the flow network: only those to open facilities, for points with demand.
  const arcIndex: number[] = [];
  for (let i = 0; i < nD; i++) {
    let best = -1;
    for (let k = data.arcStart[i]; k < data.arcStart[i + 1]; k++) {
      if (!open[data.arcFacility[k]]) continue;
      if (best < 0 || data.arcCost[k] < data.arcCost[best]) best = k;
      if (capacitated && data.demands[i] > 0) arcIndex.push(k);
    }
    if (best < 0) return { cost: Infinity, x };
    if (!capacitated || data.demands[i] === 0) {
      x[best] = 1;
      cost += data.arcCost[best];
    }
  }
  if (!capacitated) return { cost, x };
  let supplyTotal = 0;
  const owner = new Int32Array(arcIndex.length);
  const root = nD + nF;
  const m = arcIndex.length;
  const arcCount = m + nD + nF;
  const source = new Int32Array(arcCount);
  const target = new Int32Array(arcCount);
  const unitCost = new Float64Array(arcCount);
  const capacity = new Float64Array(arcCount).fill(Infinity);
  const supply = new Float64Array(root);
  const starArc = new Int32Array(root);
  let maxCost = 0;
  arcIndex.forEach((k, a) => {
    const i = byFacilityDemand(data, k);
    owner[a] = i;
    source[a] = i;
    target[a] = nD + data.arcFacility[k];
    unitCost[a] = data.arcCost[k] / data.demands[i];
    maxCost = Math.max(maxCost, Math.abs(unitCost[a]));
  });
  const artificial = (maxCost + 1) * (root + 2);
  for (let i = 0; i < nD; i++) {
    source[m + i] = i;
    target[m + i] = root;
    unitCost[m + i] = artificial;
    supply[i] = data.demands[i];
    supplyTotal += data.demands[i];
    starArc[i] = m + i;
  }
  for (let j = 0; j < nF; j++) {
    const e = m + nD + j;
    source[e] = nD + j;
    target[e] = root;
    capacity[e] = open[j] ? data.capacities[j] : 0;
    starArc[nD + j] = e;
  }
  const net = solveStarNetwork({ nodeCount: root, supply, source, target, cost: unitCost, capacity, starArc });
  if (net.status !== 'optimal') return { cost: Infinity, x };
  let unplaced = 0;
  for (let i = 0; i < nD; i++) unplaced += net.flow[m + i];
  if (unplaced > 1e-9 * Math.max(1, supplyTotal)) return { cost: Infinity, x };
  for (let a = 0; a < m; a++) {
    const flow = net.flow[a];
    if (flow <= 0) continue;
    const k = arcIndex[a];
    const share = Math.min(1, flow / data.demands[owner[a]]);
    x[k] += share;
    cost += data.arcCost[k] * share;
  }
  return { cost, x };
}
