/** Local planar approximations for short distances (snapping, segment lengths), WGS-84 degrees in, metres out. */

/** Metres per degree of latitude on the mean-radius sphere (6371.0088 km, as haversineKm of @app/geo). */
export const M_PER_DEG = (6371008.8 * Math.PI) / 180;
const RAD = Math.PI / 180;

/**
 * Great-circle distance in metres.
 * @example haversineM(118.87, 28.94, 118.96, 28.97) // ≈ 9300
 */
export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Cosine of a latitude in degrees. */
export function cosLat(lat: number): number {
  return Math.cos(lat * RAD);
}
