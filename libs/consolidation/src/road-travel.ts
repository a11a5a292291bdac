import { haversineKm } from '@app/geo';
import type { TravelCost } from '@app/routing';
import type { Travel, TravelFunction } from './types';

/**
 * The consolidation travel function on a road provider (@app/routing): one bounded search per unit to every school
 * seen so far (kept per unit code), km and minutes by road. Pairs the network does not connect are out of reach:
 * they are marked `straightFallback` and the instance gives them no move arc (the one rule of docs/roads.md, as in
 * the run's world and network reach); their straight line x detour figure only describes a current school's trip. Returns undefined for a straight-line provider: the model's own default (straight line x detour factor,
 * no minutes) is then the one travel rule, so there is one travel function either way.
 * @example
 * const travel = travelFunctionFor(roadTravel(graph));
 * ConsolidationModel.fromInputs({ ...inputs, travel, travelSource: travel ? 'roads' : 'straight-line' })
 */
export function travelFunctionFor(tc: TravelCost | null | undefined, targets: readonly { code: string; position: readonly [number, number] }[] = []): TravelFunction | undefined {
  if (!tc || tc.source !== 'roads') return undefined;
  const index = new Map<string, number>();
  // A new array whenever a target is added: the provider reuses the snaps of the last list it saw.
  let points: { lon: number; lat: number }[] = [];
  const pointOf = (code: string, position: readonly [number, number]): number => {
    let i = index.get(code);
    if (i === undefined) {
      i = points.length;
      index.set(code, i);
      points = [...points, { lon: position[0], lat: position[1] }];
    }
    return i;
  };
  for (const t of targets) pointOf(t.code, t.position);
  const rows = new Map<string, (Travel | null)[]>();
  return (from, to) => {
    const j = pointOf(to.code, to.position);
    let row = rows.get(from.code);
    if (!row || row.length <= j) {
      row = tc.fromOne({ lon: from.position[0], lat: from.position[1] }, points).map((e) => (e ? { km: e.km, minutes: e.minutes } : null));
      rows.set(from.code, row);
    }
    const hit = row[j];
    if (hit) return hit;
    const km = haversineKm([from.position[0], from.position[1]], [to.position[0], to.position[1]]) * tc.detour;
    return { km, minutes: (km / tc.straightSpeedKmh) * 60, straightFallback: true };
  };
}
