import type { Polygon, Position } from 'geojson';
import { validatePolygon } from '@app/geo';
import { readAreas } from './layers/areas';
import { DEFAULT_LIMITS } from './limits';
import type { ImportProblem } from './problems';
import { parseGeoJson, parseGeoJsonYielding } from './parse-geojson';
import { checkLargePolygons, OFF_LOOP_VERTICES } from './polygon-check';
import type { RawTable } from './raw-table';
import { readImportFiles } from './read-files';
import { ValueNotes } from './values';

/** A county outline of `n` vertices on a circle around Kecheng; `bowtie` swaps two vertices so two edges cross. */
function county(n: number, bowtie = false): Polygon {
  const ring: Position[] = Array.from({ length: n }, (_, i) => [
    118.87 + 0.2 * Math.cos((2 * Math.PI * i) / n),
    28.94 + 0.2 * Math.sin((2 * Math.PI * i) / n),
  ]);
  if (bowtie) [ring[100], ring[101]] = [ring[101], ring[100]];
  return { type: 'Polygon', coordinates: [[...ring, ring[0]]] };
}

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

function areasFile(countyGeometry: Polygon): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { code: '330800', name: '衢州市', level: 'city' }, geometry: CITY },
      { type: 'Feature', properties: { code: '330802', name: '柯城区', level: 'county', parent_code: '330800' }, geometry: countyGeometry },
    ],
  });
}

/** The same file through the one-pass functions, every polygon validated on this thread. */
function oneBlock(text: string) {
  const problems: ImportProblem[] = [];
  const parsed = parseGeoJson('areas.geojson', text, null, DEFAULT_LIMITS, problems, 'areas')!;
  const table: RawTable = {
    file: 'areas.geojson',
    layer: 'areas',
    format: 'geojson',
    crs: 'EPSG:4326',
    rows: parsed.rows,
    notes: new ValueNotes(),
  };
  const items = readAreas(table, { crs: 'EPSG:4326', region: null, regionBbox: null, repair: false }, problems);
  return { records: items.map((i) => i.record), problems };
}

describe('large GeoJSON boundaries are read with the event loop turning', () => {
  it('validates a large polygon in a worker thread with validatePolygon’s answer, and leaves small ones here', async () => {
    const big = county(OFF_LOOP_VERTICES + 5_000, true);
    const small = county(500, true);
    const rows = [
      { position: 0, values: {}, extra: {}, geometry: small },
      { position: 1, values: {}, extra: {}, geometry: big },
    ];
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: rows.map((r) => ({ type: 'Feature', properties: {}, geometry: r.geometry })),
    });
    const problems = await checkLargePolygons(text, rows);
    expect(problems.has(small)).toBe(false);
    expect(problems.get(big)).toEqual(validatePolygon(big));
    expect(problems.get(big)?.map((p) => [p.kind, p.position])).toEqual([['self_intersection', 99]]);
  });

  it('reads a 130,000-vertex county with the records and notices of one pass, turning the loop between steps', async () => {
    const text = areasFile(county(130_000));
    // Count turns of the loop while the import runs: reading this file in one block gives none.
    let turns = 0;
    let running = true;
    const spin = () => {
      turns++;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    const res = await readImportFiles([{ name: 'areas.geojson', bytes: Buffer.from(text) }], {
      limits: DEFAULT_LIMITS,
      previousRegion: null,
    });
    running = false;
    const once = oneBlock(text);
    expect(res.problems).toEqual([]);
    expect(once.problems).toEqual([]);
    expect(res.records.areas).toEqual(once.records);
    expect(res.records.areas?.map((a) => [a.code, a.geometry.type === 'Polygon' ? a.geometry.coordinates[0].length : 0])).toEqual([
      ['330800', 5],
      ['330802', 130_001],
    ]);
    expect(res.notices.map((n) => n.kind)).toEqual(['crs_assumed']);
    // Decoding, the nesting check, JSON.parse and the features each end with a turn, and more pass while the worker validates.
    expect(turns).toBeGreaterThanOrEqual(4);
  }, 60_000);

  it('refuses a large self-crossing county with the problem one pass reports', async () => {
    const text = areasFile(county(OFF_LOOP_VERTICES + 10_000, true));
    const res = await readImportFiles([{ name: 'areas.geojson', bytes: Buffer.from(text) }], {
      limits: DEFAULT_LIMITS,
      previousRegion: null,
    });
    const once = oneBlock(text);
    expect(res.problems).toEqual(once.problems);
    expect(res.problems.map((p) => [p.feature, p.field, p.message.replace(/\(.*\)/, '(…)')])).toEqual([
      [1, 'geometry', 'invalid polygon: ring 0 intersects itself at (…)'],
    ]);
    expect(res.records.areas?.map((a) => a.code)).toEqual(once.records.map((a) => a.code));
  }, 60_000);

  it('parses in turns to the rows and problems of parseGeoJson', async () => {
    const features = [
      ...Array.from({ length: 2_500 }, (_, i) => ({
        type: 'Feature',
        properties: { code: `33080200${i}`, 名称: `村${i}` },
        geometry: i % 700 === 5 ? { type: 'Polygon', coordinates: [[1, 2]] } : county(8),
      })),
      7,
      { type: 'Feature', properties: { code: 'big' }, geometry: county(60_000) },
    ];
    const text = JSON.stringify({ type: 'FeatureCollection', layer: 'areas', features });
    const [p1, p2] = [[], []] as ImportProblem[][];
    const once = parseGeoJson('areas.geojson', text, null, DEFAULT_LIMITS, p1);
    const turned = await parseGeoJsonYielding('areas.geojson', text, null, DEFAULT_LIMITS, p2);
    expect(turned).toEqual(once);
    expect(turned?.rows).toHaveLength(2_497);
    expect(p2).toEqual(p1);
    expect(p2.map((p) => p.feature)).toEqual([5, 705, 1405, 2105, 2500]);
    for (const bad of ['{"type":"FeatureCollection","features":' + '['.repeat(40), '{"type":"Feature"}', '{']) {
      const [q1, q2] = [[], []] as ImportProblem[][];
      expect(await parseGeoJsonYielding('x.geojson', bad, 'areas', DEFAULT_LIMITS, q2)).toEqual(
        parseGeoJson('x.geojson', bad, 'areas', DEFAULT_LIMITS, q1),
      );
      expect(q2).toEqual(q1);
      expect(q2).toHaveLength(1);
    }
  });
});
