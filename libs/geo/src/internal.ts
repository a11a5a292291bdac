import type { Feature, Geometry, Point, Position } from 'geojson';
import type { PointLike } from './types';

/** True for a position whose first two members are finite numbers. @internal */
export function isFinitePosition(p: unknown): p is Position {
  return Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]);
}

/** Reads the position out of a position, Point or Point feature; throws on anything else. @internal */
export function positionOf(point: PointLike): Position {
  if (Array.isArray(point)) return point;
  const geometry: Geometry | null = (point as Feature).type === 'Feature' ? (point as Feature).geometry : (point as Point);
  if (geometry?.type !== 'Point') {
    throw new TypeError(`expected a position, Point or Point feature, got ${geometry === null ? 'null geometry' : geometry.type}`);
  }
  return geometry.coordinates;
}

/** Every position of a geometry, in order (rings keep their closing position). @internal */
export function allPositions(g: Geometry): Position[] {
  switch (g.type) {
    case 'Point':
      return [g.coordinates];
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates.flat();
    case 'MultiPolygon':
      return g.coordinates.flat(2);
    case 'GeometryCollection':
      return g.geometries.flatMap(allPositions);
  }
}
