import type { SchoolRecord } from '@app/domain';
import { schoolRecord } from '@app/testing';
import { DEFAULT_WARNING_CONFIG, resolveWarningConfig } from './config';
import { computeIndicators, kindergartenShares, largeClassShare } from './indicators';

const kg = (code: string, ownership: SchoolRecord['ownership'], seats: number, pupils: number, county = '330802'): SchoolRecord =>
  schoolRecord({ code, stages: ['kindergarten'], ownership, countyCode: county, enrolment: pupils, approvedSeats: seats });

describe('kindergartenShares', () => {
  it('reads inclusive places and public pupils against 95% and 85%', () => {
    // Places: public 600 + inclusive 300 = 900 of 1000 = 90% (< 95%). Pupils: public 540 of 800 = 67.5% (< 85%).
    const r = kindergartenShares(
      [kg('A', 'public', 600, 540), kg('B', 'inclusive_private', 300, 180), kg('C', 'private', 100, 80)],
      (s) => s.enrolment,
    );
    expect(r).toEqual({
      places: 1000,
      inclusivePlaces: 900,
      inclusiveShare: 0.9,
      meetsInclusiveTarget: false,
      enrolment: 800,
      publicEnrolment: 540,
      publicEnrolmentShare: 0.675,
      meetsPublicTarget: false,
    });
  });
});

describe('largeClassShare', () => {
  it('counts every class of a grade whose average is 56+ (and 66+)', () => {
    const s: SchoolRecord = {
      ...kg('P', 'public', 0, 0),
      stages: ['primary'],
      classesByGrade: { '1': 2, '2': 3, '3': 1 },
      enrolmentByGrade: { '1': 112, '2': 120, '3': 70 },
    };
    // Grade 1: 56 (大班额), grade 2: 40, grade 3: 70 (超大班额). 3 of 6 classes large, 1 super large.
    expect(largeClassShare([s])).toEqual({
      classes: 6,
      largeClasses: 3,
      superLargeClasses: 1,
      largeShare: 0.5,
      superLargeShare: 1 / 6,
      meetsTarget: false,
    });
  });
});

describe('computeIndicators', () => {
  it('reports each county and the city, and the city small-school target', () => {
    const ind = computeIndicators({ schools: [kg('A', 'public', 100, 90, '330802'), kg('B', 'public', 100, 90, '330803')] });
    expect(ind.map((a) => `${a.areaType}:${a.areaCode}`)).toEqual(['county:330802', 'county:330803', 'city:330800']);
    expect(ind[2].current.kindergarten.places).toBe(200);
    expect(ind[2].smallSchoolTarget).toEqual({ max: 30, year: 2027, count: null, met: null });
    expect(ind[0].current.differenceCoefficients?.primary.schools).toBe(0);
  });
});

describe('warning config', () => {
  it('resolves overrides without touching the defaults', () => {
    const cfg = resolveWarningConfig({
      leadTimeYears: { ...DEFAULT_WARNING_CONFIG.leadTimeYears, junior: 2 },
      intake: { levels: [...DEFAULT_WARNING_CONFIG.intake.levels, { level: 'orange', atLeast: 1.1 }] },
    });
    expect(cfg.leadTimeYears).toEqual({ kindergarten: 1, primary: 3, junior: 2, senior: 1 });
    expect(cfg.intake.levels.map((l) => l.level)).toEqual(['yellow', 'red', 'orange']);
    expect(cfg.intake.populations).toEqual(['registered', 'resident']);
    expect(DEFAULT_WARNING_CONFIG.leadTimeYears.junior).toBe(1);
    expect(DEFAULT_WARNING_CONFIG.intake.levels).toHaveLength(2);
    expect(Object.isFrozen(DEFAULT_WARNING_CONFIG.intake.levels)).toBe(true);
  });
});
