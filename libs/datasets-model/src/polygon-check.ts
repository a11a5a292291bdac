import { Worker } from 'node:worker_threads';
import type { Geometry } from 'geojson';
import { FEATURE_POLYGON_PROBLEMS_MODULE, type PolygonProblem } from '@app/geo';
import type { RawRow } from './raw-table';
import { turn } from './turn';
import { workerScript } from './worker-script';

/**
 * Polygons from this many vertices are validated in a worker thread: a 130,000-vertex county boundary held the
 * API's event loop for about half a second; below this size the check takes a few milliseconds where it is.
 */
export const OFF_LOOP_VERTICES = 20_000;

const WORKER_FILE = 'polygon-worker.js';
/** Heap of the validating thread: the file is within the upload and vertex limits, far below this. */
const WORKER_HEAP_MB = 1024;

function polygonVertices(g: Geometry | null): number {
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return 0;
  let n = 0;
  for (const rings of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) for (const ring of rings) n += ring.length;
  return n;
}

/**
 * Starts validating the large polygons of a parsed GeoJSON file (rows with at least {@link OFF_LOOP_VERTICES}
 * vertices) in a worker thread, from the file's text; resolves to the problems by geometry, which readPolygon takes
 * instead of validating there. Never rejects: when the thread fails, the map lacks those geometries and readPolygon
 * validates them itself, with the same outcome. Resolves at once when no polygon is that large.
 * @example const problems = await checkLargePolygons(text, rows); problems.get(rows[0].geometry!) // [] when valid
 */
export async function checkLargePolygons(text: string, rows: readonly RawRow[]): Promise<WeakMap<object, PolygonProblem[]>> {
  const out = new WeakMap<object, PolygonProblem[]>();
  const large = rows.filter((r) => polygonVertices(r.geometry) >= OFF_LOOP_VERTICES);
  const file = large.length > 0 ? workerScript(WORKER_FILE) : null;
  if (!file) return out;
  const byFeature = new Map(large.map((r) => [r.position, r.geometry!]));
  // Starting a thread takes tens of milliseconds of this loop: a turn of its own.
  await turn();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      resolve(out);
    };
    const worker = new Worker(file, {
      workerData: { text, features: [...byFeature.keys()], source: FEATURE_POLYGON_PROBLEMS_MODULE },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    worker.on('message', (answer: [number, PolygonProblem[]][]) => {
      for (const [feature, problems] of answer) {
        const g = byFeature.get(feature);
        if (g) out.set(g, problems);
      }
      finish();
      void worker.terminate();
    });
    worker.on('error', finish);
    worker.on('exit', finish);
  });
}
