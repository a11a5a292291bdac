import { createTestDatabase, type TestDatabase } from './support/test-env';

describe('migrations (real PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('edu_mig');
  });
  afterAll(async () => db?.drop());

  it('build exactly the schema the entities describe (fails on drift)', async () => {
    const log = await db.ds.driver.createSchemaBuilder().log();
    // Any query here means an entity changed without a migration (or the reverse): name them to fix it.
    expect(log.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('revert to an empty schema and apply again', async () => {
    const applied = db.ds.migrations.length;
    for (let i = 0; i < applied; i++) await db.ds.undoLastMigration({ transaction: 'each' });
    const tables = await db.ds.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'",
    );
    expect(tables).toEqual([]);
    const again = await db.ds.runMigrations({ transaction: 'each' });
    expect(again).toHaveLength(applied);
    expect((await db.ds.driver.createSchemaBuilder().log()).upQueries).toHaveLength(0);
  });

  it('renames a stored small-school cap to maxSmallSchools, and back on revert', async () => {
    await db.ds.undoLastMigration({ transaction: 'each' });
    const [sc] = (await db.ds.query(
      `INSERT INTO scenarios (dataset, name, overrides) VALUES ('mig', 'old cap', '{"consolidate": true, "policy": ` +
        `{"smallSchoolCap": 25, "targetYear": 2027}}') RETURNING id`,
    )) as { id: number }[];
    const [run] = (await db.ds.query(
      `INSERT INTO scenario_runs (scenario_id, version_id, overrides, kpis) VALUES ($1, 1, '{"policy": ` +
        `{"smallSchoolCap": 25}}', '{"smallSchoolsCap": 25, "smallSchoolsUnder200": 31}') RETURNING id`,
      [sc.id],
    )) as { id: number }[];
    expect(await db.ds.runMigrations({ transaction: 'each' })).toHaveLength(1);
    const [s1] = (await db.ds.query(`SELECT overrides FROM scenarios WHERE id = $1`, [sc.id])) as { overrides: unknown }[];
    expect(s1.overrides).toEqual({ consolidate: true, policy: { maxSmallSchools: 25, targetYear: 2027 } });
    const [r1] = (await db.ds.query(`SELECT overrides, kpis FROM scenario_runs WHERE id = $1`, [run.id])) as {
      overrides: unknown;
      kpis: unknown;
    }[];
    expect(r1).toEqual({ overrides: { policy: { maxSmallSchools: 25 } }, kpis: { maxSmallSchools: 25, smallSchoolsUnder200: 31 } });
    await db.ds.undoLastMigration({ transaction: 'each' });
    const [r2] = (await db.ds.query(`SELECT kpis FROM scenario_runs WHERE id = $1`, [run.id])) as { kpis: unknown }[];
    expect(r2.kpis).toEqual({ smallSchoolsCap: 25, smallSchoolsUnder200: 31 });
    await db.ds.runMigrations({ transaction: 'each' });
    await db.ds.query(`DELETE FROM scenario_runs WHERE id = $1`, [run.id]);
    await db.ds.query(`DELETE FROM scenarios WHERE id = $1`, [sc.id]);
  });
});
