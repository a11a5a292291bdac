import { projectPoint } from './project-point';
import { projectionFor } from './projection-for';

describe('projectPoint', () => {
  it('maps the centre to the origin and shrinks longitude differences by cos(lat0)', () => {
    const p = projectionFor([118, 28, 120, 30]);
    expect(projectPoint(p, [119, 29])).toEqual([0, 0]);
    const [x, y] = projectPoint(p, [119.5, 28.5]);
    expect(x).toBeCloseTo(0.5 * Math.cos((29 * Math.PI) / 180), 12);
    expect(y).toBeCloseTo(-0.5, 12);
  });

  it('does not modify the position', () => {
    const pos = [118.5, 28.5, 12];
    projectPoint(projectionFor([118, 28, 120, 30]), pos);
    expect(pos).toEqual([118.5, 28.5, 12]);
  });
});
