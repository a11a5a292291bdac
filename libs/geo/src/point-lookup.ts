import { booleanPointInPolygon } from '@turf/turf';
import type { Position } from 'geojson';
import type { PlanarPolygonIndex } from './planar-polygon-index';
import { projectPoint } from './project-point';

/**
 * Codes of the polygons of a planar layer containing a WGS-84 lon/lat point (boundary included, so a point on a
 * shared border is in both), in the order the index returns them (not sorted: callers that take the first rely on
 * it staying so). For one deterministic polygon with a boundary flag, see {@link findContaining}.
 *
 * @example
 * pointLookup(idx, [118.87, 28.94]); // ['C-101']
 */
export function pointLookup(layer: PlanarPolygonIndex, point: Position): string[] {
  if (!layer.index) return [];
  const [x, y] = projectPoint(layer.projection, point);
  const out: string[] = [];
  for (const k of layer.index.search(x, y, x, y)) {
    if (booleanPointInPolygon(point, layer.geometries[k])) out.push(layer.codes[k]);
  }
  return out;
}
