import type { PopulationKind, ProjectedStage } from '@app/domain';
import type { UtilisationLevel } from '../config';
import { classesFor, findFigure, type CapacityFigure, type FigureSet } from '../figures';
import { utilisationProbability, type FigureSpread } from '../probability';
import {
  levelZh,
  probabilityPct,
  pct,
  POPULATION_ZH,
  round,
  STAGE_ZH,
  worstBand,
  yearsBetween,
  type AlertCandidate,
  type RuleContext,
  wholeSeats,
  classesEn,
} from './alert';

/** One year of a utilisation series. */
export interface UtilisationPoint {
  year: number;
  demand: number;
  seats: number;
  /** demand / seats; null when there are no seats. */
  utilisation: number | null;
  /** Spread of the demand (error model), when known: lets a level fire on its probability. */
  spread?: FigureSpread | null;
}

/**
 * Whether a point reaches a utilisation level; demand with no seats at all reaches every level.
 * @example
 * reachesLevel({ level: 'red', atLeast: 1 }, { year: 2027, demand: 110, seats: 100, utilisation: 1.1 }); // true
 */
export function reachesLevel(level: UtilisationLevel, p: UtilisationPoint): boolean {
  if (p.utilisation === null ? p.demand > 0 : p.utilisation >= level.atLeast) return true;
  // A level with a probability trigger also fires when reaching it is likely enough (README of libs/warnings-model).
  return (
    level.minProbability !== undefined &&
    !!p.spread &&
    utilisationProbability(p.demand, p.seats, level.atLeast, p.spread) >= level.minProbability
  );
}

/**
 * Highest utilisation of a series (null, "no seats", is highest of all).
 * @example
 * peakUtilisation([{ year: 2025, demand: 90, seats: 100, utilisation: 0.9 }]); // 0.9
 */
export function peakUtilisation(series: readonly UtilisationPoint[]): number | null {
  let peak = -Infinity;
  for (const p of series) {
    if (p.utilisation === null) {
      if (p.demand > 0) return null;
      continue;
    }
    if (p.utilisation > peak) peak = p.utilisation;
  }
  return peak === -Infinity ? 0 : peak;
}

/**
 * Provincial intake rule (浙教基〔2018〕100号) per catchment: entry-grade demand against intake seats, yellow at 90-100%
 * and red at 100%+ (further levels from config), on each configured population count, looking ahead the stage's lead
 * time: the window is evaluationYear .. evaluationYear + leadTimeYears[stage]. One candidate per catchment, stage and
 * count: the most severe level reached in the window, onset = the first year that level is reached (details list
 * every level's onset), seat gap and classes short = the largest intake gap in the window.
 *
 * @example
 * intakeRule(figures, ctx); // [{ rule: 'intake', level: 'red', subjectCode: 'P1', onsetYear: 2028, ... }]
 */
export function intakeRule(figures: FigureSet, ctx: RuleContext): AlertCandidate[] {
  const cfg = ctx.config.intake;
  if (!cfg.enabled) return [];
  const out: AlertCandidate[] = [];
  const catchments = [...new Set(figures.rows.filter((f) => f.subjectType === 'catchment').map((f) => `${f.subjectCode}|${f.stage}`))];
  for (const key of catchments) {
    const [code, stage] = key.split('|') as [string, ProjectedStage];
    if (!cfg.stages.includes(stage)) continue;
    const to = ctx.evaluationYear + ctx.config.leadTimeYears[stage];
    const years = yearsBetween(figures.years, ctx.evaluationYear, to);
    const rows = years.map((y) => findFigure(figures, 'catchment', code, stage, y)).filter((f): f is CapacityFigure => !!f);
    for (const population of cfg.populations) {
      const c = intakeCandidate(rows, population, cfg.levels, ctx, code, stage, to);
      if (c) out.push(c);
    }
  }
  return out;
}

