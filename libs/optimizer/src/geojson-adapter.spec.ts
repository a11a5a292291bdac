import type { Feature, FeatureCollection, Point } from 'geojson';
import { haversineKm } from '@app/geo';
import { costMatrixFromGeoJSON } from './geojson-adapter';

function points(coords: Array<[number, number]>, props: Array<Record<string, unknown>> = []): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: coords.map((c, i): Feature<Point> => ({
      type: 'Feature',
      id: `p${i}`,
      geometry: { type: 'Point', coordinates: c },
      properties: props[i] ?? {},
    })),
  };
}

describe('haversineKm', () => {
  it('matches the spherical formula on known distances', () => {
    // One degree of latitude on the 6371.0088 km sphere: 2 pi R / 360 = 111.195 km.
    expect(haversineKm([118.9, 28.9], [118.9, 29.9])).toBeCloseTo(111.195, 3);
    // One degree of longitude at 60 N is half that: 55.597 km (great circle, slightly under the parallel's 55.598).
    expect(haversineKm([0, 60], [1, 60])).toBeCloseTo(55.5975, 2);
    expect(haversineKm([118.87, 28.94], [118.87, 28.94])).toBe(0);
  });
});

describe('costMatrixFromGeoJSON', () => {
  // Facilities 0.01 degree of latitude apart (1.112 km each) north of the demand point at 29.00 N.
  const facilities = points([0, 1, 2, 3, 4].map((k) => [118.9, 29.0 + 0.01 * (k + 1)] as [number, number]));
  const demand = points([[118.9, 29.0]], [{ pupils: 12 }]);
  const kmPerStep = haversineKm([118.9, 29.0], [118.9, 29.01]);

  it('costs straight-line km times the detour factor', () => {
    const { matrix, demands, demandIds, facilityIds } = costMatrixFromGeoJSON(demand, facilities, { demandProperty: 'pupils' });
    expect(demands).toEqual([12]);
    expect(demandIds).toEqual(['p0']);
    expect(facilityIds).toHaveLength(5);
    expect(matrix.arcs).toHaveLength(5);
    const arc = matrix.arcs.find((a) => a.facility === 2);
    expect(arc?.cost).toBeCloseTo(3 * kmPerStep * 1.3, 9);
  });

  it('keeps the k nearest', () => {
    const { matrix } = costMatrixFromGeoJSON(demand, facilities, { kNearest: 2, detourFactor: 1 });
    expect(matrix.arcs.map((a) => a.facility)).toEqual([0, 1]);
  });

  it('keeps arcs within the travel radius, measured after the detour', () => {
    // Travel km of facility k: (k + 1) x 1.112 x 1.3 = 1.445, 2.891, 4.336, ... so 4.4 km keeps three.
    const { matrix } = costMatrixFromGeoJSON(demand, facilities, { maxTravelKm: 4.4 });
    expect(matrix.arcs.map((a) => a.facility)).toEqual([0, 1, 2]);
    const both = costMatrixFromGeoJSON(demand, facilities, { maxTravelKm: 4.4, kNearest: 2 });
    expect(both.matrix.arcs).toHaveLength(2);
  });

  it('agrees with a brute-force k-nearest search on scattered points', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const scatter = (n: number): Array<[number, number]> =>
      Array.from({ length: n }, () => [118.5 + random() * 0.7, 28.5 + random() * 0.9] as [number, number]);
    const d = scatter(200);
    const f = scatter(60);
    const { matrix } = costMatrixFromGeoJSON(points(d), points(f), { kNearest: 4, maxTravelKm: 15 });
    d.forEach((p, i) => {
      const expected = f
        .map((q, j) => ({ j, km: haversineKm(p, q) * 1.3 }))
        .filter((c) => c.km <= 15)
        .sort((a, b) => a.km - b.km)
        .slice(0, 4)
        .map((c) => c.j);
      expect(matrix.arcsOfDemand(i).map((a) => a.facility)).toEqual(expected);
    });
  });

  it('rejects features without usable coordinates or weights', () => {
    const broken = points([[118.9, 95]]);
    expect(() => costMatrixFromGeoJSON(broken, facilities)).toThrow('demand feature 0');
    expect(() => costMatrixFromGeoJSON(demand, facilities, { demandProperty: 'missing' })).toThrow('property "missing"');
  });
});
