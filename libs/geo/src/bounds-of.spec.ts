import type { Geometry } from 'geojson';
import { boundsOf } from './bounds-of';

describe('boundsOf', () => {
  it('spans every position of many geometries, skipping nulls', () => {
    const geometries: (Geometry | null)[] = [
      { type: 'Point', coordinates: [118, 29] },
      null,
      {
        type: 'LineString',
        coordinates: [
          [118.5, 28.5],
          [119, 28.9],
        ],
      },
      { type: 'GeometryCollection', geometries: [{ type: 'MultiPoint', coordinates: [[118.2, 29.4]] }] },
    ];
    expect(boundsOf(geometries)).toEqual([118, 28.5, 119, 29.4]);
  });

  it('takes any iterable, and is null when there is no position', () => {
    function* one(): Generator<Geometry> {
      yield {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [2, 0],
            [2, 1],
            [0, 0],
          ],
        ],
      };
    }
    expect(boundsOf(one())).toEqual([0, 0, 2, 1]);
    expect(boundsOf([])).toBeNull();
    expect(boundsOf([null, { type: 'MultiPoint', coordinates: [] }])).toBeNull();
  });
});
