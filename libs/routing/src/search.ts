import type { EdgeHit } from './edge-grid';
import { ONEWAY, type Csr, type RoadGraph } from './graph';
import { NodeHeap } from './heap';

/** A place attached to the network: the foot point on the nearest edge plus the straight access leg to it. */
export interface Snap extends EdgeHit {
  /** Seconds for the access leg (snap distance at the access speed). */
  accessSeconds: number;
  /** The access leg is longer than the long-snap limit: the place is far from any road in the layer. */
  long: boolean;
}

export interface SnapOptions {
  /** Farthest a place is attached to a road, metres; default 20 000 (beyond it the place is unreachable). */
  maxSnapM?: number;
  /** Snaps longer than this are flagged `long`; default 500 m. */
  longSnapM?: number;
  /** Speed of the access leg between a place and its road, km/h; default 10 (a lane walked or driven slowly). */
  accessSpeedKmh?: number;
}

/** A foot point this close (m) to an end of its edge is at that end's node (shapes are float32, about 0.8 m). */
const AT_NODE_M = 1;

export const SNAP_DEFAULTS = { maxSnapM: 20000, longSnapM: 500, accessSpeedKmh: 10 } as const;

/**
 * Attaches a point to the network: the closest point on any edge.
 * @example
 * const s = snapPoint(graph, 118.87, 28.94);
 * s?.distanceM // metres from the point to its road; s?.long is true beyond 500 m
 */
export function snapPoint(g: RoadGraph, lon: number, lat: number, opts: SnapOptions = {}): Snap | null {
  const o = { ...SNAP_DEFAULTS, ...opts };
  const hit = g.grid.nearest(g, lon, lat, o.maxSnapM);
  if (!hit) return null;
  return { ...hit, accessSeconds: hit.distanceM / (o.accessSpeedKmh / 3.6), long: hit.distanceM > o.longSnapM };
}

/** Reusable per-search arrays (one per graph and thread), so a matrix of searches allocates nothing per search. */
export class SearchSpace {
  readonly seconds: Float64Array;
  readonly meters: Float64Array;
  /** Edge by which each node was reached, -1 for a seed. */
  readonly viaEdge: Int32Array;
  private readonly touched: Uint32Array;
  private touchedCount = 0;
  readonly heap = new NodeHeap();

  constructor(readonly graph: RoadGraph) {
    this.seconds = new Float64Array(graph.nodeCount).fill(Infinity);
    this.meters = new Float64Array(graph.nodeCount);
    this.viaEdge = new Int32Array(graph.nodeCount).fill(-1);
    this.touched = new Uint32Array(graph.nodeCount);
  }

  reset(): void {
    for (let i = 0; i < this.touchedCount; i++) this.seconds[this.touched[i]] = Infinity;
    this.touchedCount = 0;
    this.heap.clear();
  }

  /** Lowers a node's label; true when it improved. */
  relax(node: number, seconds: number, meters: number, via: number): boolean {
    if (seconds >= this.seconds[node]) return false;
    if (this.seconds[node] === Infinity) this.touched[this.touchedCount++] = node;
    this.seconds[node] = seconds;
    this.meters[node] = meters;
    this.viaEdge[node] = via;
    this.heap.push(node, seconds);
    return true;
  }
}

/** The result of one bounded search from (or, reversed, to) a snapped place. */
export interface SearchResult {
  readonly space: SearchSpace;
  readonly from: Snap;
  readonly reversed: boolean;
  readonly maxSeconds: number;
}

/**
 * Dijkstra with a binary heap from a snapped place, stopping once every label left is over `maxSeconds` (network
 * time, access legs excluded). `reversed` searches the reverse graph: labels are then times TO the place, which is
 * how one search per school gives every village's time to it on a network with one-way roads.
 * @example
 * const space = new SearchSpace(g);
 * const res = searchFrom(space, snapPoint(g, 118.87, 28.94)!, 3600);
 * travelTo(res, snapPoint(g, 118.9, 28.95)!) // { seconds, meters } or null beyond the limit
 */
export function searchFrom(space: SearchSpace, from: Snap, maxSeconds: number, reversed = false): SearchResult {
  const g = space.graph;
  space.reset();
  const e = from.edge;
  const sec = g.edgeSeconds[e];
  const m = g.edgeMeters[e];
  const f = from.fraction;
  const twoWay = !(g.edgeFlags[e] & ONEWAY);
  // Forward: leave along the edge towards its head, or (two-way) back to its tail. Reversed: the mirror image.
  // A place exactly at an end of a one-way edge is at that node, whichever way the edge runs.
  if (!reversed) {
    space.relax(g.edgeTo[e], (1 - f) * sec, (1 - f) * m, -1);
    if (twoWay || f * m < AT_NODE_M) space.relax(g.edgeFrom[e], f * sec, f * m, -1);
  } else {
    space.relax(g.edgeFrom[e], f * sec, f * m, -1);
    if (twoWay || (1 - f) * m < AT_NODE_M) space.relax(g.edgeTo[e], (1 - f) * sec, (1 - f) * m, -1);
  }
  const csr: Csr = reversed ? g.reverse() : g.forward;
  const { offset, head, edge } = csr;
  const heap = space.heap;
  const labels = space.seconds;
  while (heap.size > 0) {
    const key = heap.peekKey();
    const u = heap.pop();
    if (key > labels[u]) continue;
    if (key > maxSeconds) break;
    const um = space.meters[u];
    for (let a = offset[u]; a < offset[u + 1]; a++) {
      const ed = edge[a];
      space.relax(head[a], key + g.edgeSeconds[ed], um + g.edgeMeters[ed], ed);
    }
  }
  return { space, from, reversed, maxSeconds };
}

