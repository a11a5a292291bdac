/**
 * @app/geo: pure geometry for the planning engine. Everything inside is WGS-84 `[lon, lat]`; inputs are never modified.
 */
export * from './types';
export * from './constants';
export { SUPPORTED_CRS, CrsError, parseCrs, crsOfGeoJson, isProjectedCrs, type Crs, type ProjectedCrs } from './parse-crs';
export { wgs84ToGcj02, gcj02ToWgs84, isOutsideChina } from './gcj02';
export { gcj02ToBd09, bd09ToGcj02 } from './bd09';
export { GAUSS_KRUGER, gaussKrugerToLonLat, lonLatToGaussKruger } from './gauss-kruger';
export { toWgs84, fromWgs84 } from './to-wgs84';
export { geometryToWgs84, geometryFromWgs84 } from './geometry-to-wgs84';
export { featureCollectionToWgs84 } from './feature-collection-to-wgs84';
export * from './detect-coordinate-problem';
export * from './validate-polygon';
export * from './feature-polygon-problems';
export * from './polygon-index';
export * from './find-containing';
export * from './area-weighted-overlay';
export * from './point-in-region';
export * from './bbox-of';
export * from './area-km2';
export * from './centroid-of';
export * from './haversine-km';
export * from './k-nearest';
export { loadFlatbush, type Flatbush, type FlatbushConstructor } from './flatbush';
// The fast planar overlay (local equirectangular plane, ratios of areas) that catchment matching runs on.
export * from './projection-for';
export * from './project-point';
export * from './prepare-polygon';
export * from './point-in-prepared';
export * from './intersection-area';
export * from './planar-polygon-index';
export * from './point-lookup';
export * from './overlay-shares';
export * from './representative-point';
export * from './bounds-of';
export * from './geojson.schema';
