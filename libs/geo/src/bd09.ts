import type { Position } from 'geojson';

const X_PI = (Math.PI * 3000.0) / 180.0;

/**
 * GCJ-02 to BD-09 (Baidu), the published x_pi formula. Extra position members are kept.
 *
 * @example
 * gcj02ToBd09([123, 45]); // ≈ [123.00636499, 45.00636899]
 */
export function gcj02ToBd09(position: Position): Position {
  const [x, y] = position;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return [...position];
  const z = Math.sqrt(x * x + y * y) + 0.00002 * Math.sin(y * X_PI);
  const theta = Math.atan2(y, x) + 0.000003 * Math.cos(x * X_PI);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006, ...position.slice(2)];
}

const TOLERANCE_DEG = 1e-10;
const MAX_ITERATIONS = 10;

/**
 * BD-09 to GCJ-02: the published closed-form inverse, then refined against {@link gcj02ToBd09} because the closed form
 * is itself an approximation (off by up to about 0.1 m in Quzhou), and a round trip should come back to where it started.
 *
 * @example
 * bd09ToGcj02(gcj02ToBd09([118.873041, 28.944539])); // ≈ [118.873041, 28.944539]
 */
export function bd09ToGcj02(position: Position): Position {
  const [bx, by] = position;
  if (!Number.isFinite(bx) || !Number.isFinite(by)) return [...position];
  const x = bx - 0.0065;
  const y = by - 0.006;
  const z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * X_PI);
  const theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * X_PI);
  let gx = z * Math.cos(theta);
  let gy = z * Math.sin(theta);
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const [fx, fy] = gcj02ToBd09([gx, gy]);
    const ex = fx - bx;
    const ey = fy - by;
    gx -= ex;
    gy -= ey;
    if (Math.abs(ex) < TOLERANCE_DEG && Math.abs(ey) < TOLERANCE_DEG) break;
  }
  return [gx, gy, ...position.slice(2)];
}
