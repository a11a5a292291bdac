import fc from 'fast-check';
import type { BirthRecord, HousingProjectRecord, PopulationCountRecord } from '@app/domain';
import {
  backtest,
  estimateCohortRatios,
  projectCohorts,
  type BirthExtension,
  type ProjectionHousing,
  type ProjectionInput,
  type ProjectionUnit,
} from '@app/projection-model';
import { makeSyntheticCity } from '@app/testing';

const BASE = 2023;

interface HousingGen {
  unit: number;
  households: number;
  year: number;
  y: number[];
  withUnit: boolean;
}
const arbHousing: fc.Arbitrary<HousingGen> = fc.record({
  unit: fc.nat(),
  households: fc.integer({ min: 0, max: 2000 }),
  year: fc.integer({ min: BASE - 1, max: BASE + 14 }),
  y: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }),
  withUnit: fc.boolean(),
});

/** A random region: 1-2 counties, 1-2 townships each, 1-3 units each, 2-4 years of counts, township births. */
const arbRegion = (opts: { maxCount?: number; housing?: boolean } = {}): fc.Arbitrary<ProjectionInput> =>
  fc
    .record({
      shape: fc.array(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 }),
      years: fc.integer({ min: 2, max: 4 }),
      seed: fc.integer(),
      counts: fc.array(fc.integer({ min: 0, max: opts.maxCount ?? 60 }), { minLength: 18 * 4 * 2 * 12, maxLength: 18 * 4 * 2 * 12 }),
      births: fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 4 * 4, maxLength: 4 * 4 }),
      withRegisteredBirths: fc.boolean(),
      housing: opts.housing ? fc.array(arbHousing, { maxLength: 3 }) : fc.constant<HousingGen[]>([]),
    })
    .map(({ shape, years, counts, births, withRegisteredBirths, housing }) => {
      const units: ProjectionUnit[] = [];
      const townships: string[] = [];
      shape.forEach((county, c) =>
        county.forEach((nUnits, t) => {
          const tc = `3308${c}${t}001`;
          townships.push(tc);
          for (let u = 0; u < nUnits; u++) units.push({ code: `${tc}00${u}`, townshipCode: tc, countyCode: `3308${c}${t}` });
        }),
      );
      // Counties are 3308{c}{t}: make each county own its townships (one county per township pair index c).
      units.forEach((u) => (u.countyCode = `3308${u.townshipCode[4]}0`));
      let k = 0;
      const population: PopulationCountRecord[] = [];
      units.forEach((u) => {
        for (let y = 0; y < years; y++)
          for (const kind of ['resident', 'registered'] as const) {
            const ages = Array.from({ length: 18 }, () => counts[k++ % counts.length]);
            population.push({ unitCode: u.code, year: BASE - years + 1 + y, population: kind, ages });
          }
      });
      const birthRecs: BirthRecord[] = [];
      let b = 0;
      townships.forEach((t) => {
        for (let y = BASE - 3; y <= BASE; y++) {
          const births = births_(b++);
          birthRecs.push({ areaCode: t, year: y, births, registeredBirths: withRegisteredBirths ? Math.round(births * 0.9) : null });
        }
      });
      function births_(i: number): number {
        return births[i % births.length];
      }
      const housingRecs: ProjectionHousing[] = housing.map((h, i) => {
        const unit = units[h.unit % units.length];
        return {
          code: `H${i}`,
          townshipCode: unit.townshipCode,
          unitCode: h.withUnit ? unit.code : null,
          households: h.households,
          phasing: { [String(h.year)]: h.households },
          yields: { kindergarten: h.y[0], primary: h.y[1], junior: h.y[2], senior: h.y[3] },
        };
      });
      return { units, population, births: birthRecs, housing: housingRecs };
    });

const arbExtension = fc.constantFrom<BirthExtension>('constant', 'trend', 'low', 'medium', 'high');

