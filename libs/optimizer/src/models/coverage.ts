import type { Assignment } from './facility-solution';
import type { SparseCostMatrix } from './cost-matrix';

/** For each demand point, the facilities whose arc cost is within `radius` (every arc when radius is omitted). */
export function coveringSets(costs: SparseCostMatrix, radius = Infinity): number[][] {
  if (Number.isNaN(radius) || radius < 0) throw new Error(`coverage radius must be non-negative, got ${radius}`);
  return Array.from({ length: costs.demandCount }, (_, i) =>
    costs
      .arcsOfDemand(i)
      .filter((arc) => arc.cost <= radius)
      .map((arc) => arc.facility),
  );
}

/**
 * Sends each covered demand point to its cheapest open covering facility; covering models decide coverage, not
 * service, but callers nearly always want to know who serves whom.
 */
export function nearestCoveringAssignments(costs: SparseCostMatrix, radius: number, openFacilities: readonly number[]): Assignment[] {
  const open = new Set(openFacilities);
  const out: Assignment[] = [];
  for (let i = 0; i < costs.demandCount; i++) {
    let best: { facility: number; cost: number } | null = null;
    for (const arc of costs.arcsOfDemand(i)) {
      if (arc.cost <= radius && open.has(arc.facility) && (best === null || arc.cost < best.cost)) best = arc;
    }
    if (best) out.push({ demand: i, facility: best.facility, fraction: 1 });
  }
  return out;
}
