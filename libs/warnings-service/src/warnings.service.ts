import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, Not, type EntityManager } from 'typeorm';
import { DatasetStore } from '@app/datasets-service';
import { AlertEntity, WarningEvaluationEntity } from '@app/database';
import { ProjectionService } from '@app/projection-service';
import type { DatasetRecords, DemandRow, ProjectedStage } from '@app/domain';
import {
  alertKey,
  diffAlerts,
  evaluateDecisions,
  noDecisions,
  type AlertCandidate,
  type AreaIndicators,
  type FigureSet,
  type PlanDecisions,
  type RunWorld,
  type WarningConfigOverrides,
  type WorldOptions,
} from '@app/warnings-model';
import { WebhookService } from './webhooks';
import { storeEvaluation } from './evaluation-store';

export interface EvaluationRequest {
  dataset: string;
  /** Default: the dataset's latest version. */
  versionId?: number;
  trigger: 'import' | 'schedule' | 'manual';
  config?: WarningConfigOverrides;
}

export interface EvaluationSummary {
  evaluationId: number | null;
  dataset: string;
  versionId: number;
  /** True when a newer version exists: evaluating an old one would resolve alerts it should not. */
  superseded: boolean;
  raised: number;
  updated: number;
  resolved: number;
  unchanged: number;
  figures: number;
  computeMs: number;
}

const FIGURE_CHUNK = 5000;

/**
 * Re-projects a version, matches demand to capacity, runs every warning rule and applies the alert lifecycle
 * (raise, update, resolve; never duplicate) in one transaction per dataset, then publishes webhooks.
 */
@Injectable()
export class WarningsService {
  constructor(
    private readonly ds: DataSource,
    private readonly store: DatasetStore,
    private readonly projections: ProjectionService,
    private readonly webhooks: WebhookService,
  ) {}

