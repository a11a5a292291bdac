import * as turf from '@turf/turf';
import type { GeoJSON } from 'geojson';

/**
 * Geodesic area in square kilometres (turf.area on the WGS-84 sphere); points and lines count as 0.
 *
 * @example
 * areaKm2(turf.bboxPolygon([118.8, 28.9, 118.9, 29.0])); // ≈ 108.3
 */
export function areaKm2(geojson: GeoJSON): number {
  return turf.area(geojson as Parameters<typeof turf.area>[0]) / 1e6;
}
