import fc from 'fast-check';
import type { Feature, Point, Position } from 'geojson';
import { haversineKm } from './haversine-km';
import { buildPointIndex, kNearest } from './k-nearest';

function bruteForce(points: Position[], q: Position, k: number, maxKm: number) {
  return points
    .map((p, index) => ({ index, distanceKm: haversineKm(p, q) }))
    .filter((n) => n.distanceKm <= maxKm)
    .sort((a, b) => a.distanceKm - b.distanceKm || a.index - b.index)
    .slice(0, k);
}

describe('kNearest', () => {
  const schools: Feature<Point>[] = [
    [118.868261, 28.947655],
    [118.878, 28.952],
    [118.86, 28.93],
    [119.16741, 29.034141],
  ].map((c, i) => ({ type: 'Feature', properties: { code: `S${i}` }, geometry: { type: 'Point', coordinates: c } }));

  it('returns the k nearest by great-circle distance, nearest first, with distances in km', () => {
    const found = kNearest(schools, [118.87, 28.948], 2);
    expect(found.map((n) => n.item.properties?.code)).toEqual(['S0', 'S1']);
    expect(found[0].distanceKm * 1000).toBeCloseTo(173.5, 0);
    expect(found[1].distanceKm * 1000).toBeCloseTo(896.5, 0);
  });

  it('applies maxKm', () => {
    expect(kNearest(schools, [118.87, 28.948], 10, 1).map((n) => n.index)).toEqual([0, 1]);
    expect(kNearest(schools, [118.87, 28.948], 10, 0.1)).toEqual([]);
    expect(kNearest(schools, [118.87, 28.948], 10, 40)).toHaveLength(4);
  });

  it('ranks by real distance where planar degrees would mislead', () => {
    // At 60N a degree of longitude is half a degree of latitude: A is nearer on the ground but farther in degrees.
    const pts = [
      [10.9, 60],
      [10, 60.6],
    ];
    const q = [10, 60];
    expect(Math.hypot(0.9, 0)).toBeGreaterThan(Math.hypot(0, 0.6));
    expect(haversineKm(pts[0], q)).toBeLessThan(haversineKm(pts[1], q));
    expect(kNearest(pts, q, 1)[0].index).toBe(0);
  });

  it('matches brute force on random data, local and continental', () => {
    const position = (lon: [number, number], lat: [number, number]) =>
      fc.tuple(fc.double({ min: lon[0], max: lon[1], noNaN: true }), fc.double({ min: lat[0], max: lat[1], noNaN: true }));
    for (const [lon, lat] of [
      [
        [118.0, 119.3],
        [28.2, 29.5],
      ],
      [
        [73, 135],
        [18, 54],
      ],
      [
        [-180, 180],
        [-89, 89],
      ],
    ] as [[number, number], [number, number]][]) {
      fc.assert(
        fc.property(
          fc.array(position(lon, lat), { minLength: 1, maxLength: 80 }),
          position(lon, lat),
          fc.integer({ min: 1, max: 10 }),
          fc.oneof(fc.constant(Infinity), fc.double({ min: 0, max: 200, noNaN: true })),
          (pts, q, k, maxKm) => {
            const got = kNearest(buildPointIndex(pts), q, k, maxKm).map((n) => [n.index, n.distanceKm]);
            const want = bruteForce(pts, q, k, maxKm).map((n) => [n.index, n.distanceKm]);
            expect(got).toEqual(want);
          },
        ),
        { numRuns: 150, seed: 20260101 },
      );
    }
  });

  it('orders equal distances by index and handles duplicates', () => {
    const pts = [
      [118.9, 28.9],
      [118.9, 28.9],
      [118.8, 28.9],
    ];
    expect(kNearest(pts, [118.9, 28.9], 2).map((n) => [n.index, n.distanceKm])).toEqual([
      [0, 0],
      [1, 0],
    ]);
  });

  it('skips items without a finite position and copes with degenerate input', () => {
    const index = buildPointIndex(
      [
        { lon: 118.9, lat: 28.9 },
        { lon: NaN, lat: 28.9 },
      ],
      (s) => [s.lon, s.lat],
    );
    expect(index.positions[1]).toBeNull();
    expect(kNearest(index, [118.9, 28.9], 5).map((n) => n.index)).toEqual([0]);
    expect(kNearest([], [118.9, 28.9], 3)).toEqual([]);
    expect(kNearest(schools, [118.9, 28.9], 0)).toEqual([]);
    expect(kNearest(schools, [NaN, 28.9], 3)).toEqual([]);
  });

  it('does not mutate its inputs', () => {
    const before = structuredClone(schools);
    kNearest(schools, [118.87, 28.948], 3, 10);
    expect(schools).toEqual(before);
  });
});
