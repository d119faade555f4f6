/**
 * Seeded pseudo-random numbers for the synthetic world. sfc32 is small, fast and
 * passes PractRand far enough for simulation; splitmix32 spreads a user seed
 * (often 1, 2, 3...) over the 128-bit state so neighbouring seeds diverge at once.
 */

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  u32(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform float in [a, b). */
  range(a: number, b: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Standard normal (Box-Muller, one value per call). */
  normal(): number;
  pick<T>(items: readonly T[]): T;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Mixes several integers (seed, stream id, ...) into one 32-bit seed. */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
  }
  return h >>> 0;
}

export function createRng(seed: number, stream = 0): Rng {
  const sm = splitmix32(mixSeed(seed, stream));
  let a = sm();
  let b = sm();
  let c = sm();
  let d = sm();
  const u32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) u32();
  const next = (): number => u32() / 4294967296;
  return {
    next,
    u32,
    int: (n) => Math.floor(next() * n),
    range: (lo, hi) => lo + next() * (hi - lo),
    chance: (p) => next() < p,
    normal: () => {
      const u = 1 - next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
  };
}

/** Index drawn from cumulative weights (binary search). */
export function pickCumulative(rng: Rng, cumulative: Float64Array | readonly number[]): number {
  const total = cumulative[cumulative.length - 1] ?? 0;
  const x = rng.next() * total;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] ?? 0) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(n: number): string {
  return (
    (HEX[(n >>> 24) & 255] as string) +
    (HEX[(n >>> 16) & 255] as string) +
    (HEX[(n >>> 8) & 255] as string) +
    (HEX[n & 255] as string)
  );
}

/** RFC 9562 version-4 layout filled from the seeded stream (so ids repeat per seed). */
export function uuidV4(rng: Rng): string {
  const a = rng.u32();
  const b = (rng.u32() & 0xffff0fff) | 0x00004000;
  const c = (rng.u32() & 0x3fffffff) | 0x80000000;
  const d = rng.u32();
  const hb = hex32(b);
  const hc = hex32(c);
  return `${hex32(a)}-${hb.slice(0, 4)}-${hb.slice(4)}-${hc.slice(0, 4)}-${hc.slice(4)}${hex32(d)}`;
}
