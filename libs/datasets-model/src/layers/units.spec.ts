import type { Geometry, Polygon } from 'geojson';
import type { ValidationContext } from '../context';
import type { ImportProblem } from '../problems';
import type { RawTable } from '../raw-table';
import { readUnits } from './units';

const square = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});
const CITY = square(118.0, 28.2, 119.3, 29.5);
const IN_CITY: ValidationContext = { crs: 'EPSG:4326', region: CITY, regionBbox: [118.0, 28.2, 119.3, 29.5] };
const PARCEL = square(118.86, 28.93, 118.87, 28.94);

function read(features: [Record<string, unknown>, unknown][], ctx = IN_CITY) {
  const table: RawTable = {
    file: 'units.geojson',
    layer: 'units',
    format: 'geojson',
    crs: ctx.crs,
    rows: features.map(([values, geometry], i) => ({ position: i, values, extra: {}, geometry: geometry as Geometry | null })),
  };
  const problems: ImportProblem[] = [];
  const items = readUnits(table, ctx, problems);
  return { items, problems, records: items.map((i) => i.record) };
}

const U = { code: '330802001001', name: '府山社区', township_code: '330802001' };

describe('readUnits', () => {
  it('reads point and polygon units; county from the township code; settlement defaults to rural', () => {
    const { items, problems } = read([
      [
        { ...U, settlement: '社区' },
        { type: 'Point', coordinates: [118.87, 28.94] },
      ],
      [{ ...U, code: 'P2', county_code: '330803' }, PARCEL],
    ]);
    expect(problems).toEqual([]);
    expect(items).toEqual([
      {
        position: 0,
        record: {
          code: '330802001001',
          name: '府山社区',
          townshipCode: '330802001',
          countyCode: '330802',
          settlement: 'urban',
          geometry: { type: 'Point', coordinates: [118.87, 28.94] },
          attributes: {},
        },
      },
      {
        position: 1,
        record: {
          code: 'P2',
          name: '府山社区',
          townshipCode: '330802001',
          countyCode: '330803',
          settlement: 'rural',
          geometry: PARCEL,
          attributes: {},
        },
      },
    ]);
  });

  it('converts a GCJ-02 point', () => {
    const { records, problems } = read([[U, { type: 'Point', coordinates: [118.87, 28.94] }]], { ...IN_CITY, crs: 'GCJ02' });
    expect(problems).toEqual([]);
    const [lon, lat] = (records[0].geometry as { coordinates: number[] }).coordinates;
    expect(lon).toBeLessThan(118.87);
    expect(lat).toBeGreaterThan(28.94);
    expect(Math.abs(lon - 118.87)).toBeLessThan(0.01);
  });

  it.each([
    [{ ...U, name: undefined }, PARCEL, 'name', 'required field is missing'],
    [{ ...U, township_code: undefined }, PARCEL, 'township_code', 'required field is missing'],
    [{ ...U, settlement: '城乡结合部' }, PARCEL, 'settlement', 'unknown settlement "城乡结合部" (expected one of: urban, rural)'],
    [U, null, 'geometry', 'a Point or Polygon geometry is required'],
    [
      U,
      {
        type: 'LineString',
        coordinates: [
          [118.87, 28.94],
          [118.88, 28.95],
        ],
      },
      'geometry',
      'expected a Point or Polygon, got LineString',
    ],
    [U, { type: 'Point', coordinates: [120.15, 30.28] }, 'geometry', 'point 120.15000, 30.28000 (WGS-84) lies outside the city boundary'],
    [
      U,
      { type: 'Point', coordinates: [28.94, 118.87] },
      'geometry',
      'coordinate (28.94, 118.87) looks like (lat, lon): swapped it is (118.87, 28.94)',
    ],
    [
      U,
      {
        type: 'Polygon',
        coordinates: [
          [
            [118.8, 28.9],
            [118.9, 28.9],
            [118.8, 28.9],
          ],
        ],
      },
      'geometry',
      expect.stringMatching(/^invalid polygon: /),
    ],
  ])('reports %j with %j', (values, geometry, field, message) => {
    const { records, problems } = read([[values, geometry]]);
    expect(problems).toEqual([{ file: 'units.geojson', feature: 0, code: '330802001001', field, message }]);
    if (field !== 'settlement') expect(records).toEqual([]);
  });

  it('reports duplicate codes', () => {
    const { problems } = read([
      [U, PARCEL],
      [U, PARCEL],
    ]);
    expect(problems).toEqual([
      {
        file: 'units.geojson',
        feature: 1,
        field: 'code',
        code: '330802001001',
        message: 'duplicate code "330802001001" (first at feature 0)',
      },
    ]);
  });
});
