/**
 * Golden fixtures: each `in/<name>.geojson` is run through CASES[name] and must equal `out/<name>.geojson`.
 * Shared by golden.spec.ts (compares) and regenerate.ts (rewrites `out` after an intended change).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import {
  QUZHOU_BBOX,
  areaWeightedOverlay,
  boundsOf,
  buildPlanarPolygonIndex,
  buildPointIndex,
  buildPolygonIndex,
  detectCoordinateProblem,
  featureCollectionToWgs84,
  findAllContaining,
  findContaining,
  kNearest,
  overlayShares,
  pointLookup,
  projectionFor,
  representativePoint,
  validatePolygon,
  type PlanarPolygonIndex,
} from '../src';

export const IN_DIR = join(__dirname, 'in');
export const OUT_DIR = join(__dirname, 'out');

type FC = FeatureCollection<Geometry | null>;
type Props = Record<string, unknown>;

function props(f: Feature<Geometry | null>): Props {
  return (f.properties ?? {}) as Props;
}

function withProps(f: Feature<Geometry | null>, extra: Props): Feature<Geometry | null> {
  return { ...f, properties: { ...props(f), ...extra } };
}

function byRole(fc: FC, role: string): Feature<Geometry | null>[] {
  return fc.features.filter((f) => props(f).role === role);
}

/** The zones of a fixture as a planar layer, projected around everything in the file as catchment matching does. */
function planarZones(fc: FC): PlanarPolygonIndex {
  const zones = byRole(fc, 'zone') as Feature<Polygon | MultiPolygon>[];
  const projection = projectionFor(boundsOf(fc.features.map((f) => f.geometry))!);
  return buildPlanarPolygonIndex(
    projection,
    zones.map((z) => ({ code: String(props(z).code), geometry: z.geometry })),
  );
}

export const CASES: Record<string, (input: FC) => FC> = {
  'to-wgs84-gcj02': (fc) => featureCollectionToWgs84(fc, 'GCJ02'),
  'to-wgs84-bd09': (fc) => featureCollectionToWgs84(fc, 'BD09'),
  // The projected fixtures name their CRS in the legacy GeoJSON `crs` member, as surveyors' exports do.
  'to-wgs84-epsg4549': (fc) => featureCollectionToWgs84(fc),
  'to-wgs84-epsg4509': (fc) => featureCollectionToWgs84(fc),
  'to-wgs84-epsg4498': (fc) => featureCollectionToWgs84(fc),

  'detect-coordinate-problem': (fc) => ({
    type: 'FeatureCollection',
    features: fc.features.map((f) => {
      const [lon, lat] = (f.geometry as Point).coordinates;
      // JSON has no NaN: a null in the file stands for an unreadable cell.
      return withProps(f, { problem: detectCoordinateProblem(lon ?? NaN, lat ?? NaN, { bbox: QUZHOU_BBOX }) });
    }),
  }),

  'validate-polygon': (fc) => ({
    type: 'FeatureCollection',
    features: fc.features.map((f) => withProps(f, { problems: validatePolygon(f.geometry) })),
  }),

  'find-containing': (fc) => {
    const zones = byRole(fc, 'zone') as Feature<Polygon>[];
    const index = buildPolygonIndex(zones);
    return {
      type: 'FeatureCollection',
      features: byRole(fc, 'point').map((f) => {
        const hit = findContaining(index, f as Feature<Point>);
        return withProps(f, {
          containing: hit && { index: hit.index, code: hit.feature.properties?.code, onBoundary: hit.onBoundary },
          all: findAllContaining(index, f as Feature<Point>),
        });
      }),
    };
  },

  'area-weighted-overlay': (fc) => {
    const index = buildPolygonIndex(byRole(fc, 'zone') as Feature<Polygon>[]);
    return {
      type: 'FeatureCollection',
      features: byRole(fc, 'unit').map((f) => {
        const o = areaWeightedOverlay(f as Feature<Polygon | MultiPolygon>, index);
        return withProps(f, {
          unitAreaKm2: o.unitAreaKm2,
          coveredShare: o.coveredShare,
          uncoveredShare: o.uncoveredShare,
          overlapShare: o.overlapShare,
          zones: o.zones.map((z) => ({ index: z.index, code: z.feature.properties?.code, areaKm2: z.areaKm2, share: z.share })),
        });
      }),
    };
  },

  'overlay-shares': (fc) => {
    const layer = planarZones(fc);
    return {
      type: 'FeatureCollection',
      features: byRole(fc, 'unit').map((f) =>
        withProps(f, { shares: overlayShares(layer, (f as Feature<Polygon | MultiPolygon>).geometry) }),
      ),
    };
  },

  'point-lookup': (fc) => {
    const layer = planarZones(fc);
    return {
      type: 'FeatureCollection',
      features: byRole(fc, 'point').map((f) => withProps(f, { codes: pointLookup(layer, (f.geometry as Point).coordinates) })),
    };
  },

  'representative-point': (fc) => ({
    type: 'FeatureCollection',
    features: fc.features.map((f) => withProps(f, { representativePoint: f.geometry && representativePoint(f.geometry) })),
  }),

  'k-nearest': (fc) => {
    const index = buildPointIndex(byRole(fc, 'school') as Feature<Point>[]);
    return {
      type: 'FeatureCollection',
      features: byRole(fc, 'query').map((f) => {
        const { k, maxKm } = props(f) as { k: number; maxKm: number };
        const found = kNearest(index, f as Feature<Point>, k, maxKm);
        return withProps(f, {
          neighbours: found.map((n) => ({ index: n.index, code: n.item.properties?.code, distanceKm: n.distanceKm })),
        });
      }),
    };
  },
};

