// Through the path aliases: also checks the public APIs (index.ts).
import { evaluateWarnings } from '@app/warnings-model';
import { buildSyntheticCity } from '@app/testing';

/**
 * The synthetic city is the bench's input (bench/warnings times matching and evaluation of 2,000 units x 700
 * catchments x 4 stages x 13 years). Here only its shape is checked, on a small city: no timed assertion, timing
 * belongs to the bench.
 */
describe('buildSyntheticCity', () => {
  it('is deterministic and has the requested shape', () => {
    const a = buildSyntheticCity({ units: 120, catchments: 40, years: 3, seed: 3 });
    const b = buildSyntheticCity({ units: 120, catchments: 40, years: 3, seed: 3 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.units).toHaveLength(120);
    expect(a.catchments).toHaveLength(40);
    expect(a.demand).toHaveLength(120 * 4 * 3);
    expect(a.years).toEqual([2025, 2026, 2027]);
    expect(a.districts[0]).toMatchObject({ code: 'GTXC', watched: true });
    expect(new Set(a.catchments.map((c) => c.stage))).toEqual(new Set(['kindergarten', 'primary', 'junior', 'senior']));
  });

  it('evaluates end to end', () => {
    const city = buildSyntheticCity({ units: 200, catchments: 60, years: 5, seed: 11 });
    const r = evaluateWarnings(city, { config: { district: { demandBasis: 'serving_schools' } } });
    expect(r.figures.rows.length).toBeGreaterThan(0);
    expect(r.candidates.length).toBeGreaterThan(0);
    expect(r.figures.districts[0].units.length).toBeGreaterThan(0);
  });
});
