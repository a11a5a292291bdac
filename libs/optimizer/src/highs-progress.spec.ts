import { HighsBackend } from './highs-backend';
import { hasSolution, type SolveProgress } from './solver';
import { CapacitatedFacilityLocation } from './models/cflp';
import { lcg } from '@app/testing';

/** A seeded capacitated facility-location instance with tight capacity, so HiGHS has to branch. */
function randomCflp(seed: number, facilities: number, customers: number): CapacitatedFacilityLocation {
  const random = lcg(seed);
  const fx = Array.from({ length: facilities }, () => [random(), random()]);
  const cx = Array.from({ length: customers }, () => [random(), random()]);
  const demands = cx.map(() => 5 + Math.floor(random() * 30));
  const total = demands.reduce((a, b) => a + b, 0);
  const capacities = fx.map(() => Math.round((total / facilities) * (2 + random() * 2)));
  const fixedCosts = fx.map(() => 400 + Math.round(random() * 400));
  const costs = cx.map(([x, y], i) => fx.map(([u, v]) => Math.round(Math.hypot(x - u, y - v) * 100 * demands[i])));
  return CapacitatedFacilityLocation.fromCostMatrix({ costs, demands, capacities, fixedCosts, costBasis: 'total', strengthen: false });
}

describe('HighsBackend progress and cancellation', () => {
  it('reports incumbent, bound and gap from the MIP callbacks, ending at the verified objective', async () => {
    const { model } = randomCflp(3, 20, 80).buildModel();
    model.objectiveConstant = 1000;
    const events: SolveProgress[] = [];
    const result = await new HighsBackend().solve(model, { mipRelGap: 1e-9, onProgress: (e) => events.push(e), progressIntervalMs: 200 });
    if (!hasSolution(result)) throw new Error(result.message);
    const withIncumbent = events.filter((e) => e.incumbent !== null);
    expect(withIncumbent.length).toBeGreaterThan(0);
    // Incumbents only improve, and they include the objective constant like the verified objective does.
    for (let k = 1; k < withIncumbent.length; k++)
      expect(withIncumbent[k].incumbent as number).toBeLessThanOrEqual(withIncumbent[k - 1].incumbent as number);
    const last = withIncumbent[withIncumbent.length - 1];
    expect(last.incumbent as number).toBeGreaterThanOrEqual(result.objective - 1e-6 * result.objective);
    for (const e of events) {
      if (e.bound !== null) expect(e.bound).toBeLessThanOrEqual(result.objective + 1e-6 * result.objective);
      expect(e.elapsedMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('stops on abort through the interrupt flag and reports cancelled, with ticks while it ran', async () => {
    const { model } = randomCflp(11, 60, 400).buildModel();
    const controller = new AbortController();
    const events: SolveProgress[] = [];
    const result = await new HighsBackend().solve(model, {
      mipRelGap: 1e-12,
      timeLimitSeconds: 120,
      signal: controller.signal,
      progressIntervalMs: 100,
      onProgress: (e) => {
        events.push(e);
        if (events.length === 5) controller.abort();
      },
    });
    expect(result.status).toBe('error');
    expect(result.status === 'error' && result.reason).toBe('cancelled');
    expect(events.length).toBeGreaterThanOrEqual(5);
    const elapsed = events.map((e) => e.elapsedMs);
    expect([...elapsed].sort((a, b) => a - b)).toEqual(elapsed);
  });
});
