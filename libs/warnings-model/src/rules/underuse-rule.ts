import { findFigure, type CapacityFigure, type FigureSet } from '../figures';
import { levelZh, pct, POPULATION_ZH, round, STAGE_ZH, yearsBetween, type AlertCandidate, type RuleContext } from './alert';

/**
 * Underused school: matched demand below `config.underuse.below` (50%) of its stage seats, per school and stage,
 * looking ahead the stage's lead time. Only schools listed by a catchment of the stage (a school outside every
 * catchment gets no matched demand, which says nothing about its use) and only years it is open with seats.
 * Onset = first such year; value = lowest utilisation in the window; seatGap = demand - seats that year (negative).
 *
 * @example
 * underuseRule(figures, ctx); // [{ rule: 'underuse', level: 'notice', subjectCode: 'S2', value: 0.41, ... }]
 */
export function underuseRule(figures: FigureSet, ctx: RuleContext): AlertCandidate[] {
  const cfg = ctx.config.underuse;
  if (!cfg.enabled) return [];
  const out: AlertCandidate[] = [];
  const seen = new Set<string>();
  for (const f of figures.rows) {
    if (f.subjectType !== 'school' || !cfg.stages.includes(f.stage) || (f.catchmentCodes ?? []).length === 0) continue;
    const key = `${f.subjectCode}|${f.stage}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const to = ctx.evaluationYear + ctx.config.leadTimeYears[f.stage];
    const rows = yearsBetween(figures.years, ctx.evaluationYear, to)
      .map((y) => findFigure(figures, 'school', f.subjectCode, f.stage, y))
      .filter((r): r is CapacityFigure => !!r && !!r.open && r.seats > 0);
    for (const population of cfg.populations) {
      const low = rows.filter((r) => (r[population].utilisation ?? Infinity) < cfg.below);
      if (low.length === 0) continue;
      const onset = low[0];
      const worst = low.reduce((a, r) => ((r[population].utilisation ?? 0) < (a[population].utilisation ?? 0) ? r : a));
      const u = worst[population].utilisation ?? 0;
      const spare = -worst[population].seatGap;
      const name = ctx.nameOf('school', f.subjectCode);
      out.push({
        rule: 'underuse',
        kind: 'underuse',
        level: cfg.level,
        subjectType: 'school',
        subjectCode: f.subjectCode,
        stage: f.stage,
        onsetYear: onset.year,
        population,
        value: round(u, 4),
        seatGap: round(worst[population].seatGap, 1),
        classesShort: 0,
        leadTimeYears: onset.year - ctx.evaluationYear,
        message: {
          zh:
            `${name}（${STAGE_ZH[f.stage]}）学位利用不足${levelZh(cfg.level)}：` +
            `${onset.year}年起${POPULATION_ZH[population]}需求低于学位的${pct(cfg.below)}，最低${pct(u)}（${worst.year}年，` +
            `空余${Math.round(spare)}个学位）。`,
          en:
            `${name} (${f.stage}) underused from ${onset.year}: ${population} demand below ${pct(cfg.below)} of seats, ` +
            `lowest ${pct(u)} in ${worst.year} (${Math.round(spare)} spare seats).`,
        },
        details: {
          window: [ctx.evaluationYear, to],
          below: cfg.below,
          worstYear: worst.year,
          spareSeats: round(spare, 1),
          spareClasses: Math.floor(spare / worst.classSizeNorm),
          series: rows.map((r) => ({ year: r.year, demand: r[population].demand, seats: r.seats, utilisation: r[population].utilisation })),
        },
      });
    }
  }
  return out;
}
