import type { DataSource } from 'typeorm';
import type { ProjectionService } from '@app/projection-service';
import { demandForms, drawFigures, type ErrorForm } from '@app/projection-model';
import { queryCapacityFigures } from '@app/warnings-service';
import type { HeadlineInterval, HeadlineIntervals } from '@app/scenarios-model';
import type { StoredRun } from './stored-run';

/** The quantile q of sorted values (linear between order statistics). */
function quantile(sorted: Float64Array, q: number): number {
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/**
 * Intervals of a run's headline figures from its projection's stored error model: the city's target-year demand by
 * stage and each district's residents-definition gap (the run's district demand with the relative spread of the
 * projection's interval of the district's summed demand, minus the serving schools' seats), and pupils moved from
 * 1,000 joint draws of the moved villages' pupils (each village's share of its stage demand in its move year;
 * villages of one township move together). None without an error model.
 * @example (await headlineIntervals(ds, projections, run)).pupilsMoved // { lo80: 380, hi80: 421, lo95: 371, hi95: 433 }
 */
export async function headlineIntervals(ds: DataSource, projections: ProjectionService, r: StoredRun): Promise<HeadlineIntervals> {
  const k = r.kpis;
  if (!k || !r.projectionRunId || !(await projections.uncertainty(r.projectionRunId))) return {};
  const pr = r.projectionRunId;
  const pick = (i: { lo80: number; hi80: number; lo95: number; hi95: number }): HeadlineInterval => ({
    lo80: i.lo80,
    hi80: i.hi80,
    lo95: i.lo95,
    hi95: i.hi95,
  });
  const out: HeadlineIntervals = { cityDemand: {}, districtResidentsGap: {} };
  for (const f of await projections.aggregateWithIntervals(pr, 'city', { year: k.targetYear }))
    if (f.intervals) out.cityDemand![f.stage] = pick(f.intervals.resident);
  const years = new Set([k.targetYear, 2030]);
  if (Object.keys(k.districtResidentsSeatGap ?? {}).length > 0 && r.evaluationId) {
    const seats = new Map(
      (await queryCapacityFigures(ds, r.evaluationId, { subjectType: 'district' })).map((f) => [
        `${String(f.subjectCode)}|${String(f.stage)}|${String(f.year)}`,
        Number(f.seats),
      ]),
    );
    for (const f of await projections.aggregateWithIntervals(pr, 'district')) {
      const s = seats.get(`${f.code}|${f.stage}|${f.year}`);
      if (!years.has(f.year) || s === undefined || !f.intervals) continue;
      const gap = k.districtResidentsSeatGap?.[f.code]?.[f.stage]?.[String(f.year)];
      if (gap === undefined || !(f.resident > 0)) continue;
      // The run's district demand (its world, the matching's unit assignment) is the centre; the projection's
      // interval of the district's summed demand gives the relative spread around it (seats are fixed).
      const demand = gap + s;
      const i = f.intervals.resident;
      const at = (b: number) => demand * (b / f.resident) - s;
      ((out.districtResidentsGap![f.code] ??= {})[f.stage] ??= {})[String(f.year)] = {
        lo80: at(i.lo80),
        hi80: at(i.hi80),
        lo95: at(i.lo95),
        hi95: at(i.hi95),
      };
    }
  }
  const plan = r.results?.plan ?? null;
  const moves = (plan?.villages ?? []).filter((v) => v.moved && v.year !== null && v.pupils > 0);
  if (moves.length > 0) {
    const model = (await projections.uncertainty(pr))!;
    const units = [...new Set(moves.map((v) => v.unitCode))];
    const rows = await projections.demandRows(pr, { units });
    const demand = new Map(rows.map((x) => [`${x.unitCode}|${x.stage}|${x.year}`, x.resident]));
    const moved = new Map<string, number>();
    for (const v of moves)
      moved.set(`${v.unitCode}|${v.stage}|${v.year}`, (moved.get(`${v.unitCode}|${v.stage}|${v.year}`) ?? 0) + v.pupils);
    const forms: ErrorForm[] = [];
    let fixed = 0;
    for (const year of new Set(moves.map((v) => v.year!))) {
      const ofYear = rows.filter((x) => x.year === year && moved.has(`${x.unitCode}|${x.stage}|${year}`));
      for (const f of demandForms(ofYear, model, (u, stage) => {
        const d = demand.get(`${u}|${stage}|${year}`) ?? 0;
        return d > 0 ? [{ key: 'moved', weight: (moved.get(`${u}|${stage}|${year}`) ?? 0) / d }] : [];
      }).values())
        forms.push(f.resident);
    }
    // Moved pupils of villages without a projected demand row are counted as they are (no error).
    const covered = forms.reduce((a, f) => a + f.value, 0);
    fixed = k.pupilsMoved - covered;
    const draws = 1000;
    const d = drawFigures(forms, model, draws, 1);
    const sums = new Float64Array(draws);
    for (let s = 0; s < draws; s++) {
      let t = fixed;
      for (let i = 0; i < forms.length; i++) t += d[s * forms.length + i];
      sums[s] = t;
    }
    sums.sort();
    out.pupilsMoved = { lo80: quantile(sums, 0.1), hi80: quantile(sums, 0.9), lo95: quantile(sums, 0.025), hi95: quantile(sums, 0.975) };
  }
  return out;
}
