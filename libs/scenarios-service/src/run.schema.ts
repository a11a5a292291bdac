import { z } from 'zod';
import { alertCandidateSchema } from '@app/warnings-service';
import { overridesSchema } from '@app/scenarios-model';
import { COMPARE_FORMATS, GEOMETRY_TYPES, RESULT_FORMATS, RESULT_TABLES } from './run-results.service';
import { RUN_STEPS } from '@app/scenarios-model';

/*
 * The HTTP shapes of scenarios and runs (docs/api-runs.md), published as OpenAPI components. The run's big stored
 * parts (results, the world, indicators per area) are described to the depth a client reads them; deeper members
 * are free-form.
 */

/** A scenario: a base dataset version plus validated overrides. */
export const scenarioSchema = z
  .object({
    id: z.number().int(),
    dataset: z.string(),
    name: z.string(),
    baseVersionId: z.number().int().nullable().describe("null: the dataset's latest version at run time"),
    overrides: z.record(z.string(), z.unknown()),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Scenario' });

/** GET /scenarios: scenarios with their runs (id, status, time). */
export const scenarioListSchema = z
  .array(scenarioSchema.extend({ runs: z.array(z.object({ id: z.number().int(), status: z.string(), createdAt: z.string() })) }))
  .meta({ id: 'ScenarioList' });

/** GET /scenarios/defaults: the policy defaults a scenario falls back to, and the cost weights of each objective. */
const objectiveWeights = z.object({
  travelCostPerPupilKm: z.number(),
  fixedCostPerSchool: z.number(),
  expansionCostPerClass: z.number(),
  moveCostPerPupil: z.number(),
});
export const scenarioDefaultsSchema = z
  .object({
    policy: z.array(
      z.object({
        field: z.string(),
        value: z.union([z.number(), z.string()]),
        unit: z.string().nullable(),
        source: z.string(),
        sourceZh: z.string(),
      }),
    ),
    objectives: z.object({ cost: objectiveWeights, travel: objectiveWeights, fewest_schools: objectiveWeights }),
  })
  .meta({ id: 'ScenarioDefaults' });

/** POST /scenarios/:id/runs. */
export const runRequestSchema = z.object({
  consolidate: z.boolean().optional().describe('run the consolidation optimisation (default: as the scenario says)'),
});
/** POST /runs/:id/adopt. */
export const adoptRequestSchema = z.object({ runId: z.number().int().min(1), note: z.string().min(1).max(4000) });

/** The latest review of a run, as the run carries it. */
export const runReviewStateSchema = z
  .object({ decision: z.string().describe('approved or rejected'), note: z.string(), by: z.string().nullable(), at: z.string() })
  .meta({ id: 'RunReviewState' });

/** One review in a run's history. */
export const runReviewSchema = z
  .object({
    id: z.number().int(),
    runId: z.number().int(),
    decision: z.string().describe('approved or rejected'),
    note: z.string(),
    reviewedBy: z.string().nullable(),
    supersedesId: z.number().int().nullable().describe('the review this one superseded (null for the first)'),
    createdAt: z.string(),
  })
  .meta({ id: 'RunReview' });
export const runReviewsSchema = z.array(runReviewSchema).meta({ id: 'RunReviews' });

const stepState = z.object({
  name: z.enum(RUN_STEPS),
  state: z.enum(['pending', 'running', 'done', 'skipped', 'failed']),
  progress: z.number(),
  message: z.string().optional(),
  solver: z
    .object({ incumbent: z.number().nullable(), bound: z.number().nullable(), gap: z.number().nullable(), elapsedMs: z.number() })
    .optional(),
});
export const runProgressSchema = z.object({ overall: z.number(), steps: z.array(stepState) }).meta({ id: 'RunProgress' });

const gapTable = z.record(z.string(), z.record(z.string(), z.record(z.string(), z.number())));
/** A run's indicators by year, for the primary and junior stages. */
export const runKpisYearSchema = z
  .object({
    year: z.number().int(),
    primaryDemand: z.number(),
    primarySeats: z.number(),
    juniorDemand: z.number(),
    juniorSeats: z.number(),
  })
  .meta({ id: 'RunKpisYear' });

/** The run's indicators (libs/scenarios-service run-kpis.ts). */
export const runKpisSchema = z
  .object({
    targetYear: z.number().int(),
    smallSchoolsUnder200: z.number().nullable(),
    smallSchoolsUnder200World: z.number().nullable().optional(),
    smallSchoolsUnder200Model: z.number().nullable().optional(),
    smallSchoolsOnlyInWorld: z.array(z.string()).optional(),
    smallSchoolsOnlyInModel: z.array(z.string()).optional(),
    smallSchoolsUnder100: z.number().nullable(),
    maxSmallSchools: z.number(),
    pupilsMoved: z.number(),
    schoolsClosed: z.number(),
    pupilsReseated: z.number().optional(),
    meanTravelKmBefore: z.number().nullable(),
    meanTravelKmAfter: z.number().nullable(),
    maxTravelKmBefore: z.number().nullable(),
    maxTravelKmAfter: z.number().nullable(),
    meanTravelMinutesBefore: z.number().nullable().optional(),
    meanTravelMinutesAfter: z.number().nullable().optional(),
    maxTravelMinutesBefore: z.number().nullable().optional(),
    maxTravelMinutesAfter: z.number().nullable().optional(),
    travelSource: z.enum(['roads', 'straight-line']).nullable().optional(),
    redAlerts: z.number(),
    yellowAlerts: z.number(),
    consolidationStatus: z.string().nullable(),
    districtSeatGap: gapTable.describe("district code -> stage -> year -> serving schools' demand minus seats (positive = short)"),
    districtResidentsSeatGap: gapTable.optional(),
    gtxcSeatGap: z
      .record(z.string(), z.number())
      .optional()
      .describe('runs stored by the first engine only: the 高铁新城 seat gap by year'),
    world: z
      .object({ conserved: z.boolean(), noSeat: z.record(z.string(), z.number()), noSchoolInReachVillages: z.number() })
      .nullable()
      .optional(),
    indicators: z.array(z.record(z.string(), z.unknown())),
    network: z.array(z.record(z.string(), z.unknown())),
    byYear: z.array(runKpisYearSchema),
    planRobustness: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .meta({ id: 'RunKpis' });

/** A run's stored parts, step by step (each optional until the run has finished). */
export const runResultsSchema = z
  .object({
    alerts: z.array(alertCandidateSchema).optional(),
    indicators: z.array(z.record(z.string(), z.unknown())).optional(),
    network: z.array(z.record(z.string(), z.unknown())).optional(),
    world: z.record(z.string(), z.unknown()).optional(),
    consolidation: z.record(z.string(), z.unknown()).optional(),
    plan: z.record(z.string(), z.unknown()).nullable().optional(),
    robustness: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .meta({ id: 'RunResults' });

const runColumns = {
  id: z.number().int(),
  scenarioId: z.number().int(),
  versionId: z.number().int(),
  overrides: overridesSchema,
  status: z.string().describe('queued, running, completed, infeasible, failed or cancelled'),
  progress: runProgressSchema,
  error: z.object({ step: z.string(), message: z.string() }).nullable(),
  projectionRunId: z.number().int().nullable(),
  evaluationId: z.number().int().nullable(),
  kpis: runKpisSchema.nullable(),
  review: runReviewStateSchema.nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
};

/** A stored run with its results (POST /scenarios/:id/runs, POST /runs/:id/cancel). */
export const runSchema = z.object({ ...runColumns, results: runResultsSchema.nullable() }).meta({ id: 'Run' });
/** POST /runs/:id/review: the run after the review, with every review of it. */
export const reviewedRunSchema = runSchema.extend({ reviews: z.array(runReviewSchema) }).meta({ id: 'ReviewedRun' });

/** GET /runs/:id: the run without its bulky results, but with its world, why it is infeasible, and its reviews. */
export const runDetailSchema = z
  .object({
    ...runColumns,
    world: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('conservation, closures, re-seated pupils (null before the warnings step)'),
    reason: z.unknown().describe('why no plan meets the cap (infeasible runs), else null'),
    reviews: z.array(runReviewSchema),
  })
  .meta({ id: 'RunDetail' });

/** GET /runs: every run, oldest first, with its scenario's name. */
export const runSummarySchema = z
  .object({
    id: z.number().int(),
    scenarioId: z.number().int(),
    scenarioName: z.string(),
    versionId: z.number().int(),
    status: z.string(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    kpis: runKpisSchema.nullable(),
    review: runReviewStateSchema.nullable(),
  })
  .meta({ id: 'RunSummary' });
export const runListSchema = z.array(runSummarySchema).meta({ id: 'RunList' });

/** POST /runs/:id/adopt: the new dataset version made of the run's plan, and what changed. */
export const adoptOutcomeSchema = z
  .object({
    versionId: z.number().int(),
    number: z.number().int(),
    lineage: z.record(z.string(), z.unknown()),
    changes: z.object({
      closed: z.array(z.looseObject({ schoolCode: z.string(), year: z.number().int() })),
      addedClasses: z.array(z.looseObject({ schoolCode: z.string(), stage: z.string(), classes: z.number() })),
      rezoned: z.array(z.record(z.string(), z.unknown())),
      notRezoned: z.array(z.record(z.string(), z.unknown())),
    }),
  })
  .meta({ id: 'AdoptOutcome' });

const interval = z.object({ lo80: z.number(), hi80: z.number(), lo95: z.number(), hi95: z.number() });
const text = z.object({ zh: z.string(), en: z.string() });
/** A headline figure of a run: value, its 80/95 % interval where the projection's error model gives one. */
export const headlineFigureSchema = z
  .object({
    id: z.string(),
    label: text,
    definition: text,
    unit: text,
    value: z.number().nullable(),
    interval: interval.nullable(),
    decimals: z.number().int(),
  })
  .meta({ id: 'HeadlineFigure' });

const runSide = z.object({
  id: z.number().int(),
  scenarioId: z.number().int(),
  status: z.string(),
  kpis: runKpisSchema.omit({ indicators: true, byYear: true }),
});
const differing = z.object({ subject: z.string().describe('school:CODE, township:CODE, ...'), a: z.string(), b: z.string() });
/** GET /runs/compare (format=json): two runs side by side. */
export const runComparisonSchema = z
  .object({
    a: runSide,
    b: runSide,
    headline: z.object({ a: z.array(headlineFigureSchema), b: z.array(headlineFigureSchema) }),
    kpisByYear: z.array(z.object({ year: z.number().int(), a: runKpisYearSchema.nullable(), b: runKpisYearSchema.nullable() })),
    schoolsDiffering: z.array(differing),
    areasDiffering: z.array(differing),
  })
  .meta({ id: 'RunComparison' });
export type RunComparison = z.infer<typeof runComparisonSchema>;

/** GET /runs/:id/alerts. */
export const alertCandidatesSchema = z.array(alertCandidateSchema).meta({ id: 'AlertCandidates' });

/** GET /runs/compare query (as it arrives; the handler checks a and b). */
export const compareQuerySchema = z.object({
  a: z.string().describe('run id'),
  b: z.string().describe('run id'),
  format: z.enum(COMPARE_FORMATS).optional().describe('json (default), csv or xlsx'),
  lang: z.enum(['zh', 'en']).optional(),
});

/** GET /runs/:id/results query. */
export const resultsQuerySchema = z.object({
  table: z.enum(RESULT_TABLES).optional().describe('default schools'),
  format: z.enum(RESULT_FORMATS).optional().describe('default json'),
  lang: z.enum(['zh', 'en']).optional(),
  geometry: z
    .enum(GEOMETRY_TYPES)
    .optional()
    .describe('GeoJSON: the one geometry type of the file (schools/alerts point, areas polygon, plan line by default)'),
});

/** GET /runs/:id/figures query. */
export const runFigureQuerySchema = z.object({
  subjectType: z.string().optional().describe('school, catchment, township, county, city or district'),
  code: z.string().optional(),
  stage: z.string().optional(),
  year: z.string().optional().describe('a year'),
});

/** GET /scenarios query. */
export const scenarioQuerySchema = z.object({
  dataset: z.string().optional().describe('only the scenarios of this dataset (default: all)'),
});
