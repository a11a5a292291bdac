import type { Layer } from '@app/domain';
import { DEFAULT_LIMITS, type ImportLimits } from './limits';
import { jsonDepth, parseGeoJson } from './parse-geojson';
import type { ImportProblem } from './problems';

const SQUARE = [
  [
    [118.8, 28.9],
    [118.9, 28.9],
    [118.9, 29.0],
    [118.8, 29.0],
    [118.8, 28.9],
  ],
];

function fc(features: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ type: 'FeatureCollection', ...extra, features });
}

function feature(geometry: unknown, properties: unknown = {}) {
  return { type: 'Feature', properties, geometry };
}

function parse(text: string, layer: Layer | null = 'areas', limits: ImportLimits = DEFAULT_LIMITS) {
  const problems: ImportProblem[] = [];
  const parsed = parseGeoJson('areas.geojson', text, layer, limits, problems);
  return { parsed, problems };
}

describe('jsonDepth', () => {
  it.each([
    ['{}', 1],
    ['[]', 1],
    ['1', 0],
    ['{"a":[1,[2,{"b":3}]]}', 4],
    ['[[],[[]],[]]', 3],
    ['{"a":"[[[[{{{{"}', 1],
    ['{"a":"\\"[[[["}', 1],
    ['{"a":"\\\\"}', 1],
    ['{"a":"\\\\","b":[[1]]}', 3],
  ])('%s → %d', (text, depth) => {
    expect(jsonDepth(text, 100)).toBe(depth);
  });

  it('stops as soon as the depth passes stopAt', () => {
    expect(jsonDepth('[[[[[[[[[[', 3)).toBe(4);
  });

  it('refuses 100 000 nested brackets quickly and without recursion', () => {
    const t = Date.now();
    expect(jsonDepth('['.repeat(100000), 32)).toBe(33);
    expect(jsonDepth('{"a":'.repeat(100000), 32)).toBe(33);
    expect(Date.now() - t).toBeLessThan(5000);
  });
});

