import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { parseConfig } from '@app/config';
import { createApiApp } from '../apps/api/src/create-app';
import { TEST_ADMIN_TOKEN, attachDir, authed } from './support/http';
import { createTestDatabase, redisUrl, type TestDatabase, TEST_REPORTS_DIR } from './support/test-env';
import { startWorker, waitFor, type WorkerProcess } from './support/worker-process';

const DEMO = resolve(__dirname, '../geo/demo/quzhou');

interface Run {
  id: number;
  status: string;
  progress: { steps: { name: string; state: string; message?: string }[] };
  error: { step: string; message: string } | null;
}

/**
 * What is tested is that the run ends failed, not how long BullMQ takes to notice: a 10 s lock checked every 2 s
 * finds a killed worker's job 10-12 s after the kill instead of the default 30-60 s (twice per run: about 100 s less).
 */
const STALL_FAST = { QUEUE_LOCK_MS: '10000', QUEUE_STALLED_CHECK_MS: '2000' };

/** Jobs given up by BullMQ (a worker killed twice in one step) end their run as failed; shared Redis, own prefix. */
describe('stalled jobs: a worker killed twice in one optimisation step', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof authed>;
  let worker: WorkerProcess | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase('edu_stall');
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl(),
      QUEUE_PREFIX: `stall${db.name}`,
      WARNING_CRON: '',
      BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      REPORTS_DIR: TEST_REPORTS_DIR,
      SOLVER_TIME_LIMIT_S: '600',
      ...STALL_FAST,
    };
    const cfg = parseConfig({ ...env, LOG_LEVEL: 'error' });
    app = await createApiApp(cfg, { database: { url: db.url, migrate: false }, redisUrl: cfg.REDIS_URL, queuePrefix: cfg.QUEUE_PREFIX });
    await app.init();
    http = authed(app.getHttpServer(), TEST_ADMIN_TOKEN);
    const req = attachDir(http.post('/datasets/quzhou/imports'), DEMO);
    await req.expect(201);
  }, 180_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await app?.close();
    await db?.drop();
  });

  const getRun = async (id: number) => (await http.get(`/runs/${id}`).expect(200)).body as Run;
  const optimisationRunning = (id: number) =>
    waitFor(
      async () => (await getRun(id)).progress.steps.find((s) => s.name === 'optimisation')?.state === 'running',
      240_000,
      'the optimisation to run',
    );

  it("ends the run as failed with the queue's reason instead of leaving it running", async () => {
    worker = await startWorker(env, 240_000);
    const sc = (
      await http
        .post('/scenarios')
        .send({ name: 'killed twice', overrides: { consolidate: true } })
        .expect(201)
    ).body;
    const started = (await http.post(`/scenarios/${sc.id}/runs`).send({}).expect(202)).body as Run;
    await optimisationRunning(started.id);
    const times: number[] = [];
    for (let kill = 1; kill <= 2; kill++) {
      await worker.stop('SIGKILL');
      // Mark the step as not running, so the wait below sees the retried attempt, not the killed one.
      await db.ds.query(
        `UPDATE scenario_runs SET progress = jsonb_set(progress, '{steps}', (SELECT jsonb_agg(CASE WHEN s->>'name' = ` +
          `'optimisation' THEN s || '{"state":"pending"}' ELSE s END) FROM jsonb_array_elements(progress->'steps') s)) ` +
          `WHERE id = $1`,
        [started.id],
      );
      const t0 = Date.now();
      worker = await startWorker(env, 240_000);
      if (kill === 1) {
        await optimisationRunning(started.id);
        times.push(Date.now() - t0);
      }
    }
    const t0 = Date.now();
    const run = await waitFor(
      async () => {
        const r = await getRun(started.id);
        return r.status !== 'running' && r.status !== 'queued' ? r : null;
      },
      300_000,
      'the run to end',
    );
    times.push(Date.now() - t0);
    // Figures for the README's lock times (printed, not asserted).
    console.log(`stalled job picked up again after ${times[0]} ms; given up ${times[1]} ms after the second kill`);
    expect(run.status).toBe('failed');
    expect(run.error).toEqual({
      step: 'optimisation',
      message: 'the job queue gave the optimisation step up: job stalled more than allowable limit',
    });
    expect(run.progress.steps.find((s) => s.name === 'optimisation')?.state).toBe('failed');
  }, 1_500_000);
});
