/**
 * Load on loopback, with the API and the load generator in separate processes:
 * (1) the API (its own process and port) on a fresh database holding the demo region, read by autocannon (its own
 *     process, 50 connections, `--seconds` per route, asking for br/gzip like a browser); prints p50/p99, requests/s,
 *     the API process's CPU time per answer (user + system, from /proc: wall-clock latency on a shared machine is an
 *     upper bound, CPU per answer is what the server itself spends) and bytes per answer for each route;
 * (2) the map page's first load of the demo city in headless Chromium (a fresh browser context each time: nothing
 *     in the browser's cache), to `body[data-ready]` and to network idle, twice: the first visit after the reads above
 *     and a second one (skipped with `--no-map`);
 * (3) `--runs N` scenario runs queued at once, processed by 2 worker processes (skipped with `--runs 0`).
 * Asserts nothing. Needs PostgreSQL and Redis (DATABASE_URL / REDIS_URL, default localhost).
 * Beside each route's latency it prints the generator's own CPU (autocannon's user + system time over the route's
 * wall time): near 100 % of a core per autocannon thread means the generator, not the API, set the pace, so the
 * latency is the generator's queueing (50 connections / answers per second), not the server's.
 * Run: node -r ./scripts/register.js bench/load.ts [--seconds 15] [--runs 20] [--port 3105] [--compiled] [--cannon-workers N]
 *   --compiled serves from dist/ (npm run build) instead of the sources; --cannon-workers N runs autocannon with N
 *   worker threads (default 0: one thread); the map page is built first when stale (`apps/web/build.mjs --if-stale`).
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { childEnv } from '@app/config';
import type { EduPageWindow } from '@app/testing';
import { launchChromium } from '../test/support/browser';
import { TEST_ADMIN_TOKEN } from '../test/support/http';
import { dropQueuePrefix } from '../test/support/queues';
import { createTestDatabase, redisUrl, TEST_REPORTS_DIR } from '../test/support/test-env';
import { startWorker, waitFor } from '../test/support/worker-process';
import { DEMO_DIR } from './demo-records';

// The page's window, for the callbacks that run in it (bench/ compiles without the DOM types).
declare const window: EduPageWindow;

const ROOT = resolve(__dirname, '..');
const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const ROUTES = [
  '/layers/schools?limit=1000',
  '/layers/units?limit=5000',
  '/kpis',
  '/alerts?limit=200',
  '/projections?level=county&year=2027',
  '/layers/areas?level=county',
];

/** User + system CPU time of a process so far, in milliseconds (Linux /proc; fields 14 and 15 are in clock ticks). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/**
 * User + system CPU of this process's children that have exited and been waited for (fields 16 and 17 of
 * /proc/self/stat), in milliseconds: the delta across one autocannon run is that run's CPU (the API and the workers
 * are still running, so they are not in it).
 */
function reapedChildrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
}

