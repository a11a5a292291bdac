import type { BirthRecord, PopulationCountRecord, PopulationUnitRecord } from '@app/domain';
import { prepare } from './prepare';
import { projectPrepared } from './project';
import { rollingBacktest } from './rolling';
import {
  demandForms,
  demandIntervals,
  drawFigures,
  exceedance,
  fitUncertainty,
  intervalOf,
  normalCdf,
  normalStream,
  rowIntervals,
  Z80,
  type UncertaintyModel,
} from './uncertainty';

/**
 * A city simulated from the error model itself: every year a township shock, a unit shock and cell noise
 * (var = cell x^2 + gross x) on each cohort's step, age 0 included (births allocation). Continuous counts.
 */
function simulate(opts: {
  townships: number;
  units: number;
  years: number;
  seed: number;
  noise: { township: number; unit: number; cell: number; gross: number };
  size?: number;
}) {
  const z = normalStream(opts.seed);
  const first = 2010;
  const units: Pick<PopulationUnitRecord, 'code' | 'townshipCode' | 'countyCode'>[] = [];
  const population: PopulationCountRecord[] = [];
  const births: BirthRecord[] = [];
  const { township: sT, unit: sU, cell, gross } = opts.noise;
  const ratio = new Map<string, number>();
  const size = opts.size ?? 40;
  for (let t = 0; t < opts.townships; t++)
    for (let u = 0; u < opts.units; u++) {
      const code = `T${t}U${u}`;
      units.push({ code, townshipCode: `T${t}`, countyCode: 'C' });
      ratio.set(code, 0.98 + (0.04 * ((u * 7 + t * 3) % 10)) / 10);
    }
  let state = new Map(units.map((u) => [u.code, Array.from({ length: 18 }, () => size)]));
  for (let y = 0; y < opts.years; y++) {
    const tau = Array.from({ length: opts.townships }, () => sT * z());
    const next = new Map<string, number[]>();
    for (const u of units) {
      const t = Number(u.townshipCode.slice(1));
      const prev = state.get(u.code)!;
      const r = ratio.get(u.code)!;
      const shock = 1 + tau[t] + sU * z();
      const cur = new Array<number>(18);
      const step = (x: number): number => Math.max(0, x * shock + Math.sqrt(cell * cell * x * x + gross * x) * z());
      cur[0] = y === 0 ? size : step(size);
      for (let a = 1; a < 18; a++) cur[a] = y === 0 ? prev[a] : step(r * prev[a - 1]);
      next.set(u.code, cur);
      population.push({ unitCode: u.code, year: first + y, population: 'resident', ages: cur });
      population.push({ unitCode: u.code, year: first + y, population: 'registered', ages: cur.map((x) => x / 2) });
      births.push({ areaCode: u.code, year: first + y, births: size, registeredBirths: size / 2 });
    }
    state = next;
  }
  for (let y = opts.years; y < opts.years + 10; y++)
    for (const u of units) births.push({ areaCode: u.code, year: first + y, births: size, registeredBirths: size / 2 });
  return { units, population, births, lastYear: first + opts.years - 1 };
}

