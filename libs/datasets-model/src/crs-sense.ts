import * as turf from '@turf/turf';
import type { Position } from 'geojson';
import { fromWgs84, toWgs84, type Crs } from '@app/geo';
import type { AreaRecord } from '@app/domain';
import type { ImportNotice } from './problems';

/** The CRS hypotheses tested for point files in degrees: what Chinese map services publish. */
export const CRS_HYPOTHESES: Crs[] = ['EPSG:4326', 'GCJ02', 'BD09'];

/** Fewest points that name an area with a boundary before the test says anything. */
export const CRS_TEST_MIN_POINTS = 5;
/** How much larger the share of points inside their named area must be for another CRS to "fit clearly better". */
export const CRS_TEST_MARGIN = 0.1;

/** A point as stored (WGS-84, converted from the declared CRS) and the township or county it names. */
export interface NamedPoint {
  lon: number;
  lat: number;
  townshipCode: string | null;
  countyCode: string | null;
}

/** Share of points inside the area they name, per hypothesis. */
export interface CrsFit {
  crs: Crs;
  inside: number;
  tested: number;
}

/**
 * Tests which CRS the file's raw coordinates fit: each point is taken back to its raw coordinates (declared CRS),
 * read as WGS-84, GCJ-02 and BD-09 in turn, and counted when it falls in the township (else county) it names.
 * Points whose area has no boundary are not tested.
 * @example crsFits(points, 'EPSG:4326', areas)
 * // [{ crs: 'EPSG:4326', inside: 14, tested: 20 }, { crs: 'GCJ02', inside: 20, tested: 20 }, ...]
 */
export function crsFits(points: NamedPoint[], declared: Crs, areas: AreaRecord[]): CrsFit[] {
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const named = points
    .map((p) => ({ p, area: (p.townshipCode && byCode.get(p.townshipCode)) || (p.countyCode && byCode.get(p.countyCode)) || null }))
    .filter((x): x is { p: NamedPoint; area: AreaRecord } => x.area !== null);
  return CRS_HYPOTHESES.map((crs) => {
    let inside = 0;
    for (const { p, area } of named) {
      const raw: Position = declared === 'EPSG:4326' || declared === 'EPSG:4490' ? [p.lon, p.lat] : fromWgs84([p.lon, p.lat], declared);
      if (turf.booleanPointInPolygon(toWgs84(raw, crs), area.geometry)) inside++;
    }
    return { crs, inside, tested: named.length };
  });
}

/**
 * A warning when a CRS other than the declared one puts clearly more points in the area they name
 * (at least {@link CRS_TEST_MARGIN} more of them, over at least {@link CRS_TEST_MIN_POINTS} points).
 * @example crsSuspicion('schools.csv', fits, 'EPSG:4326', false)?.message
 * // 'coordinates fit GCJ02 better: 20 of 20 points fall in the township or county they name as GCJ02,
 * //  14 of 20 as EPSG:4326 (assumed); ...'
 */
export function crsSuspicion(file: string, fits: CrsFit[], declared: Crs, wasDeclared: boolean): ImportNotice | null {
  const mine = fits.find((f) => f.crs === declared || (declared === 'EPSG:4490' && f.crs === 'EPSG:4326'));
  if (!mine || mine.tested < CRS_TEST_MIN_POINTS) return null;
  const best = [...fits].sort((a, b) => b.inside - a.inside)[0];
  if (best.crs === mine.crs || (best.inside - mine.inside) / mine.tested < CRS_TEST_MARGIN) return null;
  return {
    file,
    kind: 'crs_suspect',
    message:
      `coordinates fit ${best.crs} better: ${best.inside} of ${best.tested} points fall in the township or county ` +
      `they name as ${best.crs}, ` +
      `${mine.inside} of ${mine.tested} as ${declared} (${wasDeclared ? 'declared' : 'assumed'}); if the source is ` +
      `${best.crs === 'GCJ02' ? 'AMap, Tencent or DataV' : 'Baidu'}, import with --crs ${best.crs}`,
  };
}
