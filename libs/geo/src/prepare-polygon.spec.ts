import type { MultiPolygon, Polygon, Position } from 'geojson';
import { preparePolygon } from './prepare-polygon';
import { projectionFor } from './projection-for';

const ring = (x0: number, y0: number, x1: number, y1: number): Position[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const identity = { lon0: 0, lat0: 0, kx: 1 };

describe('preparePolygon', () => {
  it('drops the closing point, orients rings (outer CCW, holes CW) and subtracts holes from the area', () => {
    const clockwiseOuter = [...ring(0, 0, 4, 4)].reverse();
    const p = preparePolygon(identity, { type: 'Polygon', coordinates: [clockwiseOuter, ring(1, 1, 2, 2)] });
    expect(p.rings).toHaveLength(2);
    expect(p.rings[0]).toHaveLength(8);
    expect(p.area).toBe(15);
    expect(p.bbox).toEqual([0, 0, 4, 4]);
    expect(p.edges).toHaveLength(4 * 8);
  });

  it('projects, and sums the parts of a MultiPolygon', () => {
    const proj = projectionFor([118, 28, 120, 30]);
    const mp: MultiPolygon = { type: 'MultiPolygon', coordinates: [[ring(118, 28, 119, 29)], [ring(119, 29, 120, 30)]] };
    const p = preparePolygon(proj, mp);
    expect(p.area).toBeCloseTo(2 * proj.kx, 12);
    expect(p.bbox[0]).toBeCloseTo(-proj.kx, 12);
    expect(p.bbox[3]).toBeCloseTo(1, 12);
  });

  it('leaves out rings of fewer than three points (zero area, no edges) and does not modify the input', () => {
    const g: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    };
    const before = structuredClone(g);
    const p = preparePolygon(identity, g);
    expect(p.rings).toEqual([]);
    expect(p.area).toBe(0);
    expect(p.edges).toHaveLength(0);
    expect(g).toEqual(before);
  });
});
