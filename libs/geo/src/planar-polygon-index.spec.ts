import type { Polygon } from 'geojson';
import { buildPlanarPolygonIndex } from './planar-polygon-index';
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
const proj = projectionFor([118.8, 28.8, 119.0, 29.0]);

describe('buildPlanarPolygonIndex', () => {
  it('keeps codes and geometries in entry order, prepares each polygon and indexes its planar bbox', () => {
    const entries = [
      { code: 'B', geometry: square(118.9, 28.9, 119.0, 29.0) },
      { code: 'A', geometry: square(118.8, 28.8, 118.9, 28.9) },
    ];
    const layer = buildPlanarPolygonIndex(proj, entries);
    expect(layer.codes).toEqual(['B', 'A']);
    expect(layer.geometries[0]).toBe(entries[0].geometry);
    expect(layer.projection).toBe(proj);
    expect(layer.prepared[1].bbox[0]).toBeCloseTo((118.8 - proj.lon0) * proj.kx, 12);
    expect(layer.prepared[0].area).toBeCloseTo(0.01 * proj.kx, 12);
    const [x, y] = [(118.95 - proj.lon0) * proj.kx, 28.95 - proj.lat0];
    expect(layer.index!.search(x, y, x, y)).toEqual([0]);
  });

  it('has no flatbush for an empty layer (flatbush refuses zero items) and does not modify its input', () => {
    expect(buildPlanarPolygonIndex(proj, []).index).toBeNull();
    const entries = [{ code: 'A', geometry: square(118.8, 28.8, 118.9, 28.9) }];
    const before = structuredClone(entries);
    buildPlanarPolygonIndex(proj, entries);
    expect(entries).toEqual(before);
  });
});
