/** Deterministic pseudo-random numbers: mulberry32 seeded from a string hash, one stream per purpose. */
import { mulberry32 } from '@app/domain';

/** 32-bit FNV-1a hash of a string. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Integer hash of up to three integers, uniform in [0, 1). */
export function hash01(a: number, b: number, c = 0): number {
  let h = Math.imul(a | 0, 0x27d4eb2d) ^ Math.imul(b | 0, 0x165667b1) ^ Math.imul(c | 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

export class Rng {
  private readonly draw: () => number;

  constructor(seed: number | string) {
    this.draw = mulberry32(typeof seed === 'string' ? hashString(seed) : seed);
  }

  /** mulberry32: uniform in [0, 1). */
  next(): number {
    return this.draw();
  }

  /** Uniform in [a, b). */
  range(a: number, b: number): number {
    return a + (b - a) * this.next();
  }

  /** Integer uniform in [a, b] (inclusive). */
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Approximately normal (sum of 4 uniforms), mean m, standard deviation s. */
  normal(m: number, s: number): number {
    const u = this.next() + this.next() + this.next() + this.next() - 2;
    return m + s * u * Math.sqrt(3);
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

/** A fresh stream for one purpose: the same label always gives the same numbers. */
export function stream(label: string): Rng {
  return new Rng(`quzhou-demo-v1/${label}`);
}

/** Smooth value noise in [-1, 1] at (x, y) (any units) with the given wavelength; octaves add detail. */
export function valueNoise(x: number, y: number, wavelength: number, seed: number, octaves = 3): number {
  let sum = 0;
  let norm = 0;
  let amp = 1;
  let wl = wavelength;
  for (let o = 0; o < octaves; o++) {
    const fx = x / wl;
    const fy = y / wl;
    const ix = Math.floor(fx);
    const iy = Math.floor(fy);
    const tx = smooth(fx - ix);
    const ty = smooth(fy - iy);
    const s = seed + o * 1013;
    const v00 = hash01(ix, iy, s);
    const v10 = hash01(ix + 1, iy, s);
    const v01 = hash01(ix, iy + 1, s);
    const v11 = hash01(ix + 1, iy + 1, s);
    const v = (v00 * (1 - tx) + v10 * tx) * (1 - ty) + (v01 * (1 - tx) + v11 * tx) * ty;
    sum += amp * (2 * v - 1);
    norm += amp;
    amp *= 0.5;
    wl *= 0.5;
  }
  return sum / norm;
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

/**
 * Round non-negative reals to integers whose sum is `total` (largest remainder; ties by index).
 * Used wherever a rounded breakdown must add up exactly.
 */
export function roundToTotal(values: number[], total: number): number[] {
  const floors = values.map((v) => Math.floor(v));
  let rest = total - floors.reduce((a, b) => a + b, 0);
  const order = values.map((v, i) => ({ i, r: v - Math.floor(v) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; rest > 0 && order.length > 0; k = (k + 1) % order.length) {
    floors[order[k].i] += 1;
    rest--;
  }
  for (let k = order.length - 1; rest < 0 && k >= 0; k--) {
    if (floors[order[k].i] > 0) {
      floors[order[k].i] -= 1;
      rest++;
    }
  }
  return floors;
}
