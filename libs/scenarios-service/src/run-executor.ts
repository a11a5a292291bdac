import { planRobustness } from '@app/scenarios-model';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { ConsolidationResult, InfeasibilityExplanation } from '@app/consolidation';
import { DatasetStore } from '@app/datasets-service';
import { ProjectionService, contentKey } from '@app/projection-service';
import type { DatasetRecords } from '@app/domain';
import type { RunWorld } from '@app/warnings-model';
import { NoRetry } from '@app/jobs';
import { queryKpiFigures, WarningsService } from '@app/warnings-service';
import { applyOverrides, projectionAssumptionsOf } from '@app/scenarios-model';
import { solveConsolidation } from '@app/scenarios-model';
import { networkReach } from '@app/scenarios-model';
import { resolvePolicy } from '@app/scenarios-model';
import { roadDistance } from '@app/scenarios-model';
import { TravelCostCache, travelCostFor, type TravelCost } from '@app/routing';
import type { ScenarioOverrides } from '@app/scenarios-model';
import { infeasibleReason } from '@app/scenarios-model';
import { runDecisions, withoutClosures } from '@app/scenarios-model';
import { writeRunReport } from './report/write-report';
import { overallOf, type RunProgress, type RunStep } from '@app/scenarios-model';
import { runKpis, type FigureRow } from '@app/scenarios-model';
import {
  evaluationsOfOtherRuns,
  runRepository,
  updateRun,
  type StoredConsolidation,
  type RunPatch,
  type StoredRun,
  type WorldSummary,
} from './stored-run';

/**
 * What a scenario's projection depends on beyond its version: its assumptions and its housing changes (applyOverrides
 * passes units, population and births through unchanged; school changes do not move demand). Runs whose overrides
 * differ only elsewhere (policy, consolidation, schools) share one stored projection under this reference.
 * @example projectionRefOf({ births: { variant: 'medium' }, consolidate: true }) === projectionRefOf({ births: {
 * variant: 'medium' } }) // true
 */
export function projectionRefOf(o: ScenarioOverrides): string {
  return `run-content:${contentKey({ assumptions: projectionAssumptionsOf(o), housing: o.housing ?? null })}`;
}

/** Thrown when a run was cancelled: its steps stop and are not retried. */
export class RunCancelled extends NoRetry {}

/**
 * Executes one step of a scenario run. Each step reads what earlier steps stored on the run and writes its own
 * result idempotently (a retried step overwrites, never duplicates), so a crashed worker loses nothing.
 */
@Injectable()
export class RunExecutor {
  private readonly log = new Logger('runs');

  /** Road networks per dataset version and detour (roads hook): built once, shared by a run's steps and runs. */
  private readonly travelCache = new TravelCostCache(3);

  /** The travel provider of a run: the version's road layer, else straight line x the policy's detour. */
  private travelFor(versionId: number, records: DatasetRecords, detour: number): TravelCost {
    return this.travelCache.get(`v${versionId}/d${detour}`, () => travelCostFor(records.roads, { detour }));
  }

