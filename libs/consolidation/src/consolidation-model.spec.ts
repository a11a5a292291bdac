import {
  closureDossiers,
  countySummaries,
  dossierHtml,
  dossierWorkbook,
  ConsolidationInputError,
  ConsolidationModel,
  type ConsolidationInputs,
  type ConsolidationOptions,
  type ConsolidationProgress,
} from '@app/consolidation';
import { HighsBackend, hasSolution, type Model, type SolveOptions, type SolveResult, type SolverBackend } from '@app/optimizer';
import { KM_PER_DEGREE } from '@app/geo';
import { analyse } from './formulation';
import { catchment, demand, loadWorkbook, school, unit, type SchoolSpec } from '@app/testing';

/** A backend that solves with HiGHS and then lets a test rewrite the answer. */
class TamperingBackend implements SolverBackend {
  readonly name = 'tampering';
  constructor(private readonly tamper: (result: SolveResult, model: Model) => SolveResult) {}
  async solve(model: Model, options?: SolveOptions): Promise<SolveResult> {
    return this.tamper(await new HighsBackend().solve(model, options), model);
  }
}

const YEAR = 2027;
// Hand computations below use these weights: 400 per pupil-km, 200,000 per open school, 120,000 per added class,
// and no cost per pupil moved (its own test below). The window is the target year alone (one period) unless a
// test says otherwise, so the old one-year arithmetic holds.
const HAND: ConsolidationOptions = { detourFactor: 1, smallSchoolThreshold: 200, moveCostPerPupil: 0, closureWindow: { last: YEAR } };

/**
 * World 1 (all distances road km, detour 1): three primary schools on a line, one village next to each.
 *   A at 0 km (township T1, 300 pupils, 12 classes = 540 seats)   village vA at 0 km: 40 per grade = 240 pupils
 *   B at 3 km (township T1, 100 pupils,  6 classes = 270 seats)   village vB at 3 km: 20 per grade = 120 pupils
 *   C at 10 km (township T2, 120 pupils, 6 classes = 270 seats)  village vC at 10 km: 10 per grade = 60 pupils
 * C is T2's only primary school and vC has no other school within 5 km: C stays open and small (60 pupils).
 */
/** A world over the window base + 1 .. target: target-year rows only (carried to the other years), base 2025. */
function phased(w: ConsolidationInputs): ConsolidationInputs {
  return { ...w, demand: w.demand.filter((r) => r.year === YEAR), baseYear: 2025 };
}

function world1(
  overrides: { a?: Partial<SchoolSpec>; b?: Partial<SchoolSpec>; c?: Partial<SchoolSpec>; vAPerGrade?: number } = {},
): ConsolidationInputs {
  return {
    schools: [
      school({ code: 'A', km: 0, township: 'T1', enrolment: 300, classes: 12, ...overrides.a }),
      school({ code: 'B', km: 3, township: 'T1', enrolment: 100, classes: 6, ...overrides.b }),
      school({ code: 'C', km: 10, township: 'T2', enrolment: 120, classes: 6, ...overrides.c }),
    ],
    units: [unit('vA', 0, 'T1'), unit('vB', 3, 'T1'), unit('vC', 10, 'T2')],
    demand: [
      ...demand('vA', YEAR, overrides.vAPerGrade ?? 40),
      ...demand('vB', YEAR, 20),
      ...demand('vC', YEAR, 10),
      ...demand('vA', YEAR - 1, 99),
    ],
    targetYear: YEAR,
  };
}

