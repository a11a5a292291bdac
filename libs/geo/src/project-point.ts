import type { Position } from 'geojson';
import type { PlanarProjection } from './projection-for';

/**
 * Projects one lon/lat position.
 * @example
 * projectPoint(projectionFor([118, 28, 120, 30]), [119, 29]); // [0, 0]
 */
export function projectPoint(p: PlanarProjection, pos: Position): [number, number] {
  return [(pos[0] - p.lon0) * p.kx, pos[1] - p.lat0];
}
