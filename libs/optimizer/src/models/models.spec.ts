import { CapacitatedFacilityLocation } from './cflp';
import { UncapacitatedFacilityLocation } from './ufl';
import { PMedian } from './p-median';
import { MaximalCovering } from './mclp';
import { SetCovering } from './set-covering';
import { SparseCostMatrix } from './cost-matrix';
import type { FacilitySolution } from './facility-solution';
import { HighsBackend } from '../highs-backend';
import { JsLpSolverBackend } from '../jsLpSolver-backend';

function expectOptimal(solution: FacilitySolution, objective: number, open: number[]): void {
  expect(solution.status).toBe('optimal');
  expect(solution.verification?.ok).toBe(true);
  expect(Math.abs((solution.objective ?? NaN) - objective)).toBeLessThan(1e-6 * Math.max(1, objective));
  expect(solution.openFacilities).toEqual(open);
}

describe('CapacitatedFacilityLocation', () => {
  // Per-unit costs, demand 10 each. Capacities 15 and 25: neither alone holds 30, so both open (200).
  // Facility 0 takes 15 units of points 0/1 at cost 1; the other 5 go to facility 1 at 5; point 2 goes to
  // facility 1 at 1. Transport 15 + 25 + 10 = 50, total 250, with one point split between facilities.
  const input = {
    costs: [
      [1, 5],
      [1, 5],
      [5, 1],
    ],
    demands: [10, 10, 10],
    capacities: [15, 25],
    fixedCosts: [100, 100],
  };

  it.each([true, false])('finds the hand-computed optimum with split demand (strengthen %s)', async (strengthen) => {
    const solution = await CapacitatedFacilityLocation.fromCostMatrix({ ...input, strengthen }).solve(new HighsBackend());
    expectOptimal(solution, 250, [0, 1]);
    const served = [0, 0, 0];
    for (const a of solution.assignments) served[a.demand] += a.fraction;
    served.forEach((s) => expect(s).toBeCloseTo(1, 9));
    const split = solution.assignments.filter((a) => a.fraction < 1 - 1e-9);
    expect(split.length).toBe(2);
  });

  it('opens only the cheap big facility when it holds everything', async () => {
    // Capacity 40 at facility 1: 100 + 50 + 50 + 10 = 210 beats opening both (250).
    const solution = await CapacitatedFacilityLocation.fromCostMatrix({ ...input, capacities: [15, 40] }).solve();
    expectOptimal(solution, 210, [1]);
  });

  it('agrees with javascript-lp-solver on the small case', async () => {
    const solution = await CapacitatedFacilityLocation.fromCostMatrix(input).solve(new JsLpSolverBackend());
    expectOptimal(solution, 250, [0, 1]);
  });

  it('fails fast when total capacity is below total demand', async () => {
    const solution = await CapacitatedFacilityLocation.fromCostMatrix({ ...input, capacities: [10, 10] }).solve();
    expect(solution).toMatchObject({ status: 'infeasible', precheckFailed: true, backend: null });
    expect(solution.message).toContain('total capacity 20 is below total demand 30');
  });

  it('fails fast when a demand point has no facility in reach', async () => {
    const costs = [
      [1, 5],
      [1, null],
      [null, null],
    ];
    const solution = await CapacitatedFacilityLocation.fromCostMatrix({ ...input, costs }).solve();
    expect(solution.status).toBe('infeasible');
    expect(solution.message).toBe('demand point 2 has no facility in reach');
  });

  it('fails fast when the facilities in reach of a point are too small', async () => {
    const costs = [
      [1, 5],
      [1, 5],
      [1, null],
    ];
    const solution = await CapacitatedFacilityLocation.fromCostMatrix({ ...input, capacities: [8, 40], costs }).solve();
    expect(solution.message).toBe('demand point 2 needs 10 but the facilities in reach hold only 8');
  });

  it('throws on malformed input', () => {
    expect(() => CapacitatedFacilityLocation.fromCostMatrix({ ...input, demands: [10, 10] })).toThrow('demands');
    expect(() => CapacitatedFacilityLocation.fromCostMatrix({ ...input, capacities: [15, -1] })).toThrow('capacities[1]');
  });
});

