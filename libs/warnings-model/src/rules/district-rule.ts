import type { PopulationKind, ProjectedStage } from '@app/domain';
import { demandOf } from '../demand-totals';
import { classesFor, findFigure, type CapacityFigure, type FigureSet } from '../figures';
import { utilisationProbability } from '../probability';
import {
  classesEn,
  levelZh,
  pct,
  POPULATION_ZH,
  probabilityPct,
  round,
  STAGE_ZH,
  wholeSeats,
  worstBand,
  yearsBetween,
  type AlertCandidate,
  type RuleContext,
} from './alert';
import { peakUtilisation, reachesLevel, type UtilisationPoint } from './intake-rule';

/** What the district rule found for one district, stage and count (also useful without an alert). */
export interface DistrictShortfall {
  districtCode: string;
  stage: ProjectedStage;
  population: PopulationKind;
  horizonEnd: number;
  /** First year demand exceeds the serving schools' seats; null if none in the horizon. */
  firstShortfallYear: number | null;
  /** Seats (and classes) missing in the first shortfall year. */
  seatsNeededAtShortfall: number;
  classesNeededAtShortfall: number;
  /** Seats (and classes) to have by the horizon end so every year up to it is covered: the largest gap. */
  seatsNeededByHorizonEnd: number;
  classesNeededByHorizonEnd: number;
  series: (UtilisationPoint & { schools: string[] })[];
}

/**
 * The shortfall analysis of one district, stage and count over evaluationYear .. horizonEnd.
 *
 * @example
 * districtShortfall(figures, 'GTXC', 'primary', 'resident', 2025, 2030)?.firstShortfallYear; // 2027
 */
export function districtShortfall(
  figures: FigureSet,
  districtCode: string,
  stage: ProjectedStage,
  population: PopulationKind,
  from: number,
  horizonEnd: number,
  demandBasis: 'district_units' | 'serving_schools' = 'district_units',
): DistrictShortfall | null {
  const rows = yearsBetween(figures.years, from, horizonEnd)
    .map((y) => findFigure(figures, 'district', districtCode, stage, y))
    .filter((f): f is CapacityFigure => !!f);
  if (rows.length === 0) return null;
  const series = rows.map((f) => {
    const demand =
      demandBasis === 'serving_schools' && f.servingSchoolsDemand ? demandOf(f.servingSchoolsDemand, population) : f[population].demand;
    return {
      year: f.year,
      demand,
      seats: f.seats,
      utilisation: f.seats > 0 ? demand / f.seats : null,
      schools: f.schoolCodes,
      gap: demand - f.seats,
      norm: f.classSizeNorm,
    };
  });
  const first = series.find((p) => p.gap > 1e-9) ?? null;
  let peak = series[0];
  for (const p of series) if (p.gap > peak.gap) peak = p;
  const peakGap = Math.max(0, peak.gap);
  return {
    districtCode,
    stage,
    population,
    horizonEnd,
    firstShortfallYear: first ? first.year : null,
    seatsNeededAtShortfall: first ? first.gap : 0,
    classesNeededAtShortfall: first ? classesFor(first.gap, first.norm) : 0,
    seatsNeededByHorizonEnd: peakGap,
    classesNeededByHorizonEnd: classesFor(peakGap, peak.norm),
    series: series.map(({ year, demand, seats, utilisation, schools }) => ({ year, demand, seats, utilisation, schools })),
  };
}

/**
 * The watched-district rule (高铁新城): the seats of the schools serving the district (schools whose catchments take
 * its units) against the projected demand of its units, housing pipeline included, year by year from the evaluation
 * year to the horizon end (config.district.horizonYears, default the last projected year). Levels as configured
 * (yellow 90%, red 100% by default); onset = first year the most severe level is reached. The alert names the first
 * shortfall year and the seats and classes needed by then and by the horizon end (seatGap / classesShort = by the
 * horizon end). `config.district.demandBasis` can set the serving schools' whole matched demand against their seats
 * instead of the district's own demand.
 *
 * @example
 * districtRule(figures, ctx); // [{ rule: 'district', level: 'red', subjectCode: 'GTXC', onsetYear: 2027, ... }]
 */