describe('ConsolidationModel: world 1 (one closure)', () => {
  it('closes B and sends its 120 pupils 3 km to A', async () => {
    // N = 1 and C is small whatever happens, so B must close (re-zoning vA to fill B is off by default).
    //   close B: travel 120 x 3 km x 400 = 144,000, two schools open 400,000 -> 544,000
    const model = ConsolidationModel.fromInputs(world1(), { ...HAND, maxSmallSchools: 1 });
    const events: ConsolidationProgress[] = [];
    const result = await model.solve({ onProgress: (e) => events.push(e) });
    expect(result.status).toBe('optimal');
    expect(result.objective).toBeCloseTo(544_000, 0);
    // One solver call, the plan itself, of the model's size, with HiGHS's own clock and node count beside it.
    expect(result.solves.map((x) => [x.model, x.status, x.variables, x.rows])).toEqual([
      ['plan', 'optimal', result.stats.variables, result.stats.rows],
    ]);
    expect(Number.isInteger(result.solves[0].nodes)).toBe(true);
    expect(result.solves[0].solverSeconds!).toBeLessThanOrEqual(result.solves[0].seconds);
    const plan = result.plan!;
    expect(plan.check).toEqual({ ok: true, problems: [] });
    const byCode = Object.fromEntries(plan.schools.map((s) => [s.code, s]));
    expect(byCode.B.decision).toBe('close');
    expect(byCode.B.pupilsOut).toBeCloseTo(120, 6);
    expect(byCode.A.decision).toBe('keep');
    expect(byCode.A.pupilsIn).toBeCloseTo(120, 6);
    expect(byCode.A.villagesReceived).toEqual(['vB']);
    expect(byCode.A.enrolmentAfter).toBeCloseTo(360, 6);
    expect(byCode.C.decision).toBe('keep');
    expect(byCode.C.smallAfter).toBe(true);

    const moved = plan.villages.filter((v) => v.moved);
    expect(moved.map((v) => [v.unitCode, v.band, v.fromSchool, v.toSchool])).toEqual([
      ['vB', 'lower', 'B', 'A'],
      ['vB', 'upper', 'B', 'A'],
    ]);
    expect(moved[0].pupils).toBeCloseTo(60, 6);
    expect(moved[0].travelBeforeKm).toBeCloseTo(0, 9);
    expect(moved[0].travelAfterKm).toBeCloseTo(3, 9);
    expect(moved[0]).toMatchObject({ year: 2027, reason: 'merge', share: 1, travelBeforeMinutes: null, travelAfterMinutes: null });
    expect(byCode.B).toMatchObject({ closureYear: 2027, closureKind: 'merge', closureRule: 'small_school_cap' });
    expect(plan.smallSchoolsByCounty).toEqual({ '330802': ['C'] });

    const k = plan.kpis;
    expect(k.smallSchoolsToday).toBe(2); // B 100, C 120
    expect(k.smallSchoolsStatusQuo).toBe(2); // B 120, C 60 in 2027
    expect(k.smallSchoolsAfter).toBe(1);
    expect(k.schoolsClosed).toBe(1);
    expect(k.pupils).toBeCloseTo(420, 6);
    expect(k.pupilsMoved).toBeCloseTo(120, 6);
    expect(k.meanTravelBeforeKm).toBeCloseTo(0, 9);
    expect(k.meanTravelAfterKm).toBeCloseTo(360 / 420, 6);
    expect(k.maxTravelAfterKm).toBeCloseTo(3, 9);
    expect(k.cost.travel).toBeCloseTo(144_000, 0);
    expect(k.cost.operating).toBe(400_000);
    expect(k.cost.total).toBeCloseTo(result.objective!, 3);

    expect(plan.transfers.features).toHaveLength(1);
    const line = plan.transfers.features[0];
    expect(line.geometry.type).toBe('LineString');
    expect(line.properties).toMatchObject({ unitCode: 'vB', fromSchool: 'B', toSchool: 'A' });
    expect(line.properties.pupils).toBeCloseTo(120, 6);
    expect(line.properties.pupilsByBand.lower).toBeCloseTo(60, 6);

    expect(result.verification?.ok).toBe(true);
    expect(events.map((e) => e.phase)).toEqual(['model built', 'solving', 'verified']);
    expect(result.stats).toMatchObject({ schools: 3, closableSchools: 3, villages: 3, demandPairs: 6, years: [2027] });
    expect(k.pupilsRezoned).toBe(0);
    expect(k.crossCountyTransfers).toBe(0);
  });

  it('adds the class A needs when B closes, ready the year before (120,000 per class-year)', async () => {
    // A with 7 classes holds 315; closing B puts 360 there: one more class (45 seats). Base year 2025, window
    // 2026-2027: a class can be built in 2026 at the earliest, so B closes in 2027.
    //   2026: three schools open, nobody travels: 600,000
    //   2027: 144,000 travel + 400,000 + 120,000 = 664,000 -> 1,264,000
    const model = ConsolidationModel.fromInputs(phased(world1({ a: { classes: 7, maxClasses: 10 } })), { ...HAND, maxSmallSchools: 1 });
    const result = await model.solve();
    expect(result.status).toBe('optimal');
    expect(result.objective).toBeCloseTo(1_264_000, 0);
    const a = result.plan!.schools.find((s) => s.code === 'A')!;
    expect(a.extraClasses).toEqual({ primary: 1, junior: 0 });
    expect(a.expansions).toEqual([{ stage: 'primary', classes: 1, readyYear: 2026, forClosures: ['B'] }]);
    expect(result.plan!.schools.find((s) => s.code === 'B')!.closureYear).toBe(2027);
    expect(a.seatsAfter.primary).toBe(360);
    expect(result.plan!.kpis.extraClasses).toBe(1);
  });

  it('charges the move cost per pupil moved (default 2,000)', async () => {
    // close B: 144,000 travel + 120 moves x 2,000 = 240,000 + 400,000 = 784,000
    const model = ConsolidationModel.fromInputs(world1(), { detourFactor: 1, maxSmallSchools: 1, closureWindow: { last: YEAR } });
    expect(model.options.moveCostPerPupil).toBe(2_000);
    const result = await model.solve();
    expect(result.objective).toBeCloseTo(784_000, 0);
    expect(result.plan!.kpis.cost.moves).toBeCloseTo(240_000, 0);
    expect(result.plan!.schools.find((s) => s.code === 'B')!.decision).toBe('close');
  });

  it('keeps every school when the cap is loose and closing costs more travel than it saves', async () => {
    // N = 2: no closure needed. At 200,000 a site, closing B (saves 200,000, costs 144,000 of travel) would pay;
    // at 100,000 it does not: objective = 3 x 100,000, nobody moves.
    const model = ConsolidationModel.fromInputs(world1(), { ...HAND, maxSmallSchools: 2, fixedCostPerSchool: 100_000 });
    const result = await model.solve();
    expect(result.status).toBe('optimal');
    expect(result.objective).toBeCloseTo(300_000, 0);
    expect(result.plan!.kpis.pupilsMoved).toBeCloseTo(0, 6);
    expect(result.plan!.kpis.smallSchoolsAfter).toBe(2);
  });
});

