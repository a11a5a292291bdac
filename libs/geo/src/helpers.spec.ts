import * as turf from '@turf/turf';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { areaKm2 } from './area-km2';
import { bboxOf } from './bbox-of';
import { centroidOf } from './centroid-of';
import { QUZHOU_BBOX } from './constants';
import { haversineKm } from './haversine-km';
import { pointInRegion } from './point-in-region';

const square = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});

describe('haversineKm', () => {
  it('agrees with turf.distance and known distances', () => {
    const a = [118.868261, 28.947655];
    const b = [119.16741, 29.034141];
    expect(haversineKm(a, b)).toBeCloseTo(turf.distance(a, b), 9);
    expect(haversineKm(a, b)).toBeCloseTo(30.65, 1);
    // One degree of latitude on the mean sphere.
    expect(haversineKm([118, 28], [118, 29])).toBeCloseTo(111.195, 3);
    expect(haversineKm([0, 0], [180, 0])).toBeCloseTo(Math.PI * 6371.0088, 6);
    expect(haversineKm(a, a)).toBe(0);
  });
});

describe('bboxOf', () => {
  it('computes the bbox from coordinates, ignoring a stale bbox member', () => {
    expect(bboxOf({ ...square(118.5, 28.9, 118.9, 29.1), bbox: [0, 0, 1, 1] })).toEqual([118.5, 28.9, 118.9, 29.1]);
    expect(bboxOf({ type: 'Point', coordinates: [118.8, 28.9] })).toEqual([118.8, 28.9, 118.8, 28.9]);
  });

  it('throws when there is nothing to bound', () => {
    expect(() => bboxOf({ type: 'FeatureCollection', features: [] })).toThrow(RangeError);
  });
});

describe('areaKm2', () => {
  it('measures a 0.1-degree square at 29N as about 108.19 km2', () => {
    // 11.12 km north-south x about 9.73 km east-west.
    expect(areaKm2(square(118.8, 28.9, 118.9, 29.0))).toBeCloseTo(108.193, 3);
    expect(areaKm2({ type: 'Point', coordinates: [118.8, 28.9] })).toBe(0);
  });

  it('subtracts holes', () => {
    const holed: Polygon = {
      type: 'Polygon',
      coordinates: [square(0, 0, 0.02, 0.02).coordinates[0], square(0.005, 0.005, 0.015, 0.015).coordinates[0]],
    };
    expect(areaKm2(holed)).toBeCloseTo(areaKm2(square(0, 0, 0.02, 0.02)) * 0.75, 6);
  });
});

describe('centroidOf', () => {
  it('returns the area-weighted centroid, holes subtracted, orientation ignored', () => {
    expect(centroidOf(square(0, 0, 2, 2))).toEqual([1, 1]);
    const clockwise: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [0, 2],
          [2, 2],
          [2, 0],
          [0, 0],
        ],
      ],
    };
    expect(centroidOf(clockwise)).toEqual([1, 1]);
    const holed: Polygon = { type: 'Polygon', coordinates: [square(0, 0, 4, 4).coordinates[0], square(0, 0, 2, 2).coordinates[0]] };
    const [x, y] = centroidOf(holed);
    // (16·2 - 4·1) / 12 = 7/3 in both axes.
    expect(x).toBeCloseTo(7 / 3, 12);
    expect(y).toBeCloseTo(7 / 3, 12);
  });

  it('weights MultiPolygon members by area instead of using their convex hull', () => {
    const mp: MultiPolygon = { type: 'MultiPolygon', coordinates: [square(0, 0, 1, 1).coordinates, square(9, 0, 12, 1).coordinates] };
    const [x, y] = centroidOf(mp);
    expect(x).toBeCloseTo((1 * 0.5 + 3 * 10.5) / 4, 12);
    expect(y).toBeCloseTo(0.5, 12);
  });

  it('moves inside the shape on request', () => {
    const u: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [3, 0],
          [3, 3],
          [2, 3],
          [2, 1],
          [1, 1],
          [1, 3],
          [0, 3],
          [0, 0],
        ],
      ],
    };
    const c = centroidOf(u);
    expect(pointInRegion(c, u)).toBe(false);
    expect(pointInRegion(centroidOf(u, { inside: true }), u)).toBe(true);
  });

  it('falls back to the vertex mean for points and lines', () => {
    expect(
      centroidOf({
        type: 'MultiPoint',
        coordinates: [
          [0, 0],
          [2, 4],
        ],
      }),
    ).toEqual([1, 2]);
  });
});

describe('pointInRegion', () => {
  const fc: FeatureCollection<Polygon> = {
    type: 'FeatureCollection',
    features: [turf.feature(square(0, 0, 1, 1)), turf.feature(square(2, 0, 3, 1))],
  };

  it('tests bbox, geometry, feature and collection regions, boundary inclusive', () => {
    expect(pointInRegion([118.87, 28.94], QUZHOU_BBOX)).toBe(true);
    expect(pointInRegion([120.15, 30.27], QUZHOU_BBOX)).toBe(false);
    expect(pointInRegion([118.0, 29.5], QUZHOU_BBOX)).toBe(true);
    expect(pointInRegion([1, 0.5], square(0, 0, 1, 1))).toBe(true);
    expect(pointInRegion([2.5, 0.5], fc)).toBe(true);
    expect(pointInRegion([1.5, 0.5], fc)).toBe(false);
    expect(pointInRegion(turf.point([0.5, 0.5]), turf.feature(square(0, 0, 1, 1)))).toBe(true);
    expect(pointInRegion([NaN, 0.5], square(0, 0, 1, 1))).toBe(false);
  });
});
