import { z } from 'zod';
import { featureCollectionSchema } from '@app/geo';

/** Both languages of an alert's message. */
const message = z.object({ zh: z.string(), en: z.string() });

/** The rule's figures behind an alert: these members where the rule has them, others as the rule wrote them. */
const details = z.looseObject({
  schools: z.array(z.string()).optional(),
  demandBasis: z.string().optional(),
  /** By year: demand, seats and utilisation (seat and underuse rules), or the pupils (small school rule). */
  series: z
    .array(
      z.looseObject({
        year: z.number().int(),
        demand: z.number().optional(),
        seats: z.number().optional(),
        utilisation: z.number().nullable().optional(),
        pupils: z.number().optional(),
      }),
    )
    .optional(),
});

/** An early warning as the rules propose it (a run's alerts, GET /runs/:id/alerts). */
export const alertCandidateSchema = z
  .object({
    rule: z.enum(['intake', 'district', 'underuse', 'small_school', 'class_size']),
    kind: z.enum(['shortage', 'underuse', 'small_school', 'class_size']),
    level: z.string().describe('red, orange, yellow or notice'),
    subjectType: z.enum(['school', 'catchment', 'township', 'county', 'district']),
    subjectCode: z.string(),
    stage: z.enum(['kindergarten', 'primary', 'junior', 'senior']),
    onsetYear: z.number().int(),
    population: z.enum(['resident', 'registered']),
    value: z.number().nullable(),
    seatGap: z.number(),
    classesShort: z.number(),
    leadTimeYears: z.number(),
    message,
    details,
    probability: z.object({ year: z.number().int(), atLeast100: z.number(), atLeast90: z.number() }).nullable().optional(),
  })
  .meta({ id: 'AlertCandidate' });
export type AlertCandidateReply = z.infer<typeof alertCandidateSchema>;

/** A stored early warning (学位预警) with its lifecycle: open, acknowledged, resolved. */
export const alertSchema = z
  .object({
    id: z.number().int(),
    dataset: z.string(),
    key: z.string(),
    rule: z.string(),
    kind: z.string(),
    level: z.string(),
    subjectType: z.string(),
    subjectCode: z.string(),
    stage: z.string(),
    population: z.string(),
    onsetYear: z.number().int(),
    value: z.number().nullable(),
    seatGap: z.number(),
    classesShort: z.number(),
    leadTimeYears: z.number(),
    pAtLeast100: z.number().nullable().describe('P(utilisation >= 100 %) in the onset year; null without an error model'),
    pAtLeast90: z.number().nullable(),
    message,
    details,
    status: z.string().describe('open, acknowledged or resolved'),
    raisedVersionId: z.number().int(),
    lastVersionId: z.number().int(),
    lastEvaluationId: z.number().int(),
    raisedAt: z.string(),
    updatedAt: z.string(),
    resolvedAt: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
    ackComment: z.string().nullable(),
  })
  .meta({ id: 'Alert' });
export type AlertReply = z.infer<typeof alertSchema>;

/** GET /alerts: one page of alerts and how many match. */
export const alertListSchema = z.object({ total: z.number().int(), alerts: z.array(alertSchema) }).meta({ id: 'AlertList' });

/** GET /alerts.geojson: alerts at their subjects (school points, catchment, area and district polygons). */
export const alertFeatureCollectionSchema = featureCollectionSchema.meta({
  id: 'AlertFeatureCollection',
  description: 'Features whose properties are an Alert (or, for a run, an AlertCandidate)',
});

/** One event of an alert's history. */
export const alertEventSchema = z
  .object({
    id: z.number().int(),
    alertId: z.number().int(),
    event: z.string().describe('raised, updated, acknowledged or resolved'),
    data: z.record(z.string(), z.unknown()),
    evaluationId: z.number().int().nullable(),
    actor: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'AlertEvent' });
export const alertHistorySchema = z.array(alertEventSchema).meta({ id: 'AlertHistory' });

/** POST /alerts/:id/ack. */
export const ackRequestSchema = z.object({ comment: z.string() });
/** POST /warnings/evaluate. */
export const evaluateRequestSchema = z.object({ dataset: z.string().optional().describe('default quzhou') });

/** A stored capacity figure: demand against seats of one subject, stage and year. */
export const capacityFigureSchema = z
  .object({
    subjectType: z.string(),
    subjectCode: z.string(),
    stage: z.string(),
    year: z.number().int(),
    seats: z.number().int(),
    intakeSeats: z.number().int(),
    demandResident: z.number(),
    demandRegistered: z.number(),
    utilisationResident: z.number().nullable(),
    utilisationRegistered: z.number().nullable(),
    seatGap: z.number(),
    classesShort: z.number(),
  })
  .meta({ id: 'CapacityFigure' });
export type CapacityFigure = z.infer<typeof capacityFigureSchema>;
export const capacityFiguresSchema = z.array(capacityFigureSchema).meta({ id: 'CapacityFigures' });

/**
 * GET /kpis: the plan's indicators of the dataset's latest evaluation (only `dataset`, `evaluation: null` and no
 * indicators before the first).
 */
export const kpisSchema = z
  .union([
    z.object({ dataset: z.string(), evaluation: z.null(), indicators: z.array(z.unknown()).length(0) }),
    z.object({
      dataset: z.string(),
      evaluationId: z.number().int(),
      versionId: z.number().int(),
      evaluationYear: z.number().int(),
      createdAt: z.string(),
      changes: z.record(z.string(), z.number()),
      indicators: z.unknown(),
      unmatchedDemand: z.unknown(),
    }),
  ])
  .meta({ id: 'Kpis' });

const opt = (description: string) => z.string().optional().describe(description);

/** GET /alerts and /alerts.geojson query (each parameter as it arrives: text; the handler checks the numbers). */
export const alertQuerySchema = z.object({
  dataset: opt('dataset name, default quzhou'),
  level: opt('red, orange, yellow or notice'),
  kind: opt('shortage, underuse, small_school or class_size'),
  stage: opt('kindergarten, primary, junior or senior'),
  county: opt('6-digit county code'),
  district: opt('planning district code'),
  school: opt("every alert concerning the school: its own, its catchments' and its districts'"),
  year: opt('alerts with onset in or before this year'),
  status: opt('active (default: open or acknowledged), open, acknowledged, resolved or all'),
  population: opt('resident or registered'),
  limit: opt('1-5000, default 500'),
  offset: opt('default 0'),
});

/** GET /figures query. */
export const figureQuerySchema = z.object({
  dataset: opt('dataset name, default quzhou'),
  subjectType: opt('school, catchment, township, county, city or district'),
  code: opt("the subject's code"),
  stage: opt('kindergarten, primary, junior or senior'),
  year: opt('a year'),
});

/** GET /kpis query. */
export const kpisQuerySchema = z.object({ dataset: opt('dataset name, default quzhou') });
