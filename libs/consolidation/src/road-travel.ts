import { haversineKm } from '@app/geo';
import type { SchoolRecord } from '@app/domain';
import type { TravelCost } from '@app/routing';
import type { TravelFunction } from './types';

/**
 * The consolidation travel function on a road provider (@app/routing): one search per unit to every target known at
 * that moment (kept per unit code), km and minutes by road. Pass the schools as `targets` so that each unit is
 * searched once: a school first seen after a unit's row was made costs that unit a second search. Pairs the
 * network does not connect are out of reach: they are marked `straightFallback` and the instance gives them no move
 * arc (the one rule of docs/roads.md, as in the run's world and network reach); their straight line x detour figure
 * only describes a current school's trip. Returns undefined for a straight-line provider: the model's own default
 * (straight line x detour factor, no minutes) is then the one travel rule, so there is one travel function either way.
 * @example
 * const travel = travelFunctionFor(roadTravel(graph), schools.map((s) => ({ code: s.code, position: [s.lon, s.lat] })));
 * ConsolidationModel.fromInputs({ ...inputs, travel, travelSource: travel ? 'roads' : 'straight-line' })
 */
export function travelFunctionFor(
  tc: TravelCost | null | undefined,
  targets: readonly { code: string; position: readonly [number, number] }[] = [],
): TravelFunction | undefined {
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
  // km and minutes per target in typed arrays (NaN: not reached), not an object per pair: a city's rows hold a
  // million pairs.
  const rows = new Map<string, { km: Float64Array; minutes: Float64Array }>();
  return (from, to) => {
    const j = pointOf(to.code, to.position);
    let row = rows.get(from.code);
    if (!row || row.km.length <= j) {
      const found = tc.fromOne({ lon: from.position[0], lat: from.position[1] }, points);
      const made = { km: new Float64Array(found.length).fill(NaN), minutes: new Float64Array(found.length).fill(NaN) };
      found.forEach((e, k) => {
        if (e) [made.km[k], made.minutes[k]] = [e.km, e.minutes];
      });
      rows.set(from.code, made);
      row = made;
    }
    if (!Number.isNaN(row.km[j])) return { km: row.km[j], minutes: row.minutes[j] };
    const km = haversineKm([from.position[0], from.position[1]], [to.position[0], to.position[1]]) * tc.detour;
    return { km, minutes: (km / tc.straightSpeedKmh) * 60, straightFallback: true };
  };
}

/**
 * The schools the model can plan (teaching primary or junior grades, with a finite position) as targets of
 * {@link travelFunctionFor}, so that each unit is searched once for all of them. Another school asked for later
 * still gets its figures (at the cost of a second search for that unit).
 * @example travelFunctionFor(travelCost, travelTargetsOf(records.schools))
 */
export function travelTargetsOf(schools: readonly SchoolRecord[]): { code: string; position: [number, number] }[] {
  return schools
    .filter((s) => (s.stages.includes('primary') || s.stages.includes('junior')) && Number.isFinite(s.lon) && Number.isFinite(s.lat))
    .map((s) => ({ code: s.code, position: [s.lon, s.lat] }));
}
