import { nearestTargets } from './nearest';
import { straightLineTravel } from './travel-cost';

describe('nearestTargets', () => {
  it('takes the fewest minutes, then km, then the lower target, whatever the order of the pairs', () => {
    const pairs = [
      { origin: 0, target: 2, minutes: 12, km: 6 },
      { origin: 0, target: 1, minutes: 9, km: 4.5 },
      { origin: 1, target: 3, minutes: 5, km: 2 },
      { origin: 1, target: 0, minutes: 5, km: 2 },
      { origin: 2, target: 1, minutes: 7, km: 3 },
      { origin: 2, target: 0, minutes: 7, km: 2.5 },
    ];
    const expected = [{ target: 1, minutes: 9, km: 4.5 }, { target: 0, minutes: 5, km: 2 }, { target: 0, minutes: 7, km: 2.5 }, null];
    expect(nearestTargets(pairs, 4)).toEqual(expected);
    expect(nearestTargets([...pairs].reverse(), 4)).toEqual(expected);
  });

  it('agrees with the straight-line matrix: 1 km east at 30 km/h x 1.3 is 2.6 minutes', () => {
    const cost = straightLineTravel({ detour: 1.3, straightSpeedKmh: 30 });
    // One degree of longitude at the equator is 111.19 km: 0.009 deg ~ 1.0 km, 0.018 deg ~ 2.0 km.
    const origins = [{ lon: 0, lat: 0 }];
    const targets = [
      { lon: 0.018, lat: 0 },
      { lon: 0.009, lat: 0 },
    ];
    const [n] = nearestTargets(cost.matrix(origins, targets, { maxMinutes: 60 }), 1);
    expect(n!.target).toBe(1);
    expect(n!.km).toBeCloseTo(1.0007 * 1.3, 2);
    expect(n!.minutes).toBeCloseTo((1.0007 * 1.3 * 60) / 30, 1);
  });
});
