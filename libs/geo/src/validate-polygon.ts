import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** Kinds of defect {@link validatePolygon} reports. */
export type PolygonProblemKind =
  | 'not_polygon'
  | 'empty'
  | 'malformed'
  | 'non_finite'
  | 'too_few_positions'
  | 'unclosed_ring'
  | 'self_intersection'
  | 'hole_outside_shell'
  | 'hole_touches_shell'
  | 'holes_overlap'
  | 'parts_overlap';

/** One defect, located as precisely as possible. */
export interface PolygonProblem {
  kind: PolygonProblemKind;
  /** Member index in a MultiPolygon (0 for a Polygon); -1 when the problem concerns the whole geometry. */
  polygon: number;
  /** Ring index within the polygon (0 = shell, 1.. = holes); -1 when the problem concerns the whole polygon. */
  ring: number;
  /** Position index in the ring; for intersections, the start of the first offending segment. */
  position?: number;
  /** Where it is, when that is a point (an intersection, a stray vertex). */
  at?: Position;
  message: string;
}

type Ring = Position[];

function isNumberPair(p: unknown): p is Position {
  return Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number';
}

function samePoint(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

function orient(a: Position, b: Position, c: Position): number {
  return Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
}

// A proper crossing: each segment strictly separates the other's ends. Touching at a vertex is allowed between rings.
function crosses(p1: Position, p2: Position, q1: Position, q2: Position): boolean {
  const o1 = orient(p1, p2, q1);
  const o2 = orient(p1, p2, q2);
  const o3 = orient(q1, q2, p1);
  const o4 = orient(q1, q2, p2);
  return o1 * o2 < 0 && o3 * o4 < 0;
}

function crossingPoint(p1: Position, p2: Position, q1: Position, q2: Position): Position {
  const d = (p2[0] - p1[0]) * (q2[1] - q1[1]) - (p2[1] - p1[1]) * (q2[0] - q1[0]);
  const t = ((q1[0] - p1[0]) * (q2[1] - q1[1]) - (q1[1] - p1[1]) * (q2[0] - q1[0])) / d;
  return [p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1])];
}

function firstCrossing(a: Ring, b: Ring): { position: number; at: Position } | null {
  for (let i = 0; i + 1 < a.length; i++) {
    const [p1, p2] = [a[i], a[i + 1]];
    for (let j = 0; j + 1 < b.length; j++) {
      if (crosses(p1, p2, b[j], b[j + 1])) return { position: i, at: crossingPoint(p1, p2, b[j], b[j + 1]) };
    }
  }
  return null;
}

