import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Run storage (issue 21, item 8): a run's evaluation is stored once per content (the same version, projection,
 * overrides and plan give the same figures), found by its content key; an index on runs by creator and time serves
 * the per-role daily quota, and one on finish time the retention prune.
 */
export class RunStorage1796180000000 implements MigrationInterface {
  name = 'RunStorage1796180000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "warning_evaluations" ADD "content_key" text`);
    await q.query(`CREATE INDEX "ix_warning_evaluations_content" ON "warning_evaluations" ("content_key") `);
    await q.query(`CREATE INDEX "ix_scenario_runs_creator" ON "scenario_runs" ("created_by", "created_at") `);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."ix_scenario_runs_creator"`);
    await q.query(`DROP INDEX "public"."ix_warning_evaluations_content"`);
    await q.query(`ALTER TABLE "warning_evaluations" DROP COLUMN "content_key"`);
  }
}
