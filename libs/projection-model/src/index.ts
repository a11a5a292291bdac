/**
 * @packageDocumentation
 * Enrolment projection (issue 4): a pure cohort-component projection of every population unit, single year of
 * age 0-17, from the base year to base + horizon, for the resident (常住) and registered (户籍) populations, and
 * the demand per unit x stage x year that follows. No Nest, no database; inputs are never mutated. The README
 * next to this library repeats every formula with a worked example. Notation: P_u(a, t) is the count of unit u
 * at age a in year t; "assumption" marks a default with no official source (a scenario should override it).
 *
 * Base year: the latest year with resident age counts (or `baseYear`); counts after it are ignored, counts
 * up to 30 years before it are read. Output years: base .. base + horizon (horizon default 12, issue 4).
 *
 * Ageing (cohort-change ratios, survival and net migration together), per population kind and age a = 1..17:
 *   n_u(a) = sum over consecutive year pairs (t-1, t) both present of P_u(a-1, t-1); m_u(a) = same of P_u(a, t).
 *   County R_c(a) = M_c / N_c (sums over its units; 1 if N_c = 0).
 *   Township R_t = (M_t + K_t R_c) / (N_t + K_t) = w R_t,raw + (1 - w) R_c, w = N_t / (N_t + K_t).
 *   Unit R_u = (m_u + K R_t) / (n_u + K) = w R_u,raw + (1 - w) R_t, w = n_u / (n_u + K). K = K_t = 20 children
 *   (assumption). The pseudo-count form is the one computed: a unit with one year of counts has n = m = 0 and
 *   takes its township's ratio (a warning); n = 0 with m children moving in gives R_t + m / K. A county
 *   where no unit has two consecutive years is an error.
 *   Applied: CCR = clip(1 + m (R_u - 1), 0.5, 2.0) (bounds: assumption), m the migration multiplier of the
 *   unit (scenario; most specific of unit / township / county / all wins; default 1). m multiplies the net
 *   change (CCR - 1), so m = 0 means a closed population with no loss, m = 2 doubles the historical net gain or loss.
 *   P_u(a, t) = CCR_u(a) P_u(a-1, t-1) for a = 1..17 (age 17 leaves at 18).
 *
 * Births (age 0): P_u(0, t) = births allocated to u in year t (age 0 at the count date is taken as the year's
 * births: infant mortality and first-year migration are ignored, assumption).
 *   A unit uses the most specific births series covering it: its own, else its township's, else its county's.
 *   An area's births are split among the units using them by share_u = X_u / sum X, X = base-year count at ages
 *   0-2 (birthShareAges = 3, assumption); equal shares when the sum is 0. An area with its own series and units
 *   with theirs: the area series is taken to cover its other units only (a warning).
 *   Series value in year t: observed; linear between observed years; the first value before the series; after
 *   its last year L: B(t) = B(L) (1 + g)^(t - L) with g by `birthExtension` (default 'medium'):
 *   'constant' g = 0; 'low' -4 %, 'medium' -2 %, 'high' 0 % a year (assumptions); 'trend' g = exp(beta) - 1,
 *   beta the least-squares slope of ln B on year over the last 5 observed years with B > 0, clipped to
 *   [-10 %, +10 %] (assumptions), 0 with fewer than two points. Never negative. Extended years only are then
 *   multiplied by the unit's birth multiplier (scenario, default 1).
 *   Registered births: the registered series the same way where an area has one; otherwise resident births x
 *   rho_u, rho_u = (Reg_u + K rho_t) / (Res_u + K) over ages 0-2 of the base year, rho_t likewise toward rho_c =
 *   Reg_c / Res_c.
 *
 * Housing: households completed in year c (phasing, base < c <= base + horizon; earlier phases are in the
 * counts) x yield per age are added in year c to the project's unit (resident), and age from c + 1 with the
 * unit's ratios. Yield per age = stage yield / number of the stage's ages (ages 0-2 take the kindergarten
 * value). Registered gets housingRegisteredShare (default 0, assumption) of it. A project without a unit is
 * spread over its township's units by base-year resident 0-17 (a warning). Optional
 * housingBirthsPerHousehold (default 0, assumption) adds births per completed household each later year.
 * The housing part is tracked separately (linear model: total = base part + housing part); `fromHousing`.
 *
 * Enrolment: counts are read as ages on 31 August of year t (school year t/t+1; assumption when the source
 * counts are at year end). Grade k of a stage = rate x P(entryAge + k, t) with STAGE_GRADES: kindergarten 3-5
 * at kindergartenParticipation 0.9 (assumption; check the local 毛入园率), primary 6-11 and junior 12-14 at 1.0
 * (compulsory education, 义务教育法), senior 15-17 at seniorGeneralShare 0.6 (issue 4 default, assumption).
 * Values are expected counts, not rounded.
 *
 * Back-test: drop counts after last - k, project k years, compare with the held-out counts; MAPE (mean of
 * |P - A| / A over areas-years with A > 0) and WAPE per stage and age at unit, township and county level.
 */
export { DEFAULT_ASSUMPTIONS, resolveAssumptions, multiplierOf } from './assumptions';
export { projectCohorts } from './project';
export { estimateCohortRatios, type CohortRatios } from './ratios';
export { extensionRate, seriesAt } from './births';
export { yieldPerAge } from './housing';
export { PROJECTED_STAGES, stageRate } from './enrolment';
export {
  aggregateDemand,
  byTownship,
  byCounty,
  byCatchment,
  byMembership,
  toOne,
  type AggregatedDemandRow,
  type KeyOfUnit,
  type UnitKeys,
} from './aggregate';
export {
  fitUncertainty,
  demandIntervals,
  demandForms,
  rowIntervals,
  drawFigures,
  intervalOf,
  exceedance,
  scaleOf,
  calibrate,
  calibrateWithDrift,
  calibratedInterval,
  driftOf,
  shiftOf,
  type BacktestError,
  type CalibrationOptions,
  normalCdf,
  ErrorForm,
  CALIBRATION_SIZES,
  HOUSING_YIELD_SD,
  type UncertaintyModel,
  type KindErrorModel,
  type Calibration,
  type Interval,
  type DemandInterval,
  type DemandForm,
  type IntervalOptions,
  type GradeSelection,
  type WeightedKeys,
} from './uncertainty';
export {
  rollingBacktest,
  coverageDesignEffect,
  coverageTolerance,
  BACKTEST_LEVELS,
  type RollingBacktestResult,
  type RollingBacktestOptions,
  type KindBacktest,
  type HorizonStat,
  type BacktestLevel,
} from './rolling';
export { projectWithIntervals, type ProjectionWithIntervals, type IntervalProjectionOptions } from './intervals';
export { backtest, type BacktestResult, type BacktestMetrics, type LevelErrors, type ErrorStat } from './backtest';
export { validateProjectionInput, assertValidProjectionInput, ProjectionInputError } from './validate';
export { MAX_HISTORY_YEARS } from './prepare';
export type * from './types';
