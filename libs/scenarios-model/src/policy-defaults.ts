import { DEFAULT_CONSOLIDATION_GAP, DEFAULT_CONSOLIDATION_OPTIONS } from '@app/consolidation';
import { DEFAULT_WARNING_CONFIG, type UtilisationLevel } from '@app/warnings-model';
import type { ScenarioOverrides } from './overrides.schema';

/** The year the small-school cap is for (Quzhou action plan 2024-2032: at most 30 schools under 200 by 2027). */
export const DEFAULT_TARGET_YEAR = 2027;

/** The settings of a scenario's policy that the run engine reads itself, each with its default filled in. */
export interface ResolvedPolicy {
  targetYear: number;
  smallSchoolThreshold: number;
  /** At most this many small schools in the target year (the consolidation model's `maxSmallSchools`). */
  maxSmallSchools: number;
  dayTravelKm: number;
  boardingTravelKm: number;
  detourFactor: number;
  /**
   * The intake and district rules' levels when the policy sets `warningYellowAt` or `warningRedAt` (the other one
   * keeps the warning config's default); undefined when it sets neither, so the warning config's own levels apply.
   */
  warningLevels: UtilisationLevel[] | undefined;
}

/** The default utilisation of one level of the provincial intake rule (yellow 0.9, red 1). */
function defaultAtLeast(level: 'yellow' | 'red'): number {
  const band = DEFAULT_WARNING_CONFIG.intake.levels.find((l) => l.level === level);
  if (!band) throw new Error(`the default warning config has no ${level} intake level`);
  return band.atLeast;
}

/**
 * A scenario's policy with every default the run engine applies (the target year of the action plan, the
 * consolidation model's defaults, the warning config's levels): the one place they are filled in.
 * @example resolvePolicy({ maxSmallSchools: 25 }) // { targetYear: 2027, maxSmallSchools: 25, dayTravelKm: 5, detourFactor: 1.3, … }
 */
export function resolvePolicy(policy: ScenarioOverrides['policy'] = {}): ResolvedPolicy {
  const d = DEFAULT_CONSOLIDATION_OPTIONS;
  const yellow = policy.warningYellowAt;
  const red = policy.warningRedAt;
  return {
    targetYear: policy.targetYear ?? DEFAULT_TARGET_YEAR,
    smallSchoolThreshold: policy.smallSchoolThreshold ?? d.smallSchoolThreshold,
    maxSmallSchools: policy.maxSmallSchools ?? d.maxSmallSchools,
    dayTravelKm: policy.dayTravelKm ?? d.dayTravelKm,
    boardingTravelKm: policy.boardingTravelKm ?? d.boardingTravelKm,
    detourFactor: policy.detourFactor ?? d.detourFactor,
    warningLevels:
      yellow !== undefined || red !== undefined
        ? [
            { level: 'yellow', atLeast: yellow ?? defaultAtLeast('yellow') },
            { level: 'red', atLeast: red ?? defaultAtLeast('red') },
          ]
        : undefined,
  };
}

export type PolicyObjective = 'cost' | 'travel' | 'fewest_schools';

/** The consolidation model's four cost weights (CNY), the terms of its objective. */
export interface ObjectiveWeights {
  travelCostPerPupilKm: number;
  fixedCostPerSchool: number;
  expansionCostPerClass: number;
  moveCostPerPupil: number;
}

const COST: ObjectiveWeights = {
  travelCostPerPupilKm: DEFAULT_CONSOLIDATION_OPTIONS.travelCostPerPupilKm,
  fixedCostPerSchool: DEFAULT_CONSOLIDATION_OPTIONS.fixedCostPerSchool,
  expansionCostPerClass: DEFAULT_CONSOLIDATION_OPTIONS.expansionCostPerClass,
  moveCostPerPupil: DEFAULT_CONSOLIDATION_OPTIONS.moveCostPerPupil,
};

/**
 * Each objective as the consolidation model's weights. The model has one cost objective; an objective is a choice of
 * its weights, so every plan stays verified against the same constraints (cap, travel limits, phasing):
 * - `cost`: the defaults (a school's running cost against pupils' travel, moves and added classes);
 * - `travel`: only pupils' road km count, so no school closes beyond what the cap requires;
 * - `fewest_schools`: a site's running cost is 100 x its default, so every school the rules let close does close
 *   (travel and added classes only break ties).
 */
export const OBJECTIVE_WEIGHTS: Readonly<Record<PolicyObjective, ObjectiveWeights>> = {
  cost: COST,
  travel: { travelCostPerPupilKm: COST.travelCostPerPupilKm, fixedCostPerSchool: 0, expansionCostPerClass: 0, moveCostPerPupil: 0 },
  fewest_schools: { ...COST, fixedCostPerSchool: COST.fixedCostPerSchool * 100 },
};

/**
 * The weights a scenario's consolidation minimises: its objective's weights (default `cost`), each replaced by an
 * explicit weight the policy sets.
 * @example objectiveWeights({ objective: 'travel' }).fixedCostPerSchool // 0
 */
