/**
 * A linear congruential generator (Numerical Recipes' constants 1664525, 1013904223) of uniform numbers in [0, 1):
 * the optimizer's seeded test instances were drawn with it, so their expected optima stay what they are.
 * New test code takes `mulberry32` (re-exported here from `@app/domain`), which is of better quality.
 * @example
 * const next = lcg(1);
 * next(); // 0.23645552..., the first value for seed 1
 */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
