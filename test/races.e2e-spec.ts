import type { INestApplication } from '@nestjs/common';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource, type EntityManager } from 'typeorm';
import { parseConfig } from '@app/config';
import { DatasetStore, ImportService, type ImportRequest } from '@app/datasets-service';
import { createApiApp } from '../apps/api/src/create-app';
import { SCHOOL_HEADERS, areasCollection, csvOf, json, schoolRows } from './support/fixtures';
import { TEST_ADMIN_TOKEN } from './support/http';
import { createTestDatabase, type TestDatabase } from './support/test-env';

/**
 * Holds every import's first read of its parent version until `parties` imports have read it, so the imports
 * overlap exactly where a lost update happens: all merge onto the same parent.
 */
function parentReadBarrier(store: DatasetStore, parties: number): { restore(): void } {
  const original = store.latestVersion.bind(store);
  let waiting: (() => void)[] = [];
  let open = false;
  store.latestVersion = async (dataset: string, em?: EntityManager) => {
    const v = await original(dataset, em);
    // Only reads outside the write transaction are held: the write's own read under the lock runs freely.
    if (!em && !open) {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length >= parties) {
          open = true;
          waiting.forEach((w) => w());
          waiting = [];
        }
      });
    }
    return v;
  };
  return { restore: () => (store.latestVersion = original) };
}

