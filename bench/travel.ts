/**
 * Travel by road on the demo network: graph build time, the city matrix (every village/community to every school
 * within 60 minutes) time and memory, and how far road figures are from the straight-line rule (km x 1.3, minutes
 * at 30 km/h). `--province` also builds a synthetic ~2-million-edge grid network to measure build time and memory at
 * province size.
 *
 *   node --expose-gc -r ts-node/register/transpile-only -r tsconfig-paths/register bench/travel.ts [--province]
 *
 * Reads geo/demo/quzhou (roads.geojson, units.geojson, schools.csv) directly; no database.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import { buildRoadGraph, haversineM, roadTravel, type RoadInput, type TravelPoint } from '@app/routing';

const DEMO = join(__dirname, '..', 'geo', 'demo', 'quzhou');
const MAX_MINUTES = 60;
const DETOUR = 1.3;
const STRAIGHT_KMH = 30;
const MOUNTAIN = new Set(['330822', '330824', '330881']);

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

function load() {
  const roads = JSON.parse(readFileSync(join(DEMO, 'roads.geojson'), 'utf8')) as FeatureCollection<LineString, Record<string, unknown>>;
  const units = JSON.parse(readFileSync(join(DEMO, 'units.geojson'), 'utf8')) as FeatureCollection<Point, Record<string, unknown>>;
  const lines = readFileSync(join(DEMO, 'schools.csv'), 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  const col = (n: string) => head.indexOf(n);
  const schools = lines.slice(1).map((l) => {
    const c = l.split(',');
    return { code: c[col('code')], lon: Number(c[col('lon')]), lat: Number(c[col('lat')]) };
  });
  const inputs: RoadInput[] = roads.features.map((f: Feature<LineString, Record<string, unknown>>) => ({
    code: String(f.properties.code),
    roadClass: String(f.properties.class),
    speedKmh: typeof f.properties.speed_kmh === 'number' ? f.properties.speed_kmh : null,
    oneway: f.properties.oneway === true,
    ferry: f.properties.ferry === true,
    lines: [f.geometry.coordinates],
  }));
  const villages = units.features.map((f) => ({
    code: String(f.properties.code),
    lon: f.geometry.coordinates[0],
    lat: f.geometry.coordinates[1],
  }));
  return { inputs, villages, schools };
}

function city(): void {
  const { inputs, villages, schools } = load();
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  let t = performance.now();
  const graph = buildRoadGraph(inputs);
  const buildMs = performance.now() - t;
  const tc = roadTravel(graph, { detour: DETOUR, straightSpeedKmh: STRAIGHT_KMH });
  t = performance.now();
  const pairs = tc.matrix(villages as TravelPoint[], schools as TravelPoint[], { maxMinutes: MAX_MINUTES });
  const matrixMs = performance.now() - t;
  const mem = process.memoryUsage();
  console.log(
    `demo network: ${inputs.length} roads -> ${graph.nodeCount} nodes, ${graph.edgeCount} edges, ` +
      `${graph.forward.head.length} arcs, ${graph.componentCount} piece(s)`,
  );
  console.log(`graph build (with snapping grid and checks): ${buildMs.toFixed(0)} ms`);
  console.log(
    `city matrix: ${villages.length} villages/communities x ${schools.length} schools within ${MAX_MINUTES} min: ` +
      `${pairs.length} pairs in ${matrixMs.toFixed(0)} ms`,
  );
  console.log(
    `memory after build + matrix: heap +${mb(mem.heapUsed - heap0)} (heap ${mb(mem.heapUsed)}), rss ` +
      `+${mb(mem.rss - rss0)} (rss ${mb(mem.rss)}); target < 5 s and < 500 MB`,
  );
  let kmOff = 0;
  let minOff = 0;
  const byArea = { mountain: { n: 0, off: 0, ratio: 0 }, plain: { n: 0, off: 0, ratio: 0 } };
  for (const p of pairs) {
    const v = villages[p.origin];
    const s = schools[p.target];
    const straightKm = (haversineM(v.lon, v.lat, s.lon, s.lat) / 1000) * DETOUR;
    const straightMin = (straightKm / STRAIGHT_KMH) * 60;
    if (straightKm > 0 && Math.abs(p.km - straightKm) / straightKm > 0.3) kmOff++;
    const timeOff = straightMin > 0 && Math.abs(p.minutes - straightMin) / straightMin > 0.3;
    if (timeOff) minOff++;
    const a = MOUNTAIN.has(v.code.slice(0, 6)) ? byArea.mountain : byArea.plain;
    a.n++;
    if (timeOff) a.off++;
    if (straightMin > 0) a.ratio += p.minutes / straightMin;
  }
  const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(1)}%`;
  console.log(`village-school pairs within ${MAX_MINUTES} min whose road figure differs from the straight-line rule by > 30%:`);
  console.log(
    `  minutes (road vs km x ${DETOUR} at ${STRAIGHT_KMH} km/h): ${pct(minOff, pairs.length)}; km (road vs km x ` +
      `${DETOUR}): ${pct(kmOff, pairs.length)}`,
  );
  for (const [k, a] of Object.entries(byArea))
    console.log(
      `  ${k.padEnd(8)} pairs ${a.n}: ${pct(a.off, a.n)} off by > 30% in minutes, mean road/straight minutes ` +
        `${(a.ratio / Math.max(1, a.n)).toFixed(2)}`,
    );
}

/** A synthetic province: an n x n lattice of 300 m blocks, every block side a two-way 村道/乡道/县道 road. */
function province(n: number): void {
  const roads: RoadInput[] = [];
  const dLat = 0.0027;
  const dLon = 0.0031;
  const classes = ['村道', '村道', '乡道', '县道'];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const p = [118 + i * dLon, 27 + j * dLat];
      if (i + 1 < n)
        roads.push({
          code: `h${i}-${j}`,
          roadClass: classes[(i * 7 + j) % 4],
          speedKmh: null,
          oneway: false,
          ferry: false,
          lines: [[p, [p[0] + dLon / 2, p[1] + dLat / 5], [p[0] + dLon, p[1]]]],
        });
      if (j + 1 < n)
        roads.push({
          code: `v${i}-${j}`,
          roadClass: classes[(i + j * 3) % 4],
          speedKmh: null,
          oneway: false,
          ferry: false,
          lines: [[p, [p[0], p[1] + dLat]]],
        });
    }
  }
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t = performance.now();
  const g = buildRoadGraph(roads, { danglingToleranceM: 0.1 });
  const ms = performance.now() - t;
  gc?.();
  const typed =
    g.nodeLon.byteLength +
    g.nodeLat.byteLength +
    g.edgeFrom.byteLength +
    g.edgeTo.byteLength +
    g.edgeMeters.byteLength +
    g.edgeSeconds.byteLength +
    g.edgeFlags.byteLength +
    g.edgeClass.byteLength +
    g.edgeFeature.byteLength +
    g.shapeStart.byteLength +
    g.shapeLonLat.byteLength +
    g.forward.offset.byteLength +
    g.forward.head.byteLength +
    g.forward.edge.byteLength +
    g.grid.cellStart.byteLength +
    g.grid.cellEdges.byteLength +
    g.component.byteLength;
  const tc = roadTravel(g);
  const ts = performance.now();
  const centre = { lon: 118 + (n / 2) * dLon, lat: 27 + (n / 2) * dLat };
  const targets = Array.from({ length: 200 }, (_, k) => ({ lon: 118 + ((k * 37) % n) * dLon, lat: 27 + ((k * 91) % n) * dLat }));
  const reached = tc.fromOne(centre, targets, { maxMinutes: 60 }).filter((x) => x !== null).length;
  const searchMs = performance.now() - ts;
  console.log(`synthetic province: ${roads.length} roads -> ${g.nodeCount} nodes, ${g.edgeCount} edges, ${g.forward.head.length} arcs`);
  console.log(
    `  build ${(ms / 1000).toFixed(1)} s; graph typed arrays ${mb(typed)}; heap ` +
      `+${mb(process.memoryUsage().heapUsed - heap0)} with the input still held; rss ${mb(process.memoryUsage().rss)}`,
  );
  console.log(`  one 60-minute search from the centre: ${searchMs.toFixed(0)} ms (${reached} of 200 targets reached)`);
}

city();
if (process.argv.includes('--province')) province(1000);
