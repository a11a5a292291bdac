import { z } from 'zod';
import type { ProjectionAssumptions } from '@app/projection-model';

const multiplier = z.number().min(0).max(10);
const multipliers = z
  .object({
    all: multiplier.optional(),
    county: z.record(z.string().max(64), multiplier).optional(),
    township: z.record(z.string().max(64), multiplier).optional(),
    unit: z.record(z.string().max(64), multiplier).optional(),
  })
  .strict();
const share = z.number().min(0).max(1);
const annualRate = z.number().min(-0.5).max(0.5);

/** Longest projection a request may ask for: 30 years (the plans it serves look 10-15 years ahead). */
export const MAX_HORIZON = 30;

/**
 * Projection assumptions a request may set, each bounded (a 400 names the field otherwise). Unknown keys are refused,
 * so a typo is not silently ignored. Bounds are of plausibility, not of policy: enrolment rates 0.5-1.2 of the
 * age group, ratio clips within 0-5, multipliers 0-10, annual birth rates within ±50 %.
 * @example projectionAssumptionsSchema.parse({ horizon: 12, birthExtension: 'low' })
 */
export const projectionAssumptionsSchema = z
  .object({
    baseYear: z.number().int().min(2000).max(2100).optional(),
    horizon: z.number().int().min(1).max(MAX_HORIZON).optional(),
    credibilityK: z.number().min(0).max(1e6).optional(),
    townshipCredibilityK: z.number().min(0).max(1e6).optional(),
    ratioMin: z.number().min(0).max(5).optional(),
    ratioMax: z.number().min(0).max(5).optional(),
    migrationMultiplier: multipliers.optional(),
    birthExtension: z.enum(['constant', 'trend', 'low', 'medium', 'high']).optional(),
    trendYears: z.number().int().min(2).max(30).optional(),
    trendRateMin: annualRate.optional(),
    trendRateMax: annualRate.optional(),
    variantRates: z.object({ low: annualRate.optional(), medium: annualRate.optional(), high: annualRate.optional() }).strict().optional(),
    birthMultiplier: multipliers.optional(),
    birthShareAges: z.number().int().min(1).max(18).optional(),
    housingRegisteredShare: share.optional(),
    housingBirthsPerHousehold: z.number().min(0).max(1).optional(),
    kindergartenParticipation: share.optional(),
    primaryRate: z.number().min(0.5).max(1.2).optional(),
    juniorRate: z.number().min(0.5).max(1.2).optional(),
    seniorGeneralShare: share.optional(),
  })
  .strict()
  .refine((a) => a.ratioMin === undefined || a.ratioMax === undefined || a.ratioMin <= a.ratioMax, {
    message: 'ratioMin must not exceed ratioMax',
    path: ['ratioMin'],
  })
  .refine((a) => a.trendRateMin === undefined || a.trendRateMax === undefined || a.trendRateMin <= a.trendRateMax, {
    message: 'trendRateMin must not exceed trendRateMax',
    path: ['trendRateMin'],
  });

/** Body of POST /projections. `makeDefault` (admins only) makes this the projection everyone reads for the version. */
export const projectionRequestSchema = z
  .object({
    dataset: z.string().min(1).max(63).optional(),
    version: z.number().int().min(1).max(2_147_483_647).optional(),
    assumptions: projectionAssumptionsSchema.optional(),
    makeDefault: z.boolean().optional(),
  })
  .strict();

export type ProjectionRequestBody = z.infer<typeof projectionRequestSchema>;

// The schema must keep accepting only what the projection understands.
const _check: ProjectionAssumptions = {} as z.infer<typeof projectionAssumptionsSchema>;
void _check;
