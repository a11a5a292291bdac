import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { geometryToWgs84 } from './geometry-to-wgs84';
import { crsOfGeoJson, parseCrs, type Crs } from './parse-crs';

/**
 * Converts a feature collection to WGS-84. The CRS is `crs` when given (CLI `--crs` / upload field), else the file's
 * own GeoJSON `crs` member, else WGS-84 (docs/import-formats.md). The result is a deep copy: properties and foreign
 * members are cloned, the legacy `crs` member and stale `bbox` members are dropped.
 *
 * @param fc the parsed collection (not modified)
 * @param crs the CRS to read it in, overriding the file's `crs` member
 * @example
 * featureCollectionToWgs84(amapExport, 'GCJ02');
 * featureCollectionToWgs84({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:4549' } }, features });
 */
export function featureCollectionToWgs84<G extends Geometry | null, P>(
  fc: FeatureCollection<G, P>,
  crs?: Crs | string,
): FeatureCollection<G, P> {
  const c = crs === undefined ? (crsOfGeoJson(fc) ?? 'EPSG:4326') : parseCrs(crs);
  const { features, bbox: _bbox, crs: _crs, ...members } = fc as FeatureCollection<G, P> & { crs?: unknown };
  return {
    ...structuredClone(members),
    type: 'FeatureCollection',
    features: features.map((f): Feature<G, P> => {
      const { geometry, bbox: _fb, ...rest } = f;
      return { ...structuredClone(rest), geometry: geometryToWgs84(geometry, c) };
    }),
  };
}
