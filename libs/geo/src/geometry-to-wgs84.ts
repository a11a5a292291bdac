import type { Geometry, Position } from 'geojson';
import { parseCrs, type Crs } from './parse-crs';
import { fromWgs84, toWgs84 } from './to-wgs84';

type Coords = Position | Coords[];

function mapCoords(coords: Coords, fn: (p: Position) => Position, depth: number): Coords {
  if (depth === 0) return fn(coords as Position);
  return (coords as Coords[]).map((c) => mapCoords(c, fn, depth - 1));
}

const DEPTH: Record<Exclude<Geometry['type'], 'GeometryCollection'>, number> = {
  Point: 0,
  MultiPoint: 1,
  LineString: 1,
  MultiLineString: 2,
  Polygon: 2,
  MultiPolygon: 3,
};

/**
 * Rebuilds a geometry with `fn` applied to every position. A `bbox` member is dropped because it would be stale.
 * @internal
 */
export function mapGeometry<G extends Geometry | null>(geometry: G, fn: (p: Position) => Position): G {
  if (geometry === null) return geometry;
  if (geometry.type === 'GeometryCollection') {
    return { type: 'GeometryCollection', geometries: geometry.geometries.map((g) => mapGeometry(g, fn)) } as G;
  }
  const depth = DEPTH[geometry.type];
  if (depth === undefined) throw new TypeError(`unknown geometry type ${String(geometry.type)}`);
  return { type: geometry.type, coordinates: mapCoords(geometry.coordinates, fn, depth) } as G;
}

/**
 * Converts every position of a geometry from `crs` to WGS-84; returns a new geometry (any `bbox` is dropped, as it
 * would be stale). `null` geometries (allowed in features) pass through.
 *
 * @example
 * geometryToWgs84({ type: 'Point', coordinates: [406000, 3203000] }, 'EPSG:4549');
 * // { type: 'Point', coordinates: [≈119.035874, ≈28.939983] }
 */
export function geometryToWgs84<G extends Geometry | null>(geometry: G, crs: Crs | string): G {
  const c = parseCrs(crs);
  return mapGeometry(geometry, (p) => toWgs84(p, c));
}

/**
 * Converts every position of a WGS-84 geometry into `crs`; the inverse of {@link geometryToWgs84}.
 *
 * @example
 * geometryFromWgs84({ type: 'Point', coordinates: [118.87, 28.94] }, 'GCJ02');
 */
export function geometryFromWgs84<G extends Geometry | null>(geometry: G, crs: Crs | string): G {
  const c = parseCrs(crs);
  return mapGeometry(geometry, (p) => fromWgs84(p, c));
}
