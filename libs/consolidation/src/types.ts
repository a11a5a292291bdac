import type { TravelCost } from '@app/routing';
import type { CatchmentRecord, DemandRow, PopulationUnitRecord, SchoolRecord } from '@app/domain';
import type { SolveStatus, SolverBackend, VerificationReport } from '@app/optimizer';
import type { Feature, FeatureCollection, LineString } from 'geojson';

/** The two compulsory stages the consolidation model plans. */
export type PlannedStage = 'primary' | 'junior';

/**
 * Grade bands with their own travel rule: `lower` = primary grades 1-3 (day pupils only), `upper` = primary
 * grades 4-6 and `junior` = grades 7-9 (day pupils, or boarders where the receiving school has boarding places).
 */
export type GradeBand = 'lower' | 'upper' | 'junior';

/** Stage and grades of each band. */
export const GRADE_BANDS: Readonly<Record<GradeBand, { stage: PlannedStage; grades: readonly number[] }>> = {
  lower: { stage: 'primary', grades: [1, 2, 3] },
  upper: { stage: 'primary', grades: [4, 5, 6] },
  junior: { stage: 'junior', grades: [7, 8, 9] },
};

/** Bands in model order. */
export const BANDS: readonly GradeBand[] = ['lower', 'upper', 'junior'];

/** What the model reads: canonical records of one dataset version plus the projected demand. None is mutated. */
export interface ConsolidationInputs {
  /** Every school; those teaching primary and/or junior grades and open in the target year are planned. */
  schools: readonly SchoolRecord[];
  /** Villages / communities (demand units). Their position is the centroid of their geometry (see options). */
  units: readonly PopulationUnitRecord[];
  /** Projected demand; rows of `targetYear` and stages primary / junior are used. */
  demand: readonly DemandRow[];
  /** Published catchments (施教区): they give each unit's current school per stage. */
  catchments?: readonly CatchmentRecord[];
  /** The year the plan is for (2027 in the action plan). */
  targetYear: number;
  /** Road travel (@app/routing): km and minutes by road; without it km = straight line x detour (roads hook). */
  travel?: TravelCost;
}

/**
 * Scenario options. Every field is optional; {@link DEFAULT_CONSOLIDATION_OPTIONS} documents each default and
 * where it comes from (STANDARDS.md unless marked "assumption").
 */
export interface ConsolidationOptions {
  /** T: a school with fewer pupils than this in the target year is "small" (action plan: 200). */
  smallSchoolThreshold?: number;
  /** N: most open small schools allowed in the target year (action plan: 30 for the city). */
  maxSmallSchools?: number;
  /**
   * Only schools with fewer current pupils than this may close (default 2 x T); larger ones are kept open.
   * This is what keeps the city model small: a school of 400+ pupils is not a consolidation candidate.
   */
  closableBelow?: number;
  /**
   * Whether the plan may make a school small (default false): with false, a school with at least T pupils in the
   * target-year status quo keeps at least T while open; only schools already under T can count toward N. This
   * rules out plans that drain a school below the threshold and keeps the model small (no indicator binary for
   * the large schools).
   */
  allowNewSmallSchools?: boolean;
  /** Road distance (km) a day pupil may travel to a school other than the current one (grades 1-3 always). */
  dayTravelKm?: number;
  /** Road distance (km) grades 4-9 may travel to a school with boarding places (as boarders). */
  boardingTravelKm?: number;
  /** Road km = straight-line km x detour factor (STANDARDS.md default 1.3). */
  detourFactor?: number;
  /** Detour factor per county code (mountain counties are higher); falls back to `detourFactor`. */
  detourFactorByCounty?: Readonly<Record<string, number>>;
  /**
   * Moves stay inside the unit's county (default false). County education bureaus run their schools, so a real
   * plan would rarely cross a county line; on the synthetic demo city, though, turning this on leaves 44 schools
   * small whatever the plan and 1,019 pupils near 高铁新城 with one over-full school in reach. Schools without a
   * county code are reachable from every county; the current school is always a candidate, wherever it is.
   */
  sameCountyOnly?: boolean;
  /** k: besides its current school, a village band may move to its k nearest eligible schools. */
  candidatesPerVillage?: number;
  /** School codes that must stay open. */
  mustKeep?: readonly string[];
  /** School codes that must close (their pupils are re-assigned). */
  mustClose?: readonly string[];
  /** Every township keeps at least one primary school (default true). */
  keepPrimaryPerTownship?: boolean;
  /** Township codes exempt from the township rule. */
  townshipWaivers?: readonly string[];
  /** Cost of one pupil travelling one road km (one way, daily) for a year, CNY. */
  travelCostPerPupilKm?: number;
  /** Relative weight of each band's travel (1 = as `travelCostPerPupilKm`). */
  bandTravelWeight?: Readonly<Partial<Record<GradeBand, number>>>;
  /**
   * Cost of moving one pupil away from the current (catchment) school, CNY, on the same yearly scale: the
   * disruption of a re-zoning. Without it the travel term alone re-zones every pupil to the nearest school and
   * fills small schools from neighbouring catchments instead of consolidating.
   */
  moveCostPerPupil?: number;
  /** Yearly fixed operating cost of keeping a school open, CNY. */
  fixedCostPerSchool?: number;
  /** Annualised cost of one added class (room, equipment), CNY per year. */
  expansionCostPerClass?: number;
  /**
   * 'norm_or_current' (default): a stage's seats are max(classes x class-size norm, current pupils of the stage),
   * so today's over-full classes are a given rather than an infeasibility; 'norm': classes x norm only.
   */
  capacityBasis?: 'norm' | 'norm_or_current';
  /** Which projected pupils are placed: resident (常住, default) or registered (户籍). */
  population?: 'resident' | 'registered';
  /** Positions `[lon, lat]` overriding the centroid of a unit's geometry. */
  unitPositions?: Readonly<Record<string, readonly [number, number]>>;
}

