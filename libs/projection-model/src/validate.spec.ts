import type { PopulationCountRecord } from '@app/domain';
import { untyped } from '@app/testing';
import {
  assertValidProjectionInput,
  backtest,
  projectCohorts,
  ProjectionInputError,
  validateProjectionInput,
  type ProjectionInput,
} from '@app/projection-model';

const T = '330801001';
const UA = '330801001001';
const UB = '330801001002';

function good(): ProjectionInput {
  const ages = Array.from({ length: 18 }, () => 5);
  const population: PopulationCountRecord[] = [];
  for (const unitCode of [UA, UB])
    for (const year of [2022, 2023]) {
      population.push({ unitCode, year, population: 'resident', ages: ages.slice() });
      population.push({ unitCode, year, population: 'registered', ages: ages.slice() });
    }
  return {
    units: [
      { code: UA, townshipCode: T, countyCode: '330801' },
      { code: UB, townshipCode: T, countyCode: '330801' },
    ],
    population,
    births: [{ areaCode: T, year: 2023, births: 10, registeredBirths: null }],
    housing: [
      {
        code: 'HP1',
        townshipCode: T,
        unitCode: UA,
        households: 10,
        phasing: { '2025': 10 },
        yields: { kindergarten: 0.1, primary: 0.2, junior: 0.1, senior: 0.1 },
      },
    ],
  };
}

const codes = (input: ProjectionInput) => validateProjectionInput(input).errors.map((e) => e.code);

