import type { MultiPolygon, Polygon } from 'geojson';
import { intersectionArea } from './intersection-area';
import type { PlanarPolygonIndex } from './planar-polygon-index';
import { preparePolygon } from './prepare-polygon';

/** How much of a unit lies in one polygon of the layer. */
export interface OverlayShare {
  code: string;
  share: number;
}

/**
 * Area shares of a polygon unit in each polygon of the layer it overlaps (share = intersection area / unit area).
 * Shares may sum to less than 1 (part of the unit outside the layer) or more (overlapping polygons); the caller
 * decides what to do with either. Null when the unit has no area (a degenerate polygon). Areas are planar (see
 * {@link PlanarProjection}); {@link areaWeightedOverlay} is the geodesic reference (turf.intersect, about 0.8 ms a pair).
 *
 * @example
 * overlayShares(idx, villagePolygon); // [{ code: 'C-101', share: 0.7 }, { code: 'C-102', share: 0.3 }]
 */
export function overlayShares(layer: PlanarPolygonIndex, geometry: Polygon | MultiPolygon): OverlayShare[] | null {
  const unit = preparePolygon(layer.projection, geometry);
  if (!(unit.area > 0)) return null;
  if (!layer.index) return [];
  const out: OverlayShare[] = [];
  for (const k of layer.index.search(unit.bbox[0], unit.bbox[1], unit.bbox[2], unit.bbox[3])) {
    const a = intersectionArea(unit, layer.prepared[k]);
    if (a > 0) out.push({ code: layer.codes[k], share: a / unit.area });
  }
  return out;
}
