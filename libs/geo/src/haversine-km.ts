import { EARTH_RADIUS_KM } from './constants';
import { positionOf } from './internal';
import type { PointLike } from './types';

const RAD = Math.PI / 180;

/**
 * Great-circle distance in kilometres on the mean-radius sphere (same radius as turf.distance).
 *
 * @example
 * haversineKm([118.87, 28.94], [118.96, 28.97]); // ≈ 9.3
 */
export function haversineKm(a: PointLike, b: PointLike): number {
  const [lon1, lat1] = positionOf(a);
  const [lon2, lat2] = positionOf(b);
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  // min() guards asin against h creeping past 1 by rounding for antipodal points.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
