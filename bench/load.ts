/**
 * Load on loopback: (1) 50 concurrent clients reading layers, KPIs and alerts of the demo region for 60 s;
 * (2) 20 scenario runs queued at once, processed by 2 worker processes. Prints latency percentiles, errors and
 * throughput; asserts nothing. Needs PostgreSQL and Redis (DATABASE_URL / REDIS_URL, default localhost).
 * Run: npx ts-node --transpile-only -r tsconfig-paths/register bench/load.ts [--seconds 60] [--runs 20]
 */
import autocannon from 'autocannon';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseConfig } from '@app/config';
import { createApiApp } from '../apps/api/src/create-app';
import { TEST_ADMIN_TOKEN, authed } from '../test/support/http';
import { dropQueuePrefix } from '../test/support/queues';
import { createTestDatabase, redisUrl, TEST_REPORTS_DIR } from '../test/support/test-env';
import { startWorker, waitFor } from '../test/support/worker-process';
import { DEMO_DIR } from './demo-records';

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};

async function main(): Promise<void> {
  const seconds = arg('seconds', 60);
  const runCount = arg('runs', 20);
  const db = await createTestDatabase('edu_load');
  const prefix = `load${Date.now()}`;
  const env = { DATABASE_URL: db.url, REDIS_URL: redisUrl(), QUEUE_PREFIX: prefix, WARNING_CRON: '', BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN, REPORTS_DIR: TEST_REPORTS_DIR };
  const cfg = parseConfig({ ...env, LOG_LEVEL: 'error' });
  const app = await createApiApp(cfg, { database: { url: db.url, migrate: false }, redisUrl: cfg.REDIS_URL, queuePrefix: prefix });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const http = authed(app.getHttpServer(), TEST_ADMIN_TOKEN);
  const workers = [await startWorker(env), await startWorker(env)];
  try {
    let req = http.post('/datasets/quzhou/imports');
    for (const name of readdirSync(DEMO_DIR).sort()) req = req.attach('files', readFileSync(join(DEMO_DIR, name)), name);
    await req.expect(201);
    await waitFor(async () => (await http.get('/kpis').expect(200)).body.evaluationId, 120_000, 'the first evaluation');

    const result = await autocannon({
      url: base,
      connections: 50,
      duration: seconds,
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      requests: [
        { method: 'GET', path: '/layers/schools?limit=1000' },
        { method: 'GET', path: '/layers/areas?level=county' },
        { method: 'GET', path: '/kpis' },
        { method: 'GET', path: '/alerts?limit=200' },
        { method: 'GET', path: '/projections?level=county&year=2027' },
      ],
    });
    console.log(`reads: 50 clients x ${seconds} s over layers, KPIs, alerts and projections`);
    console.log(`  requests ${result.requests.total}, ${result.requests.average.toFixed(0)}/s; latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
    console.log(`  errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`);

    const sc = (await http.post('/scenarios').send({ name: 'load', overrides: {} }).expect(201)).body;
    const t0 = Date.now();
    const ids: number[] = [];
    for (let i = 0; i < runCount; i++) ids.push((await http.post(`/scenarios/${sc.id}/runs`).send({}).expect(202)).body.id);
    const statuses = await waitFor(async () => {
      const s = await Promise.all(ids.map(async (id) => (await http.get(`/runs/${id}`).expect(200)).body.status as string));
      return s.every((x) => x === 'completed' || x === 'failed') ? s : null;
    }, 1_800_000, 'the queued runs');
    const secs = (Date.now() - t0) / 1000;
    console.log(`runs: ${runCount} scenario runs queued at once, 2 worker processes`);
    console.log(`  completed ${statuses.filter((s) => s === 'completed').length}, failed ${statuses.filter((s) => s === 'failed').length}, in ${secs.toFixed(1)} s: ${((runCount / secs) * 60).toFixed(1)} runs/min`);
  } finally {
    for (const w of workers) await w.stop();
    await app.close();
    await dropQueuePrefix(redisUrl(), prefix);
    await db.drop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