describe('ConsolidationModel: must-keep and must-close', () => {
  it("must-keep B is not filled from A's villages: B stays small, and re-zoned pupils would not count", async () => {
    // vA has 300 pupils; the old model re-zoned 80 of them to lift B to 200. Now B stays at 120 (small), C too.
    const off = await ConsolidationModel.fromInputs(world1({ vAPerGrade: 50 }), { ...HAND, maxSmallSchools: 1, mustKeep: ['B'] }).solve();
    expect(off.status).toBe('infeasible');
    expect(off.infeasibility!.minimumSmallSchools).toBe(2);
    expect(off.infeasibility!.minimumPlan!.kpis.pupilsMoved).toBe(0);
    // Re-zoning allowed (up to 100 pupils): still 2 small schools, because B would stop being small by drawing on
    // another open school's villages.
    const on = await ConsolidationModel.fromInputs(world1({ vAPerGrade: 50 }), {
      ...HAND,
      maxSmallSchools: 1,
      mustKeep: ['B'],
      rezoning: { maxPupils: 100 },
    }).solve();
    expect(on.status).toBe('infeasible');
    expect(on.infeasibility!.minimumSmallSchools).toBe(2);
  });

  it('must-keep B with vA at 240 is infeasible: 360 pupils cannot fill both A and B to 200', async () => {
    const model = ConsolidationModel.fromInputs(world1(), { ...HAND, maxSmallSchools: 1, mustKeep: ['B'] });
    const result = await model.solve();
    expect(result.status).toBe('infeasible');
    const why = result.infeasibility!;
    expect(why.forcedSmallSchools).toBe(1); // C
    expect(why.minimumSmallSchools).toBe(2);
    // The cheapest plan with two small schools moves nobody (600,000): B stays small, on the must-keep list.
    expect(why.minimumPlan!.kpis.cost.total).toBeCloseTo(600_000, 0);
    expect(why.findings.map((f) => [f.limit, f.schoolCode, f.townshipCode])).toEqual([
      ['must_keep', 'B', 'T1'],
      ['sole_school_in_reach', 'C', 'T2'],
    ]);
  });

  it('must-close A: everyone of vA goes to B, which adds two classes ready the year before', async () => {
    // B holds 270 and keeps 120 of its own: 150 free for vA's 240, so 2 classes. Window 2026-2027 (base 2025):
    // the classes can be ready for 2027 only, so A closes in 2027 (must close by the target year).
    //   2026: 3 open = 600,000, everyone at 0 km
    //   2027: 240 x 3 x 400 = 288,000 + 2 open 400,000 + 2 classes 240,000 = 928,000 -> 1,528,000
    const model = ConsolidationModel.fromInputs(phased(world1({ b: { maxClasses: 10 } })), {
      ...HAND,
      maxSmallSchools: 1,
      mustClose: ['A'],
    });
    const result = await model.solve();
    expect(result.message).toBe('optimal within the requested gap');
    expect(result.status).toBe('optimal');
    expect(result.objective).toBeCloseTo(1_528_000, 0);
    const byCode = Object.fromEntries(result.plan!.schools.map((s) => [s.code, s]));
    expect(byCode.A.decision).toBe('close');
    expect(byCode.A.fixed).toBe('must_close');
    expect(byCode.B.extraClasses.primary).toBe(2);
    expect(byCode.B.enrolmentAfter).toBeCloseTo(360, 6);
  });

  it('must-close A without room at B: the elastic solve says B is 90 seats short', async () => {
    // vA's 240 pupils for B's 150 free seats (270 - its own 120) and no room to add classes.
    const model = ConsolidationModel.fromInputs(world1(), { ...HAND, maxSmallSchools: 1, mustClose: ['A'] });
    expect(model.precheck().ok).toBe(true);
    const result = await model.solve();
    expect(result.status).toBe('infeasible');
    const why = result.infeasibility!;
    expect(why.secondSolve!.status).toBe('infeasible');
    // The plan, the fewest small schools and the elastic model, each recorded in call order.
    expect(result.solves.map((x) => [x.model, x.status])).toEqual([
      ['plan', 'infeasible'],
      ['min_small', 'infeasible'],
      ['elastic', 'optimal'],
    ]);
    const short = why.findings.filter((f) => f.limit === 'capacity_short');
    expect(short.map((f) => f.schoolCode)).toEqual(['B']);
    expect(short[0].pupils).toBeCloseTo(90, 6);
    expect(why.byTownship.map((t) => t.townshipCode)).toEqual(['T1']);
    expect(why.summary).toMatch(/even without the small-school cap/);
  });

  it('must-close C: vC has no school in reach and T2 keeps no primary school', async () => {
    const model = ConsolidationModel.fromInputs(world1(), { ...HAND, maxSmallSchools: 1, mustClose: ['C'] });
    const result = await model.solve();
    expect(result.status).toBe('infeasible');
    const limits = result.infeasibility!.findings.map((f) => f.limit).sort();
    expect(limits).toEqual(['no_school_in_reach', 'no_school_in_reach', 'township_all_closed']);
    const t2 = result.infeasibility!.byTownship.find((t) => t.townshipCode === 'T2')!;
    expect(t2.findings.find((f) => f.limit === 'no_school_in_reach')!.unitCodes).toEqual(['vC']);
  });

  it('rejects unknown or contradictory list entries', () => {
    expect(() => ConsolidationModel.fromInputs(world1(), { mustKeep: ['X'] })).toThrow(ConsolidationInputError);
    expect(() => ConsolidationModel.fromInputs(world1(), { mustKeep: ['A'], mustClose: ['A'] })).toThrow(/both/);
  });
});

/**
 * World 2: world 1 plus two small schools farther east.
 *   C at 20 km (T2, 6 classes), village vC at 20 km (60 pupils): D is 6 km away, beyond 5 km, so vC has only C.
 *   D at 26 km (T3, 6 classes), village vD at 24.5 km (60 pupils): D 1.5 km, C 4.5 km.
 * C is forced open by vC; D is T3's only primary school.
 */
function world2(): ConsolidationInputs {
  const w = world1({ c: { km: 20, enrolment: 60 } });
  return {
    ...w,
    schools: [...w.schools, school({ code: 'D', km: 26, township: 'T3', enrolment: 70, classes: 6 })],
    units: [unit('vA', 0, 'T1'), unit('vB', 3, 'T1'), unit('vC', 20, 'T2'), unit('vD', 24.5, 'T3')],
    demand: [...w.demand, ...demand('vD', YEAR, 10)],
  };
}

