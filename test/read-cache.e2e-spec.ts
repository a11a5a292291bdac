import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { INestApplication } from '@nestjs/common';
import { parseConfig } from '@app/config';
import { DbChanges } from '@app/database';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { createApiApp } from '../apps/api/src/create-app';
import { ROLES_KEY } from '../apps/api/src/auth/auth.decorators';
import { AlertsController } from '../apps/api/src/controllers/alerts.controller';
import { DatasetsController } from '../apps/api/src/controllers/datasets.controller';
import { HealthController } from '../apps/api/src/controllers/health.controller';
import { LayersController } from '../apps/api/src/controllers/layers.controller';
import { ProjectionsController } from '../apps/api/src/controllers/projections.controller';
import { ScenariosController } from '../apps/api/src/controllers/scenarios.controller';
import { TokensController } from '../apps/api/src/controllers/tokens.controller';
import { TravelController } from '../apps/api/src/controllers/travel.controller';
import { CACHED } from '../apps/api/src/read-cache.interceptor';
import { csvOf, SCHOOL_CSV_COLUMNS } from './support/fixtures';
import { TEST_ADMIN_TOKEN, attachDir, authed } from './support/http';
import { createTestDatabase, type TestDatabase } from './support/test-env';

/** The read cache of apps/api: compression when asked, ETag/304, and a new dataset version changing the answer. */
const TOY = resolve(__dirname, '../geo/demo/toy');

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

