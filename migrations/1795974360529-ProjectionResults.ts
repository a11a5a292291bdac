import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProjectionResults1795974360529 implements MigrationInterface {
  name = 'ProjectionResults1795974360529';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "projection_runs" ("id" SERIAL NOT NULL, "key" text NOT NULL, "version_id" integer NOT NULL,
      "scenario_ref" text, "assumptions" jsonb NOT NULL, "base_year" integer NOT NULL,
      "horizon" integer NOT NULL, "warnings" jsonb NOT NULL DEFAULT '[]',
      "compute_ms" double precision NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_ea5b985ec435aa3a0e79433ec2f" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_projection_runs_key" ON "projection_runs" ("key") `);
    await q.query(`CREATE TABLE "projection_results" ("run_id" integer NOT NULL, "unit_code" text NOT NULL, "stage" text NOT NULL,
      "year" integer NOT NULL, "resident" double precision NOT NULL, "registered" double precision NOT NULL,
      "from_housing" double precision NOT NULL, "resident_by_grade" double precision array NOT NULL,
      "registered_by_grade" double precision array NOT NULL, CONSTRAINT "PK_10e79d65e310b7230a9f976b3e8" PRIMARY KEY ("run_id",
      "unit_code", "stage", "year"))`);
    await q.query(`ALTER TABLE "projection_runs" ADD CONSTRAINT "FK_1c8d40a71f1616e23e81c0daef7" FOREIGN KEY ("version_id")
      REFERENCES "dataset_versions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "projection_results" ADD CONSTRAINT "FK_fe27c1808a01c8eb1934a8df823" FOREIGN KEY ("run_id")
      REFERENCES "projection_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "projection_results" DROP CONSTRAINT "FK_fe27c1808a01c8eb1934a8df823"`);
    await q.query(`ALTER TABLE "projection_runs" DROP CONSTRAINT "FK_1c8d40a71f1616e23e81c0daef7"`);
    await q.query(`DROP TABLE "projection_results"`);
    await q.query(`DROP INDEX "public"."uq_projection_runs_key"`);
    await q.query(`DROP TABLE "projection_runs"`);
  }
}
