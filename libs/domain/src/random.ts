/**
 * mulberry32: a small, fast, seeded generator of uniform numbers in [0, 1). The same seed gives the same stream on
 * every machine, which is what synthetic data, benchmarks and Monte Carlo draws need (not cryptography).
 * @example
 * const next = mulberry32(7);
 * next(); // 0.01170475..., the first value for seed 7 on every machine
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
