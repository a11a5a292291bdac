import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ScenariosAndAccess1795975611959 implements MigrationInterface {
  name = 'ScenariosAndAccess1795975611959';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "scenarios" ("id" SERIAL NOT NULL, "dataset" text NOT NULL, "name" text NOT NULL,
      "base_version_id" integer, "overrides" jsonb NOT NULL, "created_by" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_a2af4912aab626639cca306b987" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "scenario_runs" ("id" SERIAL NOT NULL, "scenario_id" integer NOT NULL,
      "version_id" integer NOT NULL, "overrides" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'queued',
      "progress" jsonb NOT NULL DEFAULT '{}', "error" jsonb, "projection_run_id" integer,
      "evaluation_id" integer, "kpis" jsonb, "results" jsonb, "review" jsonb, "created_by" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE,
      "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_03af9cdd1647e2633f854848c2c" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_scenario_runs_scenario" ON "scenario_runs" ("scenario_id", "id") `);
    await q.query(`CREATE TABLE "api_tokens" ("id" SERIAL NOT NULL, "name" text NOT NULL, "role" text NOT NULL,
      "token_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_c587455266b5fa8dace7194caac" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_api_tokens_hash" ON "api_tokens" ("token_hash") `);
    await q.query(`CREATE TABLE "audit_log" ("id" SERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "actor" text, "role" text, "method" text NOT NULL, "path" text NOT NULL, "status" integer NOT NULL,
      "details" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_audit_log_at" ON "audit_log" ("at") `);
    await q.query(`ALTER TABLE "scenario_runs" ADD CONSTRAINT "FK_26a5e885f58ed3b9b05a0419c03" FOREIGN KEY ("scenario_id")
      REFERENCES "scenarios"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "scenario_runs" DROP CONSTRAINT "FK_26a5e885f58ed3b9b05a0419c03"`);
    await q.query(`DROP INDEX "public"."ix_audit_log_at"`);
    await q.query(`DROP TABLE "audit_log"`);
    await q.query(`DROP INDEX "public"."uq_api_tokens_hash"`);
    await q.query(`DROP TABLE "api_tokens"`);
    await q.query(`DROP INDEX "public"."ix_scenario_runs_scenario"`);
    await q.query(`DROP TABLE "scenario_runs"`);
    await q.query(`DROP TABLE "scenarios"`);
  }
}
