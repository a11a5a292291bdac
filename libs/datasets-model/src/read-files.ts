import { readFile } from 'node:fs/promises';
import type { MultiPolygon, Polygon } from 'geojson';
import * as turf from '@turf/turf';
import { parseCrs, type Crs, type PolygonProblem } from '@app/geo';
import { crsFits, crsSuspicion } from './crs-sense';
import { LAYERS, type AreaRecord, type DatasetRecords, type Layer } from '@app/domain';
import type { ValidationContext } from './context';
import { decodeText } from './decode-text';
import { turn } from './turn';
import { checkLargePolygons } from './polygon-check';
import { formatFromName, sniffFormat, type FileFormat } from './detect-format';
import { keyOf } from './keys';
import { readAreas, readDistricts } from './layers/areas';
import { CATCHMENTS_KEY, readCatchmentsRows } from './layers/catchments';
import { checkDuplicates, type DuplicateKey } from './layers/duplicates';
import { HOUSING_KEY, readHousingRows } from './layers/housing';
import { BIRTHS_KEY, POPULATION_KEY, readBirthsRows, readPopulationRows } from './layers/population';
import { readSchoolsRows, SCHOOLS_KEY } from './layers/schools';
import { readUnits } from './layers/units';
import { readRoads } from './layers/roads';
import type { ImportLimits } from './limits';
import { parseGeoJsonYielding, type BoundaryStyle } from './parse-geojson';
import { newTableReport, parseCsv, parseXlsx, ROWS_PER_TURN } from './parse-tabular';
import type { ImportNotice, ImportProblem } from './problems';
import { rowLocation, type RawTable, type TableLayout } from './raw-table';
import { ValueNotes } from './values';
import type { Located } from './layers/duplicates';
import type { Locations } from './references';

/**
 * One file of an import: in memory (CLI, tests), or spooled on disk by the API (`path`, `size`), read only when its
 * turn to be parsed comes, so an upload is never held whole in memory and a file refused by name or size is never read.
 */
export type ImportFile = { name: string; bytes: Buffer } | { name: string; path: string; size: number };

const sizeOf = (f: ImportFile): number => ('bytes' in f ? f.bytes.length : f.size);
const bytesOf = async (f: ImportFile): Promise<Buffer> => ('bytes' in f ? f.bytes : readFile(f.path));

export interface ReadOptions {
  /** Applies to every file; otherwise each file's layer comes from its GeoJSON "layer" member or its name. */
  layer?: Layer;
  /**
   * Declared CRS of the files' coordinates: one value for every file (`GCJ02`), or per file
   * (`schools.xlsx=GCJ02,areas.geojson=EPSG:4326`). It overrides a GeoJSON crs member; the default is WGS-84.
   */
  crs?: string;
  limits: ImportLimits;
  /** City boundary of the previous version, used when the import brings no city-level area. */
  previousRegion: Polygon | MultiPolygon | null;
  /** Area boundaries of the previous version: points naming a township or county are checked against them. */
  previousAreas?: AreaRecord[];
  /** Fix the polygon defects that can be fixed and report each change as a notice (`--repair`). */
  repair?: boolean;
}

export interface FileSummary {
  name: string;
  layer: Layer | null;
  format: FileFormat | null;
  crs: string | null;
  encoding?: string;
  rows: number;
}

export interface ReadResult {
  records: Partial<DatasetRecords>;
  files: FileSummary[];
  locations: Locations;
  problems: ImportProblem[];
  /** What was read, assumed or skipped (header rows, units, footers, CRS assumed, road network pieces): shown, never refusing. */
  notices: ImportNotice[];
  /** Per CSV/XLSX file name: the header row(s) found, each column's field, the rows skipped and why. */
  layouts: Record<string, TableLayout>;
}

const FORMAT_NAME: Record<string, string> = { csv: 'CSV text', xlsx: 'an XLSX workbook', geojson: 'JSON/GeoJSON', binary: 'binary data' };
const LAYER_FORMATS: Record<Layer, FileFormat[]> = {
  areas: ['geojson'],
  districts: ['geojson'],
  units: ['geojson'],
  schools: ['csv', 'xlsx', 'geojson'],
  catchments: ['csv', 'xlsx', 'geojson'],
  population: ['csv', 'xlsx'],
  births: ['csv', 'xlsx'],
  housing: ['csv', 'xlsx', 'geojson'],
  roads: ['geojson'],
};

