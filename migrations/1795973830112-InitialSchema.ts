import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795973830112 implements MigrationInterface {
  name = 'InitialSchema1795973830112';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "datasets" ("id" SERIAL NOT NULL, "name" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "UQ_4a40dadf87d8be1c12c51a13f10" UNIQUE ("name"),
      CONSTRAINT "PK_1bf831e43c559a240303e23d038" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "dataset_versions" ("id" SERIAL NOT NULL, "dataset_id" integer NOT NULL, "number" integer NOT NULL,
      "parent_version_id" integer, "label" text NOT NULL DEFAULT '', "files" jsonb NOT NULL DEFAULT '[]',
      "summary" jsonb NOT NULL DEFAULT '{}', "counts" jsonb NOT NULL DEFAULT '{}', "created_by" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_2335c164f3df47dabfe7d0fc6e5" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_dataset_versions_number" ON "dataset_versions" ("dataset_id", "number") `);
    await q.query(`CREATE TABLE "areas" ("min_lon" double precision, "min_lat" double precision, "max_lon" double precision,
      "max_lat" double precision, "version_id" integer NOT NULL, "code" text NOT NULL, "name" text NOT NULL,
      "level" text NOT NULL, "parent_code" text, "settlement" text, "geometry" jsonb NOT NULL,
      "area_km2" double precision NOT NULL DEFAULT '0', "attributes" jsonb NOT NULL DEFAULT '{}',
      CONSTRAINT "PK_cc3a928eff4bc9e2dd19b663b31" PRIMARY KEY ("version_id", "code"))`);
    await q.query(`CREATE INDEX "ix_areas_parent" ON "areas" ("version_id", "parent_code") `);
    await q.query(`CREATE INDEX "ix_areas_level" ON "areas" ("version_id", "level") `);
    await q.query(`CREATE TABLE "births" ("version_id" integer NOT NULL, "area_code" text NOT NULL, "year" integer NOT NULL,
      "births" double precision NOT NULL, "registered_births" double precision,
      CONSTRAINT "PK_1cd0afb593cf12815b8f76d0c74" PRIMARY KEY ("version_id", "area_code", "year"))`);
    await q.query(`CREATE TABLE "catchments" ("min_lon" double precision, "min_lat" double precision, "max_lon" double precision,
      "max_lat" double precision, "version_id" integer NOT NULL, "code" text NOT NULL, "stage" text NOT NULL,
      "school_codes" text array NOT NULL, "unit_codes" text array NOT NULL DEFAULT '{}', "geometry" jsonb,
      "attributes" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_8bbe32b6429837b5a9c8607b928" PRIMARY KEY ("version_id",
      "code"))`);
    await q.query(`CREATE INDEX "ix_catchments_stage" ON "catchments" ("version_id", "stage") `);
    await q.query(`CREATE TABLE "districts" ("min_lon" double precision, "min_lat" double precision, "max_lon" double precision,
      "max_lat" double precision, "version_id" integer NOT NULL, "code" text NOT NULL, "name" text NOT NULL,
      "watched" boolean NOT NULL DEFAULT true, "geometry" jsonb NOT NULL,
      "attributes" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_62811abf3f8ae5421dbdf2f546a" PRIMARY KEY ("version_id",
      "code"))`);
    await q.query(`CREATE TABLE "housing_projects" ("version_id" integer NOT NULL, "code" text NOT NULL, "name" text NOT NULL,
      "township_code" text NOT NULL, "district_code" text, "unit_code" text, "lon" double precision NOT NULL,
      "lat" double precision NOT NULL, "households" integer NOT NULL, "type" text NOT NULL,
      "phasing" jsonb NOT NULL, "yields" jsonb NOT NULL, "attributes" jsonb NOT NULL DEFAULT '{}',
      CONSTRAINT "PK_33efd05eddb9730f89e859280df" PRIMARY KEY ("version_id", "code"))`);
    await q.query(`CREATE TABLE "population_counts" ("version_id" integer NOT NULL, "unit_code" text NOT NULL,
      "year" integer NOT NULL, "population" text NOT NULL, "ages" integer array NOT NULL,
      CONSTRAINT "PK_bc3fac1b77957b0fc326d2b7dec" PRIMARY KEY ("version_id", "unit_code", "year",
      "population"))`);
    await q.query(`CREATE TABLE "population_units" ("min_lon" double precision, "min_lat" double precision,
      "max_lon" double precision, "max_lat" double precision, "version_id" integer NOT NULL,
      "code" text NOT NULL, "name" text NOT NULL, "township_code" text NOT NULL, "county_code" text NOT NULL,
      "settlement" text NOT NULL, "geometry" jsonb NOT NULL, "lon" double precision NOT NULL,
      "lat" double precision NOT NULL, "attributes" jsonb NOT NULL DEFAULT '{}',
      CONSTRAINT "PK_1aefed4fa6645f208215d8a6bf5" PRIMARY KEY ("version_id", "code"))`);
    await q.query(`CREATE INDEX "ix_units_township" ON "population_units" ("version_id", "township_code") `);
    await q.query(`CREATE TABLE "schools" ("version_id" integer NOT NULL, "code" text NOT NULL, "name" text NOT NULL,
      "stages" text array NOT NULL, "ownership" text NOT NULL, "lon" double precision NOT NULL,
      "lat" double precision NOT NULL, "county_code" text, "township_code" text,
      "classes_by_grade" jsonb NOT NULL DEFAULT '{}', "enrolment_by_grade" jsonb NOT NULL DEFAULT '{}',
      "enrolment" integer NOT NULL, "classes" integer NOT NULL, "approved_seats" integer NOT NULL,
      "class_size_norm" integer, "max_classes" integer, "boarding_places" integer NOT NULL DEFAULT '0',
      "teachers" integer NOT NULL DEFAULT '0', "indicators" jsonb, "status" text NOT NULL DEFAULT 'open',
      "open_year" integer, "close_year" integer, "attributes" jsonb NOT NULL DEFAULT '{}',
      CONSTRAINT "PK_f0b634b3128afc775c8853a7879" PRIMARY KEY ("version_id", "code"))`);
    await q.query(`CREATE INDEX "ix_schools_lonlat" ON "schools" ("version_id", "lon", "lat") `);
    await q.query(`CREATE INDEX "ix_schools_county" ON "schools" ("version_id", "county_code") `);
    await q.query(`ALTER TABLE "dataset_versions" ADD CONSTRAINT "FK_59250594d45b0202fdc42d55ecc" FOREIGN KEY ("dataset_id")
      REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "areas" ADD CONSTRAINT "FK_768a7271e99f5b468aa698da91b" FOREIGN KEY ("version_id")
      REFERENCES "dataset_versions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "births" ADD CONSTRAINT "FK_08af9f877f86a3ddf63a54136ff" FOREIGN KEY ("version_id")
      REFERENCES "dataset_versions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "catchments" ADD CONSTRAINT "FK_e7b53ce22e336aeb4c7596aee2c" FOREIGN KEY ("version_id")
      REFERENCES "dataset_versions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "districts" ADD CONSTRAINT "FK_eac9fc7b019f8cfb80b7f824ca3" FOREIGN KEY ("version_id")
      REFERENCES "dataset_versions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "housing_projects" ADD CONSTRAINT "FK_a5a01b9b2c292968da7b3fd1be2" FOREIGN KEY ("version_id")
      REFERENCES "dataset_versions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "population_counts" ADD CONSTRAINT "FK_ca9f408f1388d9b4258bc2fd9e5" FOREIGN KEY ("version_id")
      REFERENCES "dataset_versions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "population_units" ADD CONSTRAINT "FK_e3a35063cd2aa19a581e0df4879" FOREIGN KEY ("version_id")
      REFERENCES "dataset_versions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "schools" ADD CONSTRAINT "FK_c09e53485a87ff5702e2bf4b565" FOREIGN KEY ("version_id")
      REFERENCES "dataset_versions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "schools" DROP CONSTRAINT "FK_c09e53485a87ff5702e2bf4b565"`);
    await q.query(`ALTER TABLE "population_units" DROP CONSTRAINT "FK_e3a35063cd2aa19a581e0df4879"`);
    await q.query(`ALTER TABLE "population_counts" DROP CONSTRAINT "FK_ca9f408f1388d9b4258bc2fd9e5"`);
    await q.query(`ALTER TABLE "housing_projects" DROP CONSTRAINT "FK_a5a01b9b2c292968da7b3fd1be2"`);
    await q.query(`ALTER TABLE "districts" DROP CONSTRAINT "FK_eac9fc7b019f8cfb80b7f824ca3"`);
    await q.query(`ALTER TABLE "catchments" DROP CONSTRAINT "FK_e7b53ce22e336aeb4c7596aee2c"`);
    await q.query(`ALTER TABLE "births" DROP CONSTRAINT "FK_08af9f877f86a3ddf63a54136ff"`);
    await q.query(`ALTER TABLE "areas" DROP CONSTRAINT "FK_768a7271e99f5b468aa698da91b"`);
    await q.query(`ALTER TABLE "dataset_versions" DROP CONSTRAINT "FK_59250594d45b0202fdc42d55ecc"`);
    await q.query(`DROP INDEX "public"."ix_schools_county"`);
    await q.query(`DROP INDEX "public"."ix_schools_lonlat"`);
    await q.query(`DROP TABLE "schools"`);
    await q.query(`DROP INDEX "public"."ix_units_township"`);
    await q.query(`DROP TABLE "population_units"`);
    await q.query(`DROP TABLE "population_counts"`);
    await q.query(`DROP TABLE "housing_projects"`);
    await q.query(`DROP TABLE "districts"`);
    await q.query(`DROP INDEX "public"."ix_catchments_stage"`);
    await q.query(`DROP TABLE "catchments"`);
    await q.query(`DROP TABLE "births"`);
    await q.query(`DROP INDEX "public"."ix_areas_level"`);
    await q.query(`DROP INDEX "public"."ix_areas_parent"`);
    await q.query(`DROP TABLE "areas"`);
    await q.query(`DROP INDEX "public"."uq_dataset_versions_number"`);
    await q.query(`DROP TABLE "dataset_versions"`);
    await q.query(`DROP TABLE "datasets"`);
  }
}
