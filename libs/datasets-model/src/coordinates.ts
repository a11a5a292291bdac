import * as turf from '@turf/turf';
import type { Geometry, Position } from 'geojson';
import { detectCoordinateProblem, geometryToWgs84, isProjectedCrs, toWgs84 } from '@app/geo';
import type { ValidationContext } from './context';
import type { RowReader } from './row-reader';

/**
 * Checks raw coordinates against the declared CRS before conversion: degrees where metres are declared, metres where
 * degrees are declared, and swapped axes. Being outside the city is checked after conversion, on the real boundary.
 */
function rawProblem(x: number, y: number, ctx: ValidationContext): string | null {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return `coordinate (${x}, ${y}) is not a pair of finite numbers`;
  if (isProjectedCrs(ctx.crs)) {
    return Math.abs(x) <= 180 && Math.abs(y) <= 90
      ? `coordinate (${x}, ${y}) looks like degrees but the file declares ${ctx.crs} (metres)`
      : null;
  }
  const b = ctx.regionBbox;
  // A margin keeps GCJ-02/BD-09 offsets and boundary points from being called swapped.
  const bbox = b ? ([b[0] - 0.2, b[1] - 0.2, b[2] + 0.2, b[3] + 0.2] as [number, number, number, number]) : undefined;
  const p = detectCoordinateProblem(x, y, { bbox });
  if (!p || p.kind === 'outside_region') return null;
  if (p.kind === 'projected_as_degrees') return `${p.message}: declare the file's CRS (e.g. --crs EPSG:4549)`;
  return p.message;
}

/**
 * Converts a point read from a row to WGS-84, reporting swapped axes, metres read as degrees and points outside
 * the region. Returns null when the point cannot be used.
 */
export function readPoint(r: RowReader, x: number, y: number, ctx: ValidationContext, field = 'lon'): [number, number] | null {
  const before = rawProblem(x, y, ctx);
  if (before) {
    r.fail(field, before);
    return null;
  }
  const [lon, lat] = toWgs84([x, y], ctx.crs);
  if (ctx.region && !turf.booleanPointInPolygon([lon, lat], ctx.region)) {
    r.fail(field, `point ${lon.toFixed(5)}, ${lat.toFixed(5)} (WGS-84) lies outside the city boundary`);
    return null;
  }
  return [lon, lat];
}

/** Converts a geometry to WGS-84 after checking its first position for unit and axis mistakes; inputs are not mutated. */
export function readGeometry<G extends Geometry>(r: RowReader, g: G, ctx: ValidationContext): G | null {
  const first = firstPosition(g);
  if (!first) {
    r.fail('geometry', 'geometry has no coordinates');
    return null;
  }
  const problem = rawProblem(first[0], first[1], ctx);
  if (problem) {
    r.fail('geometry', problem);
    return null;
  }
  return geometryToWgs84(g, ctx.crs);
}

function firstPosition(g: Geometry): Position | null {
  if (g.type === 'GeometryCollection') return g.geometries.length ? firstPosition(g.geometries[0]) : null;
  let c: unknown = g.coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) && c.length >= 2 ? (c as Position) : null;
}
