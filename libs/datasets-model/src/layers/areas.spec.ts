import type { Geometry, Polygon } from 'geojson';
import { fromWgs84 } from '@app/geo';
import type { ValidationContext } from '../context';
import type { ImportProblem } from '../problems';
import type { RawTable } from '../raw-table';
import { readAreas, readDistricts } from './areas';

const ring = (x0: number, y0: number, x1: number, y1: number) => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const square = (x0: number, y0: number, x1: number, y1: number): Polygon => ({ type: 'Polygon', coordinates: [ring(x0, y0, x1, y1)] });
const CITY = square(118.0, 28.2, 119.3, 29.5);
const KECHENG = square(118.8, 28.9, 118.95, 29.05);
const WGS: ValidationContext = { crs: 'EPSG:4326', region: null, regionBbox: null };

function table(features: [Record<string, unknown>, unknown][], layer: 'areas' | 'districts' = 'areas'): RawTable {
  return {
    file: `${layer}.geojson`,
    layer,
    format: 'geojson',
    crs: 'EPSG:4326',
    rows: features.map(([values, geometry], i) => ({ position: i, values, extra: { 备注: i }, geometry: geometry as Geometry | null })),
  };
}

function read(features: [Record<string, unknown>, unknown][], ctx = WGS) {
  const problems: ImportProblem[] = [];
  const items = readAreas(table(features), ctx, problems);
  return { items, problems, records: items.map((i) => i.record) };
}

const brief = (ps: ImportProblem[]) => ps.map((p) => [p.feature, p.field, p.message]);

describe('readAreas', () => {
  it('reads every level with its parent, settlement only for villages (default rural)', () => {
    const { items, problems } = read([
      [{ code: '330800', name: '衢州市', level: '市' }, CITY],
      [{ code: '330802', name: '柯城区', level: '区县', parent_code: '330800', settlement: '城镇' }, KECHENG],
      [{ code: '330802001', name: '府山街道', level: '街道', parent_code: '330802' }, KECHENG],
      [{ code: '330802001001', name: '府山社区', level: 'village', parent_code: '330802001', settlement: '社区' }, KECHENG],
      [{ code: '330802001002', name: '某村', level: '村', parent_code: '330802001' }, KECHENG],
    ]);
    expect(problems).toEqual([]);
    expect(items.map((i) => [i.position, i.record.code, i.record.level, i.record.parentCode, i.record.settlement])).toEqual([
      [0, '330800', 'city', null, null],
      [1, '330802', 'county', '330800', null],
      [2, '330802001', 'township', '330802', null],
      [3, '330802001001', 'village', '330802001', 'urban'],
      [4, '330802001002', 'village', '330802001', 'rural'],
    ]);
    expect(items[0].record).toEqual({
      code: '330800',
      name: '衢州市',
      level: 'city',
      parentCode: null,
      settlement: null,
      geometry: CITY,
      attributes: { 备注: 0 },
    });
  });

  it('reads MultiPolygons', () => {
    const multi = { type: 'MultiPolygon', coordinates: [[ring(118.8, 28.9, 118.85, 28.95)], [ring(118.9, 28.9, 118.95, 28.95)]] };
    const { records, problems } = read([[{ code: '330800', name: '衢州市', level: 'city' }, multi]]);
    expect(problems).toEqual([]);
    expect(records[0].geometry).toEqual(multi);
  });

  it.each([
    [{ code: '33080', level: 'county', parent_code: '330800' }, 'code', 'a county code has 6 digits, got "33080"'],
    [{ code: '33080200', level: 'township', parent_code: '330802' }, 'code', 'a township code has 9 digits, got "33080200"'],
    [{ code: '330802001', level: 'village', parent_code: '330802001' }, 'code', 'a village code has 12 digits, got "330802001"'],
    [{ code: 'QZ0800', level: 'city' }, 'code', '"QZ0800" is not a numeric administrative code'],
    [{ code: '3308020', level: 'county' }, 'code', 'a county code has 6 digits, got "3308020"'],
    [
      { code: '330000', level: 'province' },
      'level',
      'a province is above the city this engine plans: import the city and its counties (DataV 330800_full.json) instead',
    ],
    [{ code: '330800', level: 'constructor' }, 'level', 'unknown level "constructor" (expected one of: city, county, township, village)'],
    [{ code: '3308', level: undefined }, 'level', 'required field is missing'],
    [
      { code: '330802001001', level: 'village', parent_code: '330802001', settlement: '郊区' },
      'settlement',
      'unknown settlement "郊区" (expected one of: urban, rural)',
    ],
    [{ code: '330800', level: 'city', name: '' }, 'name', 'required field is missing'],
  ])('reports %j', (values, field, message) => {
    const { records, problems } = read([[{ name: '某地', ...values }, KECHENG]]);
    expect(brief(problems)).toEqual([[0, field, message]]);
    expect(problems[0].code).toBe(values.code);
    // Problems refuse the whole import; only missing or unreadable key fields drop the record itself.
    expect(records).toHaveLength(field === 'level' || field === 'name' ? 0 : 1);
  });

  it('reports a missing code without a code on the problem', () => {
    const { problems } = read([[{ name: '衢州市', level: 'city' }, CITY]]);
    expect(problems).toEqual([{ file: 'areas.geojson', feature: 0, field: 'code', message: 'required field is missing' }]);
  });

  it.each([
    [null, 'a polygon geometry is required'],
    [{ type: 'Point', coordinates: [118.8, 28.9] }, 'expected a Polygon or MultiPolygon, got Point'],
    [{ type: 'LineString', coordinates: ring(118.8, 28.9, 118.9, 29) }, 'expected a Polygon or MultiPolygon, got LineString'],
  ])('reports geometry %j', (geometry, message) => {
    const { records, problems } = read([[{ code: '330800', name: '衢州市', level: 'city' }, geometry]]);
    expect(records).toEqual([]);
    expect(brief(problems)).toEqual([[0, 'geometry', message]]);
  });

  it('reports invalid rings: unclosed, too few positions, self-intersecting', () => {
    const unclosed = { type: 'Polygon', coordinates: [ring(118.8, 28.9, 118.9, 29).slice(0, 4)] };
    const short = {
      type: 'Polygon',
      coordinates: [
        [
          [118.8, 28.9],
          [118.9, 28.9],
          [118.8, 28.9],
        ],
      ],
    };
    const bowtie = {
      type: 'Polygon',
      coordinates: [
        [
          [118.8, 28.9],
          [118.9, 29.0],
          [118.9, 28.9],
          [118.8, 29.0],
          [118.8, 28.9],
        ],
      ],
    };
    const { records, problems } = read([
      [{ code: '330800', name: 'a', level: 'city' }, unclosed],
      [{ code: '330801', name: 'b', level: 'city' }, short],
      [{ code: '330803', name: 'c', level: 'city' }, bowtie],
    ]);
    expect(records).toEqual([]);
    expect(problems.map((p) => [p.feature, p.field])).toEqual([
      [0, 'geometry'],
      [1, 'geometry'],
      [2, 'geometry'],
    ]);
    for (const p of problems) expect(p.message).toMatch(/^invalid polygon: /);
    expect(problems[0].message).toMatch(/clos/);
    expect(problems[1].message).toMatch(/at least 4/);
    expect(problems[2].message).toMatch(/intersect/);
  });

  it('converts projected rings to WGS-84 without mutating the input', () => {
    const corners = [
      [118.8, 28.9],
      [118.9, 28.9],
      [118.9, 29.0],
      [118.8, 29.0],
      [118.8, 28.9],
    ];
    const metres = { type: 'Polygon', coordinates: [corners.map((p) => fromWgs84(p, 'EPSG:4549'))] };
    const before = JSON.stringify(metres);
    const { records, problems } = read([[{ code: '330800', name: '衢州市', level: 'city' }, metres]], { ...WGS, crs: 'EPSG:4549' });
    expect(problems).toEqual([]);
    expect(JSON.stringify(metres)).toBe(before);
    const out = (records[0].geometry as Polygon).coordinates[0];
    out.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(corners[i][0], 7);
      expect(p[1]).toBeCloseTo(corners[i][1], 7);
    });
  });

  it('reports degrees declared as metres on the geometry', () => {
    const { problems } = read([[{ code: '330800', name: '衢州市', level: 'city' }, CITY]], { ...WGS, crs: 'EPSG:4549' });
    expect(brief(problems)).toEqual([
      [0, 'geometry', 'coordinate (118, 28.2) looks like degrees but the file declares EPSG:4549 (metres)'],
    ]);
  });

  it('reports duplicate codes by feature', () => {
    const { problems } = read([
      [{ code: '330800', name: '衢州市', level: 'city' }, CITY],
      [{ code: '330802', name: '柯城区', level: 'county', parent_code: '330800' }, KECHENG],
      [{ code: '330802', name: '柯城区', level: 'county', parent_code: '330800' }, KECHENG],
    ]);
    expect(problems).toEqual([
      { file: 'areas.geojson', feature: 2, field: 'code', code: '330802', message: 'duplicate code "330802" (first at feature 1)' },
    ]);
  });
});