/** Options with every default filled in. */
export type ResolvedConsolidationOptions = Required<Omit<ConsolidationOptions, 'closableBelow' | 'bandTravelWeight'>> & {
  closableBelow: number;
  bandTravelWeight: Record<GradeBand, number>;
};

/**
 * Defaults. Sources: T = 200 and N = 30 from the action plan (STANDARDS.md, small-school consolidation); detour 1.3
 * (STANDARDS.md, engineering assumption). The rest are assumptions a scenario should review:
 * - dayTravelKm 5: about 30 minutes for a young pupil on rural roads (STANDARDS.md: grades 1-3 at most ~30 min);
 * - boardingTravelKm 15: a weekly boarder's trip by county bus;
 * - candidatesPerVillage 5;
 * - travelCostPerPupilKm 400 CNY/year: 2 trips x 200 school days x 1 CNY per pupil-km (bus or parents' time);
 * - moveCostPerPupil 2,000 CNY: a move away from the catchment school pays only when it saves about 5 km a day.
 *   Measured on the demo city (2027): at 0 the plan re-zoned 28,000 pupils to nearer schools, 21,000 of them away
 *   from schools that stay open; at 2,000 it moves 8,000 (closures, over-full schools, small schools filled) and
 *   closes the same schools;
 * - fixedCostPerSchool 200,000 CNY/year: running a site (head, caretaker, canteen, upkeep) beyond per-pupil costs;
 * - expansionCostPerClass 120,000 CNY/year: a classroom and its share of building, annualised over 20 years.
 * With these, closing a school whose pupils then ride 2.5 km more each is roughly cost-neutral per 200 pupils, so
 * the small-school cap, not the cost, decides most closures.
 */
export const DEFAULT_CONSOLIDATION_OPTIONS = {
  smallSchoolThreshold: 200,
  maxSmallSchools: 30,
  dayTravelKm: 5,
  boardingTravelKm: 15,
  detourFactor: 1.3,
  candidatesPerVillage: 5,
  sameCountyOnly: false,
  keepPrimaryPerTownship: true,
  allowNewSmallSchools: false,
  travelCostPerPupilKm: 400,
  moveCostPerPupil: 2_000,
  fixedCostPerSchool: 200_000,
  expansionCostPerClass: 120_000,
  capacityBasis: 'norm_or_current',
  population: 'resident',
} as const;

/** Progress phases reported by {@link ConsolidationSolveOptions.onProgress}, in order. */
export type ConsolidationPhase = 'model built' | 'solving' | 'verified' | 'explaining';

export interface ConsolidationProgress {
  phase: ConsolidationPhase;
  message: string;
  /** Seconds since `solve` started. */
  seconds: number;
}

