import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatasetStore } from '@app/datasets-service';
import { ProjectionService, projectionKey, type ProjectionRequest } from '@app/projection-service';
import { DEFAULT_LIMITS, readImportFiles } from '@app/datasets-model';
import { createTestDatabase, type TestDatabase } from './support/test-env';

const TOY = resolve(__dirname, '../geo/demo/toy');

/**
 * Two identical projections storing at the same instant (issue 21, the race evaluations had): projection runs have
 * had a unique key with `INSERT ... ON CONFLICT (key) DO NOTHING` from the start, so the second waits for the first
 * transaction and then reuses its run. These tests hold the stores exactly where the race would be (real PostgreSQL).
 */
describe('projections shared by key under concurrency (real PostgreSQL)', () => {
  let db: TestDatabase;
  let service: ProjectionService;
  let request: (scenarioRef: string) => ProjectionRequest;

  beforeAll(async () => {
    db = await createTestDatabase('edu_projshare');
    const [d] = (await db.ds.query(`INSERT INTO datasets (name) VALUES ('toy') RETURNING id`)) as { id: number }[];
    const [{ id: versionId }] = (await db.ds.query(`INSERT INTO dataset_versions (dataset_id, number) VALUES ($1, 1) RETURNING id`, [
      d.id,
    ])) as { id: number }[];
    const read = await readImportFiles(
      readdirSync(TOY).map((name) => ({ name, bytes: readFileSync(join(TOY, name)) })),
      { limits: DEFAULT_LIMITS, previousRegion: null },
    );
    expect(read.problems).toEqual([]);
    const records = {
      units: read.records.units!,
      population: read.records.population!,
      births: read.records.births!,
      housing: read.records.housing!,
    };
    service = new ProjectionService(db.ds, new DatasetStore(db.ds));
    request = (scenarioRef) => ({ versionId, records, assumptions: { birthExtension: 'low' }, scenarioRef });
  });
  afterAll(async () => db?.drop());

  const stored = async (scenarioRef: string) =>
    (await db.ds.query(
      `SELECT p.id, (SELECT count(*)::int FROM projection_results r WHERE r.run_id = p.id) AS rows FROM ` +
        `projection_runs p WHERE p.scenario_ref = $1 ORDER BY p.id`,
      [scenarioRef],
    )) as { id: number; rows: number }[];

  it('stores one run when two identical projections both found none and write together', async () => {
    // Both have looked for an existing run (none) and computed before either writes: the race window.
    let arrived = 0;
    let release!: () => void;
    const together = new Promise<void>((r) => (release = r));
    const atWrite = async (p: Record<string, unknown>) => {
      if (p.step !== 'writing') return;
      if (++arrived === 2) release();
      await together;
    };
    const [a, b] = await Promise.all([
      service.run(request('run-content:twins'), atWrite),
      service.run(request('run-content:twins'), atWrite),
    ]);
    expect(arrived).toBe(2);
    expect(b.runId).toBe(a.runId);
    expect([a.reused, b.reused].sort()).toEqual([false, true]);
    expect(a.rows).toBeGreaterThan(0);
    expect(b.rows).toBe(a.rows);
    expect(await stored('run-content:twins')).toEqual([{ id: a.runId, rows: a.rows }]);
  });

  it('waits for a twin still writing and reuses it once committed; stores its own when the twin rolls back', async () => {
    const twin = async (scenarioRef: string, outcome: 'commit' | 'rollback') => {
      const q = db.ds.createQueryRunner();
      await q.connect();
      await q.startTransaction();
      const req = request(scenarioRef);
      const [{ id }] = (await q.query(
        `INSERT INTO projection_runs (key, version_id, scenario_ref, assumptions, base_year, horizon) VALUES ($1, $2, ` +
          `$3, $4, 2024, 10) RETURNING id`,
        [projectionKey(req.versionId, req.assumptions ?? {}, scenarioRef), req.versionId, scenarioRef, JSON.stringify(req.assumptions)],
      )) as { id: number }[];
      let wrote!: () => void;
      const writing = new Promise<void>((r) => (wrote = r));
      let done = false;
      const run = service.run(req, async (p) => void (p.step === 'writing' && wrote())).finally(() => (done = true));
      await writing;
      await new Promise((r) => setTimeout(r, 300));
      // The service's insert waits on the uncommitted twin's key instead of storing a second run.
      const waited = !done;
      if (outcome === 'commit') await q.commitTransaction();
      else await q.rollbackTransaction();
      await q.release();
      return { twinId: id, waited, summary: await run };
    };
    const committed = await twin('run-content:held', 'commit');
    expect(committed.waited).toBe(true);
    expect(committed.summary).toMatchObject({ runId: committed.twinId, reused: true, rows: 0 });
    expect(await stored('run-content:held')).toEqual([{ id: committed.twinId, rows: 0 }]);
    const rolledBack = await twin('run-content:dropped', 'rollback');
    expect(rolledBack.waited).toBe(true);
    expect(rolledBack.summary.reused).toBe(false);
    expect(rolledBack.summary.runId).not.toBe(rolledBack.twinId);
    expect(rolledBack.summary.rows).toBeGreaterThan(0);
    expect(await stored('run-content:dropped')).toEqual([{ id: rolledBack.summary.runId, rows: rolledBack.summary.rows }]);
  });
});
