import type { DemandRow, PopulationUnitRecord } from '@app/domain';
import { buildPointIndex, centroidOf, kNearest } from '@app/geo';
import { greatCircleDistance, type RunWorld, type TravelDistance } from '@app/warnings-model';
import { TransportationProblem } from '@app/optimizer';
import type { TravelSource } from '@app/routing';

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
  travelSource: TravelSource;
  status: string;
}

/**
 * What the school network of a world could do, apart from the published catchments: the transportation LP places
 * every village's projected pupils in any school the world has open that year, up to its seats that year (closures
 * and added classes included), within the travel limit (road km from `distance`, default great circle x detour;
 * candidates: the 8 nearest schools within maxKm as the crow flies), and what it cannot place is a shortfall no
 * catchment redrawing can fix. With a road layer, `distance` is `roadDistance(...)` and `travelSource` 'roads'.
 * @example (await networkReach(world, units, demand, 'primary', 2027, { maxKm: 5, detour: 1.3 })).unmet
 */
export async function networkReach(
  world: Pick<RunWorld, 'schools' | 'seatsAt'>,
  units: readonly PopulationUnitRecord[],
  demand: readonly DemandRow[],
  stage: 'primary' | 'junior',
  year: number,
  opts: { maxKm: number; detour: number; distance?: TravelDistance; travelSource?: TravelSource },
): Promise<NetworkReach> {
  const distance = opts.distance ?? greatCircleDistance(opts.detour);
  const schools = world.schools.filter((s) => s.stages.includes(stage) && world.seatsAt(s.code, stage, year).open);
  const index = buildPointIndex(schools, (s) => [s.lon, s.lat]);
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  const rows = demand.filter((d) => d.stage === stage && d.year === year && d.resident > 0);
  const arcs: { demand: number; facility: number; cost: number }[] = [];
  const travelSource: TravelSource = opts.travelSource ?? 'straight-line';
  const roads = travelSource === 'roads';
  rows.forEach((d, i) => {
    const u = unitByCode.get(d.unitCode);
    if (!u) return;
    const at = centroidOf(u.geometry, { inside: true });
    // Road km is never shorter than the great circle, so the straight-line radius bounds the candidates; by road
    // the 8 nearest are taken from 16 straight-line candidates.
    kNearest(index, at, roads ? 16 : 8, opts.maxKm)
      .map((n) => ({ facility: n.index, km: distance(u, n.item) }))
      .filter((x) => x.km <= opts.maxKm)
      .sort((a, b) => a.km - b.km)
      .slice(0, 8)
      .forEach((x) => arcs.push({ demand: i, facility: x.facility, cost: x.km }));
  });
  const total = rows.reduce((a, d) => a + d.resident, 0);
  const s = await TransportationProblem.fromArcs({
    demands: rows.map((d) => d.resident),
    capacities: schools.map((x) => world.seatsAt(x.code, stage, year).seats),
    arcs,
  }).solve();
  return {
    stage,
    year,
    maxKm: opts.maxKm,
    demand: Math.round(total),
    unmet: Math.round(s.totalUnmet),
    meanKm: s.cost !== null && s.served > 0 ? Math.round((s.cost / s.served) * 100) / 100 : null,
    status: s.status,
    travelSource,
  };
}
