/**
 * The local plane of the fast overlay: WGS-84 lon/lat polygons are projected once to a local equirectangular plane
 * (x = (lon - lon0) * cos(lat0), y = lat - lat0) and kept as flat coordinate arrays.
 *
 * Why a plane: the overlay only needs *ratios* of areas (the share of a unit inside a catchment), and both areas of a
 * ratio come from the same projection, so the error of the projection cancels to second order over a city the size
 * of Quzhou. Why our own intersection area: `turf.intersect` (polyclip-ts, arbitrary-precision arithmetic) costs
 * about 0.8 ms per pair, 10 s or more for the city; the boundary integral of {@link intersectionArea} costs
 * microseconds and is checked against {@link areaWeightedOverlay} (turf.intersect + turf.area) in its spec.
 */
export interface PlanarProjection {
  lon0: number;
  lat0: number;
  /** cos(lat0): metres per degree of longitude relative to latitude. */
  kx: number;
}

/**
 * A projection centred on a bounding box (lon/lat).
 *
 * @example
 * const p = projectionFor([118.0, 28.2, 119.2, 29.5]);
 * p.kx; // ≈ cos(28.85°) ≈ 0.876
 */
export function projectionFor(bbox: [number, number, number, number]): PlanarProjection {
  const lon0 = (bbox[0] + bbox[2]) / 2;
  const lat0 = (bbox[1] + bbox[3]) / 2;
  return { lon0, lat0, kx: Math.cos((lat0 * Math.PI) / 180) };
}
