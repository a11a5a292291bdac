import ExcelJS from 'exceljs';
import fc from 'fast-check';
import type { Polygon } from 'geojson';
import { LAYERS, type Layer } from '@app/domain';
import { FIELD_ALIASES } from './headers';
import { keyOf } from './keys';
import { DEFAULT_LIMITS } from './limits';
import { readImportFiles, type ImportFile, type ReadResult } from './read-files';

/**
 * Property-based fuzzing of the import entry point: whatever the bytes, readImportFiles returns problems instead of
 * throwing, and returns promptly. The time bound only catches hangs; it is not a performance assertion.
 */

const NUM_RUNS = 200;
const HANG_MS = 5000;
// Each XLSX case starts a reading thread (readXlsxSheet); 200 of them outgrew jest's two minutes at load 12 on this
// 2-core host, so the test's budget is per case: the HANG_MS bound on each case is what catches a hang.
jest.setTimeout(NUM_RUNS * HANG_MS);
const CITY: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [118.0, 28.2],
      [119.3, 28.2],
      [119.3, 29.5],
      [118.0, 29.5],
      [118.0, 28.2],
    ],
  ],
};

const TABULAR_LAYERS: Layer[] = ['schools', 'catchments', 'population', 'births', 'housing'];
const GEO_LAYERS: Layer[] = ['areas', 'districts', 'units', 'schools', 'catchments', 'housing'];

/** Header text a layer accepts: canonical names and their Chinese/English aliases. */
const headersOf = (layer: Layer) => Object.entries(FIELD_ALIASES[layer]).flatMap(([f, aliases]) => [f, ...aliases]);

/** Cell-ish tokens that reach the vocabularies, number parsing, lists, phasing and coordinates. */
const TOKENS = [
  'S1',
  'S2',
  '330800',
  '330802',
  '330802001',
  '330802001001',
  'U1',
  '2024',
  '1949',
  '0',
  '-1',
  '1.5',
  '1,200',
  '1e309',
  '118.87',
  '28.94',
  '406000',
  '3203000',
  '小学',
  '九年一贯制',
  '幼儿园;小学',
  '公办',
  '民办',
  '常住',
  '户籍',
  '城镇',
  '村',
  'city',
  'township',
  'village',
  '2026:800;2027:1200',
  '2026：10',
  '是',
  '否',
  'constructor',
  '__proto__',
  'toString',
  ';;',
  '、',
];

const options = fc.record({
  crs: fc.option(fc.constantFrom('GCJ02', 'BD09', 'EPSG:4549', 'EPSG:4326', 'schools.csv=GCJ02', 'bogus', 'a=b=c', ',,,='), {
    nil: undefined,
  }),
  layer: fc.option(fc.constantFrom<Layer>(...LAYERS), { freq: 5, nil: undefined }),
  previousRegion: fc.option(fc.constant(CITY), { nil: null }),
});

async function run(files: ImportFile[], opts: { crs?: string; layer?: Layer; previousRegion: Polygon | null }): Promise<ReadResult> {
  const t0 = Date.now();
  const res = await readImportFiles(files, {
    ...opts,
    limits: { ...DEFAULT_LIMITS, maxFeatureVertices: 5000, maxVertices: 20000, maxRows: 500 },
  });
  const ms = Date.now() - t0;
  if (ms > HANG_MS) throw new Error(`readImportFiles took ${ms} ms`);
  checkShape(files, res);
  return res;
}

/** Invariants every result has, whatever the input. */
function checkShape(files: ImportFile[], res: ReadResult): void {
  const names = new Set(files.map((f) => f.name));
  expect(res.files.map((f) => f.name)).toEqual(files.map((f) => f.name));
  for (const p of res.problems) {
    expect(names.has(p.file)).toBe(true);
    expect(typeof p.message).toBe('string');
    expect(p.message.length).toBeGreaterThan(0);
    if (p.row !== undefined) expect(Number.isInteger(p.row) && p.row >= 1).toBe(true);
    if (p.feature !== undefined) expect(Number.isInteger(p.feature) && p.feature >= 0).toBe(true);
    if (p.field !== undefined) expect(typeof p.field).toBe('string');
  }
  for (const [layer, records] of Object.entries(res.records) as [Layer, unknown[]][]) {
    for (const r of records) expect(res.locations.has(`${layer}:${keyOf(layer, r)}`)).toBe(true);
  }
  // Every file that failed to parse says why.
  for (const f of res.files) if (f.layer === null) expect(res.problems.some((p) => p.file === f.name)).toBe(true);
}

