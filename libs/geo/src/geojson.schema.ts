import { z } from 'zod';

/**
 * A GeoJSON geometry (RFC 7946) as the API sends it: its type plus its coordinates (or, for a collection, its
 * geometries). Members are not spelled out further: the geometry types of `geojson` describe them.
 */
export const geometrySchema = z
  .looseObject({
    type: z.enum(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']),
    coordinates: z.array(z.unknown()).optional(),
    geometries: z.array(z.unknown()).optional(),
  })
  .meta({ id: 'Geometry' });

/** A GeoJSON Feature with free-form properties (each route's own properties are named in its description). */
export const featureSchema = z
  .object({
    type: z.literal('Feature'),
    id: z.union([z.string(), z.number()]).optional(),
    geometry: geometrySchema.nullable(),
    properties: z.record(z.string(), z.unknown()).nullable(),
    bbox: z.array(z.number()).optional(),
  })
  .meta({ id: 'Feature' });

/** A GeoJSON FeatureCollection. */
export const featureCollectionSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(featureSchema),
    bbox: z.array(z.number()).optional(),
  })
  .meta({ id: 'FeatureCollection' });
