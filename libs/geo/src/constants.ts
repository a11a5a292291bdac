import type { BBox2 } from './types';

/**
 * Rough extent of Quzhou city (衢州市, 118°01'-119°20'E, 28°14'-29°30'N), rounded outwards. Good enough to catch
 * swapped or mis-projected coordinates; use the real boundary polygon for anything finer.
 */
export const QUZHOU_BBOX: Readonly<BBox2> = Object.freeze([118.0, 28.2, 119.3, 29.5]) as Readonly<BBox2>;

/** IUGG mean Earth radius, the same value turf.distance uses, so both agree to the millimetre. */
export const EARTH_RADIUS_KM = 6371.0088;

/** Kilometres per degree of great-circle arc on the sphere of {@link EARTH_RADIUS_KM}. */
export const KM_PER_DEGREE = (EARTH_RADIUS_KM * Math.PI) / 180;