  async evaluate(
    req: EvaluationRequest,
    progress: (p: Record<string, unknown>) => Promise<void> = async () => undefined,
  ): Promise<EvaluationSummary> {
    const latest = await this.store.latestVersion(req.dataset);
    if (!latest) throw new NotFoundException(`dataset "${req.dataset}" has no versions`);
    const versionId = req.versionId ?? latest.id;
    const empty = {
      evaluationId: null,
      dataset: req.dataset,
      versionId,
      raised: 0,
      updated: 0,
      resolved: 0,
      unchanged: 0,
      figures: 0,
      computeMs: 0,
    };
    if (versionId !== latest.id) return { ...empty, superseded: true };
    await progress({ step: 'projecting', versionId });
    // The default projection of the version (the standard one unless an admin made another the default).
    const run = await this.projections.run({ versionId, assumptions: await this.projections.defaultAssumptions(versionId) });
    await progress({ step: 'matching', projectionRunId: run.runId });
    const t0 = performance.now();
    const records = await this.store.loadRecords(versionId, ['schools', 'catchments', 'units', 'districts', 'housing']);
    const demand = await this.projections.demandRows(run.runId);
    const uncertainty = await this.projections.uncertainty(run.runId);
    // The same pure evaluation a scenario run uses, on the world of the records with no decisions.
    const evaluation = evaluateDecisions({ ...records, demand }, noDecisions(run.baseYear), {
      config: req.config,
      evaluationYear: run.baseYear,
      uncertainty,
    });
    const indicators = evaluation.indicators;
    const computeMs = performance.now() - t0;
    await progress({ step: 'saving', candidates: evaluation.candidates.length });
    const outcome = await this.ds.transaction(async (em) => {
      // One evaluation per dataset at a time: two would each see the other's alerts as missing.
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`warnings:${req.dataset}`]);
      const current = await this.store.latestVersion(req.dataset, em);
      if (current && current.id !== versionId) return null;
      const ev = await em.getRepository(WarningEvaluationEntity).save({
        dataset: req.dataset,
        versionId,
        projectionRunId: run.runId,
        evaluationYear: evaluation.evaluationYear,
        trigger: req.trigger,
        indicators,
        unmatched: evaluation.match.unmatched.slice(0, 500),
        changes: {},
        computeMs,
      });
      await this.saveFigures(em, ev.id, evaluation.figures.rows);
      const open = await em
        .getRepository(AlertEntity)
        .find({ where: { dataset: req.dataset, status: Not('resolved') }, order: { id: 'ASC' } });
      const existing = open.map((a) => ({
        ...a,
        stage: a.stage as ProjectedStage,
        population: a.population as 'resident' | 'registered',
        subjectType: a.subjectType as AlertCandidate['subjectType'],
        rule: a.rule as AlertCandidate['rule'],
      }));
      const diff = diffAlerts(existing, evaluation.candidates);
      const events: { event: string; payload: unknown }[] = [];
      for (const c of diff.raise) {
        const saved = await em.getRepository(AlertEntity).save({
          ...fromCandidate(c),
          dataset: req.dataset,
          status: 'open',
          raisedVersionId: versionId,
          lastVersionId: versionId,
          lastEvaluationId: ev.id,
        });
        await em.query('INSERT INTO alert_events (alert_id, event, data, evaluation_id) VALUES ($1, $2, $3, $4)', [
          saved.id,
          'raised',
          JSON.stringify({ level: c.level, seatGap: c.seatGap }),
          ev.id,
        ]);
        events.push({ event: 'alert.raised', payload: { dataset: req.dataset, evaluationId: ev.id, alert: saved } });
      }
      for (const u of diff.update) {
        await em.getRepository(AlertEntity).update(u.existing.id, {
          ...fromCandidate(u.candidate),
          lastVersionId: versionId,
          lastEvaluationId: ev.id,
          updatedAt: new Date(),
        });
        const data = Object.fromEntries(u.changes.map((k) => [k, { from: u.existing[k], to: u.candidate[k] }]));
        await em.query('INSERT INTO alert_events (alert_id, event, data, evaluation_id) VALUES ($1, $2, $3, $4)', [
          u.existing.id,
          'updated',
          JSON.stringify(data),
          ev.id,
        ]);
      }
      for (const r of diff.resolve) {
        await em.getRepository(AlertEntity).update(r.id, {
          status: 'resolved',
          resolvedAt: new Date(),
          lastVersionId: versionId,
          lastEvaluationId: ev.id,
          updatedAt: new Date(),
        });
        await em.query('INSERT INTO alert_events (alert_id, event, data, evaluation_id) VALUES ($1, $2, $3, $4)', [
          r.id,
          'resolved',
          '{}',
          ev.id,
        ]);
        events.push({
          event: 'alert.resolved',
          payload: { dataset: req.dataset, evaluationId: ev.id, alert: { ...r, status: 'resolved' } },
        });
      }
      const changes = {
        raised: diff.raise.length,
        updated: diff.update.length,
        resolved: diff.resolve.length,
        unchanged: diff.unchanged.length,
      };
      await em.getRepository(WarningEvaluationEntity).update(ev.id, { changes });
      return { evaluationId: ev.id, changes, events };
    });
    if (!outcome) return { ...empty, superseded: true };
    await this.webhooks.publish(outcome.events);
    await progress({ step: 'done', evaluationId: outcome.evaluationId });
    return {
      ...empty,
      evaluationId: outcome.evaluationId,
      superseded: false,
      ...outcome.changes,
      figures: evaluation.figures.rows.length,
      computeMs,
    };
  }

  /**
   * A scenario run's evaluation: figures, indicators and alert candidates stored under `run:<id>`, without touching
   * the dataset's live alerts. Re-running replaces the run's previous evaluation (idempotent retries).
   */
  async evaluateRun(args: {
    runId: number;
    versionId: number;
    projectionRunId: number;
    baseYear: number;
    records: Pick<DatasetRecords, 'schools' | 'catchments' | 'units' | 'districts' | 'housing'>;
    /** The projection's rows (`ProjectionService.demandRows`); the caller loads them once and reuses them. */
    demand: readonly DemandRow[];
    config?: WarningConfigOverrides;
    /** The run's decisions (its closures, and its plan when it optimised): the figures are those of its world. */
    decisions?: PlanDecisions;
    world?: WorldOptions;
    /** What determines this evaluation (see contentKey): a stored evaluation with the same key is shared, not written again. */
    contentKey?: string;
    /**
     * The evaluation ids other runs reference, read inside this evaluation's transaction (runs are libs/scenarios-service'
     * table): a retry replaces the run's earlier evaluation only when none of them is it. Default: none.
     */
    inUseByOtherRuns?: (em: EntityManager) => Promise<readonly number[]>;
  }): Promise<{ evaluationId: number; candidates: AlertCandidate[]; indicators: AreaIndicators[]; figures: FigureSet; world: RunWorld }> {
    const t0 = performance.now();
    const uncertainty = await this.projections.uncertainty(args.projectionRunId);
    const evaluation = evaluateDecisions({ ...args.records, demand: args.demand }, args.decisions ?? noDecisions(args.baseYear), {
      config: args.config,
      evaluationYear: args.baseYear,
      world: args.world,
      uncertainty,
    });
    const indicators = evaluation.indicators;
    const computeMs = performance.now() - t0;
    const dataset = `run:${args.runId}`;
    const evaluationId = await this.ds.transaction(async (em) => {
      if (args.contentKey) {
        const [same] = (await em.query('SELECT id FROM warning_evaluations WHERE content_key = $1 ORDER BY id LIMIT 1', [
          args.contentKey,
        ])) as { id: number }[];
        if (same) return same.id;
      }
      // A retry replaces this run's earlier evaluation, unless another run shares it.
      const shared = args.inUseByOtherRuns ? await args.inUseByOtherRuns(em) : [];
      await em.query('DELETE FROM warning_evaluations w WHERE w.dataset = $1 AND NOT (w.id = ANY($2::int[]))', [dataset, shared]);
      const ev = await storeEvaluation(em, {
        dataset,
        versionId: args.versionId,
        projectionRunId: args.projectionRunId,
        evaluationYear: evaluation.evaluationYear,
        trigger: 'scenario',
        indicators,
        unmatched: evaluation.match.unmatched.slice(0, 500),
        changes: { candidates: evaluation.candidates.length },
        computeMs,
        contentKey: args.contentKey ?? null,
      });
      // An identical run stored the same evaluation meanwhile: its figures are there already.
      if (!ev.shared) await this.saveFigures(em, ev.id, evaluation.figures.rows);
      return ev.id;
    });
    return { evaluationId, candidates: evaluation.candidates, indicators, figures: evaluation.figures, world: evaluation.world };
  }

  async datasets(): Promise<string[]> {
    return this.store.datasetNames();
  }

  private async saveFigures(em: EntityManager, evaluationId: number, rows: FigureSet['rows']): Promise<void> {
    for (let i = 0; i < rows.length; i += FIGURE_CHUNK) {
      const part = rows.slice(i, i + FIGURE_CHUNK);
      // The figures' JSON goes as one array (one JSON.stringify, one parameter) beside the column arrays, joined by
      // position: as a jsonb[] parameter the driver escaped every figure's text again (a second of CPU a run).
      await em.query(
        `INSERT INTO capacity_figures (evaluation_id, subject_type, subject_code, stage, year, seats, intake_seats,
          demand_resident, demand_registered,
           utilisation_resident, utilisation_registered, seat_gap_resident, classes_short_resident, data)
         SELECT $1, t.st, t.sc, t.stage, t.year, t.seats, t.intake, t.dres, t.dreg, t.ures, t.ureg, t.gap, t.short, d.data
         FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::float8[], $7::float8[], $8::float8[], $9::float8[],
           $10::float8[], $11::float8[], $12::float8[], $13::int[])
           WITH ORDINALITY AS t(st, sc, stage, year, seats, intake, dres, dreg, ures, ureg, gap, short, n)
         JOIN jsonb_array_elements($14::jsonb) WITH ORDINALITY AS d(data, n) ON d.n = t.n
         ORDER BY t.n`,
        [
          evaluationId,
          part.map((f) => f.subjectType),
          part.map((f) => f.subjectCode),
          part.map((f) => f.stage),
          part.map((f) => f.year),
          part.map((f) => f.seats),
          part.map((f) => f.intakeSeats),
          part.map((f) => f.resident.demand),
          part.map((f) => f.registered.demand),
          part.map((f) => f.resident.utilisation),
          part.map((f) => f.registered.utilisation),
          part.map((f) => f.resident.seatGap),
          part.map((f) => f.resident.classesShort),
          JSON.stringify(part),
        ],
      );
    }
  }
}

function fromCandidate(c: AlertCandidate): Partial<AlertEntity> {
  return {
    key: alertKey(c),
    rule: c.rule,
    kind: c.kind,
    level: c.level,
    subjectType: c.subjectType,
    subjectCode: c.subjectCode,
    stage: c.stage,
    population: c.population,
    onsetYear: c.onsetYear,
    value: c.value,
    seatGap: c.seatGap,
    classesShort: c.classesShort,
    leadTimeYears: c.leadTimeYears,
    pAtLeast100: c.probability?.atLeast100 ?? null,
    pAtLeast90: c.probability?.atLeast90 ?? null,
    message: c.message,
    details: c.details,
  };
}
