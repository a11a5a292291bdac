import type { MultiPolygon, Polygon } from 'geojson';
import { loadFlatbush, type Flatbush } from './flatbush';
import { preparePolygon, type PreparedPolygon } from './prepare-polygon';
import type { PlanarProjection } from './projection-for';

/**
 * A coded polygon layer (catchments of one stage, districts, ...) prepared in a local plane, with a flatbush index
 * over the planar bounding boxes: the layer {@link pointLookup} and {@link overlayShares} read.
 *
 * Not the same thing as {@link PolygonIndex}: that one indexes GeoJSON features in lon/lat for
 * {@link findContaining} (which picks one polygon and says whether the point is on a boundary) and the geodesic
 * {@link areaWeightedOverlay}; this one keys polygons by code and keeps them prepared for the fast planar overlay.
 */
export interface PlanarPolygonIndex {
  codes: string[];
  geometries: (Polygon | MultiPolygon)[];
  prepared: PreparedPolygon[];
  index: Flatbush | null;
  projection: PlanarProjection;
}

/**
 * Builds the planar index for a layer of WGS-84 polygons. Entries without geometry are skipped by the caller. The
 * geometries are kept as given (not copied or modified).
 *
 * @example
 * const proj = projectionFor(boundsOf(catchments.map((c) => c.geometry))!);
 * const idx = buildPlanarPolygonIndex(proj, catchments.map((c) => ({ code: c.code, geometry: c.geometry! })));
 * pointLookup(idx, [118.87, 28.94]); // ['C-101']
 */
export function buildPlanarPolygonIndex(
  projection: PlanarProjection,
  entries: readonly { code: string; geometry: Polygon | MultiPolygon }[],
): PlanarPolygonIndex {
  const prepared = entries.map((e) => preparePolygon(projection, e.geometry));
  let index: Flatbush | null = null;
  if (entries.length > 0) {
    const Flatbush = loadFlatbush();
    index = new Flatbush(entries.length);
    for (const p of prepared) index.add(p.bbox[0], p.bbox[1], p.bbox[2], p.bbox[3]);
    index.finish();
  }
  return { codes: entries.map((e) => e.code), geometries: entries.map((e) => e.geometry), prepared, index, projection };
}
