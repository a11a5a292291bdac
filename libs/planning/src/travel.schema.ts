import { z } from 'zod';

/** GET /travel query (and the CLI's `travel` flags). */
export const travelQuerySchema = z
  .object({
    dataset: z.string().min(1).max(63).default('quzhou'),
    version: z.coerce.number().int().min(1).optional(),
    from: z.string().min(1).max(64),
    to: z.string().min(1).max(64),
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
