import type { Polygon } from 'geojson';
import { buildPlanarPolygonIndex } from './planar-polygon-index';
import { pointLookup } from './point-lookup';
import { projectionFor } from './projection-for';

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
const proj = projectionFor([118.8, 28.9, 119.0, 29.0]);
const layer = buildPlanarPolygonIndex(proj, [
  { code: 'W', geometry: square(118.8, 28.9, 118.9, 29.0) },
  { code: 'E', geometry: square(118.9, 28.9, 119.0, 29.0) },
]);

describe('pointLookup', () => {
  it('finds the polygons containing a point, both on a shared border (more cases in test/in/point-lookup)', () => {
    expect(pointLookup(layer, [118.85, 28.95])).toEqual(['W']);
    expect(pointLookup(layer, [118.9, 28.95]).sort()).toEqual(['E', 'W']);
    expect(pointLookup(layer, [119.1, 28.95])).toEqual([]);
  });

  it('finds nothing in an empty layer and does not modify the point', () => {
    expect(pointLookup(buildPlanarPolygonIndex(proj, []), [118.85, 28.95])).toEqual([]);
    const point = [118.85, 28.95];
    pointLookup(layer, point);
    expect(point).toEqual([118.85, 28.95]);
  });
});
