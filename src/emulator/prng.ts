import { createHash } from 'node:crypto';

/** A seeded pseudo-random source: same seed string, same sequence. */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Integer in [min, max] inclusive. */
  range(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** `n` decimal digits as a string (leading zeros allowed). */
  digits(n: number): string;
}

/** SHA-256 of the joined parts: the one place seeds are turned into bytes. */
export function seedBytes(...parts: ReadonlyArray<string | number>): Buffer {
  return createHash('sha256').update(parts.join('\u0000')).digest();
}

/**
 * sfc32 seeded from SHA-256 of the parts. Chosen because it is fast (the settlement generator
 * draws several numbers per row for millions of rows) and needs no bigint.
 */
export function createPrng(...parts: ReadonlyArray<string | number>): Prng {
  const b = seedBytes(...parts);
  let a = b.readUInt32LE(0), c1 = b.readUInt32LE(4), c2 = b.readUInt32LE(8), d = b.readUInt32LE(12);
  const next = (): number => {
    a >>>= 0; c1 >>>= 0; c2 >>>= 0; d >>>= 0;
    let t = (a + c1) | 0;
    a = c1 ^ (c1 >>> 9);
    c1 = (c2 + (c2 << 3)) | 0;
    c2 = (c2 << 21) | (c2 >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c2 = (c2 + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // warm-up, as sfc32's authors recommend
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    range: (min, max) => min + int(max - min + 1),
    pick: <T>(items: readonly T[]): T => items[int(items.length)] as T,
    digits: (n) => {
      // One draw per 7 digits (2^32 > 10^7 keeps them uniform enough): the generator's hot path.
      let s = '';
      while (s.length < n) {
        const k = Math.min(7, n - s.length);
        const p = 10 ** k;
        s += String(p + int(p)).slice(1);
      }
      return s;
    },
  };
}