interface CannonResult {
  latency: { p50: number; p99: number; max: number };
  requests: { total: number; average: number };
  throughput: { total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

async function main(): Promise<void> {
  const seconds = arg('seconds', 15);
  const runCount = arg('runs', 20);
  const port = arg('port', 3105);
  const compiled = process.argv.includes('--compiled');
  const cannonWorkers = arg('cannon-workers', 0);
  if (!process.argv.includes('--no-map')) {
    // The API serves the page from apps/web/dist: without a build `/` answers 404 and the map part would only time out.
    console.log(execFileSync(process.execPath, [join(ROOT, 'apps/web/build.mjs'), '--if-stale'], { cwd: ROOT, encoding: 'utf8' }).trim());
  }
  const db = await createTestDatabase('edu_load');
  const prefix = `load${Date.now()}`;
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl(),
    QUEUE_PREFIX: prefix,
    WARNING_CRON: '',
    BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    REPORTS_DIR: TEST_REPORTS_DIR,
  };
  const entry = compiled ? ['dist/apps/api/src/main.js'] : ['-r', './scripts/register.js', 'apps/api/src/main.ts'];
  const api = spawn(process.execPath, entry, {
    cwd: ROOT,
    env: childEnv({ ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const workers = [await startWorker(env), await startWorker(env)];
  try {
    await waitFor(async () => (await fetch(`${base}/health`).catch(() => null))?.ok, 120_000, 'the API process');
    const form = new FormData();
    for (const name of readdirSync(DEMO_DIR).sort()) form.append('files', new Blob([readFileSync(join(DEMO_DIR, name))]), name);
    const imported = await fetch(`${base}/datasets/quzhou/imports`, { method: 'POST', headers: auth, body: form });
    if (imported.status !== 201) throw new Error(`demo import answered ${imported.status}: ${await imported.text()}`);
    await waitFor(
      async () => ((await (await fetch(`${base}/kpis`, { headers: auth })).json()) as { evaluationId?: number }).evaluationId,
      300_000,
      'the first evaluation',
    );

    // The evaluation's follow-up jobs (intervals, probabilities) still run on the workers for a while: their writes would
    // clear the cache mid-route and their CPU would compete with both sides, so the reads start once the workers idle.
    const workersCpu = () => workers.reduce((sum, w) => sum + cpuMs(w.child.pid ?? 0), 0);
    const idleSince = performance.now();
    await waitFor(
      async () => {
        const c0 = workersCpu();
        await new Promise((ok) => setTimeout(ok, 2000));
        return workersCpu() - c0 < 40;
      },
      600_000,
      'the workers to go idle',
    );
    console.log(`workers idle after ${((performance.now() - idleSince) / 1000).toFixed(1)} s more`);
    const threads = cannonWorkers > 0 ? `${cannonWorkers} worker threads` : 'one thread';
    console.log(
      `reads: API in its own process (${compiled ? 'dist/' : 'sources'}, port ${port}), autocannon in another (${threads}), 50 ` +
        `connections x ${seconds} s per route, Accept-Encoding: br, gzip; load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
    );
    console.log(
      '| route | p50 | p99 | req/s | API CPU per answer | API busy | generator CPU per answer (busy) | workers busy | body ' +
        '(sent) | body (JSON) | errors |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|');
    const cannon = join(ROOT, 'node_modules/autocannon/autocannon.js');
    const cannonArgs = (seconds: number, url: string) => [
      cannon,
      '-c',
      '50',
      '-d',
      String(seconds),
      ...(cannonWorkers > 0 ? ['-w', String(cannonWorkers)] : []),
      '-j',
      '-H',
      `authorization=Bearer ${TEST_ADMIN_TOKEN}`,
      '-H',
      'accept-encoding=br, gzip',
      url,
    ];
    // Warm-up (not measured): the API's JIT compiles the request path before the first route is timed.
    await promisify(execFile)(process.execPath, cannonArgs(3, `${base}${ROUTES[ROUTES.length - 1]}`), { maxBuffer: 64 * 1024 * 1024 });
    for (const route of ROUTES) {
      const plain = Buffer.from(await (await fetch(`${base}${route}`, { headers: auth })).arrayBuffer()).length;
      const cpu0 = cpuMs(api.pid ?? 0);
      const gen0 = reapedChildrenCpuMs();
      const work0 = workersCpu();
      const t0 = performance.now();
      const { stdout } = await promisify(execFile)(process.execPath, cannonArgs(seconds, `${base}${route}`), {
        maxBuffer: 64 * 1024 * 1024,
      });
      const wall = performance.now() - t0;
      const cpu = cpuMs(api.pid ?? 0) - cpu0;
      const gen = reapedChildrenCpuMs() - gen0;
      const work = workersCpu() - work0;
      const r = JSON.parse(stdout) as CannonResult;
      const perAnswer = r.requests.total ? cpu / r.requests.total : 0;
      const sent = r.requests.total ? r.throughput.total / r.requests.total : 0;
      const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
      // Busy: CPU time over the run's wall time, in per cent of one core (autocannon's includes its start-up, ~0.3 s).
      const busy = (ms: number, over: number) => `${((ms / over) * 100).toFixed(0)} %`;
      console.log(
        `| \`${route}\` | ${r.latency.p50} ms | ${r.latency.p99} ms | ${r.requests.average.toFixed(0)} | ${perAnswer.toFixed(2)} ` +
          `ms | ${busy(cpu, seconds * 1000)} | ${(r.requests.total ? gen / r.requests.total : 0).toFixed(2)} ms ` +
          `(${busy(gen, wall)}) | ${busy(work, wall)} | ${kb(sent)} | ${kb(plain)} | ${r.errors + r.timeouts + r.non2xx} |`,
      );
    }
    console.log(
      `  load average after the reads: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );

    if (!process.argv.includes('--no-map')) {
      const index = await fetch(`${base}/`);
      if (!index.ok)
        throw new Error(
          `the map page is not served (GET / answered ${index.status}): build it with node apps/web/build.mjs, or run with --no-map`,
        );
      const { browser, choice } = await launchChromium();
      try {
        console.log(`map page: first load of the demo city, ${choice.source} Chromium ${browser.version()}, fresh context each visit`);
        for (const visit of ['first', 'second']) {
          const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
          // Runs in the page (bench/ compiles without the DOM types: `window` is declared above).
          await context.addInitScript((t) => window.localStorage.setItem('edu.token', t), TEST_ADMIN_TOKEN);
          const page = await context.newPage();
          let bytes = 0;
          const sources = new Map<string, number>();
          page.on('response', (r) => {
            void r.body().then(
              (b) => (bytes += b.length),
              () => undefined,
            );
            const source = /cache;desc=(\w+)/.exec(r.headers()['server-timing'] ?? '')?.[1];
            if (source) sources.set(source, (sources.get(source) ?? 0) + 1);
          });
          const t0 = performance.now();
          await page.goto(`${base}/?dataset=quzhou`);
          await page.waitForSelector('body[data-ready]', { timeout: 120_000 });
          const ready = performance.now() - t0;
          await page.waitForLoadState('networkidle');
          const idle = performance.now() - t0;
          const firstRender = await page.evaluate(() => window.__eduFirstRenderMs ?? NaN);
          console.log(
            `  ${visit} visit: ready ${ready.toFixed(0)} ms, network idle ${idle.toFixed(0)} ms (page's own first render ` +
              `${firstRender.toFixed(0)} ms), ${(bytes / 1024).toFixed(0)} KB decoded; cached reads ` +
              `${[...sources].map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}`,
          );
          await context.close();
        }
      } finally {
        await browser.close();
      }
    }

    if (runCount > 0) {
      const post = (path: string, body: unknown) =>
        fetch(`${base}${path}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const sc = (await (await post('/scenarios', { name: 'load', overrides: {} })).json()) as { id: number };
      const t0 = Date.now();
      const ids: number[] = [];
      for (let i = 0; i < runCount; i++) ids.push(((await (await post(`/scenarios/${sc.id}/runs`, {})).json()) as { id: number }).id);
      const statuses = await waitFor(
        async () => {
          const s = await Promise.all(
            ids.map(async (id) => ((await (await fetch(`${base}/runs/${id}`, { headers: auth })).json()) as { status: string }).status),
          );
          return s.every((x) => x === 'completed' || x === 'failed' || x === 'infeasible') ? s : null;
        },
        1_800_000,
        'the queued runs',
      );
      const secs = (Date.now() - t0) / 1000;
      console.log(`runs: ${runCount} scenario runs queued at once, 2 worker processes`);
      console.log(
        `  completed ${statuses.filter((s) => s === 'completed').length}, not completed ` +
          `${statuses.filter((s) => s !== 'completed').length}, in ${secs.toFixed(1)} s: ` +
          `${((runCount / secs) * 60).toFixed(1)} runs/min`,
      );
    }
  } finally {
    for (const w of workers) await w.stop();
    if (api.exitCode === null && api.signalCode === null) {
      const exited = new Promise((ok) => api.once('exit', ok));
      api.kill('SIGTERM');
      await exited;
    }
    await dropQueuePrefix(redisUrl(), prefix);
    await db.drop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
