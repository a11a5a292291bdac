import type { DistrictRecord, HousingProjectRecord, PopulationUnitRecord, ProjectedStage } from '@app/domain';
import { boundsOf, buildPlanarPolygonIndex, pointLookup, projectionFor, representativePoint, type PlanarPolygonIndex } from '@app/geo';
import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import type { CatchmentMatch } from './catchment-matching';

/** A unit counted in a district, and why. */
export interface DistrictUnit {
  unitCode: string;
  /** `point`: its point/centroid lies in the district polygon; `housing`: a housing project of the district is in it. */
  via: 'point' | 'housing';
}

/** The units that make up a planning district. */
export interface DistrictMembership {
  districtCode: string;
  name: string;
  watched: boolean;
  units: DistrictUnit[];
  /** Housing projects of the district whose unit could not be found (no unitCode and no unit contains the point). */
  housingWithoutUnit: string[];
}

/**
 * Units of each district: those whose point (or area centroid) lies in the district polygon, plus the unit of every
 * housing project with that `districtCode` (its `unitCode`, else the unit containing the project's point).
 * A unit pulled in by a housing project is counted whole: the projection does not split a unit's demand by project.
 *
 * @example
 * districtMembership(districts, units, housing)[0].units; // [{ unitCode: 'U4', via: 'point' }, ...]
 */
export function districtMembership(
  districts: readonly DistrictRecord[],
  units: readonly PopulationUnitRecord[],
  housing: readonly HousingProjectRecord[] = [],
): DistrictMembership[] {
  const points = units.map((u) => ({ code: u.code, point: representativePoint(u.geometry) }));
  const unitPolygons = units.filter(
    (u): u is PopulationUnitRecord & { geometry: Polygon | MultiPolygon } =>
      u.geometry.type === 'Polygon' || u.geometry.type === 'MultiPolygon',
  );
  let unitIndex: PlanarPolygonIndex | null = null;
  const unitAt = (lon: number, lat: number): string | null => {
    unitIndex ??= buildPlanarPolygonIndex(
      projectionFor(boundsOf(unitPolygons.map((u) => u.geometry)) ?? [lon, lat, lon, lat]),
      unitPolygons.map((u) => ({ code: u.code, geometry: u.geometry })),
    );
    return pointLookup(unitIndex, [lon, lat])[0] ?? null;
  };
  return districts.map((d) => {
    const members = new Map<string, DistrictUnit>();
    for (const p of points) {
      if (p.point && booleanPointInPolygon(p.point, d.geometry)) members.set(p.code, { unitCode: p.code, via: 'point' });
    }
    const housingWithoutUnit: string[] = [];
    for (const h of housing) {
      if (h.districtCode !== d.code) continue;
      const code = h.unitCode ?? unitAt(h.lon, h.lat);
      if (!code) housingWithoutUnit.push(h.code);
      else if (!members.has(code)) members.set(code, { unitCode: code, via: 'housing' });
    }
    return { districtCode: d.code, name: d.name, watched: d.watched, units: [...members.values()], housingWithoutUnit };
  });
}

/**
 * Schools serving a district for a stage: the schools of every catchment that takes at least `minShare` of one of
 * the district's units (open or not: the caller filters by year). `catchmentSchools` maps `${stage}|${code}` to the
 * catchment's school codes.
 *
 * @example
 * servingSchools(membership, match, 'primary', 0.05); // ['S4', 'S5']
 */
export function servingSchools(
  membership: DistrictMembership,
  match: Pick<CatchmentMatch, 'shares'>,
  catchmentSchools: ReadonlyMap<string, readonly string[]>,
  stage: ProjectedStage,
  minShare: number,
): { schoolCodes: string[]; catchmentCodes: string[] } {
  const unitSet = new Set(membership.units.map((u) => u.unitCode));
  const catchments = new Set<string>();
  for (const s of match.shares) {
    if (s.stage === stage && unitSet.has(s.unitCode) && s.share >= minShare) catchments.add(s.catchmentCode);
  }
  const schools = new Set<string>();
  for (const c of catchments) for (const sc of catchmentSchools.get(`${stage}|${c}`) ?? []) schools.add(sc);
  return { schoolCodes: [...schools].sort(), catchmentCodes: [...catchments].sort() };
}
