import { Model } from '../model';
import { HighsBackend } from '../highs-backend';
import { hasSolution } from '../solver';
import { CapacitatedFacilityLocation } from './cflp';
import { UncapacitatedFacilityLocation } from './ufl';
import { arcsByFacility, coverValue, evaluateOpenSet, facilitySubproblems } from './facility-lagrangian';
import { flatFacilityData } from './facility-structured';
import { cflpInstance, lcg, type CflpInstance } from '@app/testing';

/** Euclidean instance; costs are for a point's whole demand (OR-Library style); optional equal capacities. */
function instance(seed: number, facilities: number, customers: number, equal: boolean, tightness = 2.5): CflpInstance {
  return cflpInstance(seed, facilities, customers, equal, tightness, [200, 300]);
}

function cflp(inst: CflpInstance): CapacitatedFacilityLocation {
  return CapacitatedFacilityLocation.fromCostMatrix({ ...inst, costBasis: 'total' });
}

describe('coverValue (the 0-1 covering knapsack of the Lagrangian subproblem)', () => {
  it('is exact for equal weights and a lower bound (LP) for unequal ones, against enumeration', () => {
    const random = lcg(5);
    for (let trial = 0; trial < 200; trial++) {
      const m = 2 + Math.floor(random() * 7);
      const equal = trial % 2 === 0;
      const v = Float64Array.from({ length: m }, () => Math.round((random() - 0.4) * 100));
      const w = Float64Array.from({ length: m }, () => (equal ? 10 : 1 + Math.floor(random() * 20)));
      const required = Math.floor(random() * w.reduce((a, b) => a + b, 0));
      const state = Int8Array.from({ length: m }, () => (random() < 0.15 ? 1 : random() < 0.15 ? -1 : 0));
      let brute = Infinity;
      for (let mask = 0; mask < 1 << m; mask++) {
        let value = 0;
        let weight = 0;
        let ok = true;
        for (let j = 0; j < m; j++) {
          const on = (mask >> j) & 1;
          if ((state[j] === 1 && !on) || (state[j] === -1 && on)) ok = false;
          if (on) {
            value += v[j];
            weight += w[j];
          }
        }
        if (ok && weight >= required) brute = Math.min(brute, value);
      }
      const got = coverValue(v, w, required, state, equal, new Float64Array(m));
      if (equal) expect(got).toBe(brute);
      else expect(got).toBeLessThanOrEqual(brute + 1e-9);
    }
  });
});

describe('Lagrangian bound of capacitated facility location', () => {
  it('equals the relaxed problem solved as a MIP by HiGHS, and never exceeds the optimum', async () => {
    const inst = instance(21, 6, 25, true);
    const problem = cflp(inst);
    const data = flatFacilityData(problem.costs, problem.demands, problem.capacities, problem.fixedCosts, true);
    const byFacility = arcsByFacility(data);
    const optimum = await problem.solve(new HighsBackend(), { mipRelGap: 1e-9 });
    expect(optimum.status).toBe('optimal');
    const random = lcg(8);
    for (let trial = 0; trial < 3; trial++) {
      // Multipliers around the cheapest assignment cost of each point, some above, some below.
      const u = Float64Array.from(inst.costs, (row) => Math.min(...row) * (0.8 + random()));
      const v = new Float64Array(6);
      const x = new Float64Array(data.arcCost.length);
      facilitySubproblems(data, byFacility, u, v, x);
      const total = inst.demands.reduce((a, b) => a + b, 0);
      const bound =
        u.reduce((a, b) => a + b, 0) +
        coverValue(v, Float64Array.from(inst.capacities), total, new Int8Array(6), true, new Float64Array(6));

      // The same relaxation written out: assignment rows priced by u, capacity, x <= y and the aggregate row.
      const m = new Model('min');
      const y = inst.fixedCosts.map((f) => m.addVariable({ kind: 'binary', cost: f }));
      const cap: Array<Array<[number, number]>> = inst.capacities.map((s, j) => [[y[j], -s]]);
      inst.costs.forEach((row, i) =>
        row.forEach((c, j) => {
          const xij = m.addVariable({ upper: 1, cost: c - u[i] });
          m.addConstraint(
            [
              [xij, 1],
              [y[j], -1],
            ],
            '<=',
            0,
          );
          cap[j].push([xij, inst.demands[i]]);
        }),
      );
      cap.forEach((terms) => m.addConstraint(terms, '<=', 0));
      m.addConstraint(
        y.map((yj, j) => [yj, inst.capacities[j]] as [number, number]),
        '>=',
        total,
      );
      m.objectiveConstant = u.reduce((a, b) => a + b, 0);
      const relaxed = await new HighsBackend().solve(m, { mipRelGap: 1e-12 });
      if (!hasSolution(relaxed)) throw new Error(relaxed.message);
      expect(bound).toBeCloseTo(relaxed.objective, 4);
      expect(bound).toBeLessThanOrEqual((optimum.objective as number) + 1e-6);
    }
  });

  it('evaluates an open set exactly: the transportation optimum HiGHS finds with y fixed', async () => {
    const inst = instance(4, 8, 40, false);
    const problem = cflp(inst);
    const data = flatFacilityData(problem.costs, problem.demands, problem.capacities, problem.fixedCosts, true);
    const open = Uint8Array.of(1, 0, 1, 1, 0, 1, 0, 1);
    const evaluation = evaluateOpenSet(data, open);
    const { model, openVar } = problem.buildModel();
    openVar.forEach((variable, j) => {
      model.lower[variable] = open[j];
      model.upper[variable] = open[j];
    });
    const fixed = await new HighsBackend().solve(model, { mipRelGap: 1e-12 });
    if (!hasSolution(fixed)) throw new Error(fixed.message);
    expect(evaluation.cost).toBeCloseTo(fixed.objective, 4);
  });
});

