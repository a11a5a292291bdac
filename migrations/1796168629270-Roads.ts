import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Roads1796168629270 implements MigrationInterface {
  name = 'Roads1796168629270';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "roads" ("min_lon" double precision, "min_lat" double precision, "max_lon" double precision,
      "max_lat" double precision, "version_id" integer NOT NULL, "code" text NOT NULL, "name" text,
      "road_class" text NOT NULL, "speed_kmh" double precision, "oneway" boolean NOT NULL DEFAULT false,
      "ferry" boolean NOT NULL DEFAULT false, "geometry" jsonb NOT NULL,
      "attributes" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_roads_version_code" PRIMARY KEY ("version_id",
      "code"))`);
    await q.query(`ALTER TABLE "roads" ADD CONSTRAINT "FK_1f8cbe386aceaea184b3c36e2d7" FOREIGN KEY ("version_id")
      REFERENCES "dataset_versions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "roads" DROP CONSTRAINT "FK_1f8cbe386aceaea184b3c36e2d7"`);
    await q.query(`DROP TABLE "roads"`);
  }
}