function intakeCandidate(
  rows: readonly CapacityFigure[],
  population: PopulationKind,
  levels: readonly UtilisationLevel[],
  ctx: RuleContext,
  code: string,
  stage: ProjectedStage,
  windowEnd: number,
): AlertCandidate | null {
  const series: UtilisationPoint[] = rows.map((f) => ({
    year: f.year,
    demand: f[population].intakeDemand,
    seats: f.intakeSeats,
    utilisation: f[population].intakeUtilisation,
    spread: ctx.intakeSpread ? ctx.intakeSpread(code, stage, f.year, population) : null,
  }));
  const worst = worstBand(series, levels, reachesLevel);
  if (!worst) return null;
  const level = levels[worst.index].level;
  let peakGapIdx = 0;
  rows.forEach((f, k) => {
    if (f[population].intakeSeatGap > rows[peakGapIdx][population].intakeSeatGap) peakGapIdx = k;
  });
  const peak = rows[peakGapIdx];
  const gap = peak[population].intakeSeatGap;
  const classes = classesFor(gap, peak.classSizeNorm);
  const value = peakUtilisation(series);
  const onsetRow = rows.find((f) => f.year === worst.onsetYear) ?? peak;
  const name = ctx.nameOf('catchment', code);
  const onsetU = onsetRow[population].intakeUtilisation;
  const onsetPoint = series.find((p) => p.year === worst.onsetYear);
  const probability =
    ctx.intakeSpread && onsetPoint
      ? {
          year: onsetPoint.year,
          atLeast100: round(utilisationProbability(onsetPoint.demand, onsetPoint.seats, 1, onsetPoint.spread ?? null), 2),
          atLeast90: round(utilisationProbability(onsetPoint.demand, onsetPoint.seats, 0.9, onsetPoint.spread ?? null), 2),
        }
      : null;
  const pZh = probability ? `${probability.year}年学位不足的概率约${probabilityPct(probability.atLeast100)}。` : '';
  const pEn = probability ? ` Probability of too few seats in ${probability.year}: about ${probabilityPct(probability.atLeast100)}.` : '';
  return {
    rule: 'intake',
    kind: 'shortage',
    level,
    subjectType: 'catchment',
    subjectCode: code,
    stage,
    onsetYear: worst.onsetYear,
    population,
    value: value === null ? null : round(value, 4),
    seatGap: round(gap, 1),
    classesShort: classes,
    leadTimeYears: worst.onsetYear - ctx.evaluationYear,
    message: {
      zh:
        `${name}施教区${STAGE_ZH[stage]}${levelZh(level)}：${worst.onsetYear}年${POPULATION_ZH[population]}入学需求` +
        `${Math.round(onsetRow[population].intakeDemand)}人，招生学位${Math.round(onsetRow.intakeSeats)}个（${pct(onsetU)}）；` +
        (gap > 0
          ? `${windowEnd}年前最大缺口${wholeSeats(gap)}个学位（${classes}个班）。`
          : `${windowEnd}年前尚余${Math.floor(-gap)}个学位。`) +
        pZh,
      en:
        `Catchment ${name} (${stage}), ${level}: in ${worst.onsetYear} ${population} entry-grade demand ` +
        `${Math.round(onsetRow[population].intakeDemand)} vs ${Math.round(onsetRow.intakeSeats)} intake seats (${pct(onsetU)}); ` +
        (gap > 0
          ? `largest shortfall up to ${windowEnd}: ${wholeSeats(gap)} seats (${classesEn(classes)}).`
          : `at least ${Math.floor(-gap)} seats to spare up to ${windowEnd}.`) +
        pEn,
    },
    probability,
    details: {
      measure: 'intake',
      window: [ctx.evaluationYear, windowEnd],
      levelOnsets: worst.onsets,
      schools: onsetRow.schoolCodes,
      classSizeNorm: peak.classSizeNorm,
      series: series.map(({ spread, ...p }) => ({
        ...p,
        utilisation: p.utilisation === null ? null : round(p.utilisation, 4),
        ...(spread ? { pAtLeast100: round(utilisationProbability(p.demand, p.seats, 1, spread), 2) } : {}),
      })),
    },
  };
}
