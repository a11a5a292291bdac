import {
  calibratedInterval,
  calibrateWithDrift,
  driftOf,
  normalCdf,
  normalStream,
  scaleOf,
  shiftOf,
  Z80,
  type BacktestError,
} from './uncertainty';

/**
 * A toy back-test whose error distribution is known: ln(actual / point) = bias h + N(0, s^2 + a h + b h^2) for
 * county ("top") figures and N(0, s^2) around bias h for the others. The calibration must find bias, a and b, leave
 * the lower levels' factors at 1, and its intervals must cover 80 % of fresh draws at every horizon and level.
 */
describe('calibration with a centre shift and a common-level drift (analytic toy case)', () => {
  const bias = -0.003;
  const a = 2e-5;
  const b = 1.5e-5;
  const draw = (seed: number, n: number): BacktestError[] => {
    const z = normalStream(seed);
    const out: BacktestError[] = [];
    for (let h = 1; h <= 5; h++)
      for (let i = 0; i < n; i++) {
        // lower levels: a township-sized figure (s = 0.05) and a unit-sized one (s = 0.2)
        for (const [m, s] of [
          [50, 0.2],
          [1500, 0.05],
        ] as const)
          out.push({ h, m, s, e: bias * h + s * z(), top: false });
        // county: s = 0.004 from the model, the drift on top
        const s = 0.004;
        out.push({ h, m: 20000, s, e: bias * h + Math.sqrt(s * s + a * h + b * h * h) * z(), top: true });
      }
    return out;
  };

  it('recovers the shift and the drift, and covers 80 % at every horizon and level', () => {
    const c = calibrateWithDrift(draw(7, 4000));
    expect(c.bias).toBeCloseTo(bias, 4);
    // drift(h) = a h + b h^2: 3.5e-5 at h = 1 (within 25 %: small next to s^2 there), 4.75e-4 at h = 5 (10 %)
    expect(driftOf(c, 1) / (a + b)).toBeGreaterThan(0.75);
    expect(driftOf(c, 1) / (a + b)).toBeLessThan(1.25);
    expect(driftOf(c, 5) / (5 * a + 25 * b)).toBeGreaterThan(0.9);
    expect(driftOf(c, 5) / (5 * a + 25 * b)).toBeLessThan(1.1);
    expect(shiftOf(c, 4)).toBeCloseTo(4 * bias, 3);
    // lower levels: normal errors around the shift, factors 1 within sampling error
    const [c80] = scaleOf(c, 3, 50);
    expect(c80).toBeGreaterThan(0.95);
    expect(c80).toBeLessThan(1.05);
    // a county figure's calibrated 80 % spread factor is sqrt(1 + drift(3) / s^2) = sqrt(1 + 1.95e-4 / 1.6e-5) = 3.63
    expect(scaleOf(c, 3, 20000, 0.004 ** 2)[0] / Math.sqrt(1 + (3 * a + 9 * b) / 0.004 ** 2)).toBeCloseTo(1, 1);
    // Fresh draws (another seed): coverage of the 80 % intervals per horizon and figure within 3 points (3 sd of 2,000 draws) of the exact
    // value: 80 % for the county figures; for the lower ones, whose toy errors carry no drift, the drift added to
    // their spread widens them to 2 Phi(z80 sqrt(1 + drift(h) / s^2)) - 1 (what a back-test shows as townships
    // slightly over-covered).
    const fresh = draw(99, 2000);
    for (let h = 1; h <= 5; h++)
      for (const [top, m] of [
        [false, 50],
        [false, 1500],
        [true, 20000],
      ] as const) {
        const figs = fresh.filter((x) => x.h === h && x.top === top && x.m === m);
        const s = figs[0].s;
        const exact = top ? 0.8 : 2 * normalCdf(Z80 * Math.sqrt(1 + driftOf(c, h) / (s * s))) - 1;
        const inside = figs.filter((x) => {
          // a figure with point m and model ln-sd s: variance m^2 (exp(s^2) - 1)
          const iv = calibratedInterval(x.m, x.m * x.m * (Math.exp(x.s * x.s) - 1), c, x.h);
          const actual = x.m * Math.exp(x.e);
          return actual >= iv.lo80 && actual <= iv.hi80;
        }).length;
        expect(Math.abs(inside / figs.length - exact)).toBeLessThan(0.03);
      }
    expect(Z80).toBeCloseTo(1.2816, 4);
  });

  it('without top-level figures there is no drift and no shift', () => {
    const c = calibrateWithDrift(draw(3, 500).filter((x) => !x.top));
    expect(c.drift).toEqual([0, 0]);
    expect(c.bias).toBe(0);
    expect(scaleOf(c, 2, 20000, 1e-6)).toEqual(scaleOf(c, 2, 20000));
  });
  it('with ownFactors the top level narrows to its own spread (registered): county errors at half the model spread', () => {
    // county figures' errors N(0, (0.5 s)^2): a drift cannot narrow them, their own factors do (c80 near 0.5)
    const z = normalStream(11);
    const errs: BacktestError[] = [];
    for (let h = 1; h <= 5; h++)
      for (let i = 0; i < 400; i++) {
        errs.push({ h, m: 50, s: 0.2, e: 0.2 * z(), top: false });
        errs.push({ h, m: 20000, s: 0.004, e: 0.002 * z(), top: true });
      }
    const narrowed = calibrateWithDrift(errs, 40, { ownFactors: true });
    expect(narrowed.drift).toEqual([0, 0]);
    const [c80, c95] = scaleOf(narrowed, 3, 20000, 0.004 ** 2);
    expect(c80).toBeGreaterThan(0.45);
    expect(c80).toBeLessThan(0.55);
    expect(c95).toBeGreaterThan(0.45);
    expect(c95).toBeLessThan(0.55);
    // the small figures keep factors near 1
    expect(scaleOf(narrowed, 3, 50)[0]).toBeGreaterThan(0.9);
    expect(scaleOf(narrowed, 3, 50)[0]).toBeLessThan(1.1);
    // without the option the county figures take the lower levels' factors (about 1), the drift staying 0
    const plain = calibrateWithDrift(errs);
    expect(plain.drift).toEqual([0, 0]);
    expect(scaleOf(plain, 3, 20000, 0.004 ** 2)[0]).toBeGreaterThan(0.9);
  });
});
