import type { INestApplication } from '@nestjs/common';
import { parseConfig } from '@app/config';
import ExcelJS from 'exceljs';
import { haversineKm, wgs84ToGcj02 } from '@app/geo';
import { createApiApp } from '../apps/api/src/create-app';
import { TEST_ADMIN_TOKEN, authed } from './support/http';
import { SCHOOL_HEADERS, SCHOOL_POINTS, areasCollection, csvOf, json, schoolRows, xlsxOf } from './support/fixtures';
import { countRows, createTestDatabase, redisUrl, type TestDatabase } from './support/test-env';

describe('data store over HTTP (real PostgreSQL and Redis)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof authed>;

  beforeAll(async () => {
    db = await createTestDatabase();
    const cfg = parseConfig({
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl(),
      UPLOAD_MAX_BYTES: '200000',
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

  const upload = (files: [string, Buffer][], fields: Record<string, string> = {}) => {
    let req = http.post('/datasets/quzhou/imports');
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    for (const [name, bytes] of files) req = req.attach('files', bytes, name);
    return req;
  };

  it('reports PostgreSQL and Redis healthy', async () => {
    const res = await http.get('/health').expect(200);
    expect(res.body.checks.postgres.ok).toBe(true);
    expect(res.body.checks.redis.ok).toBe(true);
  });

  it('imports GeoJSON areas and a GCJ-02 XLSX school list, serving the schools at their WGS-84 positions', async () => {
    const xlsx = await xlsxOf(SCHOOL_HEADERS, schoolRows());
    const res = await upload(
      [
        ['areas.geojson', json(areasCollection())],
        ['schools.xlsx', xlsx],
      ],
      { crs: 'schools.xlsx=GCJ02' },
    );
    expect(res.status).toBe(201);
    expect(res.body.number).toBe(1);
    expect(res.body.summary.schools.added).toBe(3);
    expect(res.body.summary.areas.added).toBe(8);

    const layer = await http.get('/layers/schools?dataset=quzhou').expect(200);
    expect(layer.body.type).toBe('FeatureCollection');
    expect(layer.body.numberMatched).toBe(3);
    for (const f of layer.body.features) {
      const truth = SCHOOL_POINTS[f.properties.code];
      // The file held GCJ-02 positions, hundreds of metres off; stored positions must be back within 1 m.
      expect(haversineKm(f.geometry.coordinates, truth) * 1000).toBeLessThan(1);
    }
    const nine = layer.body.features.find((f: { properties: { code: string } }) => f.properties.code === 'S003');
    expect(nine.properties.stages).toEqual(['primary', 'junior']);
    expect(nine.properties.enrolment).toBe(180);
  });

  it('filters layers by level, stage, county and bbox, and pages', async () => {
    const villages = await http.get('/layers/areas?level=village').expect(200);
    expect(villages.body.numberMatched).toBe(4);
    const west = await http.get('/layers/areas?level=village&bbox=118.80,28.90,118.85,29.10').expect(200);
    expect(west.body.features.map((f: { properties: { code: string } }) => f.properties.code).sort()).toEqual([
      '330802001001',
      '330802001002',
    ]);
    const primary = await http.get('/layers/schools?stage=junior').expect(200);
    expect(primary.body.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(['S003']);
    const page = await http.get('/layers/schools?limit=2&offset=2').expect(200);
    expect(page.body.numberReturned).toBe(1);
    expect(page.body.numberMatched).toBe(3);
    await http.get('/layers/schools?bbox=1,2,3').expect(400);
    await http.get('/layers/nonsense').expect(400);
  });

  it('a second import makes a new version with a change summary and keeps the first intact', async () => {
    const rows = schoolRows();
    rows[1][10] = 300; // S002 approved seats change
    const csv = csvOf(SCHOOL_HEADERS, [rows[1]], 'gbk');
    const res = await upload([['schools.csv', csv]], { crs: 'GCJ02' }).expect(201);
    expect(res.body.number).toBe(2);
    expect(res.body.summary.schools).toMatchObject({ added: 0, changed: 1, removed: 0, unchanged: 0 });
    expect(res.body.files[0].encoding).toBe('gb18030');
    const v1 = (await http.get('/datasets').expect(200)).body[0].id;
    const old = await http.get(`/layers/schools?version=${v1}`).expect(200);
    expect(old.body.features.find((f: { properties: { code: string } }) => f.properties.code === 'S002').properties.approvedSeats).toBe(
      240,
    );
    const now = await http.get('/layers/schools').expect(200);
    expect(now.body.features.find((f: { properties: { code: string } }) => f.properties.code === 'S002').properties.approvedSeats).toBe(
      300,
    );
    expect(now.body.numberMatched).toBe(3);
  });

  describe('dry run (?dryRun=true)', () => {
    /** A bureau's list: title merged over the header, units in brackets, a 合计 row and a merged note. */
    async function bureauXlsx(): Promise<Buffer> {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('学校');
      ws.addRow(['柯城区2024学年学校基本情况表']);
      ws.mergeCells('A1:I1');
      ws.addRow(['学校代码', '学校名称', '学段', '办学性质', '经度', '纬度', '在校生数（人）', '班级数（个）', '核定学位（个）']);
      const [lon, lat] = wgs84ToGcj02(SCHOOL_POINTS.S001);
      ws.addRow(['S001', '衢州市第一小学', '完小', '公办', lon, lat, '255人', 12, '1,270']);
      ws.addRow(['合计', null, null, null, null, null, 255, 12, 1270]);
      ws.addRow(['备注：数据截至2024年9月1日']);
      ws.mergeCells('A5:I5');
      return Buffer.from(await wb.xlsx.writeBuffer());
    }

    it('shows the mapping, header row, skipped rows, first records and notices, and writes nothing', async () => {
      const before = await countRows(db.ds);
      const versions = (await http.get('/datasets').expect(200)).body.length;
      const res = await http
        .post('/datasets/quzhou/imports?dryRun=true')
        .field('crs', 'GCJ02')
        .attach('files', await bureauXlsx(), 'schools.xlsx')
        .expect(200);
      expect(res.body.dryRun).toBe(true);
      expect(res.body.accepted).toBe(true);
      const layout = res.body.layouts['schools.xlsx'];
      expect(layout.headerRows).toEqual([2]);
      expect(layout.columns.map((c: { source: string; field: string }) => `${c.source} -> ${c.field}`)).toEqual([
        '学校代码 -> code',
        '学校名称 -> name',
        '学段 -> stages',
        '办学性质 -> ownership',
        '经度 -> lon',
        '纬度 -> lat',
        '在校生数（人） -> enrolment',
        '班级数（个） -> classes',
        '核定学位（个） -> approved_seats',
      ]);
      expect(layout.skipped).toEqual([
        { row: 1, reason: 'above the header: "柯城区2024学年学校基本情况表"' },
        { row: 4, reason: 'footer row "合计"' },
        { row: 5, reason: 'footer row "备注：数据截至2024年9月1日"' },
      ]);
      const [s] = res.body.sample.schools;
      expect([s.code, s.stages, s.enrolment, s.classes, s.approvedSeats]).toEqual(['S001', ['primary'], 255, 12, 1270]);
      expect(haversineKm([s.lon, s.lat], SCHOOL_POINTS.S001) * 1000).toBeLessThan(1);
      expect(res.body.summary.schools).toMatchObject({ added: 0, changed: 1 });
      const kinds = res.body.notices.map((n: { kind: string }) => n.kind);
      expect(kinds.filter((k: string) => k === 'footer_row')).toHaveLength(2);
      expect(kinds).toContain('header_row');
      expect(await countRows(db.ds)).toEqual(before);
      expect((await http.get('/datasets').expect(200)).body).toHaveLength(versions);
    });

    it('lists the problems of a file that would be refused, still writing nothing (200)', async () => {
      const before = await countRows(db.ds);
      const bad = csvOf(SCHOOL_HEADERS, [schoolRows()[0].map((v, i) => (i === 10 ? '约300' : v))]);
      const res = await http
        .post('/datasets/quzhou/imports?dryRun=true')
        .field('crs', 'GCJ02')
        .attach('files', bad, 'schools.csv')
        .expect(200);
      expect(res.body.accepted).toBe(false);
      expect(res.body.problems.map((p: { field: string; message: string }) => `${p.field}: ${p.message}`)).toEqual([
        'approved_seats: "约300" is not a number',
      ]);
      expect(await countRows(db.ds)).toEqual(before);
    });

    it('refuses a dryRun that is not true or false', async () => {
      await http
        .post('/datasets/quzhou/imports?dryRun=yes')
        .attach('files', csvOf(SCHOOL_HEADERS, schoolRows()), 'schools.csv')
        .expect(400);
    });
  });

  it('imports the DataV county file of Quzhou as published with crs GCJ02 into a new dataset (counties, WGS-84)', async () => {
    const counties: [number, string, number][] = [
      [330802, '柯城区', 118.8],
      [330803, '衢江区', 118.9],
      [330822, '常山县', 118.5],
    ];
    const ring = (x: number) =>
      [
        [x, 28.9],
        [x + 0.1, 28.9],
        [x + 0.1, 29.0],
        [x, 29.0],
        [x, 28.9],
      ].map((p) => wgs84ToGcj02(p));
    const datav = {
      type: 'FeatureCollection',
      features: counties.map(([adcode, name, x], i) => ({
        type: 'Feature',
        properties: {
          adcode,
          name,
          center: wgs84ToGcj02([x + 0.05, 28.95]),
          level: 'district',
          parent: { adcode: 330800 },
          subFeatureIndex: i,
          acroutes: [100000, 330000, 330800],
        },
        geometry: { type: 'MultiPolygon', coordinates: [[ring(x)]] },
      })),
    };
    const refused = await http
      .post('/datasets/datav/imports')
      .attach('files', json(datav), '330800_full.json')
      .field('layer', 'areas')
      .expect(400);
    expect(refused.body.problems.map((p: { text: string }) => p.text)).toEqual([
      '330800_full.json: a DataV/AMap boundary file is in GCJ-02, but no CRS was declared: import it with --crs GCJ02 ' +
        '(or --crs WGS84 if this copy was converted)',
    ]);
    const res = await http
      .post('/datasets/datav/imports')
      .field('layer', 'areas')
      .field('crs', 'GCJ02')
      .attach('files', json(datav), '330800_full.json')
      .expect(201);
    expect(res.body.summary.areas.added).toBe(3);
    expect(res.body.notices.map((n: { kind: string }) => n.kind)).toEqual(['boundary_format', 'parent_outside']);
    const layer = await http.get('/layers/areas?dataset=datav').expect(200);
    const kecheng = layer.body.features.find((f: { properties: { code: string } }) => f.properties.code === '330802');
    expect(kecheng.properties.level).toBe('county');
    expect(kecheng.properties.parentCode).toBe('330800');
    expect(haversineKm(kecheng.geometry.coordinates[0][0][0], [118.8, 28.9]) * 1000).toBeLessThan(1);
  });

  describe('bad input is rejected whole, naming the row and field, with the database unchanged', () => {
    const cases: [string, () => Promise<[string, Buffer][]>, Record<string, string>, RegExp][] = [
      [
        'missing required field',
        async () => [['schools.csv', csvOf(SCHOOL_HEADERS, [schoolRows()[0].map((v, i) => (i === 1 ? '' : v))])]],
        { crs: 'GCJ02' },
        /row 2 \(S001\) \[name\]: required field is missing/,
      ],
      [
        'unknown stage',
        async () => [['schools.csv', csvOf(SCHOOL_HEADERS, [schoolRows()[0].map((v, i) => (i === 2 ? '小学校' : v))])]],
        { crs: 'GCJ02' },
        /row 2 \(S001\) \[stages\]: unknown stage "小学校"/,
      ],
      [
        'unknown ownership',
        async () => [['schools.csv', csvOf(SCHOOL_HEADERS, [schoolRows()[0].map((v, i) => (i === 3 ? '集体' : v))])]],
        { crs: 'GCJ02' },
        /\[ownership\]: unknown ownership "集体"/,
      ],
      [
        'negative count',
        async () => [['schools.csv', csvOf(SCHOOL_HEADERS, [schoolRows()[0].map((v, i) => (i === 10 ? -5 : v))])]],
        { crs: 'GCJ02' },
        /\[approved_seats\]: -5 is below the minimum 0/,
      ],
      [
        'non-numeric count',
        async () => [['schools.csv', csvOf(SCHOOL_HEADERS, [schoolRows()[0].map((v, i) => (i === 9 ? '十二' : v))])]],
        { crs: 'GCJ02' },
        /\[classes\]: "十二" is not a number/,
      ],
      [
        'grades that do not add up',
        async () => [['schools.csv', csvOf(SCHOOL_HEADERS, [schoolRows()[0].map((v, i) => (i === 8 ? 999 : v))])]],
        { crs: 'GCJ02' },
        /\[enrolment\]: total enrolment 999 does not equal the sum of the grades 255/,
      ],
      [
        'duplicate codes',
        async () => [['schools.csv', csvOf(SCHOOL_HEADERS, [schoolRows()[0], schoolRows()[0]])]],
        { crs: 'GCJ02' },
        /row 3 \(S001\) \[code\]: duplicate code "S001" \(first at row 2\)/,
      ],
      [
        'school outside the city',
        async () => [['schools.csv', csvOf(SCHOOL_HEADERS, [schoolRows()[0].map((v, i) => (i === 4 ? 119.5 : v))])]],
        {},
        /\[lon\]: point 119\.5\d+, .* lies outside the city boundary/,
      ],
      [
        'swapped coordinates',
        async () => [['schools.csv', csvOf(SCHOOL_HEADERS, [schoolRows()[0].map((v, i) => (i === 4 ? 28.95 : i === 5 ? 118.85 : v))])]],
        {},
        /looks like \(lat, lon\)/,
      ],
      [
        'metres read as degrees',
        async () => [['schools.csv', csvOf(SCHOOL_HEADERS, [schoolRows()[0].map((v, i) => (i === 4 ? 385000 : i === 5 ? 3203000 : v))])]],
        {},
        /looks like projected metres/,
      ],
      [
        'self-intersecting polygon',
        async () => {
          const fc = areasCollection();
          (fc.features[4].geometry as { coordinates: number[][][] }).coordinates = [
            [
              [118.8, 28.9],
              [118.9, 29.0],
              [118.9, 28.9],
              [118.8, 29.0],
              [118.8, 28.9],
            ],
          ];
          return [['areas.geojson', json(fc)]];
        },
        {},
        /feature 4 \(330802001001\) \[geometry\]: invalid polygon: .*intersects itself/,
      ],
      [
        'unclosed ring',
        async () => {
          const fc = areasCollection();
          (fc.features[5].geometry as { coordinates: number[][][] }).coordinates[0].pop();
          return [['areas.geojson', json(fc)]];
        },
        {},
        /feature 5 \(330802001002\) \[geometry\]: invalid polygon: ring 0 is not closed/,
      ],
      [
        'content not what the name says',
        async () => [['schools.xlsx', csvOf(SCHOOL_HEADERS, schoolRows())]],
        {},
        /schools\.xlsx: the name says an XLSX workbook but the content is CSV text/,
      ],
      [
        'unknown school in a catchment',
        async () => [
          ['catchments.csv', csvOf(['code', 'stage', 'school_codes', 'unit_codes'], [['C1', 'primary', 'S999', '330802001001']])],
        ],
        {},
        /catchments\.csv row 2 \(C1\) \[school_codes\]: school "S999" does not exist/,
      ],
    ];

    it.each(cases)('%s', async (_label, files, fields, expected) => {
      const before = await countRows(db.ds);
      const res = await upload(await files(), fields).expect(400);
      expect(res.body.message).toMatch(/nothing was written/);
      const texts: string[] = res.body.problems.map((p: { text: string }) => p.text);
      expect(texts.some((t) => expected.test(t))).toBe(true);
      expect(await countRows(db.ds)).toEqual(before);
    });

    it('refuses an upload over the size limit before parsing it (413)', async () => {
      const before = await countRows(db.ds);
      await upload([['schools.csv', Buffer.alloc(300_000, 0x41)]]).expect(413);
      expect(await countRows(db.ds)).toEqual(before);
    });

    it('lists every problem of a file in one answer', async () => {
      const rows = schoolRows();
      rows[0][2] = '未知';
      rows[1][3] = '未知';
      rows[2][9] = -1;
      const res = await upload([['schools.csv', csvOf(SCHOOL_HEADERS, rows)]], { crs: 'GCJ02' }).expect(400);
      expect(res.body.problems.map((p: { row: number }) => p.row).sort()).toEqual([2, 3, 4]);
    });
  });
});
