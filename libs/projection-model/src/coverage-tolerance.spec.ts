import { coverageDesignEffect, coverageTolerance, type HorizonStat } from './rolling';

/** A back-test cell with the given figures and 80 % hits per origin (the other statistics do not matter here). */
function cell(origins: [n: number, in80: number][]): HorizonStat {
  const n = origins.reduce((x, [m]) => x + m, 0);
  const hits = origins.reduce((x, [, h]) => x + h, 0);
  return {
    n,
    mape: 0,
    mpe: 0,
    coverage80: hits / n,
    coverage95: 1,
    rawCoverage80: 0,
    rawCoverage95: 0,
    byOrigin: origins.map(([m, h], i) => ({ origin: 2018 + i, n: m, in80: h, in95: m })),
  };
}

describe('what the back-test can assess: coverage tolerance of a cell of n figures', () => {
  it('is 5 points, or the 95 % binomial band 1.96 sqrt(p (1 - p) deff / n) when that is wider', () => {
    expect(coverageTolerance(0.8, 10000)).toBe(0.05);
    // 48 independent figures: 1.96 sqrt(0.16 / 48) = 0.11316
    expect(coverageTolerance(0.8, 48)).toBeCloseTo(0.113161, 6);
    // the same 48 figures with a design effect of 3 count as 16: 1.96 sqrt(0.48 / 48) = 0.196
    expect(coverageTolerance(0.8, 48, 3)).toBeCloseTo(0.196, 10);
    expect(coverageTolerance(0.95, 73)).toBeCloseTo(0.05, 3);
    expect(coverageTolerance(0.8, 0)).toBe(Infinity);
  });

  it('takes the design effect from the spread of coverage between origins', () => {
    // Two origins of 100 figures at 70 % and 90 %: p = 0.8, between-origin squares 0.01 + 0.01 = 0.02 against the
    // binomial (2 - 1) x 0.16 / 100 = 0.0016: 12.5.
    expect(
      coverageDesignEffect(
        [
          cell([
            [100, 70],
            [100, 90],
          ]),
        ],
        'in80',
      ),
    ).toBeCloseTo(12.5, 10);
    // A second cell whose origins agree halves it (0.02 / 0.0032); a cell of one origin adds nothing.
    const cells = [
      cell([
        [100, 70],
        [100, 90],
      ]),
      cell([
        [100, 80],
        [100, 80],
      ]),
      cell([[50, 49]]),
    ];
    expect(coverageDesignEffect(cells, 'in80')).toBeCloseTo(6.25, 10);
    // Origins closer than binomial noise: never below 1 (no more information than independent figures).
    expect(
      coverageDesignEffect(
        [
          cell([
            [100, 80],
            [100, 80],
          ]),
        ],
        'in80',
      ),
    ).toBe(1);
    expect(coverageDesignEffect([cell([[100, 80]])], 'in80')).toBe(1);
  });
});
