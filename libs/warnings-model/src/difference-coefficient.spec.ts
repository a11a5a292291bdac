import type { ResourceIndicators, SchoolRecord } from '@app/domain';
import { schoolRecord } from '@app/testing';
import { differenceCoefficient, schoolIndicatorValues, stageDifferenceCoefficients } from './difference-coefficient';

function school(
  code: string,
  stages: SchoolRecord['stages'],
  enrolmentByGrade: Record<string, number>,
  indicators: ResourceIndicators,
): SchoolRecord {
  const enrolment = Object.values(enrolmentByGrade).reduce((a, b) => a + b, 0);
  return schoolRecord({ code, stages, countyCode: '330802', enrolmentByGrade, enrolment, indicators });
}

const six = (total: number): Record<string, number> => Object.fromEntries([1, 2, 3, 4, 5, 6].map((g) => [String(g), total / 6]));

/*
 * Worked example, by hand. Three primary schools A, B, C with n = 100, 300, 600 pupils (N = 1000).
 *
 * Qualified teachers 5, 12, 36 -> x = 5, 4, 6 per 100 pupils; xbar = (5 + 12 + 36) / 1000 pupils = 5.3 per 100.
 *   sum (n_i/N)(x_i - xbar)^2 = 0.1 x (-0.3)^2 + 0.3 x (-1.3)^2 + 0.6 x (0.7)^2
 *                             = 0.1 x 0.09 + 0.3 x 1.69 + 0.6 x 0.49 = 0.009 + 0.507 + 0.294 = 0.81
 *   CV = sqrt(0.81) / 5.3 = 0.9 / 5.3 = 0.169811...
 * Sports ground 1000, 2400, 4800 m2 -> x = 10, 8, 8 m2 per pupil; xbar = 8200 / 1000 = 8.2.
 *   sum = 0.1 x 1.8^2 + 0.3 x (-0.2)^2 + 0.6 x (-0.2)^2 = 0.324 + 0.012 + 0.024 = 0.36
 *   CV = 0.6 / 8.2 = 0.073170...
 * The other five indicators are proportional to pupils (x equal everywhere): CV = 0.
 * Composite = (0.9/5.3 + 0.6/8.2 + 0 x 5) / 7 = (0.169811 + 0.073171) / 7 = 0.034712.
 *
 * Minimums (primary): A meets 7/7; B has 4 qualified teachers per 100 (< 4.2): 6/7, still meets; C 7/7.
 */
const A = school('A', ['primary'], six(100), {
  qualifiedTeachers: 5,
  backboneTeachers: 1,
  peArtsTeachers: 1,
  teachingAreaM2: 500,
  sportsAreaM2: 1000,
  equipmentValueCny: 250000,
  multimediaClassrooms: 3,
});
const B = school('B', ['primary'], six(300), {
  qualifiedTeachers: 12,
  backboneTeachers: 3,
  peArtsTeachers: 3,
  teachingAreaM2: 1500,
  sportsAreaM2: 2400,
  equipmentValueCny: 750000,
  multimediaClassrooms: 9,
});
const C = school('C', ['primary'], six(600), {
  qualifiedTeachers: 36,
  backboneTeachers: 6,
  peArtsTeachers: 6,
  teachingAreaM2: 3000,
  sportsAreaM2: 4800,
  equipmentValueCny: 1500000,
  multimediaClassrooms: 18,
});
/*
 * D: nine-year, 250 primary pupils (grades 1-6) and 150 junior (7-9), 400 in all. Its resources are for the whole
 * school, so it enters each stage with its whole-school value per pupil and the weight of that stage's pupils:
 * qualified teachers 20 / 400 = 5 per 100; sports 2400 / 400 = 6 m2; equipment 800000 / 400 = 2000; multimedia
 * 8 / 400 = 2 per 100. Primary minimums met: 5 of 7 (sports 6 < 7.5, multimedia 2 < 2.3); junior: 2 of 7.
 *
 * Primary CV of qualified teachers with D: n = 100, 300, 600, 250 (N = 1250); x = 5, 4, 6, 5;
 *   xbar = (5 + 12 + 36 + 20 x 250/400) / 1250 = 65.5 / 1250 = 5.24 per 100
 *   sum = 0.08 x 0.24^2 + 0.24 x 1.24^2 + 0.48 x 0.76^2 + 0.2 x 0.24^2
 *       = 0.08 x 0.0576 + 0.24 x 1.5376 + 0.48 x 0.5776 + 0.2 x 0.0576
 *       = 0.004608 + 0.369024 + 0.277248 + 0.01152 = 0.6624
 *   CV = sqrt(0.6624) / 5.24 = 0.81388 / 5.24 = 0.15532
 */
const D = school(
  'D',
  ['primary', 'junior'],
  { ...six(250), '7': 50, '8': 50, '9': 50 },
  {
    qualifiedTeachers: 20,
    backboneTeachers: 4,
    peArtsTeachers: 4,
    teachingAreaM2: 2000,
    sportsAreaM2: 2400,
    equipmentValueCny: 800000,
    multimediaClassrooms: 8,
  },
);

