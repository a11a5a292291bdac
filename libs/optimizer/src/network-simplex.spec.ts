import { solveStarNetwork } from './network-simplex';
import { TransportationProblem } from './transportation';
import { HighsBackend } from './highs-backend';
import type { Arc } from './models/cost-matrix';
import { mulberry32 } from '@app/testing';

interface RandomSpec {
  seed: number;
  demands: number;
  facilities: number;
  /** Arcs per demand point (at most the facility count). */
  degree: number;
  /** Total capacity over total demand. */
  capacityRatio: number;
  /** Share of demand points left without any arc. */
  unreachable?: number;
  fractional?: boolean;
  /** Costs on a small integer grid, which makes ties and degenerate pivots common. */
  integerCosts?: boolean;
}

function randomInstance(spec: RandomSpec): { demands: number[]; capacities: number[]; arcs: Arc[] } {
  const random = mulberry32(spec.seed);
  const demands = Array.from({ length: spec.demands }, () =>
    random() < 0.05 ? 0 : spec.fractional ? 0.5 + random() * 30 : 1 + Math.floor(random() * 30),
  );
  const total = demands.reduce((a, b) => a + b, 0);
  const capacities = Array.from({ length: spec.facilities }, () => {
    const c = ((0.3 + 1.4 * random()) * total * spec.capacityRatio) / spec.facilities;
    return spec.fractional ? c : Math.round(c);
  });
  const arcs: Arc[] = [];
  for (let i = 0; i < spec.demands; i++) {
    if (random() < (spec.unreachable ?? 0)) continue;
    const chosen = new Set<number>();
    while (chosen.size < Math.min(spec.degree, spec.facilities)) chosen.add(Math.floor(random() * spec.facilities));
    for (const facility of chosen) {
      arcs.push({ demand: i, facility, cost: spec.integerCosts ? Math.floor(random() * 5) : random() * 15 });
    }
  }
  return { demands, capacities, arcs };
}

const cases: Array<[string, RandomSpec]> = [
  ['tiny, spare room', { seed: 1, demands: 6, facilities: 3, degree: 2, capacityRatio: 1.5 }],
  ['small, short of room', { seed: 2, demands: 40, facilities: 8, degree: 3, capacityRatio: 0.7 }],
  ['small, integer costs with ties', { seed: 3, demands: 60, facilities: 10, degree: 4, capacityRatio: 1.05, integerCosts: true }],
  ['small, unreachable points', { seed: 4, demands: 80, facilities: 12, degree: 3, capacityRatio: 1.2, unreachable: 0.1 }],
  ['medium, fractional amounts', { seed: 5, demands: 400, facilities: 40, degree: 6, capacityRatio: 1.1, fractional: true }],
  ['medium, tight', { seed: 6, demands: 600, facilities: 50, degree: 5, capacityRatio: 1.0, unreachable: 0.02 }],
  ['medium, very short', { seed: 7, demands: 800, facilities: 60, degree: 8, capacityRatio: 0.5, integerCosts: true }],
  ['larger, sparse reach', { seed: 8, demands: 3000, facilities: 150, degree: 4, capacityRatio: 1.05, unreachable: 0.01 }],
];

