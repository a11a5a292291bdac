import { bd09ToGcj02, gcj02ToBd09 } from './bd09';
import { haversineKm } from './haversine-km';

const metres = (a: number[], b: number[]) => haversineKm(a, b) * 1000;

describe('BD-09', () => {
  it('forward matches gcoord (x_pi formula) to 7 decimals', () => {
    const [lon, lat] = gcj02ToBd09([123, 45]);
    expect(lon).toBeCloseTo(123.00636499, 7);
    expect(lat).toBeCloseTo(45.00636899, 7);
  });

  it('round-trips across Quzhou to under 1 mm; the offset is 850-1000 m', () => {
    let worst = 0;
    for (let lon = 118.0; lon <= 119.3; lon += 0.1) {
      for (let lat = 28.2; lat <= 29.5; lat += 0.1) {
        const b = gcj02ToBd09([lon, lat]);
        const offset = metres(b, [lon, lat]);
        expect(offset).toBeGreaterThan(850);
        expect(offset).toBeLessThan(1000);
        worst = Math.max(worst, metres(bd09ToGcj02(b), [lon, lat]));
      }
    }
    expect(worst).toBeLessThan(0.001);
  });

  it('keeps height, passes non-finite values through and never mutates', () => {
    const p = [118.87, 28.94, 12];
    expect(bd09ToGcj02(gcj02ToBd09(p))[2]).toBe(12);
    expect(p).toEqual([118.87, 28.94, 12]);
    expect(gcj02ToBd09([Infinity, 1])).toEqual([Infinity, 1]);
    expect(bd09ToGcj02([1, NaN])).toEqual([1, NaN]);
  });
});
