import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FeatureCollection, Polygon, Position } from 'geojson';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { parseConfig } from '@app/config';
import { RunStorageService } from '@app/scenarios-service';
import { createApiApp } from '../apps/api/src/create-app';
import { areasCollection, json } from './support/fixtures';
import { TEST_ADMIN_TOKEN, attachDir, authed } from './support/http';
import { PrivateRedis } from './support/services';
import { TEST_REPORTS_DIR, createTestDatabase, type TestDatabase } from './support/test-env';
import { waitFor } from './support/worker-process';

const TOY = resolve(__dirname, '../geo/demo/toy');

/** The toy county's own outline with every edge subdivided: the same boundary, `n` vertices (a detailed survey). */
function detailedToyAreas(n: number): Buffer {
  const areas = JSON.parse(readFileSync(join(TOY, 'areas.geojson'), 'utf8')) as FeatureCollection<Polygon>;
  const county = areas.features.find((f) => f.properties?.level === 'county')!;
  const ring = county.geometry.coordinates[0];
  const edges = ring.length - 1;
  const dense: Position[] = [];
  for (let e = 0; e < edges; e++) {
    const [a, b] = [ring[e], ring[e + 1]];
    const steps = Math.floor(n / edges) + (e < n % edges ? 1 : 0);
    for (let i = 0; i < steps; i++) dense.push([a[0] + ((b[0] - a[0]) * i) / steps, a[1] + ((b[1] - a[1]) * i) / steps]);
  }
  county.geometry.coordinates[0] = [...dense, dense[0]];
  return Buffer.from(JSON.stringify(areas));
}

