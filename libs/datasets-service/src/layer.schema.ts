import { z } from 'zod';
import {
  AREA_LEVELS,
  OWNERSHIPS,
  SCHOOL_STATUSES,
  STAGES,
  type AreaRecord,
  type CatchmentRecord,
  type DistrictRecord,
  type HousingProjectRecord,
  type PopulationUnitRecord,
  type RoadRecord,
  type SchoolRecord,
  type Wire,
} from '@app/domain';
import { featureCollectionSchema } from '@app/geo';
import { MAP_LAYERS, type MapLayer, type PagedFeatureCollection } from './layer-query.service';

/** GET /layers/:layer: a page of one layer of a dataset version. */
export const pagedFeatureCollectionSchema = featureCollectionSchema
  .extend({
    versionId: z.number().int(),
    numberMatched: z.number().int(),
    numberReturned: z.number().int(),
    offset: z.number().int(),
    limit: z.number().int(),
  })
  .meta({ id: 'PagedFeatureCollection' });

const attributes = z.record(z.string(), z.unknown()).optional();
const stage = z.enum(STAGES);

/*
 * The properties of each layer's features: the stored record without its geometry, plus the layer's name. Loose
 * objects: these are the members a client may rely on, published as components for the map page's types.
 */
export const areaPropertiesSchema = z
  .looseObject({
    layer: z.literal('areas'),
    attributes,
    code: z.string(),
    name: z.string(),
    level: z.enum(AREA_LEVELS),
    parentCode: z.string().nullable(),
    settlement: z.enum(['urban', 'rural']).nullable(),
  })
  .meta({ id: 'AreaProperties' });
export const districtPropertiesSchema = z
  .looseObject({ layer: z.literal('districts'), attributes, code: z.string(), name: z.string(), watched: z.boolean() })
  .meta({ id: 'DistrictProperties' });
export const schoolPropertiesSchema = z
  .looseObject({
    layer: z.literal('schools'),
    attributes,
    code: z.string(),
    name: z.string(),
    stages: z.array(stage),
    ownership: z.enum(OWNERSHIPS),
    lon: z.number(),
    lat: z.number(),
    countyCode: z.string().nullable(),
    townshipCode: z.string().nullable(),
    classesByGrade: z.record(z.string(), z.number()),
    enrolmentByGrade: z.record(z.string(), z.number()),
    enrolment: z.number(),
    classes: z.number(),
    approvedSeats: z.number(),
    classSizeNorm: z.number().nullable(),
    maxClasses: z.number().nullable(),
    boardingPlaces: z.number(),
    teachers: z.number(),
    indicators: z.record(z.string(), z.number()).nullable(),
    status: z.enum(SCHOOL_STATUSES),
    openYear: z.number().int().nullable(),
    closeYear: z.number().int().nullable(),
  })
  .meta({ id: 'SchoolProperties' });
export const catchmentPropertiesSchema = z
  .looseObject({
    layer: z.literal('catchments'),
    attributes,
    code: z.string(),
    stage,
    schoolCodes: z.array(z.string()),
    unitCodes: z.array(z.string()),
  })
  .meta({ id: 'CatchmentProperties' });
export const unitPropertiesSchema = z
  .looseObject({
    layer: z.literal('units'),
    attributes,
    code: z.string(),
    name: z.string(),
    townshipCode: z.string(),
    countyCode: z.string(),
    settlement: z.enum(['urban', 'rural']),
  })
  .meta({ id: 'UnitProperties' });
export const housingPropertiesSchema = z
  .looseObject({
    layer: z.literal('housing'),
    attributes,
    code: z.string(),
    name: z.string(),
    townshipCode: z.string(),
    districtCode: z.string().nullable(),
    unitCode: z.string().nullable(),
    lon: z.number(),
    lat: z.number(),
    households: z.number(),
    type: z.string(),
    phasing: z.record(z.string(), z.number()),
    yields: z.record(z.string(), z.number()),
  })
  .meta({ id: 'HousingProperties' });
export const roadPropertiesSchema = z
  .looseObject({
    layer: z.literal('roads'),
    attributes,
    code: z.string(),
    name: z.string().nullable(),
    roadClass: z.string(),
    speedKmh: z.number().nullable(),
    oneway: z.boolean(),
    ferry: z.boolean(),
  })
  .meta({ id: 'RoadProperties' });

/** Each map layer's feature properties schema (the e2e tests parse every feature of a page with its layer's). */
export const LAYER_PROPERTIES: Record<MapLayer, z.ZodType> = {
  areas: areaPropertiesSchema,
  districts: districtPropertiesSchema,
  schools: schoolPropertiesSchema,
  catchments: catchmentPropertiesSchema,
  units: unitPropertiesSchema,
  housing: housingPropertiesSchema,
  roads: roadPropertiesSchema,
};

/** A record's feature properties: the record without its geometry, with the layer's name (toFeature). */
type PropsOf<R, L extends MapLayer> = Wire<Omit<R, 'geometry'> & { layer: L }>;
/** Compiles only when A is a value of B: each stored record type must fit its published properties. */
type Fits<A extends B, B> = A;
export type LayerPropertiesFit = [
  Fits<PropsOf<AreaRecord, 'areas'>, z.output<typeof areaPropertiesSchema>>,
  Fits<PropsOf<DistrictRecord, 'districts'>, z.output<typeof districtPropertiesSchema>>,
  Fits<PropsOf<SchoolRecord, 'schools'>, z.output<typeof schoolPropertiesSchema>>,
  Fits<PropsOf<CatchmentRecord, 'catchments'>, z.output<typeof catchmentPropertiesSchema>>,
  Fits<PropsOf<PopulationUnitRecord, 'units'>, z.output<typeof unitPropertiesSchema>>,
  Fits<PropsOf<HousingProjectRecord, 'housing'>, z.output<typeof housingPropertiesSchema>>,
  Fits<PropsOf<RoadRecord, 'roads'>, z.output<typeof roadPropertiesSchema>>,
  Fits<(typeof MAP_LAYERS)[number], keyof typeof LAYER_PROPERTIES>,
  Fits<PagedFeatureCollection['versionId'], z.output<typeof pagedFeatureCollectionSchema>['versionId']>,
];

const opt = (description: string) => z.string().optional().describe(description);

/** GET /layers/:layer query (each parameter as it arrives: text; the handler checks the numbers and the bbox). */
export const layerQuerySchema = z.object({
  dataset: opt('dataset name, default quzhou'),
  version: opt('dataset version id, default the latest'),
  bbox: opt('minLon,minLat,maxLon,maxLat'),
  level: opt('areas: city, county, township, village'),
  stage: opt('schools, catchments: kindergarten, primary, junior, senior, special'),
  county: opt('6-digit county code'),
  status: opt('schools: open, closed, planned'),
  limit: opt('1-5000, default 1000'),
  offset: opt('default 0'),
});
