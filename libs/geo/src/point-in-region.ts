import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { isFinitePosition, positionOf } from './internal';
import type { BBox2, PointLike } from './types';

/** A region: an areal geometry or feature, a collection of them (their union), or a bbox. */
export type Region = Polygon | MultiPolygon | Feature<Polygon | MultiPolygon> | FeatureCollection<Polygon | MultiPolygon> | Readonly<BBox2>;

function isBBox(region: Region): region is Readonly<BBox2> {
  return Array.isArray(region);
}

/**
 * Whether a point lies in a region; the boundary counts as inside. Non-finite points are never inside.
 *
 * @example
 * pointInRegion([118.87, 28.94], QUZHOU_BBOX); // true
 * pointInRegion([120.15, 30.27], quzhouBoundary); // false (Hangzhou)
 */
export function pointInRegion(point: PointLike, region: Region): boolean {
  const p = positionOf(point);
  if (!isFinitePosition(p)) return false;
  if (isBBox(region)) return p[0] >= region[0] && p[0] <= region[2] && p[1] >= region[1] && p[1] <= region[3];
  if (region.type === 'FeatureCollection') {
    return region.features.some((f) => f.geometry !== null && turf.booleanPointInPolygon(p, f));
  }
  if (region.type === 'Feature' && region.geometry === null) return false;
  return turf.booleanPointInPolygon(p, region);
}
