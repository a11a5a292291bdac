import type { ConsolidationResult } from '@app/consolidation';
import type { AlertCandidate, AreaIndicators } from '@app/warnings-model';
import type { NetworkReach } from './network-reach';
import type { PlanRobustness } from './plan-robustness';

export interface FigureRow {
  subjectType: string;
  subjectCode: string;
  stage: string;
  year: number;
  seats: number;
  demandResident: number;
  seatGap: number;
  data: { servingSchoolsDemand?: { resident: number } };
}

export interface RunKpis {
  targetYear: number;
  /**
   * Schools under 200 compulsory pupils in the target year in the run's world (its indicators: schools open that
   * year, their projected pupils after the plan), by isUnderThreshold of @app/domain. The same as
   * `smallSchoolsUnder200World`; kept under this name for the comparison table and the map page.
   */
  smallSchoolsUnder200: number | null;
  /** The world's count (see smallSchoolsUnder200). */
  smallSchoolsUnder200World?: number | null;
  /**
   * The consolidation model's own count for its cap (schools it plans, teaching points left out when the scenario
   * exempts them, pupils as the model places them), by the same isUnderThreshold; null without a plan.
   */
  smallSchoolsUnder200Model?: number | null;
  /** Where the two counts differ: schools small in the world only, and in the model only (empty lists: they agree). */
  smallSchoolsOnlyInWorld?: string[];
  smallSchoolsOnlyInModel?: string[];
  smallSchoolsUnder100: number | null;
  maxSmallSchools: number;
  /** Pupils the plan moves (its transfers, target year); 0 without an optimisation. */
  pupilsMoved: number;
  /**
   * Schools the run's world closes: the plan's closures and the scenario's own (by hand), each counted once. Equal to
   * the plan's count when only the plan closes schools.
   */
  schoolsClosed: number;
  /**
   * Pupils of closed schools the world re-seats in the target year (the catchment's other schools, else the nearest
   * with room): a closure by hand moves its pupils this way; a plan's closures move theirs by transfers (pupilsMoved).
   */
  pupilsReseated?: number;
  meanTravelKmBefore: number | null;
  meanTravelKmAfter: number | null;
  maxTravelKmBefore: number | null;
  maxTravelKmAfter: number | null;
  /** Pupil-weighted travel minutes of the plan, before and after (roads hook; absent on runs stored before it). */
  meanTravelMinutesBefore?: number | null;
  meanTravelMinutesAfter?: number | null;
  maxTravelMinutesBefore?: number | null;
  maxTravelMinutesAfter?: number | null;
  /** Where the plan's km and minutes came from: 'roads' or 'straight-line'; null without a plan. */
  travelSource?: 'roads' | 'straight-line' | null;
  redAlerts: number;
  yellowAlerts: number;
  consolidationStatus: string | null;
  /**
   * Each district, by stage and year: "demand at the schools serving it" (all their pupils, from outside the district
   * too) minus the seats of those schools (positive = short). The district rule's alert uses the same number.
   */
  districtSeatGap: Record<string, Record<string, Record<string, number>>>;
  /** Each district, by stage and year: "residents of the district" (pupils living there) minus the same seats. */
  districtResidentsSeatGap?: Record<string, Record<string, Record<string, number>>>;
  /** The run's world: pupils conserved in every stage and year, and target-year pupils without a seat by stage. */
  world?: { conserved: boolean; noSeat: Record<string, number>; noSchoolInReachVillages: number } | null;
  indicators: AreaIndicators[];
  /** Target year: pupils the whole network cannot seat within the travel limits (transportation LP), by stage. */
  network: NetworkReach[];
  byYear: { year: number; primaryDemand: number; primarySeats: number; juniorDemand: number; juniorSeats: number }[];
  /** Consolidation plans: P(the small-school cap holds) in the target year and three years later (null: no plan or model). */
  planRobustness?: PlanRobustness | null;
}

/**
 * The KPIs a planner compares between runs, from the run's figures, alert candidates, indicators and (when it ran)
 * the consolidation result.
 * @example runKpis({ figures, candidates, indicators, consolidation: null, targetYear: 2027, cap: 30 }).redAlerts
 */
