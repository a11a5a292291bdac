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
    const tables = await db.ds.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'");
    expect(tables).toEqual([]);
    const again = await db.ds.runMigrations({ transaction: 'each' });
    expect(again).toHaveLength(applied);
    expect((await db.ds.driver.createSchemaBuilder().log()).upQueries).toHaveLength(0);
  });
});