/** Options of {@link ConsolidationModel.solve}. */
export interface ConsolidationSolveOptions {
  /** Solver backend; default HiGHS (the one that proves MILP optimality, STACK.md). */
  backend?: SolverBackend;
  /** Wall-clock limit of each solver run, seconds (default 60). The explanation solve gets its own limit. */
  timeLimitSeconds?: number;
  /** Relative MIP gap at which the search stops (default 0.005, the city target). */
  mipRelGap?: number;
  /** Aborting stops the running solve at once; the result has status 'cancelled'. */
  signal?: AbortSignal;
  onProgress?: (event: ConsolidationProgress) => void;
  /** Run the second (minimum small schools) solve when the model is infeasible (default true). */
  explainInfeasibility?: boolean;
}

/** Default MIP gap for the city model (issue 7: proved optimal or within 0.5 %). */
export const DEFAULT_CONSOLIDATION_GAP = 0.005;
/** Default time limit per solver run. */
export const DEFAULT_CONSOLIDATION_TIME_LIMIT = 60;

/**
 * Outcome: 'optimal' (within the requested gap), 'feasible' (a verified plan, stopped at the time limit above the
 * gap), 'infeasible' (with an explanation), 'time_limit' (no plan found in time), 'cancelled', 'error'.
 */
export type ConsolidationStatus = 'optimal' | 'feasible' | 'infeasible' | 'time_limit' | 'cancelled' | 'error';

/** Size of the built model. */
export interface ConsolidationStats {
  /** Schools planned (primary, junior, nine-year), of which `closableSchools` have an open/close decision. */
  schools: number;
  closableSchools: number;
  /** Units with pupils in the target year. */
  villages: number;
  /** (unit, grade band) pairs with pupils. */
  demandPairs: number;
  arcs: number;
  variables: number;
  integerVariables: number;
  rows: number;
  buildSeconds: number;
}

/** One school in the plan. */
export interface SchoolPlan {
  code: string;
  name: string;
  townshipCode: string | null;
  stages: PlannedStage[];
  decision: 'keep' | 'close';
  /** Why the school had no open/close decision: 'must_keep', 'must_close', 'large' (>= closableBelow), ... */
  fixed: FixedReason | null;
  /** Pupils today (the school record). */
  enrolmentToday: number;
  /** Target-year pupils if every unit kept its current school (pupils of other stages included). */
  enrolmentStatusQuo: number;
  /** Target-year pupils in the plan (pupils of other stages included). */
  enrolmentAfter: number;
  smallAfter: boolean;
  /** Target-year pupils of its current catchment that it keeps / sends elsewhere, and receives from others. */
  pupilsKept: number;
  pupilsOut: number;
  pupilsIn: number;
  /** Units sending pupils to it from another catchment. */
  villagesReceived: string[];
  extraClasses: Record<PlannedStage, number>;
  /** Seats per stage after expansion (0 when closed). */
  seatsAfter: Record<PlannedStage, number>;
  /** Pupils boarding after a move (beyond the day distance). */
  newBoarders: number;
}

/** One flow of a unit's band to a school. */
export interface VillagePlan {
  unitCode: string;
  unitName: string;
  townshipCode: string;
  band: GradeBand;
  stage: PlannedStage;
  /** Current school (catchment, else nearest); null when no school teaches the stage. */
  fromSchool: string | null;
  toSchool: string;
  /** Road km to the current school and to the school in the plan. */
  distanceBeforeKm: number | null;
  distanceAfterKm: number;
  /** Travel minutes to the current school and to the school in the plan (roads, else km at the fallback speed). */
  minutesBefore: number | null;
  minutesAfter: number;
  /** Where km and minutes came from: 'roads' or 'straight-line'. */
  travelSource: 'roads' | 'straight-line';
  pupils: number;
  moved: boolean;
  boarding: boolean;
}

/** Plan-level figures. Travel is road km, pupil-weighted. */
export interface ConsolidationKpis {
  smallSchoolsToday: number;
  smallSchoolsStatusQuo: number;
  smallSchoolsAfter: number;
  schoolsClosed: number;
  pupils: number;
  pupilsMoved: number;
  newBoarders: number;
  extraClasses: number;
  meanTravelBeforeKm: number;
  maxTravelBeforeKm: number;
  meanTravelAfterKm: number;
  maxTravelAfterKm: number;
  cost: { travel: number; moves: number; operating: number; expansion: number; total: number };
}

