import { EARTH_RADIUS_KM, haversineKm, loadFlatbush } from '@app/geo';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { type Arc, SparseCostMatrix } from './models/cost-matrix';

const RAD = Math.PI / 180;

/** Options of {@link costMatrixFromGeoJSON}. */
export interface GeoCostOptions {
  /** Road distance over straight-line distance; 1.3 is a common rural-road figure. */
  detourFactor?: number;
  /** Keep only arcs whose travel distance (after the detour factor) is at most this many km. */
  maxTravelKm?: number;
  /** Keep only the k nearest facilities of each demand point (combined with maxTravelKm when both are given). */
  kNearest?: number;
  /** Numeric property holding each demand point's weight; without it every point weighs 1. */
  demandProperty?: string;
}

/** The cost matrix plus what the models need besides costs. */
export interface GeoCostMatrix {
  /** Arc cost = travel km (haversine x detour factor). */
  matrix: SparseCostMatrix;
  demands: number[];
  demandIds: Array<string | number | undefined>;
  facilityIds: Array<string | number | undefined>;
}

// Local equirectangular km differ from great-circle km by well under 1% across a city; candidates are gathered
// with this margin and then filtered on the exact haversine distance, so no true neighbour is lost.
const SEARCH_MARGIN = 1.02;
const SEARCH_SLACK_KM = 0.5;

/**
 * Builds a sparse travel-distance matrix between Point features: haversine km times a detour factor, limited
 * to a travel radius and/or the k nearest facilities, found with a flatbush index.
 *
 * @example
 * const { matrix, demands } = costMatrixFromGeoJSON(villages, schools, { maxTravelKm: 15, kNearest: 8, demandProperty: 'pupils' });
 * const tp = TransportationProblem.fromArcs({ demands, capacities, arcs: matrix.arcs });
 */
export function costMatrixFromGeoJSON(
  demandPoints: FeatureCollection<Point>,
  facilities: FeatureCollection<Point>,
  options: GeoCostOptions = {},
): GeoCostMatrix {
  const detour = options.detourFactor ?? 1.3;
  if (!(detour >= 1)) throw new Error(`detourFactor must be at least 1, got ${detour}`);
  const maxTravel = options.maxTravelKm ?? Infinity;
  if (!(maxTravel > 0)) throw new Error(`maxTravelKm must be positive, got ${maxTravel}`);
  const k = options.kNearest ?? Infinity;
  if (!(k >= 1)) throw new Error(`kNearest must be at least 1, got ${k}`);

  const demandPos = demandPoints.features.map((f, i) => positionOf(f, `demand feature ${i}`));
  const facilityPos = facilities.features.map((f, j) => positionOf(f, `facility feature ${j}`));
  const demands = demandPoints.features.map((f, i) => weightOf(f, options.demandProperty, i));

  const arcs: Arc[] = [];
  if (facilityPos.length > 0) {
    const lat0 = (facilityPos.reduce((s, p) => s + p[1], 0) / facilityPos.length) * RAD;
    const project = (p: readonly number[]): [number, number] => [
      EARTH_RADIUS_KM * p[0] * RAD * Math.cos(lat0),
      EARTH_RADIUS_KM * p[1] * RAD,
    ];
    const Flatbush = loadFlatbush();
    const index = new Flatbush(facilityPos.length);
    for (const p of facilityPos) {
      const [x, y] = project(p);
      index.add(x, y, x, y);
    }
    index.finish();
    const straightLimit = maxTravel / detour;
    const searchRadius = Number.isFinite(straightLimit) ? straightLimit * SEARCH_MARGIN + SEARCH_SLACK_KM : Infinity;
    const candidateCount = Number.isFinite(k) ? Math.ceil(k * 1.5) + 4 : Infinity;

    demandPos.forEach((p, i) => {
      const [x, y] = project(p);
      const found = index
        .neighbors(x, y, candidateCount, searchRadius)
        .map((j) => ({ facility: j, km: haversineKm(p, facilityPos[j]) * detour }))
        .filter((c) => c.km <= maxTravel)
        .sort((a, b) => a.km - b.km || a.facility - b.facility);
      for (const c of found.slice(0, Number.isFinite(k) ? k : undefined)) arcs.push({ demand: i, facility: c.facility, cost: c.km });
    });
  }
  return {
    matrix: new SparseCostMatrix(demandPos.length, facilityPos.length, arcs),
    demands,
    demandIds: demandPoints.features.map((f) => f.id),
    facilityIds: facilities.features.map((f) => f.id),
  };
}

function positionOf(feature: Feature<Point>, what: string): [number, number] {
  const c = feature.geometry?.coordinates;
  if (!c || !Number.isFinite(c[0]) || !Number.isFinite(c[1]) || Math.abs(c[1]) > 90) {
    throw new Error(`${what} has no valid Point coordinates`);
  }
  return [c[0], c[1]];
}

function weightOf(feature: Feature<Point>, property: string | undefined, i: number): number {
  if (property === undefined) return 1;
  const value: unknown = feature.properties?.[property];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`demand feature ${i}: property "${property}" is not a non-negative number (${String(value)})`);
  }
  return value;
}
