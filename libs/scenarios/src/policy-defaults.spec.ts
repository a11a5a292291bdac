import { objectiveWeights, OBJECTIVE_WEIGHTS, policyDefaults } from './policy-defaults';

describe('policy objective and defaults', () => {
  it('maps each objective to the consolidation weights, explicit weights winning', () => {
    expect(objectiveWeights()).toEqual({ travelCostPerPupilKm: 400, fixedCostPerSchool: 200_000, expansionCostPerClass: 120_000, moveCostPerPupil: 2_000 });
    expect(objectiveWeights({ objective: 'travel' })).toEqual({ travelCostPerPupilKm: 400, fixedCostPerSchool: 0, expansionCostPerClass: 0, moveCostPerPupil: 0 });
    expect(objectiveWeights({ objective: 'fewest_schools' }).fixedCostPerSchool).toBe(20_000_000);
    expect(objectiveWeights({ objective: 'travel', moveCostPerPupil: 500 }).moveCostPerPupil).toBe(500);
    expect(Object.keys(OBJECTIVE_WEIGHTS)).toEqual(['cost', 'travel', 'fewest_schools']);
  });

  it('lists every default with its source', () => {
    const d = policyDefaults(120);
    expect(d).toHaveLength(15);
    expect(d.find((x) => x.field === 'smallSchoolCap')).toMatchObject({ value: 30, source: expect.stringContaining('action plan') });
    expect(d.find((x) => x.field === 'targetYear')?.value).toBe(2027);
    expect(d.find((x) => x.field === 'solverTimeLimitS')?.value).toBe(120);
    expect(d.every((x) => x.source.length > 10 && x.sourceZh.length > 3)).toBe(true);
    expect(d.find((x) => x.field === 'smallSchoolCap')?.sourceZh).toContain('行动计划');
  });
});