/** A transfer line: pupils of one unit moving to a school other than their current one. */
export type TransferFeature = Feature<
  LineString,
  {
    unitCode: string;
    unitName: string;
    fromSchool: string | null;
    toSchool: string;
    pupils: number;
    pupilsByBand: Partial<Record<GradeBand, number>>;
    distanceKm: number;
  }
>;

export interface ConsolidationPlan {
  targetYear: number;
  schools: SchoolPlan[];
  villages: VillagePlan[];
  kpis: ConsolidationKpis;
  transfers: FeatureCollection<LineString, TransferFeature['properties']>;
  /** The plan's own re-check (pupils placed, capacities, boarding, small-school cap, lists, township rule). */
  check: PlanCheck;
}

export interface PlanCheck {
  ok: boolean;
  problems: string[];
}

/** Why a school had no open/close variable. */
export type FixedReason = 'must_keep' | 'must_close' | 'large' | 'planned' | 'other_stages';

/** A limit that binds, found by the explanation. */
export type BindingLimit =
  /** Pupils of a unit band have no school within the travel limit (their current school must close). */
  | 'no_school_in_reach'
  /** The only school in reach of some unit band is small: it cannot close. */
  | 'sole_school_in_reach'
  /** A small school must stay open because its township keeps at least one primary school. */
  | 'township_rule'
  /** Every primary school of a township is on the must-close list. */
  | 'township_all_closed'
  /** A small school is on the must-keep list. */
  | 'must_keep'
  /** A school too large to close today falls under the threshold in the target year. */
  | 'fixed_open'
  /** Even with every pupil in reach (and room) a school cannot reach the threshold. */
  | 'too_few_pupils_in_reach'
  /** Its pupils could move, but capacity, boarding places or the travel limits at the schools in reach stop it. */
  | 'capacity_or_travel_elsewhere'
  /** Seats (with expansion) or boarding places in reach fall short of the pupils. */
  | 'capacity_short'
  /** A school at or above T in the status quo would have to fall under it (allowNewSmallSchools false). */
  | 'not_made_small';

export interface InfeasibilityFinding {
  limit: BindingLimit;
  townshipCode: string | null;
  schoolCode?: string;
  unitCodes?: string[];
  band?: GradeBand;
  pupils?: number;
  message: string;
}

export interface TownshipFindings {
  townshipCode: string | null;
  /** Small schools that stay open in the smallest reachable plan, in this township. */
  smallSchools: string[];
  findings: InfeasibilityFinding[];
}

/** Why no plan meets the limits, and how close the limits allow. */
export interface InfeasibilityExplanation {
  summary: string;
  threshold: number;
  maxSmallSchools: number;
  /** Schools that must stay open and small whatever the plan (a structural lower bound, no solver). */
  forcedSmallSchools: number;
  /** Smallest number of open small schools under the other limits (second solve); null when it found none. */
  minimumSmallSchools: number | null;
  /** True when the second solve proved `minimumSmallSchools` optimal. */
  minimumProved: boolean;
  secondSolve: { status: SolveStatus; seconds: number; gap: number | null; message?: string } | null;
  findings: InfeasibilityFinding[];
  byTownship: TownshipFindings[];
  /** The verified plan with the fewest small schools (ignoring the cap), when the second solve found one. */
  minimumPlan: ConsolidationPlan | null;
}

/** Typed answer of {@link ConsolidationModel.solve}. */
export interface ConsolidationResult {
  status: ConsolidationStatus;
  message: string;
  objective: number | null;
  /** Relative MIP gap reported by the solver. */
  gap: number | null;
  plan: ConsolidationPlan | null;
  infeasibility: InfeasibilityExplanation | null;
  stats: ConsolidationStats;
  /** The optimizer's verification of the solver's values against the model. */
  verification: VerificationReport | null;
  backend: string | null;
  solveSeconds: number;
  warnings: string[];
}

/** Thrown for malformed input (programming or data errors, not infeasible plans). */
export class ConsolidationInputError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid consolidation input: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}`);
    this.name = 'ConsolidationInputError';
  }
}
