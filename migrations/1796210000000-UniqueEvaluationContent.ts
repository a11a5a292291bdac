import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One stored evaluation per content key (issue 21, item 8): two identical runs finishing at the same instant could
 * each find no evaluation with their key and each store one. The key becomes unique, so the second insert waits
 * for the first and then shares its row. Rows already stored twice keep their data; all but the first lose the key
 * (they are no longer found for sharing, and the retention prune removes them with their runs).
 */
export class UniqueEvaluationContent1796210000000 implements MigrationInterface {
  name = 'UniqueEvaluationContent1796210000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE "warning_evaluations" w SET "content_key" = NULL WHERE w."content_key" IS NOT NULL
      AND EXISTS (SELECT 1 FROM "warning_evaluations" o WHERE o."content_key" = w."content_key" AND o."id" < w."id")`,
    );
    await q.query(`DROP INDEX "public"."ix_warning_evaluations_content"`);
    await q.query(`CREATE UNIQUE INDEX "ix_warning_evaluations_content" ON "warning_evaluations" ("content_key") `);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."ix_warning_evaluations_content"`);
    await q.query(`CREATE INDEX "ix_warning_evaluations_content" ON "warning_evaluations" ("content_key") `);
  }
}