describe('projection properties', () => {
  it('with ratios of 1 and no births a cohort carries over exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 22, maxLength: 22 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 2, max: 4 }),
        arbExtension,
        (cohorts, years, birthExtension) => {
          // Unit u's cohort born in year BASE - 21 + j has cohorts[u][j] children at every age: every ratio is 1.
          const units = cohorts.map((_, u) => ({ code: `33080100100${u}`, townshipCode: '330801001', countyCode: '330801' }));
          const born = (u: number, year: number): number => cohorts[u][year - (BASE - 21)];
          const population: PopulationCountRecord[] = [];
          units.forEach((unit, u) => {
            for (let t = BASE - years + 1; t <= BASE; t++)
              population.push({
                unitCode: unit.code,
                year: t,
                population: 'resident',
                ages: Array.from({ length: 18 }, (_, a) => born(u, t - a)),
              });
          });
          const births = [BASE - 1, BASE].map((year) => ({ areaCode: '330801001', year, births: 0, registeredBirths: null }));
          const res = projectCohorts({ units, population, births }, { birthExtension });
          const wrong: string[] = [];
          units.forEach((unit, u) => {
            for (let k = 1; k <= 12; k++) {
              const got = res.populationOf(unit.code, 'resident', BASE + k);
              for (let a = 0; a < 18; a++)
                if (got[a] !== (a >= k ? born(u, BASE + k - a) : 0)) wrong.push(`${unit.code} ${BASE + k} age ${a}: ${got[a]}`);
            }
          });
          expect(wrong).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('never produces negative counts or demand', () => {
    fc.assert(
      fc.property(
        arbRegion({ housing: true }),
        arbExtension,
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (input, birthExtension, migration, birthMult) => {
          const res = projectCohorts(input, {
            birthExtension,
            migrationMultiplier: { all: migration },
            birthMultiplier: { all: birthMult },
            housingRegisteredShare: 0.3,
            housingBirthsPerHousehold: 0.01,
          });
          let min = Infinity;
          for (const arr of Object.values(res.population)) for (const v of arr) min = Math.min(min, v);
          const bad = res.rows.filter(
            (r) =>
              !(r.resident >= 0 && r.registered >= 0 && r.fromHousing >= 0 && r.fromHousing <= r.resident + 1e-9) ||
              r.residentByGrade.some((v) => !(v >= 0)) ||
              r.registeredByGrade.some((v) => !(v >= 0)),
          );
          expect(min).toBeGreaterThanOrEqual(0);
          expect(bad).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });

  const compareRows = (a: ProjectionInput, b: ProjectionInput, assumptions: { birthExtension: BirthExtension }): void => {
    const r1 = projectCohorts(a, assumptions).rows;
    const r2 = projectCohorts(b, assumptions).rows;
    expect(r2.length).toBe(r1.length);
    const fewer = r1.filter((x, i) => {
      const y = r2[i];
      return (
        y.unitCode !== x.unitCode ||
        y.resident < x.resident - 1e-9 * (1 + x.resident) ||
        y.registered < x.registered - 1e-9 * (1 + x.registered)
      );
    });
    expect(fewer).toEqual([]);
  };

  it('more births never means fewer pupils later (any increase; constant and variant extensions)', () => {
    fc.assert(
      fc.property(
        arbRegion(),
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 16, maxLength: 16 }),
        fc.constantFrom<BirthExtension>('constant', 'low', 'medium', 'high'),
        (input, extra, birthExtension) => {
          const more = {
            ...input,
            births: input.births.map((b, i) => ({
              ...b,
              births: b.births + extra[i % extra.length],
              registeredBirths: b.registeredBirths === null ? null : b.registeredBirths + extra[(i + 3) % extra.length],
            })),
          };
          compareRows(input, more, { birthExtension });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('more births never means fewer pupils later (births scaled up; trend extension)', () => {
    // A trend is fitted to the series, so raising one early year can lower the fitted trend; scaling every
    // year by the same factor keeps the trend and must not lower demand.
    fc.assert(
      fc.property(arbRegion(), fc.double({ min: 1, max: 3, noNaN: true }), (input, f) => {
        const more = {
          ...input,
          births: input.births.map((b) => ({
            ...b,
            births: b.births * f,
            registeredBirths: b.registeredBirths === null ? null : b.registeredBirths * f,
          })),
        };
        compareRows(input, more, { birthExtension: 'trend' });
      }),
      { numRuns: 100 },
    );
  });

  it('shrinkage: a unit with tiny counts gets a ratio close to its township ratio', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 100, max: 400 }), { minLength: 18 * 3, maxLength: 18 * 3 }),
        fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 18 * 3, maxLength: 18 * 3 }),
        (big, tiny) => {
          const T = '330801001';
          const units = [
            { code: `${T}001`, townshipCode: T, countyCode: '330801' },
            { code: `${T}002`, townshipCode: T, countyCode: '330801' },
          ];
          const population: PopulationCountRecord[] = [];
          for (let y = 0; y < 3; y++) {
            population.push({ unitCode: `${T}001`, year: 2021 + y, population: 'resident', ages: big.slice(y * 18, y * 18 + 18) });
            population.push({ unitCode: `${T}002`, year: 2021 + y, population: 'resident', ages: tiny.slice(y * 18, y * 18 + 18) });
          }
          const births = [{ areaCode: T, year: 2023, births: 10, registeredBirths: null }];
          const r = estimateCohortRatios({ units, population, births }, { ratioMin: 0, ratioMax: 100 }).resident;
          for (let a = 1; a < 18; a++) {
            const n = tiny[a - 1] + tiny[18 + a - 1]; // base cohorts of the two year pairs, at most 2
            const m = tiny[18 + a] + tiny[36 + a];
            const rt = r.township[T][a];
            const ru = r.unitShrunk[`${T}002`][a];
            // w = n / (n + 20) <= 2 / 22, and the unit ratio is w raw + (1 - w) rt.
            expect(r.unitWeight[`${T}002`][a]).toBeCloseTo(n / (n + 20), 12);
            expect(r.unitWeight[`${T}002`][a]).toBeLessThanOrEqual(2 / 22 + 1e-12);
            // R_u = (m + K R_t) / (n + K): off the township ratio by |m - n R_t| / (n + 20), at most a tenth of
            // max(1, R_t) here (m, n <= 2); with n > 0 that is w |raw - R_t|, w <= 2 / 22.
            expect(ru).toBeCloseTo((m + 20 * rt) / (n + 20), 12);
            expect(Math.abs(ru - rt)).toBeLessThanOrEqual(Math.max(1, rt) / 10 + 1e-12);
            if (n > 0) expect(Math.abs(ru - rt)).toBeCloseTo((n / (n + 20)) * Math.abs(m / n - rt), 12);
            // The big unit keeps most of its own history: n >= 200, w >= 200 / 220.
            expect(r.unitWeight[`${T}001`][a]).toBeGreaterThan(0.9);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('shrinkage, concrete: three children who "double" barely move a village off its township ratio', () => {
    const T = '330801001';
    const units = [0, 1, 2].map((i) => ({ code: `${T}00${i}`, townshipCode: T, countyCode: '330801' }));
    const ages = (x: number) => Array.from({ length: 18 }, () => x);
    const population: PopulationCountRecord[] = [];
    for (const year of [2022, 2023]) {
      population.push({ unitCode: `${T}000`, year, population: 'resident', ages: ages(100) });
      population.push({ unitCode: `${T}001`, year, population: 'resident', ages: ages(100) });
      population.push({ unitCode: `${T}002`, year, population: 'resident', ages: ages(year === 2022 ? 3 : 6) });
    }
    const births = [{ areaCode: T, year: 2023, births: 10, registeredBirths: null }];
    const r = estimateCohortRatios({ units, population, births }).resident;
    // Township: N = 203, M = 206, county the same pool: R_c = 206/203; R_t = (206 + 20 R_c) / 223 = R_c.
    // Village raw = 6 / 3 = 2, but R_u = (6 + 20 R_t) / 23 = 1.1368..., against R_t = 1.0148.
    const rt = 206 / 203;
    expect(r.township[T][5]).toBeCloseTo(rt, 12);
    expect(r.unit[`${T}002`][5]).toBeCloseTo((6 + 20 * rt) / 23, 12);
  });

  it('back-test on synthetic data with known constant ratios gives MAPE ~0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 120 }), fc.integer(), fc.integer({ min: 1, max: 3 }), (n, seed, k) => {
        const city = makeSyntheticCity(n, seed, { exact: true, historyYears: 5 });
        const bt = backtest(city, k);
        expect(bt.baseYear).toBe(city.baseYear - k);
        for (const m of [bt.resident, bt.registered!])
          for (const s of Object.values(m.byStage))
            for (const e of [s.unit, s.township, s.county]) {
              expect(e.n).toBeGreaterThan(0);
              expect(e.mape).toBeLessThan(1e-9);
              expect(e.wape).toBeLessThan(1e-9);
            }
        for (const a of bt.resident.byAge) expect(a.county.mape).toBeLessThan(1e-9);
      }),
      { numRuns: 30 },
    );
  });
});

describe('inputs are not mutated', () => {
  it('projects a deep-frozen input and leaves it equal to a copy', () => {
    const city = makeSyntheticCity(60, 5);
    const copy = JSON.parse(JSON.stringify(city)) as typeof city;
    const freeze = <T>(o: T): T => {
      if (o && typeof o === 'object') {
        Object.values(o).forEach(freeze);
        Object.freeze(o);
      }
      return o;
    };
    freeze(city);
    const res = projectCohorts(city, { housingRegisteredShare: 0.2 });
    backtest(city, 2);
    expect(res.rows.length).toBe(60 * 4 * 13);
    expect(JSON.parse(JSON.stringify(city))).toEqual(copy);
  });
});

describe('synthetic city', () => {
  it('is deterministic, valid and carries a housing pipeline after the base year', () => {
    const a = makeSyntheticCity(200, 9);
    const b = makeSyntheticCity(200, 9);
    expect(a).toEqual(b);
    expect(a.units).toHaveLength(200);
    expect(new Set(a.units.map((u) => u.countyCode)).size).toBe(6);
    expect(a.housing.length).toBeGreaterThan(0);
    for (const h of a.housing as HousingProjectRecord[])
      for (const y of Object.keys(h.phasing)) expect(Number(y)).toBeGreaterThan(a.baseYear);
    const res = projectCohorts(a);
    expect(res.warnings).toEqual([]);
    const fromHousing = res.rows.reduce((s, r) => s + r.fromHousing, 0);
    expect(fromHousing).toBeGreaterThan(0);
    // Noisy data: county-level stage errors stay small.
    const bt = backtest(a, 2);
    for (const s of Object.values(bt.resident.byStage)) expect(s.county.mape).toBeLessThan(5);
  });
});
