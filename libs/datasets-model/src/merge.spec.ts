import { emptyRecords, type BirthRecord, type DatasetRecords, type PopulationCountRecord, type SchoolRecord } from '@app/domain';
import { LAYER_KEY, keyOf } from './keys';
import { mergeRecords } from './merge';

function school(code: string, over: Partial<SchoolRecord> = {}): SchoolRecord {
  return {
    code,
    name: `学校${code}`,
    stages: ['primary'],
    ownership: 'public',
    lon: 118.87,
    lat: 28.94,
    countyCode: '330802',
    townshipCode: '330802001',
    classesByGrade: {},
    enrolmentByGrade: { '1': 40, '2': 45 },
    enrolment: 85,
    classes: 2,
    approvedSeats: 90,
    classSizeNorm: null,
    maxClasses: null,
    boardingPlaces: 0,
    teachers: 10,
    indicators: null,
    status: 'open',
    openYear: null,
    closeYear: null,
    attributes: { 备注: 'x', nested: { a: 1, b: [1, 2] } },
    ...over,
  };
}

const pop = (unitCode: string, year: number, population: 'resident' | 'registered', first = 1): PopulationCountRecord => ({
  unitCode,
  year,
  population,
  ages: Array.from({ length: 18 }, (_, a) => first + a),
});

function previous(): DatasetRecords {
  return {
    ...emptyRecords(),
    schools: [school('S1'), school('S2'), school('S3')],
    births: [{ areaCode: 'A1', year: 2023, births: 10, registeredBirths: null }],
  };
}

/** The same record with its keys (and its nested keys) in reverse order. */
function reordered<T extends object>(r: T): T {
  const flip = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v)
            .reverse()
            .map(([k, x]) => [k, flip(x)]),
        )
      : v;
  return flip(r) as T;
}

describe('keyOf', () => {
  it('keys each layer as documented', () => {
    expect(keyOf('schools', school('S1'))).toBe('S1');
    expect(keyOf('population', pop('U1', 2024, 'resident'))).toBe('U1/2024/resident');
    expect(keyOf('births', { areaCode: 'A1', year: 2023, births: 1, registeredBirths: null } satisfies BirthRecord)).toBe('A1/2023');
    for (const layer of ['areas', 'districts', 'catchments', 'units', 'housing', 'roads'] as const)
      expect(keyOf(layer, { code: 'X9' })).toBe('X9');
    expect(Object.keys(LAYER_KEY).sort()).toEqual([
      'areas',
      'births',
      'catchments',
      'districts',
      'housing',
      'population',
      'roads',
      'schools',
      'units',
    ]);
  });
});

