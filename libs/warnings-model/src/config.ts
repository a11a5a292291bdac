import type { PopulationKind, ProjectedStage } from '@app/domain';
import type { IntakeSeatsRule } from './school-capacity';

/**
 * Alert level. The provincial pair is `yellow` and `red`; `notice` is for the engine's own informative rules; any
 * further configured level (for example `orange`) is a plain name.
 */
export type AlertLevel = 'notice' | 'yellow' | 'orange' | 'red' | (string & {});

/**
 * A utilisation band: the level applies from `atLeast` (demand / seats) upwards. With `minProbability` it also applies
 * when the projection's error model gives P(utilisation >= atLeast) >= minProbability, although the point value is below
 * (e.g. `{ level: 'yellow', atLeast: 1, minProbability: 0.3 }`: a 30 % chance of too few seats is worth a yellow).
 */
export interface UtilisationLevel {
  level: AlertLevel;
  atLeast: number;
  minProbability?: number;
}

/** A pupil-count band for small schools: the level applies below `below` pupils. */
export interface SmallSchoolBand {
  band: string;
  below: number;
  level: AlertLevel;
}

/** A class-size band: the level applies to a grade whose average class size is at least `atLeast`. */
export interface ClassSizeBand {
  band: string;
  atLeast: number;
  level: AlertLevel;
}

/**
 * Every threshold and lead time of the warning rules. Defaults in {@link DEFAULT_WARNING_CONFIG}, sources in
 * 浙教基〔2018〕100号 (docs/standards.md, "Early warnings"). Bands are listed from least to most severe; the most severe band reached
 * in the look-ahead window gives the alert's level.
 */
export interface WarningConfig {
  /**
   * Years each stage looks ahead: a rule sees years `evaluationYear .. evaluationYear + leadTimeYears[stage]`.
   * Hangzhou publishes primary warnings three years ahead and junior one year ahead.
   */
  leadTimeYears: Record<ProjectedStage, number>;
  /** How intake seats are derived from stage seats (see IntakeSeatsRule). */
  intakeSeatsRule: IntakeSeatsRule;
  /** Provincial intake rule per catchment (浙教基〔2018〕100号): entry-grade demand vs intake seats. */
  intake: {
    enabled: boolean;
    stages: ProjectedStage[];
    /** Both counts by default: the provincial rule counts registered children, Quzhou's plan resident ones. */
    populations: PopulationKind[];
    /** yellow 90-100%, red 100%+; add e.g. `{ level: 'orange', atLeast: 1.1 }` for a further level. */
    levels: UtilisationLevel[];
  };
  /** Underused school: demand below a share of its seats. */
  underuse: {
    enabled: boolean;
    stages: ProjectedStage[];
    populations: PopulationKind[];
    below: number;
    level: AlertLevel;
  };
  /** Small school (小规模学校): fewer pupils than a band (the action plan's 200 and 100). */
  smallSchool: {
    enabled: boolean;
    /** Schools serving any of these stages are checked (primary, junior and nine-year by default). */
    stages: ProjectedStage[];
    bands: SmallSchoolBand[];
  };
  /** Class size per grade from enrolmentByGrade / classesByGrade: 大班额 56+, 超大班额 66+. */
  classSize: {
    enabled: boolean;
    stages: ProjectedStage[];
    bands: ClassSizeBand[];
  };
  /** The watched-district rule (高铁新城): serving schools' seats vs its units' demand over the whole horizon. */
  district: {
    enabled: boolean;
    /** Evaluate only districts flagged `watched` (default true); false evaluates every district. */
    watchedOnly: boolean;
    stages: ProjectedStage[];
    populations: PopulationKind[];
    levels: UtilisationLevel[];
    /** Years looked ahead; null means every projected year (the horizon end is the last projected year). */
    horizonYears: number | null;
    /**
     * Demand set against the serving schools' seats. `serving_schools` (default): all demand matched to the serving
     * schools, from inside and outside the district: their seats are shared with the pupils of the rest of their
     * catchments, so setting all their seats against the district's own units alone would hide a shortfall (on the
     * demo region it hides the 2027 shortfall of 高铁新城 behind a 91% yellow). `district_units`: the projected demand
     * of the district's own units only, for districts whose schools serve nobody else.
     */
    demandBasis: 'district_units' | 'serving_schools';
    /**
     * A school "serves" the district when one of its catchments takes at least this share of a district unit;
     * keeps a school whose catchment merely clips a unit's corner from lending all its seats to the district.
     */
    minServingShare: number;
  };
}