describe('validateProjectionInput', () => {
  it('accepts a good input', () => {
    const r = validateProjectionInput(good());
    expect(r).toEqual({ ok: true, baseYear: 2023, errors: [], warnings: [] });
    expect(assertValidProjectionInput(good())).toEqual([]);
  });

  it('names the unit with missing or malformed ages', () => {
    const input = good();
    const population = input.population.map((r) =>
      r.unitCode === UB && r.year === 2023 && r.population === 'resident' ? { ...r, ages: r.ages.slice(0, 17) } : r,
    );
    const r = validateProjectionInput({ ...input, population });
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => e.code)).toEqual(['BAD_AGES', 'MISSING_BASE_COUNTS']);
    expect(r.errors[0].unitCode).toBe(UB);
    expect(r.errors[0].message).toContain(`unit ${UB} (resident, 2023): expected 18 age counts`);
    expect(r.errors[1].message).toContain(`unit ${UB}: no resident age counts for the base year 2023`);
  });

  it('rejects negative and non-numeric counts, duplicates and counts for unknown units', () => {
    const input = good();
    const neg = input.population.map((r, i) => (i === 0 ? { ...r, ages: r.ages.map((x, a) => (a === 3 ? -1 : x)) } : r));
    expect(codes({ ...input, population: neg })).toContain('NEGATIVE_COUNT');
    const nan = input.population.map((r, i) => (i === 0 ? { ...r, ages: r.ages.map((x, a) => (a === 3 ? NaN : x)) } : r));
    expect(codes({ ...input, population: nan })).toContain('BAD_AGES');
    expect(codes({ ...input, population: [...input.population, input.population[0]] })).toEqual(['DUPLICATE_COUNT']);
    const stranger = { ...input.population[0], unitCode: '330801001999' };
    const r = validateProjectionInput({ ...input, population: [...input.population, stranger] });
    expect(r.errors).toMatchObject([{ code: 'UNKNOWN_UNIT', unitCode: '330801001999' }]);
  });

  it('falls back to the township ratio for a unit with one year, but errs when a whole county has none', () => {
    const input = good();
    const oneYear = input.population.filter((r) => !(r.unitCode === UB && r.year === 2022));
    const r = validateProjectionInput({ ...input, population: oneYear });
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => [w.code, w.unitCode])).toEqual([
      ['NO_HISTORY', UB],
      ['NO_HISTORY', UB],
    ]);
    const none = input.population.filter((r) => r.year === 2023);
    const r2 = validateProjectionInput({ ...input, population: none });
    expect(r2.errors.map((e) => [e.code, e.areaCode])).toEqual([
      ['NO_COUNTY_HISTORY', '330801'],
      ['NO_COUNTY_HISTORY', '330801'],
    ]);
    expect(r2.errors[0].message).toContain('county 330801: no unit has two consecutive years of resident counts');
  });

  it('checks births: negative, unknown area, duplicate, uncovered unit', () => {
    const input = good();
    expect(codes({ ...input, births: [{ areaCode: T, year: 2023, births: -3, registeredBirths: null }] })).toEqual(
      expect.arrayContaining(['NEGATIVE_BIRTHS']),
    );
    expect(codes({ ...input, births: [...input.births, { areaCode: T, year: 2022, births: 1, registeredBirths: -1 }] })).toEqual([
      'NEGATIVE_BIRTHS',
    ]);
    const unknown = validateProjectionInput({
      ...input,
      births: [...input.births, { areaCode: '339999999', year: 2023, births: 1, registeredBirths: null }],
    });
    expect(unknown.errors).toMatchObject([{ code: 'UNKNOWN_BIRTH_AREA', areaCode: '339999999' }]);
    expect(codes({ ...input, births: [...input.births, input.births[0]] })).toEqual(['DUPLICATE_BIRTHS']);
    const uncovered = validateProjectionInput({ ...input, births: [{ areaCode: UA, year: 2023, births: 5, registeredBirths: null }] });
    expect(uncovered.errors).toMatchObject([{ code: 'NO_BIRTHS', unitCode: UB }]);
    expect(uncovered.errors[0].message).toBe(`unit ${UB}: no births series for the unit, its township ${T} or its county 330801`);
  });

  it('warns when a township series and unit series mix, and when births end before the base year', () => {
    const input = good();
    const r = validateProjectionInput({
      ...input,
      births: [
        { areaCode: T, year: 2021, births: 10, registeredBirths: null },
        { areaCode: UA, year: 2023, births: 4, registeredBirths: null },
      ],
    });
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.code).sort()).toEqual(['BIRTHS_END_EARLY', 'MIXED_BIRTH_LEVELS']);
  });

  it('checks housing projects', () => {
    const input = good();
    const h = input.housing![0];
    const r = validateProjectionInput({ ...input, housing: [{ ...h, unitCode: '330801001777' }] });
    expect(r.errors).toMatchObject([{ code: 'UNKNOWN_HOUSING_UNIT', projectCode: 'HP1', unitCode: '330801001777' }]);
    expect(r.errors[0].message).toBe('housing project HP1: unit 330801001777 is not a known unit');
    expect(codes({ ...input, housing: [{ ...h, unitCode: null, townshipCode: '330899999' }] })).toEqual(['UNKNOWN_HOUSING_TOWNSHIP']);
    expect(codes({ ...input, housing: [{ ...h, households: -1 }] })).toEqual(['BAD_HOUSING']);
    expect(codes({ ...input, housing: [{ ...h, phasing: { soon: 10 } }] })).toEqual(['BAD_HOUSING']);
    expect(codes({ ...input, housing: [{ ...h, yields: { ...h.yields, primary: -0.1 } }] })).toEqual(['BAD_HOUSING']);
    const w = validateProjectionInput({ ...input, housing: [{ ...h, unitCode: null, phasing: { '2025': 4 } }] });
    expect(w.ok).toBe(true);
    expect(w.warnings.map((x) => x.code).sort()).toEqual(['HOUSING_PHASING_SUM', 'HOUSING_WITHOUT_UNIT']);
  });

  it('spreads a project without a unit over its township by base-year population', () => {
    const input = good();
    // UA has 5 per age (90 in all), UB 15 per age (270): shares 0.25 / 0.75 of 10 households x 0.2 / 6 per age.
    const population = input.population.map((r) => (r.unitCode === UB ? { ...r, ages: r.ages.map(() => 15) } : r));
    const res = projectCohorts({ ...input, population, housing: [{ ...input.housing![0], unitCode: null }] });
    const fromHousing = (u: string) => res.rows.find((r) => r.unitCode === u && r.stage === 'primary' && r.year === 2025)!.fromHousing;
    expect(fromHousing(UA)).toBeCloseTo(0.25 * 10 * 0.2, 12);
    expect(fromHousing(UB)).toBeCloseTo(0.75 * 10 * 0.2, 12);
  });

  it('warns about scenario multipliers naming unknown areas', () => {
    const r = validateProjectionInput(good(), {
      migrationMultiplier: { township: { '330899999': 2 } },
      birthMultiplier: { unit: { [UA]: 2 } },
    });
    expect(r.ok).toBe(true);
    expect(r.warnings).toMatchObject([{ code: 'UNKNOWN_SCENARIO_AREA', areaCode: '330899999' }]);
  });

  it('rejects bad assumptions', () => {
    const r = validateProjectionInput(good(), { seniorGeneralShare: 1.5, ratioMin: 3, horizon: -1, birthExtension: untyped('wild') });
    expect(r.errors.every((e) => e.code === 'BAD_ASSUMPTION')).toBe(true);
    expect(r.errors.map((e) => e.message.split(' ')[1])).toEqual(['horizon', 'ratioMin/ratioMax', 'birthExtension', 'seniorGeneralShare']);
  });

  it('works without registered counts (warning, registered 0)', () => {
    const input = good();
    const res = projectCohorts({ ...input, population: input.population.filter((r) => r.population === 'resident') });
    expect(res.hasRegistered).toBe(false);
    expect(res.warnings.map((w) => w.code)).toEqual(['NO_REGISTERED']);
    expect(res.rows.every((r) => r.registered === 0)).toBe(true);
    expect(res.rows.some((r) => r.resident > 0)).toBe(true);
  });

  it('projectCohorts and backtest throw ProjectionInputError with every issue, nothing partial', () => {
    const input = good();
    const bad = { ...input, births: [{ areaCode: T, year: 2023, births: -1, registeredBirths: null }] };
    let caught: unknown;
    try {
      projectCohorts(bad);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ProjectionInputError);
    const err = caught as ProjectionInputError;
    expect(err.issues.map((i) => i.code)).toEqual(['NEGATIVE_BIRTHS', 'NO_BIRTHS', 'NO_BIRTHS']);
    expect(err.message).toContain('births of area 330801001 in 2023');
    expect(() => assertValidProjectionInput(bad)).toThrow(ProjectionInputError);
    expect(() => backtest(input, 0)).toThrow(/holdOutYears/);
    expect(() => backtest(input, 1)).toThrow(/county 330801: no unit has two consecutive years/);
  });
});
