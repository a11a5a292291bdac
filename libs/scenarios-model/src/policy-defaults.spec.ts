import { objectiveWeights, OBJECTIVE_WEIGHTS, policyDefaults, resolvePolicy } from './policy-defaults';

describe('policy objective and defaults', () => {
  it('maps each objective to the consolidation weights, explicit weights winning', () => {
    expect(objectiveWeights()).toEqual({
      travelCostPerPupilKm: 400,
      fixedCostPerSchool: 200_000,
      expansionCostPerClass: 120_000,
      moveCostPerPupil: 2_000,
    });
    expect(objectiveWeights({ objective: 'travel' })).toEqual({
      travelCostPerPupilKm: 400,
      fixedCostPerSchool: 0,
      expansionCostPerClass: 0,
      moveCostPerPupil: 0,
    });
    expect(objectiveWeights({ objective: 'fewest_schools' }).fixedCostPerSchool).toBe(20_000_000);
    expect(objectiveWeights({ objective: 'travel', moveCostPerPupil: 500 }).moveCostPerPupil).toBe(500);
    expect(Object.keys(OBJECTIVE_WEIGHTS)).toEqual(['cost', 'travel', 'fewest_schools']);
  });

  it('lists every default with its source', () => {
    const d = policyDefaults(120);
    expect(d).toHaveLength(15);
    expect(d.find((x) => x.field === 'maxSmallSchools')).toMatchObject({ value: 30, source: expect.stringContaining('action plan') });
    expect(d.find((x) => x.field === 'targetYear')?.value).toBe(2027);
    expect(d.find((x) => x.field === 'solverTimeLimitS')?.value).toBe(120);
    expect(d.every((x) => x.source.length > 10 && x.sourceZh.length > 3)).toBe(true);
    expect(d.find((x) => x.field === 'maxSmallSchools')?.sourceZh).toContain('行动计划');
  });

  it('resolves a policy with the defaults a run applies, set fields winning', () => {
    expect(resolvePolicy()).toEqual({
      targetYear: 2027,
      smallSchoolThreshold: 200,
      maxSmallSchools: 30,
      dayTravelKm: 5,
      boardingTravelKm: 15,
      detourFactor: 1.3,
      warningLevels: undefined,
    });
    const r = resolvePolicy({ maxSmallSchools: 25, targetYear: 2029, detourFactor: 1.5 });
    expect([r.maxSmallSchools, r.targetYear, r.detourFactor, r.dayTravelKm]).toEqual([25, 2029, 1.5, 5]);
    // Setting one warning level keeps the other at the warning config's default (yellow 0.9, red 1).
    expect(resolvePolicy({ warningRedAt: 1.2 }).warningLevels).toEqual([
      { level: 'yellow', atLeast: 0.9 },
      { level: 'red', atLeast: 1.2 },
    ]);
    expect(resolvePolicy({ warningYellowAt: 0.8 }).warningLevels).toEqual([
      { level: 'yellow', atLeast: 0.8 },
      { level: 'red', atLeast: 1 },
    ]);
  });

  it('lists the defaults resolvePolicy applies', () => {
    const listed = new Map(policyDefaults(120).map((x) => [x.field, x.value]));
    const r = resolvePolicy();
    for (const f of ['targetYear', 'maxSmallSchools', 'smallSchoolThreshold', 'dayTravelKm', 'boardingTravelKm', 'detourFactor'] as const)
      expect(listed.get(f)).toBe(r[f]);
  });
});
