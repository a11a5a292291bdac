import type { Position } from 'geojson';

// Krasovsky 1940 ellipsoid, as used by the published GCJ-02 algorithm (eviltransform and its many ports). EE is the
// published 0.00669342162296594323 written as the double it rounds to.
const A = 6378245.0;
const EE = 0.006693421622965943;

function transformLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function transformLon(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

/**
 * Whether GCJ-02 leaves a point untouched. This is the coarse rectangle of the published algorithm, not China's
 * border: it is what AMap and every port use, so matching it is what makes the conversion agree with them.
 *
 * @example
 * isOutsideChina(118.87, 28.94); // false
 */
export function isOutsideChina(lon: number, lat: number): boolean {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

/**
 * WGS-84 to GCJ-02 (the forward, published algorithm). Extra position members (height) are kept.
 *
 * @example
 * wgs84ToGcj02([121.5272106, 31.1774276]); // [121.531541859215, 31.17530398364597]
 */
export function wgs84ToGcj02(position: Position): Position {
  const [lon, lat] = position;
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || isOutsideChina(lon, lat)) return [...position];
  let dLat = transformLat(lon - 105.0, lat - 35.0);
  let dLon = transformLon(lon - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat, ...position.slice(2)];
}

// 1e-10 degree is about 0.01 mm; the fixed point converges in 2-4 steps because the offset varies slowly.
const TOLERANCE_DEG = 1e-10;
const MAX_ITERATIONS = 30;

/**
 * GCJ-02 to WGS-84 by fixed-point iteration on the forward algorithm, accurate to about 1e-10 degree (the single-step
 * inverse most ports ship is off by up to a few metres).
 *
 * @example
 * gcj02ToWgs84([121.531541859215, 31.17530398364597]); // ≈ [121.5272106, 31.1774276]
 */
export function gcj02ToWgs84(position: Position): Position {
  const [lon, lat] = position;
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || isOutsideChina(lon, lat)) return [...position];
  let wLon = lon;
  let wLat = lat;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const [gLon, gLat] = wgs84ToGcj02([wLon, wLat]);
    const eLon = gLon - lon;
    const eLat = gLat - lat;
    wLon -= eLon;
    wLat -= eLat;
    if (Math.abs(eLon) < TOLERANCE_DEG && Math.abs(eLat) < TOLERANCE_DEG) break;
  }
  return [wLon, wLat, ...position.slice(2)];
}