describe('ConsolidationModel: township rule and infeasibility', () => {
  it('N = 1 is infeasible: C (only school of vC) and D (only primary of T3) both stay small', async () => {
    const model = ConsolidationModel.fromInputs(world2(), { ...HAND, maxSmallSchools: 1 });
    expect(model.precheck().forcedSmallSchools.sort()).toEqual(['C', 'D']);
    const events: string[] = [];
    const result = await model.solve({ onProgress: (e) => events.push(e.phase) });
    expect(result.status).toBe('infeasible');
    expect(result.plan).toBeNull();
    const why = result.infeasibility!;
    expect(why.forcedSmallSchools).toBe(2);
    expect(why.minimumSmallSchools).toBe(2);
    expect(why.minimumProved).toBe(true);
    expect(why.summary).toMatch(/no fewer than 2/);
    const township = (code: string) => why.byTownship.find((t) => t.townshipCode === code)!;
    const byTownship = { T2: township('T2'), T3: township('T3') };
    expect(byTownship.T2.smallSchools).toEqual(['C']);
    expect(byTownship.T2.findings.map((f) => [f.limit, f.schoolCode, f.unitCodes])).toEqual([['sole_school_in_reach', 'C', ['vC']]]);
    expect(byTownship.T3.smallSchools).toEqual(['D']);
    expect(byTownship.T3.findings.map((f) => [f.limit, f.schoolCode])).toEqual([['township_rule', 'D']]);
    // B closes in the smallest plan too (otherwise it would be a third small school).
    expect(why.minimumPlan!.schools.find((s) => s.code === 'B')!.decision).toBe('close');
    expect(events).toEqual(['model built', 'explaining', 'explaining']);
    // The precheck already rules the cap out (2 forced small > N = 1): no plan solve, straight to the explanation.
    expect(result.solves.map((x) => [x.model, x.status])).toEqual([
      ['min_small', 'optimal'],
      ['plan_at_minimum', 'optimal'],
    ]);
  });

  it('waiving T3 lets D close: vD rides 4.5 km to C, which stays small (N = 1)', async () => {
    // Open: A, C. Travel: vB 120 x 3 + vD 60 x 4.5 = 630 pupil-km x 400 = 252,000; + 400,000 = 652,000.
    const model = ConsolidationModel.fromInputs(world2(), { ...HAND, maxSmallSchools: 1, townshipWaivers: ['T3'] });
    const result = await model.solve();
    expect(result.status).toBe('optimal');
    expect(result.objective).toBeCloseTo(652_000, 0);
    const byCode = Object.fromEntries(result.plan!.schools.map((s) => [s.code, s]));
    expect(byCode.D.decision).toBe('close');
    expect(byCode.C.villagesReceived).toEqual(['vD']);
    expect(byCode.C.enrolmentAfter).toBeCloseTo(120, 6);
    expect(result.plan!.kpis.smallSchoolsAfter).toBe(1);
    expect(result.plan!.kpis.maxTravelAfterKm).toBeCloseTo(4.5, 9);
  });

  it('without the township rule the same plan is found', async () => {
    const model = ConsolidationModel.fromInputs(world2(), { ...HAND, maxSmallSchools: 1, keepPrimaryPerTownship: false });
    const result = await model.solve();
    expect(result.objective).toBeCloseTo(652_000, 0);
  });
});

/**
 * World 3 (junior, boarding): J1 at 0 km (300 pupils, 6 classes x 50 = 300 seats), J2 at 9 km (150 pupils);
 * village w1 at 0 km with 200 junior pupils, w2 at 9 km with 90. 9 km is beyond the 5 km day limit, so w2 can
 * move to J1 only as boarders, and only if J1 has boarding places.
 */
function world3(boardingPlaces: number): ConsolidationInputs {
  return {
    schools: [
      school({ code: 'J1', km: 0, township: 'T1', enrolment: 300, classes: 6, stages: ['junior'], boardingPlaces }),
      school({ code: 'J2', km: 9, township: 'T2', enrolment: 150, classes: 6, stages: ['junior'] }),
    ],
    units: [unit('w1', 0, 'T1'), unit('w2', 9, 'T2')],
    demand: [...demand('w1', YEAR, 0, 200 / 3), ...demand('w2', YEAR, 0, 30)],
    targetYear: YEAR,
  };
}

describe('ConsolidationModel: boarding', () => {
  it('closes J2 when J1 has 100 boarding places: 90 new boarders ride 9 km', async () => {
    // 90 x 9 x 400 = 324,000 + one open school 200,000 = 524,000
    const model = ConsolidationModel.fromInputs(world3(100), { ...HAND, maxSmallSchools: 0 });
    const result = await model.solve();
    expect(result.status).toBe('optimal');
    expect(result.objective).toBeCloseTo(524_000, 0);
    const plan = result.plan!;
    expect(plan.schools.find((s) => s.code === 'J2')!.decision).toBe('close');
    expect(plan.kpis.newBoarders).toBeCloseTo(90, 6);
    expect(plan.villages.filter((v) => v.moved).every((v) => v.boarding && v.band === 'junior')).toBe(true);
  });

  it('is infeasible with 50 boarding places and names the limit', async () => {
    const model = ConsolidationModel.fromInputs(world3(50), { ...HAND, maxSmallSchools: 0 });
    const result = await model.solve();
    expect(result.status).toBe('infeasible');
    const why = result.infeasibility!;
    expect(why.minimumSmallSchools).toBe(1);
    expect(why.findings.map((f) => [f.limit, f.schoolCode, f.townshipCode])).toEqual([['capacity_or_travel_elsewhere', 'J2', 'T2']]);
  });

  it('without boarding places nobody may move 9 km and J2 cannot close', async () => {
    const model = ConsolidationModel.fromInputs(world3(0), { ...HAND, maxSmallSchools: 0 });
    const pre = model.precheck();
    expect(pre.forcedSmallSchools).toEqual(['J2']);
    const result = await model.solve();
    expect(result.status).toBe('infeasible');
    expect(result.infeasibility!.findings[0]).toMatchObject({ limit: 'sole_school_in_reach', schoolCode: 'J2', unitCodes: ['w2'] });
  });
});

/**
 * World 4 (re-zoning): A at 0 km and B at 4 km, 6 classes (270 seats) each, township T1, both kept (mustKeep).
 *   vA at 0 km: 150 pupils (catchment A); vB at 4 km: 190 pupils (catchment B);
 *   vX at 3.5 km: 60 pupils, catchment A (3.5 km) although B is 0.5 km away.
 * Status quo 2027: A 210, B 190 (small). N = 1, no move cost.
 */
function world4(): ConsolidationInputs {
  return {
    schools: [
      school({ code: 'A', km: 0, township: 'T1', enrolment: 210, classes: 6 }),
      school({ code: 'B', km: 4, township: 'T1', enrolment: 190, classes: 6 }),
    ],
    units: [unit('vA', 0, 'T1'), unit('vB', 4, 'T1'), unit('vX', 3.5, 'T1')],
    demand: [...demand('vA', YEAR, 25), ...demand('vB', YEAR, 190 / 6), ...demand('vX', YEAR, 10)],
    catchments: [catchment('A-primary', 'primary', ['A'], ['vA', 'vX']), catchment('B-primary', 'primary', ['B'], ['vB'])],
    targetYear: YEAR,
  };
}

