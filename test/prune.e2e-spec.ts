import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { childEnv } from '@app/config';
import { createTestDatabase, type TestDatabase } from './support/test-env';

const ROOT = resolve(__dirname, '..');

/** `cli prune` as a user runs it: its runs' rows go, and with them their report files under REPORTS_DIR (real PostgreSQL). */
describe('cli prune removes the pruned runs’ report files', () => {
  let db: TestDatabase;
  const base = mkdtempSync(join(tmpdir(), 'edu-prune-'));
  const reports = join(base, 'reports');
  const cli = (args: string[]) =>
    execFileSync(process.execPath, ['-r', './scripts/register.js', 'apps/cli/src/main.ts', 'prune', ...args], {
      cwd: ROOT,
      env: childEnv({ DATABASE_URL: db.url, REPORTS_DIR: reports, LOG_LEVEL: 'error' }),
      encoding: 'utf8',
    });

  beforeAll(async () => {
    db = await createTestDatabase('edu_prune');
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(base, { recursive: true, force: true });
  });

  it('deletes the files of the runs it removes, never those of approved, adopted or recent runs, and counts the bytes', async () => {
    const [{ id: datasetId }] = (await db.ds.query(`INSERT INTO datasets (name) VALUES ('prune') RETURNING id`)) as { id: number }[];
    const [{ id: versionId }] = (await db.ds.query(`INSERT INTO dataset_versions (dataset_id, number) VALUES ($1, 1) RETURNING id`, [
      datasetId,
    ])) as { id: number }[];
    const [{ id: scenarioId }] = (await db.ds.query(
      `INSERT INTO scenarios (dataset, name, overrides) VALUES ('prune', 'old runs', '{}') RETURNING id`,
    )) as { id: number }[];
    const run = async (status: string, daysAgo: number, review: object | null = null) =>
      (
        (await db.ds.query(
          `INSERT INTO scenario_runs (scenario_id, version_id, overrides, status, review, created_at, finished_at)
         VALUES ($1, $2, '{}', $3, $4, now() - make_interval(days => $5), now() - make_interval(days => $5)) RETURNING id`,
          [scenarioId, versionId, status, review ? JSON.stringify(review) : null, daysAgo],
        )) as { id: number }[]
      )[0].id;
    const oldCompleted = await run('completed', 100);
    const oldFailed = await run('failed', 100); // a failed run never wrote a report
    const oldCancelled = await run('cancelled', 200);
    const approved = await run('completed', 100, { decision: 'approved', note: 'keep', by: 'r', at: '2026-01-01' });
    const adopted = await run('completed', 100);
    await db.ds.query(`INSERT INTO dataset_versions (dataset_id, number, summary) VALUES ($1, 2, $2)`, [
      datasetId,
      JSON.stringify({ adoptedFrom: { runId: adopted } }),
    ]);
    const recent = await run('completed', 10);
    mkdirSync(join(reports, 'runs'), { recursive: true });
    const write = (name: string, bytes: number) => writeFileSync(join(reports, 'runs', name), 'r'.repeat(bytes));
    write(`run-${oldCompleted}.html`, 48_213);
    write(`run-${oldCancelled}.html`, 1_000);
    for (const id of [approved, adopted, recent]) write(`run-${id}.html`, 500);
    // Files of no pruned run: another run's id, and what else someone keeps there.
    write('run-999999.html', 10);
    write('index.html', 10);
    writeFileSync(join(reports, 'city-summary.html'), 'kept');

    const out = JSON.parse(cli(['--days', '90', '--json'])) as Record<string, unknown>;
    expect(out).toMatchObject({ runs: 3, keptReviewed: 2, reportFiles: 2, reportBytes: 49_213, reportsSkipped: [] });
    expect((await db.ds.query('SELECT id FROM scenario_runs ORDER BY id')).map((r: { id: number }) => r.id)).toEqual([
      approved,
      adopted,
      recent,
    ]);
    expect(readdirSync(join(reports, 'runs')).sort()).toEqual(
      [`run-${adopted}.html`, `run-${approved}.html`, `run-${recent}.html`, 'index.html', 'run-999999.html'].sort(),
    );
    expect(existsSync(join(reports, 'city-summary.html'))).toBe(true);
    expect(oldFailed).toBeGreaterThan(0);

    // The text output says what was freed; nothing is left to prune at 90 days, the recent run goes at 5.
    expect(cli(['--days', '90']).trim()).toMatch(
      /: 0 runs, 0 evaluations, 0 projections removed; 2 approved or adopted runs kept; 0 report files removed \(0 B freed\)$/,
    );
    expect(cli(['--days', '5']).trim()).toMatch(
      /: 1 runs, 0 evaluations, 0 projections removed; 2 approved or adopted runs kept; 1 report files removed \(500 B freed\)$/,
    );
    expect(readdirSync(join(reports, 'runs')).sort()).toEqual(
      [`run-${adopted}.html`, `run-${approved}.html`, 'index.html', 'run-999999.html'].sort(),
    );
  });
});
