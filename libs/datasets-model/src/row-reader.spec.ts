import type { ImportProblem } from './problems';
import type { RawRow } from './raw-table';
import { RowReader } from './row-reader';
import { OWNERSHIP_WORDS, POPULATION_WORDS } from './vocab';

function reader(values: Record<string, unknown>, format: 'csv' | 'geojson' = 'csv', position = 5) {
  const problems: ImportProblem[] = [];
  const row: RawRow = { position, values, extra: {}, geometry: null };
  const r = new RowReader({ file: format === 'csv' ? 'schools.csv' : 'schools.geojson', format }, row, problems);
  return { r, problems };
}

describe('RowReader', () => {
  describe('location of problems', () => {
    it('names the spreadsheet row for CSV/XLSX, with code and field', () => {
      const { r, problems } = reader({});
      r.code = 'S1';
      r.fail('name', 'bad');
      expect(problems).toEqual([{ file: 'schools.csv', row: 5, code: 'S1', field: 'name', message: 'bad' }]);
    });

    it('names the feature for GeoJSON, without code or field when not known', () => {
      const { r, problems } = reader({}, 'geojson', 0);
      r.fail(undefined, 'bad');
      expect(problems).toEqual([{ file: 'schools.geojson', feature: 0, message: 'bad' }]);
    });
  });

  describe('has / str', () => {
    it('treats blank, null and undefined as absent', () => {
      const { r, problems } = reader({ a: '  ', b: null, c: undefined, d: 0, e: ' x ' });
      expect(['a', 'b', 'c', 'd', 'e', 'f'].map((f) => r.has(f))).toEqual([false, false, false, true, true, false]);
      expect(r.str('a')).toBeNull();
      expect(r.str('d')).toBe('0');
      expect(r.str('e')).toBe('x');
      expect(problems).toEqual([]);
    });

    it('reports a missing required field', () => {
      const { r, problems } = reader({ name: '' });
      expect(r.str('name', true)).toBeNull();
      expect(problems).toEqual([{ file: 'schools.csv', row: 5, field: 'name', message: 'required field is missing' }]);
    });

    it('does not throw on a JSON object whose toString is not a function', () => {
      const { r, problems } = reader(
        JSON.parse('{"code":{"toString":1},"enrolment":{"valueOf":2,"toString":3}}') as Record<string, unknown>,
        'geojson',
        3,
      );
      expect(r.has('code')).toBe(true);
      expect(r.str('code')).toBe('{"toString":1}');
      expect(r.count('enrolment')).toBeNull();
      expect(r.bool('enrolment', true)).toBe(true);
      expect(problems).toEqual([
        { file: 'schools.geojson', feature: 3, field: 'enrolment', message: '"{"valueOf":2,"toString":3}" is not a number' },
        { file: 'schools.geojson', feature: 3, field: 'enrolment', message: '"{"valueof":2,"tostring":3}" is not true/false (是/否)' },
      ]);
    });
  });

  describe('num', () => {
    it('reads numbers, numeric text and thousands separators (ASCII and full-width commas)', () => {
      const { r, problems } = reader({ a: 12.5, b: ' 1,234 ', c: '1，234', d: '-3', e: '1e3' });
      expect([r.num('a'), r.num('b'), r.num('c'), r.num('d'), r.num('e')]).toEqual([12.5, 1234, 1234, -3, 1000]);
      expect(r.num('missing')).toBeNull();
      expect(problems).toEqual([]);
    });

    it.each([
      [{ x: 'abc' }, {}, '"abc" is not a number'],
      [{ x: 'Infinity' }, {}, '"Infinity" is not a number'],
      [{ x: '1.5' }, { integer: true }, '1.5 is not a whole number'],
      [{ x: '-1' }, { min: 0 }, '-1 is below the minimum 0'],
      [{ x: 101 }, { max: 100 }, '101 is above the maximum 100'],
      [{}, { required: true }, 'required field is missing'],
    ])('%j with %j → %s', (values, opts, message) => {
      const { r, problems } = reader(values);
      expect(r.num('x', opts)).toBeNull();
      expect(problems).toEqual([{ file: 'schools.csv', row: 5, field: 'x', message }]);
    });

    it('accepts the bounds themselves', () => {
      const { r, problems } = reader({ x: '0', y: '100' });
      expect(r.num('x', { min: 0, max: 100 })).toBe(0);
      expect(r.num('y', { min: 0, max: 100 })).toBe(100);
      expect(problems).toEqual([]);
    });
  });

  describe('count / year', () => {
    it('count is a non-negative whole number', () => {
      const { r, problems } = reader({ a: '12', b: '-1', c: '2.5', d: '' });
      expect(r.count('a')).toBe(12);
      expect(r.count('b')).toBeNull();
      expect(r.count('c')).toBeNull();
      expect(r.count('d', true)).toBeNull();
      expect(problems.map((p) => [p.field, p.message])).toEqual([
        ['b', '-1 is below the minimum 0'],
        ['c', '2.5 is not a whole number'],
        ['d', 'required field is missing'],
      ]);
    });

    it('year is a whole number in 1949..2100', () => {
      const { r, problems } = reader({ a: '2024', b: '1948', c: '2101', d: '2024.5', e: '1949', f: '2100' });
      expect(['a', 'b', 'c', 'd', 'e', 'f'].map((f) => r.year(f))).toEqual([2024, null, null, null, 1949, 2100]);
      expect(problems.map((p) => [p.field, p.message])).toEqual([
        ['b', '1948 is below the minimum 1949'],
        ['c', '2101 is above the maximum 2100'],
        ['d', '2024.5 is not a whole number'],
      ]);
    });
  });

  describe('oneOf', () => {
    it('matches case-, space-, underscore- and dash-insensitively', () => {
      const { r, problems } = reader({ a: '公办', b: 'Inclusive Private', c: 'inclusive-private', d: ' PRIVATE ' });
      expect(['a', 'b', 'c', 'd'].map((f) => r.oneOf(f, OWNERSHIP_WORDS, true, 'ownership'))).toEqual([
        'public',
        'inclusive_private',
        'inclusive_private',
        'private',
      ]);
      expect(problems).toEqual([]);
    });

    it('reports an unknown word with the distinct canonical values', () => {
      const { r, problems } = reader({ a: '国有' });
      expect(r.oneOf('a', OWNERSHIP_WORDS, true, 'ownership')).toBeNull();
      expect(problems).toEqual([
        {
          file: 'schools.csv',
          row: 5,
          field: 'a',
          message: 'unknown ownership "国有" (expected one of: public, inclusive_private, private)',
        },
      ]);
    });

    it('is null without a problem when optional and absent, and reports when required', () => {
      const { r, problems } = reader({});
      expect(r.oneOf('a', POPULATION_WORDS, false, 'population kind')).toBeNull();
      expect(r.oneOf('b', POPULATION_WORDS, true, 'population kind')).toBeNull();
      expect(problems).toEqual([{ file: 'schools.csv', row: 5, field: 'b', message: 'required field is missing' }]);
    });

    it.each(['constructor', 'Constructor', '__proto__', 'hasOwnProperty', 'toString'])(
      'does not take the inherited member %j for a word',
      (word) => {
        const { r, problems } = reader({ a: word });
        expect(r.oneOf('a', OWNERSHIP_WORDS, true, 'ownership')).toBeNull();
        expect(problems).toEqual([
          {
            file: 'schools.csv',
            row: 5,
            field: 'a',
            message: `unknown ownership "${word}" (expected one of: public, inclusive_private, private)`,
          },
        ]);
      },
    );
  });

  describe('list', () => {
    it('splits on ; ； 、 | and drops blanks', () => {
      const { r, problems } = reader({ a: 'S1; S2；S3、S4|S5;;', b: 'S1' });
      expect(r.list('a')).toEqual(['S1', 'S2', 'S3', 'S4', 'S5']);
      expect(r.list('b')).toEqual(['S1']);
      expect(r.list('c')).toEqual([]);
      expect(problems).toEqual([]);
    });

    it('does not split on commas', () => {
      const { r } = reader({ a: 'S1,S2' });
      expect(r.list('a')).toEqual(['S1,S2']);
    });

    it('reports a missing required list', () => {
      const { r, problems } = reader({});
      expect(r.list('school_codes', true)).toEqual([]);
      expect(problems).toEqual([{ file: 'schools.csv', row: 5, field: 'school_codes', message: 'required field is missing' }]);
    });

    it('reports a required list of only separators, and accepts it when optional', () => {
      const { r, problems } = reader({ a: ' ;；、| ' });
      expect(r.list('a')).toEqual([]);
      expect(problems).toEqual([]);
      expect(r.list('a', true)).toEqual([]);
      expect(problems).toEqual([{ file: 'schools.csv', row: 5, field: 'a', message: '";；、|" is an empty list' }]);
    });
  });

  describe('bool', () => {
    it.each([
      ['true', true],
      ['TRUE', true],
      ['1', true],
      ['yes', true],
      ['Y', true],
      ['是', true],
      ['false', false],
      ['0', false],
      ['no', false],
      ['n', false],
      ['否', false],
    ])('%j → %s', (v, expected) => {
      const { r, problems } = reader({ a: v });
      expect(r.bool('a', !expected)).toBe(expected);
      expect(problems).toEqual([]);
    });

    it('reads booleans and numbers from GeoJSON', () => {
      const { r } = reader({ a: true, b: false, c: 1, d: 0 }, 'geojson');
      expect([r.bool('a', false), r.bool('b', true), r.bool('c', false), r.bool('d', true)]).toEqual([true, false, true, false]);
    });

    it('falls back when absent, and reports other text (lower-cased)', () => {
      const { r, problems } = reader({ b: 'Maybe' });
      expect(r.bool('a', true)).toBe(true);
      expect(r.bool('a', false)).toBe(false);
      expect(r.bool('b', true)).toBe(true);
      expect(problems).toEqual([{ file: 'schools.csv', row: 5, field: 'b', message: '"maybe" is not true/false (是/否)' }]);
    });
  });
});
