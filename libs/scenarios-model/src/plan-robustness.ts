import type { ConsolidationPlan } from '@app/consolidation';
import type { DemandRow } from '@app/domain';
import { demandForms, drawFigures, type ErrorForm, type UncertaintyModel } from '@app/projection-model';

/** How likely a consolidation plan's small-school cap still holds, per year. */
export interface PlanRobustness {
  threshold: number;
  cap: number;
  draws: number;
  years: {
    year: number;
    /** Kept schools under the threshold with the point projection. */
    smallSchoolsPoint: number;
    /** Mean over the draws. */
    smallSchoolsMean: number;
    /** Share of draws with at most `cap` kept schools under `threshold` pupils. */
    pCapHolds: number;
  }[];
  /** Share of draws in which the cap holds in every one of `years` (e.g. the target year and three years later). */
  pCapHoldsEveryYear: number;
}

/**
 * P(at most `cap` kept schools have fewer than `threshold` pupils) in each year, from joint draws of the kept
 * schools' pupils (the projection's error model, calibrated as its intervals are: schools fed by one township move
 * together). A school's pupils in year y are its plan pupils of the planned stages, each village's share carried by
 * that village's projected demand of the stage in year y (demand(y) / demand(target year)), plus its pupils of other
 * stages held as in the plan.
 * @example
 * planRobustness(plan, demand, model, { threshold: 200, cap: 30, years: [2027, 2030] }).years[1].pCapHolds; // 0.74
 */
export function planRobustness(
  plan: Pick<ConsolidationPlan, 'targetYear' | 'schools' | 'villages'>,
  demand: readonly DemandRow[],
  model: UncertaintyModel,
  opts: { threshold: number; cap: number; years: readonly number[]; draws?: number; seed?: number },
): PlanRobustness {
  const draws = opts.draws ?? 1000;
  const kept = plan.schools.filter((s) => s.decision === 'keep');
  const keptCodes = new Set(kept.map((s) => s.code));
  const targetDemand = new Map<string, number>();
  for (const r of demand) if (r.year === plan.targetYear) targetDemand.set(`${r.unitCode}|${r.stage}`, r.resident);
  // Unit-stage -> schools with the share of the unit's stage demand each receives.
  const weights = new Map<string, { key: string; weight: number }[]>();
  const planned = new Map<string, number>();
  for (const v of plan.villages) {
    if (!keptCodes.has(v.toSchool) || !(v.pupils > 0)) continue;
    const base = targetDemand.get(`${v.unitCode}|${v.stage}`) ?? 0;
    if (!(base > 0)) continue;
    const list = weights.get(`${v.unitCode}|${v.stage}`) ?? [];
    list.push({ key: v.toSchool, weight: v.pupils / base });
    weights.set(`${v.unitCode}|${v.stage}`, list);
    planned.set(v.toSchool, (planned.get(v.toSchool) ?? 0) + v.pupils);
  }
  const other = new Map(kept.map((s) => [s.code, Math.max(0, s.enrolmentAfter - (planned.get(s.code) ?? 0))]));
  const out: PlanRobustness = { threshold: opts.threshold, cap: opts.cap, draws, years: [], pCapHoldsEveryYear: 0 };
  // One set of draws for every year: a year's forms load on the same township, unit and births factors as the
  // others' (a shock of step j is the same shock in every later year), so the years are jointly drawn and
  // "the cap holds in the target year and three years later" is read from the same draws.
  const list: { year: number; school: string; form: ErrorForm }[] = [];
  for (const year of opts.years) {
    const rows = demand.filter((r) => r.year === year && weights.has(`${r.unitCode}|${r.stage}`));
    const forms = demandForms(rows, model, (u, stage) => weights.get(`${u}|${stage}`) ?? []);
    // One form per school and stage: a school's pupils are their sum (the stages' draws share factors).
    for (const f of forms.values()) list.push({ year, school: f.key, form: f.resident });
  }
  // Calibrated draws: the same shift, factors and drift as the intervals and the warnings' probabilities.
  const d = drawFigures(
    list.map((x) => x.form),
    model,
    draws,
    opts.seed ?? 1,
    list.map((x) => x.year - model.baseYear),
  );
  const n = list.length;
  const pupils = (s: string, extra: number) => extra + (other.get(s) ?? 0);
  const holdsAll = new Uint8Array(draws).fill(1);
  const acc = new Map<string, number>();
  for (const year of opts.years) {
    const idx: number[] = [];
    list.forEach((x, i) => x.year === year && idx.push(i));
    const pointOf = new Map<string, number>();
    for (const i of idx) pointOf.set(list[i].school, (pointOf.get(list[i].school) ?? 0) + list[i].form.value);
    const smallPoint = kept.filter((s) => pupils(s.code, pointOf.get(s.code) ?? 0) < opts.threshold).length;
    let holds = 0;
    let sum = 0;
    for (let s = 0; s < draws; s++) {
      acc.clear();
      for (const i of idx) acc.set(list[i].school, (acc.get(list[i].school) ?? 0) + d[s * n + i]);
      const small = kept.filter((k) => pupils(k.code, acc.get(k.code) ?? 0) < opts.threshold).length;
      sum += small;
      if (small <= opts.cap) holds++;
      else holdsAll[s] = 0;
    }
    out.years.push({ year, smallSchoolsPoint: smallPoint, smallSchoolsMean: sum / draws, pCapHolds: holds / draws });
  }
  out.pCapHoldsEveryYear = opts.years.length ? holdsAll.reduce((a, b) => a + b, 0) / draws : 1;
  return out;
}