describe('differenceCoefficient', () => {
  it('matches the hand-computed example', () => {
    expect(
      differenceCoefficient([
        { pupils: 100, value: 5 },
        { pupils: 300, value: 4 },
        { pupils: 600, value: 6 },
      ]),
    ).toBeCloseTo(0.169811, 6);
    // Per pupil instead of per 100 pupils: same CV.
    expect(
      differenceCoefficient([
        { pupils: 100, value: 0.05 },
        { pupils: 300, value: 0.04 },
        { pupils: 600, value: 0.06 },
      ]),
    ).toBeCloseTo(0.169811, 6);
  });

  it('is 0 for equal values and undefined without pupils or resources', () => {
    expect(
      differenceCoefficient([
        { pupils: 10, value: 3 },
        { pupils: 90, value: 3 },
      ]),
    ).toBe(0);
    expect(differenceCoefficient([])).toBeNull();
    expect(differenceCoefficient([{ pupils: 10, value: 0 }])).toBeNull();
    expect(differenceCoefficient([{ pupils: 0, value: 5 }])).toBeNull();
  });
});

describe('stageDifferenceCoefficients', () => {
  it('gives per-indicator and composite CVs of a county (3 schools)', () => {
    const r = stageDifferenceCoefficients([A, B, C], 'primary');
    expect(r.schools).toBe(3);
    expect(r.pupils).toBeCloseTo(1000, 9);
    expect(r.perIndicator.qualifiedTeachers).toBeCloseTo(0.169811, 6); // 0.9 / 5.3
    expect(r.perIndicator.sportsAreaM2).toBeCloseTo(0.073171, 6); // 0.6 / 8.2
    expect(r.perIndicator.backboneTeachers).toBeCloseTo(0, 12);
    expect(r.perIndicator.multimediaClassrooms).toBeCloseTo(0, 12);
    expect(r.composite).toBeCloseTo(0.034712, 6); // (0.169811 + 0.073171) / 7
    expect(r.meetsNational).toBe(true);
    expect(r.schoolsMeetingMinimums).toBe(3);
  });

  it('counts a nine-year school in both stages with its stage pupils as weight', () => {
    const p = schoolIndicatorValues(D, 'primary')!;
    expect(p.pupils).toBeCloseTo(250, 9);
    expect(p.values.qualifiedTeachers).toBeCloseTo(5, 12);
    expect(p.minimumsMet).toBe(5);
    expect(p.meetsMinimums).toBe(false);
    const j = schoolIndicatorValues(D, 'junior')!;
    expect(j.pupils).toBe(150);
    expect(j.minimumsMet).toBe(2);

    const r = stageDifferenceCoefficients([A, B, C, D], 'primary');
    expect(r.perIndicator.qualifiedTeachers).toBeCloseTo(0.15532, 5); // sqrt(0.6624) / 5.24
    expect(r.perIndicator.qualifiedTeachers).toBeCloseTo(Math.sqrt(0.6624) / 5.24, 12);
    expect(r.schoolsMeetingMinimums).toBe(3);
    const rj = stageDifferenceCoefficients([A, B, C, D], 'junior');
    expect(rj.schools).toBe(1);
    expect(rj.composite).toBe(0);
  });

  it('is computed on a world year: A closed from 2027, its 100 pupils at B', () => {
    // World 2027: A closed (drops out), B has 300 + 100 = 400 pupils, C 600. Qualified teachers 12 and 36:
    // x = 12/400 x 100 = 3 and 36/600 x 100 = 6 per 100 pupils, xbar = 48/1000 x 100 = 4.8;
    // variance = 0.4 x (3 - 4.8)^2 + 0.6 x (6 - 4.8)^2 = 1.296 + 0.864 = 2.16; CV = sqrt(2.16) / 4.8 = 0.306186.
    const world = new Map([
      ['B', 400],
      ['C', 600],
    ]);
    const r = stageDifferenceCoefficients([{ ...A, closeYear: 2027 }, B, C], 'primary', 2027, (s) => world.get(s.code) ?? 0);
    expect(r.schools).toBe(2);
    expect(r.pupils).toBeCloseTo(1000, 9);
    expect(r.perIndicator.qualifiedTeachers).toBeCloseTo(Math.sqrt(2.16) / 4.8, 12);
    // The year before, A still teaches and the records' pupils give the county's CV as today (0.9 / 5.3).
    expect(stageDifferenceCoefficients([{ ...A, closeYear: 2027 }, B, C], 'primary', 2026).perIndicator.qualifiedTeachers).toBeCloseTo(
      0.169811,
      6,
    );
  });

  it('leaves out schools without indicators, and closed schools', () => {
    const r = stageDifferenceCoefficients([A, { ...B, indicators: null }, { ...C, status: 'closed' }], 'primary');
    expect(r.schools).toBe(1);
    expect(r.excluded).toEqual(['B']);
  });
});
