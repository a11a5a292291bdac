/**
 * Coordinate reference systems the engine accepts on import. Everything is converted to WGS-84 `[lon, lat]`.
 *
 * - `EPSG:4326` WGS-84 and `EPSG:4490` CGCS2000 geographic (treated as identical at planning accuracy).
 * - `GCJ02` (AMap/高德, Tencent) and `BD09` (Baidu): obfuscated lon/lat, no EPSG code.
 * - `EPSG:4548` / `EPSG:4549`: CGCS2000 / 3-degree Gauss-Kruger CM 117E / CM 120E, false easting 500 000 m.
 * - `EPSG:4509`: CGCS2000 / Gauss-Kruger CM 117E (6-degree zone 20 *without* zone prefix), false easting 500 000 m.
 * - `EPSG:4498`: CGCS2000 / Gauss-Kruger zone 20, CM 117E, false easting 20 500 000 m (zone number prefixed).
 */
export const SUPPORTED_CRS = ['EPSG:4326', 'EPSG:4490', 'GCJ02', 'BD09', 'EPSG:4548', 'EPSG:4549', 'EPSG:4509', 'EPSG:4498'] as const;

const CANONICAL: ReadonlySet<string> = new Set(SUPPORTED_CRS);

/** Canonical name of a supported CRS. */
export type Crs = (typeof SUPPORTED_CRS)[number];

/** The projected (metre) members of {@link Crs}. */
export type ProjectedCrs = 'EPSG:4548' | 'EPSG:4549' | 'EPSG:4509' | 'EPSG:4498';

/**
 * Raised for a CRS text that is unknown or known but deliberately unsupported; `value` is the text as given, so an
 * importer can report it against the file or field it came from.
 *
 * @example
 * try { parseCrs('EPSG:3857'); } catch (e) { if (e instanceof CrsError) console.log(e.value); } // 'EPSG:3857'
 */
export class CrsError extends Error {
  constructor(
    readonly value: unknown,
    message: string,
  ) {
    super(message);
    this.name = 'CrsError';
  }
}

const ACCEPTED = 'EPSG:4326/WGS84, EPSG:4490/CGCS2000, GCJ02, BD09, EPSG:4548, EPSG:4549, EPSG:4509, EPSG:4498';

const EPSG_CODES: Record<string, Crs> = {
  '4326': 'EPSG:4326',
  '4490': 'EPSG:4490',
  '4548': 'EPSG:4548',
  '4549': 'EPSG:4549',
  '4509': 'EPSG:4509',
  '4498': 'EPSG:4498',
};

// Keys are upper-cased with spaces, '-', '_' and '.' removed, so 'GCJ-02', 'gcj_02' and 'WGS 84' all match.
const NAMES: Record<string, Crs> = {
  WGS84: 'EPSG:4326',
  WGS1984: 'EPSG:4326',
  CRS84: 'EPSG:4326',
  'OGC:CRS84': 'EPSG:4326',
  CGCS2000: 'EPSG:4490',
  CGCS: 'EPSG:4490',
  GCJ02: 'GCJ02',
  GCJ: 'GCJ02',
  AMAP: 'GCJ02',
  GAODE: 'GCJ02',
  高德: 'GCJ02',
  火星坐标: 'GCJ02',
  BD09: 'BD09',
  BD09LL: 'BD09',
  BAIDU: 'BD09',
  百度: 'BD09',
};

// Named so the error can say *why* rather than just "unknown": these need datum parameters or a different model.
const UNSUPPORTED: Record<string, string> = {
  '4214': 'Beijing 1954 geographic needs a datum transformation with local parameters',
  '4610': 'Xian 1980 geographic needs a datum transformation with local parameters',
  '2384': 'Xian 1980 / 3-degree Gauss-Kruger CM 117E needs a datum transformation with local parameters',
  '2385': 'Xian 1980 / 3-degree Gauss-Kruger CM 120E needs a datum transformation with local parameters',
  '2436': 'Beijing 1954 / 3-degree Gauss-Kruger CM 117E needs a datum transformation with local parameters',
  '2437': 'Beijing 1954 / 3-degree Gauss-Kruger CM 120E needs a datum transformation with local parameters',
  BD09MC: 'Baidu Mercator (metres) is not supported; export BD-09 longitude/latitude instead',
};

