import type { EntityManager } from 'typeorm';
import { returnedIds, WarningEvaluationEntity } from '@app/database';

/**
 * Stores a run's evaluation row, or finds the one already stored under the same content key: the key is unique, so
 * when two identical runs store at the same instant the second insert waits for the first transaction and, once it
 * commits, does nothing; the second run then shares the first one's row (and must not write figures for it).
 * @example
 * const { id, shared } = await storeEvaluation(em, {
 *   dataset: 'run:7', versionId: 1, projectionRunId: 2, evaluationYear: 2025, trigger: 'scenario',
 *   indicators: [], unmatched: [], changes: {}, computeMs: 0, contentKey: 'k',
 * });
 * if (!shared) await saveFigures(em, id, rows);
 */
export async function storeEvaluation(
  em: EntityManager,
  row: Pick<
    WarningEvaluationEntity,
    | 'dataset'
    | 'versionId'
    | 'projectionRunId'
    | 'evaluationYear'
    | 'trigger'
    | 'indicators'
    | 'unmatched'
    | 'changes'
    | 'computeMs'
    | 'contentKey'
  >,
): Promise<{ id: number; shared: boolean }> {
  const inserted = (await em.query(
    `INSERT INTO warning_evaluations (dataset, version_id, projection_run_id, evaluation_year, trigger, indicators, ` +
      `unmatched, changes, compute_ms, content_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (content_key) DO NOTHING RETURNING id`,
    [
      row.dataset,
      row.versionId,
      row.projectionRunId,
      row.evaluationYear,
      row.trigger,
      JSON.stringify(row.indicators),
      JSON.stringify(row.unmatched),
      JSON.stringify(row.changes),
      row.computeMs,
      row.contentKey,
    ],
  )) as { id: number }[];
  if (inserted.length > 0) return { id: inserted[0].id, shared: false };
  // A conflict: the row holding the key is committed (the insert waited for it), so this statement sees it.
  const [same] = (await em.query('SELECT id FROM warning_evaluations WHERE content_key = $1', [row.contentKey])) as { id: number }[];
  if (!same) throw new Error(`evaluation with content key ${row.contentKey} conflicted but cannot be found`);
  return { id: same.id, shared: true };
}

/**
 * Removes the scenario runs' evaluations (dataset `run:<id>`) that no run uses any more (their figures go with
 * them), inside the caller's transaction; `inUse` are the evaluation ids the remaining runs reference.
 * @example const removed = await pruneRunEvaluations(em, [4, 9]); // 3
 */
export async function pruneRunEvaluations(em: EntityManager, inUse: readonly number[]): Promise<number> {
  const result: unknown = await em.query(
    `DELETE FROM warning_evaluations w WHERE (w.dataset LIKE 'run:%') AND NOT (w.id = ANY($1::int[])) RETURNING w.id`,
    [inUse],
  );
  return returnedIds(result).length;
}

/**
 * The projection runs the stored evaluations were made from (a projection still read by one must stay).
 * @example await evaluationProjectionRunIds(em) // [2, 5]
 */
export async function evaluationProjectionRunIds(em: EntityManager): Promise<number[]> {
  const rows = (await em.query('SELECT DISTINCT projection_run_id AS id FROM warning_evaluations WHERE projection_run_id IS NOT NULL')) as {
    id: number;
  }[];
  return rows.map((r) => r.id);
}
