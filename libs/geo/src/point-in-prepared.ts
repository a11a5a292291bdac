import type { PreparedPolygon } from './prepare-polygon';

/**
 * Whether a planar point lies inside (crossing number over all rings, so holes and multipolygon parts work).
 * Points exactly on the boundary may go either way; callers that care offset the point first.
 *
 * @example
 * const proj = projectionFor([0, 0, 1, 1]);
 * const sq = preparePolygon(proj, { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] });
 * const [x, y] = projectPoint(proj, [0.5, 0.5]);
 * pointInPrepared(sq, x, y); // true
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
