import type {
  BirthRecord,
  DemandRow,
  HousingProjectRecord,
  PopulationCountRecord,
  PopulationKind,
  PopulationUnitRecord,
  ProjectedStage,
} from '@app/domain';

/** The fields of a population unit the projection uses (a full `PopulationUnitRecord` fits). */
export type ProjectionUnit = Pick<PopulationUnitRecord, 'code' | 'townshipCode' | 'countyCode'>;

/** The fields of a housing project the projection uses (a full `HousingProjectRecord` fits). */
export type ProjectionHousing = Pick<HousingProjectRecord, 'code' | 'townshipCode' | 'unitCode' | 'households' | 'phasing' | 'yields'>;

/**
 * Everything the projection reads. These are the canonical records of one dataset version; none is mutated.
 * - `units`: every population unit to project (codes unique).
 * - `population`: age counts 0..17 per unit, year and population kind; the base year is the latest resident year.
 * - `births`: births per area (unit, township or county code) and year.
 * - `housing`: new housing projects (optional: no housing pipeline when omitted).
 */
export interface ProjectionInput {
  units: readonly ProjectionUnit[];
  population: readonly PopulationCountRecord[];
  births: readonly BirthRecord[];
  housing?: readonly ProjectionHousing[];
}

/**
 * A scenario multiplier by area. The most specific level that names the unit wins (unit, then township, then
 * county, then `all`); a unit no level names gets 1.
 */
export interface AreaMultipliers {
  all?: number;
  county?: Readonly<Record<string, number>>;
  township?: Readonly<Record<string, number>>;
  unit?: Readonly<Record<string, number>>;
}

/** How births are extended beyond the last observed year of a series (see README, "Births"). */
export type BirthExtension = 'constant' | 'trend' | 'low' | 'medium' | 'high';

/** Assumptions of the projection. Every field is optional; `DEFAULT_ASSUMPTIONS` documents each default. */
export interface ProjectionAssumptions {
  /** Base year. Default: the latest year with resident age counts. Counts after it are ignored. */
  baseYear?: number;
  /** Years projected after the base year. */
  horizon?: number;
  /** Credibility constant K of unit ratios (children): w = n / (n + K). */
  credibilityK?: number;
  /** Credibility constant of township ratios toward the county ratio; defaults to `credibilityK`. */
  townshipCredibilityK?: number;
  /** Cohort-change ratios are clipped to [min, max] after shrinkage and the migration multiplier. */
  ratioMin?: number;
  ratioMax?: number;
  /** Scenario multiplier m on the net change of a ratio: CCR' = 1 + m (CCR - 1). */
  migrationMultiplier?: AreaMultipliers;
  /** Birth extension beyond the last observed year of each series. */
  birthExtension?: BirthExtension;
  /** Years (the last N observed) the 'trend' extension fits. */
  trendYears?: number;
  /** Bounds of the annual rate the 'trend' extension may use. */
  trendRateMin?: number;
  trendRateMax?: number;
  /** Annual change rates of the named variants. */
  variantRates?: Partial<Record<'low' | 'medium' | 'high', number>>;
  /** Scenario multiplier on extended (not observed) births. */
  birthMultiplier?: AreaMultipliers;
  /** Ages 0..N-1 whose base-year count gives a unit's share of its area's births. */
  birthShareAges?: number;
  /** Share of housing-project arrivals counted in the registered (户籍) population. */
  housingRegisteredShare?: number;
  /** Births per completed household per year after completion, added to age 0 (resident). */
  housingBirthsPerHousehold?: number;
  /** Share of children aged 3-5 enrolled in kindergarten. */
  kindergartenParticipation?: number;
  /** Share of children aged 6-11 in primary school. */
  primaryRate?: number;
  /** Share of children aged 12-14 in junior secondary school. */
  juniorRate?: number;
  /** Share of 15-17 year olds in general senior high school (普通高中). */
  seniorGeneralShare?: number;
}

export type ResolvedAssumptions = Required<
  Omit<ProjectionAssumptions, 'baseYear' | 'variantRates' | 'migrationMultiplier' | 'birthMultiplier'>
> & {
  baseYear: number | undefined;
  variantRates: Record<'low' | 'medium' | 'high', number>;
  migrationMultiplier: AreaMultipliers;
  birthMultiplier: AreaMultipliers;
};

export type IssueSeverity = 'error' | 'warning';

export type IssueCode =
  | 'NO_UNITS'
  | 'DUPLICATE_UNIT'
  | 'NO_POPULATION'
  | 'UNKNOWN_UNIT'
  | 'BAD_AGES'
  | 'NEGATIVE_COUNT'
  | 'DUPLICATE_COUNT'
  | 'MISSING_BASE_COUNTS'
  | 'NO_HISTORY'
  | 'NO_COUNTY_HISTORY'
  | 'NO_REGISTERED'
  | 'NEGATIVE_BIRTHS'
  | 'UNKNOWN_BIRTH_AREA'
  | 'DUPLICATE_BIRTHS'
  | 'NO_BIRTHS'
  | 'MIXED_BIRTH_LEVELS'
  | 'BIRTHS_END_EARLY'
  | 'UNKNOWN_HOUSING_UNIT'
  | 'UNKNOWN_HOUSING_TOWNSHIP'
  | 'HOUSING_WITHOUT_UNIT'
  | 'BAD_HOUSING'
  | 'HOUSING_PHASING_SUM'
  | 'BAD_YEAR'
  | 'UNKNOWN_SCENARIO_AREA'
  | 'BAD_ASSUMPTION';

/** One finding of validation. `message` names the unit/area/project; the codes let a caller map to HTTP. */
export interface ProjectionIssue {
  severity: IssueSeverity;
  code: IssueCode;
  message: string;
  unitCode?: string;
  areaCode?: string;
  projectCode?: string;
  year?: number;
  population?: PopulationKind;
}

export interface ValidationReport {
  ok: boolean;
  /** The base year the projection would use (null when it cannot be determined). */
  baseYear: number | null;
  errors: ProjectionIssue[];
  warnings: ProjectionIssue[];
}

/**
 * Projected population. Arrays are flat, index `((u * years.length) + y) * 18 + age` with `u` the index in
 * `unitCodes` and `y` the index in `years`. `*Housing` is the part contributed by housing projects (already
 * included in the totals).
 */
export interface ProjectedPopulation {
  resident: Float64Array;
  registered: Float64Array;
  residentHousing: Float64Array;
  registeredHousing: Float64Array;
}

/** Cohort-change ratios applied, flat `u * 18 + age` (age 1..17; index 0 unused and 0). */
export interface AppliedRatios {
  resident: Float64Array;
  registered: Float64Array;
}

export interface ProjectionResult {
  baseYear: number;
  horizon: number;
  /** baseYear .. baseYear + horizon. */
  years: number[];
  unitCodes: string[];
  /** One row per unit x stage x year (stages in STAGE_GRADES order). */
  rows: DemandRow[];
  population: ProjectedPopulation;
  ratios: AppliedRatios;
  /** Births per unit and year as used for age 0, flat `u * years.length + y` (y = 0 is the base year's age 0). */
  births: { resident: Float64Array; registered: Float64Array };
  /** False when the input has no registered counts up to the base year (registered figures are then 0). */
  hasRegistered: boolean;
  warnings: ProjectionIssue[];
  assumptions: ResolvedAssumptions;
  /** Age counts 0..17 of one unit, population and year (housing included unless `housingOnly`). */
  populationOf(unitCode: string, population: PopulationKind, year: number, housingOnly?: boolean): number[];
}

export type { DemandRow, ProjectedStage, PopulationKind };