describe('ConsolidationModel: re-zoning between open schools', () => {
  const keep: ConsolidationOptions = { ...HAND, maxSmallSchools: 1, mustKeep: ['A', 'B'] };
  it('is off by default: nobody moves', async () => {
    // 2 open x 200,000 + vX 60 x 3.5 km x 400 = 84,000 -> 484,000
    const result = await ConsolidationModel.fromInputs(world4(), keep).solve();
    expect(result.objective).toBeCloseTo(484_000, 0);
    expect(result.plan!.kpis.pupilsMoved).toBe(0);
    expect(result.plan!.villages.every((v) => !v.moved)).toBe(true);
  });

  it('when allowed, is bounded, never takes A under 200, and does not lift B out of "small"', async () => {
    // t pupils of vX to B save 3 km each: 484,000 - 1,200 t; A keeps 210 - t >= 200, so t = 10 -> 472,000.
    const result = await ConsolidationModel.fromInputs(world4(), { ...keep, rezoning: { maxPupils: 100 } }).solve();
    expect(result.status).toBe('optimal');
    expect(result.objective).toBeCloseTo(472_000, 0);
    const plan = result.plan!;
    const byCode = Object.fromEntries(plan.schools.map((s) => [s.code, s]));
    expect(byCode.A.enrolmentAfter).toBeCloseTo(200, 4);
    expect(byCode.B.enrolmentAfter).toBeCloseTo(200, 4);
    expect(byCode.B.pupilsRezonedIn).toBeCloseTo(10, 4);
    expect(byCode.B.smallAfter).toBe(true); // 190 of its own
    expect(plan.kpis.pupilsRezoned).toBeCloseTo(10, 4);
    expect(plan.kpis.pupilsMovedByClosure).toBe(0);
    const moved = plan.villages.filter((v) => v.moved);
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.every((v) => v.unitCode === 'vX' && v.reason === 'rezoning' && v.year === 2027 && v.toSchool === 'B')).toBe(true);
    // A limit of 4 pupils: 484,000 - 4 x 1,200 = 479,200
    const bounded = await ConsolidationModel.fromInputs(world4(), { ...keep, rezoning: { maxPupils: 4 } }).solve();
    expect(bounded.objective).toBeCloseTo(479_200, 0);
  });
});

