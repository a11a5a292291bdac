import { mulberry32 } from './random';

describe('mulberry32', () => {
  it('gives the same stream for a seed, in [0, 1)', () => {
    const a = mulberry32(7);
    expect(a()).toBeCloseTo(0.011704753153026104, 15);
    expect(a()).toBeCloseTo(0.06195825757458806, 15);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const first = Array.from({ length: 1000 }, () => b());
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(first[0]).toBeCloseTo(0.011704753153026104, 15);
    expect(c()).not.toBeCloseTo(first[0], 6);
  });
});
