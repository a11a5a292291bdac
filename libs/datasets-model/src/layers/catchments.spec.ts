import type { Geometry, Polygon } from 'geojson';
import type { ValidationContext } from '../context';
import type { ImportProblem } from '../problems';
import type { RawTable } from '../raw-table';
import { readCatchments } from './catchments';

const AREA: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [118.8, 28.9],
      [118.9, 28.9],
      [118.9, 29.0],
      [118.8, 29.0],
      [118.8, 28.9],
    ],
  ],
};
const WGS: ValidationContext = { crs: 'EPSG:4326', region: null, regionBbox: null };

function csv(rows: Record<string, unknown>[]) {
  const table: RawTable = {
    file: 'catchments.csv',
    layer: 'catchments',
    format: 'csv',
    crs: 'EPSG:4326',
    rows: rows.map((values, i) => ({ position: i + 2, values, extra: {}, geometry: null })),
  };
  const problems: ImportProblem[] = [];
  const items = readCatchments(table, WGS, problems);
  return { items, problems, records: items.map((i) => i.record) };
}

function geo(features: [Record<string, unknown>, unknown][]) {
  const table: RawTable = {
    file: 'catchments.geojson',
    layer: 'catchments',
    format: 'geojson',
    crs: 'EPSG:4326',
    rows: features.map(([values, geometry], i) => ({ position: i, values, extra: {}, geometry: geometry as Geometry | null })),
  };
  const problems: ImportProblem[] = [];
  const items = readCatchments(table, WGS, problems);
  return { items, problems, records: items.map((i) => i.record) };
}

const C = { code: 'C1', stage: '小学', school_codes: 'S1、S2', unit_codes: '330802001001;330802001002' };

describe('readCatchments', () => {
  it('reads a catchment made of units (CSV)', () => {
    const { items, problems } = csv([C]);
    expect(problems).toEqual([]);
    expect(items).toEqual([
      {
        position: 2,
        record: {
          code: 'C1',
          stage: 'primary',
          schoolCodes: ['S1', 'S2'],
          unitCodes: ['330802001001', '330802001002'],
          geometry: null,
          attributes: {},
        },
      },
    ]);
  });

  it('reads a catchment polygon (GeoJSON) with no units', () => {
    const { records, problems } = geo([[{ code: 'K1', stage: 'kindergarten', school_codes: 'K001' }, AREA]]);
    expect(problems).toEqual([]);
    expect(records).toEqual([{ code: 'K1', stage: 'kindergarten', schoolCodes: ['K001'], unitCodes: [], geometry: AREA, attributes: {} }]);
  });

  it.each(['junior', '初中', '普通高中', 'special'])('accepts the single stage %j', (stage) => {
    expect(csv([{ ...C, stage }]).problems).toEqual([]);
  });

  it.each(['九年一贯制', '完全中学', '大学', 'constructor', 'toString'])('refuses the stage %j: one known stage only', (stage) => {
    const { records, problems } = csv([{ ...C, stage }]);
    expect(records).toEqual([]);
    expect(problems).toEqual([
      {
        file: 'catchments.csv',
        row: 2,
        code: 'C1',
        field: 'stage',
        message: `a catchment serves one stage (kindergarten, primary, junior, senior, special), got "${stage}"`,
      },
    ]);
  });

  it.each([
    [{ code: '' }, 'code', 'required field is missing'],
    [{ stage: '' }, 'stage', 'required field is missing'],
    [{ school_codes: ' ' }, 'school_codes', 'required field is missing'],
    [{ school_codes: ';;' }, 'school_codes', '";;" is an empty list'],
    [{ unit_codes: undefined }, 'unit_codes', 'a catchment needs a polygon or a list of units'],
  ])('reports %j', (change, field, message) => {
    const { records, problems } = csv([{ ...C, ...change }]);
    expect(records).toEqual([]);
    expect(problems).toEqual([
      { file: 'catchments.csv', row: 2, ...((change as Record<string, unknown>).code === '' ? {} : { code: 'C1' }), field, message },
    ]);
  });

  it('accepts an empty unit list when there is a polygon', () => {
    const { records, problems } = geo([[{ ...C, unit_codes: '、' }, AREA]]);
    expect(problems).toEqual([]);
    expect(records[0].unitCodes).toEqual([]);
  });

  it('reports a bad polygon even when units are listed', () => {
    const { records, problems } = geo([[C, { type: 'Point', coordinates: [118.8, 28.9] }]]);
    expect(records).toEqual([]);
    expect(problems).toEqual([
      { file: 'catchments.geojson', feature: 0, code: 'C1', field: 'geometry', message: 'expected a Polygon or MultiPolygon, got Point' },
    ]);
  });

  it('reports duplicate codes', () => {
    const { problems } = csv([C, { ...C, stage: '初中' }]);
    expect(problems).toEqual([
      { file: 'catchments.csv', row: 3, field: 'code', code: 'C1', message: 'duplicate code "C1" (first at row 2)' },
    ]);
  });
});
