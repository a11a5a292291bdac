import type { Polygon } from 'geojson';
import { pointInPrepared } from './point-in-prepared';
import { preparePolygon } from './prepare-polygon';
import { projectionFor } from './projection-for';

function rect(x0: number, y0: number, x1: number, y1: number): Polygon {
  return {
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
  };
}

const proj = projectionFor([118.8, 28.8, 119.0, 29.0]);

describe('pointInPrepared', () => {
  it('respects holes', () => {
    const p = preparePolygon(proj, {
      type: 'Polygon',
      coordinates: [rect(118.8, 28.8, 119.0, 29.0).coordinates[0], rect(118.85, 28.85, 118.95, 28.95).coordinates[0]],
    });
    const [x1, y1] = [(118.82 - proj.lon0) * proj.kx, 28.82 - proj.lat0];
    const [x2, y2] = [(118.9 - proj.lon0) * proj.kx, 28.9 - proj.lat0];
    expect(pointInPrepared(p, x1, y1)).toBe(true);
    expect(pointInPrepared(p, x2, y2)).toBe(false);
  });
});
