import type { CatchmentRecord, DemandRow, PopulationUnitRecord, SchoolRecord } from '@app/domain';
import type { SolveProgress, SolveStatus, SolverBackend, VerificationReport } from '@app/optimizer';
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

/** A place the travel function is asked about: a village/community centroid or a school site (WGS-84). */
export interface TravelPoint {
  code: string;
  position: readonly [number, number];
  countyCode: string | null;
}

/** Where travel figures came from: a road layer, or straight line x detour factor. */
export type TravelSource = 'roads' | 'straight-line';

/** Road distance and, where a travel-time source exists, minutes (null without one). */
export interface Travel {
  km: number;
  minutes: number | null;
  /**
   * Set where a road source does not connect the pair: the pair is out of reach (no move arc, as the run's world and
   * network reach treat it, docs/roads.md "Pairs the roads do not connect"); km and minutes are then straight line x
   * detour, kept only to show a pupil's travel to the current school it already attends.
   */
  straightFallback?: boolean;
}

/**
 * The one place arc distances and times come from, so a road network can replace the default (straight line x
 * detour factor, no minutes) without touching the model.
 */
export type TravelFunction = (from: TravelPoint, to: TravelPoint) => Travel;

/** What the model reads: canonical records of one dataset version plus the projected demand. None is mutated. */
export interface ConsolidationInputs {
  /** Every school; those teaching primary and/or junior grades and open in the target year are planned. */
  schools: readonly SchoolRecord[];
  /** Villages / communities (demand units). Their position is the centroid of their geometry (see options). */
  units: readonly PopulationUnitRecord[];
  /**
   * Projected demand, stages primary / junior, for every year of the closure window. A window year without rows
   * takes the rows of the nearest year that has them (the model warns).
   */
  demand: readonly DemandRow[];
  /** Published catchments (施教区): they give each unit's current school per stage. */
  catchments?: readonly CatchmentRecord[];
  /** The year the cap is for (2027 in the action plan). */
  targetYear: number;
  /** The last year with counted data (default: targetYear - 1); closures start the year after. */
  baseYear?: number;
  /**
   * Road km and minutes from a unit to a school (default: straight line x detour factor, no minutes). On a road
   * layer, `travelFunctionFor(travelCost)` (@app/routing provider) gives road km and minutes.
   */
  travel?: TravelFunction;
  /** Where `travel` figures come from (default: 'roads' when `travel` is given, else 'straight-line'). */
  travelSource?: TravelSource;
  /**
   * The status quo as the run's world has it: each school's share of a unit's pupils of a stage in the target year
   * (`RunWorld.placementAt` of @app/warnings-model with no decisions). When given, a unit whose pupils the world splits
   * between schools is one demand pair per (unit, band, school) with that share, so the model's own pupils per
   * school, and hence its small-school count, are the world's. Units it gives nothing for keep the catchment rule.
   */
  placement?: (unitCode: string, stage: PlannedStage) => readonly { schoolCode: string; share: number }[];
  /**
   * Projected enrolment per placed pupil of a school and stage, as the world's figures count a school's pupils
   * (`projectedEnrolment` of @app/warnings-model: enrolment today x matched demand(year) / matched demand(base year), so
   * the factor is enrolment today / matched demand in the base year; 1 where the world takes the demand itself).
   * The small-school rows count f x pupils, so the model's count is the world's. Default 1 (pupils as placed).
   */
  enrolmentFactor?: (schoolCode: string, stage: PlannedStage) => number;
}

