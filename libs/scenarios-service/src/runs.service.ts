import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RunReviewEntity, ScenarioEntity, ScenarioRunEntity } from '@app/database';
import { adoptedRecords } from '@app/scenarios-model';
import { applyOverrides, OverridesRejected, validateOverrides } from '@app/scenarios-model';
import { resolvePolicy } from '@app/scenarios-model';
import { runDecisions } from '@app/scenarios-model';
import { reviewRequestSchema } from '@app/scenarios-model';
import { baseYearOf, PROJECTION_HORIZON } from './scenarios.service';
import { DatasetStore } from '@app/datasets-service';
import { JobRunner } from '@app/jobs';
import type { ScenarioOverrides } from '@app/scenarios-model';
import { initialProgress, type RunStep } from '@app/scenarios-model';
import type { RunKpis } from '@app/scenarios-model';
import { runRepository, type StoredRun } from './stored-run';

export interface RunSummary {
  id: number;
  scenarioId: number;
  scenarioName: string;
  versionId: number;
  status: string;
  createdAt: Date;
  finishedAt: Date | null;
  kpis: RunKpis | null;
  review: StoredRun['review'];
}

/** Starting, cancelling, reviewing and reading scenario runs. Runs are immutable: running again makes a new run. */
@Injectable()
export class RunsService {
  constructor(
    private readonly ds: DataSource,
    private readonly store: DatasetStore,
    private readonly jobs: JobRunner,
  ) {}

