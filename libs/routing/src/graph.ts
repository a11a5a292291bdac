import { haversineM } from './geometry';
import { speedFor } from './speeds';
import { EdgeGrid } from './edge-grid';

/** One road feature as the graph builder takes it (a LineString is one line, a MultiLineString several). */
export interface RoadInput {
  code: string;
  /** Canonical class (国道 ... 村道, or an OSM highway value); unknown classes drive at the `unclassified` speed. */
  roadClass: string;
  /** The feature's own speed; null takes the class speed. */
  speedKmh: number | null;
  /** Drivable only in the direction the coordinates run. */
  oneway: boolean;
  ferry: boolean;
  lines: ReadonlyArray<ReadonlyArray<readonly number[]>>;
}

export interface GraphOptions {
  /** Speeds per class replacing the defaults (JTG B01 design speeds, see speeds.ts). */
  speedOverrides?: Readonly<Record<string, number>>;
  /** Minutes added to every ferry crossing for waiting and boarding; default 10. */
  ferryWaitMinutes?: number;
  /** An end this close (m) to another road it does not join is reported as a dangling end; default 15. */
  danglingToleranceM?: number;
}

/** Something about the network worth knowing that does not stop it being used. */
export interface GraphNotice {
  kind: 'disconnected' | 'dangling-end' | 'skipped';
  message: string;
  /** Road codes concerned (at most 10). */
  codes: string[];
}

/**
 * A road network as a compressed sparse row (CSR) graph in typed arrays. Nodes are road ends and vertices shared by
 * two or more roads; an edge is the stretch of one road between two nodes, with its shape kept for snapping.
 *
 * Memory: per edge 4+4 (ends) + 4+4 (metres, seconds) + 1+1 (flags, class) + 4 (shape start) + 4 (feature) bytes, per
 * directed arc 4+4 (head node, edge), per node 8+8 (lon, lat as float64) + 4 (CSR offset), per shape vertex 8
 * (float32 lon/lat, 0.8 m at 120°E). A 2-million-edge province network with about 10 million shape vertices needs
 * about 56 + 32 + 30 + 80 MB plus the snapping grid (4 bytes per segment-cell), well within a worker's memory;
 * nothing is an object per edge, so the garbage collector never walks millions of small objects.
 */
export interface RoadGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly nodeLon: Float64Array;
  readonly nodeLat: Float64Array;
  readonly edgeFrom: Uint32Array;
  readonly edgeTo: Uint32Array;
  readonly edgeMeters: Float32Array;
  /** Seconds to drive the edge (either way; a oneway edge is only driven from -> to). */
  readonly edgeSeconds: Float32Array;
  /** Bit 0 oneway, bit 1 ferry. */
  readonly edgeFlags: Uint8Array;
  /** Index into `classes`. */
  readonly edgeClass: Uint8Array;
  /** Index into `codes`: the road feature the edge belongs to. */
  readonly edgeFeature: Uint32Array;
  /** Shape vertices of edge e are shapeLonLat[2*shapeStart[e] ..< 2*shapeStart[e+1]]. */
  readonly shapeStart: Uint32Array;
  readonly shapeLonLat: Float32Array;
  /** Forward CSR: arcs leaving node n are arcHead/arcEdge[offset[n] ..< offset[n+1]]. */
  readonly forward: Csr;
  readonly classes: readonly string[];
  readonly codes: readonly string[];
  readonly grid: EdgeGrid;
  readonly notices: GraphNotice[];
  /** Connected component (ignoring direction) of each node. */
  readonly component: Int32Array;
  readonly componentCount: number;
  /** Nodes in the largest component. */
  readonly largestComponentNodes: number;
  /** Reverse CSR (arcs entering each node), built on first use. */
  reverse(): Csr;
}

export interface Csr {
  readonly offset: Uint32Array;
  readonly head: Uint32Array;
  readonly edge: Uint32Array;
}

export const ONEWAY = 1;
export const FERRY = 2;

/**
 * Open-addressing hash from quantised coordinates (0.5 m) to ints, in typed arrays. A key packs
 * (lon + 180) * 2e5 (27 bits) and (lat + 90) * 2e5 (26 bits) into one exact double.
 */
