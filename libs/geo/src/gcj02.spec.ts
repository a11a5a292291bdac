import { gcj02ToWgs84, isOutsideChina, wgs84ToGcj02 } from './gcj02';
import { haversineKm } from './haversine-km';

// Published eviltransform test vectors: wgsLat, wgsLng, gcjLat, gcjLng.
const VECTORS = [
  [31.1774276, 121.5272106, 31.17530398364597, 121.531541859215], // Shanghai
  [22.543847, 113.912316, 22.540796131694766, 113.9171764808363], // Shenzhen
  [39.911954, 116.377817, 39.91334545536069, 116.38404722455657], // Beijing
];

const metres = (a: number[], b: number[]) => haversineKm(a, b) * 1000;

describe('GCJ-02', () => {
  it.each(VECTORS)('forward matches the published vector (%f, %f) to 1 mm', (wLat, wLon, gLat, gLon) => {
    expect(metres(wgs84ToGcj02([wLon, wLat]), [gLon, gLat])).toBeLessThan(0.001);
  });

  it.each(VECTORS)('iterative inverse recovers (%f, %f) to 1 mm', (wLat, wLon, gLat, gLon) => {
    expect(metres(gcj02ToWgs84([gLon, gLat]), [wLon, wLat])).toBeLessThan(0.001);
  });

  it('inverse agrees with gcoord to 5 decimals', () => {
    const [lon, lat] = gcj02ToWgs84([123, 45]);
    expect(lon).toBeCloseTo(122.99395597, 5);
    expect(lat).toBeCloseTo(44.99804071, 5);
  });

  it('round-trips across Quzhou to under 1 mm while the offset itself is 550-650 m', () => {
    let worst = 0;
    for (let lon = 118.0; lon <= 119.3; lon += 0.1) {
      for (let lat = 28.2; lat <= 29.5; lat += 0.1) {
        const g = wgs84ToGcj02([lon, lat]);
        const offset = metres(g, [lon, lat]);
        expect(offset).toBeGreaterThan(550);
        expect(offset).toBeLessThan(650);
        worst = Math.max(worst, metres(gcj02ToWgs84(g), [lon, lat]));
      }
    }
    expect(worst).toBeLessThan(0.001);
  });

  it('leaves points outside China and non-finite values unchanged, keeps height, never mutates', () => {
    expect(wgs84ToGcj02([2.35, 48.85])).toEqual([2.35, 48.85]);
    expect(gcj02ToWgs84([-104.99, 39.74])).toEqual([-104.99, 39.74]);
    expect(isOutsideChina(118.87, 28.94)).toBe(false);
    expect(isOutsideChina(139.7, 35.7)).toBe(true);
    expect(wgs84ToGcj02([NaN, 28.9])).toEqual([NaN, 28.9]);
    const p = [118.87, 28.94, 65];
    const out = wgs84ToGcj02(p);
    expect(out[2]).toBe(65);
    expect(p).toEqual([118.87, 28.94, 65]);
    expect(out).not.toBe(p);
  });
});
