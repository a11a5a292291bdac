import type { ConsolidationPlan } from '@app/consolidation';
import type { DecisionReason, PlanDecisions, TransferDecision } from '@app/matching';
import type { ScenarioOverrides } from './overrides.schema';

/** Fields a plan row may carry beyond today's (the consolidation model adds years and reasons). */
interface Dated {
  year?: number;
  reason?: DecisionReason;
}

/**
 * The one place a consolidation plan becomes decisions: closed schools (from their year, default the plan's target
 * year), moved village bands summed per unit, stage and school pair, and added classes per stage.
 * @example planDecisionsOf(result.plan).closures // [{ schoolCode: '330802P022', year: 2027, reason: 'closure' }, ...]
 */
export function planDecisionsOf(plan: Pick<ConsolidationPlan, 'targetYear' | 'schools' | 'villages'>): PlanDecisions {
  const T = plan.targetYear;
  const closures = plan.schools
    .filter((s) => s.decision === 'close')
    .map((s) => {
      const d = s as typeof s & Dated;
      return { schoolCode: s.code, year: d.year ?? T, reason: d.reason ?? ('closure' as const) };
    });
  const transfers = new Map<string, TransferDecision>();
  for (const v of plan.villages) {
    if (!v.moved || v.pupils <= 0) continue;
    const d = v as typeof v & Dated;
    const year = d.year ?? T;
    const k = `${v.unitCode}|${v.stage}|${v.fromSchool ?? ''}|${v.toSchool}|${year}`;
    const t = transfers.get(k);
    if (t) t.pupils += v.pupils;
    else transfers.set(k, { unitCode: v.unitCode, stage: v.stage, fromSchool: v.fromSchool, toSchool: v.toSchool, pupils: v.pupils, year, reason: d.reason ?? 'rezoning' });
  }
  const addedClasses = plan.schools.flatMap((s) =>
    (['primary', 'junior'] as const).filter((st) => (s.extraClasses[st] ?? 0) > 0).map((st) => ({ schoolCode: s.code, stage: st, classes: s.extraClasses[st], year: (s as typeof s & Dated).year ?? T })),
  );
  return { targetYear: T, closures, transfers: [...transfers.values()], addedClasses };
}

/**
 * A run's decisions: the scenario's own closures (reason `manual`, from their year) and, when it optimised, its plan.
 * @example runDecisions({ schools: { close: [{ code: 'S1', year: 2026 }] } }, null, 2027).closures // [{ schoolCode: 'S1', year: 2026, reason: 'manual' }]
 */
export function runDecisions(o: ScenarioOverrides, plan: Pick<ConsolidationPlan, 'targetYear' | 'schools' | 'villages'> | null, targetYear: number): PlanDecisions {
  const fromPlan = plan ? planDecisionsOf(plan) : { targetYear, closures: [], transfers: [], addedClasses: [] };
  const manual = (o.schools?.close ?? []).map((c) => ({ schoolCode: c.code, year: c.year, reason: 'manual' as const }));
  return { ...fromPlan, closures: [...manual, ...fromPlan.closures] };
}

/** The overrides without the scenario's closures: the world applies those itself, so it knows whose pupils move. */
export function withoutClosures(o: ScenarioOverrides): ScenarioOverrides {
  if (!o.schools?.close) return o;
  return { ...o, schools: { ...o.schools, close: undefined } };
}
