import { isUnderThreshold, SMALL_SCHOOL_THRESHOLD } from './small-school';

describe('isUnderThreshold (the one small-school test)', () => {
  it('counts compulsory pupils under 200 by more than 1e-5 x 200 = 0.002 as small', () => {
    expect(SMALL_SCHOOL_THRESHOLD).toBe(200);
    expect([199, 199.99, 199.997, 199.999, 200, 250].map((n) => isUnderThreshold(n))).toEqual([true, true, true, false, false, false]);
    // The 100-pupil band: 100 - 0.001.
    expect([99.998, 99.9995, 100].map((n) => isUnderThreshold(n, 100))).toEqual([true, false, false]);
    // A threshold under 1 keeps an absolute tolerance of 1e-5.
    expect([0, 0.5 - 2e-5, 0.5].map((n) => isUnderThreshold(n, 0.5))).toEqual([true, true, false]);
  });
});