/** Network time and length between the search's place and another snapped place, or null when over the limit. */
export interface Leg {
  /** Including both access legs. */
  seconds: number;
  /** Network metres plus both access legs. */
  meters: number;
}

/**
 * Time from the search's place to `to` (or from `to` to the place when the search was reversed), access legs
 * included; null when unreachable within the search's limit.
 */
export function travelTo(res: SearchResult, to: Snap): Leg | null {
  const g = res.space.graph;
  const { seconds: lab, meters: met } = res.space;
  const e = to.edge;
  const sec = g.edgeSeconds[e];
  const m = g.edgeMeters[e];
  const f = to.fraction;
  const twoWay = !(g.edgeFlags[e] & ONEWAY);
  let bestS = Infinity;
  let bestM = 0;
  const consider = (s: number, mm: number) => {
    if (s < bestS) {
      bestS = s;
      bestM = mm;
    }
  };
  // Forward: arrive at the foot point from the edge's tail (or, two-way, from its head). Reversed: leave it.
  const tail = res.reversed ? g.edgeTo[e] : g.edgeFrom[e];
  const headNode = res.reversed ? g.edgeFrom[e] : g.edgeTo[e];
  const fTail = res.reversed ? 1 - f : f;
  if (lab[tail] < Infinity) consider(lab[tail] + fTail * sec, met[tail] + fTail * m);
  if ((twoWay || (1 - fTail) * m < AT_NODE_M) && lab[headNode] < Infinity)
    consider(lab[headNode] + (1 - fTail) * sec, met[headNode] + (1 - fTail) * m);
  if (e === res.from.edge) {
    // Both places on the same edge: along it directly, when its direction allows.
    const d = res.reversed ? res.from.fraction - f : f - res.from.fraction;
    if (d >= 0 || twoWay) consider(Math.abs(d) * sec, Math.abs(d) * m);
  }
  if (bestS > res.maxSeconds) return null;
  return { seconds: bestS + res.from.accessSeconds + to.accessSeconds, meters: bestM + res.from.distanceM + to.distanceM };
}

/**
 * Road classes along the best path to `to`, in travel order (consecutive repeats merged). Call right after the search.
 * @example pathClasses(res, snap) // ['村道', '县道', '省道']
 */
export function pathClasses(res: SearchResult, to: Snap): string[] {
  const g = res.space.graph;
  const { seconds: lab, viaEdge } = res.space;
  const e = to.edge;
  const m = g.edgeMeters[e];
  const twoWay = !(g.edgeFlags[e] & ONEWAY);
  const tail = res.reversed ? g.edgeTo[e] : g.edgeFrom[e];
  const headNode = res.reversed ? g.edgeFrom[e] : g.edgeTo[e];
  const fTail = res.reversed ? 1 - to.fraction : to.fraction;
  const viaTail = lab[tail] + fTail * g.edgeSeconds[e];
  const viaHead = twoWay || (1 - fTail) * m < AT_NODE_M ? lab[headNode] + (1 - fTail) * g.edgeSeconds[e] : Infinity;
  const used: number[] = [];
  const best = Math.min(viaTail, viaHead);
  if (best === Infinity) return e === res.from.edge ? [g.classes[g.edgeClass[e]]] : [];
  const n0 = viaTail <= viaHead ? tail : headNode;
  if ((n0 === tail ? fTail : 1 - fTail) * m >= AT_NODE_M) used.push(e);
  let n = n0;
  for (let guard = 0; guard < g.nodeCount && viaEdge[n] >= 0; guard++) {
    const ed = viaEdge[n];
    used.push(ed);
    n = g.edgeFrom[ed] === n ? g.edgeTo[ed] : g.edgeFrom[ed];
  }
  // n is the seed node: the origin's edge counts when the origin is not at that node.
  const o = res.from;
  const om = g.edgeMeters[o.edge];
  if ((n === g.edgeFrom[o.edge] ? o.fraction : 1 - o.fraction) * om >= AT_NODE_M) used.push(o.edge);
  if (!res.reversed) used.reverse();
  const classes: string[] = [];
  for (const ed of used) {
    const c = g.classes[g.edgeClass[ed]];
    if (classes[classes.length - 1] !== c) classes.push(c);
  }
  return classes;
}