function fail(text: unknown, why?: string): never {
  const shown = typeof text === 'string' ? `"${text}"` : String(text);
  throw new CrsError(text, why ? `Unsupported CRS ${shown}: ${why}` : `Unknown CRS ${shown}; accepted: ${ACCEPTED}`);
}

function byCode(code: string, text: string): Crs {
  const crs = EPSG_CODES[code];
  if (crs) return crs;
  return fail(text, UNSUPPORTED[code]);
}

/**
 * Parses a CRS name as found in a CLI flag, an upload field or a GeoJSON `crs` member.
 *
 * Accepts EPSG codes in the usual spellings (`EPSG:4549`, `epsg::4549`, `4549`, `urn:ogc:def:crs:EPSG::4549`,
 * `http://www.opengis.net/def/crs/EPSG/0/4549`), `CRS84`, and names such as `WGS84`, `CGCS2000`, `gcj02`, `GCJ-02`,
 * `bd09`, `BD-09`. Axis order is always easting/longitude first, as GeoJSON files are written in practice.
 *
 * @param text the CRS as written
 * @returns the canonical {@link Crs}
 * @throws {CrsError} naming the value when it is unknown or unsupported (e.g. Xian 1980, Beijing 1954)
 * @example
 * parseCrs('urn:ogc:def:crs:EPSG::4549'); // 'EPSG:4549'
 * parseCrs('GCJ-02'); // 'GCJ02'
 */
export function parseCrs(text: string): Crs {
  // A canonical name is its own parse: the per-position conversions pass one, and matching the patterns for every
  // vertex of a 130,000-vertex boundary took a hundred milliseconds of the event loop.
  if (CANONICAL.has(text)) return text as Crs;
  if (typeof text !== 'string' || text.trim() === '') return fail(text);
  const trimmed = text.trim();
  const upper = trimmed.toUpperCase();

  const ogc = /^URN:OGC:DEF:CRS:(EPSG|OGC):[^:]*:(.+)$/.exec(upper);
  if (ogc) return ogc[1] === 'OGC' ? parseCrs(ogc[2]) : byCode(ogc[2], trimmed);
  const http = /^HTTPS?:\/\/WWW\.OPENGIS\.NET\/DEF\/CRS\/(EPSG|OGC)\/[^/]+\/([^/]+)$/.exec(upper);
  if (http) return http[1] === 'OGC' ? parseCrs(http[2]) : byCode(http[2], trimmed);
  const epsg = /^(?:EPSG\s*:{1,2}\s*)?(\d+)$/.exec(upper);
  if (epsg) return byCode(epsg[1], trimmed);

  const key = upper.replace(/[\s\-_.]/g, '');
  const named = NAMES[key];
  if (named) return named;
  return fail(trimmed, UNSUPPORTED[key]);
}

/**
 * Reads the legacy GeoJSON (2008) `crs` member of a parsed file, if present.
 *
 * @param geojson a parsed GeoJSON object
 * @returns the CRS it declares, or `null` when it declares none
 * @throws {CrsError} when it declares a CRS that {@link parseCrs} does not accept
 * @example
 * crsOfGeoJson({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:4549' } }, features: [] });
 * // 'EPSG:4549'
 */
export function crsOfGeoJson(geojson: unknown): Crs | null {
  if (typeof geojson !== 'object' || geojson === null || !('crs' in geojson)) return null;
  const member = (geojson as { crs?: unknown }).crs;
  if (member === null || member === undefined) return null;
  if (typeof member === 'string') return parseCrs(member);
  if (typeof member !== 'object') return fail(member);
  const props = (member as { properties?: Record<string, unknown> }).properties ?? {};
  if (typeof props.name === 'string') return parseCrs(props.name);
  if (typeof props.code === 'number' || typeof props.code === 'string') return parseCrs(String(props.code));
  return fail(JSON.stringify(member));
}

/**
 * True for the CRSs measured in metres (Gauss-Kruger), whose coordinates are `[easting, northing]`.
 *
 * @example
 * isProjectedCrs('EPSG:4549'); // true
 * isProjectedCrs('GCJ02'); // false
 */
export function isProjectedCrs(crs: Crs): crs is ProjectedCrs {
  return crs === 'EPSG:4548' || crs === 'EPSG:4549' || crs === 'EPSG:4509' || crs === 'EPSG:4498';
}