  constructor(
    private readonly ds: DataSource,
    private readonly store: DatasetStore,
    private readonly projections: ProjectionService,
    private readonly warnings: WarningsService,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  async execute(runId: number, step: RunStep, finalAttempt: boolean): Promise<void> {
    const run = await this.load(runId);
    if (run.status === 'cancelled') throw new RunCancelled(`run ${runId} was cancelled`);
    await this.setStep(
      runId,
      step,
      { state: 'running', progress: 5 },
      run.status === 'queued' ? { status: 'running', startedAt: new Date() } : {},
    );
    try {
      const overrides = run.overrides;
      // The report reads what the other steps stored; only they need the scenario's records.
      const records = () => this.scenarioRecords(run.versionId, overrides);
      if (step === 'projection') await this.projectionStep(run, await records(), overrides);
      else if (step === 'warnings') await this.warningsStep(run, overrides);
      else if (step === 'optimisation') await this.optimisationStep(run, await records(), overrides);
      else await this.reportStep(run, overrides);
      await this.setStep(
        runId,
        step,
        { state: 'done', progress: 100 },
        step === 'report' ? { status: await this.finalStatus(runId), finishedAt: new Date() } : {},
      );
    } catch (e) {
      const cancelled = e instanceof RunCancelled || (await this.load(runId)).status === 'cancelled';
      if (cancelled) {
        await this.setStep(runId, step, { state: 'failed', progress: 0, message: 'cancelled' }, {});
        throw new RunCancelled(`run ${runId} was cancelled`);
      }
      this.log.warn(`run ${runId} step ${step} failed: ${(e as Error).message}`);
      if (finalAttempt) {
        await this.setStep(
          runId,
          step,
          { state: 'failed', progress: 0, message: (e as Error).message },
          { status: 'failed', finishedAt: new Date(), error: { step, message: (e as Error).message } },
        );
      }
      throw e;
    }
  }

  /**
   * The queue gave a step up (its worker was killed too often, or its attempts ran out): a run still queued or
   * running ends as failed with the reason, so none stays "running" for ever. Finished runs are left as they are.
   */
  async abandon(runId: number, step: RunStep, reason: string): Promise<void> {
    await this.ds.transaction(async (em) => {
      const r = await runRepository(em).findOne({ where: { id: runId }, lock: { mode: 'pessimistic_write' } });
      if (!r || (r.status !== 'queued' && r.status !== 'running')) return;
      const progress = r.progress;
      const message = `the job queue gave the ${step} step up: ${reason}`;
      progress.steps = progress.steps.map((s) => (s.name === step ? { ...s, state: 'failed', progress: 0, message } : s));
      progress.overall = overallOf(progress.steps);
      await updateRun(em, runId, { progress, status: 'failed', finishedAt: new Date(), error: { step, message } });
    });
  }

  private async scenarioRecords(versionId: number, overrides: ScenarioOverrides): Promise<DatasetRecords> {
    return applyOverrides(await this.store.loadRecords(versionId), overrides);
  }

  private async projectionStep(run: StoredRun, records: DatasetRecords, o: ScenarioOverrides): Promise<void> {
    const assumptions = projectionAssumptionsOf(o);
    // Without housing changes the scenario's projection inputs are the version's own records (applyOverrides passes
    // units, population and births through), so a projection of the version under the same assumptions made from
    // its stored records (the default one: the demo's, or an admin's) is this one: the run reads it, no twin is stored.
    const versionRun = o.housing === undefined ? await this.projections.findRun(run.versionId, assumptions, null) : null;
    const projectionRunId =
      versionRun?.id ??
      (
        await this.projections.run({ versionId: run.versionId, records, assumptions, scenarioRef: projectionRefOf(o) }, async (p) =>
          this.setStep(run.id, 'projection', { state: 'running', progress: p.step === 'writing' ? 70 : 40 }, {}),
        )
      ).runId;
    await updateRun(this.ds, run.id, { projectionRunId });
  }

  /**
   * Figures, warnings, indicators and network reach of the run's world: its records with the overrides, its own
   * closures and (when it optimised) its plan applied from their year on (see buildRunWorld).
   */
  private async warningsStep(run: StoredRun, o: ScenarioOverrides): Promise<void> {
    const projectionRunId = run.projectionRunId;
    if (!projectionRunId) throw new Error('the projection step has not stored its result');
    const projection = await this.projections.runById(projectionRunId);
    if (!projection) throw new Error(`projection run ${projectionRunId} does not exist`);
    const baseYear = projection.baseYear;
    const records = applyOverrides(await this.store.loadRecords(run.versionId), withoutClosures(o));
    const fresh = await this.load(run.id);
    const plan = fresh.results?.plan ?? null;
    const {
      targetYear,
      warningLevels: levels,
      dayTravelKm: dayKm,
      boardingTravelKm: boardingKm,
      detourFactor: detour,
    } = resolvePolicy(o.policy);
    const decisions = runDecisions(o, plan, targetYear);
    const demand = await this.projections.demandRows(projectionRunId);
    // One distance function for re-seating and network reach: road km on the version's road layer, else great circle x detour.
    const { distance, source: travelSource } = roadDistance(this.travelFor(run.versionId, records, detour), records.schools, {
      detour,
      maxKm: Math.max(dayKm, boardingKm),
    });
    const ev = await this.warnings.evaluateRun({
      runId: run.id,
      versionId: run.versionId,
      projectionRunId,
      baseYear,
      records,
      demand,
      config: levels ? { intake: { levels }, district: { levels } } : undefined,
      decisions,
      world: { distance, travelKm: { kindergarten: dayKm, primary: dayKm, junior: boardingKm, senior: boardingKm } },
      // Stored once per content: runs of the same overrides on the same version and projection share the figures.
      contentKey: contentKey({ versionId: run.versionId, projectionRunId, overrides: o, plan }),
      inUseByOtherRuns: (em) => evaluationsOfOtherRuns(em, run.id),
    });
    const alerts = ev.candidates.map((c) => ({ ...c, details: slimDetails(c.details) }));
    const network = [
      await networkReach(ev.world, records.units, demand, 'primary', targetYear, { maxKm: dayKm, detour, distance, travelSource }),
      await networkReach(ev.world, records.units, demand, 'junior', targetYear, { maxKm: boardingKm, detour, distance, travelSource }),
    ];
    const world = worldSummary(ev.world);
    await updateRun(this.ds, run.id, {
      evaluationId: ev.evaluationId,
      results: { ...(fresh.results ?? {}), alerts, indicators: ev.indicators, network, world },
    });
  }

  private async optimisationStep(run: StoredRun, records: DatasetRecords, o: ScenarioOverrides): Promise<void> {
    if (!run.projectionRunId) throw new Error('the projection step has not stored its result');
    const policy = resolvePolicy(o.policy);
    const demand = await this.projections.demandRows(run.projectionRunId);
    const controller = new AbortController();
    // Cancellation is a flag in the database: poll it so a long solve stops within a second or two.
    const poll = setInterval(() => {
      void this.load(run.id).then(
        (r) => r.status === 'cancelled' && controller.abort(),
        () => undefined,
      );
    }, 1000);
    let result: ConsolidationResult;
    let lastSolverWrite = 0;
    let writes: Promise<void> = Promise.resolve();
    try {
      result = await solveConsolidation(records, demand, o, {
        signal: controller.signal,
        defaultTimeLimitS: this.cfg.SOLVER_TIME_LIMIT_S,
        travel: this.travelFor(run.versionId, records, policy.detourFactor),
        onProgress: (message, fraction, solver) => {
          // Solver ticks come every second (more often on new incumbents); at most two writes a second reach the row.
          const now = Date.now();
          if (solver && now - lastSolverWrite < 500) return;
          if (solver) lastSolverWrite = now;
          // Chained, and awaited below, so that no late progress write lands after the step is marked done.
          writes = writes
            .then(() =>
              this.setStep(run.id, 'optimisation', { state: 'running', progress: fraction, message, ...(solver ? { solver } : {}) }, {}),
            )
            .catch(() => undefined);
        },
      });
    } finally {
      clearInterval(poll);
      await writes;
    }
    if (controller.signal.aborted) throw new RunCancelled(`run ${run.id} was cancelled`);
    if (result.status === 'error') throw new Error(`consolidation failed: ${result.message}`);
    const fresh = await this.load(run.id);
    // When the cap cannot be met, the stored plan is the verified one with the fewest small schools (planKind says so).
    const plan = result.plan ?? result.infeasibility?.minimumPlan ?? null;
    const planKind = result.plan ? 'cap_met' : plan ? 'fewest_small_schools' : null;
    const townshipNames = new Map(records.areas.map((a) => [a.code, a.name]));
    const schoolNames = new Map(records.schools.map((s) => [s.code, s.name]));
    const reason =
      result.status === 'infeasible' && result.infeasibility
        ? infeasibleReason(result.infeasibility, { township: (c) => townshipNames.get(c), school: (c) => schoolNames.get(c) })
        : null;
    const consolidation: StoredConsolidation = {
      status: result.status,
      message: result.message,
      reason,
      objective: result.objective,
      bound: result.bound,
      gap: result.gap,
      stats: result.stats,
      solveSeconds: result.solveSeconds,
      infeasibility: result.infeasibility ? withoutMinimumPlan(result.infeasibility) : null,
      backend: result.backend,
      planKind,
    };
    // Robust plan: how likely the cap still holds in the target year and three years later.
    const model = plan ? await this.projections.uncertainty(run.projectionRunId) : null;
    const robustness =
      plan && model
        ? planRobustness(plan, demand, model, {
            threshold: policy.smallSchoolThreshold,
            cap: policy.maxSmallSchools,
            years: [plan.targetYear, plan.targetYear + 3],
          })
        : null;
    await updateRun(this.ds, run.id, { results: { ...(fresh.results ?? {}), consolidation, plan, robustness } });
  }

  private async reportStep(run: StoredRun, o: ScenarioOverrides): Promise<void> {
    const fresh = await this.load(run.id);
    const results = fresh.results ?? {};
    const policy = resolvePolicy(o.policy);
    const figures: FigureRow[] = await queryKpiFigures(this.ds, fresh.evaluationId);
    const kpis = runKpis({
      figures,
      candidates: results.alerts ?? [],
      indicators: results.indicators ?? [],
      consolidation: results.consolidation ? { status: results.consolidation.status, plan: results.plan ?? null } : null,
      targetYear: policy.targetYear,
      cap: policy.maxSmallSchools,
      network: results.network ?? [],
      world: results.world ?? null,
      robustness: results.robustness ?? null,
    });
    await updateRun(this.ds, run.id, { kpis });
    await writeRunReport(this.ds, this.store, this.cfg.REPORTS_DIR, run.id, this.projections);
  }

  /** `infeasible` when the optimisation proved no plan meets the limits (its reason is on the run), else `completed`. */
  private async finalStatus(runId: number): Promise<'completed' | 'infeasible'> {
    const r = await this.load(runId);
    return r.results?.consolidation?.status === 'infeasible' ? 'infeasible' : 'completed';
  }

  private async load(runId: number): Promise<StoredRun> {
    const r = await runRepository(this.ds).findOneBy({ id: runId });
    if (!r) throw new Error(`run ${runId} does not exist`);
    return r;
  }

  /** Updates one step's state and the overall progress atomically (jsonb in one UPDATE, row-locked). */
  async setStep(runId: number, step: RunStep, state: Partial<RunProgress['steps'][number]>, extra: RunPatch): Promise<void> {
    await this.ds.transaction(async (em) => {
      const r = await runRepository(em).findOne({ where: { id: runId }, lock: { mode: 'pessimistic_write' } });
      if (!r) return;
      const progress = r.progress;
      progress.steps = progress.steps.map((s) => (s.name === step ? { ...s, ...state } : s));
      progress.overall = overallOf(progress.steps);
      const status = r.status === 'cancelled' ? {} : extra;
      await updateRun(em, runId, { progress, ...status });
    });
  }
}

function worldSummary(w: RunWorld): WorldSummary {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    targetYear: w.targetYear,
    closures: w.decisions.closures,
    transfers: w.decisions.transfers.length,
    pupilsTransferred: round(w.decisions.transfers.reduce((a, t) => a + t.pupils, 0)),
    addedClasses: w.decisions.addedClasses,
    conservation: w.conservation,
    conserved: w.conservation.every((c) => c.ok),
    noSchoolInReach: w.noSeat.filter((n) => n.reason === 'no_school_in_reach'),
    reseated: w.reseated.filter((r) => r.year === w.targetYear).map((r) => ({ ...r, pupils: round(r.pupils) })),
  };
}

/** The infeasibility explanation without its minimum plan (the run stores that plan as its `plan`). */
function withoutMinimumPlan(x: InfeasibilityExplanation): Omit<InfeasibilityExplanation, 'minimumPlan'> {
  const { minimumPlan: _stored, ...rest } = x;
  return rest;
}

/** Alert details without the long per-year series, to keep run results small. */
function slimDetails(d: Record<string, unknown>): Record<string, unknown> {
  const { series: _series, units: _units, ...rest } = d;
  return rest;
}
