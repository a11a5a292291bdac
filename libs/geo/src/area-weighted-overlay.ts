import * as turf from '@turf/turf';
import type { Feature, GeoJsonProperties, MultiPolygon, Polygon } from 'geojson';
import { areaKm2 } from './area-km2';
import { bboxOf } from './bbox-of';
import type { PolygonIndex } from './polygon-index';
import type { PolygonLike } from './types';

/** One zone's part of a unit. */
export interface ZoneShare<P extends GeoJsonProperties = GeoJsonProperties> {
  /** Index of the zone in the indexed array. */
  index: number;
  feature: Feature<Polygon | MultiPolygon, P>;
  /** Area of unit ∩ zone. */
  areaKm2: number;
  /** `areaKm2` / the unit's area. */
  share: number;
}

/** Result of {@link areaWeightedOverlay}. */
export interface Overlay<P extends GeoJsonProperties = GeoJsonProperties> {
  unitAreaKm2: number;
  /** Zones that overlap the unit with positive area, by ascending index. */
  zones: ZoneShare<P>[];
  /** Share of the unit covered by at least one zone (0..1). */
  coveredShare: number;
  /** 1 - coveredShare: the part no zone claims (gaps in the zone layer, or the unit sticking out of it). */
  uncoveredShare: number;
  /** Sum of zone shares minus coveredShare: area counted twice because zones overlap (0 for a clean partition). */
  overlapShare: number;
}

function asFeature(g: PolygonLike): Feature<Polygon | MultiPolygon> {
  return g.type === 'Feature' ? g : turf.feature(g);
}

/**
 * Splits a unit polygon (a village, a housing project) among the zones of an index (catchments, districts) by area:
 * each zone's share is area(unit ∩ zone) / area(unit), using turf.intersect and geodesic areas. For a clean zone
 * partition the shares sum to `coveredShare`; overlapping zones are not double counted in `coveredShare` (the union
 * of the pieces is measured) and the excess is reported as `overlapShare`.
 *
 * @throws {RangeError} when the unit has zero area
 * @example
 * const o = areaWeightedOverlay(village, buildPolygonIndex(catchments));
 * // { unitAreaKm2: 4.2, zones: [{ index: 0, share: 0.7, ... }, { index: 3, share: 0.25, ... }],
 * //   coveredShare: 0.95, uncoveredShare: 0.05, overlapShare: 0 }
 */
export function areaWeightedOverlay<P extends GeoJsonProperties>(unit: PolygonLike, zones: PolygonIndex<P>): Overlay<P> {
  const u = asFeature(unit);
  const unitAreaKm2 = areaKm2(u);
  if (!(unitAreaKm2 > 0)) throw new RangeError('areaWeightedOverlay: the unit polygon has zero area');
  const pieces: Feature<Polygon | MultiPolygon>[] = [];
  const shares: ZoneShare<P>[] = [];
  for (const index of zones.search(bboxOf(u))) {
    const feature = zones.features[index];
    const piece = turf.intersect(turf.featureCollection([u, feature]));
    if (!piece) continue;
    const a = areaKm2(piece);
    // Polygons that only touch along an edge can intersect in a zero-area sliver; that is not a share.
    if (!(a > 0)) continue;
    pieces.push(piece);
    shares.push({ index, feature, areaKm2: a, share: a / unitAreaKm2 });
  }
  const summed = shares.reduce((s, z) => s + z.share, 0);
  let covered = summed;
  if (pieces.length > 1) {
    const union = turf.union(turf.featureCollection(pieces));
    covered = union ? areaKm2(union) / unitAreaKm2 : 0;
  }
  covered = Math.min(1, Math.max(0, covered));
  return {
    unitAreaKm2,
    zones: shares,
    coveredShare: covered,
    uncoveredShare: 1 - covered,
    overlapShare: Math.max(0, summed - covered),
  };
}