describe('readDistricts', () => {
  function readD(features: [Record<string, unknown>, unknown][]) {
    const problems: ImportProblem[] = [];
    const items = readDistricts(table(features, 'districts'), WGS, problems);
    return { items, problems };
  }

  it('reads districts, watched by default', () => {
    const { items, problems } = readD([
      [{ code: 'D1', name: '高铁新城' }, KECHENG],
      [{ code: 'D2', name: '智造新城', watched: '否' }, KECHENG],
      [{ code: 'D3', name: '老城', watched: false }, KECHENG],
    ]);
    expect(problems).toEqual([]);
    expect(items.map((i) => [i.position, i.record.code, i.record.watched])).toEqual([
      [0, 'D1', true],
      [1, 'D2', false],
      [2, 'D3', false],
    ]);
    expect(items[0].record).toEqual({ code: 'D1', name: '高铁新城', watched: true, geometry: KECHENG, attributes: { 备注: 0 } });
  });

  it('reports bad values, missing polygons and duplicates', () => {
    const { items, problems } = readD([
      [{ code: 'D1', name: '高铁新城', watched: '也许' }, KECHENG],
      [{ code: 'D2' }, null],
      [{ code: 'D1', name: '又一个' }, KECHENG],
    ]);
    expect(items.map((i) => i.record.code)).toEqual(['D1', 'D1']);
    expect(problems).toEqual([
      { file: 'districts.geojson', feature: 0, code: 'D1', field: 'watched', message: '"也许" is not true/false (是/否)' },
      { file: 'districts.geojson', feature: 1, code: 'D2', field: 'name', message: 'required field is missing' },
      { file: 'districts.geojson', feature: 1, code: 'D2', field: 'geometry', message: 'a polygon geometry is required' },
      { file: 'districts.geojson', feature: 2, code: 'D1', field: 'code', message: 'duplicate code "D1" (first at feature 0)' },
    ]);
  });
});