export function runKpis(args: {
  figures: FigureRow[];
  candidates: Pick<AlertCandidate, 'level'>[];
  indicators: AreaIndicators[];
  consolidation: Pick<ConsolidationResult, 'status' | 'plan'> | null;
  targetYear: number;
  cap: number;
  network?: NetworkReach[];
  world?: {
    conserved: boolean;
    conservation: { stage: string; year: number; noSeat: number }[];
    noSchoolInReach: { unitCode: string; year: number }[];
    closures?: { schoolCode: string }[];
    reseated?: { year: number; pupils: number }[];
  } | null;
  robustness?: PlanRobustness | null;
}): RunKpis {
  const city = args.indicators.find((a) => a.areaType === 'city');
  const yearCounts = city?.byYear.find((y) => y.year === args.targetYear)?.smallSchools.total ?? null;
  const plan = args.consolidation?.plan ?? null;
  const worldSmall = new Set(city?.byYear.find((y) => y.year === args.targetYear)?.smallSchools.smallSchoolCodes ?? []);
  const modelSmall = new Set((plan?.schools ?? []).filter((s) => s.smallAfter).map((s) => s.code));
  const districtSeatGap: RunKpis['districtSeatGap'] = {};
  const districtResidentsSeatGap: RunKpis['districtResidentsSeatGap'] = {};
  for (const f of args.figures.filter((x) => x.subjectType === 'district')) {
    const demand = f.data.servingSchoolsDemand?.resident ?? f.demandResident;
    ((districtSeatGap[f.subjectCode] ??= {})[f.stage] ??= {})[f.year] = Math.round(demand - f.seats);
    ((districtResidentsSeatGap[f.subjectCode] ??= {})[f.stage] ??= {})[f.year] = Math.round(f.demandResident - f.seats);
  }
  const w = args.world ?? null;
  const cityRows = args.figures.filter((x) => x.subjectType === 'city');
  const years = [...new Set(cityRows.map((r) => r.year))].sort((a, b) => a - b);
  const at = (stage: string, year: number) => cityRows.find((r) => r.stage === stage && r.year === year);
  return {
    targetYear: args.targetYear,
    smallSchoolsUnder200: yearCounts?.under200 ?? null,
    smallSchoolsUnder200World: yearCounts?.under200 ?? null,
    smallSchoolsUnder200Model: plan ? plan.kpis.smallSchoolsAfter : null,
    smallSchoolsOnlyInWorld: plan ? [...worldSmall].filter((c) => !modelSmall.has(c)).sort() : [],
    smallSchoolsOnlyInModel: plan ? [...modelSmall].filter((c) => !worldSmall.has(c)).sort() : [],
    smallSchoolsUnder100: yearCounts?.under100 ?? null,
    maxSmallSchools: args.cap,
    pupilsMoved: plan?.kpis.pupilsMoved ?? 0,
    schoolsClosed: w?.closures ? new Set(w.closures.map((c) => c.schoolCode)).size : (plan?.kpis.schoolsClosed ?? 0),
    pupilsReseated: (w?.reseated ?? []).filter((r) => r.year === args.targetYear).reduce((n, r) => n + r.pupils, 0),
    meanTravelKmBefore: plan?.kpis.meanTravelBeforeKm ?? null,
    meanTravelKmAfter: plan?.kpis.meanTravelAfterKm ?? null,
    maxTravelKmBefore: plan?.kpis.maxTravelBeforeKm ?? null,
    maxTravelKmAfter: plan?.kpis.maxTravelAfterKm ?? null,
    ...travelMinutes(plan?.villages ?? []),
    redAlerts: args.candidates.filter((c) => c.level === 'red').length,
    yellowAlerts: args.candidates.filter((c) => c.level === 'yellow').length,
    consolidationStatus: args.consolidation?.status ?? null,
    districtSeatGap,
    districtResidentsSeatGap,
    world: w
      ? {
          conserved: w.conserved,
          noSeat: Object.fromEntries(w.conservation.filter((c) => c.year === args.targetYear).map((c) => [c.stage, Math.round(c.noSeat)])),
          noSchoolInReachVillages: new Set(w.noSchoolInReach.filter((n) => n.year === args.targetYear).map((n) => n.unitCode)).size,
        }
      : null,
    indicators: args.indicators,
    network: args.network ?? [],
    planRobustness: args.robustness ?? null,
    byYear: years.map((year) => ({
      year,
      primaryDemand: Math.round(at('primary', year)?.demandResident ?? 0),
      primarySeats: Math.round(at('primary', year)?.seats ?? 0),
      juniorDemand: Math.round(at('junior', year)?.demandResident ?? 0),
      juniorSeats: Math.round(at('junior', year)?.seats ?? 0),
    })),
  };
}

/**
 * Pupil-weighted mean and the maximum of the plan's travel minutes, before and after (null without a travel-time
 * source), and their source.
 */
function travelMinutes(
  villages: readonly {
    pupils: number;
    travelBeforeMinutes: number | null;
    travelAfterMinutes: number | null;
    travelSource: 'roads' | 'straight-line';
  }[],
) {
  let before = 0;
  let beforePupils = 0;
  let after = 0;
  let afterPupils = 0;
  let maxBefore: number | null = null;
  let maxAfter: number | null = null;
  for (const v of villages) {
    if (v.pupils <= 0) continue;
    if (v.travelBeforeMinutes !== null) {
      before += v.travelBeforeMinutes * v.pupils;
      beforePupils += v.pupils;
      maxBefore = Math.max(maxBefore ?? 0, v.travelBeforeMinutes);
    }
    if (v.travelAfterMinutes !== null) {
      after += v.travelAfterMinutes * v.pupils;
      afterPupils += v.pupils;
      maxAfter = Math.max(maxAfter ?? 0, v.travelAfterMinutes);
    }
  }
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    meanTravelMinutesBefore: beforePupils > 0 ? r1(before / beforePupils) : null,
    meanTravelMinutesAfter: afterPupils > 0 ? r1(after / afterPupils) : null,
    maxTravelMinutesBefore: maxBefore === null ? null : r1(maxBefore),
    maxTravelMinutesAfter: maxAfter === null ? null : r1(maxAfter),
    travelSource: villages[0]?.travelSource ?? null,
  };
}