/** Names of the `in` fixtures, without extension. */
export function fixtureNames(): string[] {
  return readdirSync(IN_DIR)
    .filter((f) => f.endsWith('.geojson'))
    .map((f) => f.slice(0, -'.geojson'.length))
    .sort();
}

export function readGeoJson(dir: string, name: string): FC {
  return JSON.parse(readFileSync(join(dir, `${name}.geojson`), 'utf8')) as FC;
}

const DECIMALS = 9;

/** Rounds every number to 9 decimals (0.1 mm in degrees) so `out` files are stable across platforms. */
export function roundNumbers<T>(value: T): T {
  if (typeof value === 'number') return (Number.isFinite(value) ? Number(value.toFixed(DECIMALS)) : value) as T;
  if (Array.isArray(value)) return value.map(roundNumbers) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundNumbers(v)])) as T;
  }
  return value;
}

/** Pretty JSON with number arrays (positions) kept on one line. */
export function formatGeoJson(value: unknown): string {
  let text = JSON.stringify(roundNumbers(value), null, 2);
  const flat = /\[\s+((?:-?[\d.eE+-]+,\s*)*-?[\d.eE+-]+)\s+\]/g;
  for (let i = 0; i < 2; i++) text = text.replace(flat, (_, inner: string) => `[${inner.replace(/\s+/g, ' ')}]`);
  return `${text}\n`;
}

/** First difference between two JSON values (numbers compared to `tolerance`), or null when they match. */
export function firstDifference(actual: unknown, expected: unknown, tolerance = 1e-8, path = '$'): string | null {
  if (typeof actual === 'number' && typeof expected === 'number') {
    return Math.abs(actual - expected) <= tolerance ? null : `${path}: ${actual} != ${expected}`;
  }
  if (Array.isArray(actual) || Array.isArray(expected)) {
    if (!Array.isArray(actual) || !Array.isArray(expected)) return `${path}: array vs non-array`;
    if (actual.length !== expected.length) return `${path}: length ${actual.length} != ${expected.length}`;
    for (let i = 0; i < actual.length; i++) {
      const d = firstDifference(actual[i], expected[i], tolerance, `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (actual && expected && typeof actual === 'object' && typeof expected === 'object') {
    const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
    for (const k of keys) {
      const d = firstDifference((actual as Props)[k], (expected as Props)[k], tolerance, `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return Object.is(actual, expected) ? null : `${path}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`;
}
