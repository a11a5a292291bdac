import type { Position } from 'geojson';
import { GAUSS_KRUGER } from './gauss-kruger';
import type { ProjectedCrs } from './parse-crs';
import { pointInRegion, type Region } from './point-in-region';
import { toWgs84 } from './to-wgs84';
import type { BBox2 } from './types';

/** What is wrong with an imported `[lon, lat]` pair. */
export type CoordinateProblem =
  | { kind: 'non_finite'; message: string }
  | {
      kind: 'projected_as_degrees';
      message: string;
      /** Projected CRSs under which the pair lands inside the expected region (empty without a region). */
      candidates: ProjectedCrs[];
    }
  | { kind: 'swapped'; message: string; /** The pair in the right order. */ corrected: [number, number] }
  | { kind: 'out_of_range'; message: string }
  | { kind: 'outside_region'; message: string };

/** Where the coordinates are expected to be: a bbox (e.g. QUZHOU_BBOX), a boundary polygon, or both. */
export interface CoordinateExpectation {
  bbox?: Readonly<BBox2>;
  /** Checked after `bbox`; use the real boundary to catch points in the bbox corners outside the city. */
  region?: Region;
}

// Degrees never exceed 180; Gauss-Kruger metres in China are always above 100 000 (northings above 2 000 000), so
// anything past 1000 is metres, and 180-1000 is simply garbage.
const METRES_THRESHOLD = 1000;

function inside(lon: number, lat: number, where: CoordinateExpectation): boolean {
  if (where.bbox && !pointInRegion([lon, lat], where.bbox)) return false;
  if (where.region && !pointInRegion([lon, lat], where.region)) return false;
  return true;
}

function candidatesFor(x: number, y: number, where: CoordinateExpectation): ProjectedCrs[] {
  if (!where.bbox && !where.region) return [];
  return (Object.keys(GAUSS_KRUGER) as ProjectedCrs[]).filter((crs) => {
    const [lon, lat] = toWgs84([x, y], crs);
    return Number.isFinite(lon) && Number.isFinite(lat) && inside(lon, lat, where);
  });
}

/**
 * Plausibility check of an imported WGS-84 coordinate pair. Checks, first hit wins: non-finite values; values that look
 * like projected metres (with the Gauss-Kruger CRSs that would put them in the region); a lat/lon swap (the swapped
 * pair is in the region, or is the only valid reading when latitude exceeds 90); out of range; outside the region.
 * Without a bbox or region only the first four are possible.
 *
 * GCJ-02/BD-09 input read as WGS-84 is *not* detectable here: its offset is a few hundred metres, still in the region.
 *
 * @returns the problem, or `null` when the pair is plausible
 * @example
 * detectCoordinateProblem(28.944, 118.873, { bbox: QUZHOU_BBOX });
 * // { kind: 'swapped', corrected: [118.873, 28.944], message: ... }
 * detectCoordinateProblem(406000, 3203000, { bbox: QUZHOU_BBOX });
 * // { kind: 'projected_as_degrees', candidates: ['EPSG:4549'], message: ... }
 */
export function detectCoordinateProblem(lon: number, lat: number, where: CoordinateExpectation = {}): CoordinateProblem | null {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) {
    return { kind: 'non_finite', message: `coordinate (${lon}, ${lat}) is not a pair of finite numbers` };
  }
  if (Math.abs(lon) > METRES_THRESHOLD || Math.abs(lat) > METRES_THRESHOLD) {
    const candidates = candidatesFor(lon, lat, where);
    const hint = candidates.length ? `; as ${candidates.join(' or ')} it falls in the region` : '';
    return {
      kind: 'projected_as_degrees',
      candidates,
      message: `coordinate (${lon}, ${lat}) looks like projected metres, not degrees${hint}`,
    };
  }
  const hasRegion = where.bbox !== undefined || where.region !== undefined;
  const valid = (x: number, y: number) => Math.abs(x) <= 180 && Math.abs(y) <= 90;
  const swappedFits = hasRegion
    ? !inside(lon, lat, where) && valid(lat, lon) && inside(lat, lon, where)
    : !valid(lon, lat) && valid(lat, lon);
  if (swappedFits) {
    return {
      kind: 'swapped',
      corrected: [lat, lon],
      message: `coordinate (${lon}, ${lat}) looks like (lat, lon): swapped it is (${lat}, ${lon})`,
    };
  }
  if (!valid(lon, lat)) {
    return { kind: 'out_of_range', message: `coordinate (${lon}, ${lat}) is outside lon -180..180 / lat -90..90` };
  }
  if (hasRegion && !inside(lon, lat, where)) {
    return { kind: 'outside_region', message: `coordinate (${lon}, ${lat}) is outside the expected region` };
  }
  return null;
}

/**
 * {@link detectCoordinateProblem} for a position.
 *
 * @example
 * detectPositionProblem([118.87, 28.94], { bbox: QUZHOU_BBOX }); // null
 */
export function detectPositionProblem(position: Position, where: CoordinateExpectation = {}): CoordinateProblem | null {
  return detectCoordinateProblem(position[0], position[1], where);
}
