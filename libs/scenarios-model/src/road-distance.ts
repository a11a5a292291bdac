import type { PopulationUnitRecord, SchoolRecord } from '@app/domain';
import { centroidOf } from '@app/geo';
import { greatCircleDistance, type TravelDistance } from '@app/warnings-model';
import type { TravelCost, TravelSource } from '@app/routing';

/**
 * The run's one distance function from its travel provider: road km when the dataset has a road layer (one bounded
 * search per unit to every school, kept per unit; a pair not connected by road within `maxKm` is Infinity, i.e.
 * beyond every limit), else great circle x detour. `source` says which.
 * @example
 * const { distance, source } = roadDistance(travelCostFor(records.roads), records.schools, { detour: 1.3, maxKm: 15 });
 */
export function roadDistance(
  tc: TravelCost,
  schools: readonly SchoolRecord[],
  opts: { detour: number; maxKm: number },
): { distance: TravelDistance; source: TravelSource } {
  if (tc.source !== 'roads') return { distance: greatCircleDistance(opts.detour), source: 'straight-line' };
  const index = new Map(schools.map((s, i) => [s.code, i]));
  const points = schools.map((s) => ({ lon: s.lon, lat: s.lat }));
  const rows = new Map<PopulationUnitRecord, (number | null)[]>();
  const distance: TravelDistance = (u, s) => {
    let row = rows.get(u);
    if (!row) {
      const [lon, lat] = centroidOf(u.geometry, { inside: true });
      row = tc.fromOne({ lon, lat }, points, { maxKm: opts.maxKm }).map((e) => (e ? e.km : null));
      rows.set(u, row);
    }
    const j = index.get(s.code);
    if (j === undefined) {
      const e = tc.fromOne(
        { lon: centroidOf(u.geometry, { inside: true })[0], lat: centroidOf(u.geometry, { inside: true })[1] },
        [{ lon: s.lon, lat: s.lat }],
        { maxKm: opts.maxKm },
      )[0];
      return e ? e.km : Infinity;
    }
    return row[j] ?? Infinity;
  };
  return { distance, source: 'roads' };
}
