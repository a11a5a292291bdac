import type { Position } from 'geojson';
import { bd09ToGcj02, gcj02ToBd09 } from './bd09';
import { gcj02ToWgs84, wgs84ToGcj02 } from './gcj02';
import { gaussKrugerToLonLat, lonLatToGaussKruger } from './gauss-kruger';
import { parseCrs, type Crs } from './parse-crs';

/**
 * Converts one coordinate from `crs` to WGS-84 `[lon, lat]`. Returns a new array; members after the second (height)
 * are kept; non-finite input comes back unchanged so that validation can report it where it is.
 *
 * @param coord `[lon, lat]` for geographic CRSs, `[easting, northing]` in metres for Gauss-Kruger ones
 * @param crs a {@link Crs} or any text {@link parseCrs} accepts
 * @example
 * toWgs84([118.873041, 28.944539], 'GCJ02'); // ≈ [118.868261, 28.947655]: the Kecheng seat moves about 580 m
 */
export function toWgs84(coord: Position, crs: Crs | string): Position {
  const c = parseCrs(crs);
  switch (c) {
    case 'EPSG:4326':
    case 'EPSG:4490':
      return [...coord];
    case 'GCJ02':
      return gcj02ToWgs84(coord);
    case 'BD09':
      return gcj02ToWgs84(bd09ToGcj02(coord));
    default:
      return gaussKrugerToLonLat(coord, c);
  }
}

/**
 * Converts one WGS-84 `[lon, lat]` into `crs`, the inverse of {@link toWgs84} (for exports to AMap/Baidu or to
 * surveyors' Gauss-Kruger files).
 *
 * @example
 * fromWgs84([120, 30], 'EPSG:4549'); // ≈ [500000, 3320113.398]
 */
export function fromWgs84(coord: Position, crs: Crs | string): Position {
  const c = parseCrs(crs);
  switch (c) {
    case 'EPSG:4326':
    case 'EPSG:4490':
      return [...coord];
    case 'GCJ02':
      return wgs84ToGcj02(coord);
    case 'BD09':
      return gcj02ToBd09(wgs84ToGcj02(coord));
    default:
      return lonLatToGaussKruger(coord, c);
  }
}
