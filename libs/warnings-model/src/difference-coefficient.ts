import type { ProjectedStage, ResourceIndicators, SchoolRecord } from '@app/domain';
import { isSchoolOpen, projectedStagesOf, stageEnrolment } from './school-capacity';

/** The stages the balanced-development indicators apply to. */
export type CompulsoryStage = 'primary' | 'junior';

/** The seven indicators, in the order of 教督〔2017〕6号's table (docs/standards.md). */
export const INDICATOR_KEYS = [
  'qualifiedTeachers',
  'backboneTeachers',
  'peArtsTeachers',
  'teachingAreaM2',
  'sportsAreaM2',
  'equipmentValueCny',
  'multimediaClassrooms',
] as const satisfies readonly (keyof ResourceIndicators)[];
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

/** Pupils an indicator is expressed per: teachers and classrooms per 100 pupils, areas and equipment per pupil. */
export const INDICATOR_PER_PUPILS: Record<IndicatorKey, 1 | 100> = {
  qualifiedTeachers: 100,
  backboneTeachers: 100,
  peArtsTeachers: 100,
  teachingAreaM2: 1,
  sportsAreaM2: 1,
  equipmentValueCny: 1,
  multimediaClassrooms: 100,
};

/** Minimum per school (教督〔2017〕6号, secondary; docs/standards.md), in the unit of INDICATOR_PER_PUPILS. */
export const INDICATOR_MINIMUMS: Record<CompulsoryStage, Record<IndicatorKey, number>> = {
  primary: {
    qualifiedTeachers: 4.2,
    backboneTeachers: 1,
    peArtsTeachers: 0.9,
    teachingAreaM2: 4.5,
    sportsAreaM2: 7.5,
    equipmentValueCny: 2000,
    multimediaClassrooms: 2.3,
  },
  junior: {
    qualifiedTeachers: 5.3,
    backboneTeachers: 1,
    peArtsTeachers: 0.9,
    teachingAreaM2: 5.8,
    sportsAreaM2: 10.2,
    equipmentValueCny: 2500,
    multimediaClassrooms: 2.4,
  },
};

/** National maximum composite CV (primary 0.50, junior 0.45) and Quzhou's 2027 junior target (below 0.35). */
export const CV_THRESHOLDS: Record<CompulsoryStage, { national: number; quzhouTarget: number | null }> = {
  primary: { national: 0.5, quzhouTarget: null },
  junior: { national: 0.45, quzhouTarget: 0.35 },
};

/** One school's value and weight in a difference coefficient. */
export interface WeightedValue {
  /** n_i: the school's pupils (in the stage). */
  pupils: number;
  /** x_i: the school's value per pupil (or per 100 pupils). */
  value: number;
}

/**
 * The difference coefficient (差异系数) of schools for one indicator (教督〔2017〕6号; docs/standards.md):
 * `CV = sqrt( sum_i (n_i/N) (x_i - xbar)^2 ) / xbar` with N = sum n_i and xbar = sum n_i x_i / N (the county's
 * total resource over its pupils). Scale-free: per pupil or per 100 pupils gives the same CV. Schools without pupils
 * carry no weight; null when N = 0 or xbar = 0 (undefined).
 *
 * @example
 * // x = 5, 4, 6 per 100 pupils, n = 100, 300, 600: xbar = 5.3, variance 0.81, CV = 0.9 / 5.3 ≈ 0.16981
 * differenceCoefficient([{ pupils: 100, value: 5 }, { pupils: 300, value: 4 }, { pupils: 600, value: 6 }]);
 */
export function differenceCoefficient(schools: readonly WeightedValue[]): number | null {
  let n = 0;
  let total = 0;
  for (const s of schools) {
    if (!(s.pupils > 0)) continue;
    n += s.pupils;
    total += s.pupils * s.value;
  }
  if (n === 0) return null;
  const mean = total / n;
  if (mean === 0) return null;
  let variance = 0;
  for (const s of schools) {
    if (!(s.pupils > 0)) continue;
    variance += (s.pupils / n) * (s.value - mean) ** 2;
  }
  return Math.sqrt(variance) / mean;
}

/** A school's indicator values for one stage. */
export interface SchoolIndicatorValues {
  schoolCode: string;
  stage: CompulsoryStage;
  /** n_i: pupils of the stage. */
  pupils: number;
  /** x_i per indicator, in the unit of INDICATOR_PER_PUPILS. */
  values: Record<IndicatorKey, number>;
  /** Indicators at or above the stage minimum. */
  minimumsMet: number;
  /** At least 6 of the 7 minimums met. */
  meetsMinimums: boolean;
}

/** Pupils of a school in one stage (a world year's projected pupils; default: the record's enrolment). */
export type StagePupils = (school: SchoolRecord, stage: ProjectedStage) => number;

