import ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import type { Polygon } from 'geojson';
import { LAYERS } from '@app/domain';
import { haversineKm, wgs84ToGcj02, fromWgs84 } from '@app/geo';
import { DEFAULT_LIMITS } from './limits';
import { crsForFile, readImportFiles, type ImportFile, type ReadOptions } from './read-files';

const ring = (x0: number, y0: number, x1: number, y1: number) => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const CITY: Polygon = { type: 'Polygon', coordinates: [ring(118.0, 28.2, 119.3, 29.5)] };
const OPTS: ReadOptions = { limits: DEFAULT_LIMITS, previousRegion: null };
const LAYER_LIST = LAYERS.join(', ');

const SCHOOL_HEADER = '学校代码,学校名称,学段,办学性质,经度,纬度,乡镇代码,在校生数,核定学位';
const schoolCsv = (...lines: string[]) => [SCHOOL_HEADER, ...lines].join('\n') + '\n';
const S1 = 'S1,衢州市实验学校,九年一贯制,公办,118.87,28.94,330802001,900,1000';
const file = (name: string, text: string | Buffer): ImportFile => ({ name, bytes: typeof text === 'string' ? Buffer.from(text) : text });
const geojson = (features: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'FeatureCollection', ...extra, features });
const feature = (properties: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties, geometry });

describe('crsForFile', () => {
  it('returns a single value for every file', () => {
    expect(crsForFile('GCJ02', 'schools.csv')).toBe('GCJ02');
    expect(crsForFile('EPSG:4549', 'anything.geojson')).toBe('EPSG:4549');
  });

  it('picks the file from name=CRS pairs, trimming spaces', () => {
    const spec = 'schools.xlsx=GCJ02, areas.geojson = EPSG:4549';
    expect(crsForFile(spec, 'schools.xlsx')).toBe('GCJ02');
    expect(crsForFile(spec, 'areas.geojson')).toBe('EPSG:4549');
    expect(crsForFile(spec, 'housing.csv')).toBeUndefined();
    expect(crsForFile(spec, 'schools')).toBeUndefined();
  });

  it('is undefined without a spec', () => {
    expect(crsForFile(undefined, 'schools.csv')).toBeUndefined();
    expect(crsForFile('', 'schools.csv')).toBeUndefined();
  });
});

