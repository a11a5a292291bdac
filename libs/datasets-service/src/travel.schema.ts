import { z } from 'zod';

/** GET /travel query (and the CLI's `travel` flags). */
export const travelQuerySchema = z
  .object({
    dataset: z.string().min(1).max(63).default('quzhou').describe('dataset name, default quzhou'),
    version: z.coerce.number().int().min(1).optional().describe('dataset version id, default the latest'),
    from: z.string().min(1).max(64).describe('unit (village/community) or school code'),
    to: z.string().min(1).max(64).describe('school code'),
  })
  .strict();
export type TravelQuery = z.infer<typeof travelQuerySchema>;

const place = z.object({
  code: z.string(),
  kind: z.enum(['unit', 'school']),
  name: z.string(),
  lon: z.number(),
  lat: z.number(),
  /** Metres from the place to the road it is attached to (roads source only). */
  snapM: z.number().nullable(),
  /** The snap is longer than the long-snap limit (500 m). */
  longSnap: z.boolean(),
  /** Schools: the stages taught and whether the record is open (closed and planned schools take no pupils today). */
  stages: z.array(z.string()).optional(),
  open: z.boolean().optional(),
});

/** The answer to "how long from a unit or school to a school". */
export const travelAnswerSchema = z.object({
  dataset: z.string(),
  versionId: z.number().int(),
  /** 'roads' when the version has a road layer, else 'straight-line' (great-circle km x detour at a fixed speed). */
  source: z.enum(['roads', 'straight-line']),
  /** How the figures were made, in one line. */
  method: z.string(),
  from: place,
  to: place,
  /** False when the two places are on road pieces that do not connect (minutes and km are then null). */
  reachable: z.boolean(),
  minutes: z.number().nullable(),
  km: z.number().nullable(),
  /** Great-circle km, for comparison. */
  straightKm: z.number(),
  /** Road classes along the path in travel order (empty on the straight-line source). */
  roadClasses: z.array(z.string()),
});
export type TravelAnswer = z.infer<typeof travelAnswerSchema>;

const STAGE = z.enum(['kindergarten', 'primary', 'junior', 'senior']);

/** GET /travel/nearest query: every unit's nearest open school of a stage. */
export const nearestQuerySchema = z
  .object({
    dataset: z.string().min(1).max(63).default('quzhou').describe('dataset name, default quzhou'),
    version: z.coerce.number().int().min(1).optional().describe('dataset version id, default the latest'),
    stage: STAGE.default('primary'),
    /** Units with no school of the stage within this many minutes get null (default 90). */
    maxMinutes: z.coerce
      .number()
      .min(1)
      .max(600)
      .default(90)
      .describe('units with no school within this many minutes get null (default 90)'),
  })
  .strict();
export type NearestQuery = z.infer<typeof nearestQuerySchema>;

/** GET /travel/isochrone query: minutes from every unit to one school. */
export const isochroneQuerySchema = z
  .object({
    dataset: z.string().min(1).max(63).default('quzhou').describe('dataset name, default quzhou'),
    version: z.coerce.number().int().min(1).optional().describe('dataset version id, default the latest'),
    school: z.string().min(1).max(64),
    /** Units farther than this many minutes are left out (default 60). */
    maxMinutes: z.coerce.number().min(1).max(600).default(60).describe('default 60'),
  })
  .strict();
export type IsochroneQuery = z.infer<typeof isochroneQuerySchema>;

const unitTrip = z.object({
  /** Unit (village/community) code. */
  code: z.string(),
  /** Minutes and km by the version's travel source; null beyond maxMinutes (nearest only). */
  minutes: z.number().nullable(),
  km: z.number().nullable(),
});

export const nearestAnswerSchema = z.object({
  dataset: z.string(),
  versionId: z.number().int(),
  source: z.enum(['roads', 'straight-line']),
  method: z.string(),
  stage: STAGE,
  maxMinutes: z.number(),
  /** Open schools of the stage the answer chose among. */
  schools: z.number().int(),
  /** One row per unit: its nearest school of the stage (null beyond maxMinutes). */
  units: z.array(unitTrip.extend({ school: z.string().nullable() })),
});
export type NearestAnswer = z.infer<typeof nearestAnswerSchema>;

export const isochroneAnswerSchema = z.object({
  dataset: z.string(),
  versionId: z.number().int(),
  source: z.enum(['roads', 'straight-line']),
  method: z.string(),
  school: z.string(),
  maxMinutes: z.number(),
  /** Units within maxMinutes of the school (unit to school, as pupils travel), nearest first. */
  units: z.array(unitTrip.extend({ minutes: z.number(), km: z.number() })),
});
export type IsochroneAnswer = z.infer<typeof isochroneAnswerSchema>;

// Named OpenAPI components (GET /travel, /travel/nearest, /travel/isochrone).
z.globalRegistry.add(travelAnswerSchema, { id: 'TravelAnswer' });
z.globalRegistry.add(nearestAnswerSchema, { id: 'NearestAnswer' });
z.globalRegistry.add(isochroneAnswerSchema, { id: 'IsochroneAnswer' });
