import { projectionFor } from './projection-for';

describe('projectionFor', () => {
  it('centres on the bbox and scales longitude by cos(latitude)', () => {
    const p = projectionFor([118.0, 28.2, 119.2, 29.5]);
    expect(p.lon0).toBeCloseTo(118.6, 12);
    expect(p.lat0).toBeCloseTo(28.85, 12);
    expect(p.kx).toBeCloseTo(Math.cos((28.85 * Math.PI) / 180), 15);
    expect(p.kx).toBeCloseTo(0.876, 3);
    expect(projectionFor([0, 0, 0, 0])).toEqual({ lon0: 0, lat0: 0, kx: 1 });
  });
});