function distanceToSegment(p: Position, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

function segmentAt(ring: Ring, p: Position): number {
  let best = 0;
  let bestD = Infinity;
  for (let i = 0; i + 1 < ring.length; i++) {
    const d = distanceToSegment(p, ring[i], ring[i + 1]);
    if (d < bestD) [best, bestD] = [i, d];
  }
  return best;
}

/** Where segments a and b meet, with turf.kinks' rule (both parameters in [0, 1], parallel segments never). */
function segmentsMeet(a1: Position, a2: Position, b1: Position, b2: Position): Position | null {
  const den = (b2[1] - b1[1]) * (a2[0] - a1[0]) - (b2[0] - b1[0]) * (a2[1] - a1[1]);
  if (den === 0) return null;
  const dy = a1[1] - b1[1];
  const dx = a1[0] - b1[0];
  const ta = ((b2[0] - b1[0]) * dy - (b2[1] - b1[1]) * dx) / den;
  const tb = ((a2[0] - a1[0]) * dy - (a2[1] - a1[1]) * dx) / den;
  if (ta < 0 || ta > 1 || tb < 0 || tb > 1) return null;
  return [a1[0] + ta * (a2[0] - a1[0]), a1[1] + ta * (a2[1] - a1[1])];
}

/** Past this many crossings in one ring the ring is plainly broken: stop looking (a hostile ring can have ~n² of them). */
const MAX_KINKS_PER_RING = 100;

/**
 * The points where non-adjacent segments of a closed ring meet, as turf.kinks finds them, but through a uniform grid
 * (each segment filed under the cells it crosses, column by column; only segments sharing a cell are compared, each
 * pair once) instead of all pairs: a 130,000-vertex county boundary is checked in well under a second
 * where all pairs took over a minute. A sweep over x alone is not enough: the segments of one long north-south edge
 * all overlap in x. Iterative throughout.
 */
function ringKinks(ring: Ring): { a: number; b: number; at: Position }[] {
  const n = ring.length - 1;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of ring) {
    if (p[0] < x0) x0 = p[0];
    if (p[0] > x1) x1 = p[0];
    if (p[1] < y0) y0 = p[1];
    if (p[1] > y1) y1 = p[1];
  }
  // Cells twice the mean segment extent: segments crowd along the outline, so cells sized by the bounding box would
  // hold dozens each; sized by the segments, the cells crossed add up to about n whatever the shape.
  let extent = 0;
  for (let i = 0; i < n; i++) extent += Math.max(Math.abs(ring[i + 1][0] - ring[i][0]), Math.abs(ring[i + 1][1] - ring[i][1]));
  const size = Math.max((2 * extent) / n, (Math.max(x1 - x0, y1 - y0) || 1) / (4 * n));
  const [cols, rows] = [Math.floor((x1 - x0) / size) + 1, Math.floor((y1 - y0) / size) + 1];
  const [cw, ch] = [size, size];
  const col = (x: number) => Math.min(cols - 1, Math.max(0, Math.floor((x - x0) / cw)));
  const row = (y: number) => Math.min(rows - 1, Math.max(0, Math.floor((y - y0) / ch)));
  const cells = new Map<number, number[]>();
  const file = (c: number, i: number) => {
    const list = cells.get(c);
    if (list) list.push(i);
    else cells.set(c, [i]);
  };
  for (let i = 0; i < n; i++) {
    const [p, q] = ring[i][0] <= ring[i + 1][0] ? [ring[i], ring[i + 1]] : [ring[i + 1], ring[i]];
    const [c0, c1] = [col(p[0]), col(q[0])];
    for (let c = c0; c <= c1; c++) {
      // The segment's y-range within this column (the whole segment when it is vertical or in one column).
      const xa = Math.max(p[0], x0 + c * cw);
      const xb = Math.min(q[0], x0 + (c + 1) * cw);
      const t = (x: number) => (q[0] === p[0] ? 0 : (x - p[0]) / (q[0] - p[0]));
      const ya = c0 === c1 ? p[1] : p[1] + t(xa) * (q[1] - p[1]);
      const yb = c0 === c1 ? q[1] : p[1] + t(xb) * (q[1] - p[1]);
      for (let r = row(Math.min(ya, yb)); r <= row(Math.max(ya, yb)); r++) file(r * cols + c, i);
    }
  }
  const tested = new Set<number>();
  const out: { a: number; b: number; at: Position }[] = [];
  for (const list of cells.values()) {
    for (let u = 0; u < list.length && out.length <= MAX_KINKS_PER_RING; u++) {
      for (let v = u + 1; v < list.length; v++) {
        const [a, b] = list[u] < list[v] ? [list[u], list[v]] : [list[v], list[u]];
        // Neighbours share a vertex, and so do the last and first segments of the closed ring: not a kink.
        if (b - a === 1 || (a === 0 && b === n - 1)) continue;
        const key = a * n + b;
        if (tested.has(key)) continue;
        tested.add(key);
        const at = segmentsMeet(ring[a], ring[a + 1], ring[b], ring[b + 1]);
        if (at) out.push({ a, b, at });
      }
    }
  }
  // turf.kinks' order (by first, then second segment), so the first report of a repeated point is the same.
  return out.sort((x, y) => x.a - y.a || x.b - y.b);
}

