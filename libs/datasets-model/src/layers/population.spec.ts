import type { ImportProblem } from '../problems';
import type { RawTable } from '../raw-table';
import { readBirths, readPopulation } from './population';

const AGES = Object.fromEntries(Array.from({ length: 18 }, (_, a) => [`age_${a}`, String(100 + a)]));
const P = { unit_code: 'U1', year: '2024', population: '常住', ...AGES };

function table(layer: 'population' | 'births', rows: Record<string, unknown>[]): RawTable {
  return {
    file: `${layer}.csv`,
    layer,
    format: 'csv',
    crs: 'EPSG:4326',
    rows: rows.map((values, i) => ({ position: i + 2, values, extra: {}, geometry: null })),
  };
}

function readP(rows: Record<string, unknown>[]) {
  const problems: ImportProblem[] = [];
  const items = readPopulation(table('population', rows), problems);
  return { items, problems, records: items.map((i) => i.record) };
}

function readB(rows: Record<string, unknown>[]) {
  const problems: ImportProblem[] = [];
  const items = readBirths(table('births', rows), problems);
  return { items, problems, records: items.map((i) => i.record) };
}

describe('readPopulation', () => {
  it('reads 18 single-year ages in order', () => {
    const { items, problems } = readP([P, { ...P, population: 'registered' }, { ...P, population: '户籍', year: '2023' }]);
    expect(problems).toEqual([]);
    expect(items[0]).toEqual({
      position: 2,
      record: { unitCode: 'U1', year: 2024, population: 'resident', ages: Array.from({ length: 18 }, (_, a) => 100 + a) },
    });
    expect(items.map((i) => [i.record.year, i.record.population])).toEqual([
      [2024, 'resident'],
      [2024, 'registered'],
      [2023, 'registered'],
    ]);
  });

  it.each([
    [{ unit_code: '' }, 'unit_code', 'required field is missing'],
    [{ year: '' }, 'year', 'required field is missing'],
    [{ year: '24' }, 'year', '24 is below the minimum 1949'],
    [{ year: '2024.5' }, 'year', '2024.5 is not a whole number'],
    [{ population: '' }, 'population', 'required field is missing'],
    [{ population: '流动' }, 'population', 'unknown population kind "流动" (expected one of: resident, registered)'],
    [{ age_5: '' }, 'age_5', 'required field is missing'],
    [{ age_0: '-1' }, 'age_0', '-1 is below the minimum 0'],
    [{ age_17: '3.5' }, 'age_17', '3.5 is not a whole number'],
    [{ age_9: '约100' }, 'age_9', '"约100" is not a number'],
  ])('reports %j', (change, field, message) => {
    const { records, problems } = readP([{ ...P, ...change }]);
    expect(records).toEqual([]);
    expect(problems).toEqual([
      { file: 'population.csv', row: 2, ...((change as Record<string, unknown>).unit_code === '' ? {} : { code: 'U1' }), field, message },
    ]);
  });

  it('reports every missing age', () => {
    const { problems } = readP([{ unit_code: 'U1', year: '2024', population: 'resident', age_0: '1' }]);
    expect(problems.map((p) => p.field)).toEqual(Array.from({ length: 17 }, (_, a) => `age_${a + 1}`));
  });

  it('reports the same unit, year and kind twice', () => {
    const { problems } = readP([P, { ...P, population: 'registered' }, { ...P, population: 'resident' }]);
    expect(problems).toEqual([
      {
        file: 'population.csv',
        row: 4,
        field: 'unit_code',
        code: 'U1/2024/resident',
        message: 'duplicate unit_code "U1/2024/resident" (first at row 2)',
      },
    ]);
  });
});

describe('readBirths', () => {
  it('reads births with and without registered births', () => {
    const { items, problems } = readB([
      { area_code: '330802001', year: '2023', births: '1,234', registered_births: '1100' },
      { area_code: '330802002', year: '2023', births: '12.5' },
    ]);
    expect(problems).toEqual([]);
    expect(items).toEqual([
      { position: 2, record: { areaCode: '330802001', year: 2023, births: 1234, registeredBirths: 1100 } },
      { position: 3, record: { areaCode: '330802002', year: 2023, births: 12.5, registeredBirths: null } },
    ]);
  });

  it.each([
    [{ area_code: '' }, 'area_code', 'required field is missing'],
    [{ year: '2200' }, 'year', '2200 is above the maximum 2100'],
    [{ births: '' }, 'births', 'required field is missing'],
    [{ births: '-3' }, 'births', '-3 is below the minimum 0'],
    [{ registered_births: 'n/a' }, 'registered_births', '"n/a" is not a number'],
  ])('reports %j', (change, field, message) => {
    const { records, problems } = readB([{ area_code: 'A1', year: '2023', births: '10', ...change }]);
    expect(problems).toEqual([
      { file: 'births.csv', row: 2, ...((change as Record<string, unknown>).area_code === '' ? {} : { code: 'A1' }), field, message },
    ]);
    expect(records).toHaveLength(field === 'registered_births' ? 1 : 0);
  });

  it('reports the same area and year twice', () => {
    const { problems } = readB([
      { area_code: 'A1', year: '2023', births: '10' },
      { area_code: 'A1', year: '2024', births: '10' },
      { area_code: 'A1', year: '2023', births: '11' },
    ]);
    expect(problems).toEqual([
      { file: 'births.csv', row: 4, field: 'area_code', code: 'A1/2023', message: 'duplicate area_code "A1/2023" (first at row 2)' },
    ]);
  });
});
