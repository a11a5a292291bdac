/**
 * Network reach (the transportation LP of libs/scenarios-service) on the demo city's 2027 world, straight line x 1.3 against
 * road km on the demo road layer: every village's projected pupils placed in any open school with room within 5 km
 * (primary) or 15 km (junior). Prints, per source and stage, the pupils, those without a seat in reach, the mean km
 * of those placed, and the time (distance function, candidate arcs, LP).
 *
 *   node -r ./scripts/register.js bench/network-reach.ts [--year 2027]
 */
import { buildRunWorld, noDecisions } from '@app/warnings-model';
import { projectCohorts } from '@app/projection-model';
import { travelCostFor } from '@app/routing';
import { networkReach } from '../libs/scenarios-model/src/network-reach';
import { roadDistance } from '../libs/scenarios-model/src/road-distance';
import { loadDemoRecords } from './demo-records';

const args = process.argv.slice(2);
const YEAR = args.includes('--year') ? Number(args[args.indexOf('--year') + 1]) : 2027;

async function main(): Promise<void> {
  const r = await loadDemoRecords();
  const projection = projectCohorts(
    { units: r.units, population: r.population, births: r.births, housing: r.housing },
    { horizon: YEAR - Math.max(...r.population.map((p) => p.year)) },
  );
  const demand = projection.rows.filter((d) => d.year === YEAR);
  const world = buildRunWorld({ schools: r.schools, catchments: r.catchments, units: r.units, demand }, noDecisions(YEAR));
  console.log(`demo city ${YEAR}: ${r.schools.length} schools, ${r.units.length} units, ${r.roads.length} roads`);
  const detour = 1.3;
  for (const source of ['straight-line', 'roads'] as const) {
    const t0 = performance.now();
    const tc = travelCostFor(source === 'roads' ? r.roads : [], { detour });
    const { distance, source: travelSource } = roadDistance(tc, r.schools, { detour, maxKm: 15 });
    const buildS = (performance.now() - t0) / 1000;
    for (const [stage, maxKm] of [
      ['primary', 5],
      ['junior', 15],
    ] as const) {
      const t = performance.now();
      const n = await networkReach(world, r.units, demand, stage, YEAR, { maxKm, detour, distance, travelSource });
      console.log(
        `${travelSource.padEnd(13)} ${stage.padEnd(8)} <= ${String(maxKm).padStart(2)} km: pupils ${n.demand}, no seat ` +
          `in reach ${n.unmet} (${((100 * n.unmet) / Math.max(1, n.demand)).toFixed(1)} %), mean km ${n.meanKm ?? '-'}, ` +
          `${n.status}, ${((performance.now() - t) / 1000).toFixed(2)} s (network build ${buildS.toFixed(2)} s)`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
