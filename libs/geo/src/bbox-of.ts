import * as turf from '@turf/turf';
import type { GeoJSON } from 'geojson';
import type { BBox2 } from './types';

/**
 * The 2-D bounding box `[minLon, minLat, maxLon, maxLat]` of any GeoJSON object, computed from its coordinates (a
 * stored `bbox` member is ignored, since imported files may carry stale ones).
 *
 * @throws {RangeError} when the object has no finite coordinates
 * @example
 * bboxOf({ type: 'LineString', coordinates: [[118.5, 28.9], [118.9, 29.1]] }); // [118.5, 28.9, 118.9, 29.1]
 */
export function bboxOf(geojson: GeoJSON): BBox2 {
  const [minX, minY, maxX, maxY] = turf.bbox(geojson, { recompute: true });
  if (![minX, minY, maxX, maxY].every(Number.isFinite)) throw new RangeError('bboxOf: no finite coordinates');
  return [minX, minY, maxX, maxY];
}