describe('UncapacitatedFacilityLocation', () => {
  // Fixed [5, 5, 7]; {0,1}: 10 + 0 + 0 + 6 = 16; {0,1,2}: 17; {2}: 7 + 12 = 19; {0,2}: 12 + 6 = 18; {0}: 19.
  const input = {
    costs: [
      [0, 8, 6],
      [8, 0, 6],
      [6, 6, 0],
    ],
    demands: [1, 1, 1],
    fixedCosts: [5, 5, 7],
  };

  it('finds the hand-computed optimum', async () => {
    const solution = await UncapacitatedFacilityLocation.fromCostMatrix(input).solve();
    expectOptimal(solution, 16, [0, 1]);
    expect(solution.assignments.find((a) => a.demand === 2)?.fraction).toBeCloseTo(1, 9);
  });

  it('weighs per-unit costs by demand', async () => {
    // Point 2 with demand 3: {0,1} costs 10 + 18 = 28, {0,1,2} costs 17, {0,2}/{1,2} cost 12 + 8 = 20.
    const solution = await UncapacitatedFacilityLocation.fromCostMatrix({ ...input, demands: [1, 1, 3] }).solve();
    expectOptimal(solution, 17, [0, 1, 2]);
  });

  it('fails fast on an unreachable demand point', async () => {
    const costs = SparseCostMatrix.fromDense(
      [
        [0, null, null],
        [null, null, null],
      ],
      3,
    );
    const solution = await UncapacitatedFacilityLocation.fromCostMatrix({ ...input, costs, demands: [1, 1] }).solve();
    expect(solution.message).toBe('demand point 1 has no facility in reach');
  });
});

describe('PMedian', () => {
  // Demands [1, 2, 1, 3]. p = 1: f0 = 1 + 6 + 6 + 6 = 19, f1 = 4 + 2 + 4 + 10.5 = 20.5, f2 = 29.
  // p = 2: {0,1} = 1 + 2 + 4 + 6 = 13, {0,2} = 1 + 6 + 1 + 6 = 14, {1,2} = 4 + 2 + 1 + 10.5 = 17.5.
  const input = {
    costs: [
      [1, 4, 6],
      [3, 1, 5],
      [6, 4, 1],
      [2, 3.5, 4],
    ],
    demands: [1, 2, 1, 3],
  };

  it('finds the hand-computed 1-median and 2-median', async () => {
    expectOptimal(await PMedian.fromCostMatrix({ ...input, p: 1 }).solve(), 19, [0]);
    expectOptimal(await PMedian.fromCostMatrix({ ...input, p: 2 }).solve(), 13, [0, 1]);
  });

  it('fails fast when p exceeds the candidates', async () => {
    const solution = await PMedian.fromCostMatrix({ ...input, p: 4 }).solve();
    expect(solution.message).toBe('p = 4 is larger than the 3 candidate facilities');
    expect((await PMedian.fromCostMatrix({ ...input, p: 0 }).solve()).status).toBe('infeasible');
  });
});

describe('MaximalCovering', () => {
  // Radius 3: facility 0 covers points 0 and 2 (weight 9), facility 1 covers point 1 (weight 7).
  const input = {
    costs: [
      [1, 9],
      [9, 1],
      [2, 9],
    ],
    demands: [5, 7, 4],
    coverageRadius: 3,
  };

  it('covers the most weight with p = 1 and everything with p = 2', async () => {
    const one = await MaximalCovering.fromCostMatrix({ ...input, p: 1 }).solve();
    expectOptimal(one, 9, [0]);
    expect(one.coveredDemands).toEqual([0, 2]);
    expect(one.coveredWeight).toBe(9);
    expect(one.assignments).toEqual([
      { demand: 0, facility: 0, fraction: 1 },
      { demand: 2, facility: 0, fraction: 1 },
    ]);
    const two = await MaximalCovering.fromCostMatrix({ ...input, p: 2 }).solve();
    expectOptimal(two, 16, [0, 1]);
  });

  it('leaves points beyond every facility uncovered rather than failing', async () => {
    const solution = await MaximalCovering.fromCostMatrix({ ...input, coverageRadius: 1.5, p: 2 }).solve();
    // Radius 1.5: point 2 (cost 2) is out of reach; points 0 and 1 are covered: 12.
    expectOptimal(solution, 12, [0, 1]);
    expect(solution.coveredDemands).toEqual([0, 1]);
  });

  it('fails fast when p exceeds the candidates', async () => {
    expect((await MaximalCovering.fromCostMatrix({ ...input, p: 3 }).solve()).status).toBe('infeasible');
  });
});

describe('SetCovering', () => {
  const costs = [
    [1, 9, 2],
    [9, 1, 2],
    [9, 9, 1],
  ];

  it('opens the single facility covering everyone within radius 2', async () => {
    expectOptimal(await SetCovering.fromCostMatrix({ costs, coverageRadius: 2 }).solve(), 1, [2]);
  });

  it('needs all three within radius 1, and weighs fixed costs', async () => {
    expectOptimal(await SetCovering.fromCostMatrix({ costs, coverageRadius: 1, fixedCosts: [2, 3, 4] }).solve(), 9, [0, 1, 2]);
  });

  it('fails fast on a point no facility covers', async () => {
    const solution = await SetCovering.fromCostMatrix({ costs, coverageRadius: 0.5 }).solve();
    expect(solution.status).toBe('infeasible');
    expect(solution.message).toContain('demand point 0 has no facility within the coverage radius 0.5');
  });
});
