import { HighsBackend } from '../highs-backend';
import { DEFAULT_PROGRESS_INTERVAL_MS, type SolveProgress } from '../solver';
import { CapacitatedFacilityLocation } from './cflp';
import { lagrangianBranchAndBound } from './facility-branch';
import { arcsByFacility, coverValue, evaluateOpenSet, facilitySubproblems, type FlatFacilityData } from './facility-lagrangian';
import { flatFacilityData } from './facility-structured';
import { cflpInstance, type CflpInstance } from '@app/testing';

/** Euclidean instance, costs for a point's whole demand, capacities `tightness` x the average share. */
function instance(seed: number, facilities: number, customers: number, equal: boolean, tightness: number): CflpInstance {
  return cflpInstance(seed, facilities, customers, equal, tightness, [100, 400]);
}

function cflp(inst: CflpInstance): CapacitatedFacilityLocation {
  return CapacitatedFacilityLocation.fromCostMatrix({ ...inst, costBasis: 'total' });
}

function flat(inst: CflpInstance): FlatFacilityData {
  const problem = cflp(inst);
  return flatFacilityData(problem.costs, problem.demands, problem.capacities, problem.fixedCosts, true);
}

/** Cheapest open set by enumerating all 2^m of them, each priced by the transportation problem. */
function bruteForce(data: FlatFacilityData): number {
  let best = Infinity;
  for (let mask = 1; mask < 1 << data.facilityCount; mask++) {
    const open = Uint8Array.from({ length: data.facilityCount }, (_, j) => (mask >> j) & 1);
    best = Math.min(best, evaluateOpenSet(data, open).cost);
  }
  return best;
}

/** The tree from scratch: no root fixings, multipliers at each point's cheapest arc, the all-open incumbent. */
async function treeFromScratch(data: FlatFacilityData): Promise<{ optimum: number; nodes: number; complete: boolean; bound: number }> {
  const nF = data.facilityCount;
  let ub = Infinity;
  const tryOpenSet = (open: Uint8Array): boolean => {
    const cost = evaluateOpenSet(data, open).cost;
    if (cost < ub) {
      ub = cost;
      return true;
    }
    return false;
  };
  tryOpenSet(new Uint8Array(nF).fill(1));
  const rootU = new Float64Array(data.demandCount);
  for (let i = 0; i < data.demandCount; i++) {
    rootU[i] = Infinity;
    for (let k = data.arcStart[i]; k < data.arcStart[i + 1]; k++) rootU[i] = Math.min(rootU[i], data.arcCost[k]);
  }
  const bounds: number[] = [];
  const outcome = await lagrangianBranchAndBound({
    data,
    byFacility: arcsByFacility(data),
    coverWeights: data.capacities,
    coverRequired: data.demands.reduce((a, b) => a + b, 0),
    equalWeights: data.capacities.every((s) => s === data.capacities[0]),
    rootState: new Int8Array(nF),
    rootU,
    rootBound: -Infinity,
    relGap: 1e-9,
    incumbent: () => ub,
    tryOpenSet,
    shouldStop: () => false,
    onBound: (bound) => bounds.push(bound),
  });
  // The global bound only rises and never passes the incumbent.
  for (let k = 1; k < bounds.length; k++) expect(bounds[k]).toBeGreaterThanOrEqual(bounds[k - 1]);
  for (const bound of bounds) expect(bound).toBeLessThanOrEqual(ub * (1 + 1e-12));
  return { optimum: ub, nodes: outcome.nodes, complete: outcome.complete, bound: outcome.bound };
}

describe('the Lagrangian bound, derived by hand on a toy instance', () => {
  // Two facilities, f = (10, 12), s = (10, 10); two points, d = (6, 6), D = 12; costs for a point's whole demand:
  //   point 0: c00 = 2 (facility 0), c01 = 8 (facility 1);   point 1: c10 = 6, c11 = 3.
  // Optimum: both must open (each holds 10 < 12), point 0 -> facility 0, point 1 -> facility 1: 10 + 12 + 2 + 3 = 27.
  const toy: CflpInstance = {
    costs: [
      [2, 8],
      [6, 3],
    ],
    demands: [6, 6],
    capacities: [10, 10],
    fixedCosts: [10, 12],
  };

  it('at u = (9, 4): v = (3, 31/3), cover 40/3, L(u) = 13 + 40/3 = 79/3 <= 27', () => {
    // Facility 0: reduced costs c00 - u0 = -7 (per unit -7/6), c10 - u1 = 2 (not taken); x00 = 1 fits (6 <= 10):
    //   v0 = 10 - 7 = 3.
    // Facility 1: c01 - u0 = -1 and c11 - u1 = -1 (both -1/6 per unit); the first takes 6 units, the second the
    //   remaining 4 of its 6: v1 = 12 - 1 - (4/6) * 1 = 31/3.
    // Cover: capacities 10 + 10 >= 12 needs both: 3 + 31/3 = 40/3. L(u) = u0 + u1 + 40/3 = 13 + 40/3 = 79/3 = 26.333.
    const data = flat(toy);
    const v = new Float64Array(2);
    const x = new Float64Array(data.arcCost.length);
    facilitySubproblems(data, arcsByFacility(data), Float64Array.of(9, 4), v, x);
    expect(v[0]).toBeCloseTo(3, 12);
    expect(v[1]).toBeCloseTo(31 / 3, 12);
    const y = new Float64Array(2);
    const cover = coverValue(v, data.capacities, 12, new Int8Array(2), true, y);
    expect(cover).toBeCloseTo(40 / 3, 12);
    expect(Array.from(y)).toEqual([1, 1]);
    expect(9 + 4 + cover).toBeCloseTo(79 / 3, 12);
    // x per arc (arcs in point order: 00, 01, 10, 11): facility 0 takes point 0, facility 1 all of point 0's
    // demand and 4/6 of point 1's.
    expect(Array.from(x).map((s) => Math.round(s * 1e9) / 1e9)).toEqual([1, 1, 0, Math.round((4 / 6) * 1e9) / 1e9]);
  });

  it('at u = (5, 5): v = (7, 10), L(u) = 10 + 17 = 27, the optimum (the dual is tight here)', () => {
    // Facility 0: c00 - 5 = -3 taken, c10 - 5 = 1 not: v0 = 10 - 3 = 7. Facility 1: c01 - 5 = 3 not,
    // c11 - 5 = -2 taken: v1 = 12 - 2 = 10. Both must open: 17; L = 5 + 5 + 17 = 27.
    const data = flat(toy);
    const v = new Float64Array(2);
    facilitySubproblems(data, arcsByFacility(data), Float64Array.of(5, 5), v, new Float64Array(4));
    expect(Array.from(v)).toEqual([7, 10]);
    expect(10 + coverValue(v, data.capacities, 12, new Int8Array(2), true, new Float64Array(2))).toBe(27);
  });

  it('forcing facility 1 closed makes the cover impossible (Infinity: the node is pruned)', () => {
    const data = flat(toy);
    const v = Float64Array.of(7, 10);
    expect(coverValue(v, data.capacities, 12, Int8Array.of(0, -1), true, new Float64Array(2))).toBe(Infinity);
  });

  it('the tree on the toy: optimum 27', async () => {
    const result = await treeFromScratch(flat(toy));
    expect(result.complete).toBe(true);
    expect(result.optimum).toBe(27);
  });
});

