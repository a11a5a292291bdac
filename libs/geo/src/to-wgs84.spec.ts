import { haversineKm } from './haversine-km';
import { SUPPORTED_CRS, isProjectedCrs } from './parse-crs';
import { fromWgs84, toWgs84 } from './to-wgs84';

const KECHENG_WGS84 = [118.868261434, 28.947654917];

describe('toWgs84 / fromWgs84', () => {
  it('treats EPSG:4326 and EPSG:4490 (CGCS2000) as identity, returning a copy', () => {
    const p = [118.87, 28.94];
    expect(toWgs84(p, 'EPSG:4490')).toEqual(p);
    expect(toWgs84(p, 'wgs84')).not.toBe(p);
  });

  it('converts the Kecheng seat from AMap GCJ-02 580 m to the south-west', () => {
    const w = toWgs84([118.873041, 28.944539], 'gcj-02');
    expect(haversineKm(w, KECHENG_WGS84) * 1000).toBeLessThan(0.001);
    expect(haversineKm(w, [118.873041, 28.944539]) * 1000).toBeCloseTo(579.94, 1);
  });

  it('converts BD-09 through GCJ-02', () => {
    const bd = fromWgs84(KECHENG_WGS84, 'BD09');
    expect(haversineKm(bd, KECHENG_WGS84) * 1000).toBeCloseTo(1143.39, 1);
    expect(haversineKm(toWgs84(bd, 'BD-09'), KECHENG_WGS84) * 1000).toBeLessThan(0.001);
  });

  it('round-trips every CRS to under 1 mm across Quzhou', () => {
    for (const crs of SUPPORTED_CRS) {
      for (let lon = 118.0; lon <= 119.3; lon += 0.325) {
        for (let lat = 28.2; lat <= 29.5; lat += 0.325) {
          const there = fromWgs84([lon, lat], crs);
          if (isProjectedCrs(crs)) {
            expect(there[0]).toBeGreaterThan(1000);
          }
          expect(haversineKm(toWgs84(there, crs), [lon, lat]) * 1000).toBeLessThan(0.001);
        }
      }
    }
  });

  it('rejects an unknown CRS by name', () => {
    expect(() => toWgs84([1, 2], 'EPSG:3857')).toThrow(/"EPSG:3857"/);
    expect(() => fromWgs84([1, 2], 'bd09mc')).toThrow(/Baidu Mercator/);
  });

  it('never mutates its input and returns non-finite input unchanged', () => {
    const p = Object.freeze([389665.276, 3203995.108]) as number[];
    expect(() => toWgs84(p, 'EPSG:4549')).not.toThrow();
    expect(toWgs84([NaN, 3203995], 'EPSG:4549')).toEqual([NaN, 3203995]);
    expect(toWgs84([Infinity, 28.9], 'GCJ02')).toEqual([Infinity, 28.9]);
  });
});