describe('solveStructured against HiGHS on the whole MILP', () => {
  const cases: Array<[string, CflpInstance]> = [
    ['equal capacities, loose', instance(31, 10, 60, true, 3)],
    ['equal capacities, tight', instance(32, 12, 80, true, 1.4)],
    ['unequal capacities', instance(33, 10, 60, false, 2)],
    ['unequal capacities, tight', instance(34, 12, 70, false, 1.3)],
  ];

  it.each(cases)('%s: same optimum, proven, verified on the full model', async (_name, inst) => {
    const problem = cflp(inst);
    const [structured, reference] = [
      await problem.solveStructured({ mipRelGap: 1e-9 }),
      await problem.solve(new HighsBackend(), { mipRelGap: 1e-9 }),
    ];
    expect(structured.status).toBe('optimal');
    expect(structured.verification?.ok).toBe(true);
    expect(Math.abs((structured.objective as number) - (reference.objective as number))).toBeLessThanOrEqual(
      1e-6 * (reference.objective as number),
    );
    // The Lagrangian bound is a proven lower bound.
    expect(structured.report?.lagrangianBound).toBeLessThanOrEqual((reference.objective as number) * (1 + 1e-9));
  });

  it("finish: 'mip' goes through the reduced MIP when the bound leaves facilities free, and still matches", async () => {
    const inst = instance(35, 14, 90, false, 1.25);
    const problem = cflp(inst);
    // No subgradient time at all: the fixings are few and the MIP has to close the gap.
    const structured = await problem.solveStructured({ mipRelGap: 1e-9, timeLimitSeconds: 60, lagrangianShare: 0, finish: 'mip' });
    const reference = await problem.solve(new HighsBackend(), { mipRelGap: 1e-9 });
    expect(structured.status).toBe('optimal');
    expect(structured.report?.reducedVariables).toBeGreaterThan(0);
    expect(structured.backend).toBe('lagrangian+highs');
    expect(Math.abs((structured.objective as number) - (reference.objective as number))).toBeLessThanOrEqual(
      1e-6 * (reference.objective as number),
    );
  });

  it('uncapacitated: same optimum as HiGHS', async () => {
    const inst = instance(36, 15, 80, true);
    const problem = UncapacitatedFacilityLocation.fromCostMatrix({
      costs: inst.costs,
      demands: inst.demands,
      fixedCosts: inst.fixedCosts,
      costBasis: 'total',
    });
    const structured = await problem.solveStructured({ mipRelGap: 1e-9 });
    const reference = await problem.solve(new HighsBackend(), { mipRelGap: 1e-9 });
    expect(structured.status).toBe('optimal');
    expect(Math.abs((structured.objective as number) - (reference.objective as number))).toBeLessThanOrEqual(
      1e-6 * (reference.objective as number),
    );
  });

  it('reports progress with an incumbent that never rises and a bound below it', async () => {
    const events: Array<{ incumbent: number | null; bound: number | null }> = [];
    const problem = cflp(instance(37, 12, 80, true, 1.4));
    const result = await problem.solveStructured({ mipRelGap: 1e-9, onProgress: (p) => events.push(p), progressIntervalMs: 20 });
    expect(events.length).toBeGreaterThan(0);
    const incumbents = events.map((e) => e.incumbent).filter((v): v is number => v !== null);
    for (let k = 1; k < incumbents.length; k++) expect(incumbents[k]).toBeLessThanOrEqual(incumbents[k - 1]);
    for (const e of events) if (e.bound !== null && e.incumbent !== null) expect(e.bound).toBeLessThanOrEqual(e.incumbent * (1 + 1e-9));
    expect(incumbents[incumbents.length - 1]).toBeCloseTo(result.objective as number, 4);
  });
});
