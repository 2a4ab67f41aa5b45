/**
 * A tiny seeded pseudo-random number generator for the demo data set.
 *
 * The demo seed must be fully reproducible for a given seed number, so it
 * never touches Math.random: everything random flows from one `Rng` built
 * from the seed. mulberry32 is a well-known 32-bit generator: fast, small,
 * good enough for fake data (not for anything security related).
 */

/** Returns a function yielding floats in [0, 1), deterministic for `seed`. */
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

/** Convenience helpers on top of a seeded generator. */
export interface Rng {
  /** Float in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Float in [min, max). */
  float(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** One element, chosen with the given non-negative weights. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** `count` distinct elements, in random order. */
  sample<T>(items: readonly T[], count: number): T[];
}

export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new Error(`Seed must be a finite number, got ${seed}`);
  // Mix the seed once so that neighbouring seeds (1, 2, 3...) start far apart.
  const mixed = Math.imul((Math.trunc(seed) ^ 0x9e3779b9) >>> 0, 0x85ebca6b) >>> 0;
  const next = mulberry32(mixed);
  const rng: Rng = {
    next,
    int(min, max) {
      if (max < min) throw new Error(`int(${min}, ${max}): empty range`);
      return min + Math.floor(next() * (max - min + 1));
    },
    float(min, max) {
      return min + next() * (max - min);
    },
    chance(p) {
      return next() < p;
    },
    pick(items) {
      if (items.length === 0) throw new Error('pick() from an empty array');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted(items) {
      const total = items.reduce((sum, [, w]) => sum + w, 0);
      if (items.length === 0 || total <= 0) throw new Error('weighted() needs a positive total weight');
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return (items[items.length - 1] as (typeof items)[number])[0];
    },
    shuffle(items) {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = out[i] as (typeof out)[number];
        out[i] = out[j] as (typeof out)[number];
        out[j] = tmp;
      }
      return out;
    },
    sample(items, count) {
      return rng.shuffle(items).slice(0, Math.max(0, Math.min(count, items.length)));
    },
  };
  return rng;
}
