import type { TravelPair } from './travel-cost';

/** The nearest target of one origin (by minutes, then km), or null when none is within the matrix's limit. */
export interface NearestTarget {
  target: number;
  minutes: number;
  km: number;
}

/**
 * For each of `originCount` origins, the target of a sparse travel matrix it reaches soonest (ties: fewer km, then
 * the lower target index, so the answer does not depend on the pairs' order); null for an origin with no pair.
 *
 * @example
 * nearestTargets([{ origin: 0, target: 1, minutes: 9, km: 4 }, { origin: 0, target: 0, minutes: 12, km: 5 }], 2)
 * // [{ target: 1, minutes: 9, km: 4 }, null]
 */
export function nearestTargets(pairs: readonly TravelPair[], originCount: number): (NearestTarget | null)[] {
  const out: (NearestTarget | null)[] = new Array<NearestTarget | null>(originCount).fill(null);
  for (const p of pairs) {
    const best = out[p.origin];
    if (
      !best ||
      p.minutes < best.minutes ||
      (p.minutes === best.minutes && (p.km < best.km || (p.km === best.km && p.target < best.target)))
    ) {
      out[p.origin] = { target: p.target, minutes: p.minutes, km: p.km };
    }
  }
  return out;
}
