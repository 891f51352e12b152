/**
 * Seeded pseudo-random numbers for the forest. Every random step (row sample,
 * feature draw) goes through one of these so that the same seed gives the same
 * model, whatever the number of workers: each tree gets its own stream derived
 * from (seed, tree index), never a shared stream consumed in scheduling order.
 */

/**
 * A function returning uniform floats in [0, 1). Not the simulator's `SimRng`
 * (workers/simulate/prng.ts): a model trained with a seed must stay the same model, so
 * the forest keeps its own generator.
 */
export type ForestRng = () => number;

/** SplitMix32-style integer hash; spreads nearby seeds and tree indexes apart. */
export function mixSeed(a: number, b: number): number {
  let h = (Math.imul(a | 0, 0x9e3779b1) ^ Math.imul((b | 0) + 0x7f4a7c15, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Seed of tree `treeIndex` in a forest trained with `seed`. */
export function treeSeed(seed: number, treeIndex: number): number {
  return mixSeed(seed, treeIndex);
}

/** mulberry32: small, fast, good enough for sampling; 2^32 period per stream. */
export function createRng(seed: number): ForestRng {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [0, n). */
export function randInt(rng: ForestRng, n: number): number {
  return Math.floor(rng() * n);
}
