import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { parseConfig } from '@app/config';
import { DbChanges } from '@app/database';
import { createApiApp } from '../apps/api/src/create-app';
import { ReadCacheWarmer, mapFirstRequests } from '../apps/api/src/read-cache-warmer';
import { TEST_ADMIN_TOKEN, attachDir, authed } from './support/http';
import { createTestDatabase, type TestDatabase } from './support/test-env';

/** The read cache warmed by the API itself (as main.ts starts it): the map's first requests are hits from the start. */
const TOY = resolve(__dirname, '../geo/demo/toy');

describe('read cache warm-up (real PostgreSQL, toy region)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let port = 0;

  const source = (path: string, headers: Record<string, string> = {}): Promise<{ status: number; source: string }> =>
    new Promise((ok, fail) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path, headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'accept-encoding': 'br', ...headers } },
        (res) => {
          res.resume();
          res.on('end', () =>
            ok({ status: res.statusCode ?? 0, source: /^cache;desc=(\w+)/.exec(String(res.headers['server-timing']))?.[1] ?? 'none' }),
          );
        },
      );
      req.on('error', fail);
      req.end();
    });

  /** Until a pass has run and no notification started another one within a second. */
  const settle = async () => {
    const warmer = app.get(ReadCacheWarmer);
    for (let i = 0; i < 3; i++) {
      await warmer.settled();
      await new Promise((ok) => setTimeout(ok, 1000));
    }
    await warmer.settled();
  };

  beforeAll(async () => {
    db = await createTestDatabase('edu_warm');
    const cfg = parseConfig({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'error',
      WARNING_CRON: '',
      BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      QUEUE_PREFIX: `w${db.name}`,
    });
    app = await createApiApp(
      cfg,
      { database: { url: db.url, migrate: false }, redisUrl: undefined, queuePrefix: cfg.QUEUE_PREFIX },
      { warmReads: true },
    );
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    const req = attachDir(authed(app.getHttpServer(), TEST_ADMIN_TOKEN).post('/datasets/toy/imports'), TOY);
    await req.expect(201);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('answers the map page first requests from the cache on the first visit after an import (Server-Timing: hit)', async () => {
    await settle();
    const warmer = app.get(ReadCacheWarmer);
    const first = mapFirstRequests('toy');
    expect(first.layers).toHaveLength(7);
    expect(first.layers[0]).toBe('/layers/areas?dataset=toy&level=county&limit=5000&offset=0');
    expect(warmer.last?.answers).toBeGreaterThanOrEqual(7);
    const answers = await Promise.all(first.layers.map((url) => source(url)));
    expect(answers.map((a) => a.status)).toEqual(first.layers.map(() => 200));
    // A hit each; `fast` is not asserted: this client's token may not be trusted yet.
    expect(answers.map((a) => a.source)).toEqual(first.layers.map(() => 'hit'));
  }, 60_000);

  it('computes again, after a change from another process, what was stored before it', async () => {
    const hot = '/layers/schools?dataset=toy&limit=7';
    expect((await source(hot)).source).toBe('miss');
    expect((await source(hot)).source).toBe('hit');
    expect(app.get(DbChanges).live).toBe(true);
    const before = app.get(ReadCacheWarmer).last;
    // As a worker or the CLI would: a write on its own connection, notified to this process.
    await db.ds.query('UPDATE dataset_versions SET label = label WHERE id = (SELECT max(id) FROM dataset_versions)');
    await new Promise((ok) => setTimeout(ok, 200));
    await settle();
    expect(app.get(ReadCacheWarmer).last).not.toBe(before);
    expect((await source(hot)).source).toBe('hit');
    expect((await source(mapFirstRequests('toy').layers[3])).source).toBe('hit');
  }, 60_000);

  it('warms with a token known to this process only: nothing stored, and a look-alike is refused', async () => {
    const rows = (await db.ds.query("SELECT count(*)::int AS n FROM api_tokens WHERE name = 'read-cache warm-up'")) as { n: number }[];
    expect(rows[0].n).toBe(0);
    expect((await source('/layers/schools?dataset=toy&limit=6', { authorization: 'Bearer edu_internal_not-the-one' })).status).toBe(401);
  });
});
