import { z } from 'zod';
import { enqueuedJobSchema } from '@app/jobs';
import { AGGREGATION_LEVELS } from './projection.service';

/** POST /projections (202): the queued projection job, and whose projection it is (null: the version's default). */
export const enqueuedProjectionSchema = enqueuedJobSchema
  .extend({ scenarioRef: z.string().nullable().describe("request:<name> for a requester's own projection, null for the default one") })
  .meta({ id: 'EnqueuedProjection' });

const interval = z.object({ lo80: z.number(), hi80: z.number(), lo95: z.number(), hi95: z.number() });

/** One projected figure: pupils of a stage in a year at one level's code; `value` is the chosen population's. */
export const demandFigureSchema = z
  .object({
    level: z.enum(AGGREGATION_LEVELS),
    code: z.string(),
    stage: z.string(),
    year: z.number().int(),
    resident: z.number(),
    registered: z.number(),
    fromHousing: z.number(),
    value: z.number(),
    interval: interval
      .nullable()
      .optional()
      .describe("intervals=true: the chosen population's 80 % / 95 % bounds (null when the run has no error model)"),
  })
  .meta({ id: 'DemandFigure' });

/** GET /projections. */
export const projectionFiguresSchema = z
  .object({
    runId: z.number().int(),
    versionId: z.number().int(),
    population: z.enum(['resident', 'registered']),
    figures: z.array(demandFigureSchema),
  })
  .meta({ id: 'ProjectionFigures' });

const opt = (description: string) => z.string().optional().describe(description);

/** GET /projections query (each parameter as it arrives: text; the handler checks each). */
export const projectionQuerySchema = z.object({
  level: opt('unit, township, county (default), city, catchment or district'),
  code: opt("the level's code"),
  stage: opt('kindergarten, primary, junior or senior'),
  year: opt('a year'),
  population: opt('resident (default) or registered'),
  dataset: opt('dataset name, default quzhou'),
  version: opt('dataset version id, default the latest'),
  intervals: opt('true: each figure with its 80 % / 95 % interval (lo80, hi80, lo95, hi95) of the chosen population'),
  run: opt("a projection run id (e.g. your own request); default: the version's default projection"),
});
