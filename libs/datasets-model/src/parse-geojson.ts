import type { Feature, Geometry } from 'geojson';
import { LAYERS, type Layer } from '@app/domain';
import { canonicalField } from './headers';
import type { ImportLimits } from './limits';
import type { ImportProblem } from './problems';
import type { RawRow } from './raw-table';
import { ROWS_PER_TURN } from './parse-tabular';
import { turn } from './turn';

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

type GeoJsonDoc = { type?: unknown; features?: unknown; layer?: unknown; crs?: { properties?: { name?: unknown } } };

/** False, with a problem, when the text nests deeper than the limit: refused before JSON.parse sees it. */
function depthWithin(file: string, text: string, limits: ImportLimits, problems: ImportProblem[]): boolean {
  if (jsonDepth(text, limits.maxJsonDepth) <= limits.maxJsonDepth) return true;
  problems.push({ file, message: `JSON nesting deeper than ${limits.maxJsonDepth} levels: refused` });
  return false;
}

/** The document, when it is valid JSON of a FeatureCollection; else null with a problem. */
function parseDocument(file: string, text: string, problems: ImportProblem[]): GeoJsonDoc | null {
  let doc: GeoJsonDoc;
  try {
    doc = JSON.parse(text) as GeoJsonDoc;
  } catch (e) {
    problems.push({ file, message: `not valid JSON: ${(e as Error).message}` });
    return null;
  }
  if (doc === null || typeof doc !== 'object' || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    problems.push({ file, message: 'not a GeoJSON FeatureCollection (expected "type": "FeatureCollection" with a "features" array)' });
    return null;
  }
  return doc;
}

/** Reads the features of a parsed FeatureCollection one at a time ({@link FeatureReader.read}), then {@link FeatureReader.result}. */
class FeatureReader {
  private total = 0;
  /** Vertices of the feature read last (0 when it had none or was refused). */
  lastVertices = 0;
  private style: BoundaryStyle | null = null;
  private readonly rows: RawRow[] = [];
  private readonly declaredLayer: Layer | null;
  private readonly declaredCrs: string | null;
  private readonly layer: Layer | null;
  readonly features: Feature[];

  constructor(
    private readonly file: string,
    doc: GeoJsonDoc,
    layerHint: Layer | null,
    private readonly limits: ImportLimits,
    private readonly problems: ImportProblem[],
    fallbackLayer: Layer | null,
  ) {
    this.declaredLayer = typeof doc.layer === 'string' ? (doc.layer as Layer) : null;
    const crsName = doc.crs?.properties?.name;
    this.declaredCrs = typeof crsName === 'string' ? crsName : null;
    this.layer = layerHint ?? (this.declaredLayer && LAYERS.includes(this.declaredLayer) ? this.declaredLayer : null) ?? fallbackLayer;
    this.features = doc.features as Feature[];
  }

  read(i: number): void {
    const { file, problems, limits, layer } = this;
    const f = this.features[i];
    this.lastVertices = 0;
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
        problems.push({
          file,
          feature: i,
          field: 'geometry',
          message: `${n} vertices: over the limit of ${limits.maxFeatureVertices} per feature`,
        });
        return;
      }
      this.total += n;
      this.lastVertices = n;
      geometry = f.geometry;
    }
    const values: Record<string, unknown> = {};
    const extra: Record<string, unknown> = {};
    const props = (f.properties && typeof f.properties === 'object' ? f.properties : {}) as Record<string, unknown>;
    this.style ??= styleOf(props);
    for (const [k, v] of Object.entries(props)) {
      const field = layer ? canonicalField(layer, k) : null;
      if (field) values[field] = flatValue(v);
      else extra[k] = v;
    }
    this.rows.push({ position: i, values, extra, geometry });
  }

  result(): ParsedGeoJson | null {
    const { file, problems, limits, rows } = this;
    if (this.total > limits.maxVertices) {
      problems.push({ file, message: `${this.total} vertices in the file: over the limit of ${limits.maxVertices}` });
      return null;
    }
    if (rows.length > limits.maxRows) {
      problems.push({ file, message: `${rows.length} features: over the limit of ${limits.maxRows}` });
      return null;
    }
    return { rows, declaredLayer: this.declaredLayer, declaredCrs: this.declaredCrs, style: this.style };
  }
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
  if (!depthWithin(file, text, limits, problems)) return null;
  const doc = parseDocument(file, text, problems);
  if (!doc) return null;
  const reader = new FeatureReader(file, doc, layerHint, limits, problems, fallbackLayer);
  for (let i = 0; i < reader.features.length; i++) reader.read(i);
  return reader.result();
}

/** Vertices read between two turns of the event loop in {@link parseGeoJsonYielding}. */
const VERTICES_PER_TURN = 50_000;

/**
 * {@link parseGeoJson} with turns of the event loop between its steps (the nesting check, JSON.parse, and every
 * {@link ROWS_PER_TURN} features or {@link VERTICES_PER_TURN} vertices), so that a large boundary file does not hold
 * the API's loop for the whole read: the same rows and problems, in the same order.
 * @example const parsed = await parseGeoJsonYielding('areas.geojson', text, 'areas', DEFAULT_LIMITS, problems);
 */
export async function parseGeoJsonYielding(
  file: string,
  text: string,
  layerHint: Layer | null,
  limits: ImportLimits,
  problems: ImportProblem[],
  fallbackLayer: Layer | null = null,
): Promise<ParsedGeoJson | null> {
  if (!depthWithin(file, text, limits, problems)) return null;
  await turn();
  const doc = parseDocument(file, text, problems);
  if (!doc) return null;
  await turn();
  const reader = new FeatureReader(file, doc, layerHint, limits, problems, fallbackLayer);
  let since = 0;
  for (let i = 0; i < reader.features.length; i++) {
    if (i > 0 && (i % ROWS_PER_TURN === 0 || since >= VERTICES_PER_TURN)) {
      await turn();
      since = 0;
    }
    reader.read(i);
    since += reader.lastVertices;
  }
  return reader.result();
}