function selfIntersections(ring: Ring, polygon: number, r: number): PolygonProblem[] {
  // Repeated consecutive vertices are legal but would make the neighbouring segments read as touching.
  const clean = ring.filter((p, i) => i === 0 || !samePoint(p, ring[i - 1]));
  if (clean.length < 4) return [];
  const seen = new Set<string>();
  const out: PolygonProblem[] = [];
  for (const { at } of ringKinks(clean)) {
    const key = `${at[0]},${at[1]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const position = segmentAt(ring, at);
    out.push({ kind: 'self_intersection', polygon, ring: r, position, at, message: `ring ${r} intersects itself at (${at[0]}, ${at[1]})` });
  }
  return out.sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
}

function strictlyOutside(p: Position, ring: Ring): boolean {
  return !turf.booleanPointInPolygon(p, turf.polygon([ring]));
}

// Two rings overlap when their interiors share area: identical rings, one inside the other, or crossing. Touching
// along an edge or at a vertex shares none. A sliver below 1e-9 of the smaller ring is coordinate noise, not overlap.
function areasOverlap(a: Ring[], b: Ring[]): boolean {
  const [pa, pb] = [turf.polygon(a), turf.polygon(b)];
  const [ba, bb] = [turf.bbox(pa), turf.bbox(pb)];
  if (ba[0] >= bb[2] || bb[0] >= ba[2] || ba[1] >= bb[3] || bb[1] >= ba[3]) return false;
  let common;
  try {
    common = turf.intersect(turf.featureCollection([pa, pb]));
  } catch {
    // The clipper gives up on some degenerate inputs; a shared vertex strictly inside is then the evidence.
    return (
      a[0].some((p) => turf.booleanPointInPolygon(p, pb, { ignoreBoundary: true })) ||
      b[0].some((p) => turf.booleanPointInPolygon(p, pa, { ignoreBoundary: true }))
    );
  }
  if (!common) return false;
  return turf.area(common) > 1e-9 * Math.min(turf.area(pa), turf.area(pb));
}

// A segment of one ring lying on a segment of the other for a positive length (not just meeting at a point).
function sharedEdge(a: Ring, b: Ring): { position: number; at: Position } | null {
  for (let i = 0; i + 1 < a.length; i++) {
    const [p1, p2] = [a[i], a[i + 1]];
    const len = Math.hypot(p2[0] - p1[0], p2[1] - p1[1]);
    if (len === 0) continue;
    for (let j = 0; j + 1 < b.length; j++) {
      const [q1, q2] = [b[j], b[j + 1]];
      if (orient(p1, p2, q1) !== 0 || orient(p1, p2, q2) !== 0) continue;
      // Collinear: project onto p1->p2 and intersect the parameter intervals.
      const t = (q: Position) => ((q[0] - p1[0]) * (p2[0] - p1[0]) + (q[1] - p1[1]) * (p2[1] - p1[1])) / (len * len);
      const [lo, hi] = [Math.max(0, Math.min(t(q1), t(q2))), Math.min(1, Math.max(t(q1), t(q2)))];
      if (hi - lo > 1e-12) return { position: i, at: [p1[0] + lo * (p2[0] - p1[0]), p1[1] + lo * (p2[1] - p1[1])] };
    }
  }
  return null;
}

function validateRings(rings: unknown, polygon: number): PolygonProblem[] {
  if (!Array.isArray(rings)) return [{ kind: 'malformed', polygon, ring: -1, message: `polygon ${polygon} is not an array of rings` }];
  if (rings.length === 0) return [{ kind: 'empty', polygon, ring: -1, message: `polygon ${polygon} has no rings` }];
  const problems: PolygonProblem[] = [];
  const sound: boolean[] = [];
  rings.forEach((ring: unknown, r) => {
    const before = problems.length;
    if (!Array.isArray(ring)) {
      problems.push({ kind: 'malformed', polygon, ring: r, message: `ring ${r} is not an array of positions` });
      sound.push(false);
      return;
    }
    ring.forEach((p: unknown, i) => {
      if (!isNumberPair(p)) {
        const kind = Array.isArray(p) && p.length >= 2 ? 'non_finite' : 'malformed';
        problems.push({ kind, polygon, ring: r, position: i, message: `ring ${r} position ${i} is ${JSON.stringify(p) ?? String(p)}` });
      } else if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
        problems.push({ kind: 'non_finite', polygon, ring: r, position: i, message: `ring ${r} position ${i} is (${p[0]}, ${p[1]})` });
      }
    });
    if (problems.length > before) {
      sound.push(false);
      return;
    }
    const positions = ring as Ring;
    if (positions.length < 4) {
      problems.push({
        kind: 'too_few_positions',
        polygon,
        ring: r,
        message: `ring ${r} has ${positions.length} positions; a ring needs at least 4 (3 corners and the closing repeat)`,
      });
    }
    if (positions.length > 0 && !samePoint(positions[0], positions[positions.length - 1])) {
      problems.push({
        kind: 'unclosed_ring',
        polygon,
        ring: r,
        position: positions.length - 1,
        at: positions[positions.length - 1],
        message: `ring ${r} is not closed: last position differs from the first`,
      });
    }
    if (problems.length === before) problems.push(...selfIntersections(positions, polygon, r));
    sound.push(problems.length === before);
  });

  const shell = rings[0] as Ring;
  const holes = rings.map((ring, r) => ({ ring: ring as Ring, r })).filter(({ r }) => r > 0 && sound[r]);
  if (sound[0]) {
    for (const { ring, r } of holes) {
      const out = ring.findIndex((p) => strictlyOutside(p, shell));
      if (out >= 0) {
        const message = `hole ${r} has a vertex outside the shell`;
        problems.push({ kind: 'hole_outside_shell', polygon, ring: r, position: out, at: ring[out], message });
        continue;
      }
      // All vertices inside is not enough for a concave shell: an edge can still leave it and come back.
      const cross = firstCrossing(ring, shell);
      if (cross) {
        problems.push({ kind: 'hole_outside_shell', polygon, ring: r, ...cross, message: `hole ${r} crosses the shell` });
        continue;
      }
      const edge = sharedEdge(ring, shell);
      if (edge)
        problems.push({ kind: 'hole_touches_shell', polygon, ring: r, ...edge, message: `hole ${r} touches the shell along an edge` });
    }
  }
  for (let a = 0; a < holes.length; a++) {
    for (let b = a + 1; b < holes.length; b++) {
      const [ha, hb] = [holes[a], holes[b]];
      const cross = firstCrossing(hb.ring, ha.ring);
      if (cross || areasOverlap([ha.ring], [hb.ring])) {
        problems.push({
          kind: 'holes_overlap',
          polygon,
          ring: hb.r,
          position: cross?.position,
          at: cross?.at,
          message: `holes ${ha.r} and ${hb.r} overlap`,
        });
      }
    }
  }
  return problems;
}

/**
 * Validates a Polygon or MultiPolygon (bare or in a Feature) as imported, without repairing anything: unclosed rings
 * are reported, not closed, because a missing closing vertex often means a truncated file. Reports malformed or
 * non-finite positions, rings with fewer than 4 positions, unclosed rings, self-intersections (as turf.kinks finds them, by a sweep, after
 * ignoring repeated consecutive vertices), holes not inside their shell, and holes that overlap each other.
 * holes touching their shell along an edge, and MultiPolygon parts that overlap (each would count area twice or
 * leave a hole that is not one). Parts are checked only when every part is valid on its own.
 *
 * @param geometry anything parsed from a file; never modified
 * @returns the problems, empty when the geometry is valid
 * @example
 * validatePolygon({ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] });
 * // [{ kind: 'self_intersection', polygon: 0, ring: 0, position: 0, at: [0.5, 0.5], message: ... }]
 */
export function validatePolygon(geometry: unknown): PolygonProblem[] {
  const g = (geometry as { type?: unknown } | null)?.type === 'Feature' ? (geometry as { geometry: unknown }).geometry : geometry;
  const type = (g as { type?: unknown } | null)?.type;
  const coordinates = (g as { coordinates?: unknown } | null)?.coordinates;
  if (type === 'Polygon') return validateRings(coordinates, 0);
  if (type === 'MultiPolygon') {
    if (!Array.isArray(coordinates))
      return [{ kind: 'malformed', polygon: -1, ring: -1, message: 'MultiPolygon coordinates are not an array' }];
    if (coordinates.length === 0) return [{ kind: 'empty', polygon: -1, ring: -1, message: 'MultiPolygon has no polygons' }];
    const problems = coordinates.flatMap((rings: unknown, i) => validateRings(rings, i));
    if (problems.length > 0) return problems;
    // Parts that overlap count their common area twice (areas, densities, overlays): refused, like overlapping holes.
    const parts = coordinates as Ring[][];
    for (let a = 0; a < parts.length; a++) {
      for (let b = a + 1; b < parts.length; b++) {
        if (areasOverlap([parts[a][0]], [parts[b][0]]) && areasOverlap(parts[a], parts[b])) {
          problems.push({ kind: 'parts_overlap', polygon: b, ring: -1, message: `parts ${a} and ${b} of the MultiPolygon overlap` });
        }
      }
    }
    return problems;
  }
  const what = g === null || g === undefined ? String(g) : typeof type === 'string' ? type : typeof g;
  return [{ kind: 'not_polygon', polygon: -1, ring: -1, message: `expected a Polygon or MultiPolygon, got ${what}` }];
}

/** Defects {@link repairPolygon} can fix without guessing: they only change how area is counted, not where it is. */
export const REPAIRABLE_KINDS: readonly PolygonProblemKind[] = ['holes_overlap', 'hole_touches_shell', 'parts_overlap'];

/**
 * Repairs a Polygon or MultiPolygon whose only defects are {@link REPAIRABLE_KINDS}: overlapping or duplicate holes are
 * merged, a hole touching its shell along an edge becomes a notch in the shell, overlapping parts are unioned. Returns
 * null when other defects remain (self-intersections, unclosed rings: those need the source fixed). The input is not
 * modified.
 * @example
 * repairPolygon({ type: 'Polygon', coordinates: [sq(0, 0, 10, 10), sq(2, 2, 4, 4), sq(2, 2, 4, 4)] })
 * // { geometry: { type: 'Polygon', coordinates: [shell, one hole] }, changes: ['holes 1 and 2 overlap: merged'] }
 */
export function repairPolygon(geometry: Polygon | MultiPolygon): { geometry: Polygon | MultiPolygon; changes: string[] } | null {
  const problems = validatePolygon(geometry);
  if (problems.length === 0) return { geometry, changes: [] };
  if (problems.some((p) => !REPAIRABLE_KINDS.includes(p.kind))) return null;
  const parts: Ring[][] = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const cleaned = parts.map((rings) => {
    const shell = turf.polygon([rings[0]]);
    if (rings.length === 1) return shell;
    return turf.difference(turf.featureCollection([shell, ...rings.slice(1).map((h) => turf.polygon([h]))]));
  });
  const kept = cleaned.filter((p): p is NonNullable<typeof p> => p !== null);
  if (kept.length === 0) return null;
  const merged = kept.length === 1 ? kept[0] : turf.union(turf.featureCollection(kept));
  if (!merged) return null;
  const out = merged.geometry;
  if (validatePolygon(out).length > 0) return null;
  const verb: Record<string, string> = {
    holes_overlap: 'merged',
    hole_touches_shell: 'hole made a notch in the shell',
    parts_overlap: 'parts merged',
  };
  // Parts are checked only once their holes are sound: look again at the parts as the holes were fixed.
  const seen = new Set(problems.map((p) => p.message));
  if (geometry.type === 'MultiPolygon' && kept.length > 1) {
    const coords = kept.flatMap((f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates));
    for (const p of validatePolygon({ type: 'MultiPolygon', coordinates: coords }))
      if (p.kind === 'parts_overlap' && !seen.has(p.message)) problems.push(p);
  }
  const prefix = (p: PolygonProblem) => (geometry.type === 'MultiPolygon' && p.kind !== 'parts_overlap' ? `part ${p.polygon}: ` : '');
  return { geometry: out, changes: problems.map((p) => `${prefix(p)}${p.message}: ${verb[p.kind]}`) };
}