describe('ConsolidationModel: inputs and options', () => {
  it('reads current schools from catchments and never mutates its inputs', () => {
    const inputs = world1();
    inputs.catchments = [catchment('c1', 'primary', ['A'], ['vA', 'vB'])];
    const frozen = JSON.stringify(inputs);
    const model = ConsolidationModel.fromInputs(inputs, HAND);
    expect(JSON.stringify(inputs)).toBe(frozen);
    const inst = model.instance;
    const currentOf = (code: string) =>
      inst.demands.filter((d) => inst.units[d.unit].code === code).map((d) => [inst.schools[d.current!].code, d.currentSource]);
    expect(currentOf('vB')).toEqual([
      ['A', 'catchment'],
      ['A', 'catchment'],
    ]);
    expect(currentOf('vC')[0]).toEqual(['C', 'nearest']);
    expect(model.warnings[0]).toMatch(/nearest/);
  });

  it('lower grades stay within the day distance; candidate arcs are the current school plus the k nearest', () => {
    const model = ConsolidationModel.fromInputs(world2(), { ...HAND, candidatesPerVillage: 1 });
    const inst = model.instance;
    const arcsOf = (code: string, band: string) =>
      inst.demands
        .filter((d) => inst.units[d.unit].code === code && d.band === band)
        .flatMap((d) => d.arcs.map((a) => inst.schools[inst.arcs[a].school].code));
    expect(arcsOf('vD', 'lower')).toEqual(['D', 'C']);
    expect(arcsOf('vC', 'lower')).toEqual(['C']);
    expect(arcsOf('vA', 'upper')).toEqual(['A', 'B']);
  });

  it('keeps moves inside the unit county unless the scenario names the pair (the current school stays a candidate)', () => {
    const inputs = world1();
    inputs.schools = inputs.schools.map((s) => (s.code === 'B' ? { ...s, countyCode: '330803' } : s));
    const arcsOf = (model: ConsolidationModel, code: string) => {
      const inst = model.instance;
      const d = inst.demands.find((x) => inst.units[x.unit].code === code && x.band === 'lower')!;
      return d.arcs.map((a) => inst.schools[inst.arcs[a].school].code);
    };
    const same = ConsolidationModel.fromInputs(inputs, HAND);
    expect(arcsOf(same, 'vA')).toEqual(['A']);
    expect(arcsOf(same, 'vB')).toEqual(['B', 'A']);
    expect(arcsOf(ConsolidationModel.fromInputs(inputs, { ...HAND, crossCountyPairs: [['330803', '330802']] }), 'vA')).toEqual(['A', 'B']);
  });

  it('splits a nine-year school into primary and junior seats by grades; large schools are kept open', () => {
    const nine = school({ code: 'N', km: 1, township: 'T1', enrolment: 500, classes: 18, stages: ['primary', 'junior'] });
    const inputs: ConsolidationInputs = {
      schools: [nine],
      units: [unit('v', 1, 'T1')],
      demand: demand('v', YEAR, 30, 40),
      targetYear: YEAR,
    };
    const inst = ConsolidationModel.fromInputs(inputs, HAND).instance;
    // 18 classes x 6/9 = 12 primary classes x 45 = 540; 6 junior classes x 50 = 300 (pupils 500 x 6/9 = 333 < 540).
    expect(inst.schools[0].seats.primary).toBeCloseTo(540, 9);
    expect(inst.schools[0].seats.junior).toBeCloseTo(300, 9);
    expect(inst.schools[0].mode).toBe('open');
    expect(inst.schools[0].fixed).toBe('large');
  });

  it('plans on the seats the warnings read: approved seats when recorded, else classes x norm (never current pupils)', () => {
    // A: 12 classes (540 at 45) but 400 approved seats -> 400 (stageSeats of @app/warnings-model, the world's definition);
    // B: over-full, 6 classes (270) with 300 pupils and no approved seats -> 270, not max(270, 300).
    const inputs = world1({ a: { approvedSeats: 400 }, b: { enrolment: 300 } });
    const inst = ConsolidationModel.fromInputs(inputs, HAND).instance;
    const seats = (code: string) => inst.schools.find((x) => x.code === code)!.seats.primary;
    expect([seats('A'), seats('B'), seats('C')]).toEqual([400, 270, 270]);
    // The former basis is still available by name: max(classes x norm, current pupils).
    const old = ConsolidationModel.fromInputs(inputs, { ...HAND, capacityBasis: 'norm_or_current' }).instance;
    expect(old.schools.map((x) => x.seats.primary)).toEqual([540, 300, 270]);
  });

  it('takes its status quo from the world: split units are one demand pair per school, enrolment counted by the factor', () => {
    // The world places vB's 120 pupils half at B, half at A, and counts A's enrolment at 0.9 per placed pupil.
    const inputs: ConsolidationInputs = {
      ...world1(),
      placement: (u) =>
        u === 'vB'
          ? [
              { schoolCode: 'B', share: 0.5 },
              { schoolCode: 'A', share: 0.5 },
            ]
          : [],
      enrolmentFactor: (code) => (code === 'A' ? 0.9 : 1),
    };
    const inst = ConsolidationModel.fromInputs(inputs, HAND).instance;
    const vB = inst.demands.filter((d) => inst.units[d.unit].code === 'vB');
    // Two bands (1-3, 4-6) x two current schools, 30 pupils each.
    expect(vB.map((d) => [d.band, inst.schools[d.current!].code, d.pupils])).toEqual([
      ['lower', 'B', 30],
      ['upper', 'B', 30],
      ['lower', 'A', 30],
      ['upper', 'A', 30],
    ]);
    // A's status quo: 0.9 x (240 of vA + 60 of vB) = 270; B: 60 (small); C: 60.
    expect(analyse(inst).statusQuo).toEqual([270, 60, 60].map((x) => expect.closeTo(x, 9)));
    expect(inst.warnings).toContain("1 unit-stage pairs are split between schools as the run's world places them");
  });

  it('can be cancelled before and during a solve', async () => {
    const before = new AbortController();
    before.abort();
    const model = ConsolidationModel.fromInputs(world1(), HAND);
    expect((await model.solve({ signal: before.signal })).status).toBe('cancelled');
    const during = new AbortController();
    const phases: string[] = [];
    const running = model.solve({ signal: during.signal, onProgress: (e) => phases.push(e.phase) });
    during.abort();
    const result = await running;
    expect(result.status).toBe('cancelled');
    expect(result.plan).toBeNull();
    expect(phases).toEqual(['model built', 'solving']);
  });

  it('maps solver outcomes: time limit without a plan, a plan above the gap', async () => {
    const model = ConsolidationModel.fromInputs(world1(), { ...HAND, maxSmallSchools: 1 });
    const timeUp = new TamperingBackend(() => ({ status: 'time_limit', message: 'time limit reached', backend: 'tampering', seconds: 1 }));
    expect((await model.solve({ backend: timeUp })).status).toBe('time_limit');
    const early = new TamperingBackend((r) => (hasSolution(r) ? { ...r, status: 'feasible', gap: 0.02 } : r));
    const result = await model.solve({ backend: early });
    expect(result.status).toBe('feasible');
    expect(result.gap).toBe(0.02);
    expect(result.message).toMatch(/time limit/);
    expect(result.plan!.check.ok).toBe(true);
  });

  it('re-checks the plan itself: an answer closing B without placing its pupils is an error', async () => {
    const model = ConsolidationModel.fromInputs(world1(), { ...HAND, maxSmallSchools: 1 });
    const form = model.buildModel();
    const inst = model.instance;
    const b = inst.schools.findIndex((s) => s.code === 'B');
    // Close B in the values without moving its pupils anywhere (a backend bug the plan check must catch).
    const bad = new TamperingBackend((r) => {
      if (!hasSolution(r)) return r;
      const values = [...r.values];
      for (const a of inst.arcs)
        if (inst.demands[a.demand].current === b && form.share[a.index]) for (const v of form.share[a.index]!) values[v] = 0;
      for (const v of form.open[b]!) values[v] = 0;
      return { ...r, values };
    });
    const result = await model.solve({ backend: bad });
    expect(result.status).toBe('error');
    expect(result.plan).toBeNull();
    expect(result.message).toMatch(/vB\/lower 2027: 0 of 60 pupils placed/);
  });

  it('rejects malformed options', () => {
    expect(() => ConsolidationModel.fromInputs(world1(), { detourFactor: 0.5 })).toThrow(ConsolidationInputError);
    expect(() => ConsolidationModel.fromInputs(world1(), { maxSmallSchools: -1 })).toThrow(/maxSmallSchools/);
  });
});

/**
 * Toy region for the phased plan (one county 330802, township T1, base year 2025, window 2026-2028, target 2027,
 * N = 0, K = 1 closure per county and year, no move cost):
 *   A at 0 km: 450 pupils today (large: kept), 12 classes = 540 seats; vA at 0 km: 300 pupils every year.
 *   B at 4.5 km: 4 classes = 180 seats, maxClasses 6; vB at 4.5 km: 120 pupils in 2026-2027, 90 in 2028.
 *   C at 5 km: 4 classes = 180 seats, no room; vC at 5 km: 90 pupils every year.
 * B and C are small (120, 90): both must close by 2027 or one must absorb the other.
 *   (a) C merges into B (0.5 km): B needs 210 - 180 = 30 more seats = 1 class, which can be built in 2026 at the
 *       earliest (ready for 2027), so C closes in 2027. Operating 2026: 3 x 200,000; 2027-2028: 2 x 200,000 each
 *       = 1,400,000. Travel vC: 90 x 0.5 x 400 = 18,000 in 2027 and 2028 = 36,000. Class: 120,000 x 2 = 240,000.
 *       Total 1,676,000.
 *   (b) both to A (4.5 and 5 km), one per year (K = 1). C in 2026, B in 2027: operating 3 + 1 school-years +
 *       ... = 4 x 200,000 = 800,000; travel vC 90 x 5 x 400 = 180,000 x 3 = 540,000; vB 120 x 4.5 x 400 = 216,000
 *       (2027) + 90 x 4.5 x 400 = 162,000 (2028) = 378,000. Total 1,718,000. B in 2026, C in 2027: 800,000 +
 *       216,000 x 2 + 162,000 + 180,000 x 2 = 1,754,000.
 *   (c) B into C: C has 90 free seats and no room: C would stay under 200. Splits do no better than (a).
 * Optimum (a): 1,676,000. In 2028 B has 90 + 90 = 180 < 200: the cap no longer holds and B crosses the line.
 */
