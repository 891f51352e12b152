/**
 * Small seeded pseudo-random generators for the plant simulator. We write our own
 * (sfc32 seeded through splitmix32) because Math.random cannot be seeded and the
 * simulator must give byte-identical output for the same seed on every platform.
 */

/** splitmix32 step: a good 32-bit mixer, used to derive independent stream seeds. */
export function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Seed for one independent stream, derived from the plant seed and small integers
 * (machine id, stream tag), so one machine's data does not depend on how many other
 * machines or days were asked for.
 */
export function streamSeed(seed: number, ...parts: number[]): number {
  let h = mix32(seed >>> 0);
  for (const p of parts) h = mix32((h ^ Math.imul(p >>> 0, 0x27d4eb2d)) >>> 0);
  return h;
}

/**
 * A seeded random stream of the simulator: uniform, normal and Poisson draws.
 * Distinct from the forest's `ForestRng` (workers/forest/rng.ts, mulberry32) on
 * purpose: each generator fixes its own outputs (simulated plants and export
 * fixtures here, trained models there), so merging them would change one or the other.
 */
export class SimRng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = NaN;

  constructor(seed: number) {
    this.a = mix32(seed);
    this.b = mix32(this.a ^ 0x6a09e667);
    this.c = mix32(this.b ^ 0xbb67ae85);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 32-bit). */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Whole number in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Marsaglia polar method; pairs cached). */
  normal(): number {
    if (this.spare === this.spare) {
      const s = this.spare;
      this.spare = NaN;
      return s;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }

  /** Poisson count with mean `lambda` (inversion; fine for the small means used here). */
  poisson(lambda: number): number {
    if (lambda > 60) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const l = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > l) {
      k++;
      p *= this.next();
    }
    return k;
  }
}