  async start(scenarioId: number, opts: { consolidate?: boolean; wait?: boolean }, actor: string | null): Promise<StoredRun> {
    const scenario = await this.ds.getRepository(ScenarioEntity).findOneBy({ id: scenarioId });
    if (!scenario) throw new NotFoundException(`scenario ${scenarioId} does not exist`);
    const versionId = scenario.baseVersionId ?? (await this.store.latestVersion(scenario.dataset))?.id;
    if (!versionId) throw new BadRequestException(`dataset "${scenario.dataset}" has no versions`);
    const overrides = { ...(scenario.overrides as ScenarioOverrides) };
    if (opts.consolidate !== undefined) overrides.consolidate = opts.consolidate;
    // A scenario kept while new versions arrive may name schools or units its run's version no longer has.
    const base = await this.store.loadRecords(versionId, ['areas', 'districts', 'schools', 'catchments', 'units', 'housing']);
    try {
      validateOverrides(overrides, base, await baseYearOf(this.store, versionId), PROJECTION_HORIZON);
    } catch (e) {
      if (!(e instanceof OverridesRejected)) throw e;
      const problems = e.problems.map((p) => ({ ...p, field: `overrides.${p.field}` }));
      throw new BadRequestException({
        statusCode: 400,
        message:
          `stale overrides: scenario ${scenarioId} does not fit version ${versionId}: ` +
          `${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
        problems,
      });
    }
    const consolidate = overrides.consolidate === true;
    const run = await runRepository(this.ds).save({
      scenarioId,
      versionId,
      overrides,
      status: 'queued',
      progress: initialProgress(consolidate),
      createdBy: actor,
    });
    const steps: RunStep[] = consolidate ? ['projection', 'optimisation', 'warnings', 'report'] : ['projection', 'warnings', 'report'];
    try {
      await this.jobs.enqueueChain(
        steps.map((step) => ({
          queue: step === 'optimisation' ? ('optimisation' as const) : ('scenario' as const),
          name: step,
          data: { runId: run.id, step },
        })),
        { idPrefix: `run-${run.id}`, wait: opts.wait },
      );
    } catch (e) {
      await this.ds
        .getRepository(ScenarioRunEntity)
        .update(run.id, { status: 'failed', error: { step: 'queue', message: (e as Error).message } });
      throw e;
    }
    return this.get(run.id);
  }

  async get(id: number): Promise<StoredRun> {
    const r = await runRepository(this.ds).findOneBy({ id });
    if (!r) throw new NotFoundException(`run ${id} does not exist`);
    return r;
  }

  async list(): Promise<RunSummary[]> {
    const runs = await runRepository(this.ds).find({
      select: { id: true, scenarioId: true, versionId: true, status: true, createdAt: true, finishedAt: true, kpis: true, review: true },
      order: { id: 'ASC' },
    });
    const names = new Map(
      (await this.ds.getRepository(ScenarioEntity).find({ select: { id: true, name: true } })).map((s) => [s.id, s.name]),
    );
    return runs.map((r) => ({
      id: r.id,
      scenarioId: r.scenarioId,
      scenarioName: names.get(r.scenarioId) ?? '',
      versionId: r.versionId,
      status: r.status,
      createdAt: r.createdAt,
      finishedAt: r.finishedAt,
      kpis: r.kpis,
      review: r.review,
    }));
  }

  async cancel(id: number): Promise<StoredRun> {
    const r = await this.get(id);
    if (r.status === 'completed' || r.status === 'failed' || r.status === 'infeasible')
      throw new ConflictException(`run ${id} has already finished (${r.status})`);
    await this.ds.getRepository(ScenarioRunEntity).update(id, { status: 'cancelled', finishedAt: new Date() });
    return this.get(id);
  }

  /**
   * Reviews a finished run. The request names the run it acts on (`runId`, which must be the run of the path), and
   * a run that already has a review is reviewed again only with `supersede: true`; both stay in the history.
   */
  async review(id: number, raw: unknown, actor: string | null): Promise<StoredRun & { reviews: RunReviewEntity[] }> {
    const parsed = reviewRequestSchema.safeParse(raw ?? {});
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new BadRequestException(`${i.path.join('.') || '(body)'}: ${i.message}`);
    }
    const body = parsed.data;
    if (body.runId !== id) throw new BadRequestException(`runId: the review names run ${body.runId} but was sent to run ${id}`);
    await this.ds.transaction(async (em) => {
      const r = await em.getRepository(ScenarioRunEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!r) throw new NotFoundException(`run ${id} does not exist`);
      // An infeasible run is finished too: it carries the verified plan with the fewest small schools, which a
      // bureau may approve or reject like any other.
      if (r.status !== 'completed' && r.status !== 'infeasible')
        throw new ConflictException(`run ${id} is ${r.status}: only a finished run (completed or infeasible) can be reviewed`);
      const last = await em.getRepository(RunReviewEntity).findOne({ where: { runId: id }, order: { id: 'DESC' } });
      if (last && body.supersede !== true) {
        throw new ConflictException(
          `run ${id} already has a review (${last.decision} by ${last.reviewedBy ?? 'unknown'} at ` +
            `${last.createdAt.toISOString()}): send "supersede": true to replace it`,
        );
      }
      const saved = await em
        .getRepository(RunReviewEntity)
        .save({ runId: id, decision: body.decision, note: body.note, reviewedBy: actor, supersedesId: last?.id ?? null });
      await em
        .getRepository(ScenarioRunEntity)
        .update(id, { review: { decision: body.decision, note: body.note, by: actor, at: saved.createdAt.toISOString() } });
    });
    return { ...(await this.get(id)), reviews: await this.reviews(id) };
  }

  /** A run's reviews, oldest first. */
  async reviews(id: number): Promise<RunReviewEntity[]> {
    return this.ds.getRepository(RunReviewEntity).find({ where: { runId: id }, order: { id: 'ASC' } });
  }

  /**
   * Adopts an approved run's plan: a new version of the run's dataset whose records are the run's world made
   * permanent (overrides, closures, added classes, whole-unit rezonings), with its lineage (run, base version,
   * approver, note) in the version's summary. Only when the run's version is still the latest, so that nothing of a
   * newer import is lost.
   */
  async adopt(
    id: number,
    raw: unknown,
    actor: string | null,
  ): Promise<{
    versionId: number;
    number: number;
    lineage: Record<string, unknown>;
    changes: ReturnType<typeof adoptedRecords>['changes'];
  }> {
    const body = (raw ?? {}) as { runId?: unknown; note?: unknown };
    if (body.runId !== id) throw new BadRequestException(`runId: the request names run ${String(body.runId)} but was sent to run ${id}`);
    if (typeof body.note !== 'string' || body.note.trim() === '' || body.note.length > 4000)
      throw new BadRequestException('note: adopting needs a note (1-4000 characters)');
    const run = await this.get(id);
    const review = await this.ds.getRepository(RunReviewEntity).findOne({ where: { runId: id }, order: { id: 'DESC' } });
    if (!review || review.decision !== 'approved')
      throw new ConflictException(`run ${id} is not approved: only an approved run's plan can be adopted`);
    const scenario = await this.ds.getRepository(ScenarioEntity).findOneByOrFail({ id: run.scenarioId });
    const latest = await this.store.latestVersion(scenario.dataset);
    if (!latest || latest.id !== run.versionId)
      throw new ConflictException(
        `run ${id} was computed on version ${run.versionId}, but the latest version of "${scenario.dataset}" is ` +
          `${latest?.id}: run the scenario again first`,
      );
    const o = run.overrides;
    const plan = run.results?.plan ?? null;
    const decisions = runDecisions({ ...o, schools: { ...o.schools, close: undefined } }, plan, resolvePolicy(o.policy).targetYear);
    const { records, changes } = adoptedRecords(applyOverrides(await this.store.loadRecords(run.versionId), o), decisions);
    const lineage = {
      runId: id,
      scenarioId: run.scenarioId,
      baseVersionId: run.versionId,
      approvedBy: review.reviewedBy,
      reviewId: review.id,
      approvalNote: review.note,
      adoptedBy: actor,
      note: body.note.trim(),
    };
    const v = await this.store.writeVersion({
      dataset: scenario.dataset,
      label: `adopted from run ${id}`,
      files: [],
      summary: { adoptedFrom: lineage, changes },
      createdBy: actor,
      touched: new Set(['schools', 'catchments', 'housing']),
      records,
      // An import committed since the check above makes the write refuse (409) rather than drop its rows.
      expectedParentId: run.versionId,
    });
    return { versionId: v.id, number: v.number, lineage, changes };
  }
}