function layerFromName(name: string): Layer | null {
  const base = name.toLowerCase().split(/[\\/]/).pop() ?? '';
  const hits = LAYERS.filter((l) => base.includes(l));
  // A name can contain two layer names ("population-units.csv"): the longest match is the meant one.
  return hits.sort((a, b) => b.length - a.length)[0] ?? null;
}

/** The CRS the request declares for one file, from a single value or `name=CRS` pairs. */
export function crsForFile(spec: string | undefined, fileName: string): string | undefined {
  if (!spec) return undefined;
  if (!spec.includes('=')) return spec;
  for (const part of spec.split(',')) {
    const [name, crs] = part.split('=').map((t) => t.trim());
    if (name === fileName) return crs;
  }
  return undefined;
}

async function parseOne(
  file: ImportFile,
  opts: ReadOptions,
  problems: ImportProblem[],
  notices: ImportNotice[],
): Promise<{ table: RawTable | null; summary: FileSummary; layout?: TableLayout; polygons?: Promise<WeakMap<object, PolygonProblem[]>> }> {
  const summary: FileSummary = { name: file.name, layer: null, format: null, crs: null, rows: 0 };
  const fail = (message: string) => {
    problems.push({ file: file.name, message });
    return { table: null, summary };
  };
  const size = sizeOf(file);
  if (size > opts.limits.maxBytes) return fail(`${size} bytes: over the upload limit of ${opts.limits.maxBytes} bytes`);
  const named = formatFromName(file.name);
  if (!named) return fail('unsupported file type: expected .csv, .xlsx, .geojson or .json');
  const bytes = await bytesOf(file);
  const actual = sniffFormat(bytes);
  if (actual !== named) return fail(`the name says ${FORMAT_NAME[named]} but the content is ${FORMAT_NAME[actual]}`);
  summary.format = named;
  let layer: Layer | null = opts.layer ?? null;
  let rows;
  let declaredCrs: string | null = null;
  let layout: TableLayout | undefined;
  let style: BoundaryStyle | null = null;
  let polygons: Promise<WeakMap<object, PolygonProblem[]>> | undefined;
  if (named === 'geojson') {
    const { text } = decodeText(bytes);
    // Decoding, the nesting check, JSON.parse and the features each take their own turn of the event loop.
    await turn();
    const parsed = await parseGeoJsonYielding(file.name, text, layer, opts.limits, problems, layerFromName(file.name));
    if (!parsed) return { table: null, summary };
    layer = layer ?? parsed.declaredLayer ?? layerFromName(file.name);
    if (layer && !LAYERS.includes(layer)) return fail(`unknown layer "${layer}" (expected one of ${LAYERS.join(', ')})`);
    if (!layer) return fail(`cannot tell the layer: name the file after it (${LAYERS.join(', ')}) or add a "layer" member`);
    rows = parsed.rows;
    declaredCrs = parsed.declaredCrs;
    style = parsed.style;
    if (POLYGON_LAYERS.includes(layer)) polygons = checkLargePolygons(text, rows);
  } else {
    layer = layer ?? layerFromName(file.name);
    if (!layer) return fail(`cannot tell the layer: name the file after it (${LAYERS.join(', ')}) or pass --layer`);
    summary.layer = layer;
    const report = newTableReport();
    if (named === 'csv') {
      const { text, encoding } = decodeText(bytes);
      summary.encoding = encoding;
      rows = parseCsv(file.name, text, layer, opts.limits, problems, report);
    } else rows = await parseXlsx(file.name, bytes, layer, opts.limits, problems, report);
    notices.push(...report.notices);
    layout = report.layout ?? undefined;
    if (!rows) return { table: null, summary, layout };
  }
  summary.layer = layer;
  if (!LAYER_FORMATS[layer].includes(named))
    return fail(`the ${layer} layer is read from ${LAYER_FORMATS[layer].join(' or ')}, not ${named}`);
  let crs: Crs;
  const given = crsForFile(opts.crs, file.name) ?? declaredCrs;
  try {
    crs = parseCrs(given ?? 'EPSG:4326');
  } catch (e) {
    return fail((e as Error).message);
  }
  if (style === 'datav') {
    notices.push({
      file: file.name,
      kind: 'boundary_format',
      message:
        'DataV/AMap boundary file: adcode read as code, parent.adcode as parent_code, level district as county and street as township',
    });
    // DataV publishes GCJ-02 and says so nowhere in the file: taking it as WGS-84 puts every boundary ~500 m off.
    if (!given)
      return fail(
        'a DataV/AMap boundary file is in GCJ-02, but no CRS was declared: import it with --crs GCJ02 (or --crs WGS84 ' +
          'if this copy was converted)',
      );
  } else if (style === 'tianditu') {
    notices.push({
      file: file.name,
      kind: 'boundary_format',
      message: 'Tianditu/natural-resources boundary file: XZQDM/QHDM/PAC/gb read as code, XZQMC/QHMC as name',
    });
  }
  if (!given && layer !== 'population' && layer !== 'births') {
    notices.push({
      file: file.name,
      kind: 'crs_assumed',
      message:
        'no CRS declared: WGS-84 (EPSG:4326) assumed. Coordinates from AMap/高德, Tencent or DataV are GCJ-02 and from ' +
        'Baidu BD-09: declare them with --crs GCJ02 or --crs BD09',
    });
  }
  summary.crs = crs;
  summary.rows = rows.length;
  if (rows.length === 0) return fail(`no data rows: an empty ${layer} file would change nothing`);
  return {
    table: {
      file: file.name,
      layer,
      format: named,
      crs,
      crsDeclared: given !== null && given !== undefined,
      rows,
      encoding: summary.encoding,
      layout,
      notes: new ValueNotes(),
    },
    summary,
    layout,
    polygons,
  };
}

