import type { ConsolidationPlan } from '@app/consolidation';
import type { DemandRow } from '@app/domain';
import { exceedance, type UncertaintyModel } from '@app/projection-model';
import { planRobustness } from './plan-robustness';

const row = (unitCode: string, year: number, pupils: number): DemandRow => ({
  unitCode,
  stage: 'primary',
  year,
  resident: pupils,
  registered: 0,
  residentByGrade: Array.from({ length: 6 }, () => pupils / 6),
  registeredByGrade: [0, 0, 0, 0, 0, 0],
  fromHousing: 0,
});

const school = (code: string, enrolmentAfter: number) =>
  ({ code, decision: 'keep', enrolmentAfter }) as ConsolidationPlan['schools'][number];
const village = (unitCode: string, toSchool: string, pupils: number) =>
  ({ unitCode, stage: 'primary', toSchool, pupils }) as ConsolidationPlan['villages'][number];

describe('planRobustness', () => {
  const plan = {
    targetYear: 2025,
    schools: [school('A', 190), school('B', 250), { ...school('C', 500), decision: 'close' as const }],
    villages: [village('UA', 'A', 190), village('UB', 'B', 250)],
  };
  const demand = [row('UA', 2025, 190), row('UB', 2025, 250), row('UA', 2028, 180), row('UB', 2028, 230)];
  const model = (township: number): UncertaintyModel => ({
    baseYear: 2024,
    resident: { township, unit: 0, cell: 0, gross: 0, fixed: 0, pairs: 1e12 },
    registered: { township: 0, unit: 0, cell: 0, gross: 0, fixed: 0, pairs: 1 },
    birthsPerYear: 0,
    housingSd: 0,
    // two townships: the schools' pupils are independent
    units: { code: ['UA', 'UB'], township: ['T1', 'T2'], birthArea: ['UA', 'UB'], lastBirthYear: [2040, 2040] },
  });

  it('is certain without spread: one small school under a cap of one holds', () => {
    const r = planRobustness(plan, demand, model(0), { threshold: 200, cap: 1, years: [2025, 2028], draws: 200 });
    expect(r.years.map((y) => [y.smallSchoolsPoint, y.pCapHolds])).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });

  it('matches the analytic probability that not both schools fall under the threshold', () => {
    const sT = 0.01; // township shock variance per year; 2028 is four steps after 2024 for these ages at most
    const r = planRobustness(plan, demand, model(sT), { threshold: 200, cap: 1, years: [2025], draws: 20000, seed: 3 });
    // 2025 is one step ahead: variance 0.01 x^2 for each school (all ages go through one step)
    const pA = 1 - exceedance(190, sT * 190 * 190, 200);
    const pB = 1 - exceedance(250, sT * 250 * 250, 200);
    expect(r.years[0].pCapHolds).toBeCloseTo(1 - pA * pB, 1);
    expect(Math.abs(r.years[0].pCapHolds - (1 - pA * pB))).toBeLessThan(0.02);
    expect(r.years[0].smallSchoolsMean).toBeCloseTo(pA + pB, 1);
  });

  it('draws the years jointly: the cap holding in both years is read from the same draws', () => {
    // 2028 pupils of a school: 2025's plus three more independent township steps; with the cap 0 the cap holds when
    // no school is under 200. A (190 -> 180) is usually under, so both marginals and the joint are small; the joint
    // can never exceed either marginal, and with the shared 2025 shock it exceeds their product.
    const r = planRobustness(plan, demand, model(0.01), { threshold: 200, cap: 0, years: [2025, 2028], draws: 20000, seed: 5 });
    const [p25, p28] = r.years.map((y) => y.pCapHolds);
    expect(r.pCapHoldsEveryYear).toBeLessThanOrEqual(Math.min(p25, p28));
    expect(r.pCapHoldsEveryYear).toBeGreaterThan(p25 * p28);
    // certain: every year holds or none does
    const c = planRobustness(plan, demand, model(0), { threshold: 200, cap: 1, years: [2025, 2028], draws: 100 });
    expect(c.pCapHoldsEveryYear).toBe(1);
  });
  it('draws with the calibrated spread and centre (same as the intervals): factor 2 and a shift of -2 % a year', () => {
    const sT = 0.01;
    const m = model(sT);
    // one size class pattern for every figure: c80 = c95 = 2, median shifted by exp(-0.02 h)
    m.resident.calibration = {
      sizes: [1000],
      scale: [
        [
          [2, 2],
          [2, 2],
        ],
      ],
      n: 1,
      bias: -0.02,
    };
    const r = planRobustness(plan, demand, m, { threshold: 200, cap: 1, years: [2025], draws: 20000, seed: 3 });
    const shift = Math.exp(-0.02);
    const pA = 1 - exceedance(190 * shift, sT * 190 * 190, 200, [2, 2]);
    const pB = 1 - exceedance(250 * shift, sT * 250 * 250, 200, [2, 2]);
    // analytic: P(A < 200) = Phi((ln(200 / 190) + 0.02) / (2 s)) = 0.637, P(B < 200) = 0.159, s^2 = ln(1.01):
    // P(cap holds) = 1 - 0.637 x 0.159 = 0.899 (uncalibrated: 1 - 0.696 x 0.0126 = 0.991)
    expect(pA).toBeCloseTo(0.637, 2);
    expect(pB).toBeCloseTo(0.159, 2);
    expect(r.years[0].pCapHolds).toBeCloseTo(0.899, 1);
    expect(Math.abs(r.years[0].pCapHolds - (1 - pA * pB))).toBeLessThan(0.02);
    expect(r.years[0].smallSchoolsMean).toBeCloseTo(pA + pB, 1);
  });
});