describe('intervals: the distribution is known analytically', () => {
  it('a figure with point m and variance v gets the log-normal quantiles m exp(+-z s), s^2 = ln(1 + v / m^2)', () => {
    const i = intervalOf(100, 100);
    const s = Math.sqrt(Math.log(1.01));
    expect(i.lo80).toBeCloseTo(100 * Math.exp(-Z80 * s), 10);
    expect(i.hi80).toBeCloseTo(100 * Math.exp(Z80 * s), 10);
    expect(i.lo95).toBeCloseTo(100 * Math.exp(-1.959963984540054 * s), 10);
    expect(i.hi80).toBeCloseTo(113.6, 0);
    expect(i.hi95).toBeCloseTo(121.6, 0);
    expect(i.lo80).toBeCloseTo(88.0, 0);
    // P(X >= point) = 1/2; P(X >= hi80) = 10 %
    expect(exceedance(100, 100, 100)).toBeCloseTo(0.5, 6);
    expect(exceedance(100, 100, i.hi80)).toBeCloseTo(0.1, 6);
    expect(exceedance(100, 0, 100)).toBe(1);
    expect(exceedance(99, 0, 100)).toBe(0);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
  });

  it('one cohort k steps ahead has variance k (T + U) x^2 + k (cell x^2 + g x) plus the estimation error', () => {
    const model: UncertaintyModel = {
      baseYear: 2020,
      resident: { township: 0.0004, unit: 0.0009, cell: 0.0001, gross: 0.05, fixed: 0, pairs: 4 },
      registered: { township: 0, unit: 0, cell: 0, gross: 0, fixed: 0, pairs: 1 },
      birthsPerYear: 0,
      housingSd: 0,
      units: { code: ['U'], township: ['T'], birthArea: ['U'], lastBirthYear: [2040] },
    };
    // senior grade 12 only (age 17) with 100 pupils in 2023: k = 3 ageing steps
    const row = {
      unitCode: 'U',
      stage: 'senior' as const,
      year: 2023,
      resident: 100,
      registered: 0,
      residentByGrade: [0, 0, 100],
      registeredByGrade: [0, 0, 0],
      fromHousing: 0,
    };
    const [iv] = rowIntervals([row], model);
    const k = 3;
    const x = 100;
    const expected = (0.0004 + 0.0009) * (k * x * x + (k * x) ** 2 / 4) + (0.0001 * x * x + 0.05 * x) * (k + (k * k) / 4);
    expect(iv.resident.sd ** 2).toBeCloseTo(expected, 8);
    // the general path gives the same number
    const [agg] = demandIntervals([row], model, (u) => [{ key: u, weight: 1 }]);
    expect(agg.resident.sd).toBeCloseTo(iv.resident.sd, 10);
  });

  it('two units of one township: the township shock adds coherently, the unit shocks do not', () => {
    const model: UncertaintyModel = {
      baseYear: 2020,
      resident: { township: 0.01, unit: 0.01, cell: 0, gross: 0, fixed: 0, pairs: 1e12 },
      registered: { township: 0, unit: 0, cell: 0, gross: 0, fixed: 0, pairs: 1 },
      birthsPerYear: 0,
      housingSd: 0,
      units: { code: ['A', 'B'], township: ['T', 'T'], birthArea: ['A', 'B'], lastBirthYear: [2040, 2040] },
    };
    const row = (u: string) => ({
      unitCode: u,
      stage: 'senior' as const,
      year: 2021,
      resident: 50,
      registered: 0,
      residentByGrade: [0, 0, 50],
      registeredByGrade: [0, 0, 0],
      fromHousing: 0,
    });
    const [sum] = demandIntervals([row('A'), row('B')], model, () => [{ key: 'T', weight: 1 }]);
    // (50 + 50)^2 x 0.01 (township) + 2 x 50^2 x 0.01 (units) = 100 + 50
    expect(sum.resident.sd ** 2).toBeCloseTo(150, 6);
    // joint draws reproduce the variance and the correlation of the two units (township share 0.5)
    const forms = demandForms([row('A'), row('B')], model, (u) => [{ key: u, weight: 1 }]);
    const [fa, fb] = [...forms.values()].map((f) => f.resident);
    const n = 20000;
    const d = drawFigures([fa, fb], model, n, 7);
    let ma = 0;
    let mb = 0;
    for (let s = 0; s < n; s++) {
      ma += Math.log(d[2 * s] / 50);
      mb += Math.log(d[2 * s + 1] / 50);
    }
    ma /= n;
    mb /= n;
    let va = 0;
    let cab = 0;
    for (let s = 0; s < n; s++) {
      const a = Math.log(d[2 * s] / 50) - ma;
      const b = Math.log(d[2 * s + 1] / 50) - mb;
      va += a * a;
      cab += a * b;
    }
    expect(Math.abs(ma)).toBeLessThan(0.01);
    expect(va / n).toBeCloseTo(Math.log(1 + 50 / 2500), 3);
    expect(cab / va).toBeCloseTo(0.5, 1);
  });
});

describe('fitting and calibration on a city simulated from the model', () => {
  const noise = { township: 0.015, unit: 0.025, cell: 0.02, gross: 0.06 };
  const city = simulate({ townships: 12, units: 15, years: 10, seed: 11, noise });

  it('recovers the shock sizes from eight years of history', () => {
    const p = prepare({ units: city.units, population: city.population, births: city.births });
    expect(p.errors).toEqual([]);
    const m = fitUncertainty(p);
    expect(Math.sqrt(m.resident.township)).toBeGreaterThan(0.01);
    expect(Math.sqrt(m.resident.township)).toBeLessThan(0.02);
    expect(Math.sqrt(m.resident.unit)).toBeGreaterThan(0.018);
    expect(Math.sqrt(m.resident.unit)).toBeLessThan(0.032);
    expect(m.resident.gross + m.resident.cell * 40).toBeGreaterThan(0.04);
    expect(m.resident.gross + m.resident.cell * 40).toBeLessThan(0.1);
    expect(m.resident.pairs).toBe(9);
  });

  it('covers held-out years at about the nominal rate (rolling origins, horizons 1-3)', () => {
    const bt = rollingBacktest({ units: city.units, population: city.population, births: city.births }, {}, { maxHorizon: 3, minPairs: 3 });
    expect(bt.origins.length).toBeGreaterThanOrEqual(4);
    for (let h = 0; h < bt.horizons.length; h++) {
      expect(bt.coverage80[h]).toBeGreaterThan(0.72);
      expect(bt.coverage80[h]).toBeLessThan(0.88);
      expect(bt.coverage95[h]).toBeGreaterThan(0.9);
    }
  });

  it('projection rows and intervals line up (base year exact, later years widening)', () => {
    const p = prepare({ units: city.units, population: city.population, births: city.births }, { horizon: 5 });
    const proj = projectPrepared(p);
    const m = fitUncertainty(p);
    const iv = rowIntervals(proj.rows, m);
    const of = (y: number) => iv.find((r) => r.key === 'T0U0' && r.stage === 'primary' && r.year === y)!.resident;
    expect(of(city.lastYear).hi95).toBe(of(city.lastYear).value);
    expect(of(city.lastYear + 1).hi80 - of(city.lastYear + 1).lo80).toBeGreaterThan(0);
    expect(of(city.lastYear + 5).hi80 - of(city.lastYear + 5).lo80).toBeGreaterThan(
      of(city.lastYear + 1).hi80 - of(city.lastYear + 1).lo80,
    );
  });
});