/**
 * Scenario options. Every field is optional; {@link DEFAULT_CONSOLIDATION_OPTIONS} documents each default and
 * where it comes from (the action plan, or "assumption").
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
  /** Road distance (km) a day pupil may travel to a school other than the current one, without a time source. */
  dayTravelKm?: number;
  /** Road distance (km) grades 4-9 may travel to a school with boarding places (as boarders), without a time source. */
  boardingTravelKm?: number;
  /** Grades 1-3 (day pupils only): most minutes to the new school where the travel function gives minutes. */
  lowerDayTravelMinutes?: number;
  /** Grades 4-9 as day pupils: most minutes where the travel function gives minutes. */
  upperDayTravelMinutes?: number;
  /** Grades 4-9 as boarders (weekly trips): most minutes where the travel function gives minutes. */
  boardingTravelMinutes?: number;
  /** Road km = straight-line km x detour factor (default 1.3) for the default travel function. */
  detourFactor?: number;
  /** Detour factor per county code (mountain counties are higher); falls back to `detourFactor`. */
  detourFactorByCounty?: Readonly<Record<string, number>>;
  /**
   * Pairs of county codes between which pupils may move (either direction). By default none: compulsory education
   * is run county by county (以县为主), so no transfer crosses a county line. A unit's current school is always
   * its own, wherever it is.
   */
  crossCountyPairs?: ReadonlyArray<readonly [string, string]>;
  /** k: besides its current school, a village band may move to its k nearest eligible schools. */
  candidatesPerVillage?: number;
  /**
   * Re-zoning between schools that stay open: off (null, default). With `{ maxPupils }`, villages of schools that
   * stay open may be re-zoned to another open school from the first window year, at most `maxPupils` target-year
   * pupils in all, never from a school under T and never so that the sending school falls under T. Reported
   * apart (reason 'rezoning').
   */
  rezoning?: { maxPupils: number } | null;
  /** First and last year a school may close (default: base year + 1 .. max(2030, target year)). */
  closureWindow?: { first?: number; last?: number };
  /** K: most closures per county per year (default 3, an assumption a scenario should set). */
  maxClosuresPerCountyPerYear?: number;
  /**
   * Pairs of schools to merge onto the better site: exactly one of each pair closes within the window and all of
   * its pupils go to the other; the model picks the site (cost, travel).
   */
  mergePairs?: ReadonlyArray<readonly [string, string]>;
  /**
   * Teaching points (教学点) do not count as schools for the cap (default false). Only schools the data marks as a
   * teaching point (attribute `teaching_point` true/1/是, with `central_school` naming the central school) are
   * affected; see docs/consolidation.md for the counting rule's source.
   */
  teachingPointsExempt?: boolean;
  /** School codes that must stay open. */
  mustKeep?: readonly string[];
  /** School codes that must close by the target year (their pupils are re-assigned). */
  mustClose?: readonly string[];
  /** Every township keeps at least one primary school (default true). */
  keepPrimaryPerTownship?: boolean;
  /** Township codes exempt from the township rule. */
  townshipWaivers?: readonly string[];
  /** Cost of one pupil travelling one road km (one way, daily) for a year, CNY. */
  travelCostPerPupilKm?: number;
  /** Relative weight of each band's travel (1 = as `travelCostPerPupilKm`). */
  bandTravelWeight?: Readonly<Partial<Record<GradeBand, number>>>;
  /** One-off cost of moving one pupil to another school (the disruption), CNY. */
  moveCostPerPupil?: number;
  /** Yearly fixed operating cost of keeping a school open, CNY. */
  fixedCostPerSchool?: number;
  /** Annualised cost of one added class (room, equipment), CNY per year of use. */
  expansionCostPerClass?: number;
  /**
   * 'approved' (default): a stage's seats are the run's world's seats, the same definition the warnings read
   * (`stageSeats` of @app/warnings-model: approved seats split by classes, else classes x class-size norm), so a plan the
   * model finds feasible is one the world's seat warnings agree with; a school already fuller than its seats has no
   * spare seat for pupils of a closure until it adds classes. 'norm_or_current': max(classes x norm, current pupils)
   * (today's over-full classes taken as a given, seats the warnings do not know); 'norm': classes x norm only.
   */
  capacityBasis?: 'approved' | 'norm' | 'norm_or_current';
  /** Which projected pupils are placed: resident (常住, default) or registered (户籍). */
  population?: 'resident' | 'registered';
  /** Positions `[lon, lat]` overriding the centroid of a unit's geometry. */
  unitPositions?: Readonly<Record<string, readonly [number, number]>>;
}