describe('parseGeoJson', () => {
  it('maps properties to canonical fields, keeps the rest as extra, positions are feature indices', () => {
    const text = fc(
      [
        feature({ type: 'Polygon', coordinates: SQUARE }, { 代码: '330802', 名称: '柯城区', 级别: '区县', 上级代码: '330800', 面积: 12.5 }),
        feature(null, null),
      ],
      { layer: 'areas', crs: { type: 'name', properties: { name: 'EPSG:4549' } } },
    );
    const { parsed, problems } = parse(text);
    expect(problems).toEqual([]);
    expect(parsed).toEqual({
      declaredLayer: 'areas',
      declaredCrs: 'EPSG:4549',
      style: null,
      rows: [
        {
          position: 0,
          values: { code: '330802', name: '柯城区', level: '区县', parent_code: '330800' },
          extra: { 面积: 12.5 },
          geometry: { type: 'Polygon', coordinates: SQUARE },
        },
        { position: 1, values: {}, extra: {}, geometry: null },
      ],
    });
  });

  it('uses the declared layer for mapping when no hint is given, and declares nothing by default', () => {
    const { parsed } = parse(fc([feature(null, { 学校名称: '一小' })], { layer: 'schools' }), null);
    expect(parsed?.rows[0].values).toEqual({ name: '一小' });
    const plain = parse(fc([feature(null, { 学校名称: '一小' })]), null).parsed;
    expect(plain).toEqual({
      declaredLayer: null,
      declaredCrs: null,
      style: null,
      rows: [{ position: 0, values: {}, extra: { 学校名称: '一小' }, geometry: null }],
    });
  });

  it('does not throw on a "layer" member that is not a layer', () => {
    const { parsed, problems } = parse(fc([feature(null, { code: 'X', constructor: 1 })], { layer: 'rivers' }), null);
    expect(problems).toEqual([]);
    expect(parsed?.declaredLayer).toBe('rivers');
    expect(parsed?.rows[0]).toEqual({ position: 0, values: {}, extra: { code: 'X', constructor: 1 }, geometry: null });
  });

  it.each([
    ['{"type":"Feature","geometry":null,"properties":{}}'],
    ['{"type":"FeatureCollection"}'],
    ['{"type":"FeatureCollection","features":{}}'],
    ['{"features":[]}'],
    ['[]'],
    ['null'],
    ['42'],
  ])('refuses %s as not a FeatureCollection', (text) => {
    const { parsed, problems } = parse(text);
    expect(parsed).toBeNull();
    expect(problems).toEqual([
      { file: 'areas.geojson', message: 'not a GeoJSON FeatureCollection (expected "type": "FeatureCollection" with a "features" array)' },
    ]);
  });

  it('refuses invalid JSON', () => {
    const { parsed, problems } = parse('{"type": "FeatureCollection", ');
    expect(parsed).toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/^not valid JSON: /);
  });

  it('refuses nesting deeper than the limit before parsing, quickly', () => {
    const t = Date.now();
    const deep = parse(`{"type":"FeatureCollection","features":${'['.repeat(100000)}`);
    expect(Date.now() - t).toBeLessThan(5000);
    expect(deep.parsed).toBeNull();
    expect(deep.problems).toEqual([{ file: 'areas.geojson', message: 'JSON nesting deeper than 32 levels: refused' }]);
    // 4 levels of polygon coordinates + geometry + feature + array + collection fit comfortably in the default limit
    expect(parse(fc([feature({ type: 'MultiPolygon', coordinates: [SQUARE] })])).problems).toEqual([]);
    expect(
      parse(fc([feature({ type: 'MultiPolygon', coordinates: [SQUARE] })]), 'areas', { ...DEFAULT_LIMITS, maxJsonDepth: 6 }).problems,
    ).toEqual([{ file: 'areas.geojson', message: 'JSON nesting deeper than 6 levels: refused' }]);
  });

  it('reports non-features by index and keeps the others', () => {
    const { parsed, problems } = parse(fc([1, null, { type: 'Point', coordinates: [1, 2] }, feature(null, { code: 'A' })]));
    expect(problems).toEqual([
      { file: 'areas.geojson', feature: 0, message: 'not a GeoJSON Feature' },
      { file: 'areas.geojson', feature: 1, message: 'not a GeoJSON Feature' },
      { file: 'areas.geojson', feature: 2, message: 'not a GeoJSON Feature' },
    ]);
    expect(parsed?.rows.map((r) => [r.position, r.values])).toEqual([[3, { code: 'A' }]]);
  });

  it.each([
    [{ type: 'Point', coordinates: [118.8] }, 'a Point must be [lon, lat] numbers'],
    [{ type: 'Point', coordinates: ['118.8', '28.9'] }, 'a Point must be [lon, lat] numbers'],
    [{ type: 'Point', coordinates: 5 }, 'a Point must be [lon, lat] numbers'],
    [{ type: 'LineString', coordinates: [118.8, 28.9] }, 'a LineString position must be [lon, lat] numbers'],
    [{ type: 'MultiPoint', coordinates: [[1, 2, 3, 4, 5]] }, 'a MultiPoint position must be [lon, lat] numbers'],
    [{ type: 'Polygon', coordinates: [118.8, 28.9] }, 'coordinates of a Polygon are not nested arrays'],
    [{ type: 'Polygon', coordinates: [[118.8, 28.9]] }, 'a Polygon position must be [lon, lat] numbers'],
    [{ type: 'Polygon', coordinates: 'x' }, 'coordinates of a Polygon are not nested arrays'],
    [{ type: 'MultiPolygon', coordinates: SQUARE }, 'a MultiPolygon position must be [lon, lat] numbers'],
    [{ type: 'MultiPolygon', coordinates: [[[[118.8, null]]]] }, 'a MultiPolygon position must be [lon, lat] numbers'],
    [{ type: 'Circle', coordinates: [1, 2] }, 'unknown geometry type "Circle"'],
    [
      {
        type: 'GeometryCollection',
        geometries: [
          {
            type: 'GeometryCollection',
            geometries: [{ type: 'GeometryCollection', geometries: [{ type: 'GeometryCollection', geometries: [] }] }],
          },
        ],
      },
      'GeometryCollection nested too deeply',
    ],
  ])('reports bad geometry %j', (geometry, message) => {
    const { parsed, problems } = parse(fc([feature(null, { code: 'A' }), feature(geometry, { code: 'B' })]));
    expect(problems).toEqual([{ file: 'areas.geojson', feature: 1, field: 'geometry', message }]);
    expect(parsed?.rows.map((r) => r.values.code)).toEqual(['A']);
  });

  it.each([
    [{ type: 'GeometryCollection', geometries: [null] }],
    [{ type: 'GeometryCollection', geometries: [5] }],
    [{ type: 'GeometryCollection', geometries: 5 }],
    [{ type: { toString: 1 } }],
    [{ type: ['Point'], coordinates: [1, 2] }],
    [{ coordinates: [1, 2] }],
    [5],
    ['Point'],
    [[118.8, 28.9]],
  ])('reports a malformed geometry %j instead of throwing', (geometry) => {
    const { parsed, problems } = parse(fc([feature(geometry)]));
    expect(parsed?.rows).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'areas.geojson', feature: 0, field: 'geometry' });
  });

  it('accepts a GeometryCollection of valid geometries and Z values', () => {
    const g = {
      type: 'GeometryCollection',
      geometries: [
        { type: 'Point', coordinates: [118.8, 28.9, 12] },
        { type: 'Polygon', coordinates: SQUARE },
      ],
    };
    const { parsed, problems } = parse(fc([feature(g)]));
    expect(problems).toEqual([]);
    expect(parsed?.rows[0].geometry).toEqual(g);
  });

  it('enforces the per-feature vertex limit (closing vertices count)', () => {
    const limits = { ...DEFAULT_LIMITS, maxFeatureVertices: 4 };
    const tri = [
      [
        [118.8, 28.9],
        [118.9, 28.9],
        [118.9, 29.0],
        [118.8, 28.9],
      ],
    ];
    const { parsed, problems } = parse(
      fc([
        feature({ type: 'Polygon', coordinates: tri }, { code: 'ok' }),
        feature({ type: 'Polygon', coordinates: SQUARE }, { code: 'big' }),
      ]),
      'areas',
      limits,
    );
    expect(problems).toEqual([
      { file: 'areas.geojson', feature: 1, field: 'geometry', message: '5 vertices: over the limit of 4 per feature' },
    ]);
    expect(parsed?.rows.map((r) => r.values.code)).toEqual(['ok']);
  });

  it('counts vertices over all members of multi-geometries and collections', () => {
    const limits = { ...DEFAULT_LIMITS, maxFeatureVertices: 9 };
    const multi = { type: 'MultiPolygon', coordinates: [SQUARE, SQUARE] };
    expect(parse(fc([feature(multi)]), 'areas', limits).problems).toEqual([
      { file: 'areas.geojson', feature: 0, field: 'geometry', message: '10 vertices: over the limit of 9 per feature' },
    ]);
    const coll = {
      type: 'GeometryCollection',
      geometries: [
        { type: 'Polygon', coordinates: SQUARE },
        {
          type: 'MultiPoint',
          coordinates: [
            [1, 2],
            [3, 4],
            [5, 6],
            [7, 8],
            [9, 10],
          ],
        },
      ],
    };
    expect(parse(fc([feature(coll)]), 'areas', limits).problems).toEqual([
      { file: 'areas.geojson', feature: 0, field: 'geometry', message: '10 vertices: over the limit of 9 per feature' },
    ]);
  });

  it('refuses the whole file over the per-file vertex limit', () => {
    const limits = { ...DEFAULT_LIMITS, maxVertices: 10 };
    const square = feature({ type: 'Polygon', coordinates: SQUARE });
    expect(parse(fc([square, square]), 'areas', limits).problems).toEqual([]);
    const { parsed, problems } = parse(fc([square, square, feature({ type: 'Point', coordinates: [118.8, 28.9] })]), 'areas', limits);
    expect(parsed).toBeNull();
    expect(problems).toEqual([{ file: 'areas.geojson', message: '11 vertices in the file: over the limit of 10' }]);
  });

  it('refuses more features than the row limit', () => {
    const limits = { ...DEFAULT_LIMITS, maxRows: 2 };
    const { parsed, problems } = parse(fc([feature(null), feature(null), feature(null)]), 'areas', limits);
    expect(parsed).toBeNull();
    expect(problems).toEqual([{ file: 'areas.geojson', message: '3 features: over the limit of 2' }]);
  });

  it('ignores a crs member without a string name', () => {
    expect(parse(fc([], { crs: 'EPSG:4549' })).parsed?.declaredCrs).toBeNull();
    expect(parse(fc([], { crs: { properties: { name: 4549 } } })).parsed?.declaredCrs).toBeNull();
    expect(parse(fc([], { crs: null, layer: 7 })).parsed).toEqual({ rows: [], declaredLayer: null, declaredCrs: null, style: null });
  });
});
