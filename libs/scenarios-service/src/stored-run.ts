import type { DataSource, EntityManager, Repository } from 'typeorm';
import type { ConsolidationPlan, ConsolidationResult, InfeasibilityExplanation } from '@app/consolidation';
import { ScenarioRunEntity } from '@app/database';
import type { AlertCandidate, AreaIndicators, RunWorld } from '@app/warnings-model';
import type { InfeasibleReason } from '@app/scenarios-model';
import type { NetworkReach } from '@app/scenarios-model';
import type { ScenarioOverrides } from '@app/scenarios-model';
import type { PlanRobustness } from '@app/scenarios-model';
import type { RunKpis } from '@app/scenarios-model';
import type { RunProgress } from '@app/scenarios-model';

/** What a run stores of its world: decisions, conservation per stage and year, and the villages left without a seat. */
export interface WorldSummary {
  targetYear: number;
  closures: RunWorld['decisions']['closures'];
  transfers: number;
  pupilsTransferred: number;
  addedClasses: RunWorld['decisions']['addedClasses'];
  /** Per stage and year: projection = pupils at schools + pupils without a seat (ok: they add up). */
  conservation: RunWorld['conservation'];
  conserved: boolean;
  /** Villages whose pupils lost their school to a closure and found no school with room within the travel limit. */
  noSchoolInReach: RunWorld['noSeat'];
  /** Target year: where closed schools' pupils were re-seated (closed school, receiving school, stage, pupils). */
  reseated: RunWorld['reseated'];
}

/** What the optimisation step stores of the consolidation result beside its plan (the plan is `results.plan`). */
export interface StoredConsolidation {
  status: ConsolidationResult['status'];
  message: string;
  /** Why no plan meets the cap, in words with names (infeasible runs only). */
  reason: InfeasibleReason | null;
  objective: number | null;
  bound: number | null;
  gap: number | null;
  stats: ConsolidationResult['stats'];
  solveSeconds: number;
  /** The infeasibility explanation without its minimum plan, which is stored as `results.plan`. */
  infeasibility: Omit<InfeasibilityExplanation, 'minimumPlan'> | null;
  backend: string | null;
  /** `cap_met`, or `fewest_small_schools` when the stored plan is the verified one with the fewest small schools. */
  planKind: 'cap_met' | 'fewest_small_schools' | null;
}

/**
 * A run's `results` column: each step adds its part (warnings: alerts, indicators, network, world; optimisation:
 * consolidation, plan, robustness), so every part is optional until the run has finished.
 */
export interface RunResults {
  alerts?: AlertCandidate[];
  indicators?: AreaIndicators[];
  network?: NetworkReach[];
  world?: WorldSummary;
  consolidation?: StoredConsolidation;
  plan?: ConsolidationPlan | null;
  robustness?: PlanRobustness | null;
}

/**
 * A scenario run with its jsonb columns typed. The run engine of this lib is their only writer (RunsService.start,
 * RunExecutor through {@link updateRun}), so what it reads back has these shapes; the entity in @app/database
 * cannot name them without importing the libs above it, and declares them as `object` for this type to narrow.
 */
export interface StoredRun extends ScenarioRunEntity {
  overrides: ScenarioOverrides;
  progress: RunProgress;
  kpis: RunKpis | null;
  results: RunResults | null;
}

/**
 * The `scenario_runs` repository with the run's jsonb columns typed (see {@link StoredRun}), on a data source or
 * inside a transaction.
 * @example const run = await runRepository(ds).findOneByOrFail({ id: 7 }); run.kpis?.redAlerts
 */
export function runRepository(m: DataSource | EntityManager): Repository<StoredRun> {
  return m.getRepository<StoredRun>(ScenarioRunEntity);
}

/** The columns of a run that its steps write; jsonb ones in their stored shapes. */
export type RunPatch = Partial<Omit<StoredRun, 'id' | 'scenario'>>;

/**
 * Writes some of a run's columns in one UPDATE. Through the entity's own repository: TypeORM's deep-partial update
 * type cannot take the `unknown` values inside the stored shapes (an alert's details), while the entity's `object`
 * columns take them whole; the patch itself is checked against {@link StoredRun}.
 * @example await updateRun(em, 7, { kpis, status: 'completed' });
 */
export async function updateRun(m: DataSource | EntityManager, id: number, patch: RunPatch): Promise<void> {
  await m.getRepository(ScenarioRunEntity).update(id, patch);
}

/**
 * The evaluations runs other than `runId` reference: a retried warnings step must not delete one of them.
 * @example await evaluationsOfOtherRuns(em, 7) // [12, 15]
 */
export async function evaluationsOfOtherRuns(m: DataSource | EntityManager, runId: number): Promise<number[]> {
  const rows = (await m.query('SELECT DISTINCT evaluation_id AS id FROM scenario_runs WHERE id <> $1 AND evaluation_id IS NOT NULL', [
    runId,
  ])) as { id: number }[];
  return rows.map((r) => r.id);
}
