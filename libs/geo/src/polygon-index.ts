import type { Feature, GeoJsonProperties, MultiPolygon, Polygon } from 'geojson';
import { bboxOf } from './bbox-of';
import { loadFlatbush } from './flatbush';
import type { BBox2 } from './types';

/**
 * A static lon/lat bbox index over polygon features, built by {@link buildPolygonIndex}, for {@link findContaining}
 * and the geodesic {@link areaWeightedOverlay}. The fast planar overlay of coded layers uses
 * {@link PlanarPolygonIndex} instead (see the README for why there are two).
 */
export interface PolygonIndex<P extends GeoJsonProperties = GeoJsonProperties> {
  /** The features as given (not copied: the index is only valid while they are left unchanged). */
  readonly features: ReadonlyArray<Feature<Polygon | MultiPolygon, P>>;
  /** Each feature's bbox, `null` for features left out of the index (see `skipped`). */
  readonly bboxes: ReadonlyArray<BBox2 | null>;
  /** Indices of features without a Polygon/MultiPolygon geometry or without finite coordinates. */
  readonly skipped: readonly number[];
  /** Indices of the features whose bbox intersects or touches `bbox`, ascending. */
  search(bbox: Readonly<BBox2>): number[];
}

/**
 * Builds a flatbush index over the bboxes of polygon features, for {@link findContaining} and
 * {@link areaWeightedOverlay}. Features with a null or non-areal geometry, or no finite coordinates, are skipped (listed
 * in `skipped`) rather than failing the whole layer.
 *
 * @example
 * const villages = buildPolygonIndex(villageFeatures);
 * villages.search([118.8, 28.9, 118.9, 29.0]); // [3, 17, 42]
 */
export function buildPolygonIndex<P extends GeoJsonProperties = GeoJsonProperties>(
  features: ReadonlyArray<Feature<Polygon | MultiPolygon, P>>,
): PolygonIndex<P> {
  const bboxes: (BBox2 | null)[] = features.map((f) => {
    const type = f.geometry?.type;
    if (type !== 'Polygon' && type !== 'MultiPolygon') return null;
    try {
      return bboxOf(f.geometry);
    } catch {
      return null;
    }
  });
  const ids: number[] = [];
  bboxes.forEach((b, i) => {
    if (b) ids.push(i);
  });
  const skipped = bboxes.flatMap((b, i) => (b ? [] : [i]));
  let search: (bbox: Readonly<BBox2>) => number[] = () => [];
  // flatbush refuses an empty index; an empty layer is legitimate, so it just finds nothing.
  if (ids.length > 0) {
    const Flatbush = loadFlatbush();
    const tree = new Flatbush(ids.length);
    for (const i of ids) {
      const [minX, minY, maxX, maxY] = bboxes[i]!;
      tree.add(minX, minY, maxX, maxY);
    }
    tree.finish();
    search = ([minX, minY, maxX, maxY]) =>
      tree
        .search(minX, minY, maxX, maxY)
        .map((k) => ids[k])
        .sort((a, b) => a - b);
  }
  return { features, bboxes, skipped, search };
}