describe('branch and bound on the Lagrangian bound against brute force', () => {
  const cases: Array<[number, number, number, boolean, number]> = [
    [1, 6, 30, true, 1.3],
    [2, 7, 35, true, 1.6],
    [3, 8, 40, true, 1.2],
    [4, 7, 30, false, 1.4],
    [5, 8, 40, false, 1.25],
    [6, 8, 50, true, 2.5],
    [7, 9, 45, false, 1.5],
    [8, 9, 40, true, 1.15],
  ];

  it.each(cases)(
    'seed %i (%i facilities, %i points, equal capacities %s, tightness %d): same optimum',
    async (seed, m, n, equal, tightness) => {
      const data = flat(instance(seed, m, n, equal, tightness));
      const brute = bruteForce(data);
      const tree = await treeFromScratch(data);
      expect(tree.complete).toBe(true);
      expect(Math.abs(tree.optimum - brute)).toBeLessThanOrEqual(1e-9 * brute);
      expect(tree.bound).toBe(tree.optimum);
    },
  );

  it('the tree branches on these instances (it is exercised, not bypassed by the root)', async () => {
    let nodes = 0;
    for (const [seed, m, n, equal, tightness] of cases)
      nodes += (await treeFromScratch(flat(instance(seed, m, n, equal, tightness)))).nodes;
    expect(nodes).toBeGreaterThan(cases.length);
  });
});

describe("solveStructured with finish: 'branch' (default)", () => {
  it('matches HiGHS on the whole MILP, verified on the full model; finish: mip gives the same optimum', async () => {
    for (const seed of [11, 12, 13]) {
      const problem = cflp(instance(seed, 12, 70, seed % 2 === 0, 1.2));
      const branch = await problem.solveStructured({ mipRelGap: 1e-9 });
      const mip = await problem.solveStructured({ mipRelGap: 1e-9, finish: 'mip' });
      const reference = await problem.solve(new HighsBackend(), { mipRelGap: 1e-9 });
      expect(branch.status).toBe('optimal');
      expect(branch.verification?.ok).toBe(true);
      expect(branch.report?.finish === 'branch' || branch.report?.finish === 'root').toBe(true);
      const optimum = reference.objective as number;
      expect(Math.abs((branch.objective as number) - optimum)).toBeLessThanOrEqual(1e-9 * optimum);
      expect(Math.abs((mip.objective as number) - optimum)).toBeLessThanOrEqual(1e-9 * optimum);
    }
  });

  it('reports incumbent, bound, gap and elapsed time at every tick (default tick: one second)', async () => {
    expect(DEFAULT_PROGRESS_INTERVAL_MS).toBe(1000);
    const events: SolveProgress[] = [];
    const problem = cflp(instance(21, 30, 250, true, 1.15));
    const result = await problem.solveStructured({ mipRelGap: 1e-9, onProgress: (p) => events.push(p), progressIntervalMs: 10 });
    expect(result.status).toBe('optimal');
    expect(events.length).toBeGreaterThan(2);
    for (let k = 1; k < events.length; k++) expect(events[k].elapsedMs).toBeGreaterThanOrEqual(events[k - 1].elapsedMs);
    const last = events[events.length - 1];
    expect(last.incumbent).toBeCloseTo(result.objective as number, 4);
    expect(typeof last.bound).toBe('number');
    expect(typeof last.gap).toBe('number');
    for (const e of events) if (e.bound !== null && e.incumbent !== null) expect(e.bound).toBeLessThanOrEqual(e.incumbent * (1 + 1e-9));
  });

  it('stops with "solve cancelled" when aborted while it runs', async () => {
    const controller = new AbortController();
    const problem = cflp(instance(22, 40, 400, false, 1.1));
    const result = await problem.solveStructured({
      mipRelGap: 1e-9,
      signal: controller.signal,
      progressIntervalMs: 10,
      onProgress: () => controller.abort(),
    });
    expect(result.status).toBe('error');
    expect(result.message).toBe('solve cancelled');
  });
});
