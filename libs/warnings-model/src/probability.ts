import type { DemandRow, PopulationKind, ProjectedStage } from '@app/domain';
import { demandForms, exceedance, scaleOf, shiftOf, type UncertaintyModel } from '@app/projection-model';
import type { UnitCatchmentShare } from './catchment-matching';

/** Spread of one figure: relative variance (variance / point^2), its calibration scale and centre shift. */
export interface FigureSpread {
  relVariance: number;
  scale: [number, number];
  /** ln shift of the median from the point (calibration bias x horizon); absent: 0. */
  shift?: number;
}

/** Looks up the spread of a catchment's entry-grade (intake) demand in a year; null when the model has none. */
export type IntakeSpread = (catchmentCode: string, stage: ProjectedStage, year: number, population: PopulationKind) => FigureSpread | null;

/**
 * The spread of every catchment's intake demand from the projection's error model and the units' catchment shares
 * (the same shares matching used): honest sums, units of one township share its shocks.
 * @example
 * const spread = intakeSpreads(demand, match.shares, model);
 * spread('P1', 'primary', 2027, 'resident'); // { relVariance: 0.0036, scale: [0.9, 1.0] }
 */
export function intakeSpreads(demand: readonly DemandRow[], shares: readonly UnitCatchmentShare[], model: UncertaintyModel): IntakeSpread {
  const byUnit = new Map<string, { key: string; weight: number }[]>();
  for (const s of shares) {
    const k = `${s.unitCode}\u0000${s.stage}`;
    const list = byUnit.get(k);
    const item = { key: s.catchmentCode, weight: s.share };
    if (list) list.push(item);
    else byUnit.set(k, [item]);
  }
  const forms = demandForms(demand, model, (u, stage) => byUnit.get(`${u}\u0000${stage}`) ?? [], { grades: 'intake' });
  return (code, stage, year, population) => {
    const f = forms.get(`${code}\u0000${stage}\u0000${year}`);
    if (!f) return null;
    const form = f[population];
    if (!(form.value > 0)) return null;
    const v = form.variance(model);
    const relVariance = v / (form.value * form.value);
    const c = model[population].calibration;
    const h = year - model.baseYear;
    return { relVariance, scale: scaleOf(c, h, form.value, Math.log(1 + relVariance)), shift: shiftOf(c, h) };
  };
}

/**
 * Looks up the spread of a district's stage demand (all grades) in a year: `basis` 'district_units' sums the
 * district's own units; 'serving_schools' the units sent (by their catchment shares) to the catchments of the given
 * serving schools. Null when the model has none.
 */
export type StageSpread = (
  basis: 'district_units' | 'serving_schools',
  districtUnits: readonly string[],
  servingSchools: readonly string[],
  stage: ProjectedStage,
  year: number,
  population: PopulationKind,
) => FigureSpread | null;

/**
 * The spread of any district's stage demand, from the projection's error model (forms built on first use, cached per
 * district basis and stage). For 'serving_schools' the figure is the demand of the serving schools' catchments, the
 * same units and shares the matched demand comes from; a catchment shared with a school that does not serve the
 * district counts whole (README of libs/warnings-model: the spread is then slightly too wide, never too narrow).
 * @example
 * const spread = stageSpreads(demand, match.shares, catchments, model);
 * spread('serving_schools', ['U1'], ['S1', 'S2'], 'primary', 2027, 'resident'); // { relVariance: 0.0009, ... }
 */
export function stageSpreads(
  demand: readonly DemandRow[],
  shares: readonly UnitCatchmentShare[],
  catchments: readonly { code: string; stage: string; schoolCodes: readonly string[] }[],
  model: UncertaintyModel,
): StageSpread {
  const cache = new Map<string, ReturnType<typeof demandForms>>();
  return (basis, districtUnits, servingSchools, stage, year, population) => {
    const id = `${basis}\u0000${stage}\u0000${districtUnits.join(',')}\u0000${servingSchools.join(',')}`;
    let forms = cache.get(id);
    if (!forms) {
      const weights = new Map<string, number>();
      if (basis === 'district_units') for (const u of districtUnits) weights.set(u, 1);
      else {
        const schools = new Set(servingSchools);
        const served = new Set(catchments.filter((c) => c.stage === stage && c.schoolCodes.some((s) => schools.has(s))).map((c) => c.code));
        for (const sh of shares)
          if (sh.stage === stage && served.has(sh.catchmentCode)) weights.set(sh.unitCode, (weights.get(sh.unitCode) ?? 0) + sh.share);
      }
      const rows = demand.filter((r) => r.stage === stage && weights.has(r.unitCode));
      forms = demandForms(rows, model, (u) => [{ key: 'd', weight: weights.get(u) ?? 0 }]);
      cache.set(id, forms);
    }
    const f = forms.get(`d\u0000${stage}\u0000${year}`);
    if (!f) return null;
    const form = f[population];
    if (!(form.value > 0)) return null;
    const relVariance = form.variance(model) / (form.value * form.value);
    const c = model[population].calibration;
    const h = year - model.baseYear;
    return { relVariance, scale: scaleOf(c, h, form.value, Math.log(1 + relVariance)), shift: shiftOf(c, h) };
  };
}

/**
 * P(demand / seats >= atLeast) for a figure with point `demand` and the given spread; no seats at all: 1 when there is
 * demand. Without a spread the point decides (0 or 1).
 * @example
 * utilisationProbability(95, 100, 1, { relVariance: 0.01, scale: [1, 1] }); // ~0.31
 */
export function utilisationProbability(demand: number, seats: number, atLeast: number, spread: FigureSpread | null): number {
  if (!(seats > 0)) return demand > 0 ? 1 : 0;
  const threshold = atLeast * seats;
  if (!spread || !(demand > 0)) return demand >= threshold ? 1 : 0;
  const median = demand * Math.exp(spread.shift ?? 0);
  return exceedance(median, spread.relVariance * median * median, threshold, spread.scale);
}
