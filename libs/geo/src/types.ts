import type { Feature, MultiPolygon, Point, Polygon, Position } from 'geojson';

/** A WGS-84 coordinate pair `[lon, lat]` in degrees (extra elements such as height are carried along). */
export type LonLat = Position;

/** `[minLon, minLat, maxLon, maxLat]`, the 2-D GeoJSON bbox order. */
export type BBox2 = [number, number, number, number];

/** Anything that names a single point: a position, a Point geometry or a Point feature. */
export type PointLike = Position | Point | Feature<Point>;

/** An areal geometry, bare or wrapped in a feature. */
export type PolygonLike = Polygon | MultiPolygon | Feature<Polygon | MultiPolygon>;
