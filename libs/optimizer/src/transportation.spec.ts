import { TransportationProblem, defaultUnmetPenalty } from './transportation';
import { JsLpSolverBackend } from './jsLpSolver-backend';
import { HighsBackend } from './highs-backend';

const arcs = [
  { demand: 0, facility: 0, cost: 1 },
  { demand: 0, facility: 1, cost: 3 },
  { demand: 1, facility: 1, cost: 2 },
];

describe('TransportationProblem', () => {
  it.each([
    ['highs', new HighsBackend()],
    ['javascript-lp-solver', new JsLpSolverBackend()],
  ])('places everything at the hand-computed cost (%s)', async (_name, backend) => {
    // Point 0: 25 at facility 0 (cost 25) and 5 at facility 1 (15); point 1: 20 at facility 1 (40). Total 80.
    const s = await TransportationProblem.fromArcs({ demands: [30, 20], capacities: [25, 40], arcs }).solve(backend);
    expect(s.status).toBe('optimal');
    expect(s.verification?.ok).toBe(true);
    expect(s.cost).toBeCloseTo(80, 6);
    expect(s.totalUnmet).toBeCloseTo(0, 9);
    expect(s.facilityLoad[0]).toBeCloseTo(25, 6);
    expect(s.facilityLoad[1]).toBeCloseTo(25, 6);
  });

  it('reports a capacity shortage as unmet demand, serving the cheapest way', async () => {
    // Room 25 + 10 for demand 50: 15 unmet. Facility 1's 10 seats go to point 1 (cost 2 < 3).
    // Served cost 25 x 1 + 10 x 2 = 45; unmet 5 at point 0 and 10 at point 1.
    const s = await TransportationProblem.fromArcs({ demands: [30, 20], capacities: [25, 10], arcs }).solve();
    expect(s.status).toBe('optimal');
    expect(s.totalUnmet).toBeCloseTo(15, 6);
    expect(s.unmet[0]).toBeCloseTo(5, 6);
    expect(s.unmet[1]).toBeCloseTo(10, 6);
    expect(s.cost).toBeCloseTo(45, 6);
    expect(s.served).toBeCloseTo(35, 6);
  });

  it('reports demand out of reach as unmet and names the points', async () => {
    const s = await TransportationProblem.fromArcs({ demands: [30, 20, 7], capacities: [25, 40], arcs }).solve();
    expect(s.unreachableDemands).toEqual([2]);
    expect(s.unmet[2]).toBeCloseTo(7, 9);
    expect(s.totalUnmet).toBeCloseTo(7, 6);
    expect(s.cost).toBeCloseTo(80, 6);
  });

  it('prefers serving more over shorter trips with the default penalty', async () => {
    // Point 0 can only use facility 0; point 1 can use either. Serving both means sending point 1 the long way
    // (cost 1 + 50 = 51); leaving point 0 out would cost 1 plus the penalty (51 x 3 = 153).
    const s = await TransportationProblem.fromArcs({
      demands: [1, 1],
      capacities: [1, 1],
      arcs: [
        { demand: 0, facility: 0, cost: 1 },
        { demand: 1, facility: 0, cost: 1 },
        { demand: 1, facility: 1, cost: 50 },
      ],
    }).solve();
    expect(s.totalUnmet).toBeCloseTo(0, 9);
    expect(s.cost).toBeCloseTo(51, 6);
  });

  it('is infeasible without unmet demand when room is short, before any solve', async () => {
    const s = await TransportationProblem.fromArcs({ demands: [30, 20], capacities: [25, 10], arcs, allowUnmet: false }).solve();
    expect(s).toMatchObject({ status: 'infeasible', backend: null, message: 'total capacity 35 is below total demand 50' });
  });

  it('solves without unmet variables when everything fits', async () => {
    const s = await TransportationProblem.fromArcs({ demands: [30, 20], capacities: [25, 40], arcs, allowUnmet: false }).solve();
    expect(s.status).toBe('optimal');
    expect(s.objective).toBeCloseTo(80, 6);
  });

  it('computes a penalty above any augmenting path cost', () => {
    expect(defaultUnmetPenalty(arcs, 2, 2)).toBe((3 + 1) * 3);
  });

  it('rejects malformed arcs', () => {
    expect(() => TransportationProblem.fromArcs({ demands: [1], capacities: [1], arcs: [{ demand: 1, facility: 0, cost: 1 }] })).toThrow(
      'arc demand index 1',
    );
  });
});
