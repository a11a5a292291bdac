import type { DatasetRecords, DemandRow } from '@app/domain';
import { buildPointIndex, centroidOf, kNearest } from '@app/geo';
import { isSchoolOpen, stageSeats } from '@app/matching';
import { TransportationProblem } from '@app/optimizer';
import type { TravelCost } from '@app/routing';

export interface NetworkReach {
  stage: 'primary' | 'junior';
  year: number;
  /** Travel limit used, road km. */
  maxKm: number;
  demand: number;
  /** Pupils without a seat within the travel limit, however the catchments were drawn (the transportation LP). */
  unmet: number;
  /** Mean road km of the pupils placed. */
  meanKm: number | null;
  /** Where the km came from: the road layer or straight line x detour (roads hook). */
  travelSource: 'roads' | 'straight-line';
  status: string;
}

/**
 * What the school network could do, apart from the published catchments: the transportation LP places every
 * village's projected pupils in any open school with room within the travel limit (road km = great circle x detour,
 * 8 nearest schools), and what it cannot place is a shortfall no catchment redrawing can fix.
 * @example (await networkReach(records, demand, 'primary', 2027, { maxKm: 5, detour: 1.3 })).unmet
 */
export async function networkReach(
  records: Pick<DatasetRecords, 'schools' | 'units'>,
  demand: readonly DemandRow[],
  stage: 'primary' | 'junior',
  year: number,
  opts: { maxKm: number; detour: number; travel?: TravelCost },
): Promise<NetworkReach> {
  const schools = records.schools.filter((s) => s.stages.includes(stage) && isSchoolOpen(s, year));
  const index = buildPointIndex(schools, (s) => [s.lon, s.lat]);
  const unitPos = new Map(records.units.map((u) => [u.code, centroidOf(u.geometry, { inside: true })]));
  const rows = demand.filter((d) => d.stage === stage && d.year === year && d.resident > 0);
  const arcs: { demand: number; facility: number; cost: number }[] = [];
  const road = opts.travel?.source === 'roads' ? opts.travel : null;
  rows.forEach((d, i) => {
    const at = unitPos.get(d.unitCode);
    if (!at) return;
    if (road) {
      // Road km is never shorter than the great circle, so the straight-line radius bounds the candidates.
      const near = kNearest(index, at, 16, opts.maxKm);
      const legs = road.fromOne({ lon: at[0], lat: at[1] }, near.map((n) => ({ lon: schools[n.index].lon, lat: schools[n.index].lat })), { maxKm: opts.maxKm });
      near
        .map((n, k) => ({ facility: n.index, km: legs[k]?.km }))
        .filter((x): x is { facility: number; km: number } => x.km !== undefined)
        .sort((a, b) => a.km - b.km)
        .slice(0, 8)
        .forEach((x) => arcs.push({ demand: i, facility: x.facility, cost: x.km }));
      return;
    }
    for (const n of kNearest(index, at, 8, opts.maxKm / opts.detour)) arcs.push({ demand: i, facility: n.index, cost: n.distanceKm * opts.detour });
  });
  const total = rows.reduce((a, d) => a + d.resident, 0);
  const s = await TransportationProblem.fromArcs({ demands: rows.map((d) => d.resident), capacities: schools.map((x) => stageSeats(x, stage).seats), arcs }).solve();
  return {
    stage,
    year,
    maxKm: opts.maxKm,
    demand: Math.round(total),
    unmet: Math.round(s.totalUnmet),
    meanKm: s.cost !== null && s.served > 0 ? Math.round((s.cost / s.served) * 100) / 100 : null,
    status: s.status,
    travelSource: road ? 'roads' : 'straight-line',
  };
}
