/**
 * @app/warnings-model: capacity meets projected demand. Pure functions over canonical records (no Nest, no database):
 * catchment matching, capacity figures, the plan's indicators, warning rules and the alert lifecycle diff.
 */
export * from './config';
export * from './demand-totals';
export * from './school-capacity';
export * from './catchment-matching';
export * from './districts';
export * from './figures';
export * from './difference-coefficient';
export * from './indicators';
export {
  levelZh,
  POPULATION_ZH,
  STAGE_ZH,
  worstBand,
  type AlertCandidate,
  type AlertKind,
  type AlertMessage,
  type AlertRule,
  type AlertSubjectType,
  type RuleContext,
} from './rules/alert';
export * from './rules/intake-rule';
export * from './rules/district-rule';
export * from './rules/underuse-rule';
export * from './rules/small-school-rule';
export * from './rules/class-size-rule';
export * from './evaluate-warnings';
export * from './alert-diff';
export * from './probability';
export * from './world';
export * from './evaluate-world';
export * from './enrolment-factor';
