import type { ConsolidationPlan } from '@app/consolidation';
import type { DecisionReason, PlanDecisions, TransferDecision } from '@app/warnings-model';
import type { ScenarioOverrides } from './overrides.schema';

/**
 * The one place a consolidation plan becomes decisions: closed schools from their closure year (reason closure, merge
 * or teaching point), moved village bands summed per unit, stage, school pair and move year, and the classes each
 * receiving school adds, usable from the year they are ready. A transfer's pupils are counted in the target year
 * (the world moves that share of the unit's demand in every year from the move on); a band moving after the target
 * year is counted in its move year, the nearest year the plan gives.
 * @example planDecisionsOf(result.plan).closures // [{ schoolCode: '330802P022', year: 2026, reason: 'closure' }, ...]
 */
export function planDecisionsOf(plan: Pick<ConsolidationPlan, 'targetYear' | 'schools' | 'villages'>): PlanDecisions {
  const T = plan.targetYear;
  const closures = plan.schools
    .filter((s) => s.decision === 'close')
    .map((s) => ({ schoolCode: s.code, year: s.closureYear ?? T, reason: (s.closureKind ?? 'closure') as DecisionReason }));
  const transfers = new Map<string, TransferDecision>();
  for (const v of plan.villages) {
    if (!v.moved) continue;
    const year = v.year ?? T;
    const pupils = v.pupilsByYear[String(T)] ?? v.pupils;
    if (pupils <= 0) continue;
    const k = `${v.unitCode}|${v.stage}|${v.fromSchool ?? ''}|${v.toSchool}|${year}`;
    const t = transfers.get(k);
    if (t) t.pupils += pupils;
    else
      transfers.set(k, {
        unitCode: v.unitCode,
        stage: v.stage,
        fromSchool: v.fromSchool,
        toSchool: v.toSchool,
        pupils,
        year,
        reason: v.reason ?? 'rezoning',
      });
  }
  const addedClasses = plan.schools.flatMap((s) =>
    s.expansions.filter((e) => e.classes > 0).map((e) => ({ schoolCode: s.code, stage: e.stage, classes: e.classes, year: e.readyYear })),
  );
  return { targetYear: T, closures, transfers: [...transfers.values()], addedClasses };
}

/**
 * A run's decisions: the scenario's own closures (reason `manual`, from their year) and, when it optimised, its plan.
 * @example runDecisions({ schools: { close: [{ code: 'S1', year: 2026 }] } }, null, 2027).closures
 * // [{ schoolCode: 'S1', year: 2026, reason: 'manual' }]
 */
export function runDecisions(
  o: ScenarioOverrides,
  plan: Pick<ConsolidationPlan, 'targetYear' | 'schools' | 'villages'> | null,
  targetYear: number,
): PlanDecisions {
  const fromPlan = plan ? planDecisionsOf(plan) : { targetYear, closures: [], transfers: [], addedClasses: [] };
  const manual = (o.schools?.close ?? []).map((c) => ({ schoolCode: c.code, year: c.year, reason: 'manual' as const }));
  return { ...fromPlan, closures: [...manual, ...fromPlan.closures] };
}

/** The overrides without the scenario's closures: the world applies those itself, so it knows whose pupils move. */
export function withoutClosures(o: ScenarioOverrides): ScenarioOverrides {
  if (!o.schools?.close) return o;
  return { ...o, schools: { ...o.schools, close: undefined } };
}
