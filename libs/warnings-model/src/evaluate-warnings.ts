import type { UncertaintyModel } from '@app/projection-model';
import { intakeSpreads, stageSpreads, type IntakeSpread, type StageSpread } from './probability';
import { matchCatchments, type CatchmentMatch, type MatchingOptions } from './catchment-matching';
import { resolveWarningConfig, type WarningConfig, type WarningConfigOverrides } from './config';
import { computeFigures, type FigureSet, type FiguresInput } from './figures';
import type { AlertCandidate, AlertSubjectType, RuleContext } from './rules/alert';
import { classSizeRule } from './rules/class-size-rule';
import { districtRule } from './rules/district-rule';
import { intakeRule } from './rules/intake-rule';
import { smallSchoolRule } from './rules/small-school-rule';
import { underuseRule } from './rules/underuse-rule';

export interface EvaluateOptions {
  /** A full config, or overrides of DEFAULT_WARNING_CONFIG. */
  config?: WarningConfig | WarningConfigOverrides;
  /** "Now": the first year the rules look at. Default: the first projected year. */
  evaluationYear?: number;
  /** City code for the city aggregate (default 330800). */
  cityCode?: string;
  /** Passed to matching (stages, years, coverage tolerance, projection). */
  matching?: Omit<MatchingOptions, 'intakeSeatsRule'>;
  /** The projection's error model: seat warnings then carry probabilities (and may fire on them). */
  uncertainty?: UncertaintyModel | null;
}

export interface WarningEvaluation {
  config: WarningConfig;
  evaluationYear: number;
  match: CatchmentMatch;
  figures: FigureSet;
  candidates: AlertCandidate[];
}

function isFullConfig(c: WarningConfig | WarningConfigOverrides): c is WarningConfig {
  return !!(c.leadTimeYears && c.intake && c.underuse && c.smallSchool && c.classSize && c.district && c.intakeSeatsRule);
}

/**
 * Runs every rule over computed figures.
 *
 * @example
 * const candidates = runRules(input, figures, resolveWarningConfig(), 2025);
 */
export function runRules(
  input: FiguresInput,
  figures: FigureSet,
  config: WarningConfig,
  evaluationYear: number,
  intakeSpread?: IntakeSpread,
  stageSpread?: StageSpread,
): AlertCandidate[] {
  const schoolNames = new Map(input.schools.map((s) => [s.code, s.name]));
  const districtNames = new Map((input.districts ?? []).map((d) => [d.code, d.name]));
  const ctx: RuleContext = {
    evaluationYear,
    config,
    intakeSpread,
    stageSpread,
    nameOf: (type: AlertSubjectType, code: string) =>
      (type === 'school' ? schoolNames.get(code) : type === 'district' ? districtNames.get(code) : undefined) ?? code,
  };
  return [
    ...intakeRule(figures, ctx),
    ...districtRule(figures, ctx),
    ...underuseRule(figures, ctx),
    ...smallSchoolRule(input.schools, figures, ctx),
    ...classSizeRule(input.schools, ctx),
  ];
}

/**
 * Matching, figures and every warning rule in one pure call: the input of {@link diffAlerts}.
 *
 * @example
 * const { candidates, figures } = evaluateWarnings(
 *   { schools, catchments, units, demand, districts, housing },
 *   { evaluationYear: 2025, config: { leadTimeYears: { kindergarten: 1, primary: 3, junior: 2, senior: 1 } } },
 * );
 */
export function evaluateWarnings(input: FiguresInput, options: EvaluateOptions = {}): WarningEvaluation {
  const config = options.config
    ? isFullConfig(options.config)
      ? options.config
      : resolveWarningConfig(options.config)
    : resolveWarningConfig();
  const match = matchCatchments(input, { ...options.matching, intakeSeatsRule: config.intakeSeatsRule });
  const figures = computeFigures(input, match, {
    cityCode: options.cityCode,
    intakeSeatsRule: config.intakeSeatsRule,
    minServingShare: config.district.minServingShare,
  });
  const evaluationYear = options.evaluationYear ?? match.years[0] ?? new Date().getFullYear();
  const spread = options.uncertainty ? intakeSpreads(input.demand, match.shares, options.uncertainty) : undefined;
  const stage = options.uncertainty ? stageSpreads(input.demand, match.shares, input.catchments, options.uncertainty) : undefined;
  return { config, evaluationYear, match, figures, candidates: runRules(input, figures, config, evaluationYear, spread, stage) };
}