class CoordTable {
  private keys: Float64Array;
  private vals: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected: number) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.keys = new Float64Array(cap).fill(-1);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
  }

  static key(lon: number, lat: number): number {
    return Math.round((lon + 180) * 2e5) * 67108864 + Math.round((lat + 90) * 2e5);
  }

  private slot(key: number): number {
    // Mix the two halves; the low 26 bits are latitude, the rest longitude.
    const lo = key % 67108864;
    const hi = Math.floor(key / 67108864);
    // murmur3's finaliser: lattice-like coordinates would otherwise cluster in a few runs of slots.
    let h = lo ^ Math.imul(hi, 0x9e3779b1);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    let i = h & this.mask;
    while (this.keys[i] !== -1 && this.keys[i] !== key) i = (i + 1) & this.mask;
    return i;
  }

  get(key: number): number {
    const i = this.slot(key);
    return this.keys[i] === key ? this.vals[i] : -1;
  }

  /** Adds `delta` to the key's value (inserting 0 first); returns the new value. */
  add(key: number, delta: number): number {
    const i = this.slot(key);
    if (this.keys[i] !== key) {
      this.keys[i] = key;
      this.vals[i] = 0;
      this.size++;
    }
    this.vals[i] += delta;
    return this.vals[i];
  }

  set(key: number, value: number): void {
    const i = this.slot(key);
    if (this.keys[i] !== key) {
      this.keys[i] = key;
      this.size++;
    }
    this.vals[i] = value;
  }
}

/** The line without consecutive positions that fall on the same 0.5 m key. */
function dedupe(line: ReadonlyArray<readonly number[]>): (readonly number[])[] {
  const out: (readonly number[])[] = [];
  let prev = NaN;
  for (const p of line) {
    const k = CoordTable.key(p[0], p[1]);
    if (k !== prev) out.push(p);
    prev = k;
  }
  return out;
}

function buildCsr(nodeCount: number, edgeCount: number, tail: Uint32Array, head: Uint32Array, flags: Uint8Array, reverse: boolean): Csr {
  const offset = new Uint32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) {
    offset[(reverse ? head[e] : tail[e]) + 1]++;
    if (!(flags[e] & ONEWAY)) offset[(reverse ? tail[e] : head[e]) + 1]++;
  }
  for (let n = 0; n < nodeCount; n++) offset[n + 1] += offset[n];
  const arcs = offset[nodeCount];
  const h = new Uint32Array(arcs);
  const ed = new Uint32Array(arcs);
  const fill = offset.slice(0, nodeCount);
  const put = (from: number, to: number, e: number) => {
    const k = fill[from]++;
    h[k] = to;
    ed[k] = e;
  };
  for (let e = 0; e < edgeCount; e++) {
    if (reverse) put(head[e], tail[e], e);
    else put(tail[e], head[e], e);
    if (!(flags[e] & ONEWAY)) {
      if (reverse) put(tail[e], head[e], e);
      else put(head[e], tail[e], e);
    }
  }
  return { offset, head: h, edge: ed };
}

/**
 * Builds the routable graph of a road layer. Roads are split into edges at their ends and at every vertex another
 * road shares (to 0.5 m), so roads that cross without a shared vertex (bridges over roads) stay unconnected, as they
 * should. Disconnected pieces and dangling ends (an end within `danglingToleranceM` of a road it does not join) are
 * reported in `notices`, never refused.
 * @example
 * const g = buildRoadGraph([
 *   { code: 'r1', roadClass: '县道', speedKmh: null, oneway: false, ferry: false, lines: [[[118.8, 28.9], [118.9, 28.9]]] },
 * ]);
 * g.edgeCount // 1; g.edgeSeconds[0] ≈ 9.75 km / 40 km/h = 877 s
 */