describe('readImportFiles fuzz', () => {
  it('arbitrary CSV text under every tabular layer', async () => {
    const cell = fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 }));
    const sep = fc.constantFrom(',', ',', ',', '\n', '\r\n', '"', '\n\n', ' ');
    const body = fc.array(fc.tuple(cell, sep), { maxLength: 80 }).map((parts) => parts.map(([c, s]) => c + s).join(''));
    const csv = fc.constantFrom(...TABULAR_LAYERS).chain((layer) =>
      fc
        .tuple(
          fc.constant(layer),
          fc.shuffledSubarray(headersOf(layer), { maxLength: Math.min(24, headersOf(layer).length) }),
          body,
          fc.boolean(),
        )
        .map(([l, headers, text, withHeader]) => ({
          name: `${l}.csv`,
          text: (withHeader ? `${headers.join(',')}\n` : '') + text,
        })),
    );
    await fc.assert(
      fc.asyncProperty(csv, options, async ({ name, text }, opts) => {
        await run([{ name, bytes: Buffer.from(text) }], opts);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('arbitrary bytes under every file type', async () => {
    const name = fc.constantFrom('schools.csv', 'births.txt', 'schools.xlsx', 'areas.geojson', 'units.json', 'data.csv', 'housing.xls');
    const prefix = fc.constantFrom('', 'PK\x03\x04', '{', '\ufeff', '学校代码,学校名称\n', '{"type":"FeatureCollection","features":[');
    const bytes = fc.tuple(prefix, fc.uint8Array({ maxLength: 400 })).map(([p, b]) => Buffer.concat([Buffer.from(p), Buffer.from(b)]));
    await fc.assert(
      fc.asyncProperty(name, bytes, options, async (n, b, opts) => {
        await run([{ name: n, bytes: b }], opts);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('corrupted and truncated XLSX workbooks', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('学校');
    ws.addRow(['学校代码', '学校名称', '学段', '办学性质', '经度', '纬度', '在校生数', '一年级人数']);
    ws.addRow(['S1', { richText: [{ text: '一' }, { text: '小' }] }, '小学', '公办', 118.87, 28.94, { formula: 'H2', result: 40 }, 40]);
    ws.addRow(['S2', '二小', '九年一贯制', '民办', 118.88, 28.95, 300, null]);
    const base = Buffer.from(await wb.xlsx.writeBuffer());
    const mutation = fc.record({
      flips: fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.nat({ max: 255 })), { maxLength: 12 }),
      cut: fc.option(fc.nat({ max: base.length }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(mutation, options, async ({ flips, cut }, opts) => {
        const bytes = Buffer.from(base);
        for (const [i, v] of flips) bytes[i] = v;
        await run([{ name: 'schools.xlsx', bytes: cut === undefined ? bytes : bytes.subarray(0, cut) }], opts);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('arbitrary JSON-ish text', async () => {
    const text = fc.oneof(
      fc.json({ maxDepth: 6 }),
      fc.string({ maxLength: 200 }).map((s) => `{${s}`),
      fc
        .array(fc.constantFrom('{', '}', '[', ']', '"', '\\', ':', ',', '1', '"type"', '"FeatureCollection"', '"features"', 'null'), {
          maxLength: 200,
        })
        .map((t) => `{${t.join('')}`),
      fc.nat({ max: 50000 }).map((n) => `{"type":"FeatureCollection","features":${'['.repeat(n)}`),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('areas.geojson', 'schools.geojson', 'data.json'), text, options, async (name, t, opts) => {
        await run([{ name, bytes: Buffer.from(t) }], opts);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('structured FeatureCollections with malformed features, geometries and properties', async () => {
    const num = fc.oneof(fc.constantFrom(118.87, 28.94, 118.0, 29.5, 0, 406000, 3203000), fc.double({ min: -1e7, max: 1e7, noNaN: true }));
    const position = fc.oneof(fc.tuple(num, num), fc.array(fc.oneof(num, fc.jsonValue({ maxDepth: 1 })), { maxLength: 5 }));
    const { coords } = fc.letrec((tie) => ({
      coords: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        position,
        fc.array(tie('coords'), { maxLength: 6 }),
        fc.jsonValue({ maxDepth: 2 }),
      ),
    }));
    const square = fc.constant(CITY.coordinates);
    const { geometry } = fc.letrec((tie) => ({
      geometry: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.record({
          type: fc.constantFrom('Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'Circle'),
          coordinates: fc.oneof(coords, square),
        }),
        fc.record({ type: fc.constant('Polygon'), coordinates: square }),
        fc.record({ type: fc.constant('Point'), coordinates: fc.tuple(num, num) }),
        fc.record({
          type: fc.constant('GeometryCollection'),
          geometries: fc.oneof(fc.array(tie('geometry'), { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 })),
        }),
        fc.jsonValue({ maxDepth: 2 }),
      ),
    }));
    const key = fc.oneof(
      fc.constantFrom(...new Set(GEO_LAYERS.flatMap(headersOf))),
      fc.constantFrom('toString', 'valueOf', '__proto__', 'constructor'),
      fc.string({ maxLength: 5 }),
    );
    const value = fc.oneof(
      fc.constantFrom(...TOKENS),
      num,
      fc.boolean(),
      fc.jsonValue({ maxDepth: 2 }),
      fc.constant({ toString: 1 }),
      fc.constant({ valueOf: 1, toString: 2 }),
    );
    const properties = fc.oneof(fc.dictionary(key, value, { maxKeys: 12 }), fc.jsonValue({ maxDepth: 1 }));
    const feature = fc.oneof(
      { weight: 4, arbitrary: fc.record({ type: fc.constant('Feature'), properties, geometry: fc.oneof(geometry, fc.constant(null)) }) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    );
    const collection = fc.record(
      {
        type: fc.constantFrom('FeatureCollection', 'FeatureCollection', 'FeatureCollection', 'Feature'),
        layer: fc.oneof(fc.constantFrom<string>(...LAYERS, 'roads', 'constructor', '__proto__', 'toString'), fc.jsonValue({ maxDepth: 1 })),
        crs: fc.oneof(
          fc.constantFrom({ properties: { name: 'EPSG:4549' } }, { properties: { name: 'GCJ02' } }, { properties: { name: 'EPSG:3857' } }),
          fc.jsonValue({ maxDepth: 2 }),
        ),
        features: fc.array(feature, { maxLength: 6 }),
      },
      { requiredKeys: ['type', 'features'] },
    );
    const name = fc.constantFrom(...GEO_LAYERS.map((l) => `${l}.geojson`), 'data.json');
    await fc.assert(
      fc.asyncProperty(name, collection, options, async (n, doc, opts) => {
        await run([{ name: n, bytes: Buffer.from(JSON.stringify(doc)) }], opts);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('several files in one import', async () => {
    const file = fc.oneof(
      fc
        .constantFrom(...TABULAR_LAYERS)
        .chain((l) =>
          fc
            .array(fc.constantFrom(...TOKENS, ',', '\n'), { maxLength: 40 })
            .map((t) => ({ name: `${l}.csv`, bytes: Buffer.from(`${Object.keys(FIELD_ALIASES[l]).join(',')}\n${t.join('')}`) })),
        ),
      fc.constantFrom(...GEO_LAYERS).map((l) => ({
        name: `${l}.geojson`,
        bytes: Buffer.from(
          JSON.stringify({
            type: 'FeatureCollection',
            features: [{ type: 'Feature', properties: { code: '330800', name: 'x', level: 'city' }, geometry: CITY }],
          }),
        ),
      })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(file, { maxLength: 4 }), options, async (files, opts) => {
        await run(files, opts);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
