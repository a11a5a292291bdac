import type { DemandRow } from '@app/domain';
import type { UncertaintyModel } from '@app/projection-model';
import { resolveWarningConfig } from './config';
import { figureKey, type CapacityFigure, type FigureSet, type PopulationFigure } from './figures';
import { intakeSpreads, stageSpreads, utilisationProbability } from './probability';
import { districtRule } from './rules/district-rule';
import type { RuleContext } from './rules/alert';
import { intakeRule } from './rules/intake-rule';

const pop = (intakeDemand: number, intakeSeats: number): PopulationFigure => ({
  demand: intakeDemand * 6,
  intakeDemand,
  utilisation: intakeDemand / intakeSeats,
  intakeUtilisation: intakeDemand / intakeSeats,
  seatGap: (intakeDemand - intakeSeats) * 6,
  intakeSeatGap: intakeDemand - intakeSeats,
  classesShort: 0,
  intakeClassesShort: 0,
});

/** One primary catchment P1 with 100 intake seats and the given entry-grade demand by year. */
function figures(demand: Record<number, number>): FigureSet {
  const rows: CapacityFigure[] = Object.entries(demand).map(([y, d]) => ({
    subjectType: 'catchment',
    subjectCode: 'P1',
    stage: 'primary',
    year: Number(y),
    seats: 600,
    intakeSeats: 100,
    classSizeNorm: 45,
    schoolCodes: ['S1'],
    demand: { resident: d * 6, registered: d * 6, intakeResident: d, intakeRegistered: d },
    resident: pop(d, 100),
    registered: pop(d, 100),
  }));
  return {
    stages: ['primary'],
    years: rows.map((r) => r.year),
    rows,
    index: new Map(rows.map((r) => [figureKey('catchment', 'P1', 'primary', r.year), r])),
    districts: [],
  };
}