describe('concurrent imports into one dataset (real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let imports: ImportService;
  let store: DatasetStore;

  const schools = (codes: string[], mode: 'merge' | 'replace' = 'merge'): ImportRequest => {
    const base = schoolRows()[0];
    const rows = codes.map((c) => base.map((v, i) => (i === 0 ? c : i === 1 ? `学校${c}` : v)));
    return { dataset: 'quzhou', files: [{ name: 'schools.csv', bytes: csvOf(SCHOOL_HEADERS, rows) }], crs: 'GCJ02', mode };
  };
  const catchment = (code: string, school: string): ImportRequest => ({
    dataset: 'quzhou',
    files: [
      {
        name: 'catchments.geojson',
        bytes: json({
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              properties: { code, stage: 'primary', school_codes: school },
              geometry: {
                type: 'Polygon',
                coordinates: [
                  [
                    [118.81, 28.91],
                    [118.89, 28.91],
                    [118.89, 28.99],
                    [118.81, 28.99],
                    [118.81, 28.91],
                  ],
                ],
              },
            },
          ],
        }),
      },
    ],
  });

  beforeAll(async () => {
    db = await createTestDatabase('edu_races');
    const cfg = parseConfig({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'error',
      BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      IMPORT_MAX_CONCURRENT: '1',
      UPLOAD_MAX_TOTAL_BYTES: '300000',
    });
    app = await createApiApp(cfg, { database: { url: db.url, migrate: false }, redisUrl: undefined, queuePrefix: 'races' });
    await app.init();
    imports = app.get(ImportService);
    store = app.get(DatasetStore);
    await imports.import({ dataset: 'quzhou', files: [{ name: 'areas.geojson', bytes: json(areasCollection()) }] });
    await imports.import(schools(['S001', 'S002']));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const latestSchools = async () => {
    const v = await store.latestVersion('quzhou');
    return (await store.loadRecords(v!.id, ['schools'])).schools.map((s) => s.code).sort();
  };

  it('two merge imports released together both keep their school, and each summary says what it changed', async () => {
    const barrier = parentReadBarrier(store, 2);
    const [a, b] = await Promise.all([imports.import(schools(['S100'])), imports.import(schools(['S200']))]).finally(() =>
      barrier.restore(),
    );
    expect(await latestSchools()).toEqual(['S001', 'S002', 'S100', 'S200']);
    expect([a.number, b.number].sort()).toEqual([3, 4]);
    for (const o of [a, b]) expect(o.summary.schools).toMatchObject({ added: 1, removed: 0 });
    // The later one was merged onto the earlier one, not onto their common parent.
    const [first, second] = a.number < b.number ? [a, b] : [b, a];
    expect(second.parentVersionId).toBe(first.versionId);
  });

  it('a catchment import racing a schools replace never commits a catchment pointing at a removed school', async () => {
    const barrier = parentReadBarrier(store, 2);
    const outcomes = await Promise.allSettled([
      imports.import(catchment('C1', 'S002')),
      imports.import(schools(['S001', 'S100', 'S200'], 'replace')),
    ]).finally(() => barrier.restore());
    // Exactly one of the two can hold: whichever commits second sees the other's version and is refused by name.
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(JSON.stringify((refused.reason as { problems: unknown }).problems)).toMatch(/school \\?"S002\\?" does not exist/);
    const v = await store.latestVersion('quzhou');
    const rec = await store.loadRecords(v!.id, ['schools', 'catchments']);
    const codes = new Set(rec.schools.map((s) => s.code));
    for (const c of rec.catchments) for (const s of c.schoolCodes) expect(codes.has(s)).toBe(true);
    // And the dataset still takes a schools import afterwards.
    await expect(imports.import(schools(['S300']))).resolves.toMatchObject({ summary: { schools: { added: 1 } } });
  });

  it('/health stays honest while every pooled connection is busy: PostgreSQL up, and the queue for the pool named', async () => {
    const ds = app.get(DataSource);
    const busy = Array.from({ length: 12 }, () => ds.query('SELECT pg_sleep(6)'));
    await new Promise((r) => setTimeout(r, 500));
    const res = await request(app.getHttpServer()).get('/health');
    expect(res.status).toBe(200);
    expect(res.body.checks.postgres.ok).toBe(true);
    expect(res.body.checks.postgres.detail).toMatch(/pool: 10 of 10 connections in use, [1-9]\d* requests waiting/);
    await Promise.all(busy);
  });

  it('bounds imports before reading their upload: the total per request (413), and imports at once (503, Retry-After)', async () => {
    const server = app.getHttpServer();
    const auth = `Bearer ${TEST_ADMIN_TOKEN}`;
    const tooBig = await request(server)
      .post('/datasets/quzhou/imports')
      .set('authorization', auth)
      .attach('files', Buffer.alloc(400_000, 0x41), 'schools.csv');
    expect([tooBig.status, tooBig.body.message]).toEqual([413, expect.stringMatching(/over the limit of 300000 bytes per request/)]);
    // A slow client: headers and the start of its body sent, the rest never comes. It holds the one import slot.
    await new Promise<void>((ok) => (server.listening ? ok() : server.listen(3161, '127.0.0.1', () => ok())));
    const { port } = server.address() as AddressInfo;
    const slow = connect(port, '127.0.0.1');
    await new Promise<void>((ok) => slow.once('connect', () => ok()));
    slow.write(
      `POST /datasets/quzhou/imports HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nContent-Type: ` +
        `multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\nContent-Disposition: form-data; ` +
        `name="files"; filename="schools.csv"\r\n\r\ncode\n`,
    );
    await new Promise((r) => setTimeout(r, 500));
    const busy = await request(server)
      .post('/datasets/quzhou/imports')
      .set('authorization', auth)
      .attach('files', csvOf(SCHOOL_HEADERS, schoolRows().slice(0, 1)), 'schools.csv');
    expect([busy.status, busy.headers['retry-after']]).toEqual([503, '5']);
    slow.destroy();
    await new Promise((r) => setTimeout(r, 500));
    // The aborted upload gave its slot back.
    const after = await request(server)
      .post('/datasets/quzhou/imports')
      .set('authorization', auth)
      .field('crs', 'GCJ02')
      .attach('files', csvOf(SCHOOL_HEADERS, schoolRows().slice(0, 1)), 'schools.csv');
    expect(after.status).toBe(201);
  });
});
