import * as turf from '@turf/turf';
import type { Feature, GeoJsonProperties, MultiPolygon, Polygon } from 'geojson';
import { isFinitePosition, positionOf } from './internal';
import type { PolygonIndex } from './polygon-index';
import type { PointLike } from './types';

/** The polygon found by {@link findContaining}. */
export interface Containing<P extends GeoJsonProperties = GeoJsonProperties> {
  /** Index of the feature in the indexed array. */
  index: number;
  feature: Feature<Polygon | MultiPolygon, P>;
  /** True when the point is on the feature's boundary and strictly inside no feature. */
  onBoundary: boolean;
}

/**
 * Indices of every indexed polygon containing the point, boundary included, ascending. More than one means the
 * point is on a shared boundary or the polygons overlap.
 *
 * @example
 * findAllContaining(villages, [118.87, 28.94]); // [17]
 */
export function findAllContaining<P extends GeoJsonProperties>(index: PolygonIndex<P>, point: PointLike): number[] {
  const p = positionOf(point);
  if (!isFinitePosition(p)) return [];
  return index.search([p[0], p[1], p[0], p[1]]).filter((i) => turf.booleanPointInPolygon(p, index.features[i]));
}

/**
 * The polygon containing a point, decided deterministically: a polygon with the point strictly inside wins, lowest
 * index first (only overlapping polygons can tie); otherwise, for a point on boundaries only, the lowest-index
 * polygon whose boundary it is on, flagged `onBoundary`. So a school on the edge between two villages always goes
 * to the same village, whatever order the index returns candidates in.
 *
 * @returns the containing polygon, or `null` when none contains the point (or it is not finite)
 * @example
 * findContaining(villages, [118.87, 28.94]); // { index: 17, feature: {...}, onBoundary: false }
 */
export function findContaining<P extends GeoJsonProperties>(index: PolygonIndex<P>, point: PointLike): Containing<P> | null {
  const candidates = findAllContaining(index, point);
  if (candidates.length === 0) return null;
  const p = positionOf(point);
  const interior = candidates.find((i) => turf.booleanPointInPolygon(p, index.features[i], { ignoreBoundary: true }));
  const i = interior ?? candidates[0];
  return { index: i, feature: index.features[i], onBoundary: interior === undefined };
}
