/**
 * The toy region, computed by hand. Every expected number below was worked out on paper from the formulas in
 * the README; the arithmetic is in the comments next to it.
 *
 * County 330801 with two townships and four units:
 *   T1 = 330801001: U1 = ...001001 (big), U2 = ...001002 (small)
 *   T2 = 330801002: U3 = ...002001, U4 = ...002002 (counts for the base year only)
 * Counts are "stationary": every year, ages 0-5 hold x children each and ages 6-17 hold y each:
 *   U1 x = 40, y = 44;  U2 x = 10, y = 6;  U3 x = 30, y = 27;  U4 x = 10, y = 12 (2023 only).
 * U1-U3 have 2021, 2022, 2023 (base year 2023); registered counts equal resident counts.
 *
 * Cohort-change ratios. Two year pairs (2021->22, 2022->23). For every age except 6 a cohort keeps its size
 * (x -> x, y -> y), so the pooled raw ratio is 1 at unit, township and county level, and shrinking 1 toward 1
 * stays 1. Age 6 (from age 5): n_u = 2x, m_u = 2y:
 *   U1 n = 80, m = 88;  U2 n = 20, m = 12;  U3 n = 60, m = 54;  U4 n = 0 (one year only).
 *   County:  N = 80 + 20 + 60 = 160, M = 88 + 12 + 54 = 154, R_c = 154 / 160 = 0.9625
 *   T1: N = 100, M = 100: R = (100 + 20 * 0.9625) / (100 + 20) = 119.25 / 120 = 0.99375
 *   T2: N = 60,  M = 54:  R = (54 + 19.25) / (60 + 20) = 73.25 / 80 = 0.915625
 *   U1: (88 + 20 * 0.99375) / (80 + 20) = (88 + 19.875) / 100 = 1.07875    (raw 1.1, weight 80/100)
 *   U2: (12 + 19.875) / (20 + 20) = 31.875 / 40 = 0.796875               (raw 0.6, weight 20/40)
 *   U3: (54 + 20 * 0.915625) / (60 + 20) = (54 + 18.3125) / 80 = 0.90390625 (raw 0.9, weight 60/80)
 *   U4: n = 0, so the township ratio 0.915625
 *
 * Births. T1's series 2021..2023 = 100, 90, 80; T2's 2022, 2023 = 40, 40 with registered births 36, 36.
 * Shares from ages 0-2 in 2023: T1: U1 3*40 = 120, U2 3*10 = 30 -> 0.8 / 0.2; T2: U3 90, U4 30 -> 0.75 / 0.25.
 *
 * Housing: project HP1 in U3, 100 households completed in 2025, yields kindergarten 0.3, primary 0.6,
 * junior 0.3, senior 0.3 -> 0.1 children per household at every age 0..17 -> 10 children per age in 2025.
 */
import type { BirthRecord, DemandRow, PopulationCountRecord } from '@app/domain';
import {
  aggregateDemand,
  backtest,
  byCatchment,
  byCounty,
  byTownship,
  estimateCohortRatios,
  projectCohorts,
  ProjectionInputError,
  type ProjectionInput,
} from '@app/projection-model';

const C = '330801';
const T1 = '330801001';
const T2 = '330801002';
const U1 = '330801001001';
const U2 = '330801001002';
const U3 = '330801002001';
const U4 = '330801002002';

const stationary = (x: number, y: number): number[] => Array.from({ length: 18 }, (_, a) => (a <= 5 ? x : y));

function toyInput(): ProjectionInput {
  const population: PopulationCountRecord[] = [];
  const add = (unitCode: string, years: number[], x: number, y: number): void => {
    for (const year of years)
      for (const kind of ['resident', 'registered'] as const) population.push({ unitCode, year, population: kind, ages: stationary(x, y) });
  };
  add(U1, [2021, 2022, 2023], 40, 44);
  add(U2, [2021, 2022, 2023], 10, 6);
  add(U3, [2021, 2022, 2023], 30, 27);
  add(U4, [2023], 10, 12);
  const births: BirthRecord[] = [
    { areaCode: T1, year: 2021, births: 100, registeredBirths: null },
    { areaCode: T1, year: 2022, births: 90, registeredBirths: null },
    { areaCode: T1, year: 2023, births: 80, registeredBirths: null },
    { areaCode: T2, year: 2022, births: 40, registeredBirths: 36 },
    { areaCode: T2, year: 2023, births: 40, registeredBirths: 36 },
  ];
  return {
    units: [
      { code: U1, townshipCode: T1, countyCode: C },
      { code: U2, townshipCode: T1, countyCode: C },
      { code: U3, townshipCode: T2, countyCode: C },
      { code: U4, townshipCode: T2, countyCode: C },
    ],
    population,
    births,
    housing: [
      {
        code: 'HP1',
        townshipCode: T2,
        unitCode: U3,
        households: 100,
        phasing: { '2025': 100 },
        yields: { kindergarten: 0.3, primary: 0.6, junior: 0.3, senior: 0.3 },
      },
    ],
  };
}

