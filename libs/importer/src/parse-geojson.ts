import type { Feature, Geometry } from 'geojson';
import { LAYERS, type Layer } from '@app/domain';
import { canonicalField } from './headers';
import type { ImportLimits } from './limits';
import type { ImportProblem } from './problems';
import type { RawRow } from './raw-table';

/** Deepest [ / { nesting outside strings: refuses pathological nesting before JSON.parse sees it. */
export function jsonDepth(text: string, stopAt: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) {
        max = depth;
        if (max > stopAt) return max;
      }
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}

const POSITION_DEPTH: Record<string, number> = { Point: 1, MultiPoint: 2, LineString: 2, MultiLineString: 3, Polygon: 3, MultiPolygon: 4 };

/** Counts vertices of a geometry, or returns an error message when its coordinate nesting is wrong. */
function countVertices(g: Geometry, depth = 0): number | string {
  if (depth > 2) return 'GeometryCollection nested too deeply';
  if (g === null || typeof g !== 'object' || typeof g.type !== 'string') return 'a geometry must be an object with a string "type"';
  if (g.type === 'GeometryCollection') {
    if (g.geometries != null && !Array.isArray(g.geometries)) return 'the "geometries" of a GeometryCollection must be an array';
    let n = 0;
    for (const child of g.geometries ?? []) {
      const c = countVertices(child, depth + 1);
      if (typeof c === 'string') return c;
      n += c;
    }
    return n;
  }
  const expected = POSITION_DEPTH[g.type];
  if (expected === undefined) return `unknown geometry type "${String((g as { type: unknown }).type)}"`;
  let n = 0;
  const walk = (node: unknown, level: number): string | null => {
    if (!Array.isArray(node)) return `coordinates of a ${g.type} are not nested arrays`;
    if (level === expected - 2) {
      for (const pos of node) {
        if (!Array.isArray(pos) || pos.length < 2 || pos.length > 4 || pos.some((v) => typeof v !== 'number')) {
          return `a ${g.type} position must be [lon, lat] numbers`;
        }
        n++;
      }
      return null;
    }
    for (const child of node) {
      const e = walk(child, level + 1);
      if (e) return e;
    }
    return null;
  };
  if (g.type === 'Point') {
    const c = g.coordinates as unknown;
    if (!Array.isArray(c) || c.length < 2 || c.some((v) => typeof v !== 'number')) return 'a Point must be [lon, lat] numbers';
    return 1;
  }
  const err = walk(g.coordinates, 0);
  return err ?? n;
}

/** Boundary files as published: DataV/AMap (`adcode`, `parent.adcode`, `center`) or Tianditu/natural resources. */
export type BoundaryStyle = 'datav' | 'tianditu';

export interface ParsedGeoJson {
  rows: RawRow[];
  declaredLayer: Layer | null;
  declaredCrs: string | null;
  /** Set when the properties are those of a published boundary file. */
  style: BoundaryStyle | null;
}

const DATAV_KEYS = ['parent', 'center', 'centroid', 'acroutes', 'childrenNum', 'subFeatureIndex'];
const TIANDITU_KEYS = ['gb', 'XZQDM', 'xzqdm', 'QHDM', 'PAC', 'XZQMC'];

function styleOf(props: Record<string, unknown>): BoundaryStyle | null {
  if ('adcode' in props && DATAV_KEYS.some((k) => k in props)) return 'datav';
  if (TIANDITU_KEYS.some((k) => k in props)) return 'tianditu';
  return null;
}

// DataV nests the parent as {"adcode": 330800}: the code is what the layer reads.
function flatValue(v: unknown): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v) && 'adcode' in v) return (v as { adcode: unknown }).adcode;
  return v;
}

/**
 * Parses a GeoJSON FeatureCollection within the complexity limits, mapping property names to canonical fields of
 * the layer `layerHint`, else of the file's "layer" member (when it names a layer), else of `fallbackLayer`.
 * @example parseGeoJson('areas.geojson', text, 'areas', DEFAULT_LIMITS, problems).rows.length
 */
export function parseGeoJson(
  file: string,
  text: string,
  layerHint: Layer | null,
  limits: ImportLimits,
  problems: ImportProblem[],
  fallbackLayer: Layer | null = null,
): ParsedGeoJson | null {
  const depth = jsonDepth(text, limits.maxJsonDepth);
  if (depth > limits.maxJsonDepth) {
    problems.push({ file, message: `JSON nesting deeper than ${limits.maxJsonDepth} levels: refused` });
    return null;
  }
  let doc: { type?: unknown; features?: unknown; layer?: unknown; crs?: { properties?: { name?: unknown } } };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (e) {
    problems.push({ file, message: `not valid JSON: ${(e as Error).message}` });
    return null;
  }
  if (doc === null || typeof doc !== 'object' || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    problems.push({ file, message: 'not a GeoJSON FeatureCollection (expected "type": "FeatureCollection" with a "features" array)' });
    return null;
  }
  const declaredLayer = typeof doc.layer === 'string' ? (doc.layer as Layer) : null;
  const crsName = doc.crs?.properties?.name;
  const declaredCrs = typeof crsName === 'string' ? crsName : null;
  const layer = layerHint ?? (declaredLayer && LAYERS.includes(declaredLayer) ? declaredLayer : null) ?? fallbackLayer;
  let total = 0;
  let style: BoundaryStyle | null = null;
  const rows: RawRow[] = [];
  (doc.features as Feature[]).forEach((f, i) => {
    if (!f || f.type !== 'Feature') {
      problems.push({ file, feature: i, message: 'not a GeoJSON Feature' });
      return;
    }
    let geometry: Geometry | null = null;
    if (f.geometry) {
      const n = countVertices(f.geometry);
      if (typeof n === 'string') {
        problems.push({ file, feature: i, field: 'geometry', message: n });
        return;
      }
      if (n > limits.maxFeatureVertices) {
        problems.push({ file, feature: i, field: 'geometry', message: `${n} vertices: over the limit of ${limits.maxFeatureVertices} per feature` });
        return;
      }
      total += n;
      geometry = f.geometry;
    }
    const values: Record<string, unknown> = {};
    const extra: Record<string, unknown> = {};
    const props = (f.properties && typeof f.properties === 'object' ? f.properties : {}) as Record<string, unknown>;
    style ??= styleOf(props);
    for (const [k, v] of Object.entries(props)) {
      const field = layer ? canonicalField(layer, k) : null;
      if (field) values[field] = flatValue(v);
      else extra[k] = v;
    }
    rows.push({ position: i, values, extra, geometry });
  });
  if (total > limits.maxVertices) {
    problems.push({ file, message: `${total} vertices in the file: over the limit of ${limits.maxVertices}` });
    return null;
  }
  if (rows.length > limits.maxRows) {
    problems.push({ file, message: `${rows.length} features: over the limit of ${limits.maxRows}` });
    return null;
  }
  return { rows, declaredLayer, declaredCrs, style };
}
