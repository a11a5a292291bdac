import type { MultiPolygon, Polygon, Position } from 'geojson';
import { loadFlatbush, type FlatbushIndex } from './flatbush';

/**
 * Planar geometry for the overlay: polygons are projected once to a local equirectangular plane
 * (x = (lon - lon0) * cos(lat0), y = lat - lat0) and kept as flat coordinate arrays.
 *
 * Why a plane: the overlay only needs *ratios* of areas (the share of a unit inside a catchment), and both areas of a
 * ratio come from the same projection, so the error of the projection cancels to second order over a city the size
 * of Quzhou. Why our own intersection area: `turf.intersect` (polyclip-ts, arbitrary-precision arithmetic) costs
 * about 0.8 ms per pair, 10 s or more for the city; the boundary integral below costs microseconds and is checked
 * against turf.intersect + turf.area in planar.spec.ts.
 */
export interface PlanarProjection {
  lon0: number;
  lat0: number;
  /** cos(lat0): metres per degree of longitude relative to latitude. */
  kx: number;
}

/** A polygon or multipolygon in the plane, rings oriented (outer counter-clockwise, holes clockwise). */
export interface PreparedPolygon {
  /** Each ring as x0,y0,x1,y1,... without the closing point. */
  rings: Float64Array[];
  /** minX, minY, maxX, maxY in the plane. */
  bbox: [number, number, number, number];
  /** Area in plane units (degrees² of latitude); > 0 for a valid polygon. */
  area: number;
  /** Every edge as ax,ay,bx,by, for the edge index. */
  edges: Float64Array;
  /** Lazily built index over the edges, used when the polygon has many edges. */
  edgeIndex?: FlatbushIndex;
}

/** Distance below which a vertex counts as touching the other boundary (≈ 10 µm in degrees). */
const TOUCH_EPS = 1e-10;
/** Offset used to classify a boundary piece by the side its interior lies on (≈ 0.1 mm). */
const SIDE_OFFSET = 1e-9;
/** Above this many edges a polygon gets a Flatbush index over its edges. */
const EDGE_INDEX_MIN = 48;

/**
 * A projection centred on a bounding box (lon/lat).
 *
 * @example
 * const p = projectionFor([118.0, 28.2, 119.2, 29.5]);
 * p.kx; // ≈ cos(28.85°) ≈ 0.876
 */
export function projectionFor(bbox: [number, number, number, number]): PlanarProjection {
  const lon0 = (bbox[0] + bbox[2]) / 2;
  const lat0 = (bbox[1] + bbox[3]) / 2;
  return { lon0, lat0, kx: Math.cos((lat0 * Math.PI) / 180) };
}

/**
 * Projects one lon/lat position.
 * @example
 * projectPoint(projectionFor([118, 28, 120, 30]), [119, 29]); // [0, 0]
 */
export function projectPoint(p: PlanarProjection, pos: Position): [number, number] {
  return [(pos[0] - p.lon0) * p.kx, pos[1] - p.lat0];
}

function ringSignedArea(r: Float64Array): number {
  let s = 0;
  const n = r.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) s += r[2 * j] * r[2 * i + 1] - r[2 * i] * r[2 * j + 1];
  return s / 2;
}

function prepareRing(p: PlanarProjection, ring: Position[], outer: boolean): Float64Array | null {
  let n = ring.length;
  if (n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) n -= 1;
  if (n < 3) return null;
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = (ring[i][0] - p.lon0) * p.kx;
    out[2 * i + 1] = ring[i][1] - p.lat0;
  }
  const a = ringSignedArea(out);
  // Green's theorem below needs the interior on the left of every edge: outer rings CCW, holes CW.
  if ((outer && a < 0) || (!outer && a > 0)) {
    const rev = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      rev[2 * i] = out[2 * (n - 1 - i)];
      rev[2 * i + 1] = out[2 * (n - 1 - i) + 1];
    }
    return rev;
  }
  return out;
}

/**
 * Projects and orients a Polygon/MultiPolygon for fast point tests and intersection areas.
 *
 * @example
 * const proj = projectionFor([0, 0, 1, 1]);
 * const sq = preparePolygon(proj, { type: 'Polygon', coordinates: [[[0,0],[1,0],[1,1],[0,1],[0,0]]] });
 * sq.area > 0; // true
 */
