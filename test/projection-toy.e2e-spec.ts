import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_LIMITS, readImportFiles } from '@app/datasets-model';
import { backtest, projectCohorts, type ProjectionInput } from '@app/projection-model';

const TOY = resolve(__dirname, '../geo/demo/toy');

/** The toy region is built with cohort-change ratios of exactly 1.2 (township 001) and 0.8 (township 101). */
describe('projection on the toy region (known truth)', () => {
  let input: ProjectionInput;

  beforeAll(async () => {
    const r = await readImportFiles(
      readdirSync(TOY).map((name) => ({ name, bytes: readFileSync(join(TOY, name)) })),
      { limits: DEFAULT_LIMITS, previousRegion: null },
    );
    expect(r.problems).toEqual([]);
    input = { units: r.records.units!, population: r.records.population!, births: r.records.births!, housing: r.records.housing! };
  });

  it('back-tests with zero error when the ratios are taken unshrunk from the history', () => {
    const bt = backtest(input, 1, { credibilityK: 0, townshipCredibilityK: 0 });
    for (const stage of ['kindergarten', 'primary', 'junior', 'senior'] as const) {
      expect(bt.resident.byStage[stage].unit.mape).toBeCloseTo(0, 9);
      expect(bt.resident.byStage[stage].county.mape).toBeCloseTo(0, 9);
    }
  });

  it('with the default shrinkage the error stays small and falls with aggregation', () => {
    const bt = backtest(input, 1);
    const p = bt.resident.byStage.primary;
    // Shrinking each village toward the county ratio (a mix of 1.2 and 0.8) costs about 1.3 % per unit here.
    expect(p.unit.mape).toBeGreaterThan(0);
    expect(p.unit.mape).toBeLessThan(2);
    expect(p.county.mape).toBeLessThan(p.unit.mape);
  });

  it('base-year primary demand is the sum of ages 6-11', () => {
    const p = projectCohorts(input);
    const demand = p.rows.filter((x) => x.year === p.baseYear && x.stage === 'primary').reduce((a, b) => a + b.resident, 0);
    const ages = input.population
      .filter((x) => x.year === p.baseYear && x.population === 'resident')
      .reduce((a, b) => a + b.ages.slice(6, 12).reduce((s, v) => s + v, 0), 0);
    expect(demand).toBeCloseTo(ages, 9);
    expect(ages).toBe(1560);
  });
});