describe('warning probabilities', () => {
  it('P(utilisation >= x) of a log-normal demand: 1/2 at the point, the normal tail elsewhere', () => {
    const spread = { relVariance: Math.exp(0.1 ** 2) - 1, scale: [1, 1] as [number, number] };
    expect(utilisationProbability(100, 100, 1, spread)).toBeCloseTo(0.5, 6);
    // ln(100/95) / 0.1 = 0.5129 -> 1 - Phi(0.5129) = 0.304
    expect(utilisationProbability(95, 100, 1, spread)).toBeCloseTo(0.304, 3);
    expect(utilisationProbability(95, 100, 1, null)).toBe(0);
    expect(utilisationProbability(5, 0, 1, spread)).toBe(1);
  });

  it('says how likely the shortage is, and fires a level on its probability when configured', () => {
    const spread = { relVariance: Math.exp(0.1 ** 2) - 1, scale: [1, 1] as [number, number] };
    const base = { evaluationYear: 2025, nameOf: (_t: string, c: string) => c, intakeSpread: () => spread };
    const set = figures({ 2025: 80, 2026: 92, 2027: 95, 2028: 90 });
    const cfg = resolveWarningConfig({ intake: { populations: ['resident'], stages: ['primary'] } });
    const [yellow] = intakeRule(set, { ...base, config: cfg } as RuleContext);
    expect(yellow.level).toBe('yellow');
    expect(yellow.onsetYear).toBe(2026);
    // 2026: ln(100/92)/0.1 = 0.834 -> 20 %; P(>= 90 %) = 1 - Phi(ln(90/92)/0.1) = 59 %
    expect(yellow.probability).toEqual({ year: 2026, atLeast100: 0.2, atLeast90: 0.59 });
    expect(yellow.message.zh).toContain('2026年学位不足的概率约20%');
    const withTrigger = resolveWarningConfig({
      intake: {
        populations: ['resident'],
        stages: ['primary'],
        levels: [
          { level: 'yellow', atLeast: 0.9 },
          { level: 'red', atLeast: 1, minProbability: 0.3 },
        ],
      },
    });
    const [red] = intakeRule(set, { ...base, config: withTrigger } as RuleContext);
    expect(red.level).toBe('red');
    expect(red.onsetYear).toBe(2027);
    expect(red.probability?.atLeast100).toBeCloseTo(0.3, 2);
    expect(red.message.zh).toContain('2027年学位不足的概率约30%');
    // without an error model: point values only, no probability
    const [plain] = intakeRule(set, { ...base, intakeSpread: undefined, config: withTrigger } as RuleContext);
    expect(plain.level).toBe('yellow');
    expect(plain.probability).toBeNull();
  });

  it('spreads of catchment intake come from the model through the units shares', () => {
    const model: UncertaintyModel = {
      baseYear: 2024,
      resident: { township: 0.0004, unit: 0, cell: 0, gross: 0, fixed: 0, pairs: 1e12 },
      registered: { township: 0, unit: 0, cell: 0, gross: 0, fixed: 0, pairs: 1 },
      birthsPerYear: 0,
      housingSd: 0,
      units: { code: ['A', 'B'], township: ['T', 'T'], birthArea: ['A', 'B'], lastBirthYear: [2040, 2040] },
    };
    const row = (u: string): DemandRow => ({
      unitCode: u,
      stage: 'primary',
      year: 2025,
      resident: 60,
      registered: 0,
      residentByGrade: [10, 10, 10, 10, 10, 10],
      registeredByGrade: [0, 0, 0, 0, 0, 0],
      fromHousing: 0,
    });
    const spread = intakeSpreads(
      [row('A'), row('B')],
      [
        { unitCode: 'A', stage: 'primary', catchmentCode: 'P1', share: 1, method: 'listed' },
        { unitCode: 'B', stage: 'primary', catchmentCode: 'P1', share: 0.5, method: 'listed' },
      ],
      model,
    );
    // intake 10 + 5 = 15, one step of one township shock: variance 0.0004 x 15^2 -> relative 0.0004
    expect(spread('P1', 'primary', 2025, 'resident')?.relVariance).toBeCloseTo(0.0004, 10);
    expect(spread('P2', 'primary', 2025, 'resident')).toBeNull();
  });

  it('spreads of a district stage demand: its own units, or the units of its serving schools catchments', () => {
    const model: UncertaintyModel = {
      baseYear: 2024,
      resident: { township: 0.0004, unit: 0, cell: 0, gross: 0, fixed: 0, pairs: 1e12 },
      registered: { township: 0, unit: 0, cell: 0, gross: 0, fixed: 0, pairs: 1 },
      birthsPerYear: 0,
      housingSd: 0,
      units: { code: ['A', 'B', 'C'], township: ['T', 'T', 'V'], birthArea: ['A', 'B', 'C'], lastBirthYear: [2040, 2040, 2040] },
    };
    const row = (u: string): DemandRow => ({
      unitCode: u,
      stage: 'primary',
      year: 2025,
      resident: 60,
      registered: 0,
      residentByGrade: [10, 10, 10, 10, 10, 10],
      registeredByGrade: [0, 0, 0, 0, 0, 0],
      fromHousing: 0,
    });
    const shares = [
      { unitCode: 'A', stage: 'primary' as const, catchmentCode: 'P1', share: 1, method: 'listed' as const },
      { unitCode: 'B', stage: 'primary' as const, catchmentCode: 'P2', share: 1, method: 'listed' as const },
      { unitCode: 'C', stage: 'primary' as const, catchmentCode: 'P2', share: 1, method: 'listed' as const },
    ];
    const catchments = [
      { code: 'P1', stage: 'primary', schoolCodes: ['S1'] },
      { code: 'P2', stage: 'primary', schoolCodes: ['S2'] },
    ];
    const spread = stageSpreads([row('A'), row('B'), row('C')], shares, catchments, model);
    // district units A, B: 120 pupils of township T, one shock of variance 0.0004 on all: relative 0.0004
    expect(spread('district_units', ['A', 'B'], [], 'primary', 2025, 'resident')?.relVariance).toBeCloseTo(0.0004, 10);
    // serving school S2: units B (T) and C (V), 60 + 60, independent shocks: 0.0004 (60^2 + 60^2) / 120^2 = 0.0002
    expect(spread('serving_schools', ['A'], ['S2'], 'primary', 2025, 'resident')?.relVariance).toBeCloseTo(0.0002, 10);
    expect(spread('serving_schools', ['A'], ['S9'], 'primary', 2025, 'resident')).toBeNull();
  });

  it('the district rule says how likely its shortfall is and may fire on it', () => {
    const set = figures({ 2025: 80, 2026: 92, 2027: 95 });
    // the same rows as one district's figures: demand 6 x intake, 600 seats
    const rows = set.rows.map((r) => ({ ...r, subjectType: 'district' as const, subjectCode: 'D1' }));
    const district: FigureSet = {
      ...set,
      rows,
      index: new Map(rows.map((r) => [figureKey('district', 'D1', 'primary', r.year), r])),
      districts: [{ districtCode: 'D1', name: 'D1', watched: true, units: [{ unitCode: 'A', via: 'point' }], housingWithoutUnit: [] }],
    };
    const spread = { relVariance: Math.exp(0.1 ** 2) - 1, scale: [1, 1] as [number, number] };
    const cfg = resolveWarningConfig({
      district: {
        populations: ['resident'],
        stages: ['primary'],
        demandBasis: 'district_units',
        levels: [
          { level: 'yellow', atLeast: 0.9 },
          { level: 'red', atLeast: 1, minProbability: 0.3 },
        ],
      },
    });
    const ctx = { evaluationYear: 2025, nameOf: (_t: string, c: string) => c, config: cfg, stageSpread: () => spread } as RuleContext;
    const [a] = districtRule(district, ctx);
    // 2027: 570 of 600 seats; P(>= 100 %) = 1 - Phi(ln(600/570)/0.1) = 1 - Phi(0.513) = 0.30: red on its probability;
    // P(>= 90 %) = Phi(ln(570/540)/0.1) = Phi(0.541) = 0.71
    expect(a.level).toBe('red');
    expect(a.onsetYear).toBe(2027);
    expect(a.probability).toEqual({ year: 2027, atLeast100: 0.3, atLeast90: 0.71 });
    expect(a.message.zh).toContain('2027年学位不足的概率约30%');
    const [plain] = districtRule(district, { ...ctx, stageSpread: undefined });
    expect(plain.level).toBe('yellow');
    expect(plain.probability ?? null).toBeNull();
  });
});