/** Hostile load, round three: a bounded pool queue and the job route during a Redis outage (real PostgreSQL, real Redis). */
describe('hostile load, round three (real PostgreSQL and Redis)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('edu_hostile3');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it(
    'answers 503 with Retry-After when the pool queue is full for a read that needs a connection, serves cached ' +
      'reads, keeps /health 200, and the read succeeds later',
    async () => {
      const cfg = parseConfig({
        DATABASE_URL: db.url,
        LOG_LEVEL: 'error',
        BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        DB_POOL_SIZE: '2',
        DB_POOL_MAX_WAITING: '3',
      });
      const app: INestApplication = await createApiApp(cfg, {
        database: { url: db.url, migrate: false },
        redisUrl: undefined,
        queuePrefix: 'hostile3',
      });
      await app.init();
      try {
        const http = authed(app.getHttpServer(), TEST_ADMIN_TOKEN);
        await http.post('/datasets/quzhou/imports').attach('files', json(areasCollection()), 'areas.geojson').expect(201);
        await http.get('/layers/areas?dataset=quzhou').expect(200);
        const ds = app.get(DataSource);
        // Heavy reads in flight: two hold the pool's two connections, three wait for one (the bound).
        const heavy = Array.from({ length: 5 }, () => ds.query('SELECT pg_sleep(2)'));
        await new Promise((r) => setTimeout(r, 200));
        // A read the cache has not seen needs a connection; the one already served is answered from the cache.
        const [busy, cached, health] = await Promise.all([
          http.get('/layers/areas?dataset=quzhou&limit=999'),
          http.get('/layers/areas?dataset=quzhou'),
          request(app.getHttpServer()).get('/health'),
        ]);
        expect([busy.status, busy.headers['retry-after']]).toEqual([503, '2']);
        expect([cached.status, cached.body.numberMatched]).toEqual([200, areasCollection().features.length]);
        expect(busy.body.message).toBe(
          'the database is busy: 2 connections in use and 3 requests already waiting (DB_POOL_MAX_WAITING): try again in a few seconds',
        );
        expect(health.status).toBe(200);
        expect(health.body.checks.postgres.detail).toBe('pool: 2 of 2 connections in use, 3 requests waiting');
        await Promise.all(heavy);
        const after = await http.get('/layers/areas?dataset=quzhou').expect(200);
        expect(after.body.numberMatched).toBe(areasCollection().features.length);
      } finally {
        await app.close();
      }
    },
  );

  it('imports a 130,000-vertex county while /health answers, and a run on that version completes through the report', async () => {
    const cfg = parseConfig({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'error',
      BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      REPORTS_DIR: TEST_REPORTS_DIR,
    });
    const app: INestApplication = await createApiApp(cfg, {
      database: { url: db.url, migrate: false },
      redisUrl: undefined,
      queuePrefix: 'hostile3',
    });
    await app.init();
    try {
      const http = authed(app.getHttpServer(), TEST_ADMIN_TOKEN);
      let req = http.post('/datasets/county130k/imports').attach('files', detailedToyAreas(130_000), 'areas.geojson');
      for (const name of readdirSync(TOY)
        .filter((n) => n !== 'areas.geojson')
        .sort())
        req = req.attach('files', readFileSync(join(TOY, name)), name);
      // The old check compared every pair of the boundary's segments: 80 s of one blocked event loop, past these deadlines.
      const [imported, ...health] = await Promise.all([
        req.timeout(60_000),
        ...[0, 500, 1000].map(async (ms) => {
          await new Promise((r) => setTimeout(r, ms));
          return (await request(app.getHttpServer()).get('/health').timeout(10_000)).status;
        }),
      ]);
      expect(imported.status).toBe(201);
      expect(imported.body.counts.areas).toBe(14);
      expect(health).toEqual([200, 200, 200]);
      const stored = await db.ds.query(
        `SELECT jsonb_array_length(a.geometry->'coordinates'->0) AS n FROM areas a JOIN dataset_versions v ON v.id = ` +
          `a.version_id JOIN datasets d ON d.id = v.dataset_id WHERE d.name = 'county130k' AND a.level = 'county'`,
      );
      // The exact geometry is kept for computation: every vertex (and the closing one).
      expect(stored).toEqual([{ n: 130_001 }]);
      const scenario = (await http.post('/scenarios').send({ name: 'detailed county', dataset: 'county130k', overrides: {} }).expect(201))
        .body as { id: number };
      const started = (await http.post(`/scenarios/${scenario.id}/runs`).send({}).expect(202)).body as { id: number };
      const run = await waitFor(
        async () => {
          const r = (await http.get(`/runs/${started.id}`).expect(200)).body as {
            status: string;
            error: string | null;
            progress: { steps: { name: string; state: string }[] };
          };
          return ['completed', 'infeasible', 'failed', 'cancelled'].includes(r.status) ? r : null;
        },
        240_000,
        `run ${started.id}`,
      );
      expect([run.status, run.error]).toEqual(['completed', null]);
      expect(run.progress.steps.map((st) => [st.name, st.state])).toEqual([
        ['projection', 'done'],
        ['optimisation', 'skipped'],
        ['warnings', 'done'],
        ['report', 'done'],
      ]);
      const report = (await http.get(`/runs/${started.id}/report`).expect(200)).text;
      expect(report).toContain('<svg');
    } finally {
      await app.close();
    }
  });

  it('stores identical runs once, refuses runs past the role quota with 429, and prunes old runs but never approved ones', async () => {
    // A database of its own: the retention prune below counts every run in it.
    const db = await createTestDatabase('edu_hostile3_runs');
    const cfg = parseConfig({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'error',
      BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      REPORTS_DIR: TEST_REPORTS_DIR,
      RUN_QUOTA_PLANNER: '2',
    });
    const app: INestApplication = await createApiApp(cfg, {
      database: { url: db.url, migrate: false },
      redisUrl: undefined,
      queuePrefix: 'hostile3',
    });
    await app.init();
    try {
      const http = authed(app.getHttpServer(), TEST_ADMIN_TOKEN);
      const req = attachDir(http.post('/datasets/toyq/imports'), TOY);
      await req.expect(201);
      const planner = authed(
        app.getHttpServer(),
        (await http.post('/tokens').send({ name: 'quota-planner', role: 'planner' }).expect(201)).body.token,
      );
      const scenario = (
        await planner
          .post('/scenarios')
          .send({ name: 'twice', dataset: 'toyq', overrides: { births: { variant: 'low' } } })
          .expect(201)
      ).body as { id: number };
      // Bytes a run takes: its row, and the projection and evaluation rows it wrote.
      const stored = async () => {
        const q = async (table: string) =>
          Number((await db.ds.query(`SELECT coalesce(sum(pg_column_size(t.*)), 0)::bigint AS b FROM "${table}" t`))[0].b);
        const tables = ['scenario_runs', 'projection_runs', 'projection_results', 'warning_evaluations', 'capacity_figures'];
        return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await q(t)]))) as Record<string, number>;
      };
      type Run = { id: number; status: string; projectionRunId: number; evaluationId: number };
      const runToEnd = async () => {
        const started = (await planner.post(`/scenarios/${scenario.id}/runs`).send({}).expect(202)).body as { id: number };
        return waitFor(
          async () => {
            const r = (await http.get(`/runs/${started.id}`).expect(200)).body as Run;
            return ['completed', 'infeasible', 'failed', 'cancelled'].includes(r.status) ? r : null;
          },
          240_000,
          `run ${started.id}`,
        );
      };
      const s0 = await stored();
      const a = await runToEnd();
      const s1 = await stored();
      const b = await runToEnd();
      const s2 = await stored();
      expect([a.status, b.status]).toEqual(['completed', 'completed']);
      // The second, identical run shares the first one's projection and evaluation: it adds only its own row.
      expect([b.projectionRunId, b.evaluationId]).toEqual([a.projectionRunId, a.evaluationId]);
      const delta = (x: Record<string, number>, y: Record<string, number>) =>
        Object.fromEntries(Object.keys(x).map((k) => [k, y[k] - x[k]]));
      const first = delta(s0, s1);
      const second = delta(s1, s2);
      expect(first.projection_results).toBeGreaterThan(0);
      expect(first.capacity_figures).toBeGreaterThan(0);
      expect([second.projection_runs, second.projection_results, second.warning_evaluations, second.capacity_figures]).toEqual([
        0, 0, 0, 0,
      ]);
      expect(second.scenario_runs).toBeGreaterThan(0);
      expect(second.scenario_runs).toBeLessThan(Object.values(first).reduce((x, y) => x + y, 0) / 2);
      // Past the planner quota (2 a day): 429 naming the limit, with Retry-After; an admin's runs count apart.
      const refused = await planner.post(`/scenarios/${scenario.id}/runs`).send({});
      expect(refused.status).toBe(429);
      expect(refused.body.message).toMatch(
        new RegExp(
          /^run quota reached: quota-planner \(planner\) started 2 runs in the last 24 hours, /.source +
            /the limit is 2 \(RUN_QUOTA_PLANNER\); the next run is possible in \d+ s$/.source,
        ),
      );
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(86_000);
      await http.post(`/scenarios/${scenario.id}/runs`).send({}).expect(202);
      await waitFor(
        async () =>
          (
            await db.ds.query(
              `SELECT count(*)::int AS n FROM scenario_runs WHERE status NOT IN ('completed', 'failed', 'infeasible', 'cancelled')`,
            )
          )[0].n === 0
            ? true
            : null,
        240_000,
        'the admin run',
      );
      // Retention: every run finished 100 days ago; run a is approved, so it stays, and with it what it shares.
      await db.ds.query(`UPDATE scenario_runs SET created_at = now() - interval '100 days', finished_at = now() - interval '100 days'`);
      await db.ds.query(
        `UPDATE scenario_runs SET review = '{"decision":"approved","note":"keep","by":"r","at":"2026-01-01"}' WHERE id = $1`,
        [a.id],
      );
      const storage = app.get(RunStorageService);
      expect(await storage.prune(120)).toMatchObject({ runs: 0, evaluations: 0, projections: 0, keptReviewed: 0 });
      expect(await storage.prune()).toMatchObject({ runs: 2, evaluations: 0, projections: 0, keptReviewed: 1 });
      expect((await db.ds.query('SELECT id FROM scenario_runs')).map((r: { id: number }) => r.id)).toEqual([a.id]);
      await db.ds.query(`UPDATE scenario_runs SET review = NULL WHERE id = $1`, [a.id]);
      expect(await storage.prune(90)).toMatchObject({ runs: 1, evaluations: 1, projections: 1, keptReviewed: 0 });
      const left = await stored();
      expect([left.scenario_runs, left.capacity_figures]).toEqual([0, s0.capacity_figures]);
    } finally {
      await app.close();
      await db.drop();
    }
  });

  it('spools uploads to UPLOAD_TMP_DIR instead of memory, and removes the files whatever the outcome', async () => {
    const spool = mkdtempSync(join(tmpdir(), 'edu-spool-'));
    const src = mkdtempSync(join(tmpdir(), 'edu-upload-src-'));
    const cfg = parseConfig({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'error',
      BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      UPLOAD_TMP_DIR: spool,
      UPLOAD_MAX_BYTES: String(100 * 2 ** 20),
      UPLOAD_MAX_TOTAL_BYTES: String(200 * 2 ** 20),
    });
    const app: INestApplication = await createApiApp(cfg, {
      database: { url: db.url, migrate: false },
      redisUrl: undefined,
      queuePrefix: 'hostile3',
    });
    await app.init();
    const spooled = async () => {
      // Removal runs as the request ends: give it a moment.
      for (let i = 0; i < 50 && readdirSync(spool).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
      return readdirSync(spool);
    };
    try {
      const http = authed(app.getHttpServer(), TEST_ADMIN_TOKEN);
      // 80 MB that the importer refuses by its name: with the upload in memory, the API's RSS grew by at least that.
      const big = join(src, 'junk.bin');
      writeFileSync(big, Buffer.alloc(80 * 2 ** 20, 0x41));
      writeFileSync(join(src, 'areas.geojson'), json(areasCollection()));
      global.gc?.();
      const rss0 = process.memoryUsage().rss;
      let peak = rss0;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
      const refused = await http
        .post('/datasets/spool/imports')
        .attach('files', join(src, 'areas.geojson'))
        .attach('files', big)
        .expect(400);
      clearInterval(sampler);
      expect(refused.body.problems.map((p: { text: string }) => p.text)).toEqual([
        'junk.bin: unsupported file type: expected .csv, .xlsx, .geojson or .json',
      ]);
      expect((peak - rss0) / 2 ** 20).toBeLessThan(40);
      expect(await spooled()).toEqual([]);
      const ok = await http.post('/datasets/spool/imports').attach('files', join(src, 'areas.geojson')).expect(201);
      expect([ok.body.number, ok.body.counts.areas]).toEqual([1, areasCollection().features.length]);
      expect(await spooled()).toEqual([]);
      // Over the per-file limit while streaming: multer stops and removes its partial file.
      writeFileSync(big, Buffer.alloc(101 * 2 ** 20, 0x41));
      const over = await http.post('/datasets/spool/imports').attach('files', big);
      expect(over.status).toBe(413);
      expect(await spooled()).toEqual([]);
    } finally {
      await app.close();
      rmSync(spool, { recursive: true, force: true });
      rmSync(src, { recursive: true, force: true });
    }
  });

  it('answers GET /jobs/... with 503 at once while Redis is away, and 404 for an unknown job when it is back', async () => {
    const redis = new PrivateRedis(20000 + Math.floor(Math.random() * 20000));
    await redis.start();
    const cfg = parseConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'error', BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN, REDIS_URL: redis.url });
    const app: INestApplication = await createApiApp(cfg, {
      database: { url: db.url, migrate: false },
      redisUrl: redis.url,
      queuePrefix: 'hostile3',
    });
    await app.init();
    try {
      const http = authed(app.getHttpServer(), TEST_ADMIN_TOKEN);
      await http.get('/jobs/projection/no-such-job').expect(404);
      await redis.stop();
      let health = 200;
      for (let i = 0; i < 50 && health === 200; i++) {
        health = (await request(app.getHttpServer()).get('/health')).status;
        if (health === 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(health).toBe(503);
      // The old route waited for Redis to come back: the client's 5 s deadline would end it with an error.
      const res = await http.get('/jobs/projection/no-such-job').timeout(5000);
      expect(res.status).toBe(503);
      expect(res.body.message).toMatch(
        /^the job queue \(Redis\) is not reachable \(connection (reconnecting|connecting|close|end)\); nothing was queued/,
      );
      await redis.start();
      let back = 503;
      for (let i = 0; i < 100 && back === 503; i++) {
        back = (await http.get('/jobs/projection/no-such-job')).status;
        if (back === 503) await new Promise((r) => setTimeout(r, 100));
      }
      expect(back).toBe(404);
    } finally {
      await app.close();
      await redis.remove();
    }
  });
});