/** Options with every default filled in. */
export type ResolvedConsolidationOptions = Required<
  Omit<ConsolidationOptions, 'closableBelow' | 'bandTravelWeight' | 'closureWindow' | 'crossCountyPairs' | 'mergePairs' | 'rezoning'>
> & {
  closableBelow: number;
  bandTravelWeight: Record<GradeBand, number>;
  closureWindow: { first: number | null; last: number | null };
  crossCountyPairs: Array<[string, string]>;
  mergePairs: Array<[string, string]>;
  rezoning: { maxPupils: number } | null;
};

/**
 * Defaults. T = 200 and N = 30 come from the action plan (Quzhou action plan 2024-2032, small-school consolidation);
 * the detour factor 1.3 is an engineering assumption. The rest are assumptions a scenario should review:
 * - dayTravelKm 5: about 30 minutes for a young pupil on rural roads (grades 1-3 at most ~30 min);
 * - lowerDayTravelMinutes 30 (grades 1-3), upperDayTravelMinutes 45, boardingTravelMinutes 90 (weekly trips);
 * - boardingTravelKm 15: a weekly boarder's trip by county bus;
 * - candidatesPerVillage 5; maxClosuresPerCountyPerYear 3 (what one county bureau can take through feasibility
 *   study, public notice and hearing in a year);
 * - travelCostPerPupilKm 400 CNY/year: 2 trips x 200 school days x 1 CNY per pupil-km (bus or parents' time);
 * - moveCostPerPupil 2,000 CNY once per pupil moved;
 * - fixedCostPerSchool 200,000 CNY/year: running a site (head, caretaker, canteen, upkeep) beyond per-pupil costs;
 * - expansionCostPerClass 120,000 CNY per class-year: a classroom and its share of building, annualised over 20 years.
 */
export const DEFAULT_CONSOLIDATION_OPTIONS = {
  smallSchoolThreshold: 200,
  maxSmallSchools: 30,
  dayTravelKm: 5,
  boardingTravelKm: 15,
  lowerDayTravelMinutes: 30,
  upperDayTravelMinutes: 45,
  boardingTravelMinutes: 90,
  detourFactor: 1.3,
  candidatesPerVillage: 5,
  maxClosuresPerCountyPerYear: 3,
  lastClosureYear: 2030,
  keepPrimaryPerTownship: true,
  teachingPointsExempt: false,
  travelCostPerPupilKm: 400,
  moveCostPerPupil: 2_000,
  fixedCostPerSchool: 200_000,
  expansionCostPerClass: 120_000,
  capacityBasis: 'approved',
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
  /** Solver backend; default HiGHS (the one that proves MILP optimality, docs/solvers.md). */
  backend?: SolverBackend;
  /** Wall-clock limit of each solver run, seconds (default 60). The explanation solve gets its own limit. */
  timeLimitSeconds?: number;
  /** Relative MIP gap at which the search stops (default 0.005, the city target). */
  mipRelGap?: number;
  /** Aborting stops the running solve at once; the result has status 'cancelled'. */
  signal?: AbortSignal;
  onProgress?: (event: ConsolidationProgress) => void;
  /** The running solver's incumbent, bound, gap and elapsed time, every second (each solve of this call). */
  onSolverProgress?: (progress: SolveProgress) => void;
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
  /** Years of the closure window (the model's periods). */
  years: number[];
  /** Units with pupils. */
  villages: number;
  /** (unit, grade band) pairs with pupils. */
  demandPairs: number;
  arcs: number;
  variables: number;
  integerVariables: number;
  rows: number;
  buildSeconds: number;
}

/** Why a pupil moves: their school closes (dispersed), merges onto one school, becomes a teaching point, or re-zoning. */
export type MoveReason = 'closure' | 'merge' | 'teaching_point' | 'rezoning';

/** Which rule made a school close. */
export type ClosureRule = 'must_close' | 'merge_pair' | 'small_school_cap' | 'cost';

/** Classes a receiving school adds for a stage, and the year they must be ready (the year before pupils arrive). */
export interface Expansion {
  stage: PlannedStage;
  /** Classes added in total by `readyYear`. */
  classes: number;
  readyYear: number;
  /** Closing schools whose pupils need them. */
  forClosures: string[];
}

