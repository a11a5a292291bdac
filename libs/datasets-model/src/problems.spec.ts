import { ImportRejected, formatProblem } from './problems';

describe('formatProblem', () => {
  it('formats a row problem with code and field', () => {
    expect(formatProblem({ file: 'schools.csv', row: 7, code: 'S1', field: 'stages', message: 'unknown stage "小学部"' })).toBe(
      'schools.csv row 7 (S1) [stages]: unknown stage "小学部"',
    );
  });

  it('formats a feature problem, row 0 and feature 0 included', () => {
    expect(formatProblem({ file: 'areas.geojson', feature: 0, message: 'x' })).toBe('areas.geojson feature 0: x');
    expect(formatProblem({ file: 'a.csv', row: 0, message: 'x' })).toBe('a.csv row 0: x');
  });

  it('formats a file problem and nothing', () => {
    expect(formatProblem({ file: 'a.csv', message: 'empty' })).toBe('a.csv: empty');
    expect(formatProblem(undefined)).toBe('');
  });
});

describe('ImportRejected', () => {
  it('carries the problems and names the first', () => {
    const problems = [
      { file: 'a.csv', row: 2, message: 'bad' },
      { file: 'b.csv', message: 'worse' },
    ];
    const e = new ImportRejected(problems);
    expect(e).toBeInstanceOf(Error);
    expect(e.problems).toBe(problems);
    expect(e.message).toBe('import rejected: 2 problem(s); first: a.csv row 2: bad');
  });
});