/**
 * A school's indicator values for a stage, or null when it does not serve the stage, has no indicators or no pupils.
 * With `pupilsOf` (a world year's pupils) the same resources are divided by that year's pupils: a school receiving a
 * closed school's pupils has less per pupil, a closed school (0 pupils) drops out.
 *
 * Nine-year (and complete secondary) schools: their resources are not recorded per stage, so they count in both
 * stages with the value per pupil of the whole school (resource / all its pupils) and the weight of the stage's
 * pupils. That is the same as splitting every resource between the stages in proportion to pupils.
 *
 * @example
 * schoolIndicatorValues(nineYear, 'junior')?.pupils; // its grade 7-9 pupils
 */
export function schoolIndicatorValues(school: SchoolRecord, stage: CompulsoryStage, pupilsOf?: StagePupils): SchoolIndicatorValues | null {
  if (!school.indicators || !school.stages.includes(stage)) return null;
  const pupils = pupilsOf ? pupilsOf(school, stage) : stageEnrolment(school, stage);
  const allPupils = pupilsOf
    ? projectedStagesOf(school).reduce((s, st) => s + pupilsOf(school, st), 0)
    : school.enrolment > 0
      ? school.enrolment
      : projectedStagesOf(school).reduce((s, st) => s + stageEnrolment(school, st), 0);
  if (!(pupils > 0) || !(allPupils > 0)) return null;
  const values = {} as Record<IndicatorKey, number>;
  let met = 0;
  for (const k of INDICATOR_KEYS) {
    values[k] = (school.indicators[k] / allPupils) * INDICATOR_PER_PUPILS[k];
    if (values[k] >= INDICATOR_MINIMUMS[stage][k]) met += 1;
  }
  return { schoolCode: school.code, stage, pupils, values, minimumsMet: met, meetsMinimums: met >= 6 };
}

/** The difference coefficients of one group of schools (a county) for one stage. */
export interface DifferenceCoefficientResult {
  stage: CompulsoryStage;
  /** Schools counted (serving the stage, open, with indicators and pupils). */
  schools: number;
  /** Schools serving the stage left out for lack of indicators or pupils. */
  excluded: string[];
  pupils: number;
  perIndicator: Record<IndicatorKey, number | null>;
  /** Mean of the seven CVs (null if any is undefined). */
  composite: number | null;
  /** composite <= national maximum. */
  meetsNational: boolean | null;
  /** composite < Quzhou's target, where there is one (junior 0.35). */
  meetsQuzhouTarget: boolean | null;
  /** Schools meeting at least 6 of the 7 minimums. */
  schoolsMeetingMinimums: number;
}

/**
 * Difference coefficients (per indicator and composite) of a group of schools for one stage, and how many of them
 * meet 6 of the 7 minimums. Only schools open in `year` (default: status open, ignoring dates) count; `pupilsOf`
 * gives that year's pupils (the weights n_i and the per-pupil values; default the records' enrolment).
 *
 * @example
 * const r = stageDifferenceCoefficients(countySchools, 'junior');
 * r.composite; // e.g. 0.31
 * r.meetsQuzhouTarget; // true
 */
export function stageDifferenceCoefficients(
  schools: readonly SchoolRecord[],
  stage: CompulsoryStage,
  year?: number,
  pupilsOf?: StagePupils,
): DifferenceCoefficientResult {
  const counted: SchoolIndicatorValues[] = [];
  const excluded: string[] = [];
  for (const s of schools) {
    if (!s.stages.includes(stage)) continue;
    if (year === undefined ? s.status !== 'open' : !isSchoolOpen(s, year)) continue;
    const v = schoolIndicatorValues(s, stage, pupilsOf);
    if (v) counted.push(v);
    else excluded.push(s.code);
  }
  const perIndicator = {} as Record<IndicatorKey, number | null>;
  for (const k of INDICATOR_KEYS) perIndicator[k] = differenceCoefficient(counted.map((c) => ({ pupils: c.pupils, value: c.values[k] })));
  const cvs = INDICATOR_KEYS.map((k) => perIndicator[k]);
  const composite = cvs.every((c): c is number => c !== null) ? cvs.reduce((a, c) => a + c, 0) / cvs.length : null;
  const t = CV_THRESHOLDS[stage];
  return {
    stage,
    schools: counted.length,
    excluded,
    pupils: counted.reduce((a, c) => a + c.pupils, 0),
    perIndicator,
    composite,
    meetsNational: composite === null ? null : composite <= t.national,
    meetsQuzhouTarget: composite === null || t.quzhouTarget === null ? null : composite < t.quzhouTarget,
    schoolsMeetingMinimums: counted.filter((c) => c.meetsMinimums).length,
  };
}
