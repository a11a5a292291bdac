import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The projection's error model per run, and the probabilities of seat warnings (issue 19). */
export class WarningProbabilities1796171377625 implements MigrationInterface {
  name = 'WarningProbabilities1796171377625';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "projection_runs" ADD "uncertainty" jsonb`);
    await q.query(`ALTER TABLE "alerts" ADD "p_at_least_100" double precision`);
    await q.query(`ALTER TABLE "alerts" ADD "p_at_least_90" double precision`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alerts" DROP COLUMN "p_at_least_90"`);
    await q.query(`ALTER TABLE "alerts" DROP COLUMN "p_at_least_100"`);
    await q.query(`ALTER TABLE "projection_runs" DROP COLUMN "uncertainty"`);
  }
}
