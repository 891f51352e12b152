/**
 * The statistics of the health ranking (docs/HEALTH.md): robust centre and spread
 * (median and 1.4826 x MAD), a z-score for event counts against an expected rate
 * (Poisson tail turned into a normal quantile), and how capped z-scores combine into
 * the 0..100 score and its level. Pure functions over numbers and typed arrays.
 */

/** Largest |z| a single signal counts with: one wild reading must not drown the rest. */
export const Z_CAP = 6;
/** 1.4826 x MAD estimates the standard deviation of normally distributed values. */
export const MAD_SCALE = 1.4826;

/**
 * The k-th smallest (0-based) of a[0..n), rearranging a (Hoare's quickselect with a
 * median-of-three pivot). Callers pass a scratch copy.
 */
export function selectKth(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // Median of three as the pivot, so sorted runs do not degrade to n^2.
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** Median of a[0..n) (mean of the two middle values when n is even); rearranges a. */
export function medianInPlace(a: Float64Array, n: number): number {
  if (n === 0) return NaN;
  const h = n >> 1;
  const upper = selectKth(a, n, h);
  if (n % 2 === 1) return upper;
  // After selecting h, every value left of h is <= a[h]: the lower middle is their max.
  let lower = -Infinity;
  for (let i = 0; i < h; i++) if (a[i] > lower) lower = a[i];
  return (lower + upper) / 2;
}

/**
 * Median and robust spread (1.4826 x median absolute deviation) of a[0..n);
 * rearranges and overwrites a. Spread is 0 when more than half the values are equal.
 */
export function robustCenterSpread(a: Float64Array, n: number): { center: number; spread: number } {
  const center = medianInPlace(a, n);
  for (let i = 0; i < n; i++) a[i] = Math.abs(a[i] - center);
  return { center, spread: MAD_SCALE * medianInPlace(a, n) };
}

/**
 * The smallest spread a z-score divides by: a flat baseline (a sensor stuck at one
 * value) makes any change count, capped, instead of dividing by zero.
 */
export function spreadFloor(center: number): number {
  return 1e-6 * (Math.abs(center) + 1);
}

/** Signed z of value against centre and spread, capped at +-Z_CAP (0 for equal values). */
export function robustZ(value: number, center: number, spread: number): number {
  const d = value - center;
  if (d === 0) return 0;
  const z = d / Math.max(spread, spreadFloor(center));
  return z > Z_CAP ? Z_CAP : z < -Z_CAP ? -Z_CAP : z;
}

/** P(X >= k) for X ~ Poisson(lambda), k a whole number >= 0. */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (!(lambda > 0)) return 0;
  // 1 - P(X <= k-1), summing the terms; for the small k and lambda of error counts
  // this is exact enough, and for large lambda the complement is taken from the top.
  let term = Math.exp(-lambda);
  let cdf = term;
  for (let i = 1; i < k; i++) {
    term *= lambda / i;
    cdf += term;
  }
  if (cdf < 0.999) return 1 - cdf;
  // Close to 1: sum the tail directly so small probabilities keep their digits.
  term *= lambda / k;
  let tail = term;
  for (let i = k + 1; term > tail * 1e-16 && i < k + 1000; i++) {
    term *= lambda / i;
    tail += term;
  }
  return tail;
}

/**
 * Inverse of the standard normal distribution (Acklam's rational approximation,
 * relative error below 1.2e-9), for p in (0, 1).
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lowP = 0.02425;
  if (p < lowP) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - lowP) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return (
      -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/**
 * How unusual `count` events in a window are when `expected` are usual: the normal
 * quantile of the Poisson upper tail P(X >= count), so a count as rare as a 3-sigma
 * reading gets z 3. 0 when the count is not above what is expected (fewer errors than
 * usual is not a warning sign); capped at Z_CAP.
 */
export function countZ(count: number, expected: number): number {
  if (!(count > expected) || count <= 0) return 0;
  const p = poissonUpperTail(Math.round(count), Math.max(expected, 1e-9));
  if (p >= 0.5) return 0;
  const z = -normalQuantile(p);
  return z > Z_CAP ? Z_CAP : z;
}

