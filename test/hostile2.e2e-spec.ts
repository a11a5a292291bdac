import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { Client } from 'pg';
import request from 'supertest';
import { AuditService } from '@app/access';
import { parseConfig } from '@app/config';
import { createApiApp } from '../apps/api/src/create-app';
import { SCHOOL_HEADERS, areasCollection, csvOf, json, schoolRows } from './support/fixtures';
import { TEST_ADMIN_TOKEN, attachDir, authed } from './support/http';
import { countRows, createTestDatabase, serverUrl, type TestDatabase } from './support/test-env';

const TOY = resolve(__dirname, '../geo/demo/toy');

/** Hostile input, round two: workbooks, formula text, failed authentications and their audit (real PostgreSQL). */
describe('hostile input, round two (real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof authed>;

  beforeAll(async () => {
    db = await createTestDatabase('edu_hostile2');
    const cfg = parseConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'error', BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN });
    app = await createApiApp(cfg, { database: { url: db.url, migrate: false }, redisUrl: undefined, queuePrefix: 'hostile2' });
    await app.init();
    http = authed(app.getHttpServer(), TEST_ADMIN_TOKEN);
    await http.post('/datasets/quzhou/imports').attach('files', json(areasCollection()), 'areas.geojson').expect(201);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('refuses the three-cell XLSX bomb (A1, XFD1, A2000) by name while /health keeps answering', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('学校');
    ws.getCell('A1').value = '学校代码';
    ws.getCell('XFD1').value = 'x';
    ws.getCell('A2000').value = 'S1';
    const bomb = Buffer.from(await wb.xlsx.writeBuffer());
    expect(bomb.length).toBeLessThan(10_000);
    const before = await countRows(db.ds);
    const rss = process.memoryUsage().rss;
    const [res, ...health] = await Promise.all([
      http.post('/datasets/quzhou/imports').attach('files', bomb, 'schools.xlsx'),
      request(app.getHttpServer()).get('/health'),
      request(app.getHttpServer()).get('/health'),
    ]);
    expect(res.status).toBe(400);
    expect(res.body.problems.map((p: { text: string }) => p.text)).toEqual([
      'schools.xlsx: cell XFD1 is in column 16384: over the limit of 1024 columns',
    ]);
    expect(health.map((h) => h.status)).toEqual([200, 200]);
    // The old reader built 32.7 M cells (gigabytes); the streamed one holds one row.
    expect(process.memoryUsage().rss - rss).toBeLessThan(300 * 1024 * 1024);
    expect(await countRows(db.ds)).toEqual(before);
  });

  it('refuses school codes that are formula or markup text, by row and field', async () => {
    const rows = schoolRows().slice(0, 2);
    rows[0][0] = '=HYPERLINK("http://evil.example","S1")';
    rows[1][0] = '@SUM(A1)';
    const res = await http
      .post('/datasets/quzhou/imports')
      .field('crs', 'GCJ02')
      .attach('files', csvOf(SCHOOL_HEADERS, rows), 'schools.csv')
      .expect(400);
    const texts: string[] = res.body.problems.map((p: { text: string }) => p.text);
    expect(texts.filter((t) => /\[code\]: ".*" is not a school code/.test(t)).map((t) => /row (\d+)/.exec(t)?.[1])).toEqual(['2', '3']);
  });

  it('audits refused requests (401, 403, 429) with address and reason, and the role of a new token', async () => {
    const anon = request(app.getHttpServer());
    await anon.get('/alerts').expect(401);
    for (let i = 0; i < 11; i++) await anon.get('/alerts').set('authorization', 'Bearer audited-wrong-token');
    const planner = (await http.post('/tokens').send({ name: 'p', role: 'planner' }).expect(201)).body.token as string;
    const admin2 = (await http.post('/tokens').send({ name: 'boss', role: 'admin' }).expect(201)).body.token as string;
    expect(admin2).toMatch(/^edu_/);
    await authed(app.getHttpServer(), planner).post('/tokens').send({ name: 'x', role: 'admin' }).expect(403);
    // Audit entries are written after the answer: wait for the last one.
    for (let i = 0; i < 50 && Number((await db.ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE status = 403`))[0].n) === 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    const rows = (await db.ds.query('SELECT actor, role, method, path, status, details FROM audit_log ORDER BY id')) as {
      actor: string | null;
      role: string | null;
      path: string;
      status: number;
      details: Record<string, unknown>;
    }[];
    const refused = rows.filter((r) => r.details.outcome === 'refused');
    expect(refused.map((r) => r.status)).toEqual([401, ...Array(10).fill(401), 429, 403]);
    expect(refused[0].details).toMatchObject({ reason: 'missing token: send Authorization: Bearer <token>', credential: 'none' });
    expect(typeof refused[0].details.address).toBe('string');
    expect(refused[12]).toMatchObject({ actor: 'p', role: 'planner', path: '/tokens', status: 403 });
    // The bad token itself is never stored, only a prefix of its hash.
    expect(JSON.stringify(rows)).not.toContain('audited-wrong-token');
    const created = rows.filter((r) => r.path === '/tokens' && r.status === 201).map((r) => r.details.request);
    expect(created).toEqual([
      { name: 'p', role: 'planner' },
      { name: 'boss', role: 'admin' },
    ]);
  });

  it('keeps audit entries while PostgreSQL refuses connections and writes them when it is back', async () => {
    const audit = app.get(AuditService);
    const admin = new Client({ connectionString: serverUrl() });
    await admin.connect();
    try {
      // What a restart does to this database's clients: connections dropped, new ones refused for a while.
      await admin.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [db.name]);
      await expect(
        audit.record({ actor: 'during-outage', role: 'admin', method: 'POST', path: '/outage', status: 201, details: {} }),
      ).resolves.toBeUndefined();
      expect(audit.backlog).toBe(1);
    } finally {
      await admin.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    for (let i = 0; i < 100 && audit.backlog > 0; i++) await new Promise((r) => setTimeout(r, 200));
    const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE actor = 'during-outage'`);
    expect(n).toBe(1);
  });

  it("a planner's projection is the planner's own: bounded assumptions, and only an admin changes the default", async () => {
    const req = attachDir(http.post('/datasets/toy/imports'), TOY);
    await req.expect(201);
    const planner = authed(
      app.getHttpServer(),
      (await http.post('/tokens').send({ name: 'proj-planner', role: 'planner' }).expect(201)).body.token,
    );
    await http.post('/projections').send({ dataset: 'toy' }).expect(202);
    const primary = async (query = '') =>
      (await http.get(`/projections?dataset=toy&level=county&stage=primary&year=2024${query}`).expect(200)).body.figures[0].value as number;
    const standard = await primary();
    expect(standard).toBeCloseTo(1560, 6);
    for (const bad of [{ primaryRate: 0.01 }, { horizon: 100 }, { horizon: 1e9 }, { primaryRate: '1' }, { notAnAssumption: 1 }]) {
      const res = await planner.post('/projections').send({ dataset: 'toy', assumptions: bad }).expect(400);
      expect(res.body.message).toMatch(
        new RegExp(`^assumptions(\\.${Object.keys(bad)[0]}: |: Unrecognized key: "${Object.keys(bad)[0]}")`),
      );
    }
    const own = (
      await planner
        .post('/projections')
        .send({ dataset: 'toy', assumptions: { primaryRate: 0.6 } })
        .expect(202)
    ).body;
    expect(own.scenarioRef).toBe('request:proj-planner');
    expect(await primary()).toBeCloseTo(standard, 6);
    expect(await primary(`&run=${own.result.runId}`)).toBeCloseTo(0.6 * standard, 6);
    await planner
      .post('/projections')
      .send({ dataset: 'toy', assumptions: { primaryRate: 0.6 }, makeDefault: true })
      .expect(403);
    await http
      .post('/projections')
      .send({ dataset: 'toy', assumptions: { primaryRate: 0.9 }, makeDefault: true })
      .expect(202);
    expect(await primary()).toBeCloseTo(0.9 * standard, 6);
  });

  it('answers hostile request shapes with a 4xx naming the problem, never a 500', async () => {
    const server = app.getHttpServer();
    const token = `Bearer ${TEST_ADMIN_TOKEN}`;
    const post = (path: string) => request(server).post(path).set('authorization', token);
    const nul = await post('/tokens').send({ name: 'a\u0000b', role: 'planner' });
    expect([nul.status, nul.body.message]).toEqual([400, expect.stringMatching(/NUL byte/)]);
    for (const path of ['/runs/99999999999', '/datasets/versions/99999999999', '/scenarios/99999999999']) {
      const r = await request(server).get(path).set('authorization', token);
      expect([path, r.status]).toEqual([path, 400]);
    }
    const abc = await request(server).get('/layers/schools?version=abc').set('authorization', token);
    expect(abc.status).toBe(400);
    expect((await post('/projections').send({ version: 'abc' })).status).toBe(400);
    const text = await post('/scenarios').set('content-type', 'text/plain').send('name=x');
    expect([text.status, text.body.message]).toEqual([415, expect.stringMatching(/unsupported content type "text\/plain"/)]);
    const big = await post('/scenarios').send({ name: 'x', overrides: {}, pad: 'x'.repeat(200_000) });
    expect(big.status).toBe(413);
    const deep = await post('/scenarios')
      .set('content-type', 'application/json')
      .send(`{"name":"x","overrides":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    expect([deep.status, deep.body.message]).toEqual([400, 'the body is nested deeper than 32 levels']);
    if (!(await db.ds.query(`SELECT 1 FROM datasets WHERE name = 'toy'`)).length) {
      const req = attachDir(http.post('/datasets/toy/imports'), TOY);
      await req.expect(201);
    }
    const huge = await post('/scenarios').send({
      name: 'huge',
      dataset: 'toy',
      overrides: {
        housing: {
          add: [
            {
              code: 'H1',
              name: 'h',
              townshipCode: '330802001',
              unitCode: 'U1',
              lon: 118.85,
              lat: 28.95,
              households: 9e15,
              phasing: { '2027': 1 },
              yields: { kindergarten: 0.1, primary: 1e300, junior: 0.1, senior: 0.1 },
            },
          ],
        },
      },
    });
    expect(huge.status).toBe(400);
    expect(JSON.stringify(huge.body)).toMatch(/households/);
    expect(JSON.stringify(huge.body)).toMatch(/primary/);
    const wide = await http
      .post('/datasets/quzhou/imports')
      .attach('files', Buffer.from(`${Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',')}\n`), 'schools.csv')
      .expect(400);
    expect(wide.body.problems[0].text).toMatch(/more than 1024 columns: over the limit/);
  });
});
