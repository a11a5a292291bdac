import type { Geometry, Polygon } from 'geojson';
import { haversineKm, wgs84ToGcj02 } from '@app/geo';
import type { ValidationContext } from '../context';
import type { ImportProblem } from '../problems';
import type { RawTable } from '../raw-table';
import { readHousing } from './housing';

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
const IN_CITY: ValidationContext = { crs: 'EPSG:4326', region: CITY, regionBbox: [118.0, 28.2, 119.3, 29.5] };

const H = {
  code: 'H1',
  name: '高铁新城一期',
  township_code: '330802001',
  households: '2000',
  phasing: '2026:800;2027:1200',
  lon: '118.9',
  lat: '28.95',
};

function read(rows: Record<string, unknown>[], ctx = IN_CITY) {
  const table: RawTable = {
    file: 'housing.csv',
    layer: 'housing',
    format: 'csv',
    crs: ctx.crs,
    rows: rows.map((values, i) => ({ position: i + 2, values, extra: {}, geometry: null })),
  };
  const problems: ImportProblem[] = [];
  const items = readHousing(table, ctx, problems);
  return { items, problems, records: items.map((i) => i.record) };
}

describe('readHousing', () => {
  it('reads a good project', () => {
    const { items, problems } = read([
      {
        ...H,
        district_code: 'D1',
        unit_code: 'U1',
        type: '安置房',
        yield_kindergarten: '0.1',
        yield_primary: '0.25',
        yield_junior: '0.12',
        yield_senior: '0',
      },
    ]);
    expect(problems).toEqual([]);
    expect(items).toEqual([
      {
        position: 2,
        record: {
          code: 'H1',
          name: '高铁新城一期',
          townshipCode: '330802001',
          districtCode: 'D1',
          unitCode: 'U1',
          lon: 118.9,
          lat: 28.95,
          households: 2000,
          type: 'resettlement',
          phasing: { '2026': 800, '2027': 1200 },
          yields: { kindergarten: 0.1, primary: 0.25, junior: 0.12, senior: 0 },
          attributes: {},
        },
      },
    ]);
  });

  it('defaults type to commodity and yields to 0; optional codes to null', () => {
    const { records } = read([H]);
    expect(records[0]).toMatchObject({
      type: 'commodity',
      districtCode: null,
      unitCode: null,
      yields: { kindergarten: 0, primary: 0, junior: 0, senior: 0 },
    });
  });

  it.each([
    ['商品房', 'commodity'],
    ['Rental', 'rental'],
    ['租赁住房', 'rental'],
    ['人才房', 'talent'],
    ['TALENT', 'talent'],
  ])('type %j → %s', (type, expected) => {
    expect(read([{ ...H, type }]).records[0].type).toBe(expected);
  });

  it('accepts full-width colons, = and list separators in phasing, and adds repeated years', () => {
    const { records, problems } = read([{ ...H, households: '1000', phasing: '2026：300、2027=200|2026 : 500' }]);
    expect(problems).toEqual([]);
    expect(records[0].phasing).toEqual({ '2026': 800, '2027': 200 });
  });

  it('converts GCJ-02 input within 1 m', () => {
    const truth: [number, number] = [118.9, 28.95];
    const [x, y] = wgs84ToGcj02(truth);
    const { records, problems } = read([{ ...H, lon: String(x), lat: String(y) }], { ...IN_CITY, crs: 'GCJ02' });
    expect(problems).toEqual([]);
    expect(haversineKm([records[0].lon, records[0].lat], truth) * 1000).toBeLessThan(1);
  });

  it.each([
    [{ code: '' }, 'code', 'required field is missing', false],
    [{ name: '' }, 'name', 'required field is missing', false],
    [{ township_code: '' }, 'township_code', 'required field is missing', false],
    [{ households: '' }, 'households', 'required field is missing', false],
    [{ households: '-10' }, 'households', '-10 is below the minimum 0', false],
    [
      { type: '别墅' },
      'type',
      'unknown housing type "别墅" (commodity/商品房, resettlement/安置房, rental/租赁住房, talent/人才房)',
      false,
    ],
    [
      { type: 'constructor' },
      'type',
      'unknown housing type "constructor" (commodity/商品房, resettlement/安置房, rental/租赁住房, talent/人才房)',
      false,
    ],
    [{ phasing: '' }, 'phasing', 'required field is missing', false],
    [{ phasing: ';' }, 'phasing', '";" is an empty list', false],
    [{ phasing: '2026-800' }, 'phasing', '"2026-800" is not year:households (e.g. 2026:800)', false],
    [{ phasing: '2026:800;明年:1200' }, 'phasing', '"明年:1200" is not year:households (e.g. 2026:800)', false],
    [{ phasing: '26:2000' }, 'phasing', '"26:2000" is not year:households (e.g. 2026:800)', false],
    [{ phasing: '2026:800;2027:1000' }, 'phasing', 'phasing adds up to 1800 households, not 2000', true],
    [{ yield_primary: '6' }, 'yield_primary', '6 is above the maximum 5', true],
    [{ yield_senior: '-0.1' }, 'yield_senior', '-0.1 is below the minimum 0', true],
    [{ lon: '' }, 'lon', 'required field is missing', false],
    [{ lon: '120.15', lat: '30.28' }, 'lon', 'point 120.15000, 30.28000 (WGS-84) lies outside the city boundary', false],
    [{ lon: '28.95', lat: '118.9' }, 'lon', 'coordinate (28.95, 118.9) looks like (lat, lon): swapped it is (118.9, 28.95)', false],
  ])('reports %j', (change, field, message, kept) => {
    const { records, problems } = read([{ ...H, ...change }]);
    expect(problems).toEqual([
      { file: 'housing.csv', row: 2, ...((change as Record<string, unknown>).code === '' ? {} : { code: 'H1' }), field, message },
    ]);
    // Any problem refuses the whole import; only unreadable key fields also drop the record itself.
    expect(records).toHaveLength(kept ? 1 : 0);
  });

  it('reads GeoJSON points and refuses other geometries', () => {
    const { lon: _lon, lat: _lat, ...props } = H;
    const table: RawTable = {
      file: 'housing.geojson',
      layer: 'housing',
      format: 'geojson',
      crs: 'EPSG:4326',
      rows: (
        [
          [props, { type: 'Point', coordinates: [118.9, 28.95] }],
          [
            { ...props, code: 'H2' },
            { type: 'Polygon', coordinates: CITY.coordinates },
          ],
        ] as [Record<string, unknown>, Geometry][]
      ).map(([values, geometry], i) => ({ position: i, values, extra: {}, geometry })),
    };
    const problems: ImportProblem[] = [];
    const items = readHousing(table, IN_CITY, problems);
    expect(items.map((i) => [i.position, i.record.code, i.record.lon, i.record.lat])).toEqual([[0, 'H1', 118.9, 28.95]]);
    expect(problems).toEqual([
      { file: 'housing.geojson', feature: 1, code: 'H2', field: 'geometry', message: 'a housing project is a Point, got Polygon' },
    ]);
  });

  it('reports duplicate codes', () => {
    const { problems } = read([H, H]);
    expect(problems).toEqual([{ file: 'housing.csv', row: 3, field: 'code', code: 'H1', message: 'duplicate code "H1" (first at row 2)' }]);
  });
});
