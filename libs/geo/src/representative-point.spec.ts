import type { MultiPolygon, Position } from 'geojson';
import { centroidOf } from './centroid-of';
import { representativePoint } from './representative-point';

const ring = (x0: number, y0: number, x1: number, y1: number): Position[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

describe('representativePoint', () => {
  it('takes the centroid of the largest part of a MultiPolygon, where centroidOf weighs all parts', () => {
    const mp: MultiPolygon = { type: 'MultiPolygon', coordinates: [[ring(0, 0, 1, 1)], [ring(2, 0, 5, 3)]] };
    expect(representativePoint(mp)).toEqual([3.5, 1.5]);
    const [x] = centroidOf(mp);
    expect(x).toBeCloseTo((0.5 * 1 + 3.5 * 9) / 10, 12);
  });

  it('subtracts holes whatever their winding, and does not modify the input', () => {
    const g: MultiPolygon = { type: 'MultiPolygon', coordinates: [[ring(0, 0, 4, 2), ring(2, 0, 4, 2)]] };
    const before = structuredClone(g);
    const [x, y] = representativePoint(g)!;
    expect(x).toBeCloseTo(1, 12);
    expect(y).toBeCloseTo(1, 12);
    expect(g).toEqual(before);
  });

  it('is null for a geometry without positions', () => {
    expect(representativePoint({ type: 'Polygon', coordinates: [] })).toBeNull();
    expect(representativePoint({ type: 'LineString', coordinates: [] })).toBeNull();
    expect(
      representativePoint({
        type: 'LineString',
        coordinates: [
          [0, 0],
          [2, 4],
        ],
      }),
    ).toEqual([1, 2]);
  });
});
