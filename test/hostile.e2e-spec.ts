import type { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import { parseConfig } from '@app/config';
import { renderRunReport } from '@app/scenarios-model';
import { createApiApp } from '../apps/api/src/create-app';
import { SCHOOL_HEADERS, areasCollection, csvOf, json, schoolRows } from './support/fixtures';
import { TEST_ADMIN_TOKEN, authed } from './support/http';
import { countRows, createTestDatabase, type TestDatabase } from './support/test-env';

describe('hostile input over HTTP (real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof authed>;

  beforeAll(async () => {
    db = await createTestDatabase('edu_hostile');
    const cfg = parseConfig({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'error',
      BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      IMPORT_MAX_VERTICES: '100000',
      UPLOAD_MAX_BYTES: '80000000',
    });
    app = await createApiApp(cfg, { database: { url: db.url, migrate: false }, redisUrl: undefined, queuePrefix: 'hostile' });
    await app.init();
    http = authed(app.getHttpServer(), TEST_ADMIN_TOKEN);
    await http.post('/datasets/quzhou/imports').attach('files', json(areasCollection()), 'areas.geojson').expect(201);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('refuses a GeoJSON of a million vertices and pathological nesting with a 400, writing nothing', async () => {
    const before = await countRows(db.ds);
    const ring: number[][] = [];
    for (let i = 0; i < 1_000_000; i++) ring.push([118.85 + (i % 1000) * 1e-6, 28.95 + Math.floor(i / 1000) * 1e-6]);
    ring.push(ring[0]);
    const big = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code: '330802009', name: 'x', level: 'township', parent_code: '330802' },
          geometry: { type: 'Polygon', coordinates: [ring] },
        },
      ],
    };
    const res = await http.post('/datasets/quzhou/imports').attach('files', json(big), 'areas.geojson').expect(400);
    expect(res.body.problems[0].text).toMatch(/1000001 vertices: over the limit of/);
    const nested = Buffer.from(
      `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon",` +
        `"coordinates":${'['.repeat(100_000)}${']'.repeat(100_000)}}}]}`,
    );
    const res2 = await http.post('/datasets/quzhou/imports').attach('files', nested, 'areas.geojson').expect(400);
    expect(res2.body.problems[0].text).toMatch(/JSON nesting deeper than 32 levels/);
    expect(await countRows(db.ds)).toEqual(before);
  });

  it('answers arbitrary CSV and GeoJSON uploads with a 4xx and a message, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b).toString('latin1')),
        ),
        fc.constantFrom('schools.csv', 'areas.geojson', 'population.csv'),
        async (body, name) => {
          const res = await http.post('/datasets/quzhou/imports').attach('files', Buffer.from(body, 'latin1'), name);
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          expect(typeof res.body.message).toBe('string');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('stores names carrying SQL or script text as they are, and the report escapes them', async () => {
    const evil = `<script>alert(1)</script>'; DROP TABLE schools; --`;
    const rows = schoolRows()
      .slice(0, 1)
      .map((r) => r.map((v, i) => (i === 1 ? evil : v)));
    await http
      .post('/datasets/quzhou/imports')
      .field('crs', 'GCJ02')
      .attach('files', csvOf(SCHOOL_HEADERS, rows), 'schools.csv')
      .expect(201);
    const layer = (await http.get('/layers/schools').expect(200)).body;
    expect(layer.features[0].properties.name).toBe(evil);
    const [{ n }] = await db.ds.query('SELECT count(*)::int AS n FROM schools');
    expect(n).toBe(1);
    const school = layer.features[0].properties;
    const html = renderRunReport({
      runId: 1,
      scenarioName: evil,
      datasetVersion: 1,
      createdAt: '2026-11-29',
      overrides: { note: evil },
      kpis: {
        targetYear: 2027,
        smallSchoolsUnder200: 1,
        smallSchoolsUnder100: 0,
        maxSmallSchools: 30,
        pupilsMoved: 0,
        schoolsClosed: 0,
        meanTravelKmBefore: null,
        meanTravelKmAfter: null,
        maxTravelKmBefore: null,
        maxTravelKmAfter: null,
        redAlerts: 0,
        yellowAlerts: 0,
        consolidationStatus: null,
        districtSeatGap: {},
        indicators: [],
        network: [],
        byYear: [],
      },
      // The report shows names instead of codes: a name carrying script is escaped there too.
      headline: [],
      names: { [school.code]: evil },
      alerts: [
        {
          level: 'red',
          kind: 'shortage',
          subjectType: 'school',
          subjectCode: school.code,
          stage: 'primary',
          population: 'resident',
          onsetYear: 2027,
          seatGap: 1,
          classesShort: 1,
          message: { zh: evil, en: evil },
        },
      ],
      plan: null,
      consolidation: null,
      records: { areas: [], districts: [], schools: [school] },
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&#39;; DROP TABLE schools; --');
  });
});
