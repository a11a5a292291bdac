import type { PopulationKind, ProjectedStage } from '@app/domain';
import type { AlertLevel, WarningConfig } from '../config';
import type { IntakeSpread, StageSpread } from '../probability';

/** What an alert is about. */
export type AlertSubjectType = 'school' | 'catchment' | 'township' | 'county' | 'district';

/** The rule that raised an alert (part of its identity). */
export type AlertRule = 'intake' | 'district' | 'underuse' | 'small_school' | 'class_size';

/** Coarse category for filtering (`GET /alerts?kind=`). */
export type AlertKind = 'shortage' | 'underuse' | 'small_school' | 'class_size';

/** Message in both languages. */
export interface AlertMessage {
  zh: string;
  en: string;
}

/**
 * An alert as the rules propose it. Identity: {@link alertKey} (rule, subject, stage, population, onset year).
 *
 * `value` by rule: intake and district: highest utilisation (demand / seats) in the window, null when there were no
 * seats at all; underuse: lowest utilisation; small_school: fewest pupils; class_size: largest grade average class
 * size. `seatGap` is demand - seats where it applies (largest in the window; negative means spare seats), else 0.
 */
export interface AlertCandidate {
  rule: AlertRule;
  kind: AlertKind;
  level: AlertLevel;
  subjectType: AlertSubjectType;
  subjectCode: string;
  /** For whole-school rules (small school), the school's first compulsory stage. */
  stage: ProjectedStage;
  /** First year within the window at which the alert's level is reached. */
  onsetYear: number;
  /** Count the rule ran on; rules over enrolment records (small school, class size) use `resident`. */
  population: PopulationKind;
  value: number | null;
  seatGap: number;
  classesShort: number;
  /** onsetYear - evaluation year: the warning time left. */
  leadTimeYears: number;
  message: AlertMessage;
  details: Record<string, unknown>;
  /**
   * Seat warnings with an error model: P(utilisation >= 100 %) and P(>= 90 %) in the onset year (rounded to 0.01);
   * null when the rule has no probabilities (no model, or not a seat rule).
   */
  probability?: AlertProbability | null;
}

/** How likely a seat warning is, for its onset year. */
export interface AlertProbability {
  year: number;
  atLeast100: number;
  atLeast90: number;
}

/** Evaluation context shared by the rules. */
export interface RuleContext {
  /** First year a rule looks at ("now"); windows run from here. */
  evaluationYear: number;
  config: WarningConfig;
  /** Display name of a subject (falls back to its code). */
  nameOf: (subjectType: AlertSubjectType, code: string) => string;
  /** Spread of a catchment's intake demand (from the projection's error model); absent: point values only. */
  intakeSpread?: IntakeSpread;
  /** Spread of a district's stage demand (district rule); absent: point values only. */
  stageSpread?: StageSpread;
}

export const STAGE_ZH: Record<ProjectedStage, string> = { kindergarten: '幼儿园', primary: '小学', junior: '初中', senior: '高中' };
export const POPULATION_ZH: Record<PopulationKind, string> = { resident: '常住', registered: '户籍' };
const LEVEL_ZH: Record<string, string> = { notice: '提示', yellow: '黄色预警', orange: '橙色预警', red: '红色预警' };

/**
 * Chinese name of a level (configured custom levels keep their name).
 * @example
 * levelZh('red'); // '红色预警'
 */
export function levelZh(level: AlertLevel): string {
  return LEVEL_ZH[level] ?? level;
}

/**
 * Years of `years` within [from, to].
 * @example
 * yearsBetween([2025, 2026, 2027, 2028, 2029], 2025, 2028); // [2025, 2026, 2027, 2028]
 */
export function yearsBetween(years: readonly number[], from: number, to: number): number[] {
  return years.filter((y) => y >= from && y <= to);
}

/**
 * The most severe band reached over a series, and the first year each band is reached.
 * Bands are ordered least to most severe; `reached(band, item)` says whether an item reaches a band.
 *
 * @example
 * worstBand([{ year: 2026, u: 0.95 }, { year: 2027, u: 1.1 }], levels, (b, x) => x.u >= b.atLeast);
 * // { index: 1, onsetYear: 2027, onsets: { yellow: 2026, red: 2027 } }
 */
export function worstBand<B extends { level: string }, T extends { year: number }>(
  series: readonly T[],
  bands: readonly B[],
  reached: (band: B, item: T) => boolean,
  bandName: (band: B) => string = (b) => b.level,
): { index: number; onsetYear: number; onsets: Record<string, number> } | null {
  let index = -1;
  let onsetYear = 0;
  const onsets: Record<string, number> = {};
  bands.forEach((band, k) => {
    const hit = series.find((item) => reached(band, item));
    if (!hit) return;
    onsets[bandName(band)] = hit.year;
    if (k > index) {
      index = k;
      onsetYear = hit.year;
    }
  });
  return index < 0 ? null : { index, onsetYear, onsets };
}

/**
 * Rounds for storage and comparison (alerts keep utilisation to 4 decimals, seats to 1 decimal).
 * @example
 * round(145 / 135, 4); // 1.0741
 */
export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/**
 * Percent text of a utilisation (null: no seats).
 * @example
 * pct(1.0741); // '107%'
 */
export function pct(u: number | null): string {
  return u === null ? '∞' : `${Math.round(u * 100)}%`;
}

/**
 * Whole seats to ask for: rounded up, but float noise (10.0000001 seats) does not ask for an extra one.
 * @example
 * wholeSeats(10.0000001); // 10
 */
export function wholeSeats(n: number): number {
  return Math.max(0, Math.ceil(n - 1e-6));
}

/**
 * English count of classes.
 * @example
 * classesEn(1); // '1 class'
 */
export function classesEn(n: number): string {
  return `${n} class${n === 1 ? '' : 'es'}`;
}

/**
 * Percent text of a probability, rounded to whole percent but never claiming certainty it does not have.
 * @example
 * probabilityPct(0.784); // '78%'
 * probabilityPct(0.999); // '>99%'
 */
export function probabilityPct(p: number): string {
  if (p > 0.99 && p < 1) return '>99%';
  if (p < 0.01 && p > 0) return '<1%';
  return `${Math.round(p * 100)}%`;
}