/**
 * Shipped defaults (docs/standards.md, "Early warnings"):
 * - lead times: kindergarten 1, primary 3, junior 1, senior 1 years;
 * - intake: primary and junior, registered and resident, yellow at 90%, red at 100%;
 * - underuse: below 50% of seats, resident count, notice;
 * - small school: under 200 pupils (notice), under 100 (notice, listed as the more severe band);
 * - class size: 大班额 56+ (notice), 超大班额 66+ (yellow: the national target is none at all);
 * - district: watched districts, primary and junior, both counts, yellow 90% / red 100%, whole horizon, demand of
 *   the district's units, serving share 5%.
 */
export const DEFAULT_WARNING_CONFIG: Readonly<WarningConfig> = deepFreeze({
  leadTimeYears: { kindergarten: 1, primary: 3, junior: 1, senior: 1 },
  intakeSeatsRule: 'seats_per_grade',
  intake: {
    enabled: true,
    stages: ['primary', 'junior'],
    populations: ['registered', 'resident'],
    levels: [
      { level: 'yellow', atLeast: 0.9 },
      { level: 'red', atLeast: 1.0 },
    ],
  },
  underuse: { enabled: true, stages: ['primary', 'junior'], populations: ['resident'], below: 0.5, level: 'notice' },
  smallSchool: {
    enabled: true,
    stages: ['primary', 'junior'],
    bands: [
      { band: 'under200', below: 200, level: 'notice' },
      { band: 'under100', below: 100, level: 'notice' },
    ],
  },
  classSize: {
    enabled: true,
    stages: ['primary', 'junior'],
    bands: [
      { band: '大班额', atLeast: 56, level: 'notice' },
      { band: '超大班额', atLeast: 66, level: 'yellow' },
    ],
  },
  district: {
    enabled: true,
    watchedOnly: true,
    stages: ['primary', 'junior'],
    populations: ['resident', 'registered'],
    levels: [
      { level: 'yellow', atLeast: 0.9 },
      { level: 'red', atLeast: 1.0 },
    ],
    horizonYears: null,
    demandBasis: 'serving_schools',
    minServingShare: 0.05,
  },
} satisfies WarningConfig);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Overrides for a WarningConfig: each section may be partly given; arrays replace the default arrays. */
export type WarningConfigOverrides = {
  [K in keyof WarningConfig]?: WarningConfig[K] extends unknown[] | string | number | boolean
    ? WarningConfig[K]
    : Partial<WarningConfig[K]>;
};

/**
 * The default config with overrides applied (a fresh object; the defaults are never touched).
 *
 * @example
 * const cfg = resolveWarningConfig({
 *   leadTimeYears: { ...DEFAULT_WARNING_CONFIG.leadTimeYears, junior: 2 },
 *   intake: { levels: [...DEFAULT_WARNING_CONFIG.intake.levels, { level: 'orange', atLeast: 1.1 }] },
 * });
 */
export function resolveWarningConfig(overrides: WarningConfigOverrides = {}): WarningConfig {
  const base = structuredClone(DEFAULT_WARNING_CONFIG) as WarningConfig;
  return {
    leadTimeYears: { ...base.leadTimeYears, ...overrides.leadTimeYears },
    intakeSeatsRule: overrides.intakeSeatsRule ?? base.intakeSeatsRule,
    intake: { ...base.intake, ...overrides.intake },
    underuse: { ...base.underuse, ...overrides.underuse },
    smallSchool: { ...base.smallSchool, ...overrides.smallSchool },
    classSize: { ...base.classSize, ...overrides.classSize },
    district: { ...base.district, ...overrides.district },
  };
}