export function preparePolygon(p: PlanarProjection, geometry: Polygon | MultiPolygon): PreparedPolygon {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const rings: Float64Array[] = [];
  for (const poly of polys) {
    poly.forEach((ring, k) => {
      const r = prepareRing(p, ring, k === 0);
      if (r) rings.push(r);
    });
  }
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let area = 0;
  let edgeCount = 0;
  for (const r of rings) {
    for (let i = 0; i < r.length; i += 2) {
      if (r[i] < minX) minX = r[i];
      if (r[i] > maxX) maxX = r[i];
      if (r[i + 1] < minY) minY = r[i + 1];
      if (r[i + 1] > maxY) maxY = r[i + 1];
    }
    area += ringSignedArea(r);
    edgeCount += r.length / 2;
  }
  const edges = new Float64Array(4 * edgeCount);
  let e = 0;
  for (const r of rings) {
    const n = r.length / 2;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      edges[e++] = r[2 * i];
      edges[e++] = r[2 * i + 1];
      edges[e++] = r[2 * j];
      edges[e++] = r[2 * j + 1];
    }
  }
  return { rings, bbox: [minX, minY, maxX, maxY], area, edges };
}

/**
 * Whether a planar point lies inside (crossing number over all rings, so holes and multipolygon parts work).
 * Points exactly on the boundary may go either way; callers that care offset the point first.
 *
 * @example
 * const [x, y] = projectPoint(proj, [0.5, 0.5]);
 * pointInPrepared(sq, x, y); // true for the unit square prepared above
 */