describe('readImportFiles', () => {
  it('reads a GBK CSV of schools into records, summaries and locations', async () => {
    const res = await readImportFiles(
      [file('schools.csv', iconv.encode(schoolCsv(S1, 'S2,二小,小学,民办,118.88,28.95,330802001,300,320'), 'gbk'))],
      OPTS,
    );
    expect(res.problems).toEqual([]);
    expect(res.files).toEqual([{ name: 'schools.csv', layer: 'schools', format: 'csv', crs: 'EPSG:4326', encoding: 'gb18030', rows: 2 }]);
    expect(res.records.schools?.map((s) => [s.code, s.name, s.stages, s.ownership, s.enrolment, s.approvedSeats])).toEqual([
      ['S1', '衢州市实验学校', ['primary', 'junior'], 'public', 900, 1000],
      ['S2', '二小', ['primary'], 'private', 300, 320],
    ]);
    expect(Object.keys(res.records)).toEqual(['schools']);
    expect([...res.locations]).toEqual([
      ['schools:S1', { file: 'schools.csv', row: 2 }],
      ['schools:S2', { file: 'schools.csv', row: 3 }],
    ]);
  });

  it('reports UTF-8 with BOM the same way', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(schoolCsv(S1))]);
    const res = await readImportFiles([file('schools.csv', bytes)], OPTS);
    expect(res.problems).toEqual([]);
    expect(res.files[0].encoding).toBe('utf-8');
    expect(res.records.schools?.[0].code).toBe('S1');
  });

  it('reads an XLSX workbook', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(SCHOOL_HEADER.split(','));
    ws.addRow(['S1', '一小', '小学', '公办', 118.87, 28.94, '330802001', { formula: '400+500', result: 900 }, 1000]);
    const res = await readImportFiles([file('Schools.XLSX', Buffer.from(await wb.xlsx.writeBuffer()))], OPTS);
    expect(res.problems).toEqual([]);
    expect(res.files).toEqual([{ name: 'Schools.XLSX', layer: 'schools', format: 'xlsx', crs: 'EPSG:4326', rows: 1 }]);
    expect(res.records.schools?.[0]).toMatchObject({ code: 'S1', enrolment: 900, lon: 118.87, lat: 28.94 });
  });

  describe('CRS', () => {
    const truth: [number, number] = [118.87, 28.94];

    it('applies a per-file spec to the named file only', async () => {
      const [gx, gy] = wgs84ToGcj02(truth);
      const housing = `项目代码,项目名称,乡镇代码,户数,交付计划,经度,纬度\nH1,新城,330802001,10,2026:10,${truth[0]},${truth[1]}\n`;
      const res = await readImportFiles(
        [file('schools.csv', schoolCsv(`S1,一小,小学,公办,${gx},${gy},330802001,900,1000`)), file('housing.csv', housing)],
        { ...OPTS, crs: 'schools.csv=GCJ02' },
      );
      expect(res.problems).toEqual([]);
      expect(res.files.map((f) => [f.name, f.crs])).toEqual([
        ['schools.csv', 'GCJ02'],
        ['housing.csv', 'EPSG:4326'],
      ]);
      const s = res.records.schools![0];
      expect(haversineKm([s.lon, s.lat], truth) * 1000).toBeLessThan(1);
      expect([res.records.housing![0].lon, res.records.housing![0].lat]).toEqual(truth);
    });

    it('applies a single value to every file and normalises its spelling', async () => {
      const res = await readImportFiles([file('schools.csv', schoolCsv(S1))], { ...OPTS, crs: 'gcj-02' });
      expect(res.files[0].crs).toBe('GCJ02');
    });

    it('uses a GeoJSON crs member, which the request overrides', async () => {
      const [x, y] = fromWgs84(truth, 'EPSG:4549');
      const text = geojson([feature({ code: 'U1', name: 'U1', township_code: '330802001' }, { type: 'Point', coordinates: [x, y] })], {
        crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4549' } },
      });
      const declared = await readImportFiles([file('units.geojson', text)], OPTS);
      expect(declared.problems).toEqual([]);
      expect(declared.files[0].crs).toBe('EPSG:4549');
      const [lon, lat] = (declared.records.units![0].geometry as { coordinates: number[] }).coordinates;
      expect(haversineKm([lon, lat], truth) * 1000).toBeLessThan(1);

      const overridden = await readImportFiles([file('units.geojson', text)], { ...OPTS, crs: 'WGS84' });
      expect(overridden.files[0].crs).toBe('EPSG:4326');
      expect(overridden.problems).toEqual([
        {
          file: 'units.geojson',
          feature: 0,
          code: 'U1',
          field: 'geometry',
          message: `coordinate (${x}, ${y}) looks like projected metres, not degrees: declare the file's CRS (e.g. --crs EPSG:4549)`,
        },
      ]);
    });

    it('reports an unknown or unsupported CRS against the file', async () => {
      const res = await readImportFiles([file('schools.csv', schoolCsv(S1))], { ...OPTS, crs: 'EPSG:3857' });
      expect(res.records).toEqual({});
      expect(res.problems).toHaveLength(1);
      expect(res.problems[0].file).toBe('schools.csv');
      expect(res.problems[0].message).toMatch(/^Unknown CRS "EPSG:3857"; accepted: /);
      const xian = await readImportFiles([file('schools.csv', schoolCsv(S1))], { ...OPTS, crs: 'schools.csv=EPSG:2385' });
      expect(xian.problems[0].message).toMatch(/^Unsupported CRS "EPSG:2385": Xian 1980/);
    });
  });

  describe('layer', () => {
    it.each([
      ['quzhou-schools-2024.csv', 'schools'],
      ['BIRTHS.csv', 'births'],
      ['population-units.csv', 'population'],
      ['dir/sub/housing.txt', 'housing'],
    ])('from the file name %s → %s', async (name, layer) => {
      const res = await readImportFiles([file(name, 'x\n')], OPTS);
      expect(res.files[0].layer).toBe(layer);
    });

    it('from --layer, over the file name', async () => {
      const res = await readImportFiles([file('schools.csv', '区域代码,年份,出生人数\n330802001,2023,120\n')], {
        ...OPTS,
        layer: 'births',
      });
      expect(res.problems).toEqual([]);
      expect(res.records).toEqual({ births: [{ areaCode: '330802001', year: 2023, births: 120, registeredBirths: null }] });
    });

    it('from the GeoJSON "layer" member', async () => {
      const text = geojson(
        [feature({ 单元代码: 'U1', 名称: '一村', 乡镇代码: '330802001' }, { type: 'Point', coordinates: [118.87, 28.94] })],
        { layer: 'units' },
      );
      const res = await readImportFiles([file('data.json', text)], OPTS);
      expect(res.problems).toEqual([]);
      expect(res.files[0]).toMatchObject({ layer: 'units', format: 'geojson' });
      expect(res.records.units?.[0]).toMatchObject({ code: 'U1', name: '一村', townshipCode: '330802001', countyCode: '330802' });
      expect(res.locations.get('units:U1')).toEqual({ file: 'data.json', feature: 0 });
    });

    it('maps fields with the layer it validates: the "layer" member beats the file name', async () => {
      const props = { 项目代码: 'H1', 项目名称: '新城', 乡镇代码: '330802001', 户数: 10, 交付计划: '2026:10' };
      const text = geojson([feature(props, { type: 'Point', coordinates: [118.9, 28.95] })], { layer: 'housing' });
      const res = await readImportFiles([file('schools.geojson', text)], OPTS);
      expect(res.problems).toEqual([]);
      expect(res.files[0].layer).toBe('housing');
      expect(res.records.housing?.[0]).toMatchObject({ code: 'H1', name: '新城', households: 10, phasing: { '2026': 10 } });
    });

    it('--layer beats the "layer" member', async () => {
      const text = geojson([feature({ 学校代码: 'S1' }, null)], { layer: 'housing' });
      const res = await readImportFiles([file('x.geojson', text)], { ...OPTS, layer: 'schools' });
      expect(res.files[0].layer).toBe('schools');
      expect(res.problems.filter((p) => p.field === 'code')).toEqual([]);
    });

    it('reports an unknown "layer" member', async () => {
      const res = await readImportFiles([file('data.geojson', geojson([feature({ code: 'R1' }, null)], { layer: 'rivers' }))], OPTS);
      expect(res.problems).toEqual([{ file: 'data.geojson', message: `unknown layer "rivers" (expected one of ${LAYER_LIST})` }]);
    });

    it('reports a file whose layer cannot be told', async () => {
      const res = await readImportFiles([file('data.csv', 'a,b\n1,2\n'), file('data.geojson', geojson([]))], OPTS);
      expect(res.problems).toEqual([
        { file: 'data.csv', message: `cannot tell the layer: name the file after it (${LAYER_LIST}) or pass --layer` },
        { file: 'data.geojson', message: `cannot tell the layer: name the file after it (${LAYER_LIST}) or add a "layer" member` },
      ]);
      expect(res.files).toEqual([
        { name: 'data.csv', layer: null, format: 'csv', crs: null, rows: 0 },
        { name: 'data.geojson', layer: null, format: 'geojson', crs: null, rows: 0 },
      ]);
    });

    it('reports a layer in a format it is not read from', async () => {
      const res = await readImportFiles([file('areas.csv', 'code,name\n330800,衢州市\n'), file('population.geojson', geojson([]))], OPTS);
      expect(res.problems).toEqual([
        { file: 'areas.csv', message: 'the areas layer is read from geojson, not csv' },
        { file: 'population.geojson', message: 'the population layer is read from csv or xlsx, not geojson' },
      ]);
    });

    it('reports two files carrying the same layer', async () => {
      const res = await readImportFiles(
        [file('schools-a.csv', schoolCsv(S1)), file('schools-b.csv', schoolCsv(S1.replace('S1', 'S2')))],
        OPTS,
      );
      expect(res.problems).toEqual([
        { file: 'schools-b.csv', message: 'schools-a.csv already carries the schools layer: one file per layer in an import' },
      ]);
    });
  });

  describe('file checks', () => {
    it.each(['schools.xls', 'schools.shp', 'schools', 'schools.csv.zip'])('refuses the extension of %s', async (name) => {
      const res = await readImportFiles([file(name, schoolCsv(S1))], OPTS);
      expect(res.problems).toEqual([{ file: name, message: 'unsupported file type: expected .csv, .xlsx, .geojson or .json' }]);
      expect(res.files).toEqual([{ name, layer: null, format: null, crs: null, rows: 0 }]);
    });

    it('refuses content that does not match the name', async () => {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('a').addRow(['code']);
      const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
      const res = await readImportFiles(
        [
          file('schools.xlsx', schoolCsv(S1)),
          file('schools.csv', xlsx),
          file('areas.geojson', 'code,name\n'),
          file('births.csv', '{"type":"FeatureCollection","features":[]}'),
          file('housing.csv', Buffer.from('code,name', 'utf16le')),
        ],
        OPTS,
      );
      expect(res.problems).toEqual([
        { file: 'schools.xlsx', message: 'the name says an XLSX workbook but the content is CSV text' },
        { file: 'schools.csv', message: 'the name says CSV text but the content is an XLSX workbook' },
        { file: 'areas.geojson', message: 'the name says JSON/GeoJSON but the content is CSV text' },
        { file: 'births.csv', message: 'the name says CSV text but the content is JSON/GeoJSON' },
        { file: 'housing.csv', message: 'the name says CSV text but the content is binary data' },
      ]);
      expect(res.records).toEqual({});
    });

    it('refuses files over the byte limit before reading them', async () => {
      const res = await readImportFiles([file('schools.csv', schoolCsv(S1))], { ...OPTS, limits: { ...DEFAULT_LIMITS, maxBytes: 10 } });
      expect(res.problems).toEqual([
        { file: 'schools.csv', message: `${Buffer.byteLength(schoolCsv(S1))} bytes: over the upload limit of 10 bytes` },
      ]);
    });

    it('reports GeoJSON parse problems against the file', async () => {
      const res = await readImportFiles([file('areas.geojson', '{"type":"Feature"}')], OPTS);
      expect(res.problems).toEqual([
        {
          file: 'areas.geojson',
          message: 'not a GeoJSON FeatureCollection (expected "type": "FeatureCollection" with a "features" array)',
        },
      ]);
    });
  });

  describe('city boundary', () => {
    const cityFeature = feature({ code: '330800', name: '衢州市', level: 'city' }, CITY);
    const outside = 'S9,杭州某校,小学,公办,120.15,30.28,330802001,10,10';

    it('a city polygon in the import bounds the other layers, and areas are located by feature', async () => {
      const res = await readImportFiles([file('schools.csv', schoolCsv(S1, outside)), file('areas.geojson', geojson([cityFeature]))], OPTS);
      expect(res.problems).toEqual([
        {
          file: 'schools.csv',
          row: 3,
          code: 'S9',
          field: 'lon',
          message: 'point 120.15000, 30.28000 (WGS-84) lies outside the city boundary',
        },
      ]);
      expect(res.records.areas?.map((a) => a.code)).toEqual(['330800']);
      expect(res.locations.get('areas:330800')).toEqual({ file: 'areas.geojson', feature: 0 });
    });

    it('falls back to the previous boundary, and to none', async () => {
      const withPrev = await readImportFiles([file('schools.csv', schoolCsv(S1, outside))], { ...OPTS, previousRegion: CITY });
      expect(withPrev.problems.map((p) => [p.row, p.message])).toEqual([
        [3, 'point 120.15000, 30.28000 (WGS-84) lies outside the city boundary'],
      ]);
      const none = await readImportFiles([file('schools.csv', schoolCsv(S1, outside))], OPTS);
      expect(none.problems).toEqual([]);
    });
  });

  it('returns nothing for no files', async () => {
    expect(await readImportFiles([], OPTS)).toEqual({
      records: {},
      files: [],
      locations: new Map(),
      problems: [],
      notices: [],
      layouts: {},
    });
  });
});