export function buildRoadGraph(roads: readonly RoadInput[], opts: GraphOptions = {}): RoadGraph {
  const ferryWait = (opts.ferryWaitMinutes ?? 10) * 60;
  const tolerance = opts.danglingToleranceM ?? 15;
  const notices: GraphNotice[] = [];
  let vertexTotal = 0;
  for (const r of roads) for (const l of r.lines) vertexTotal += l.length;
  // Pass 1: how many road lines touch each vertex (ends count twice so they are always nodes).
  const uses = new CoordTable(vertexTotal);
  const skipped: string[] = [];
  const cleaned: (readonly number[])[][][] = roads.map((r) => r.lines.map(dedupe));
  roads.forEach((r, fi) => {
    for (const line of cleaned[fi]) {
      if (line.length < 2) {
        skipped.push(r.code);
        continue;
      }
      for (let i = 0; i < line.length; i++) uses.add(CoordTable.key(line[i][0], line[i][1]), i === 0 || i === line.length - 1 ? 2 : 1);
      // A closed ring would be one edge from a node to itself: its middle vertex becomes a node instead.
      const a = line[0];
      const b = line[line.length - 1];
      if (line.length > 2 && CoordTable.key(a[0], a[1]) === CoordTable.key(b[0], b[1])) {
        const m = line[line.length >> 1];
        uses.add(CoordTable.key(m[0], m[1]), 2);
      }
    }
  });
  if (skipped.length > 0)
    notices.push({
      kind: 'skipped',
      message: `${skipped.length} line(s) with fewer than 2 positions left out`,
      codes: skipped.slice(0, 10),
    });
  // Pass 2: nodes and edges.
  const nodeIds = new CoordTable(Math.min(vertexTotal, 1 << 22));
  const nodeLon: number[] = [];
  const nodeLat: number[] = [];
  const nodeOf = (lon: number, lat: number): number => {
    const k = CoordTable.key(lon, lat);
    const id = nodeIds.get(k);
    if (id >= 0) return id;
    nodeIds.set(k, nodeLon.length);
    nodeLon.push(lon);
    nodeLat.push(lat);
    return nodeLon.length - 1;
  };
  const classes: string[] = [];
  const classIdx = new Map<string, number>();
  const eFrom: number[] = [];
  const eTo: number[] = [];
  const eMeters: number[] = [];
  const eSeconds: number[] = [];
  const eFlags: number[] = [];
  const eClass: number[] = [];
  const eFeature: number[] = [];
  const shapeStart: number[] = [];
  const shape = new Float32Array(vertexTotal * 2 + roads.length * 4);
  let shapeLen = 0;
  const codes: string[] = [];
  roads.forEach((r, fi) => {
    codes.push(r.code);
    let ci = classIdx.get(r.roadClass);
    if (ci === undefined) {
      ci = classes.length;
      if (ci > 255) throw new Error('more than 256 road classes');
      classes.push(r.roadClass);
      classIdx.set(r.roadClass, ci);
    }
    const speed = speedFor(r.ferry ? (r.roadClass === 'ferry' ? 'ferry' : r.roadClass) : r.roadClass, r.speedKmh, opts.speedOverrides);
    const flags = (r.oneway ? ONEWAY : 0) | (r.ferry ? FERRY : 0);
    for (const line of cleaned[fi]) {
      if (line.length < 2) continue;
      let start = nodeOf(line[0][0], line[0][1]);
      let meters = 0;
      let shapeFrom = shapeLen;
      shape[shapeLen * 2] = line[0][0];
      shape[shapeLen * 2 + 1] = line[0][1];
      shapeLen++;
      for (let i = 1; i < line.length; i++) {
        const [lon, lat] = line[i];
        const [plon, plat] = line[i - 1];
        meters += haversineM(plon, plat, lon, lat);
        shape[shapeLen * 2] = lon;
        shape[shapeLen * 2 + 1] = lat;
        shapeLen++;
        const k = CoordTable.key(lon, lat);
        const last = i === line.length - 1;
        if (last || uses.get(k) >= 2) {
          const end = nodeOf(lon, lat);
          if (end !== start) {
            eFrom.push(start);
            eTo.push(end);
            eMeters.push(meters);
            eSeconds.push(meters / (speed / 3.6) + (r.ferry ? ferryWait : 0));
            eFlags.push(flags);
            eClass.push(ci);
            eFeature.push(fi);
            shapeStart.push(shapeFrom);
          } else {
            // Cannot happen after the ring split above, except for a two-vertex ring; its shape is dropped.
            shapeLen = shapeFrom;
          }
          start = end;
          meters = 0;
          shapeFrom = shapeLen;
          if (!last) {
            shape[shapeLen * 2] = lon;
            shape[shapeLen * 2 + 1] = lat;
            shapeLen++;
          }
        }
      }
    }
  });
  const nodeCount = nodeLon.length;
  const edgeCount = eFrom.length;
  shapeStart.push(shapeLen);
  const g = {
    nodeCount,
    edgeCount,
    nodeLon: Float64Array.from(nodeLon),
    nodeLat: Float64Array.from(nodeLat),
    edgeFrom: Uint32Array.from(eFrom),
    edgeTo: Uint32Array.from(eTo),
    edgeMeters: Float32Array.from(eMeters),
    edgeSeconds: Float32Array.from(eSeconds),
    edgeFlags: Uint8Array.from(eFlags),
    edgeClass: Uint8Array.from(eClass),
    edgeFeature: Uint32Array.from(eFeature),
    shapeStart: Uint32Array.from(shapeStart),
    shapeLonLat: shape.slice(0, shapeLen * 2),
    classes,
    codes,
    notices,
  };
  const forward = buildCsr(nodeCount, edgeCount, g.edgeFrom, g.edgeTo, g.edgeFlags, false);
  let rev: Csr | null = null;
  const grid = EdgeGrid.build(g.shapeStart, g.shapeLonLat, edgeCount);
  const comp = components(nodeCount, edgeCount, g.edgeFrom, g.edgeTo);
  const graph: RoadGraph = {
    ...g,
    forward,
    grid,
    component: comp.component,
    componentCount: comp.count,
    largestComponentNodes: comp.largestSize,
    reverse() {
      rev ??= buildCsr(nodeCount, edgeCount, g.edgeFrom, g.edgeTo, g.edgeFlags, true);
      return rev;
    },
  };
  reportComponents(graph, comp.largest, notices);
  reportDangling(graph, tolerance, notices);
  return graph;
}

