import { loadFlatbush, type Flatbush } from './flatbush';
import { pointInPrepared } from './point-in-prepared';
import type { PreparedPolygon } from './prepare-polygon';

/** Distance below which a vertex counts as touching the other boundary (≈ 10 µm in degrees). */
const TOUCH_EPS = 1e-10;
/** Offset used to classify a boundary piece by the side its interior lies on (≈ 0.1 mm). */
const SIDE_OFFSET = 1e-9;
/** Above this many edges a polygon gets a Flatbush index over its edges. */
const EDGE_INDEX_MIN = 48;

// Edge indexes are built on first use and kept beside the prepared polygon rather than on it, so that
// intersectionArea never writes to its inputs; the WeakMap lets an index go with its polygon.
const edgeIndexes = new WeakMap<PreparedPolygon, Flatbush>();

function edgeIndexOf(poly: PreparedPolygon): Flatbush | undefined {
  const count = poly.edges.length / 4;
  if (count < EDGE_INDEX_MIN) return undefined;
  let idx = edgeIndexes.get(poly);
  if (!idx) {
    const Flatbush = loadFlatbush();
    idx = new Flatbush(count);
    const e = poly.edges;
    for (let k = 0; k < count; k++) {
      const o = 4 * k;
      idx.add(Math.min(e[o], e[o + 2]), Math.min(e[o + 1], e[o + 3]), Math.max(e[o], e[o + 2]), Math.max(e[o + 1], e[o + 3]));
    }
    idx.finish();
    edgeIndexes.set(poly, idx);
  }
  return idx;
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