/**
 * Validates a table's rows {@link ROWS_PER_TURN} at a time with a turn of the event loop in between, then checks
 * repeated keys over the whole file: the records, problems and notices of one pass, in the same order, without
 * holding the API's loop for the seconds a 50,000-row school list takes.
 */
async function readYielding<T>(
  t: RawTable,
  readRows: (chunk: RawTable) => Located<T>[],
  key: DuplicateKey<T>,
  problems: ImportProblem[],
): Promise<Located<T>[]> {
  const items: Located<T>[] = [];
  for (let from = 0; from < t.rows.length; from += ROWS_PER_TURN) {
    if (from > 0) await turn();
    for (const item of readRows({ ...t, rows: t.rows.slice(from, from + ROWS_PER_TURN) })) items.push(item);
  }
  if (t.rows.length > ROWS_PER_TURN) await turn();
  checkDuplicates(t, items, key.keyOf, key.field, problems);
  return items;
}

/** Records whose locations are filed between two turns of the event loop. */
const LOCATIONS_PER_TURN = 10_000;

/** The layers whose GeoJSON polygons are validated (readPolygon): their large polygons are checked off the loop. */
const POLYGON_LAYERS: readonly Layer[] = ['areas', 'districts', 'units', 'catchments'];

function regionOf(areas: DatasetRecords['areas'] | undefined, fallback: Polygon | MultiPolygon | null): Polygon | MultiPolygon | null {
  const city = areas?.filter((a) => a.level === 'city') ?? [];
  if (city.length === 1) return city[0].geometry;
  return fallback;
}

/**
 * Parses and validates every file of one import. Nothing is written here: the caller commits the records only
 * when `problems` is empty, so an import is all or nothing.
 * @example
 * const res = await readImportFiles([{ name: 'schools.csv', bytes }], { crs: 'GCJ02', limits: DEFAULT_LIMITS, previousRegion: null });
 * res.problems.length === 0 && res.records.schools?.length
 */
