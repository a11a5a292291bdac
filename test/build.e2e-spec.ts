import { randomBytes } from 'node:crypto';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { childEnv } from '@app/config';
import { MIGRATIONS } from '@app/database';
import { DIST, ensureServerBuild } from './support/build';
import { dropQueuePrefix } from './support/queues';
import { TEST_ADMIN_TOKEN } from './support/http';
import { redisUrl, serverUrl } from './support/test-env';
import { startWorker, waitFor, type WorkerProcess } from './support/worker-process';

/**
 * The production build as the Dockerfile and docker-compose.yml run it: plain `node` on dist/ (path aliases rewritten
 * at build time), against the real PostgreSQL and Redis. The compiled migrate command builds an empty database, then
 * the compiled API answers /health and the compiled worker comes up on the same queues.
 */
const ROOT = resolve(__dirname, '..');

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  const port = (srv.address() as AddressInfo).port;
  await new Promise((ok) => srv.close(ok));
  return port;
}

describe('production build (node dist/..., real PostgreSQL and Redis)', () => {
  const name = `edu_build_${Date.now().toString(36)}`;
  const prefix = `b${randomBytes(5).toString('hex')}`;
  let url = '';
  let env: Record<string, string> = {};
  let api: ChildProcess | undefined;
  let apiOut = '';
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    console.log(ensureServerBuild());
    const admin = new Client({ connectionString: serverUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const u = new URL(serverUrl());
    u.pathname = `/${name}`;
    url = u.toString();
    env = {
      DATABASE_URL: url,
      REDIS_URL: redisUrl(),
      QUEUE_PREFIX: prefix,
      WARNING_CRON: '',
      NODE_ENV: 'production',
      BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    };
  }, 600_000);

  afterAll(async () => {
    await worker?.stop();
    if (api && api.exitCode === null) {
      const exited = new Promise((ok) => api!.once('exit', ok));
      api.kill('SIGTERM');
      await exited;
    }
    await dropQueuePrefix(redisUrl(), prefix);
    const admin = new Client({ connectionString: serverUrl() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it('migrates an empty database with the compiled CLI, once', () => {
    const run = () => execFileSync(process.execPath, [DIST.cli, 'migrate'], { cwd: ROOT, env: childEnv(env), encoding: 'utf8' });
    expect(run()).toContain(`applied ${MIGRATIONS.length} migration(s)`);
    expect(run()).not.toContain('applied');
  });

  it('starts the compiled API, which answers GET /health with 200', async () => {
    const port = await freePort();
    api = spawn(process.execPath, [DIST.api], {
      cwd: ROOT,
      env: childEnv({ ...env, PORT: String(port), HOST: '127.0.0.1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    api.stdout!.on('data', (d: Buffer) => (apiOut += d.toString()));
    api.stderr!.on('data', (d: Buffer) => (apiOut += d.toString()));
    const res = await waitFor(
      async () => {
        if (api!.exitCode !== null) throw new Error(`API exited with ${api!.exitCode}:\n${apiOut}`);
        return fetch(`http://127.0.0.1:${port}/health`).catch(() => null);
      },
      60_000,
      'the compiled API',
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; checks: { postgres: { ok: boolean }; redis: { ok: boolean } } };
    expect(body).toMatchObject({ status: 'ok', checks: { postgres: { ok: true }, redis: { ok: true } } });
    // A route behind the token: the compiled guards and the bootstrap token work too.
    const versions = await fetch(`http://127.0.0.1:${port}/datasets`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    expect(versions.status).toBe(200);
    expect(await versions.json()).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${port}/datasets`)).status).toBe(401);
  }, 90_000);

  it('starts the compiled worker on the same queues', async () => {
    worker = await startWorker(env, 60_000, [DIST.worker]);
    expect(worker.output()).toContain('worker ready');
    expect(worker.output()).not.toMatch(/Cannot find module|Error:/);
  }, 90_000);
});
