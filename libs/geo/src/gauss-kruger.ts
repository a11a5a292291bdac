import type { Position } from 'geojson';
import proj4 from 'proj4';
import type { ProjectedCrs } from './parse-crs';

// CGCS2000 ellipsoid spelled out (it differs from GRS80 only in the 12th digit of 1/f). The geographic side uses the
// same ellipsoid and no datum, so proj4 does a pure projection: CGCS2000 lon/lat is taken as WGS-84 (docs/standards.md, "Coordinates").
const ELLIPSOID = '+a=6378137 +rf=298.257222101';
const GEOGRAPHIC = `+proj=longlat ${ELLIPSOID} +no_defs`;

/** Central meridian and false easting of each supported Gauss-Kruger CRS (EPSG registry). */
export const GAUSS_KRUGER: Readonly<Record<ProjectedCrs, { centralMeridian: number; falseEasting: number; name: string }>> = {
  'EPSG:4548': { centralMeridian: 117, falseEasting: 500000, name: 'CGCS2000 / 3-degree Gauss-Kruger CM 117E' },
  'EPSG:4549': { centralMeridian: 120, falseEasting: 500000, name: 'CGCS2000 / 3-degree Gauss-Kruger CM 120E' },
  'EPSG:4509': { centralMeridian: 117, falseEasting: 500000, name: 'CGCS2000 / Gauss-Kruger CM 117E' },
  'EPSG:4498': { centralMeridian: 117, falseEasting: 20500000, name: 'CGCS2000 / Gauss-Kruger zone 20' },
};

// proj4(from, to) builds a converter without touching proj4's global registry, which other code may also use.
const converters = new Map<ProjectedCrs, proj4.Converter>();

function converter(crs: ProjectedCrs): proj4.Converter {
  let c = converters.get(crs);
  if (!c) {
    const { centralMeridian, falseEasting } = GAUSS_KRUGER[crs];
    const projected = `+proj=tmerc +lat_0=0 +lon_0=${centralMeridian} +k=1 +x_0=${falseEasting} +y_0=0 ${ELLIPSOID} +units=m +no_defs`;
    c = proj4(GEOGRAPHIC, projected);
    converters.set(crs, c);
  }
  return c;
}

/**
 * Gauss-Kruger `[easting, northing]` in metres to `[lon, lat]`. Non-finite input is returned as is, so a validator
 * downstream can still point at it.
 *
 * @example
 * gaussKrugerToLonLat([500000, 3320113.398], 'EPSG:4549'); // ≈ [120, 30]
 */
export function gaussKrugerToLonLat(position: Position, crs: ProjectedCrs): Position {
  const [x, y] = position;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return [...position];
  const [lon, lat] = converter(crs).inverse([x, y]);
  return [lon, lat, ...position.slice(2)];
}

/**
 * `[lon, lat]` to Gauss-Kruger `[easting, northing]` in metres.
 *
 * @example
 * lonLatToGaussKruger([120, 30], 'EPSG:4549'); // ≈ [500000, 3320113.398]
 */
export function lonLatToGaussKruger(position: Position, crs: ProjectedCrs): Position {
  const [lon, lat] = position;
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return [...position];
  const [x, y] = converter(crs).forward([lon, lat]);
  return [x, y, ...position.slice(2)];
}
