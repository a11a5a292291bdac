import { GAUSS_KRUGER, gaussKrugerToLonLat, lonLatToGaussKruger } from './gauss-kruger';
import type { ProjectedCrs } from './parse-crs';

// Independent check: on the central meridian the northing is the meridian arc, integrated here numerically.
function meridianArc(latDeg: number): number {
  const a = 6378137;
  const f = 1 / 298.257222101;
  const e2 = f * (2 - f);
  const phi = (latDeg * Math.PI) / 180;
  const n = 100000;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const p = ((i + 0.5) * phi) / n;
    m += ((a * (1 - e2)) / Math.pow(1 - e2 * Math.sin(p) ** 2, 1.5)) * (phi / n);
  }
  return m;
}

describe('Gauss-Kruger (CGCS2000)', () => {
  it('puts the central meridian at the false easting and the northing at the meridian arc (to 1 mm)', () => {
    const arc = meridianArc(29);
    for (const crs of Object.keys(GAUSS_KRUGER) as ProjectedCrs[]) {
      const { centralMeridian, falseEasting } = GAUSS_KRUGER[crs];
      const [x, y] = lonLatToGaussKruger([centralMeridian, 29], crs);
      expect(Math.abs(x - falseEasting)).toBeLessThan(0.001);
      expect(Math.abs(y - arc)).toBeLessThan(0.001);
    }
    expect(meridianArc(30)).toBeCloseTo(3320113.398, 2);
  });

  it('EPSG:4509 is the CM 117E projection without zone prefix; EPSG:4498 adds 20 000 000 m', () => {
    const p = [118.87, 28.94];
    const a = lonLatToGaussKruger(p, 'EPSG:4509');
    const b = lonLatToGaussKruger(p, 'EPSG:4498');
    const c = lonLatToGaussKruger(p, 'EPSG:4548');
    expect(b[0] - a[0]).toBeCloseTo(20000000, 6);
    expect(b[1]).toBeCloseTo(a[1], 6);
    expect(c).toEqual(a);
    expect(a[0]).toBeGreaterThan(680000);
    expect(a[0]).toBeLessThan(690000);
  });

  it('places the Kecheng seat about 110 km west of the 120E meridian in EPSG:4549', () => {
    const [x, y] = lonLatToGaussKruger([118.868261, 28.947655], 'EPSG:4549');
    expect(x).toBeCloseTo(389665.24, 0);
    expect(y).toBeCloseTo(3203995.1, 0);
  });

  it('round-trips to under 1 mm across Quzhou in each CRS', () => {
    for (const crs of Object.keys(GAUSS_KRUGER) as ProjectedCrs[]) {
      for (let lon = 118.0; lon <= 119.3; lon += 0.26) {
        for (let lat = 28.2; lat <= 29.5; lat += 0.26) {
          const xy = lonLatToGaussKruger([lon, lat], crs);
          const back = lonLatToGaussKruger(gaussKrugerToLonLat(xy, crs), crs);
          expect(Math.hypot(back[0] - xy[0], back[1] - xy[1])).toBeLessThan(0.001);
        }
      }
    }
  });

  it('passes non-finite values through and keeps height', () => {
    expect(gaussKrugerToLonLat([NaN, 3200000], 'EPSG:4549')).toEqual([NaN, 3200000]);
    expect(gaussKrugerToLonLat([400000, 3200000, 88], 'EPSG:4549')[2]).toBe(88);
  });
});
