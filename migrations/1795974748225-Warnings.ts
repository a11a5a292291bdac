import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Warnings1795974748225 implements MigrationInterface {
  name = 'Warnings1795974748225';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "warning_evaluations" ("id" SERIAL NOT NULL, "dataset" text NOT NULL,
      "version_id" integer NOT NULL, "projection_run_id" integer NOT NULL, "evaluation_year" integer NOT NULL,
      "trigger" text NOT NULL, "indicators" jsonb NOT NULL, "unmatched" jsonb NOT NULL DEFAULT '[]',
      "changes" jsonb NOT NULL, "compute_ms" double precision NOT NULL DEFAULT '0',
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_11689b1c88b781e802cdd88e4c0" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_warning_evaluations_dataset" ON "warning_evaluations" ("dataset", "id") `);
    await q.query(`CREATE TABLE "capacity_figures" ("evaluation_id" integer NOT NULL, "subject_type" text NOT NULL,
      "subject_code" text NOT NULL, "stage" text NOT NULL, "year" integer NOT NULL,
      "seats" double precision NOT NULL, "intake_seats" double precision NOT NULL,
      "demand_resident" double precision NOT NULL, "demand_registered" double precision NOT NULL,
      "utilisation_resident" double precision, "utilisation_registered" double precision,
      "seat_gap_resident" double precision NOT NULL, "classes_short_resident" integer NOT NULL,
      "data" jsonb NOT NULL, CONSTRAINT "PK_884621814bcb763ef1f0353dbd3" PRIMARY KEY ("evaluation_id",
      "subject_type", "subject_code", "stage", "year"))`);
    await q.query(`CREATE INDEX "ix_capacity_figures_year" ON "capacity_figures" ("evaluation_id", "year", "stage") `);
    await q.query(`CREATE TABLE "alerts" ("id" SERIAL NOT NULL, "dataset" text NOT NULL, "key" text NOT NULL, "rule" text NOT NULL,
      "kind" text NOT NULL, "level" text NOT NULL, "subject_type" text NOT NULL, "subject_code" text NOT NULL,
      "stage" text NOT NULL, "population" text NOT NULL, "onset_year" integer NOT NULL,
      "value" double precision, "seat_gap" double precision NOT NULL, "classes_short" integer NOT NULL,
      "lead_time_years" integer NOT NULL, "message" jsonb NOT NULL, "details" jsonb NOT NULL,
      "status" text NOT NULL DEFAULT 'open', "raised_version_id" integer NOT NULL,
      "last_version_id" integer NOT NULL, "last_evaluation_id" integer NOT NULL,
      "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "resolved_at" TIMESTAMP WITH TIME ZONE,
      "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by" text, "ack_comment" text,
      CONSTRAINT "PK_60f895662df096bfcdfab7f4b96" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_alerts_status" ON "alerts" ("dataset", "status") `);
    await q.query(`CREATE UNIQUE INDEX "uq_alerts_active_key" ON "alerts" ("dataset", "key") WHERE status <> 'resolved'`);
    await q.query(`CREATE TABLE "alert_events" ("id" SERIAL NOT NULL, "alert_id" integer NOT NULL, "event" text NOT NULL,
      "data" jsonb NOT NULL DEFAULT '{}', "evaluation_id" integer, "actor" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_f8dd833a0534d3a01e8d01e3bca" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_alert_events_alert" ON "alert_events" ("alert_id", "id") `);
    await q.query(`ALTER TABLE "warning_evaluations" ADD CONSTRAINT "FK_d68ea19285cc47a02cbefeb868b" FOREIGN KEY ("version_id")
      REFERENCES "dataset_versions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "capacity_figures" ADD CONSTRAINT "FK_e1c364a99097bda81abf354f3bf" FOREIGN KEY ("evaluation_id")
      REFERENCES "warning_evaluations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "alert_events" ADD CONSTRAINT "FK_bc7ef2f6beb89d2a7458b9d7642" FOREIGN KEY ("alert_id")
      REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alert_events" DROP CONSTRAINT "FK_bc7ef2f6beb89d2a7458b9d7642"`);
    await q.query(`ALTER TABLE "capacity_figures" DROP CONSTRAINT "FK_e1c364a99097bda81abf354f3bf"`);
    await q.query(`ALTER TABLE "warning_evaluations" DROP CONSTRAINT "FK_d68ea19285cc47a02cbefeb868b"`);
    await q.query(`DROP INDEX "public"."ix_alert_events_alert"`);
    await q.query(`DROP TABLE "alert_events"`);
    await q.query(`DROP INDEX "public"."uq_alerts_active_key"`);
    await q.query(`DROP INDEX "public"."ix_alerts_status"`);
    await q.query(`DROP TABLE "alerts"`);
    await q.query(`DROP INDEX "public"."ix_capacity_figures_year"`);
    await q.query(`DROP TABLE "capacity_figures"`);
    await q.query(`DROP INDEX "public"."ix_warning_evaluations_dataset"`);
    await q.query(`DROP TABLE "warning_evaluations"`);
  }
}