export async function readImportFiles(files: ImportFile[], opts: ReadOptions): Promise<ReadResult> {
  const problems: ImportProblem[] = [];
  const notices: ImportNotice[] = [];
  const parsed = [];
  for (const f of files) parsed.push(await parseOne(f, opts, problems, notices));
  const tables = parsed.map((p) => p.table).filter((t): t is RawTable => t !== null);
  const seenLayer = new Map<Layer, string>();
  for (const t of tables) {
    const other = seenLayer.get(t.layer);
    if (other) problems.push({ file: t.file, message: `${other} already carries the ${t.layer} layer: one file per layer in an import` });
    seenLayer.set(t.layer, t.file);
  }
  const records: Partial<DatasetRecords> = {};
  const locations: Locations = new Map();
  // The large polygons' checks started while each file was parsed: wait for them before the layers are read.
  const polygonChecks = new Map<RawTable, WeakMap<object, PolygonProblem[]>>();
  for (const p of parsed) if (p.table && p.polygons) polygonChecks.set(p.table, await p.polygons);
  const ctxFor = (t: RawTable, region: Polygon | MultiPolygon | null): ValidationContext => ({
    crs: t.crs,
    region,
    regionBbox: region ? (turf.bbox(region) as [number, number, number, number]) : null,
    repair: opts.repair === true,
    polygonProblems: polygonChecks.get(t),
  });
  // Areas first: a city polygon in this import is the boundary everything else must fall in.
  // Keeps a layer's records and where each came from; a large layer's locations are filed in chunks between turns.
  const keep = async <L extends Layer>(t: RawTable, layer: L, items: Located<DatasetRecords[L][number]>[]) => {
    (records[layer] as unknown[]) = items.map((i) => i.record);
    for (let from = 0; from < items.length; from += LOCATIONS_PER_TURN) {
      if (from > 0) await turn();
      for (const i of items.slice(from, from + LOCATIONS_PER_TURN))
        locations.set(`${layer}:${keyOf(layer, i.record)}`, rowLocation(t, i.position));
    }
  };
  // The layers a CSV/XLSX file can carry: tens of thousands of rows, validated in chunks (see readYielding).
  const areaTable = tables.find((t) => t.layer === 'areas');
  if (areaTable) await keep(areaTable, 'areas', readAreas(areaTable, ctxFor(areaTable, null), problems));
  const region = regionOf(records.areas, opts.previousRegion);
  for (const t of tables) {
    const ctx = ctxFor(t, region);
    if (t.layer === 'districts') await keep(t, 'districts', readDistricts(t, ctx, problems));
    else if (t.layer === 'units') await keep(t, 'units', readUnits(t, ctx, problems));
    else if (t.layer === 'schools')
      await keep(t, 'schools', await readYielding(t, (c) => readSchoolsRows(c, ctx, problems), SCHOOLS_KEY, problems));
    else if (t.layer === 'catchments')
      await keep(t, 'catchments', await readYielding(t, (c) => readCatchmentsRows(c, ctx, problems), CATCHMENTS_KEY, problems));
    else if (t.layer === 'population')
      await keep(t, 'population', await readYielding(t, (c) => readPopulationRows(c, problems), POPULATION_KEY, problems));
    else if (t.layer === 'births') await keep(t, 'births', await readYielding(t, (c) => readBirthsRows(c, problems), BIRTHS_KEY, problems));
    else if (t.layer === 'housing')
      await keep(t, 'housing', await readYielding(t, (c) => readHousingRows(c, ctx, problems), HOUSING_KEY, problems));
    else if (t.layer === 'roads') await keep(t, 'roads', readRoads(t, ctx, problems, notices));
  }
  for (const t of tables) if (t.notes) notices.push(...t.notes.notices(t.file, t.format === 'geojson' ? 'feature' : 'row'));
  // CRS sense: where boundaries are known, test whether the points fit another datum clearly better than the declared one.
  const boundaries = [
    ...(records.areas ?? []),
    ...(opts.previousAreas ?? []).filter((a) => !records.areas?.some((b) => b.code === a.code)),
  ];
  if (boundaries.length > 0) {
    for (const t of tables) {
      if (!['EPSG:4326', 'EPSG:4490', 'GCJ02', 'BD09'].includes(t.crs)) continue;
      const points =
        t.layer === 'schools'
          ? (records.schools ?? [])
          : t.layer === 'housing'
            ? (records.housing ?? []).map((h) => ({ lon: h.lon, lat: h.lat, townshipCode: h.townshipCode, countyCode: null }))
            : [];
      if (points.length === 0) continue;
      const warning = crsSuspicion(t.file, crsFits(points, t.crs, boundaries), t.crs, t.crsDeclared === true);
      if (warning) notices.push(warning);
    }
  }
  const layouts: Record<string, TableLayout> = {};
  for (const p of parsed) if (p.layout) layouts[p.summary.name] = p.layout;
  return { records, files: parsed.map((p) => p.summary), locations, problems, notices, layouts };
}