const row = (rows: DemandRow[], unit: string, stage: DemandRow['stage'], year: number): DemandRow => {
  const r = rows.find((x) => x.unitCode === unit && x.stage === stage && x.year === year);
  if (!r) throw new Error(`no row ${unit} ${stage} ${year}`);
  return r;
};

describe('toy region (hand-computed)', () => {
  it('estimates and shrinks the cohort-change ratios', () => {
    const r = estimateCohortRatios(toyInput()).resident;
    expect(r.county[C][6]).toBeCloseTo(0.9625, 12);
    expect(r.township[T1][6]).toBeCloseTo(0.99375, 12);
    expect(r.township[T2][6]).toBeCloseTo(0.915625, 12);
    expect(r.unit[U1][6]).toBeCloseTo(1.07875, 12);
    expect(r.unit[U2][6]).toBeCloseTo(0.796875, 12);
    expect(r.unit[U3][6]).toBeCloseTo(0.90390625, 12);
    expect(r.unit[U4][6]).toBeCloseTo(0.915625, 12);
    // Weights n / (n + K): 80/100, 20/40, 60/80, 0.
    expect(r.unitWeight[U1][6]).toBeCloseTo(0.8, 12);
    expect(r.unitWeight[U2][6]).toBeCloseTo(0.5, 12);
    expect(r.unitWeight[U3][6]).toBeCloseTo(0.75, 12);
    expect(r.unitWeight[U4][6]).toBe(0);
    for (const u of [U1, U2, U3, U4]) for (const a of [1, 2, 5, 7, 11, 17]) expect(r.unit[u][a]).toBeCloseTo(1, 12);
  });

  it('projects the 2024 age profile of U2 (constant births)', () => {
    const res = projectCohorts(toyInput(), { birthExtension: 'constant' });
    expect(res.baseYear).toBe(2023);
    expect(res.years).toEqual([2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034, 2035]);
    // Age 0 = T1's last births 80 x share 0.2 = 16; ages 1-5 = 10 x 1; age 6 = 0.796875 x 10 = 7.96875;
    // ages 7-17 = 6 x 1.
    const expected = [16, 10, 10, 10, 10, 10, 7.96875, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6];
    res.populationOf(U2, 'resident', 2024).forEach((v, a) => expect(v).toBeCloseTo(expected[a], 12));
  });

  it('turns ages into demand by stage and grade', () => {
    const { rows } = projectCohorts(toyInput(), { birthExtension: 'constant' });
    // Base year 2023, U2: primary 6 x 6 = 36; kindergarten 0.9 x 3 x 10 = 27; senior 0.6 x 3 x 6 = 10.8.
    expect(row(rows, U2, 'primary', 2023).resident).toBeCloseTo(36, 12);
    expect(row(rows, U2, 'kindergarten', 2023).resident).toBeCloseTo(27, 12);
    // 2024, U2: primary grades [7.96875, 6, 6, 6, 6, 6] = 37.96875; junior 3 x 6 = 18;
    // senior grades 0.6 x 6 = 3.6 each = 10.8; kindergarten 0.9 x 10 = 9 each = 27.
    const p = row(rows, U2, 'primary', 2024);
    [7.96875, 6, 6, 6, 6, 6].forEach((v, k) => expect(p.residentByGrade[k]).toBeCloseTo(v, 12));
    expect(p.resident).toBeCloseTo(37.96875, 12);
    expect(row(rows, U2, 'junior', 2024).resident).toBeCloseTo(18, 12);
    row(rows, U2, 'senior', 2024).residentByGrade.forEach((v) => expect(v).toBeCloseTo(3.6, 12));
    row(rows, U2, 'kindergarten', 2024).residentByGrade.forEach((v) => expect(v).toBeCloseTo(9, 12));
    // 2024 primary, others: U1 1.07875 x 40 + 5 x 44 = 43.15 + 220 = 263.15;
    // U3 0.90390625 x 30 + 5 x 27 = 27.1171875 + 135 = 162.1171875; U4 0.915625 x 10 + 5 x 12 = 69.15625.
    expect(row(rows, U1, 'primary', 2024).resident).toBeCloseTo(263.15, 12);
    expect(row(rows, U3, 'primary', 2024).resident).toBeCloseTo(162.1171875, 12);
    expect(row(rows, U4, 'primary', 2024).resident).toBeCloseTo(69.15625, 12);
    // 2025, U1: ages 6 and 7 both 1.07875 x 40 = 43.15 (age 7 ages on with ratio 1); ages 8-11 4 x 44 = 176:
    // 86.3 + 176 = 262.3.
    expect(row(rows, U1, 'primary', 2025).resident).toBeCloseTo(262.3, 12);
    // Registered counts equal resident counts and no housing reaches them in 2024: same figures.
    expect(row(rows, U1, 'primary', 2024).registered).toBeCloseTo(263.15, 12);
  });

  it('extends births: medium variant, trend with and without its bound, registered series', () => {
    // medium: 80 x 0.98 = 78.4 in 2024 -> U1 0.8 x 78.4 = 62.72; 2025 80 x 0.98^2 = 76.832 -> 61.4656.
    const med = projectCohorts(toyInput());
    expect(med.populationOf(U1, 'resident', 2024)[0]).toBeCloseTo(62.72, 12);
    expect(med.populationOf(U1, 'resident', 2025)[0]).toBeCloseTo(61.4656, 12);
    // Kindergarten U1 2027 = 0.9 x (age 3 <- 2024 births 62.72, age 4 <- age 0 of 2023 = 40, age 5 <- 40)
    // = 0.9 x 142.72 = 128.448.
    expect(row(med.rows, U1, 'kindergarten', 2027).resident).toBeCloseTo(128.448, 12);
    // trend: ln-slope of 100, 90, 80 over 2021-2023 = (ln 80 - ln 100) / 2, g = sqrt(0.8) - 1 = -10.56 %,
    // clipped to the default -10 %: 2024 = 72, U1 = 0.8 x 72 = 57.6; 2025 = 64.8, U1 = 51.84.
    const trend = projectCohorts(toyInput(), { birthExtension: 'trend' });
    expect(trend.populationOf(U1, 'resident', 2024)[0]).toBeCloseTo(57.6, 12);
    expect(trend.populationOf(U1, 'resident', 2025)[0]).toBeCloseTo(51.84, 12);
    // Without the bound: 80 x sqrt(0.8) = 71.5541753..., U1 = 0.8 x that = 57.2433402...
    const free = projectCohorts(toyInput(), { birthExtension: 'trend', trendRateMin: -0.5 });
    expect(free.populationOf(U1, 'resident', 2024)[0]).toBeCloseTo(0.8 * 80 * Math.sqrt(0.8), 10);
    // T2 (40, 40) has slope 0 under 'trend': U3 = 0.75 x 40 = 30. Registered: T2's registered series 36 split
    // by registered ages 0-2 (equal to resident): U3 0.75 x 36 = 27, U4 0.25 x 36 = 9.
    expect(trend.populationOf(U3, 'resident', 2024)[0]).toBeCloseTo(30, 12);
    expect(trend.populationOf(U3, 'registered', 2024)[0]).toBeCloseTo(27, 12);
    expect(trend.populationOf(U4, 'registered', 2024)[0]).toBeCloseTo(9, 12);
    // T1 has no registered series: resident births x rho, rho = 1 because registered = resident: U1 57.6.
    expect(trend.populationOf(U1, 'registered', 2024)[0]).toBeCloseTo(57.6, 12);
    // Birth multiplier 1.5 on T1 (extended years only): U1 2024 = 1.5 x 57.6 = 86.4.
    const more = projectCohorts(toyInput(), { birthExtension: 'trend', birthMultiplier: { township: { [T1]: 1.5 } } });
    expect(more.populationOf(U1, 'resident', 2024)[0]).toBeCloseTo(86.4, 12);
  });

  it('adds the housing project from its completion year and ages it', () => {
    const { rows } = projectCohorts(toyInput(), { birthExtension: 'constant' });
    // 2025, U3 primary without housing: age 6 = 0.90390625 x 30 = 27.1171875, age 7 = same (aged from 2024's
    // age 6 with ratio 1), ages 8-11 = 4 x 27 = 108: 162.234375. Housing: 10 per age x 6 ages = 60.
    const r25 = row(rows, U3, 'primary', 2025);
    expect(r25.fromHousing).toBeCloseTo(60, 12);
    expect(r25.resident).toBeCloseTo(222.234375, 12);
    expect(r25.registered).toBeCloseTo(162.234375, 12); // housingRegisteredShare 0
    // 2026: the housing cohort ages: age 6 <- age 5 (10) x 0.90390625 = 9.0390625; ages 7-11 5 x 10 = 50.
    expect(row(rows, U3, 'primary', 2026).fromHousing).toBeCloseTo(59.0390625, 12);
    // Kindergarten 2025: 0.9 x 3 x 10 = 27 from housing; 2024: nothing yet.
    expect(row(rows, U3, 'kindergarten', 2025).fromHousing).toBeCloseTo(27, 12);
    expect(row(rows, U3, 'kindergarten', 2024).fromHousing).toBe(0);
    // Half registered: 2025 registered primary = 162.234375 + 0.5 x 60 = 192.234375.
    const half = projectCohorts(toyInput(), { birthExtension: 'constant', housingRegisteredShare: 0.5 });
    expect(row(half.rows, U3, 'primary', 2025).registered).toBeCloseTo(192.234375, 12);
  });

  it('applies the migration multiplier to CCR - 1 and clips', () => {
    // m = 0 for U1: 1 + 0 x 0.07875 = 1 -> age 6 in 2024 = 40.
    const zero = projectCohorts(toyInput(), { migrationMultiplier: { unit: { [U1]: 0 } } });
    expect(zero.populationOf(U1, 'resident', 2024)[6]).toBeCloseTo(40, 12);
    // m = 2 county-wide: U1 1 + 2 x 0.07875 = 1.1575 -> 46.3; U2 1 + 2 x (-0.203125) = 0.59375 -> 5.9375.
    const two = projectCohorts(toyInput(), { migrationMultiplier: { county: { [C]: 2 } } });
    expect(two.populationOf(U1, 'resident', 2024)[6]).toBeCloseTo(46.3, 12);
    expect(two.populationOf(U2, 'resident', 2024)[6]).toBeCloseTo(5.9375, 12);
    // m = 5 for U2: 1 - 5 x 0.203125 = -0.015625, clipped to 0.5 -> 5; the township setting is overridden.
    const five = projectCohorts(toyInput(), { migrationMultiplier: { township: { [T1]: 0 }, unit: { [U2]: 5 } } });
    expect(five.populationOf(U2, 'resident', 2024)[6]).toBeCloseTo(5, 12);
    expect(five.populationOf(U1, 'resident', 2024)[6]).toBeCloseTo(40, 12);
  });

  it('aggregates to township, county and catchments (with a split unit)', () => {
    const input = toyInput();
    const { rows } = projectCohorts(input, { birthExtension: 'constant' });
    const pick = (agg: ReturnType<typeof aggregateDemand>, key: string) =>
      agg.find((r) => r.key === key && r.stage === 'primary' && r.year === 2024)!;
    // T1 = 263.15 + 37.96875 = 301.11875; county = 301.11875 + 162.1171875 + 69.15625 = 532.3921875.
    expect(pick(aggregateDemand(rows, byTownship(input.units)), T1).resident).toBeCloseTo(301.11875, 10);
    expect(pick(aggregateDemand(rows, byCounty(input.units)), C).resident).toBeCloseTo(532.3921875, 10);
    // Catchment A = U1, U2; B = U2, U3: U2 split 0.5 / 0.5.
    // A = 263.15 + 18.984375 = 282.134375; B = 18.984375 + 162.1171875 = 181.1015625.
    const cat = aggregateDemand(
      rows,
      byCatchment([
        { code: 'A', stage: 'primary', unitCodes: [U1, U2] },
        { code: 'B', stage: 'primary', unitCodes: [U2, U3] },
      ]),
    );
    expect(pick(cat, 'A').resident).toBeCloseTo(282.134375, 10);
    expect(pick(cat, 'B').resident).toBeCloseTo(181.1015625, 10);
    // Catchments of another stage do not pick up primary rows.
    expect(cat.some((r) => r.stage !== 'primary')).toBe(false);
  });

  it('warns about the unit without history and refuses a back-test that leaves it without a base year', () => {
    const res = projectCohorts(toyInput());
    expect(res.warnings.some((w) => w.code === 'NO_HISTORY' && w.unitCode === U4)).toBe(true);
    expect(() => backtest(toyInput(), 1)).toThrow(ProjectionInputError);
    expect(() => backtest(toyInput(), 1)).toThrow(new RegExp(`unit ${U4}: no resident age counts for the base year 2022`));
  });
});
