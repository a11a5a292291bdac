import type { Polygon, Position } from 'geojson';
import { emptyRecords } from '@app/domain';
import { haversineKm, wgs84ToGcj02 } from '@app/geo';
import { DEFAULT_LIMITS } from './limits';
import { formatNotice, formatProblem, type ImportNotice } from './problems';
import { readImportFiles, type ReadOptions } from './read-files';
import { checkReferences } from './references';

const OPTS: ReadOptions = { limits: DEFAULT_LIMITS, previousRegion: null };

// Six side-by-side boxes standing for Quzhou's counties (true WGS-84 corners), published the DataV way: GCJ-02.
const COUNTIES: [number, string, number][] = [
  [330802, '柯城区', 118.8],
  [330803, '衢江区', 118.9],
  [330822, '常山县', 118.5],
  [330824, '开化县', 118.3],
  [330825, '龙游县', 119.1],
  [330881, '江山市', 118.6],
];
const box = (x0: number, y0: number, x1: number, y1: number): Position[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const gcj = (ring: Position[]) => ring.map((p) => wgs84ToGcj02(p).map((v) => Number(v.toFixed(6))));

/** The county file of Quzhou as DataV (datav.aliyun.com areas_v3, 330800_full.json) publishes it. */
function datavQuzhou(): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: COUNTIES.map(([adcode, name, x], i) => ({
      type: 'Feature',
      properties: {
        adcode,
        name,
        center: wgs84ToGcj02([x + 0.05, 28.95]),
        centroid: wgs84ToGcj02([x + 0.05, 28.95]),
        childrenNum: 10,
        level: 'district',
        parent: { adcode: 330800 },
        subFeatureIndex: i,
        acroutes: [100000, 330000, 330800],
      },
      geometry: { type: 'MultiPolygon', coordinates: [[gcj(box(x, 28.9, x + 0.1, 29.0))]] },
    })),
  });
}

describe('published boundary files', () => {
  it('imports the DataV county file of Quzhou as it is with --crs GCJ02: counties of city 330800, back in WGS-84', async () => {
    const res = await readImportFiles([{ name: 'areas.json', bytes: Buffer.from(datavQuzhou()) }], { ...OPTS, crs: 'GCJ02' });
    expect(res.problems.map(formatProblem)).toEqual([]);
    const areas = res.records.areas!;
    expect(areas.map((a) => [a.code, a.name, a.level, a.parentCode])).toEqual(COUNTIES.map(([c, n]) => [String(c), n, 'county', '330800']));
    const corner = (areas[0].geometry as { coordinates: Position[][][] }).coordinates[0][0][0];
    expect(haversineKm(corner, [118.8, 28.9]) * 1000).toBeLessThan(1);
    expect(areas[0].attributes).toMatchObject({ childrenNum: 10, acroutes: [100000, 330000, 330800] });
    expect(res.notices.map(formatNotice)).toEqual([
      'areas.json: DataV/AMap boundary file: adcode read as code, parent.adcode as parent_code, level district as ' +
        'county and street as township',
    ]);
    // The city is not in the file: the counties are the top of the hierarchy, noted and not refused.
    const notices: ImportNotice[] = [];
    const merged = { ...emptyRecords(), areas };
    expect(checkReferences(merged, new Set(['areas']), res.locations, notices)).toEqual([]);
    expect(notices.map(formatNotice)).toEqual([
      'areas.json feature 0: parent city "330800" is not in the dataset: the county areas are the top of its hierarchy',
    ]);
  });

  it('refuses the DataV file without a declared CRS, saying how to import it', async () => {
    const res = await readImportFiles([{ name: 'areas.json', bytes: Buffer.from(datavQuzhou()) }], OPTS);
    expect(res.problems.map(formatProblem)).toEqual([
      'areas.json: a DataV/AMap boundary file is in GCJ-02, but no CRS was declared: import it with --crs GCJ02 (or ' +
        '--crs WGS84 if this copy was converted)',
    ]);
  });

  it('still refuses a missing parent when areas of the parent level exist', () => {
    const city = {
      code: '330800',
      name: '衢州市',
      level: 'city' as const,
      parentCode: null,
      settlement: null,
      geometry: { type: 'Polygon', coordinates: [box(118, 28, 119, 29)] } as Polygon,
    };
    const county = { ...city, code: '330802', name: '柯城区', level: 'county' as const, parentCode: '330900' };
    const notices: ImportNotice[] = [];
    const problems = checkReferences({ ...emptyRecords(), areas: [city, county] }, new Set(['areas']), new Map(), notices);
    expect(problems.map(formatProblem)).toEqual([
      '(areas of the previous version) (330802) [parent_code]: parent area "330900" does not exist',
    ]);
    expect(notices).toEqual([]);
  });

  it('reads a Tianditu/natural-resources township layer: gb codes, XZQMC names, level and parent from the code', async () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { gb: '156330802001', XZQMC: '新新街道' },
          geometry: { type: 'Polygon', coordinates: [box(118.8, 28.9, 118.85, 28.95)] },
        },
        {
          type: 'Feature',
          properties: { XZQDM: '330802006', XZQMC: '府山街道' },
          geometry: { type: 'Polygon', coordinates: [box(118.85, 28.9, 118.9, 28.95)] },
        },
      ],
    });
    const res = await readImportFiles([{ name: 'quzhou-areas.geojson', bytes: Buffer.from(text) }], { ...OPTS, crs: 'CGCS2000' });
    expect(res.problems.map(formatProblem)).toEqual([]);
    expect(res.records.areas!.map((a) => [a.code, a.name, a.level, a.parentCode])).toEqual([
      ['330802001', '新新街道', 'township', '330802'],
      ['330802006', '府山街道', 'township', '330802'],
    ]);
    expect(res.notices.map(formatNotice)).toEqual([
      'quzhou-areas.geojson: Tianditu/natural-resources boundary file: XZQDM/QHDM/PAC/gb read as code, XZQMC/QHMC as name',
      'quzhou-areas.geojson feature 0 [code]: GB/T 2659 codes (156 + code) read without the country prefix 156',
      'quzhou-areas.geojson feature 0 [level]: no level given: taken from the code (6 digits ending 00 = city, 6 = ' +
        'county, 9 = township, 12 = village)',
      'quzhou-areas.geojson feature 0 [parent_code]: no parent code given: taken from the code (county 330802 -> city ' +
        '330800, township 330802001 -> county 330802)',
    ]);
  });

  it('reads DataV street level as township and refuses a province with a way forward', async () => {
    const feature = (adcode: number, level: string, parent: number) => ({
      type: 'Feature',
      properties: { adcode, name: 'x', level, parent: { adcode: parent }, center: [118.9, 28.9] },
      geometry: { type: 'Polygon', coordinates: [gcj(box(118.8, 28.9, 118.85, 28.95))] },
    });
    const res = await readImportFiles(
      [
        {
          name: 'areas.json',
          bytes: Buffer.from(
            JSON.stringify({
              type: 'FeatureCollection',
              features: [feature(330802001, 'street', 330802), feature(330000, 'province', 100000)],
            }),
          ),
        },
      ],
      { ...OPTS, crs: 'GCJ02' },
    );
    expect(res.problems.map(formatProblem)).toEqual([
      'areas.json feature 1 (330000) [level]: a province is above the city this engine plans: import the city and its ' +
        'counties (DataV 330800_full.json) instead',
    ]);
    expect(res.records.areas!.map((a) => [a.code, a.level, a.parentCode])).toEqual([['330802001', 'township', '330802']]);
  });
});