describe('network simplex for the transportation LP', () => {
  it.each(cases)('matches HiGHS: %s', async (_name, spec) => {
    const problem = TransportationProblem.fromArcs(randomInstance(spec));
    const network = await problem.solve();
    const highs = await problem.solve({ method: 'highs', timeLimitSeconds: 60 });
    expect(network.backend).toBe('network-simplex');
    expect(highs.backend).toBe('highs');
    expect(network.status).toBe('optimal');
    expect(highs.status).toBe('optimal');
    expect(network.verification?.ok).toBe(true);
    const a = network.objective as number;
    const b = highs.objective as number;
    expect(Math.abs(a - b) / Math.max(1, Math.abs(b))).toBeLessThanOrEqual(1e-6);
    // The served amount is the same in every optimum (the penalty makes serving more take precedence).
    expect(Math.abs(network.totalUnmet - highs.totalUnmet)).toBeLessThanOrEqual(1e-6 * Math.max(1, network.totalDemand));
    expect(network.unreachableDemands).toEqual(highs.unreachableDemands);
    for (const i of network.unreachableDemands) expect(network.unmet[i]).toBe(problem.demands[i]);
    for (let j = 0; j < problem.capacities.length; j++)
      expect(network.facilityLoad[j]).toBeLessThanOrEqual(problem.capacities[j] * (1 + 1e-9) + 1e-9);
  });

  it('without unmet demand matches HiGHS when everything fits', async () => {
    const input = randomInstance({ seed: 11, demands: 200, facilities: 20, degree: 20, capacityRatio: 1.3 });
    const problem = TransportationProblem.fromArcs({ ...input, allowUnmet: false });
    const network = await problem.solve();
    const highs = await problem.solve({ method: 'highs' });
    expect(network.status).toBe('optimal');
    expect(highs.status).toBe('optimal');
    expect(Math.abs((network.objective as number) - (highs.objective as number)) / (highs.objective as number)).toBeLessThanOrEqual(1e-6);
    expect(network.totalUnmet).toBe(0);
    expect(network.verification?.ok).toBe(true);
  });

  it('finds infeasibility the precheck cannot see (Hall violation)', async () => {
    // Points 0 and 1 (10 each) can only reach facility 0 (room 15); facility 1 has room but is out of their reach.
    const problem = TransportationProblem.fromArcs({
      demands: [10, 10, 1],
      capacities: [15, 100],
      arcs: [
        { demand: 0, facility: 0, cost: 1 },
        { demand: 1, facility: 0, cost: 1 },
        { demand: 2, facility: 1, cost: 1 },
      ],
      allowUnmet: false,
    });
    expect(problem.precheck()).toBeNull();
    const s = await problem.solve();
    expect(s.status).toBe('infeasible');
    expect(s.backend).toBe('network-simplex');
    const highs = await problem.solve({ method: 'highs' });
    expect(highs.status).toBe('infeasible');
  });

  it('handles no arcs, zero demand and zero capacity', async () => {
    const s = await TransportationProblem.fromArcs({
      demands: [0, 5, 3],
      capacities: [0, 4],
      arcs: [
        { demand: 1, facility: 0, cost: 1 },
        { demand: 1, facility: 1, cost: 2 },
      ],
    }).solve();
    expect(s.status).toBe('optimal');
    expect(s.verification?.ok).toBe(true);
    expect(s.cost).toBeCloseTo(8, 9);
    expect(s.unmet).toEqual([0, 1, 3]);
    const none = await TransportationProblem.fromArcs({ demands: [2], capacities: [], arcs: [] }).solve();
    expect(none.status).toBe('optimal');
    expect(none.totalUnmet).toBe(2);
    expect(none.flows).toEqual([]);
  });

  it('keeps HiGHS and any LP backend selectable', async () => {
    const problem = TransportationProblem.fromArcs(randomInstance(cases[1][1]));
    expect((await problem.solve(new HighsBackend())).backend).toBe('highs');
    expect((await problem.solve({ backend: new HighsBackend() })).backend).toBe('highs');
    expect((await problem.solve({ method: 'network' })).backend).toBe('network-simplex');
  });

  it('reports cancellation before it starts', async () => {
    const controller = new AbortController();
    controller.abort();
    const s = await TransportationProblem.fromArcs(randomInstance(cases[0][1])).solve({ signal: controller.signal });
    expect(s).toMatchObject({ status: 'error', message: 'solve cancelled' });
  });

  it('solves a bare star network with optimal duals', () => {
    // Node 0 supplies 5; direct arc to the root costs 3, its star arc 10.
    const r = solveStarNetwork({
      nodeCount: 1,
      supply: Float64Array.of(5),
      source: Int32Array.of(0, 0),
      target: Int32Array.of(1, 1),
      cost: Float64Array.of(3, 10),
      capacity: Float64Array.of(Infinity, Infinity),
      starArc: Int32Array.of(1),
    });
    expect(r.status).toBe('optimal');
    expect(r.objective).toBe(15);
    expect(Array.from(r.flow)).toEqual([5, 0]);
    expect(r.maxReducedCostViolation).toBeLessThanOrEqual(0);
  });
});
