import { ConsolidationModel, travelFunctionFor, travelTargetsOf, type ConsolidationResult } from '@app/consolidation';
import { formatSolveProgress, type SolveProgress } from '@app/optimizer';
import type { DatasetRecords, DemandRow } from '@app/domain';
import { buildRunWorld, enrolmentFactorsOf, noDecisions } from '@app/warnings-model';
import type { TravelCost } from '@app/routing';
import type { ScenarioOverrides } from './overrides.schema';

import { DEFAULT_TARGET_YEAR, objectiveWeights, resolvePolicy } from './policy-defaults';

export { DEFAULT_TARGET_YEAR };

/**
 * Builds and solves the consolidation MILP for a scenario's records and projected demand, with the scenario's
 * policy (threshold, cap, target year, travel limits, weights, phasing, re-zoning, solver limits) over every projected
 * year after the base year.
 */
export async function solveConsolidation(
  records: Pick<DatasetRecords, 'schools' | 'units' | 'catchments'>,
  demand: readonly DemandRow[],
  overrides: ScenarioOverrides,
  opts: {
    signal?: AbortSignal;
    onProgress?: (message: string, fraction: number, solver?: SolveProgress) => void;
    defaultTimeLimitS: number;
    travel?: TravelCost;
  },
): Promise<ConsolidationResult> {
  const p = overrides.policy ?? {};
  const { targetYear } = resolvePolicy(p);
  // The projection's first year is its base year (counted data); closures start the year after. A target year at
  // or before it plans closures from the target year itself.
  const baseYear = Math.min(
    demand.reduce((min, d) => Math.min(min, d.year), Infinity),
    targetYear - 1,
  );
  // Every school a target from the start: one road search per unit.
  const travel = travelFunctionFor(opts.travel, travelTargetsOf(records.schools));
  // The status quo the model starts from is the run's world with no decisions (catchment shares split by seats, as
  // the warnings place pupils), so its own pupils per school and its small-school count are the world's.
  // The first year gives the enrolment factors (the figures' trend base), the target year the placement.
  const firstYear = demand.reduce((min, d) => Math.min(min, d.year), Infinity);
  const status = buildRunWorld(
    {
      schools: records.schools,
      catchments: records.catchments,
      units: records.units,
      demand: demand.filter((d) => (d.year === targetYear || d.year === firstYear) && (d.stage === 'primary' || d.stage === 'junior')),
    },
    noDecisions(targetYear),
  );
  const weights = objectiveWeights(p);
  const model = ConsolidationModel.fromInputs(
    {
      schools: records.schools,
      units: records.units,
      catchments: records.catchments,
      demand: demand.filter((d) => d.year > baseYear),
      targetYear,
      baseYear,
      // One travel rule: road km and minutes on the version's road layer, else the model's straight line x detour.
      travel,
      travelSource: travel ? 'roads' : 'straight-line',
      placement: (unitCode, stage) => status.placementAt(unitCode, stage, targetYear),
      enrolmentFactor: enrolmentFactorsOf(status),
    },
    {
      maxClosuresPerCountyPerYear: p.closuresPerCountyPerYear,
      closureWindow: p.lastClosureYear === undefined ? undefined : { last: p.lastClosureYear },
      rezoning: p.rezoningMaxPupils === undefined ? null : { maxPupils: p.rezoningMaxPupils },
      crossCountyPairs: p.crossCountyPairs,
      mergePairs: p.mergePairs,
      teachingPointsExempt: p.teachingPointsExempt,
      smallSchoolThreshold: p.smallSchoolThreshold,
      maxSmallSchools: p.maxSmallSchools,
      dayTravelKm: p.dayTravelKm,
      boardingTravelKm: p.boardingTravelKm,
      detourFactor: p.detourFactor,
      // The policy's objective (cost, travel, fewest schools) as the model's weights; explicit weights win.
      ...weights,
      mustKeep: p.mustKeep,
      mustClose: p.mustClose,
      townshipWaivers: p.townshipWaivers,
    },
  );
  const phases: Record<string, number> = { 'model built': 20, solving: 40, verified: 90, explaining: 95 };
  let phase = 'model built';
  return model.solve({
    timeLimitSeconds: p.solverTimeLimitS ?? opts.defaultTimeLimitS,
    mipRelGap: p.solverGap,
    signal: opts.signal,
    onProgress: (e) => {
      phase = e.phase;
      opts.onProgress?.(e.message, phases[e.phase] ?? 50);
    },
    onSolverProgress: (solver) => opts.onProgress?.(formatSolveProgress(solver), phases[phase] ?? 50, solver),
    explainInfeasibility: true,
  });
}