function components(nodeCount: number, edgeCount: number, from: Uint32Array, to: Uint32Array) {
  const parent = new Int32Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let e = 0; e < edgeCount; e++) {
    const a = find(from[e]);
    const b = find(to[e]);
    if (a !== b) parent[a] = b;
  }
  const component = new Int32Array(nodeCount).fill(-1);
  const sizes: number[] = [];
  const rootId = new Int32Array(nodeCount).fill(-1);
  for (let n = 0; n < nodeCount; n++) {
    const r = find(n);
    if (rootId[r] < 0) {
      rootId[r] = sizes.length;
      sizes.push(0);
    }
    component[n] = rootId[r];
    sizes[rootId[r]]++;
  }
  let largest = 0;
  for (let c = 1; c < sizes.length; c++) if (sizes[c] > sizes[largest]) largest = c;
  return { component, count: sizes.length, largest, largestSize: sizes[largest] ?? 0 };
}

function reportComponents(g: RoadGraph, largest: number, notices: GraphNotice[]): void {
  if (g.componentCount <= 1) return;
  const codes = new Set<string>();
  for (let e = 0; e < g.edgeCount && codes.size < 10; e++) if (g.component[g.edgeFrom[e]] !== largest) codes.add(g.codes[g.edgeFeature[e]]);
  notices.push({
    kind: 'disconnected',
    message:
      `${g.componentCount - 1} piece(s) not connected to the main network (${g.nodeCount - g.largestComponentNodes} ` +
      `of ${g.nodeCount} nodes); places snapped to them reach only their own piece`,
    codes: [...codes],
  });
}

function reportDangling(g: RoadGraph, tolerance: number, notices: GraphNotice[]): void {
  const degree = new Uint32Array(g.nodeCount);
  for (let e = 0; e < g.edgeCount; e++) {
    degree[g.edgeFrom[e]]++;
    degree[g.edgeTo[e]]++;
  }
  const codes: string[] = [];
  let count = 0;
  for (let e = 0; e < g.edgeCount; e++) {
    for (const n of [g.edgeFrom[e], g.edgeTo[e]]) {
      if (degree[n] !== 1) continue;
      // Roads meeting this one at its other end are its neighbours at a junction, not a missed connection.
      const far = g.edgeFrom[e] === n ? g.edgeTo[e] : g.edgeFrom[e];
      const near = g.grid.nearest(
        g,
        g.nodeLon[n],
        g.nodeLat[n],
        tolerance,
        (o) => g.edgeFrom[o] !== n && g.edgeTo[o] !== n && g.edgeFrom[o] !== far && g.edgeTo[o] !== far,
      );
      if (near) {
        count++;
        if (codes.length < 10) codes.push(g.codes[g.edgeFeature[e]]);
      }
    }
  }
  if (count > 0)
    notices.push({
      kind: 'dangling-end',
      message: `${count} road end(s) stop within ${tolerance} m of another road without joining it (not connected)`,
      codes,
    });
}
