import type { EntityManager } from 'typeorm';
import { returnedIds } from '@app/database';

/**
 * Removes the scenario runs' projections (scenario reference `run…`) that nothing reads any more (their result rows
 * go with them), inside the caller's transaction; `inUse` are the projection run ids remaining runs and stored
 * evaluations reference.
 * @example const removed = await pruneRunProjections(em, [2, 5]); // 1
 */
export async function pruneRunProjections(em: EntityManager, inUse: readonly number[]): Promise<number> {
  const result: unknown = await em.query(
    `DELETE FROM projection_runs p WHERE p.scenario_ref LIKE 'run%' AND NOT (p.id = ANY($1::int[])) RETURNING p.id`,
    [inUse],
  );
  return returnedIds(result).length;
}
