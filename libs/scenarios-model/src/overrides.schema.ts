import { z } from 'zod';

const code = z.string().min(1).max(64);
const year = z.number().int().min(2000).max(2100);
const multipliers = z
  .object({
    all: z.number().min(0).max(10).optional(),
    county: z.record(z.string(), z.number().min(0).max(10)).optional(),
    township: z.record(z.string(), z.number().min(0).max(10)).optional(),
    unit: z.record(z.string(), z.number().min(0).max(10)).optional(),
  })
  .strict();

const phasing = z.record(z.string().regex(/^\d{4}$/, 'a year such as 2027'), z.number().int().min(0).max(100_000));
/** Pupils per household of one stage: survey yields are 0.05-0.5. */
const pupilYield = z.number().min(0).max(5);
/** A cost per unit (yuan): bounded so a typo cannot overflow the objective. */
const cost = z.number().min(0).max(1e9);

/**
 * What a scenario may change on its base version. Unknown keys are refused (`strict`) so a typo is a 400, not a
 * silently ignored override.
 */
export const overridesSchema = z
  .object({
    births: z
      .object({
        variant: z.enum(['constant', 'trend', 'low', 'medium', 'high']).optional(),
        multipliers: multipliers.optional(),
      })
      .strict()
      .optional(),
    migration: z.object({ multipliers }).strict().optional(),
    housing: z
      .object({
        add: z
          .array(
            z
              .object({
                code,
                name: z.string().min(1).max(200),
                townshipCode: code,
                districtCode: code.nullable().optional(),
                unitCode: code,
                lon: z.number().min(-180).max(180),
                lat: z.number().min(-90).max(90),
                households: z.number().int().min(1).max(100_000),
                type: z.enum(['commodity', 'resettlement', 'rental', 'talent']).default('commodity'),
                phasing,
                yields: z.object({ kindergarten: pupilYield, primary: pupilYield, junior: pupilYield, senior: pupilYield }).strict(),
              })
              .strict(),
          )
          .optional(),
        remove: z.array(code).optional(),
        rephase: z.array(z.object({ code, phasing }).strict()).optional(),
        /** Scales every project's households (and phasing) in a district: "high housing growth". */
        scaleDistrict: z.array(z.object({ districtCode: code, factor: z.number().min(0).max(10) }).strict()).optional(),
        /** Scales one project's households (and phasing), e.g. 0.5 for a project expected to sell half. */
        scale: z.array(z.object({ code, factor: z.number().min(0).max(10) }).strict()).optional(),
      })
      .strict()
      .optional(),
    schools: z
      .object({
        close: z.array(z.object({ code, year }).strict()).optional(),
        open: z
          .array(
            z
              .object({
                code,
                name: z.string().min(1).max(200),
                stages: z.array(z.enum(['kindergarten', 'primary', 'junior', 'senior', 'special'])).min(1),
                lon: z.number().min(-180).max(180),
                lat: z.number().min(-90).max(90),
                townshipCode: code,
                classes: z.number().int().min(1).max(200),
                classSizeNorm: z.number().int().min(10).max(60).optional(),
                openYear: year,
                boardingPlaces: z.number().int().min(0).default(0),
                /** Joins these catchments (by code) as an extra school; omitted: no catchment change. */
                joinCatchments: z.array(code).default([]),
              })
              .strict(),
          )
          .optional(),
        expand: z.array(z.object({ code, classes: z.number().int().min(1).max(100) }).strict()).optional(),
        catchments: z
          .array(z.object({ code, schoolCodes: z.array(code).min(1).optional(), unitCodes: z.array(code).optional() }).strict())
          .optional(),
      })
      .strict()
      .optional(),
    policy: z
      .object({
        smallSchoolThreshold: z.number().int().min(10).max(2000).optional(),
        maxSmallSchools: z.number().int().min(0).max(10000).optional(),
        targetYear: year.optional(),
        dayTravelKm: z.number().min(0.5).max(100).optional(),
        boardingTravelKm: z.number().min(0.5).max(200).optional(),
        detourFactor: z.number().min(1).max(3).optional(),
        classSizeNorms: z
          .object({ primary: z.number().int().min(10).max(60).optional(), junior: z.number().int().min(10).max(60).optional() })
          .strict()
          .optional(),
        warningYellowAt: z.number().min(0.5).max(1.5).optional(),
        warningRedAt: z.number().min(0.5).max(2).optional(),
        travelCostPerPupilKm: cost.optional(),
        fixedCostPerSchool: cost.optional(),
        expansionCostPerClass: cost.optional(),
        moveCostPerPupil: cost.optional(),
        /** Schools the consolidation must keep open / must close; townships exempt from keeping a primary school. */
        mustKeep: z.array(code).optional(),
        mustClose: z.array(code).optional(),
        townshipWaivers: z.array(code).optional(),
        /** Consolidation phasing and rules: K closures per county and year, last closure year, bounded re-zoning. */
        closuresPerCountyPerYear: z.number().int().min(0).max(100).optional(),
        lastClosureYear: year.optional(),
        rezoningMaxPupils: z.number().min(0).optional(),
        crossCountyPairs: z.array(z.tuple([code, code])).optional(),
        mergePairs: z.array(z.tuple([code, code])).optional(),
        teachingPointsExempt: z.boolean().optional(),
        solverTimeLimitS: z.number().int().min(1).max(3600).optional(),
        solverGap: z.number().min(0).max(0.2).optional(),
        /**
         * What the consolidation optimiser minimises: 'cost' (every cost at its default weight), 'travel' (pupils'
         * road km only: closes no more than the cap needs), 'fewest_schools' (a site's fixed cost dominates: closes
         * every school the rules let close). Explicit cost weights above override the objective's weights.
         */
        objective: z.enum(['cost', 'travel', 'fewest_schools']).optional(),
      })
      .strict()
      .optional(),
    /** Run the consolidation optimisation as part of the run. */
    consolidate: z.boolean().optional(),
  })
  .strict();

export type ScenarioOverrides = z.infer<typeof overridesSchema>;

/**
 * The body of `POST /scenarios`, as published in OpenAPI and sent by the map page's scenario builder. The base is a
 * dataset version (`baseVersionId`, default the dataset's latest, which is where an adopted plan lands).
 */
export const createScenarioSchema = z
  .object({
    name: z.string().min(1).max(200),
    dataset: z.string().min(1).max(64).optional(),
    baseVersionId: z.number().int().min(1).nullable().optional(),
    overrides: overridesSchema.optional(),
  })
  .strict();

export type CreateScenarioRequest = z.infer<typeof createScenarioSchema>;
