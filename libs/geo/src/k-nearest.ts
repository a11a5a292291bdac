import type { Feature, Point, Position } from 'geojson';
import { KM_PER_DEGREE } from './constants';
import { loadFlatbush, type Flatbush } from './flatbush';
import { haversineKm } from './haversine-km';
import { isFinitePosition, positionOf } from './internal';
import type { PointLike } from './types';

/** A static point index built by {@link buildPointIndex}. */
export interface PointIndex<T> {
  readonly items: readonly T[];
  /** Each item's position, `null` for items left out (no finite position). */
  readonly positions: ReadonlyArray<Position | null>;
  /** @internal */
  readonly tree: Flatbush | null;
  /** @internal tree slot -> item index */
  readonly ids: readonly number[];
  /** @internal [minLon, minLat, maxLon, maxLat] of the indexed positions */
  readonly extent: readonly [number, number, number, number];
}

/** One result of {@link kNearest}. */
export interface Neighbour<T> {
  /** Index of the item in the indexed array. */
  index: number;
  item: T;
  distanceKm: number;
}

function defaultPosition(item: unknown): Position | null {
  try {
    return positionOf(item as PointLike);
  } catch {
    return null;
  }
}

/**
 * Builds a reusable flatbush index over points for repeated {@link kNearest} queries. Items are positions, Point
 * geometries or Point features unless `getPosition` says otherwise; items without a finite position are left out.
 *
 * @example
 * const schools = buildPointIndex(schoolRecords, (s) => [s.lon, s.lat]);
 * kNearest(schools, [118.87, 28.94], 3, 5);
 */
export function buildPointIndex<T>(items: readonly T[], getPosition: (item: T) => Position | null = defaultPosition): PointIndex<T> {
  const positions = items.map((item) => {
    const p = getPosition(item);
    return isFinitePosition(p) ? p : null;
  });
  const ids: number[] = [];
  positions.forEach((p, i) => {
    if (p) ids.push(i);
  });
  const extent: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  let tree: Flatbush | null = null;
  if (ids.length > 0) {
    const Flatbush = loadFlatbush();
    tree = new Flatbush(ids.length);
    for (const i of ids) {
      const [x, y] = positions[i]!;
      tree.add(x, y, x, y);
      extent[0] = Math.min(extent[0], x);
      extent[1] = Math.min(extent[1], y);
      extent[2] = Math.max(extent[2], x);
      extent[3] = Math.max(extent[3], y);
    }
    tree.finish();
  }
  return { items, positions, tree, ids, extent };
}

function isPointIndex<T>(x: PointIndex<T> | readonly T[]): x is PointIndex<T> {
  return !Array.isArray(x);
}

// flatbush ranks by planar distance in degrees. Within a band of latitude |φ| <= φmax, a great circle is at least
// R·cos(φmax)·(planar degree distance) long; the +1° allows for the great circle bulging poleward (under 0.5° for a
// longitude span up to 20°). Beyond that span or near the poles the bound is not worth it: scan everything.
const MAX_LON_SPAN = 20;
const MAX_ABS_LAT = 80;

/**
 * The `k` points nearest to `query` by great-circle distance, at most `maxKm` away, nearest first (ties by index).
 * Candidates come from flatbush's `neighbors` in degree space and are re-ranked by haversine; the candidate set is
 * widened until no unseen point could still be closer, so the result is exact, not approximate.
 *
 * @param points a {@link PointIndex} (reuse it for many queries) or an array of positions / Point features
 * @param query the point to search from
 * @param k how many to return at most
 * @param maxKm the search radius in kilometres (default: unlimited)
 * @example
 * kNearest(schools, [118.87, 28.94], 2, 3);
 * // [{ index: 12, item: {...}, distanceKm: 0.84 }, { index: 4, item: {...}, distanceKm: 2.1 }]
 */
export function kNearest<T = Position | Feature<Point>>(
  points: PointIndex<T> | readonly T[],
  query: PointLike,
  k: number,
  maxKm = Infinity,
): Neighbour<T>[] {
  const index = isPointIndex(points) ? points : buildPointIndex(points);
  const q = positionOf(query);
  if (!(k >= 1) || !(maxKm >= 0) || !isFinitePosition(q) || !index.tree) return [];
  const want = Math.floor(k);
  const ranked = (candidates: Iterable<number>): Neighbour<T>[] => {
    const out: Neighbour<T>[] = [];
    for (const i of candidates) {
      const distanceKm = haversineKm(q, index.positions[i]!);
      if (distanceKm <= maxKm) out.push({ index: i, item: index.items[i], distanceKm });
    }
    return out.sort((a, b) => a.distanceKm - b.distanceKm || a.index - b.index).slice(0, want);
  };

  const [minX, minY, maxX, maxY] = index.extent;
  const lonSpan = Math.max(maxX, q[0]) - Math.min(minX, q[0]);
  const latMax = Math.max(Math.abs(minY), Math.abs(maxY), Math.abs(q[1]));
  if (lonSpan > MAX_LON_SPAN || latMax > MAX_ABS_LAT) return ranked(index.ids);

  const kmPerPlanarDegree = KM_PER_DEGREE * Math.cos(((latMax + 1) * Math.PI) / 180);
  // The slack (1e-9 degree / 1e-9 km, sub-millimetre) keeps rounding in the two distance formulas from dropping a point
  // that the haversine filter, which has the last word, would keep.
  const maxDegrees = maxKm / kmPerPlanarDegree + 1e-9;
  const planar = (i: number) => Math.hypot(index.positions[i]![0] - q[0], index.positions[i]![1] - q[1]);
  for (let ask = want; ; ask *= 2) {
    const found = index.tree.neighbors(q[0], q[1], ask, maxDegrees).map((slot) => index.ids[slot]);
    const best = ranked(found);
    // Everything not yet returned is at least this far in the plane, hence at least lowerKm on the sphere.
    const lowerKm = found.length ? planar(found[found.length - 1]) * kmPerPlanarDegree - 1e-9 : 0;
    if (found.length < ask || (best.length === want && lowerKm > best[want - 1].distanceKm)) return best;
  }
}