export function objectiveWeights(policy: ScenarioOverrides['policy'] = {}): ObjectiveWeights {
  const w = OBJECTIVE_WEIGHTS[policy.objective ?? 'cost'];
  return {
    travelCostPerPupilKm: policy.travelCostPerPupilKm ?? w.travelCostPerPupilKm,
    fixedCostPerSchool: policy.fixedCostPerSchool ?? w.fixedCostPerSchool,
    expansionCostPerClass: policy.expansionCostPerClass ?? w.expansionCostPerClass,
    moveCostPerPupil: policy.moveCostPerPupil ?? w.moveCostPerPupil,
  };
}

/** One policy setting's default, its unit and where it comes from. */
export interface PolicyDefault {
  field: string;
  value: number | string;
  unit: string | null;
  source: string;
  /** The same source in Chinese, for the map page in its default language. */
  sourceZh: string;
}

const PLAN = 'Quzhou action plan 2024-2032 (small-school consolidation)';
const PLAN_ZH = '衢州市行动计划（2024-2032）小规模学校撤并';
const ASSUMPTION = 'assumption (libs/consolidation DEFAULT_CONSOLIDATION_OPTIONS; docs/consolidation.md)';
const ASSUMPTION_ZH = '假设（见 docs/consolidation.md）';

/**
 * The defaults a scenario's policy falls back to, with sources: what the consolidation step uses when a field is
 * not set. `solverTimeLimitS` is the deployment's `SOLVER_TIME_LIMIT_S`.
 * @example policyDefaults(120).find((d) => d.field === 'maxSmallSchools')?.value // 30
 */
export function policyDefaults(solverTimeLimitS: number): PolicyDefault[] {
  const d = DEFAULT_CONSOLIDATION_OPTIONS;
  // What the run engine applies (resolvePolicy), so that the page lists the defaults a run uses.
  const r = resolvePolicy();
  return [
    { field: 'targetYear', value: r.targetYear, unit: 'year', source: PLAN, sourceZh: PLAN_ZH },
    { field: 'maxSmallSchools', value: r.maxSmallSchools, unit: 'schools', source: PLAN, sourceZh: PLAN_ZH },
    { field: 'smallSchoolThreshold', value: r.smallSchoolThreshold, unit: 'pupils', source: PLAN, sourceZh: PLAN_ZH },
    {
      field: 'dayTravelKm',
      value: r.dayTravelKm,
      unit: 'km',
      source: `${ASSUMPTION}: about 30 minutes for a young pupil on rural roads`,
      sourceZh: `${ASSUMPTION_ZH}：低年级乡村道路约30分钟`,
    },
    {
      field: 'boardingTravelKm',
      value: r.boardingTravelKm,
      unit: 'km',
      source: `${ASSUMPTION}: a weekly boarder's trip by county bus`,
      sourceZh: `${ASSUMPTION_ZH}：寄宿生每周乘县内班车`,
    },
    {
      field: 'detourFactor',
      value: r.detourFactor,
      unit: null,
      source: `${ASSUMPTION}: road km over straight-line km without a road layer`,
      sourceZh: `${ASSUMPTION_ZH}：无路网时道路距离与直线距离之比`,
    },
    {
      field: 'closuresPerCountyPerYear',
      value: d.maxClosuresPerCountyPerYear,
      unit: 'schools',
      source: `${ASSUMPTION}: what one county bureau can take through study, notice and hearing in a year`,
      sourceZh: `${ASSUMPTION_ZH}：一个县教育局一年能完成论证、公示和听证的数量`,
    },
    { field: 'lastClosureYear', value: d.lastClosureYear, unit: 'year', source: ASSUMPTION, sourceZh: ASSUMPTION_ZH },
    {
      field: 'objective',
      value: 'cost',
      unit: null,
      source: 'engine default: the cost weights below',
      sourceZh: '引擎默认：按下列成本权重',
    },
    {
      field: 'travelCostPerPupilKm',
      value: d.travelCostPerPupilKm,
      unit: 'CNY/pupil-km/year',
      source: `${ASSUMPTION}: 2 trips x 200 school days x 1 CNY`,
      sourceZh: `${ASSUMPTION_ZH}：每天往返2次 × 200个上学日 × 1元`,
    },
    {
      field: 'fixedCostPerSchool',
      value: d.fixedCostPerSchool,
      unit: 'CNY/year',
      source: `${ASSUMPTION}: running a site beyond per-pupil costs`,
      sourceZh: `${ASSUMPTION_ZH}：维持一个校点的运行成本（不含生均）`,
    },
    {
      field: 'expansionCostPerClass',
      value: d.expansionCostPerClass,
      unit: 'CNY/class-year',
      source: `${ASSUMPTION}: a classroom annualised over 20 years`,
      sourceZh: `${ASSUMPTION_ZH}：一间教室按20年摊销`,
    },
    {
      field: 'moveCostPerPupil',
      value: d.moveCostPerPupil,
      unit: 'CNY/pupil',
      source: `${ASSUMPTION}: once per pupil moved`,
      sourceZh: `${ASSUMPTION_ZH}：每名转学学生一次`,
    },
    {
      field: 'solverGap',
      value: DEFAULT_CONSOLIDATION_GAP,
      unit: null,
      source: 'engine default: proved optimal or within 0.5 %',
      sourceZh: '引擎默认：证明最优或相差不超过0.5%',
    },
    {
      field: 'solverTimeLimitS',
      value: solverTimeLimitS,
      unit: 's',
      source: 'deployment setting SOLVER_TIME_LIMIT_S',
      sourceZh: '部署设置 SOLVER_TIME_LIMIT_S',
    },
  ];
}
