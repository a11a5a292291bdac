import type { Geometry } from 'geojson';
import { allPositions } from './internal';
import type { BBox2 } from './types';

/**
 * Bounding box (lon/lat) of many geometries, nulls skipped, or null when there are no positions. Unlike
 * {@link bboxOf} (one GeoJSON object, throws when it has no finite coordinates) it takes any number of geometries and
 * reads raw positions, which is what a layer's {@link projectionFor} needs.
 *
 * @example
 * boundsOf([{ type: 'Point', coordinates: [118, 29] }, null, { type: 'LineString', coordinates: [[118.5, 28.5], [119, 28.9]] }]);
 * // [118, 28.5, 119, 29]
 */
export function boundsOf(geometries: Iterable<Geometry | null>): BBox2 | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const g of geometries) {
    if (!g) continue;
    for (const p of allPositions(g)) {
      if (p[0] < minX) minX = p[0];
      if (p[0] > maxX) maxX = p[0];
      if (p[1] < minY) minY = p[1];
      if (p[1] > maxY) maxY = p[1];
    }
  }
  return minX <= maxX ? [minX, minY, maxX, maxY] : null;
}
