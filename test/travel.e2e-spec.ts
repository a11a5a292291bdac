import * as fs from 'node:fs';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { parseConfig } from '@app/config';
import { centroidOf, haversineKm } from '@app/geo';
import type { Polygon } from 'geojson';
import { createApiApp } from '../apps/api/src/create-app';
import { TEST_ADMIN_TOKEN, authed } from './support/http';
import { createTestDatabase, redisUrl, type TestDatabase } from './support/test-env';

const TOY = path.join(__dirname, '..', 'geo', 'demo', 'toy');

describe('GET /travel and the roads layer (real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof authed>;

  beforeAll(async () => {
    db = await createTestDatabase();
    const cfg = parseConfig({
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl(),
      LOG_LEVEL: 'error',
      QUEUE_PREFIX: `t${db.name}`,
      BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    });
    app = await createApiApp(cfg, { database: { url: db.url, migrate: false }, redisUrl: cfg.REDIS_URL, queuePrefix: cfg.QUEUE_PREFIX });
    await app.init();
    http = authed(app.getHttpServer(), TEST_ADMIN_TOKEN);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const upload = (files: [string, Buffer][]) => {
    let req = http.post('/datasets/toy/imports');
    for (const [name, bytes] of files) req = req.attach('files', bytes, name);
    return req;
  };
  const units = JSON.parse(fs.readFileSync(path.join(TOY, 'units.geojson'), 'utf8')) as {
    features: { properties: { code: string }; geometry: Polygon }[];
  };
  const b1 = units.features.find((f) => f.properties.code === '339901101201')!;
  const from = centroidOf(b1.geometry) as [number, number];
  const p002: [number, number] = [117.53, 28.01];

  it('answers by straight line x 1.3 without a road layer, and says so', async () => {
    const files = fs
      .readdirSync(TOY)
      .filter((n) => /\.(geojson|csv)$/.test(n))
      .map((n): [string, Buffer] => [n, fs.readFileSync(path.join(TOY, n))]);
    await upload(files).expect(201);
    const res = await http.get('/travel?dataset=toy&from=339901101201&to=339901P002').expect(200);
    expect(res.body.source).toBe('straight-line');
    const km = haversineKm(from, p002) * 1.3;
    expect(res.body.km).toBeCloseTo(km, 2);
    expect(res.body.minutes).toBeCloseTo((km / 30) * 60, 1);
    expect(res.body.roadClasses).toEqual([]);
    expect(res.body.from.snapM).toBeNull();
  });

  it('imports roads as a new version, serves them, and answers on them', async () => {
    const via: [number, number] = [from[0], p002[1] + 0.02];
    const roads = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code: 'C1', class: '村道', speed_kmh: 20 },
          geometry: { type: 'LineString', coordinates: [from, via] },
        },
        {
          type: 'Feature',
          properties: { code: 'X1', class: '县道', speed_kmh: 40 },
          geometry: { type: 'LineString', coordinates: [via, p002] },
        },
        {
          type: 'Feature',
          properties: { code: 'Z9', class: '村道' },
          geometry: {
            type: 'LineString',
            coordinates: [
              [117.6, 28.05],
              [117.61, 28.05],
            ],
          },
        },
      ],
    };
    const imp = await upload([['roads.geojson', Buffer.from(JSON.stringify(roads))]]).expect(201);
    expect(imp.body.number).toBe(2);
    expect(imp.body.summary.roads.added).toBe(3);
    expect(imp.body.notices.filter((n: { kind: string }) => n.kind === 'road_network')).toEqual([
      expect.objectContaining({
        file: 'roads.geojson',
        kind: 'road_network',
        message: expect.stringMatching(/^1 piece\(s\) not connected to the main network \(2 of 5 nodes\)/),
      }),
    ]);
    const layer = await http.get('/layers/roads?dataset=toy').expect(200);
    expect(layer.body.numberMatched).toBe(3);
    expect(layer.body.features.map((f: { properties: { roadClass: string } }) => f.properties.roadClass).sort()).toEqual([
      '县道',
      '村道',
      '村道',
    ]);

    const res = await http.get('/travel?dataset=toy&from=339901101201&to=339901P002').expect(200);
    expect(res.body.source).toBe('roads');
    expect(res.body.versionId).toBe(imp.body.versionId);
    const a = haversineKm(from, via);
    const b = haversineKm(via, p002);
    expect(res.body.km).toBeCloseTo(a + b, 1);
    expect(res.body.minutes).toBeCloseTo((a / 20 + b / 40) * 60, 0);
    expect(res.body.roadClasses).toEqual(['村道', '县道']);
    expect(res.body.from.snapM).toBe(0);
    expect(res.body.from.longSnap).toBe(false);
  });

  it('names a bad question: unknown code 404, a unit as destination 400, missing from 400', async () => {
    expect((await http.get('/travel?dataset=toy&from=NOPE&to=339901P002').expect(404)).body.message).toMatch(
      /from: no unit or school "NOPE"/,
    );
    expect((await http.get('/travel?dataset=toy&from=339901P002&to=339901101201').expect(400)).body.message).toMatch(/is a unit/);
    expect((await http.get('/travel?dataset=toy&to=339901P002').expect(400)).body.message).toMatch(/from/);
  });
});