describe('mergeRecords', () => {
  const incoming = (): Partial<DatasetRecords> => ({
    schools: [reordered(school('S1')), school('S2', { enrolment: 86, enrolmentByGrade: { '1': 41, '2': 45 } }), school('S4')],
  });

  it('merge upserts by key, keeps unmentioned rows, and summarises', () => {
    const { records, summary } = mergeRecords(previous(), incoming(), 'merge');
    expect(records.schools.map((s) => [s.code, s.enrolment])).toEqual([
      ['S1', 85],
      ['S2', 86],
      ['S4', 85],
      ['S3', 85],
    ]);
    expect(summary).toEqual({
      schools: { added: 1, changed: 1, removed: 0, unchanged: 1, examples: { added: ['S4'], changed: ['S2'], removed: [] } },
    });
  });

  it('replace makes the layer exactly the incoming rows', () => {
    const { records, summary } = mergeRecords(previous(), incoming(), 'replace');
    expect(records.schools.map((s) => s.code)).toEqual(['S1', 'S2', 'S4']);
    expect(summary).toEqual({
      schools: { added: 1, changed: 1, removed: 1, unchanged: 1, examples: { added: ['S4'], changed: ['S2'], removed: ['S3'] } },
    });
  });

  it('carries absent layers over unchanged, without a summary entry', () => {
    const prev = previous();
    const { records, summary } = mergeRecords(prev, incoming(), 'replace');
    expect(records.births).toEqual(prev.births);
    expect(records.areas).toEqual([]);
    expect(Object.keys(summary)).toEqual(['schools']);
  });

  it('an empty incoming layer removes everything on replace and nothing on merge', () => {
    const replaced = mergeRecords(previous(), { schools: [] }, 'replace');
    expect(replaced.records.schools).toEqual([]);
    expect(replaced.summary.schools).toEqual({
      added: 0,
      changed: 0,
      removed: 3,
      unchanged: 0,
      examples: { added: [], changed: [], removed: ['S1', 'S2', 'S3'] },
    });
    const merged = mergeRecords(previous(), { schools: [] }, 'merge');
    expect(merged.records.schools.map((s) => s.code)).toEqual(['S1', 'S2', 'S3']);
    expect(merged.summary.schools).toEqual({
      added: 0,
      changed: 0,
      removed: 0,
      unchanged: 0,
      examples: { added: [], changed: [], removed: [] },
    });
  });

  it('detects changes deep in attributes and in array order, not in key order', () => {
    const { summary } = mergeRecords(
      previous(),
      {
        schools: [
          school('S1', { attributes: { 备注: 'x', nested: { a: 1, b: [2, 1] } } }),
          school('S2', { stages: ['primary', 'junior'] }),
          school('S3', { attributes: { nested: { b: [1, 2], a: 1 }, 备注: 'x' } }),
        ],
      },
      'merge',
    );
    expect(summary.schools).toMatchObject({ changed: 2, unchanged: 1, examples: { changed: ['S1', 'S2'] } });
  });

  it('keys population by unit, year and kind', () => {
    const prev = { ...emptyRecords(), population: [pop('U1', 2024, 'resident'), pop('U1', 2024, 'registered')] };
    const { records, summary } = mergeRecords(prev, { population: [pop('U1', 2024, 'resident', 2), pop('U1', 2025, 'resident')] }, 'merge');
    expect(records.population.map((p) => keyOf('population', p))).toEqual(['U1/2024/resident', 'U1/2025/resident', 'U1/2024/registered']);
    expect(summary.population).toEqual({
      added: 1,
      changed: 1,
      removed: 0,
      unchanged: 0,
      examples: { added: ['U1/2025/resident'], changed: ['U1/2024/resident'], removed: [] },
    });
  });

  it('counts every change but keeps at most 20 examples of each kind', () => {
    const prev = { ...emptyRecords(), schools: Array.from({ length: 30 }, (_, i) => school(`P${i}`)) };
    const inc = { schools: Array.from({ length: 25 }, (_, i) => school(`N${i}`)) };
    const { summary } = mergeRecords(prev, inc, 'replace');
    expect(summary.schools?.added).toBe(25);
    expect(summary.schools?.removed).toBe(30);
    expect(summary.schools?.examples.added).toEqual(Array.from({ length: 20 }, (_, i) => `N${i}`));
    expect(summary.schools?.examples.removed).toEqual(Array.from({ length: 20 }, (_, i) => `P${i}`));
  });

  it('does not mutate the previous records or the incoming ones', () => {
    const prev = previous();
    const inc = incoming();
    const before = JSON.stringify([prev, inc]);
    const deepFreeze = (o: unknown): void => {
      if (o && typeof o === 'object') {
        Object.freeze(o);
        Object.values(o).forEach(deepFreeze);
      }
    };
    deepFreeze(prev);
    deepFreeze(inc);
    for (const mode of ['merge', 'replace'] as const) {
      const { records } = mergeRecords(prev, inc, mode);
      expect(records.schools).not.toBe(prev.schools);
      expect(records.schools).not.toBe(inc.schools);
    }
    expect(JSON.stringify([prev, inc])).toBe(before);
    expect(prev.schools.map((s) => s.code)).toEqual(['S1', 'S2', 'S3']);
  });
});
