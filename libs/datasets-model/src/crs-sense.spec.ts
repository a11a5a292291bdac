import type { Polygon } from 'geojson';
import type { AreaRecord } from '@app/domain';
import { gcj02ToBd09, wgs84ToGcj02 } from '@app/geo';
import { DEFAULT_LIMITS } from './limits';
import { formatNotice } from './problems';
import { readImportFiles, type ReadOptions } from './read-files';

// Ten townships as 0.01° (~1 km) strips; each school sits 0.002° west of its strip's east edge. GCJ-02 moves points
// about 0.0048° east around Quzhou, so GCJ-02 coordinates read as WGS-84 land in the next strip.
const strip = (i: number): Polygon => {
  const x0 = 118.8 + i * 0.01;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x0, 28.9],
        [x0 + 0.01, 28.9],
        [x0 + 0.01, 29.0],
        [x0, 29.0],
        [x0, 28.9],
      ],
    ],
  };
};
const TOWNS: AreaRecord[] = Array.from({ length: 10 }, (_, i) => ({
  code: `33080200${i}`,
  name: `乡镇${i}`,
  level: 'township',
  parentCode: '330802',
  settlement: null,
  geometry: strip(i),
}));
const TRUE_POINTS = TOWNS.map((_, i): [number, number] => [118.8 + i * 0.01 + 0.008, 28.95]);
const OPTS: ReadOptions = { limits: DEFAULT_LIMITS, previousRegion: null, previousAreas: TOWNS };

function csv(points: number[][]): Buffer {
  const rows = points.map(([x, y], i) => `S${i},学校${i},小学,公办,${x.toFixed(7)},${y.toFixed(7)},${TOWNS[i].code},100`);
  return Buffer.from(['学校代码,学校名称,学段,办学性质,经度,纬度,乡镇代码,在校生数', ...rows].join('\n'));
}

describe('CRS sense against the dataset boundaries', () => {
  it('warns when GCJ-02 coordinates were taken as WGS-84 (no CRS declared)', async () => {
    const res = await readImportFiles([{ name: 'schools.csv', bytes: csv(TRUE_POINTS.map((p) => wgs84ToGcj02(p))) }], OPTS);
    expect(res.problems).toEqual([]);
    expect(res.notices.filter((n) => n.kind === 'crs_suspect' || n.kind === 'crs_assumed').map(formatNotice)).toEqual([
      'schools.csv: no CRS declared: WGS-84 (EPSG:4326) assumed. Coordinates from AMap/高德, Tencent or DataV are ' +
        'GCJ-02 and from Baidu BD-09: declare them with --crs GCJ02 or --crs BD09',
      'schools.csv: coordinates fit GCJ02 better: 10 of 10 points fall in the township or county they name as GCJ02, ' +
        '0 of 10 as EPSG:4326 (assumed); if the source is AMap, Tencent or DataV, import with --crs GCJ02',
    ]);
  });

  it('warns when Baidu coordinates are declared GCJ-02', async () => {
    const res = await readImportFiles([{ name: 'schools.csv', bytes: csv(TRUE_POINTS.map((p) => gcj02ToBd09(wgs84ToGcj02(p)))) }], {
      ...OPTS,
      crs: 'GCJ02',
    });
    expect(res.notices.filter((n) => n.kind === 'crs_suspect').map(formatNotice)).toEqual([
      'schools.csv: coordinates fit BD09 better: 10 of 10 points fall in the township or county they name as BD09, 0 ' +
        'of 10 as GCJ02 (declared); if the source is Baidu, import with --crs BD09',
    ]);
  });

  it('says nothing when the declared CRS fits, or when too few points name a known area', async () => {
    const ok = await readImportFiles([{ name: 'schools.csv', bytes: csv(TRUE_POINTS.map((p) => wgs84ToGcj02(p))) }], {
      ...OPTS,
      crs: 'GCJ02',
    });
    expect(ok.notices.filter((n) => n.kind === 'crs_suspect' || n.kind === 'crs_assumed')).toEqual([]);
    const few = await readImportFiles([{ name: 'schools.csv', bytes: csv(TRUE_POINTS.slice(0, 4).map((p) => wgs84ToGcj02(p))) }], OPTS);
    expect(few.notices.filter((n) => n.kind === 'crs_suspect')).toEqual([]);
  });
});
