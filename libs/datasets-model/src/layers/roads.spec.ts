import type { Geometry } from 'geojson';
import { wgs84ToGcj02 } from '@app/geo';
import type { ValidationContext } from '../context';
import type { ImportNotice, ImportProblem } from '../problems';
import type { RawTable } from '../raw-table';
import { readImportFiles } from '../read-files';
import { DEFAULT_LIMITS } from '../limits';
import { readRoads } from './roads';

const WGS: ValidationContext = { crs: 'EPSG:4326', region: null, regionBbox: null };
const line = (...pts: [number, number][]): Geometry => ({ type: 'LineString', coordinates: pts });

function read(rows: { values: Record<string, unknown>; geometry: Geometry | null }[], ctx = WGS) {
  const table: RawTable = {
    file: 'roads.geojson',
    layer: 'roads',
    format: 'geojson',
    crs: ctx.crs,
    rows: rows.map((r, i) => ({ position: i, values: r.values, extra: {}, geometry: r.geometry })),
  };
  const problems: ImportProblem[] = [];
  const notices: ImportNotice[] = [];
  const items = readRoads(table, ctx, problems, notices);
  return { records: items.map((i) => i.record), problems, notices };
}

describe('readRoads', () => {
  it('reads classes, speeds, oneway and ferries, reversing OSM oneway=-1 lines', () => {
    const { records, problems, notices } = read([
      { values: { code: 'G1', class: '国道', speed_kmh: '80' }, geometry: line([118.8, 28.9], [118.9, 28.9]) },
      { values: { class: 'residential', oneway: '-1' }, geometry: line([118.9, 28.9], [118.9, 29.0]) },
      { values: { code: 'F1', ferry: 'ferry' }, geometry: line([118.9, 29.0], [118.95, 29.0]) },
    ]);
    expect(problems).toEqual([]);
    expect(notices).toEqual([]);
    expect(records.map((r) => [r.code, r.roadClass, r.speedKmh, r.oneway, r.ferry])).toEqual([
      ['G1', '国道', 80, false, false],
      ['road-2', 'residential', null, true, false],
      ['F1', 'ferry', null, false, true],
    ]);
    expect(records[1].geometry).toEqual(line([118.9, 29.0], [118.9, 28.9]));
  });

  it('refuses an unknown class, a polygon and a one-position line, naming the feature and field', () => {
    const { records, problems } = read([
      { values: { code: 'X', class: '高架' }, geometry: line([118.8, 28.9], [118.9, 28.9]) },
      { values: { code: 'P', class: '县道' }, geometry: { type: 'Point', coordinates: [118.8, 28.9] } },
      { values: { code: 'S', class: '县道' }, geometry: line([118.8, 28.9]) },
    ]);
    expect(records).toHaveLength(0);
    expect(problems.map((p) => [p.feature, p.code, p.field])).toEqual([
      [0, 'X', 'class'],
      [1, 'P', 'geometry'],
      [2, 'S', 'geometry'],
    ]);
  });

  it('converts GCJ-02 coordinates to WGS-84', () => {
    const gcj = wgs84ToGcj02([118.87, 28.94]);
    const { records } = read([{ values: { class: '县道' }, geometry: line([gcj[0], gcj[1]], [gcj[0] + 0.01, gcj[1]]) }], {
      ...WGS,
      crs: 'GCJ02',
    });
    const first = (records[0].geometry.coordinates as number[][])[0];
    expect(first[0]).toBeCloseTo(118.87, 5);
    expect(first[1]).toBeCloseTo(28.94, 5);
  });

  it('reports disconnected pieces and dangling ends as notices, not problems', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: 'a', class: '县道' }, geometry: line([118.8, 28.9], [118.9, 28.9]) },
        { type: 'Feature', properties: { code: 'b', class: '村道' }, geometry: line([118.85, 28.95], [118.85, 28.90005]) },
      ],
    };
    const res = await readImportFiles([{ name: 'roads.geojson', bytes: Buffer.from(JSON.stringify(fc)) }], {
      limits: DEFAULT_LIMITS,
      previousRegion: null,
    });
    expect(res.problems).toEqual([]);
    expect(res.records.roads).toHaveLength(2);
    expect(res.notices.filter((n) => n.kind === 'road_network').map((n) => n.message)).toEqual([
      '1 piece(s) not connected to the main network (2 of 4 nodes); places snapped to them reach only their own piece (e.g. b)',
      '1 road end(s) stop within 15 m of another road without joining it (not connected) (e.g. b)',
    ]);
  });
});
