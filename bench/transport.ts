/**
 * City-sized transportation LP: 800 facilities x 20,000 demand points around Quzhou, k = 8 nearest within
 * 15 km travel (haversine x 1.3), seeded so every run builds the same instance.
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register bench/transport.ts [--seed N] [--facilities N] [--demands N]
 *     [--capacity-ratio R] [--method network|highs]
 *
 * R is total capacity over total demand (default 1.1). Below 1 the LP must leave demand unmet; HiGHS then needs
 * far longer (see bench/README-optimizer.md). The default method is the library's exact network simplex; `--method
 * highs` solves the same LP with HiGHS (WASM) in a worker thread.
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import { TransportationProblem, costMatrixFromGeoJSON } from '@app/optimizer';
import { mulberry32 } from '@app/testing';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 ? Number(args[k + 1]) : fallback;
};
const SEED = option('seed', 6);
const FACILITIES = option('facilities', 800);
const DEMANDS = option('demands', 20000);
const CAPACITY_RATIO = option('capacity-ratio', 1.1);
const METHOD = args.includes('--method') && args[args.indexOf('--method') + 1] === 'highs' ? 'highs' : 'network';
const K = 8;
const MAX_TRAVEL_KM = 15;
const BOX = { west: 118.5, east: 119.2, south: 28.5, north: 29.4 };

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function main(): Promise<void> {
  const random = mulberry32(SEED);
  // Settlements cluster around towns, as villages and schools do; a quarter of points are scattered.
  const towns = Array.from({ length: 40 }, () => [
    BOX.west + random() * (BOX.east - BOX.west),
    BOX.south + random() * (BOX.north - BOX.south),
  ]);
  const place = (): [number, number] => {
    if (random() < 0.25) return [BOX.west + random() * (BOX.east - BOX.west), BOX.south + random() * (BOX.north - BOX.south)];
    const town = towns[Math.floor(random() * towns.length)];
    const lon = Math.min(BOX.east, Math.max(BOX.west, town[0] + gaussian(random) * 0.04));
    const lat = Math.min(BOX.north, Math.max(BOX.south, town[1] + gaussian(random) * 0.035));
    return [lon, lat];
  };
  const points = (n: number, props: () => Record<string, number>): FeatureCollection<Point> => ({
    type: 'FeatureCollection',
    features: Array.from({ length: n }, (_, i): Feature<Point> => ({
      type: 'Feature',
      id: i,
      geometry: { type: 'Point', coordinates: place() },
      properties: props(),
    })),
  });
  const villages = points(DEMANDS, () => ({ pupils: 1 + Math.floor(random() * 40) }));
  const schools = points(FACILITIES, () => ({}));
  const totalDemand = villages.features.reduce((s, f) => s + (f.properties?.pupils as number), 0);
  // Uneven sizes leave some areas short even with spare room overall, so unmet demand still has to be reported.
  const capacities = schools.features.map(() => Math.round(((0.6 + 0.8 * random()) * totalDemand * CAPACITY_RATIO) / FACILITIES));

  const t0 = performance.now();
  const { matrix, demands } = costMatrixFromGeoJSON(villages, schools, {
    detourFactor: 1.3,
    maxTravelKm: MAX_TRAVEL_KM,
    kNearest: K,
    demandProperty: 'pupils',
  });
  const t1 = performance.now();
  const problem = TransportationProblem.fromArcs({ demands, capacities, arcs: matrix.arcs });
  const t2 = performance.now();
  const cpu0 = process.cpuUsage();
  return problem.solve({ method: METHOD, timeLimitSeconds: 120 }).then((s) => {
    const t3 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    // Independent re-check of the answer on top of the library's own verifier.
    const placed = new Float64Array(demands.length);
    const load = new Float64Array(capacities.length);
    let maxFlowKm = 0;
    for (const f of s.flows) {
      placed[f.demand] += f.amount;
      load[f.facility] += f.amount;
      maxFlowKm = Math.max(maxFlowKm, f.cost);
    }
    let balance = 0;
    demands.forEach((d, i) => (balance = Math.max(balance, Math.abs(placed[i] + s.unmet[i] - d))));
    let overload = 0;
    capacities.forEach((c, j) => (overload = Math.max(overload, load[j] - c)));
    const totalCapacity = capacities.reduce((a, b) => a + b, 0);

    console.log(
      `seed ${SEED}: ${FACILITIES} facilities x ${DEMANDS} demand points, k=${K} nearest within ${MAX_TRAVEL_KM} km, ` +
        `capacity ratio ${CAPACITY_RATIO}`,
    );
    console.log(`arcs ${matrix.arcs.length}, unreachable points ${s.unreachableDemands.length}`);
    console.log(`cost matrix (flatbush + haversine) ${((t1 - t0) / 1000).toFixed(2)} s, fromArcs ${((t2 - t1) / 1000).toFixed(2)} s`);
    const what = METHOD === 'highs' ? 'LP build + worker + HiGHS + verify' : 'network simplex + LP build + verify';
    console.log(
      `solve (${what}) ${((t3 - t2) / 1000).toFixed(2)} s, main-thread CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, ` +
        `backend ${s.backend}, status ${s.status}`,
    );
    console.log(`total ${((t3 - t0) / 1000).toFixed(2)} s`);
    console.log(`demand ${totalDemand}, capacity ${totalCapacity}, served ${s.served.toFixed(1)}, unmet ${s.totalUnmet.toFixed(1)}`);
    console.log(
      `pupil-km served ${s.cost?.toFixed(1)}, mean trip ${((s.cost ?? 0) / s.served).toFixed(3)} km, LP objective ` +
        `${s.objective?.toFixed(4)}`,
    );
    console.log(
      `checks: verifier ${s.verification?.ok ? 'ok' : 'FAILED'} (max scaled residual ` +
        `${s.verification?.maxScaledResidual.toExponential(1)}), ` +
        `balance error ${balance.toExponential(1)}, max overload ${overload.toExponential(1)}, longest trip ` +
        `${maxFlowKm.toFixed(2)} km <= ${MAX_TRAVEL_KM}`,
    );
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
