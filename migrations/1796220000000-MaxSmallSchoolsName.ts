import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One name for the small-school cap from the API to the model (issue 14, item 2): the scenario policy's
 * `smallSchoolCap` and the run KPIs' `smallSchoolsCap` both become `maxSmallSchools`, the consolidation model's name.
 * Stored scenarios and runs are rewritten so that a run queued before the upgrade keeps its cap.
 */
export class MaxSmallSchoolsName1796220000000 implements MigrationInterface {
  name = 'MaxSmallSchoolsName1796220000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const table of ['scenarios', 'scenario_runs']) {
      await q.query(
        `UPDATE "${table}" SET "overrides" = jsonb_set("overrides", '{policy}',
      ("overrides"->'policy') - 'smallSchoolCap' || jsonb_build_object('maxSmallSchools',
      "overrides"->'policy'->'smallSchoolCap'))
         WHERE jsonb_typeof("overrides"->'policy') = 'object' AND ("overrides"->'policy') ? 'smallSchoolCap'`,
      );
    }
    await q.query(
      `UPDATE "scenario_runs" SET "kpis" = ("kpis" - 'smallSchoolsCap') || jsonb_build_object('maxSmallSchools',
      "kpis"->'smallSchoolsCap')
       WHERE jsonb_typeof("kpis") = 'object' AND "kpis" ? 'smallSchoolsCap'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of ['scenarios', 'scenario_runs']) {
      await q.query(
        `UPDATE "${table}" SET "overrides" = jsonb_set("overrides", '{policy}',
      ("overrides"->'policy') - 'maxSmallSchools' || jsonb_build_object('smallSchoolCap',
      "overrides"->'policy'->'maxSmallSchools'))
         WHERE jsonb_typeof("overrides"->'policy') = 'object' AND ("overrides"->'policy') ? 'maxSmallSchools'`,
      );
    }
    await q.query(
      `UPDATE "scenario_runs" SET "kpis" = ("kpis" - 'maxSmallSchools') || jsonb_build_object('smallSchoolsCap',
      "kpis"->'maxSmallSchools')
       WHERE jsonb_typeof("kpis") = 'object' AND "kpis" ? 'maxSmallSchools'`,
    );
  }
}
