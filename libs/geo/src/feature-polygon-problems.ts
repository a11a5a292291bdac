import { validatePolygon, type PolygonProblem } from './validate-polygon';

/**
 * {@link validatePolygon} of the chosen features of a GeoJSON FeatureCollection given as text: what the importer's
 * polygon worker runs on the uploaded file, so that the thread serving requests only parses it. A feature that is
 * missing, or the text not a FeatureCollection, is simply left out (the caller then validates it itself).
 * @example featurePolygonProblems('{"type":"FeatureCollection","features":[…]}', [0]) // [[0, []]] for a valid polygon
 */
export function featurePolygonProblems(text: string, features: readonly number[]): [number, PolygonProblem[]][] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  const list = (doc as { features?: unknown } | null)?.features;
  if (!Array.isArray(list)) return [];
  const out: [number, PolygonProblem[]][] = [];
  for (const i of features) {
    const f = list[i] as { geometry?: unknown } | undefined;
    if (f && typeof f === 'object' && f.geometry) out.push([i, validatePolygon(f.geometry)]);
  }
  return out;
}

/** Path of this module (its .ts source, or the compiled .js): what a worker thread loads to run {@link featurePolygonProblems}. */
export const FEATURE_POLYGON_PROBLEMS_MODULE = __filename;
