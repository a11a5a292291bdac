import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { returnedIds } from '@app/database';
import { DatasetStore } from '@app/datasets-service';
import { pruneRunProjections } from '@app/projection-service';
import { evaluationProjectionRunIds, pruneRunEvaluations } from '@app/warnings-service';
import { removeRunReports } from './report/report-files';

/** What one prune removed: runs, the evaluations and projections no remaining run uses, and the removed runs' report files. */
export interface PruneOutcome {
  cutoff: string;
  runs: number;
  evaluations: number;
  projections: number;
  /** Finished runs older than the cutoff that were kept because they were approved or adopted. */
  keptReviewed: number;
  /** Report files of the removed runs deleted under REPORTS_DIR, and the bytes they took. */
  reportFiles: number;
  reportBytes: number;
  /** Report paths of removed runs left on disk: not a regular file, or not inside REPORTS_DIR (see removeRunReports). */
  reportsSkipped: string[];
}

const FINAL = ['completed', 'infeasible', 'failed', 'cancelled'];

/**
 * How much runs may take: a daily quota per role (RUN_QUOTA_PLANNER, RUN_QUOTA_ADMIN) and a retention prune
 * (RUN_RETENTION_DAYS) that never removes an approved or adopted run. Identical content is shared at write time
 * (projections and evaluations by content key), so pruning removes a shared row only with its last run.
 */
@Injectable()
export class RunStorageService {
  constructor(
    private readonly ds: DataSource,
    private readonly store: DatasetStore,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  /**
   * Refuses a new run with 429 (and Retry-After: when the oldest run of the last 24 h leaves the window) once the
   * caller has started its role's quota of runs in the last 24 hours. 0 means no quota.
   */
  async assertQuota(actor: string | null, role: string): Promise<void> {
    const quota = role === 'admin' ? this.cfg.RUN_QUOTA_ADMIN : this.cfg.RUN_QUOTA_PLANNER;
    if (quota === 0) return;
    const [row] = (await this.ds.query(
      `SELECT count(*)::int AS n, extract(epoch FROM min(created_at) + interval '1 day' - now())::int AS wait
         FROM scenario_runs WHERE created_by IS NOT DISTINCT FROM $1 AND created_at > now() - interval '1 day'`,
      [actor],
    )) as { n: number; wait: number | null }[];
    if (row.n < quota) return;
    const variable = role === 'admin' ? 'RUN_QUOTA_ADMIN' : 'RUN_QUOTA_PLANNER';
    const retryAfter = Math.max(1, row.wait ?? 1);
    throw new HttpException(
      {
        statusCode: 429,
        message:
          `run quota reached: ${actor ?? 'this caller'} (${role}) started ${row.n} runs in the last 24 hours, the limit ` +
          `is ${quota} (${variable}); the next run is possible in ${retryAfter} s`,
        retryAfter,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  /**
   * Removes finished runs older than `days` (default RUN_RETENTION_DAYS), except approved or adopted ones, then the
   * run evaluations and run projections no remaining run uses, in one transaction; then the removed runs' report
   * files under REPORTS_DIR.
   * @example
   * const out = await storage.prune(30); // { runs: 12, evaluations: 3, projections: 2, keptReviewed: 1, reportFiles:
   * 9, reportBytes: 431802, reportsSkipped: [], cutoff: '…' }
   */
  async prune(days = this.cfg.RUN_RETENTION_DAYS): Promise<PruneOutcome> {
    const pruned = await this.ds.transaction(async (em) => {
      const [{ cutoff }] = (await em.query(`SELECT (now() - make_interval(days => $1))::text AS cutoff`, [days])) as { cutoff: string }[];
      // Adoptions are recorded on dataset versions (libs/datasets-service), evaluations and projections by their owners:
      // each owner removes its own rows, told which ids the remaining runs still use.
      const adopted = await this.store.adoptedRunIds(em);
      const old = `r.status = ANY($1) AND coalesce(r.finished_at, r.created_at) < $2::timestamptz`;
      const keep = `(coalesce(r.review->>'decision' = 'approved', false) OR r.id = ANY($3::int[]))`;
      const [{ n: keptReviewed }] = (await em.query(`SELECT count(*)::int AS n FROM scenario_runs r WHERE ${old} AND ${keep}`, [
        FINAL,
        cutoff,
        adopted,
      ])) as { n: number }[];
      const runIds = returnedIds(
        await em.query(`DELETE FROM scenario_runs r WHERE ${old} AND NOT ${keep} RETURNING r.id`, [FINAL, cutoff, adopted]),
      );
      const used = (await em.query('SELECT evaluation_id, projection_run_id FROM scenario_runs')) as {
        evaluation_id: number | null;
        projection_run_id: number | null;
      }[];
      const evaluations = await pruneRunEvaluations(em, idsIn(used.map((r) => r.evaluation_id)));
      const projections = await pruneRunProjections(
        em,
        idsIn([...used.map((r) => r.projection_run_id), ...(await evaluationProjectionRunIds(em))]),
      );
      return { cutoff, runIds, evaluations, projections, keptReviewed };
    });
    // Files only once the rows are gone for good (a rolled-back prune keeps both), and only the removed runs' files:
    // approved and adopted runs were not removed, so their reports are never named here.
    const reports = removeRunReports(this.cfg.REPORTS_DIR, pruned.runIds);
    return {
      cutoff: pruned.cutoff,
      runs: pruned.runIds.length,
      evaluations: pruned.evaluations,
      projections: pruned.projections,
      keptReviewed: pruned.keptReviewed,
      reportFiles: reports.files,
      reportBytes: reports.bytes,
      reportsSkipped: reports.skipped,
    };
  }
}

/** The distinct ids among references (nulls left out: a null in `= ANY` would make every comparison unknown). */
function idsIn(refs: readonly (number | null)[]): number[] {
  return [...new Set(refs.filter((id): id is number => id !== null))];
}