/** One school in the plan. */
export interface SchoolPlan {
  code: string;
  name: string;
  countyCode: string | null;
  townshipCode: string | null;
  stages: PlannedStage[];
  decision: 'keep' | 'close';
  /** First school year it no longer teaches (its pupils move that year); null when kept. */
  closureYear: number | null;
  /** For a closed school: 'closure' (pupils dispersed), 'merge' (all to one school), 'teaching_point'. */
  closureKind: Exclude<MoveReason, 'rezoning'> | null;
  /** The rule that allowed or forced the closure (see {@link ClosureRule}). */
  closureRule: ClosureRule | null;
  /** Why the school had no open/close decision: 'must_keep', 'must_close', 'large' (>= closableBelow), ... */
  fixed: FixedReason | null;
  /** A teaching point (教学点) as the data marks it; not counted as a school when teachingPointsExempt. */
  teachingPoint: boolean;
  /** Pupils today (the school record). */
  enrolmentToday: number;
  /**
   * Target-year compulsory (primary + junior) enrolment if every unit kept its current school (placed pupils x the
   * school's enrolment factor, as the world's figures count them).
   */
  enrolmentStatusQuo: number;
  /**
   * Target-year compulsory (primary + junior) enrolment in the plan (placed pupils x the school's enrolment factor,
   * see ConsolidationInputs.enrolmentFactor); 0 when closed by then. Kindergarten and senior
   * pupils of the school do not count toward the threshold (isUnderThreshold of @app/domain, as the world counts).
   */
  enrolmentAfter: number;
  /** Compulsory pupils in the plan in every window year (0 once closed). */
  enrolmentByYear: Record<string, number>;
  /** Counted for the cap: open in the target year, not an exempt teaching point, under T. */
  smallAfter: boolean;
  /** Target-year pupils of its current catchment that it keeps / sends elsewhere, and receives from others. */
  pupilsKept: number;
  pupilsOut: number;
  pupilsIn: number;
  /** Of `pupilsIn`, target-year pupils received by re-zoning (not from closed schools). */
  pupilsRezonedIn: number;
  /** Units sending pupils to it from another catchment. */
  villagesReceived: string[];
  /** Added classes in the target year per stage (see `expansions` for the years). */
  extraClasses: Record<PlannedStage, number>;
  expansions: Expansion[];
  /** Seats per stage in the target year after expansion (0 when closed). */
  seatsAfter: Record<PlannedStage, number>;
  /** Pupils boarding after a move, in the target year. */
  newBoarders: number;
}

/**
 * One row of the plan table: a unit's band staying at its school (moved false) or moving from `year` on with a
 * share of its pupils. `pupils`: pupils of the row in the target year when it stays, in the move year when it
 * moves; `pupilsByYear` gives every window year from `year` (or every year for stays).
 */
export interface VillagePlan {
  unitCode: string;
  unitName: string;
  countyCode: string;
  townshipCode: string;
  band: GradeBand;
  stage: PlannedStage;
  /** Current school (catchment, else nearest); null when no school teaches the stage. */
  fromSchool: string | null;
  toSchool: string;
  /** Year the pupils move (the closure year, or the first window year for re-zoning); null for stays. */
  year: number | null;
  /** Why they move; null for stays. */
  reason: MoveReason | null;
  /** Share of the unit band's pupils on this row (0..1). */
  share: number;
  pupils: number;
  pupilsByYear: Record<string, number>;
  moved: boolean;
  boarding: boolean;
  /** Travel to the current school and to the school in the plan (minutes null without a travel-time source). */
  travelBeforeKm: number | null;
  travelAfterKm: number;
  travelBeforeMinutes: number | null;
  travelAfterMinutes: number | null;
  /** Where the travel km and minutes came from: 'roads' or 'straight-line'. */
  travelSource: TravelSource;
}

