/**
 * What a cache miss of each read route costs, and where: the API in this process on a fresh database holding the
 * demo region (one worker process evaluates it), each route asked once (a miss), every SQL statement it sent timed,
 * then each statement over 1 ms run again under EXPLAIN (ANALYZE, BUFFERS): its execution time and every sequential
 * scan in its plan (relation, rows, filter), the candidates for an index. Routes: those of bench/load.ts and the map
 * page's first requests (mapFirstRequests). Asserts nothing. Needs PostgreSQL and Redis.
 * Run: node -r ./scripts/register.js bench/read-misses.ts [--keep] (--keep: leave the database, and print its URL, for
 * trying an index by hand)
 */
import type { AddressInfo } from 'node:net';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { parseConfig } from '@app/config';
import { createApiApp } from '../apps/api/src/create-app';
import { mapFirstRequests } from '../apps/api/src/read-cache-warmer';
import { TEST_ADMIN_TOKEN } from '../test/support/http';
import { dropQueuePrefix } from '../test/support/queues';
import { createTestDatabase, redisUrl, TEST_REPORTS_DIR } from '../test/support/test-env';
import { startWorker, waitFor } from '../test/support/worker-process';
import { DEMO_DIR } from './demo-records';

interface Sent {
  sql: string;
  params: unknown[];
  ms: number;
}

/** Every statement this process sends, while `capturing` holds a list (pg's Client.query, which TypeORM's pool uses). */
let capturing: Sent[] | null = null;
const query: (...args: unknown[]) => unknown = Client.prototype.query;
Client.prototype.query = function (this: Client, ...args: unknown[]): unknown {
  const list = capturing;
  const [text, values] = args;
  const sql = typeof text === 'string' ? text : ((text as { text?: string } | null)?.text ?? '');
  const t0 = performance.now();
  const out = Reflect.apply(query, this, args) as unknown;
  if (list && sql && out instanceof Promise)
    void out.then(
      () => list.push({ sql, params: Array.isArray(values) ? values : [], ms: performance.now() - t0 }),
      () => undefined,
    );
  return out;
} as typeof Client.prototype.query;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Filter?: string;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}
const seqScans = (n: PlanNode): PlanNode[] => [...(n['Node Type'] === 'Seq Scan' ? [n] : []), ...(n.Plans ?? []).flatMap(seqScans)];

async function main(): Promise<void> {
  const db = await createTestDatabase('edu_misses');
  const prefix = `misses${Date.now()}`;
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl(),
    QUEUE_PREFIX: prefix,
    WARNING_CRON: '',
    BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    REPORTS_DIR: TEST_REPORTS_DIR,
  };
  const cfg = parseConfig({ ...env, LOG_LEVEL: 'warn' });
  const app = await createApiApp(cfg, { database: { url: db.url, migrate: false }, redisUrl: cfg.REDIS_URL, queuePrefix: prefix });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const worker = await startWorker(env);
  const explain = new Client({ connectionString: db.url });
  await explain.connect();
  try {
    const form = new FormData();
    for (const name of readdirSync(DEMO_DIR).sort()) form.append('files', new Blob([readFileSync(join(DEMO_DIR, name))]), name);
    const imported = await fetch(`${base}/datasets/quzhou/imports`, { method: 'POST', headers: auth, body: form });
    if (imported.status !== 201) throw new Error(`demo import answered ${imported.status}: ${await imported.text()}`);
    await waitFor(
      async () => ((await (await fetch(`${base}/kpis`, { headers: auth })).json()) as { evaluationId?: number }).evaluationId,
      300_000,
      'the first evaluation',
    );
    await explain.query('ANALYZE');
    // A change clears the cache (and any answer the waiting above stored): every route below is a miss.
    await fetch(`${base}/tokens`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'clear', role: 'reviewer' }),
    });
    const first = mapFirstRequests('quzhou');
    const city = (await (await fetch(`${base}${first.city}`, { headers: auth })).json()) as { figures: { year: number }[] };
    const year = Math.min(...city.figures.map((f) => f.year));
    const routes = [
      '/layers/schools?limit=1000',
      '/layers/units?limit=5000',
      '/kpis',
      '/alerts?limit=200',
      '/projections?level=county&year=2027',
      '/layers/areas?level=county',
      ...first.layers,
      ...first.forYear(year, true),
    ];
    console.log(
      `cache misses, demo region, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log('| route | miss (Server-Timing app) | statements | their time |');
    console.log('|---|---|---|---|');
    const all: Sent[] = [];
    for (const route of routes) {
      const sent: Sent[] = [];
      capturing = sent;
      const res = await fetch(`${base}${route}`, { headers: auth });
      await res.arrayBuffer();
      await new Promise((ok) => setTimeout(ok, 20));
      capturing = null;
      const dur = /app;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? '?';
      console.log(
        `| \`${route}\` | ${res.status} ${dur} ms (${/desc=(\w+)/.exec(res.headers.get('server-timing') ?? '')?.[1]}) | ` +
          `${sent.length} | ${sent.reduce((s, q) => s + q.ms, 0).toFixed(1)} ms |`,
      );
      all.push(...sent);
    }
    const slow = [...new Map(all.filter((q) => q.ms > 1).map((q) => [q.sql, q])).values()].sort((a, b) => b.ms - a.ms);
    console.log(`\nstatements over 1 ms (${slow.length}), slowest first, under EXPLAIN (ANALYZE, BUFFERS):`);
    for (const q of slow) {
      const rows = (await explain.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${q.sql}`, q.params)) as {
        rows: { 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }[];
      };
      const [plan] = rows.rows[0]['QUERY PLAN'];
      const scans = seqScans(plan.Plan).map(
        (n) =>
          `${n['Relation Name']} (${n['Actual Rows']} rows x ` +
          `${n['Actual Loops']}${n.Filter ? `, filter ${n.Filter}, removed ${n['Rows Removed by Filter']}` : ''})`,
      );
      console.log(
        `- ${q.ms.toFixed(1)} ms in the app, ${plan['Execution Time'].toFixed(1)} ms executing: ` +
          `${q.sql.replace(/\s+/g, ' ').slice(0, 240)}`,
      );
      console.log(`  params ${JSON.stringify(q.params).slice(0, 120)}; seq scans: ${scans.join('; ') || 'none'}`);
    }
  } finally {
    await explain.end();
    await worker.stop();
    await app.close();
    await dropQueuePrefix(redisUrl(), prefix);
    if (process.argv.includes('--keep')) {
      await db.ds.destroy();
      console.log(`database kept: ${db.url}`);
    } else await db.drop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