describe('polygons that count area twice', () => {
  const areasFile = (geometry: unknown) =>
    Buffer.from(
      JSON.stringify({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { 代码: '330802', 名称: '柯城区', 级别: '区县', 上级代码: '330800' }, geometry }],
      }),
    );
  const overlapping = {
    type: 'MultiPolygon',
    coordinates: [
      [box(118.8, 28.9, 118.9, 29.0)],
      [box(118.85, 28.9, 118.95, 29.0)],
      [box(119.0, 28.9, 119.1, 29.0), box(119.02, 28.92, 119.04, 28.94), box(119.02, 28.92, 119.04, 28.94)],
    ],
  };

  it('refuses overlapping parts and duplicate holes, naming feature and part', async () => {
    const res = await readImportFiles([{ name: 'areas.geojson', bytes: areasFile(overlapping) }], { ...OPTS, crs: 'WGS84' });
    expect(res.problems.map(formatProblem)).toEqual([
      'areas.geojson feature 0 (330802) [geometry]: invalid polygon: part 2: holes 1 and 2 overlap (--repair fixes this)',
    ]);
    const parts = { type: 'MultiPolygon', coordinates: overlapping.coordinates.slice(0, 2) };
    const res2 = await readImportFiles([{ name: 'areas.geojson', bytes: areasFile(parts) }], { ...OPTS, crs: 'WGS84' });
    expect(res2.problems.map(formatProblem)).toEqual([
      'areas.geojson feature 0 (330802) [geometry]: invalid polygon: parts 0 and 1 of the MultiPolygon overlap (--repair fixes this)',
    ]);
  });

  it('with --repair merges them and says what changed', async () => {
    const res = await readImportFiles([{ name: 'areas.geojson', bytes: areasFile(overlapping) }], { ...OPTS, crs: 'WGS84', repair: true });
    expect(res.problems.map(formatProblem)).toEqual([]);
    const g = res.records.areas![0].geometry;
    expect(g.type).toBe('MultiPolygon');
    // Two parts left: the two overlapping boxes as one, and the third with a single hole.
    expect((g as { coordinates: Position[][][] }).coordinates.map((p) => p.length)).toEqual([1, 2]);
    expect(res.notices.filter((n) => n.kind === 'polygon_repaired').map(formatNotice)).toEqual([
      'areas.geojson feature 0 [geometry]: repaired: part 2: holes 1 and 2 overlap: merged',
      'areas.geojson feature 0 [geometry]: repaired: parts 0 and 1 of the MultiPolygon overlap: parts merged',
    ]);
  });
});
