import { resolveWarningConfig, type WarningConfig, type WarningConfigOverrides } from './config';
import type { EvaluateOptions, WarningEvaluation } from './evaluate-warnings';
import { runRules } from './evaluate-warnings';
import { intakeSpreads, stageSpreads } from './probability';
import { computeFigures, type FiguresInput } from './figures';
import { computeIndicators, type AreaIndicators } from './indicators';
import { buildRunWorld, type PlanDecisions, type RunWorld, type WorldOptions } from './world';

function isFullConfig(c: WarningConfig | WarningConfigOverrides): c is WarningConfig {
  return !!(c.leadTimeYears && c.intake && c.underuse && c.smallSchool && c.classSize && c.district && c.intakeSeatsRule);
}

/** Everything a run shows, computed on its world. */
export interface WorldEvaluation extends WarningEvaluation {
  world: RunWorld;
  indicators: AreaIndicators[];
}

/**
 * Evaluates a world: figures for every school, catchment, area and district and year (seats and pupils as the world
 * has them), every warning rule, and the plan's indicators (small schools, 差异系数, ...). The automatic warnings (no
 * decisions) and a scenario run (its overrides and plan) both come here.
 *
 * @example
 * const w = buildRunWorld(input, decisions);
 * evaluateWorld(input, w, { evaluationYear: 2025 }).candidates.filter((c) => c.level === 'red').length;
 */
export function evaluateWorld(input: FiguresInput, world: RunWorld, options: Omit<EvaluateOptions, 'matching'> = {}): WorldEvaluation {
  const config = options.config
    ? isFullConfig(options.config)
      ? options.config
      : resolveWarningConfig(options.config)
    : resolveWarningConfig();
  const worldInput: FiguresInput = { ...input, schools: world.schools };
  const figures = computeFigures(worldInput, world.match, {
    cityCode: options.cityCode,
    intakeSeatsRule: config.intakeSeatsRule,
    minServingShare: config.district.minServingShare,
    world,
  });
  const evaluationYear = options.evaluationYear ?? world.years[0] ?? new Date().getFullYear();
  // Probabilities follow the world's own catchment shares, so a closure's pupils carry their spread to the new school.
  const spread = options.uncertainty ? intakeSpreads(input.demand, world.match.shares, options.uncertainty) : undefined;
  const stage = options.uncertainty
    ? stageSpreads(input.demand, world.match.shares, worldInput.catchments, options.uncertainty)
    : undefined;
  const candidates = runRules(worldInput, figures, config, evaluationYear, spread, stage);
  const indicators = computeIndicators({ schools: world.schools, figures }, { cityCode: options.cityCode });
  return { config, evaluationYear, match: world.match, figures, candidates, world, indicators };
}

/**
 * Records + decisions -> world -> evaluation, in one pure call.
 * @example evaluateDecisions(input, noDecisions(2027), { evaluationYear: 2024 }).world.conservation
 */
export function evaluateDecisions(
  input: FiguresInput,
  decisions: PlanDecisions,
  options: Omit<EvaluateOptions, 'matching'> & { world?: WorldOptions } = {},
): WorldEvaluation {
  const config = options.config
    ? isFullConfig(options.config)
      ? options.config
      : resolveWarningConfig(options.config)
    : resolveWarningConfig();
  const world = buildRunWorld(input, decisions, { intakeSeatsRule: config.intakeSeatsRule, ...(options.world ?? {}) });
  return evaluateWorld(input, world, { ...options, config });
}
