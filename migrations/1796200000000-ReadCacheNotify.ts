import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables whose inserts and deletes change what a cached read answers, and so notify the API processes. */
const TABLES = ['dataset_versions', 'projection_runs', 'warning_evaluations', 'alert_events'];

/**
 * Changes that make the API's read cache stale, sent on the `db_changes` channel with the table name as payload (issue
 * 13): the API listens once instead of asking the database on every request whether something changed. A worker
 * finishing a run or an evaluation, or the CLI importing a version, thus reaches every API process at commit. Token
 * revocations notify too, so a process trusting a verified token for a few seconds forgets it at once.
 */
export class ReadCacheNotify1796200000000 implements MigrationInterface {
  name = 'ReadCacheNotify1796200000000';

  public async up(q: QueryRunner): Promise<void> {
    // pg_notify within one transaction folds identical payloads, so a bulk insert costs one notification.
    await q.query(`CREATE FUNCTION "notify_db_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('db_changes', TG_TABLE_NAME);
  RETURN NULL;
END $$`);
    for (const t of TABLES)
      await q.query(
        `CREATE TRIGGER "${t}_notify" AFTER INSERT OR UPDATE OR DELETE ON "${t}" FOR EACH ROW EXECUTE FUNCTION "notify_db_change"()`,
      );
    // A run's progress updates change nothing a cached read shows; its start, end, result or review does.
    await q.query(
      `CREATE TRIGGER "scenario_runs_notify" AFTER INSERT OR DELETE ON "scenario_runs" FOR EACH ROW EXECUTE FUNCTION "notify_db_change"()`,
    );
    await q.query(
      `CREATE TRIGGER "scenario_runs_notify_update" AFTER UPDATE ON "scenario_runs" FOR EACH ROW
        WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.finished_at IS DISTINCT FROM NEW.finished_at
          OR OLD.results IS DISTINCT FROM NEW.results OR OLD.review IS DISTINCT FROM NEW.review OR OLD.kpis IS DISTINCT FROM NEW.kpis)
        EXECUTE FUNCTION "notify_db_change"()`,
    );
    // Only a revocation or a new role: the once-a-minute last-use write notifies nobody.
    await q.query(`CREATE TRIGGER "api_tokens_notify" AFTER UPDATE ON "api_tokens" FOR EACH ROW
      WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.role IS DISTINCT FROM NEW.role) EXECUTE FUNCTION "notify_db_change"()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "api_tokens_notify" ON "api_tokens"`);
    await q.query(`DROP TRIGGER "scenario_runs_notify_update" ON "scenario_runs"`);
    await q.query(`DROP TRIGGER "scenario_runs_notify" ON "scenario_runs"`);
    for (const t of [...TABLES].reverse()) await q.query(`DROP TRIGGER "${t}_notify" ON "${t}"`);
    await q.query(`DROP FUNCTION "notify_db_change"()`);
  }
}