describe('ConsolidationModel: phased toy region', () => {
  function toy(): ConsolidationInputs {
    const rows = [2026, 2027, 2028].flatMap((y) => [
      ...demand('vA', y, 50),
      ...demand('vB', y, y === 2028 ? 15 : 20),
      ...demand('vC', y, 15),
    ]);
    return {
      schools: [
        school({ code: 'A', km: 0, township: 'T1', enrolment: 450, classes: 12 }),
        school({ code: 'B', km: 4.5, township: 'T1', enrolment: 120, classes: 4, maxClasses: 6 }),
        school({ code: 'C', km: 5, township: 'T1', enrolment: 90, classes: 4 }),
      ],
      units: [unit('vA', 0, 'T1'), unit('vB', 4.5, 'T1'), unit('vC', 5, 'T1')],
      demand: rows,
      targetYear: 2027,
      baseYear: 2025,
    };
  }
  const options: ConsolidationOptions = { ...HAND, closureWindow: { last: 2028 }, maxSmallSchools: 0, maxClosuresPerCountyPerYear: 1 };

  /*
   * The optimum by hand. Window 2026-2028 (base 2025), target 2027, N = 0 (no school under 200 in 2027), K = 1 closure
   * per county and year, detour 1, F = 200,000 per school-year, E = 120,000 per class-year, 400 per pupil-km, no move
   * cost. Villages sit at their schools (stayers travel 0). A: 540 seats, 300 pupils (vA). B: 4 classes = 180 seats,
   * room for 2 more, 120 pupils (vB; 90 in 2028). C: 180 seats, no room, 90 pupils (vC). B and C are small in 2027.
   * Classes can be added for use from 2027 only (built in 2026, after the base year), so nothing closes into a school
   * that needs classes in 2026.
   * (a) C -> B in 2027 (0.5 km): B needs 210 seats, spare 180 - 120 = 60 < 90, so 1 class in 2027 and 2028 (kept):
   *     operating A 3 + B 3 + C 1 (2026) school-years = 7 x 200,000 = 1,400,000; classes 2 x 120,000 = 240,000;
   *     travel 90 x 0.5 x 400 x 2 years = 36,000; total 1,676,000. B has 210 in 2027 (not small), 180 in 2028.
   * (b) C -> A in 2027 (5 km, the day limit): 1,400,000 + 90 x 5 x 400 x 2 = 360,000: 1,760,000.
   * (c) B -> A in 2026 (4.5 km; C has no room for 120) and C -> A in 2027 (K = 1 a year): operating A 3 + C 1 = 800,000;
   *     travel B 120 x 4.5 x 400 x 2 + 90 x 4.5 x 400 = 594,000, C 90 x 5 x 400 x 2 = 360,000: 1,754,000.
   * (d) C -> A in 2026 and B -> A in 2027: 800,000 + 540,000 + 378,000 = 1,718,000.
   * (e) C -> B in 2026 cannot be (60 spare seats, no class before 2027); part to B, part to A in 2026 leaves B at
   *     180 < 200 in 2027 (moved shares never move again), and closing C in 2028 leaves it small in 2027.
   * So (a) is optimal at 1,676,000: one closure, a year after its receiving class is ready (先建后撤), no re-zoning,
   * within the county.
   */
  it('merges C into B in 2027 after B adds a class ready in 2026 (1,676,000)', async () => {
    const result = await ConsolidationModel.fromInputs(toy(), options).solve({ mipRelGap: 1e-9 });
    expect(result.status).toBe('optimal');
    expect(result.objective).toBeCloseTo(1_676_000, 0);
    expect(result.bound!).toBeLessThanOrEqual(result.objective! + 1e-6);
    expect(result.stats.years).toEqual([2026, 2027, 2028]);
    const plan = result.plan!;
    expect(plan.check).toEqual({ ok: true, problems: [] });
    const byCode = Object.fromEntries(plan.schools.map((s) => [s.code, s]));
    expect(byCode.C).toMatchObject({ decision: 'close', closureYear: 2027, closureKind: 'merge', closureRule: 'small_school_cap' });
    expect(byCode.B.decision).toBe('keep');
    expect(byCode.B.expansions).toEqual([{ stage: 'primary', classes: 1, readyYear: 2026, forClosures: ['C'] }]);
    expect(byCode.B.enrolmentByYear).toEqual({ 2026: 120, 2027: 210, 2028: 180 });
    expect(byCode.C.enrolmentByYear).toEqual({ 2026: 90, 2027: 0, 2028: 0 });
    const moves = plan.villages.filter((v) => v.moved);
    expect(moves.map((v) => [v.unitCode, v.band, v.fromSchool, v.toSchool, v.year, v.reason])).toEqual([
      ['vC', 'lower', 'C', 'B', 2027, 'merge'],
      ['vC', 'upper', 'C', 'B', 2027, 'merge'],
    ]);
    expect(moves[0].pupils).toBeCloseTo(45, 6);
    expect(moves[0].travelBeforeKm).toBeCloseTo(0, 9);
    expect(moves[0].travelAfterKm).toBeCloseTo(0.5, 9);
    expect(plan.kpis.closuresByYear).toEqual({ 2027: 1 });
    expect([plan.kpis.pupilsRezoned, plan.kpis.crossCountyTransfers]).toEqual([0, 0]);
    expect(plan.kpis.cost).toEqual({
      travel: expect.closeTo(36_000, 3),
      moves: 0,
      operating: 1_400_000,
      expansion: 240_000,
      total: expect.closeTo(1_676_000, 3),
    });
    expect(plan.kpis.smallSchoolsAfter).toBe(0);
    expect(plan.laterYears).toEqual([{ year: 2028, smallSchools: 1, capHolds: false, crossing: ['B'] }]);
    // The dossier of C: where vC's pupils go, B's classes 4 -> 5 ready in 2026, the rule, the costs.
    const inputs = toy();
    const [d] = closureDossiers(plan, inputs.schools);
    expect(d).toMatchObject({ code: 'C', closureYear: 2027, kind: 'merge', rule: 'small_school_cap', boardingPlacesNeeded: 0 });
    expect(d.receivers).toEqual([{ code: 'B', name: 'School B', classesBefore: 4, classesAfter: 5, readyYear: 2026, pupilsReceived: 90 }]);
    expect(d.moves.map((m) => [m.unitCode, m.band, m.toSchool, m.year, m.pupils])).toEqual([
      ['vC', 'lower', 'B', 2027, 45],
      ['vC', 'upper', 'B', 2027, 45],
    ]);
    // 90 pupils x 0.5 km x 400 = 18,000 a year more travel; one class 120,000 a year; 200,000 a year saved.
    expect(d.costs).toEqual({
      operatingSavedPerYear: 200_000,
      travelAddedPerYear: expect.closeTo(18_000, 3),
      expansionPerYear: 120_000,
      moveCostOnce: 180_000,
    });
    expect(dossierHtml(d)).toContain('合并论证材料');
    const summaries = countySummaries(plan, [d]);
    expect(summaries).toEqual([
      {
        countyCode: '330802',
        closuresByYear: { 2027: ['C'] },
        pupilsMoved: 90,
        boardingPlacesNeeded: 0,
        classesAdded: 1,
        smallSchoolsAfter: [],
      },
    ]);
    const wb = await loadWorkbook(await dossierWorkbook(summaries, [d]));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['县域汇总', 'C']);
  });

  it('with K = 0 nothing may close: infeasible, explained by the pace limit', async () => {
    const result = await ConsolidationModel.fromInputs(toy(), { ...options, maxClosuresPerCountyPerYear: 0 }).solve();
    expect(result.status).toBe('infeasible');
    const why = result.infeasibility!;
    expect(why.minimumSmallSchools).toBe(2);
    expect(why.findings.map((f) => [f.limit, f.schoolCode]).sort()).toEqual([
      ['closures_per_year', 'B'],
      ['closures_per_year', 'C'],
    ]);
  });
});

