import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import type { INestApplication } from '@nestjs/common';
import { childEnv, parseConfig } from '@app/config';
import { createApiApp } from '../apps/api/src/create-app';
import { TEST_ADMIN_TOKEN, attachDir, authed } from './support/http';
import { createTestDatabase, serverUrl, type TestDatabase } from './support/test-env';

const TOY = resolve(__dirname, '../geo/demo/toy');
const ROOT = resolve(__dirname, '..');

/** Runs the CLI as a user would, against the given database. */
function cli(args: string[], databaseUrl: string): string {
  return execFileSync(process.execPath, ['-r', './scripts/register.js', 'apps/cli/src/main.ts', ...args], {
    cwd: ROOT,
    env: childEnv({ DATABASE_URL: databaseUrl }),
    encoding: 'utf8',
  });
}

async function withApi<T>(url: string, fn: (http: ReturnType<typeof authed>) => Promise<T>): Promise<T> {
  const cfg = parseConfig({ DATABASE_URL: url, LOG_LEVEL: 'error', BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN });
  const app: INestApplication = await createApiApp(cfg, { database: { url, migrate: false }, redisUrl: undefined, queuePrefix: 'backup' });
  await app.init();
  try {
    return await fn(authed(app.getHttpServer(), TEST_ADMIN_TOKEN));
  } finally {
    await app.close();
  }
}

describe('backup and restore (pg_dump / pg_restore on the real PostgreSQL)', () => {
  let source: TestDatabase;
  const target = `edu_restore_${Date.now()}`;
  const dir = mkdtempSync(join(tmpdir(), 'edu-backup-'));
  const targetUrl = () => {
    const u = new URL(serverUrl());
    u.pathname = `/${target}`;
    return u.toString();
  };

  beforeAll(async () => {
    source = await createTestDatabase('edu_backup');
  });

  afterAll(async () => {
    await source?.drop();
    const c = new Client({ connectionString: serverUrl() });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${target}" WITH (FORCE)`);
    await c.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores into a fresh database and the API answers the same', async () => {
    const read = async (http: ReturnType<typeof authed>) => ({
      schools: (await http.get('/layers/schools?dataset=toy').expect(200)).body,
      projections: (await http.get('/projections?dataset=toy&level=township').expect(200)).body,
      alerts: (await http.get('/alerts?dataset=toy&status=all').expect(200)).body,
      kpis: (await http.get('/kpis?dataset=toy').expect(200)).body,
    });
    const before = await withApi(source.url, async (http) => {
      const req = attachDir(http.post('/datasets/toy/imports'), TOY);
      await req.expect(201);
      await http.post('/warnings/evaluate').send({ dataset: 'toy' }).expect(202);
      return read(http);
    });
    expect(before.alerts.total).toBeGreaterThan(0);
    await source.ds.destroy();

    const file = join(dir, 'edu.dump');
    expect(cli(['backup', file], source.url)).toMatch(/backup written/);
    const c = new Client({ connectionString: serverUrl() });
    await c.connect();
    await c.query(`CREATE DATABASE "${target}"`);
    await c.end();
    expect(cli(['restore', file], targetUrl())).toMatch(/restored/);
    expect(() => cli(['restore', file], targetUrl())).toThrow(/already has \d+ tables/);

    const after = await withApi(targetUrl(), read);
    expect(after).toEqual(before);
  });
});