describe('cached reads: compression, ETag and invalidation (real PostgreSQL, toy region)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let port = 0;
  let http: ReturnType<typeof authed>;

  const raw = (path: string, headers: Record<string, string> = {}): Promise<Raw> =>
    new Promise((ok, fail) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path, headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        },
      );
      req.on('error', fail);
      req.end();
    });

  beforeAll(async () => {
    db = await createTestDatabase('edu_cache');
    const cfg = parseConfig({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'error',
      WARNING_CRON: '',
      BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      QUEUE_PREFIX: `c${db.name}`,
    });
    app = await createApiApp(cfg, { database: { url: db.url, migrate: false }, redisUrl: undefined, queuePrefix: cfg.QUEUE_PREFIX });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    http = authed(app.getHttpServer(), TEST_ADMIN_TOKEN);
    const req = attachDir(http.post('/datasets/toy/imports'), TOY);
    await req.expect(201);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('answers the same JSON plain, gzip and brotli, with one ETag, and 304 on If-None-Match', async () => {
    const plain = await raw('/layers/areas?dataset=toy&limit=5000');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-type']).toMatch(/^application\/json/);
    const parsed = JSON.parse(plain.body.toString()) as { type: string; numberMatched: number; features: unknown[] };
    expect(parsed.type).toBe('FeatureCollection');
    expect(parsed.features.length).toBe(parsed.numberMatched);
    expect(parsed.numberMatched).toBeGreaterThan(1);

    expect(plain.headers['x-cache']).toBe('miss');
    const gz = await raw('/layers/areas?dataset=toy&limit=5000', { 'accept-encoding': 'gzip' });
    expect(gz.headers['x-cache']).toBe('hit');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    const br = await raw('/layers/areas?dataset=toy&limit=5000', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length / 2);

    const etag = String(plain.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    expect(gz.headers.etag).toBe(etag);
    expect(plain.headers['cache-control']).toBe('private, no-cache');
    const again = await raw('/layers/areas?dataset=toy&limit=5000', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    // Another URL is another answer.
    const other = await raw('/layers/areas?dataset=toy&limit=1', { 'if-none-match': etag });
    expect(other.status).toBe(200);
    expect((JSON.parse(other.body.toString()) as { features: unknown[] }).features).toHaveLength(1);
  });

  it('still refuses a request without a token (the cache sits behind the guard)', async () => {
    await raw('/layers/areas?dataset=toy&limit=5000');
    const res = await new Promise<number>((ok, fail) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/layers/areas?dataset=toy&limit=5000' }, (r) => {
        r.resume();
        ok(r.statusCode ?? 0);
      });
      req.on('error', fail);
      req.end();
    });
    expect(res).toBe(401);
  });

  it('serves a new answer and a new ETag once a new dataset version is imported', async () => {
    const before = await raw('/layers/schools?dataset=toy&limit=5000');
    const n = (JSON.parse(before.body.toString()) as { numberMatched: number }).numberMatched;
    const row = [['339901K077', '缓存测试幼儿园', 'kindergarten', 'private', 117.51, 28.005, '339901', '339901101', 30, 2, 60, 30]];
    await http.post('/datasets/toy/imports').attach('files', csvOf(SCHOOL_CSV_COLUMNS, row), 'schools.csv').expect(201);
    const after = await raw('/layers/schools?dataset=toy&limit=5000', { 'if-none-match': String(before.headers.etag) });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect((JSON.parse(after.body.toString()) as { numberMatched: number }).numberMatched).toBe(n + 1);
  });

  it('computes concurrent misses of one URL once, and says so in Server-Timing', async () => {
    const path = '/layers/schools?dataset=toy&limit=4999';
    const answers = await Promise.all(Array.from({ length: 10 }, () => raw(path, { 'accept-encoding': 'br' })));
    const sources = answers.map((a) => /cache;desc=(\w+)/.exec(String(a.headers['server-timing']))?.[1]);
    expect(sources.filter((s) => s === 'miss')).toHaveLength(1);
    expect(sources.filter((s) => s === 'shared' || s === 'hit')).toHaveLength(9);
    expect(new Set(answers.map((a) => a.headers.etag)).size).toBe(1);
    expect(new Set(answers.map((a) => a.body.toString('base64'))).size).toBe(1);
    expect(String(answers[0].headers['server-timing'])).toMatch(/app;dur=\d+\.\d\d$/);
  });

  it(
    'forgets its answers when another process changes a watched table (LISTEN/NOTIFY), keeping the ETag of an ' + 'unchanged answer',
    async () => {
      expect(app.get(DbChanges).live).toBe(true);
      const path = '/layers/schools?dataset=toy&limit=5000';
      await raw(path);
      const before = await raw(path);
      expect(before.headers['x-cache']).toBe('hit');
      // As a worker or the CLI would: a write on its own connection, not through this API process.
      await db.ds.query('UPDATE dataset_versions SET label = label WHERE id = (SELECT max(id) FROM dataset_versions)');
      let after = await raw(path, { 'if-none-match': String(before.headers.etag) });
      for (let i = 0; i < 50 && after.headers['x-cache'] === 'hit'; i++) {
        await new Promise((ok) => setTimeout(ok, 100));
        after = await raw(path, { 'if-none-match': String(before.headers.etag) });
      }
      expect(after.headers['x-cache']).toBe('miss');
      expect(after.status).toBe(304);
      expect(after.headers.etag).toBe(before.headers.etag);
    },
  );

  it(
    'serves a hit for an already trusted token before Nest, with the headers of the Nest path; anything in doubt ' +
      'goes through the guard',
    async () => {
      const reviewer = (await http.post('/tokens').send({ name: 'fast-reader', role: 'reviewer' }).expect(201)).body as {
        id: number;
        token: string;
      };
      const path = '/layers/areas?dataset=toy&limit=4998';
      const asReviewer = { authorization: `Bearer ${reviewer.token}`, 'accept-encoding': 'gzip' };
      expect((await raw(path, { 'accept-encoding': 'gzip' })).headers['x-cache']).toBe('miss');
      // The reviewer's token is not trusted yet: the guard verifies it, the interceptor answers the hit.
      const viaNest = await raw(path, asReviewer);
      const fast = await raw(path, asReviewer);
      expect([viaNest.status, fast.status]).toEqual([200, 200]);
      expect(String(viaNest.headers['server-timing'])).toMatch(/^cache;desc=hit, app;dur=\d+\.\d\d$/);
      expect(String(fast.headers['server-timing'])).toMatch(/^cache;desc=hit, fast, app;dur=\d+\.\d\d$/);
      const names = (h: Raw['headers']) =>
        Object.keys(h)
          .filter((k) => k !== 'date' && k !== 'server-timing')
          .sort();
      expect(names(fast.headers)).toEqual(names(viaNest.headers));
      for (const k of names(viaNest.headers)) expect([k, fast.headers[k]]).toEqual([k, viaNest.headers[k]]);
      expect(fast.headers['content-encoding']).toBe('gzip');
      expect(fast.headers['x-content-type-options']).toBe('nosniff');
      expect(fast.body.equals(viaNest.body)).toBe(true);
      const notModified = await raw(path, { ...asReviewer, 'if-none-match': String(fast.headers.etag) });
      expect(notModified.status).toBe(304);
      expect(String(notModified.headers['server-timing'])).toMatch(/^cache;desc=hit, fast, /);
      // Unknown and missing tokens on a cached URL: refused by the guard as before.
      expect((await raw(path, { authorization: 'Bearer edu_not-a-token' })).status).toBe(401);
      expect((await raw(path, { authorization: '' })).status).toBe(401);
      // A revoked token loses its trust at once, on the fast path too.
      await http.delete(`/tokens/${reviewer.id}`).expect(204);
      expect((await raw(path, asReviewer)).status).toBe(401);
    },
  );

  it('has no role rule on any cached GET route, the premise of the fast path (any trusted token may read them)', () => {
    const cached: string[] = [];
    for (const controller of [
      LayersController,
      ProjectionsController,
      AlertsController,
      ScenariosController,
      DatasetsController,
      TokensController,
      TravelController,
      HealthController,
    ]) {
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const proto: object = controller.prototype;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler: unknown = Reflect.get(proto, name);
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.GET)
          continue;
        const url = `/${[base, String(Reflect.getMetadata(PATH_METADATA, handler) ?? '')].filter((p) => p && p !== '/').join('/')}`.replace(
          /:\w+/g,
          '1',
        );
        if (!CACHED.some((re) => re.test(url))) continue;
        cached.push(url);
        expect([url, Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, controller) ?? null]).toEqual([url, null]);
      }
    }
    expect(cached.sort()).toEqual([
      '/alerts',
      '/alerts.geojson',
      '/figures',
      '/kpis',
      '/layers/1',
      '/projections',
      '/runs/1/alerts',
      '/runs/1/alerts.geojson',
      '/runs/1/figures',
      '/runs/1/plan.geojson',
    ]);
  });
});