export function pointInPrepared(poly: PreparedPolygon, x: number, y: number): boolean {
  const b = poly.bbox;
  if (x < b[0] || x > b[2] || y < b[1] || y > b[3]) return false;
  let inside = false;
  for (const r of poly.rings) {
    const n = r.length / 2;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const yi = r[2 * i + 1];
      const yj = r[2 * j + 1];
      if (yi > y !== yj > y) {
        const xi = r[2 * i];
        const xj = r[2 * j];
        if (x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

function edgeIndexOf(poly: PreparedPolygon): FlatbushIndex | undefined {
  const count = poly.edges.length / 4;
  if (count < EDGE_INDEX_MIN) return undefined;
  if (!poly.edgeIndex) {
    const Flatbush = loadFlatbush();
    const idx = new Flatbush(count);
    const e = poly.edges;
    for (let k = 0; k < count; k++) {
      const o = 4 * k;
      idx.add(Math.min(e[o], e[o + 2]), Math.min(e[o + 1], e[o + 3]), Math.max(e[o], e[o + 2]), Math.max(e[o + 1], e[o + 3]));
    }
    idx.finish();
    poly.edgeIndex = idx;
  }
  return poly.edgeIndex;
}

/** Distance² from (px,py) to segment (ax,ay)-(bx,by), and the segment parameter of the nearest point. */
function nearestOnSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): [number, number] {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const qx = ax + t * dx - px;
  const qy = ay + t * dy - py;
  return [qx * qx + qy * qy, t];
}

/**
 * Parameters along edge a→b where the boundary of `other` meets it (proper crossings and touching vertices,
 * collinear overlaps included through their end vertices). Returns null when the edge meets nothing.
 * Extra split points are harmless: each piece is classified on its own.
 */
function splitParams(ax: number, ay: number, bx: number, by: number, other: PreparedPolygon): number[] | null {
  const minX = Math.min(ax, bx) - TOUCH_EPS;
  const minY = Math.min(ay, by) - TOUCH_EPS;
  const maxX = Math.max(ax, bx) + TOUCH_EPS;
  const maxY = Math.max(ay, by) + TOUCH_EPS;
  const e = other.edges;
  const idx = edgeIndexOf(other);
  let out: number[] | null = null;
  const eps2 = TOUCH_EPS * TOUCH_EPS;
  const visit = (k: number): void => {
    const o = 4 * k;
    const cx = e[o];
    const cy = e[o + 1];
    const dx = e[o + 2];
    const dy = e[o + 3];
    if (!idx) {
      if (Math.max(cx, dx) < minX || Math.min(cx, dx) > maxX || Math.max(cy, dy) < minY || Math.min(cy, dy) > maxY) return;
    }
    const rx = bx - ax;
    const ry = by - ay;
    const sx = dx - cx;
    const sy = dy - cy;
    let touched = false;
    // Vertices of the other edge lying on this edge split it.
    const [dc, tc] = nearestOnSegment(cx, cy, ax, ay, bx, by);
    if (dc <= eps2) {
      (out ??= []).push(tc);
      touched = true;
    }
    const [dd, td] = nearestOnSegment(dx, dy, ax, ay, bx, by);
    if (dd <= eps2) {
      (out ??= []).push(td);
      touched = true;
    }
    // Our own end vertices lying on the other edge: no interior split, but the side may change there.
    if (nearestOnSegment(ax, ay, cx, cy, dx, dy)[0] <= eps2) {
      (out ??= []).push(0);
      touched = true;
    }
    if (nearestOnSegment(bx, by, cx, cy, dx, dy)[0] <= eps2) {
      (out ??= []).push(1);
      touched = true;
    }
    if (touched) return;
    const denom = rx * sy - ry * sx;
    if (denom === 0) return;
    const qx = cx - ax;
    const qy = cy - ay;
    const t = (qx * sy - qy * sx) / denom;
    const u = (qx * ry - qy * rx) / denom;
    if (t > 0 && t < 1 && u >= 0 && u <= 1) (out ??= []).push(t);
  };
  if (idx) for (const k of idx.search(minX, minY, maxX, maxY)) visit(k);
  else for (let k = 0; k < e.length / 4; k++) visit(k);
  return out;
}

/**
 * Sum over the boundary of `poly` of the shoelace terms of the pieces that bound `poly ∩ other`.
 * Pieces of `poly` count when the point just to their interior side lies in `other` (`strict` false), or when
 * both sides do (`strict` true). Using non-strict for one polygon and strict for the other counts a shared,
 * same-direction boundary exactly once and an opposite-direction one (neighbours) never.
 */
function boundaryTerms(poly: PreparedPolygon, other: PreparedPolygon, strict: boolean): number {
  const ob = other.bbox;
  let sum = 0;
  const classify = (x0: number, y0: number, x1: number, y1: number): boolean => {
    const dx = x1 - x0;
    const dy = y1 - y0;
    const len = Math.hypot(dx, dy);
    if (len === 0) return false;
    const mx = (x0 + x1) / 2;
    const my = (y0 + y1) / 2;
    const nx = (-dy / len) * SIDE_OFFSET;
    const ny = (dx / len) * SIDE_OFFSET;
    if (!pointInPrepared(other, mx + nx, my + ny)) return false;
    return !strict || pointInPrepared(other, mx - nx, my - ny);
  };
  for (const r of poly.rings) {
    const n = r.length / 2;
    // Inside/outside of the boundary only changes where it meets `other`, so runs of edges that meet nothing
    // share one classification (`status`); null means "recompute".
    let status: boolean | null = null;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      const ax = r[2 * i];
      const ay = r[2 * i + 1];
      const bx = r[2 * j];
      const by = r[2 * j + 1];
      if (
        Math.max(ax, bx) < ob[0] - TOUCH_EPS ||
        Math.min(ax, bx) > ob[2] + TOUCH_EPS ||
        Math.max(ay, by) < ob[1] - TOUCH_EPS ||
        Math.min(ay, by) > ob[3] + TOUCH_EPS
      ) {
        status = false;
        continue;
      }
      const ts = splitParams(ax, ay, bx, by, other);
      if (!ts) {
        status ??= classify(ax, ay, bx, by);
        if (status) sum += ax * by - bx * ay;
        continue;
      }
      ts.push(0, 1);
      ts.sort((p, q) => p - q);
      let prev = 0;
      for (const t of ts) {
        if (t - prev <= 1e-12) continue;
        const x0 = ax + prev * (bx - ax);
        const y0 = ay + prev * (by - ay);
        const x1 = ax + t * (bx - ax);
        const y1 = ay + t * (by - ay);
        if (classify(x0, y0, x1, y1)) sum += x0 * y1 - x1 * y0;
        prev = t;
      }
      status = null;
    }
  }
  return sum / 2;
}

/**
 * Area of the intersection of two prepared polygons (plane units), by Green's theorem over the pieces of both
 * boundaries that bound the intersection. Exact up to floating point; shared edges (neighbouring polygons cut from
 * the same map) are handled.
 *
 * @example
 * const proj = projectionFor([0, 0, 2, 1]);
 * const a = preparePolygon(proj, { type: 'Polygon', coordinates: [[[0,0],[1,0],[1,1],[0,1],[0,0]]] });
 * const b = preparePolygon(proj, { type: 'Polygon', coordinates: [[[0.5,0],[2,0],[2,1],[0.5,1],[0.5,0]]] });
 * intersectionArea(a, b) / a.area; // 0.5
 */
export function intersectionArea(a: PreparedPolygon, b: PreparedPolygon): number {
  const ba = a.bbox;
  const bb = b.bbox;
  if (ba[2] < bb[0] || bb[2] < ba[0] || ba[3] < bb[1] || bb[3] < ba[1]) return 0;
  const area = boundaryTerms(a, b, false) + boundaryTerms(b, a, true);
  // Rounding can leave tiny negatives or overshoot by ulps.
  return Math.min(Math.max(area, 0), Math.min(a.area, b.area));
}