export function districtRule(figures: FigureSet, ctx: RuleContext): AlertCandidate[] {
  const cfg = ctx.config.district;
  if (!cfg.enabled) return [];
  const lastYear = figures.years[figures.years.length - 1];
  const horizonEnd = cfg.horizonYears === null ? lastYear : Math.min(lastYear, ctx.evaluationYear + cfg.horizonYears);
  const out: AlertCandidate[] = [];
  for (const d of figures.districts) {
    if (cfg.watchedOnly && !d.watched) continue;
    for (const stage of cfg.stages) {
      if (!figures.stages.includes(stage)) continue;
      for (const population of cfg.populations) {
        const s = districtShortfall(figures, d.districtCode, stage, population, ctx.evaluationYear, horizonEnd, cfg.demandBasis);
        if (!s) continue;
        // The spread of each year's demand (error model), so a level may fire on its probability as the intake rule's.
        if (ctx.stageSpread) {
          const units = d.units.map((u) => u.unitCode);
          for (const p of s.series) p.spread = ctx.stageSpread(cfg.demandBasis, units, p.schools, stage, p.year, population);
        }
        const worst = worstBand(s.series, cfg.levels, reachesLevel);
        if (!worst) continue;
        const level = cfg.levels[worst.index].level;
        const name = ctx.nameOf('district', d.districtCode);
        const value = peakUtilisation(s.series);
        const onset = s.series.find((p) => p.year === worst.onsetYear) as UtilisationPoint;
        const probability = ctx.stageSpread
          ? {
              year: onset.year,
              atLeast100: round(utilisationProbability(onset.demand, onset.seats, 1, onset.spread ?? null), 2),
              atLeast90: round(utilisationProbability(onset.demand, onset.seats, 0.9, onset.spread ?? null), 2),
            }
          : null;
        const pZh = probability ? `${probability.year}年学位不足的概率约${probabilityPct(probability.atLeast100)}。` : '';
        const pEn = probability
          ? ` Probability of too few seats in ${probability.year}: about ${probabilityPct(probability.atLeast100)}.`
          : '';
        const shortfallZh =
          s.firstShortfallYear === null
            ? `${horizonEnd}年前学位尚未短缺`
            : `${s.firstShortfallYear}年起学位不足，当年需增加${wholeSeats(s.seatsNeededAtShortfall)}个学位（${s.classesNeededAtShortfall}个班），` +
              `至${horizonEnd}年需增加${wholeSeats(s.seatsNeededByHorizonEnd)}个学位（${s.classesNeededByHorizonEnd}个班）`;
        const shortfallEn =
          s.firstShortfallYear === null
            ? `no shortfall up to ${horizonEnd}`
            : `first shortfall in ${s.firstShortfallYear}: ${wholeSeats(s.seatsNeededAtShortfall)} seats ` +
              `(${classesEn(s.classesNeededAtShortfall)}) needed then, ` +
              `${wholeSeats(s.seatsNeededByHorizonEnd)} seats (${classesEn(s.classesNeededByHorizonEnd)}) by ${horizonEnd}`;
        out.push({
          rule: 'district',
          kind: 'shortage',
          level,
          subjectType: 'district',
          subjectCode: d.districtCode,
          stage,
          onsetYear: worst.onsetYear,
          population,
          value: value === null ? null : round(value, 4),
          seatGap: round(s.seatsNeededByHorizonEnd, 1),
          classesShort: s.classesNeededByHorizonEnd,
          leadTimeYears: worst.onsetYear - ctx.evaluationYear,
          message: {
            zh:
              `${name}${STAGE_ZH[stage]}${levelZh(level)}：${worst.onsetYear}年` +
              `${cfg.demandBasis === 'serving_schools' ? '服务学校需求（含区外生源）' : '区内居住学龄人口'}（${POPULATION_ZH[population]}）` +
              `${Math.round(onset.demand)}人，` +
              `服务学校学位${Math.round(onset.seats)}个（${pct(onset.utilisation)}）；${shortfallZh}。${pZh}`,
            en:
              `District ${name} (${stage}), ${level}: in ${worst.onsetYear} ` +
              `${
                cfg.demandBasis === 'serving_schools'
                  ? 'demand at the schools serving it (with pupils from outside)'
                  : 'residents of the district'
              } ` +
              `(${population}) ${Math.round(onset.demand)} vs ` +
              `${Math.round(onset.seats)} seats of the serving schools (${pct(onset.utilisation)}); ${shortfallEn}.${pEn}`,
          },
          probability,
          details: {
            measure: 'stage_seats',
            demandBasis: cfg.demandBasis,
            window: [ctx.evaluationYear, horizonEnd],
            levelOnsets: worst.onsets,
            firstShortfallYear: s.firstShortfallYear,
            seatsNeededAtShortfall: round(s.seatsNeededAtShortfall, 1),
            classesNeededAtShortfall: s.classesNeededAtShortfall,
            seatsNeededByHorizonEnd: round(s.seatsNeededByHorizonEnd, 1),
            classesNeededByHorizonEnd: s.classesNeededByHorizonEnd,
            horizonEnd,
            units: d.units,
            series: s.series.map(({ spread, ...p }) => ({
              ...p,
              utilisation: p.utilisation === null ? null : round(p.utilisation, 4),
              ...(spread ? { pAtLeast100: round(utilisationProbability(p.demand, p.seats, 1, spread), 2) } : {}),
            })),
          },
        });
      }
    }
  }
  return out;
}
