/** The action plan's small-school threshold (小规模学校: under 200 pupils). */
export const SMALL_SCHOOL_THRESHOLD = 200;

/**
 * Relative tolerance of "under the threshold": projected pupils are fractional and a solver's answer is exact only
 * to about 1e-6, so 199.9999 pupils placed by the MILP at a school it fills to T must not count as small in one place
 * and not in another.
 */
export const SMALL_SCHOOL_TOLERANCE = 1e-5;

/**
 * The one small-school test, shared by the world's indicators (libs/warnings-model) and the consolidation model
 * (libs/consolidation): a school is small when its compulsory pupils (primary + junior grades; kindergarten and
 * senior pupils of the same school do not count) are under `threshold` by more than the tolerance.
 *
 * @example
 * isUnderThreshold(199.5); // true
 * isUnderThreshold(199.9995); // false (within the tolerance of 200)
 * isUnderThreshold(99, 100); // true
 */
export function isUnderThreshold(compulsoryPupils: number, threshold: number = SMALL_SCHOOL_THRESHOLD): boolean {
  return compulsoryPupils < threshold - SMALL_SCHOOL_TOLERANCE * Math.max(1, threshold);
}
