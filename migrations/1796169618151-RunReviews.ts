import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every review of a run kept in order (a second one supersedes the first explicitly). */
export class RunReviews1796169618151 implements MigrationInterface {
  name = 'RunReviews1796169618151';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "run_reviews" ("id" SERIAL NOT NULL, "run_id" integer NOT NULL, "decision" text NOT NULL,
      "note" text NOT NULL, "reviewed_by" text, "supersedes_id" integer,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_fc1eb4600c38ede202d1c9fcb35" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_run_reviews_run" ON "run_reviews" ("run_id", "id") `);
    await q.query(`ALTER TABLE "run_reviews" ADD CONSTRAINT "FK_995813862617bd55e36cc530d50" FOREIGN KEY ("run_id")
      REFERENCES "scenario_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // Reviews stored on the run before the history existed become its first entry.
    await q.query(`INSERT INTO "run_reviews" ("run_id", "decision", "note", "reviewed_by", "created_at")
      SELECT "id", "review"->>'decision', "review"->>'note', "review"->>'by', COALESCE(("review"->>'at')::timestamptz,
      now()) FROM "scenario_runs" WHERE "review" IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "run_reviews" DROP CONSTRAINT "FK_995813862617bd55e36cc530d50"`);
    await q.query(`DROP INDEX "public"."ix_run_reviews_run"`);
    await q.query(`DROP TABLE "run_reviews"`);
  }
}