describe('ConsolidationModel: merge pairs, teaching points, travel minutes', () => {
  it('a merge pair closes exactly one school onto the better site', async () => {
    // At 100,000 a site nothing pays to close: 3 x 100,000 = 300,000. Merging A and B: B onto A (A has 300 free
    // seats; B has 150 for A's 240): 2 x 100,000 + 120 x 3 km x 400 = 344,000.
    const cheap = { ...HAND, maxSmallSchools: 2, fixedCostPerSchool: 100_000 };
    expect((await ConsolidationModel.fromInputs(world1(), cheap).solve()).objective).toBeCloseTo(300_000, 0);
    const result = await ConsolidationModel.fromInputs(world1(), { ...cheap, mergePairs: [['A', 'B']] }).solve();
    expect(result.objective).toBeCloseTo(344_000, 0);
    const b = result.plan!.schools.find((s) => s.code === 'B')!;
    expect(b).toMatchObject({ decision: 'close', closureKind: 'merge', closureRule: 'merge_pair' });
    expect(result.plan!.villages.filter((v) => v.moved).every((v) => v.toSchool === 'A' && v.reason === 'merge')).toBe(true);
  });

  it('teaching points the data marks are not counted when the scenario says so; else they close into the central school', async () => {
    const inputs = world1();
    inputs.schools = inputs.schools.map((s) => (s.code === 'B' ? { ...s, attributes: { teaching_point: '是', central_school: 'A' } } : s));
    // Exempt: B (120 pupils) does not count, C is the one small school; nothing closes at 100,000 a site.
    const exempt = await ConsolidationModel.fromInputs(inputs, {
      ...HAND,
      maxSmallSchools: 1,
      fixedCostPerSchool: 100_000,
      teachingPointsExempt: true,
    }).solve();
    expect(exempt.objective).toBeCloseTo(300_000, 0);
    expect(exempt.plan!.smallSchoolsByCounty).toEqual({ '330802': ['C'] });
    expect(exempt.plan!.schools.find((s) => s.code === 'B')!).toMatchObject({ teachingPoint: true, smallAfter: false });
    // Counted (default): B must close, its pupils go to the central school A: 144,000 + 2 x 200,000 = 544,000.
    const counted = await ConsolidationModel.fromInputs(inputs, { ...HAND, maxSmallSchools: 1 }).solve();
    expect(counted.objective).toBeCloseTo(544_000, 0);
    expect(counted.plan!.villages.filter((v) => v.moved).map((v) => [v.toSchool, v.reason])).toEqual([
      ['A', 'teaching_point'],
      ['A', 'teaching_point'],
    ]);
  });

  it('takes minutes from the travel function: grades 1-3 at most 30 minutes', async () => {
    // 10 minutes per km: vB -> A is 30 minutes, allowed; at 11 minutes per km (33 minutes) grades 1-3 of vB cannot
    // move, so B cannot close and N = 1 is infeasible.
    const minutes = (perKm: number) => (from: { position: readonly [number, number] }, to: { position: readonly [number, number] }) => {
      const km = Math.abs(from.position[0] - to.position[0]) * KM_PER_DEGREE;
      return { km, minutes: km * perKm };
    };
    const ok = await ConsolidationModel.fromInputs({ ...world1(), travel: minutes(10) }, { ...HAND, maxSmallSchools: 1 }).solve();
    expect(ok.objective).toBeCloseTo(544_000, 0);
    const lower = ok.plan!.villages.find((v) => v.moved && v.band === 'lower')!;
    expect(lower.travelAfterMinutes).toBeCloseTo(30, 6);
    expect(lower.travelBeforeMinutes).toBeCloseTo(0, 6);
    const far = await ConsolidationModel.fromInputs({ ...world1(), travel: minutes(11) }, { ...HAND, maxSmallSchools: 1 }).solve();
    expect(far.status).toBe('infeasible');
    expect(far.infeasibility!.findings.find((f) => f.schoolCode === 'B')!.limit).toBe('sole_school_in_reach');
  });
});
