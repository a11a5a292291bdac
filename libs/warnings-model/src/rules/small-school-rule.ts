import type { ProjectedStage, SchoolRecord } from '@app/domain';
import type { SmallSchoolBand } from '../config';
import { findFigure, type FigureSet } from '../figures';
import { isSchoolOpen, projectedStagesOf, stageEnrolment } from '../school-capacity';
import { levelZh, worstBand, yearsBetween, type AlertCandidate, type RuleContext } from './alert';

/**
 * Small school (小规模学校): fewer pupils than a band (under 200, under 100), per school over its configured stages
 * (primary, junior and nine-year schools by default), looking ahead the lead time of its first stage. Pupils are the
 * enrolment on record carried forward with the school's demand trend (CapacityFigure.projectedEnrolment), the record
 * itself when the evaluation year has no figure. One candidate per school: most severe band reached, onset = the first
 * year that band is reached; stage = the school's first configured stage; population `resident` (enrolled pupils).
 *
 * @example
 * smallSchoolRule(schools, figures, ctx); // [{ rule: 'small_school', subjectCode: 'S2', value: 88, details: { band: 'under100' } }]
 */
export function smallSchoolRule(schools: readonly SchoolRecord[], figures: FigureSet, ctx: RuleContext): AlertCandidate[] {
  const cfg = ctx.config.smallSchool;
  if (!cfg.enabled || cfg.bands.length === 0) return [];
  const out: AlertCandidate[] = [];
  for (const s of schools) {
    const stages = projectedStagesOf(s).filter((st) => cfg.stages.includes(st));
    if (stages.length === 0 || !isSchoolOpen(s, ctx.evaluationYear)) continue;
    const first: ProjectedStage = stages[0];
    const to = ctx.evaluationYear + ctx.config.leadTimeYears[first];
    const years = yearsBetween(figures.years, ctx.evaluationYear, to);
    if (years.length === 0) years.push(ctx.evaluationYear);
    const series = years
      .filter((y) => isSchoolOpen(s, y))
      .map((year) => ({
        year,
        pupils: stages.reduce(
          (a, st) => a + (findFigure(figures, 'school', s.code, st, year)?.projectedEnrolment ?? stageEnrolment(s, st)),
          0,
        ),
      }));
    const worst = worstBand(
      series,
      cfg.bands,
      (b: SmallSchoolBand, p) => p.pupils < b.below,
      (b) => b.band,
    );
    if (!worst) continue;
    const band = cfg.bands[worst.index];
    const fewest = series.reduce((a, p) => (p.pupils < a.pupils ? p : a));
    const onset = series.find((p) => p.year === worst.onsetYear) ?? fewest;
    out.push({
      rule: 'small_school',
      kind: 'small_school',
      level: band.level,
      subjectType: 'school',
      subjectCode: s.code,
      stage: first,
      onsetYear: worst.onsetYear,
      population: 'resident',
      value: Math.round(fewest.pupils),
      seatGap: 0,
      classesShort: 0,
      leadTimeYears: worst.onsetYear - ctx.evaluationYear,
      message: {
        zh: `${s.name}为小规模学校（不足${band.below}人）${levelZh(band.level)}：${onset.year}年在校生约${Math.round(onset.pupils)}人。`,
        en: `${s.name} is a small school (under ${band.below} pupils) from ${onset.year}: about ${Math.round(onset.pupils)} pupils.`,
      },
      details: {
        band: band.band,
        below: band.below,
        bandOnsets: worst.onsets,
        stages,
        enrolment: s.enrolment,
        series: series.map((p) => ({ year: p.year, pupils: Math.round(p.pupils * 10) / 10 })),
      },
    });
  }
  return out;
}
