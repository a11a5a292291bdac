import { MIGRATIONS } from '@app/database';
import { storeEvaluation } from '@app/warnings-service';
import { UniqueEvaluationContent1796210000000 } from '../migrations/1796210000000-UniqueEvaluationContent';
import { createTestDatabase, type TestDatabase } from './support/test-env';

/** Two identical runs storing their evaluation at the same instant share one row (real PostgreSQL). */
describe('evaluations shared by content key (real PostgreSQL)', () => {
  let db: TestDatabase;
  let versionId: number;
  const row = (dataset: string, contentKey: string | null) => ({
    dataset,
    versionId,
    projectionRunId: 1,
    evaluationYear: 2025,
    trigger: 'scenario',
    indicators: [{ area: 'A', seats: 100 }],
    unmatched: [],
    changes: { candidates: 3 },
    computeMs: 12,
    contentKey,
  });

  beforeAll(async () => {
    db = await createTestDatabase('edu_evshare');
    const [d] = (await db.ds.query(`INSERT INTO datasets (name) VALUES ('share') RETURNING id`)) as { id: number }[];
    [{ id: versionId }] = (await db.ds.query(`INSERT INTO dataset_versions (dataset_id, number) VALUES ($1, 1) RETURNING id`, [d.id])) as {
      id: number;
    }[];
  });
  afterAll(async () => db?.drop());

  it('makes the second of two concurrent identical evaluations share the first one’s row', async () => {
    // Run a's transaction has stored its row and not committed yet when run b stores the same content.
    let commitA!: () => void;
    const aMayCommit = new Promise<void>((r) => (commitA = r));
    let aStored!: (id: number) => void;
    const aId = new Promise<number>((r) => (aStored = r));
    const a = db.ds.transaction(async (em) => {
      const ev = await storeEvaluation(em, row('run:1', 'same-content'));
      aStored(ev.id);
      await aMayCommit;
      return ev;
    });
    await aId;
    let bDone = false;
    const b = db.ds.transaction((em) => storeEvaluation(em, row('run:2', 'same-content'))).finally(() => (bDone = true));
    await new Promise((r) => setTimeout(r, 300));
    // b waits on the unique key for a's outcome instead of storing a second row.
    expect(bDone).toBe(false);
    commitA();
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.shared).toBe(false);
    expect(rb).toEqual({ id: ra.id, shared: true });
    expect(await db.ds.query(`SELECT dataset, content_key FROM warning_evaluations WHERE content_key = 'same-content'`)).toEqual([
      { dataset: 'run:1', content_key: 'same-content' },
    ]);
  });

  it('stores the second evaluation when the first transaction rolls back, and never merges rows without a key', async () => {
    let rollbackA!: () => void;
    const aMayEnd = new Promise<void>((r) => (rollbackA = r));
    let aStored!: () => void;
    const stored = new Promise<void>((r) => (aStored = r));
    const a = db.ds.transaction(async (em) => {
      await storeEvaluation(em, row('run:3', 'rolled-back'));
      aStored();
      await aMayEnd;
      throw new Error('run 3 failed');
    });
    await stored;
    const b = db.ds.transaction((em) => storeEvaluation(em, row('run:4', 'rolled-back')));
    await new Promise((r) => setTimeout(r, 200));
    rollbackA();
    await expect(a).rejects.toThrow('run 3 failed');
    const rb = await b;
    expect(rb.shared).toBe(false);
    expect(await db.ds.query(`SELECT id, dataset FROM warning_evaluations WHERE content_key = 'rolled-back'`)).toEqual([
      { id: rb.id, dataset: 'run:4' },
    ]);
    const [n1, n2] = await Promise.all([0, 1].map(() => db.ds.transaction((em) => storeEvaluation(em, row('run:5', null)))));
    expect(n1.id).not.toBe(n2.id);
    expect([n1.shared, n2.shared]).toEqual([false, false]);
  });

  it('migrates a database that already stored one content twice: the first row keeps the key', async () => {
    // Back to just before the unique key (later migrations, if any, are undone and applied again with it).
    const after = MIGRATIONS.length - MIGRATIONS.indexOf(UniqueEvaluationContent1796210000000);
    for (let i = 0; i < after; i++) await db.ds.undoLastMigration({ transaction: 'each' });
    const ids = (await db.ds.query(
      `INSERT INTO warning_evaluations (dataset, version_id, projection_run_id, evaluation_year, trigger, indicators, ` +
        `changes, content_key)
       VALUES ('run:6', $1, 1, 2025, 'scenario', '[]', '{}', 'twice'), ('run:7', $1, 1, 2025, 'scenario', '[]',` +
        ` '{}', 'twice') RETURNING id`,
      [versionId],
    )) as { id: number }[];
    expect(await db.ds.runMigrations({ transaction: 'each' })).toHaveLength(after);
    const rows = (await db.ds.query(`SELECT id, content_key FROM warning_evaluations WHERE id = ANY($1) ORDER BY id`, [
      ids.map((r) => r.id),
    ])) as { id: number; content_key: string | null }[];
    expect(rows).toEqual([
      { id: ids[0].id, content_key: 'twice' },
      { id: ids[1].id, content_key: null },
    ]);
  });
});
