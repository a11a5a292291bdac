import type { Geometry, GeometryCollection, MultiPolygon, Point } from 'geojson';
import { geometryFromWgs84, geometryToWgs84 } from './geometry-to-wgs84';
import { haversineKm } from './haversine-km';

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.values(o).forEach(deepFreeze);
    Object.freeze(o);
  }
  return o;
}

describe('geometryToWgs84', () => {
  const square = [
    [118.86, 28.94],
    [118.88, 28.94],
    [118.88, 28.95],
    [118.86, 28.95],
    [118.86, 28.94],
  ];

  it('converts every position of every geometry type, keeping structure', () => {
    const geometries: Geometry[] = [
      { type: 'Point', coordinates: [118.87, 28.94] },
      {
        type: 'MultiPoint',
        coordinates: [
          [118.87, 28.94],
          [118.5, 28.9],
        ],
      },
      {
        type: 'LineString',
        coordinates: [
          [118.87, 28.94],
          [118.5, 28.9],
        ],
      },
      {
        type: 'MultiLineString',
        coordinates: [
          [
            [118.87, 28.94],
            [118.5, 28.9],
          ],
        ],
      },
      { type: 'Polygon', coordinates: [square] },
      { type: 'MultiPolygon', coordinates: [[square], [square]] },
    ];
    for (const g of geometries) {
      const out = geometryToWgs84(deepFreeze(structuredClone(g)), 'GCJ02');
      expect(out.type).toBe(g.type);
      const flatIn = JSON.stringify(g).match(/-?\d+\.\d+/g)!.length;
      const flatOut = JSON.stringify(out).match(/-?\d+\.\d+/g)!.length;
      expect(flatOut).toBe(flatIn);
    }
    const mp = geometryToWgs84({ type: 'MultiPolygon', coordinates: [[square]] } as MultiPolygon, 'GCJ02');
    const shifted = haversineKm(mp.coordinates[0][0][0], square[0]) * 1000;
    expect(shifted).toBeGreaterThan(550);
    expect(shifted).toBeLessThan(650);
    // Closure survives because equal inputs give equal outputs.
    expect(mp.coordinates[0][0][4]).toEqual(mp.coordinates[0][0][0]);
  });

  it('recurses into geometry collections, passes null through and drops a stale bbox', () => {
    const gc: GeometryCollection = {
      type: 'GeometryCollection',
      bbox: [0, 0, 1, 1],
      geometries: [{ type: 'Point', coordinates: [406000, 3203000] }],
    };
    const out = geometryToWgs84(deepFreeze(gc), 'EPSG:4549');
    expect(out.bbox).toBeUndefined();
    const [lon, lat] = (out.geometries[0] as Point).coordinates;
    expect(lon).toBeCloseTo(119.035874, 6);
    expect(lat).toBeCloseTo(28.939983, 6);
    expect(geometryToWgs84(null, 'GCJ02')).toBeNull();
  });

  it('geometryFromWgs84 inverts it to under 1 mm', () => {
    const poly: Geometry = { type: 'Polygon', coordinates: [square] };
    const back = geometryToWgs84(geometryFromWgs84(poly, 'EPSG:4549'), 'EPSG:4549') as typeof poly;
    back.coordinates[0].forEach((p, i) => expect(haversineKm(p, square[i]) * 1000).toBeLessThan(0.001));
  });
});