/** The cap checked in a year after the target year, as births fall. */
export interface LaterYearCheck {
  year: number;
  smallSchools: number;
  capHolds: boolean;
  /** Open schools at or above T in the target year that fall under T by this year. */
  crossing: string[];
}

/** Plan-level figures. Travel is road km, pupil-weighted, target year. */
export interface ConsolidationKpis {
  smallSchoolsToday: number;
  smallSchoolsStatusQuo: number;
  smallSchoolsAfter: number;
  schoolsClosed: number;
  closuresByYear: Record<string, number>;
  pupils: number;
  /** Pupils moved (each counted once, in its move year), re-zoned ones included. */
  pupilsMoved: number;
  /** Of those, pupils moved because their school closed or merged. */
  pupilsMovedByClosure: number;
  /** Of those, pupils re-zoned between schools that stay open (0 unless the scenario allows re-zoning). */
  pupilsRezoned: number;
  /** Moves whose unit and receiving school are in different counties (0 unless a county pair is named). */
  crossCountyTransfers: number;
  newBoarders: number;
  extraClasses: number;
  meanTravelBeforeKm: number;
  maxTravelBeforeKm: number;
  meanTravelAfterKm: number;
  maxTravelAfterKm: number;
  /** Objective terms summed over the window years, CNY. */
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
    year: number;
    reason: MoveReason;
    pupils: number;
    pupilsByBand: Partial<Record<GradeBand, number>>;
    distanceKm: number;
  }
>;

export interface ConsolidationPlan {
  targetYear: number;
  years: number[];
  schools: SchoolPlan[];
  villages: VillagePlan[];
  kpis: ConsolidationKpis;
  /** Schools counted under T in the target year, per county code (the list the cap counts). */
  smallSchoolsByCounty: Record<string, string[]>;
  /** Whether the cap still holds in each later window year, and which schools cross the line then. */
  laterYears: LaterYearCheck[];
  transfers: FeatureCollection<LineString, TransferFeature['properties']>;
  /** The plan's own re-check (pupils placed, capacities, boarding, cap, phasing, county lines, lists, township rule). */
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
  /** A re-zoning source would fall under T. */
  | 'not_made_small'
  /** The county's closures already reach K in every year up to the target year. */
  | 'closures_per_year';

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
  /** The third solve (cheapest plan at the minimum count): objective, bound, gap, seconds. */
  minimumPlanSolve: { status: SolveStatus; objective: number; bound: number | null; gap: number | null; seconds: number } | null;
}

/**
 * One solver call of {@link ConsolidationModel.solve}, in call order: the plan with the cap, then (when infeasible)
 * the fewest small schools, the cheapest plan at that count, or the elastic model. `solverSeconds` and `nodes` are
 * the solver's own figures (HiGHS run clock, branch-and-bound nodes), less sensitive to a loaded machine than
 * `seconds` (which adds the worker, loading and verification).
 */
export interface ConsolidationSolveRecord {
  model: 'plan' | 'min_small' | 'plan_at_minimum' | 'elastic';
  status: SolveStatus;
  seconds: number;
  solverSeconds: number | null;
  nodes: number | null;
  variables: number;
  rows: number;
}

/** Typed answer of {@link ConsolidationModel.solve}. */
export interface ConsolidationResult {
  status: ConsolidationStatus;
  message: string;
  objective: number | null;
  /** Relative MIP gap reported by the solver. */
  gap: number | null;
  /** Lower bound on the objective: objective - gap x |objective| (the solver's relative gap definition). */
  bound: number | null;
  plan: ConsolidationPlan | null;
  infeasibility: InfeasibilityExplanation | null;
  stats: ConsolidationStats;
  /** The optimizer's verification of the solver's values against the model. */
  verification: VerificationReport | null;
  backend: string | null;
  solveSeconds: number;
  /** Every solver call behind this answer, in order (empty when none ran). */
  solves: ConsolidationSolveRecord[];
  warnings: string[];
}

/** Thrown for malformed input (programming or data errors, not infeasible plans). */
export class ConsolidationInputError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid consolidation input: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}`);
    this.name = 'ConsolidationInputError';
  }
}
