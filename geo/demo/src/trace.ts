/**
 * Traces cell sets of a Grid into GeoJSON (Multi)Polygon coordinates on the shared jittered lattice.
 * Regions are meant to be 4-connected; at a diagonal "pinch" the trace turns right, which keeps every ring
 * simple (an interior ring may touch its exterior ring at that single vertex, which OGC allows).
 * Exterior rings come out counter-clockwise, holes clockwise (RFC 7946).
 */
import type { Position } from 'geojson';
import { Grid } from './grid';

// Directions: 0 east, 1 north, 2 west, 3 south.
const RIGHT = [3, 0, 1, 2];

interface Edge {
  from: number;
  to: number;
  dir: number;
  used: boolean;
}

export type PolygonCoords = Position[][];

/**
 * Traces every label >= 0 present in `labels` (restricted to `cells` when given). Returns label -> polygons
 * (each [exterior, ...holes]) with coordinates rounded to `decimals` (default 5). `shape` are the labels whose
 * staircase corners are rounded (default: the grid's finest partition, shared by all layers that must fit).
 */
export function traceLabels(
  grid: Grid,
  labels: Int32Array,
  opts: { decimals?: number; cells?: number[]; shape?: Int32Array | null } = {},
): Map<number, PolygonCoords[]> {
  const decimals = opts.decimals ?? 5;
  const cells = opts.cells;
  const shape = opts.shape === undefined ? grid.shapeLabels : opts.shape;
  const W = grid.width;
  const H = grid.height;
  const VW = W + 1;
  const edgesBy = new Map<number, Edge[]>();
  const outBy = new Map<number, Map<number, Edge[]>>();
  const list = cells ?? Array.from({ length: grid.size }, (_, k) => k);
  const sorted = [...list].sort((a, b) => a - b);
  for (const c of sorted) {
    const L = labels[c];
    if (L < 0) continue;
    const i = c % W;
    const j = (c - i) / W;
    const add = (fi: number, fj: number, ti: number, tj: number, dir: number) => {
      const e: Edge = { from: fj * VW + fi, to: tj * VW + ti, dir, used: false };
      let es = edgesBy.get(L);
      if (!es) {
        es = [];
        edgesBy.set(L, es);
        outBy.set(L, new Map());
      }
      es.push(e);
      const outs = outBy.get(L) as Map<number, Edge[]>;
      const o = outs.get(e.from);
      if (o) o.push(e);
      else outs.set(e.from, [e]);
    };
    if (j === 0 || labels[c - W] !== L) add(i, j, i + 1, j, 0);
    if (i === W - 1 || labels[c + 1] !== L) add(i + 1, j, i + 1, j + 1, 1);
    if (j === H - 1 || labels[c + W] !== L) add(i + 1, j + 1, i, j + 1, 2);
    if (i === 0 || labels[c - 1] !== L) add(i, j + 1, i, j, 3);
  }
  const result = new Map<number, PolygonCoords[]>();
  const factor = 10 ** decimals;
  const round = (v: number) => Math.round(v * factor) / factor;
  const labelsSorted = [...edgesBy.keys()].sort((a, b) => a - b);
  for (const L of labelsSorted) {
    const edges = edgesBy.get(L) as Edge[];
    const outs = outBy.get(L) as Map<number, Edge[]>;
    const rings: number[][] = [];
    const ringEdges: Edge[] = [];
    for (const start of edges) {
      if (start.used) continue;
      const ring: number[] = [start.from];
      ringEdges.push(start);
      let e = start;
      e.used = true;
      for (;;) {
        ring.push(e.to);
        if (e.to === start.from) break;
        const cand = (outs.get(e.to) ?? []).filter((x) => !x.used);
        const next = cand.find((x) => x.dir === RIGHT[e.dir]) ?? cand[0];
        if (!next) throw new Error(`trace: open ring for label ${L}`);
        next.used = true;
        e = next;
      }
      rings.push(ring);
    }
    const xy = (v: number): [number, number] => [v % VW, Math.floor(v / VW)];
    const signedArea = (ring: number[]) => {
      let s = 0;
      for (let k = 0; k + 1 < ring.length; k++) {
        const [x1, y1] = xy(ring[k]);
        const [x2, y2] = xy(ring[k + 1]);
        s += x1 * y2 - x2 * y1;
      }
      return s / 2;
    };
    const outers: number[] = [];
    const holes: number[] = [];
    rings.forEach((r, k) => (signedArea(r) > 0 ? outers : holes).push(k));
    const polys: number[][] = outers.map((k) => [k]);
    for (const h of holes) {
      let owner = 0;
      if (outers.length > 1) {
        // a point just left of the hole's first edge lies in a cell of the region that encloses the hole
        const e = ringEdges[h];
        const [fx, fy] = xy(e.from);
        const [tx, ty] = xy(e.to);
        const mx = (fx + tx) / 2;
        const my = (fy + ty) / 2;
        const lx = -(ty - fy);
        const ly = tx - fx;
        const px = mx + 0.25 * lx;
        const py = my + 0.25 * ly;
        owner = outers.findIndex((k) => pointInRing(rings[k].map(xy), px, py));
        if (owner < 0) owner = 0;
      }
      polys[owner].push(h);
    }
    result.set(
      L,
      polys.map((p) =>
        p.map((k) =>
          rings[k].map((v) => {
            const [i, j] = xy(v);
            const [lon, lat] = grid.vertex(i, j, shape);
            return [round(lon), round(lat)];
          }),
        ),
      ),
    );
  }
  return result;
}

function pointInRing(ring: [number, number][], x: number, y: number): boolean {
  let inside = false;
  for (let a = 0, b = ring.length - 1; a < ring.length; b = a++) {
    const [xa, ya] = ring[a];
    const [xb, yb] = ring[b];
    if (ya > y !== yb > y && x < ((xb - xa) * (y - ya)) / (yb - ya) + xa) inside = !inside;
  }
  return inside;
}

/** GeoJSON geometry for traced polygons: a Polygon when there is one, else a MultiPolygon. */
export function toGeometry(
  polys: PolygonCoords[],
): { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: PolygonCoords[] } {
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
}