/**
 * The combined strength of a row: its features' |z| (each capped, the stronger basis
 * of a feature only) sorted from strongest, weighted 1, 1/2, 1/4 and summed. One clear
 * signal counts fully; agreeing signals add, with diminishing weight, so a row is not
 * ranked high by many weak coincidences.
 */
export function combineStrength(absZ: number[]): number {
  const a = absZ.filter((z) => z > 0).sort((x, y) => y - x);
  return combineTop3(a[0] ?? 0, a[1] ?? 0, a[2] ?? 0);
}

/** combineStrength of the three strongest, given strongest first. */
export function combineTop3(a1: number, a2: number, a3: number): number {
  return a1 + 0.5 * a2 + 0.25 * a3;
}

/** Strength at which the score is 50: one signal at 3 robust standard deviations. */
const HALF_STRENGTH = 3;

/** The 0..100 score of a strength: 100 x S^2 / (S^2 + 3^2), rounded to one decimal. */
export function strengthScore(s: number): number {
  const q = s * s;
  return Math.round((1000 * q) / (q + HALF_STRENGTH * HALF_STRENGTH)) / 10;
}

/** Scores at or above these are 'unusual' and 'watch' (docs/HEALTH.md). */
export const UNUSUAL_SCORE = 64;
export const WATCH_SCORE = 41;

export function scoreLevel(score: number): 'unusual' | 'watch' | 'normal' {
  return score >= UNUSUAL_SCORE ? 'unusual' : score >= WATCH_SCORE ? 'watch' : 'normal';
}

/**
 * A sliding window of values kept sorted, for the median and MAD of a baseline that
 * moves a few observations at a time: adding or removing a value is a binary search
 * and a shift, the median an index, the MAD a merge of the deviations on both sides
 * of it (about n/2 steps), instead of two selections over the whole window each time.
 */
export class SortedWindow {
  private readonly a: Float64Array;
  n = 0;

  constructor(capacity: number) {
    this.a = new Float64Array(capacity);
  }

  clear(): void {
    this.n = 0;
  }

  /** First index whose value is >= v. */
  private lowerBound(v: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.a[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(v: number): void {
    if (v !== v) return;
    if (this.n === this.a.length) throw new RangeError(`the window holds ${this.n} values at most`);
    // Insertion from the end: a short loop beats copyWithin's call for tens of values.
    const a = this.a;
    let i = this.n++;
    while (i > 0 && a[i - 1] > v) {
      a[i] = a[i - 1];
      i--;
    }
    a[i] = v;
  }

  /** Removes one copy of v (a value added before; NaN is ignored like in add). */
  remove(v: number): void {
    if (v !== v) return;
    const i = this.lowerBound(v);
    if (i >= this.n || this.a[i] !== v) return;
    const a = this.a;
    const n = --this.n;
    for (let j = i; j < n; j++) a[j] = a[j + 1];
  }

  median(): number {
    const n = this.n;
    if (n === 0) return NaN;
    const h = n >> 1;
    return n % 2 === 1 ? this.a[h] : (this.a[h - 1] + this.a[h]) / 2;
  }

  /** 1.4826 x the median absolute deviation from the median. */
  spread(): number {
    const n = this.n;
    if (n === 0) return NaN;
    const a = this.a;
    const med = this.median();
    // Deviations grow leftwards from l and rightwards from r: merge them in order.
    let r = this.lowerBound(med);
    let l = r - 1;
    const k = n >> 1; // the k-th smallest deviation (and the one before it when n is even)
    let prev = 0;
    let cur = 0;
    for (let i = 0; i <= k; i++) {
      const dl = l >= 0 ? med - a[l] : Infinity;
      const dr = r < n ? a[r] - med : Infinity;
      prev = cur;
      if (dl <= dr) {
        cur = dl;
        l--;
      } else {
        cur = dr;
        r++;
      }
    }
    return MAD_SCALE * (n % 2 === 1 ? cur : (prev + cur) / 2);
  }
}
