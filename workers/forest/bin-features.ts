/**
 * Binning: each feature is cut once, at quantiles of the training data, into at
 * most maxBins bins, so that split search works on small per-node histograms
 * instead of sorting values at every node.
 *
 * Missing values: NaN is treated as smaller than every number. It is put in bin
 * 0, and at prediction a row goes left when `!(x > threshold)`, so NaN goes left
 * at every split, in training and prediction alike.
 */

/** A feature matrix cut into bins. */
export interface BinnedFeatures {
  /**
   * Column-major bins: binned[f * rows + i] is the bin of row i for feature f.
   * Column-major because split search reads one feature for all rows of a node.
   * Allocated on a SharedArrayBuffer when available so workers share it.
   */
  binned: Uint8Array;
  /**
   * Per feature, strictly increasing cut points. Bin b of feature f holds values
   * x with thresholds[f][b-1] < x <= thresholds[f][b]; a split "bin <= b" is the
   * real-valued test x <= thresholds[f][b]. The number of bins is length + 1.
   */
  thresholds: Float64Array[];
  rows: number;
  nFeatures: number;
}

/** Allocates a typed array on a SharedArrayBuffer when the platform allows it. */
export function sharedBuffer(bytes: number): ArrayBuffer | SharedArrayBuffer {
  return typeof SharedArrayBuffer === 'function'
    ? new SharedArrayBuffer(bytes)
    : new ArrayBuffer(bytes);
}

/**
 * Cut points for one column: midpoints between a quantile value and the next
 * larger distinct value (all midpoints when the column has at most maxBins
 * distinct values), so unseen values between two training values split sensibly.
 */
export function quantileThresholds(column: Float64Array, maxBins: number): Float64Array {
  let n = 0;
  const sorted = new Float64Array(column.length);
  for (let i = 0; i < column.length; i++) if (!Number.isNaN(column[i])) sorted[n++] = column[i];
  if (n < sorted.length) sorted.subarray(n).fill(Infinity); // keep NaN out of the sorted range
  sorted.sort();
  const out: number[] = [];
  if (n === 0) return new Float64Array(0);
  let distinct = 1;
  for (let i = 1; i < n && distinct <= maxBins; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  const push = (v: number, next: number): void => {
    const t = v + (next - v) / 2;
    if (out.length === 0 || t > out[out.length - 1]) out.push(t);
  };
  if (distinct <= maxBins) {
    for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) push(sorted[i - 1], sorted[i]);
  } else {
    for (let k = 1; k < maxBins; k++) {
      const pos = Math.min(n - 1, Math.ceil((k * n) / maxBins) - 1);
      const v = sorted[pos];
      // first index with a value > v (upper bound)
      let lo = pos + 1;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid] > v) hi = mid;
        else lo = mid + 1;
      }
      if (lo < n) push(v, sorted[lo]);
    }
  }
  return Float64Array.from(out);
}

/** Bin of value x given cut points t: the number of cut points below x (NaN -> 0). */
export function binOf(t: Float64Array, x: number): number {
  if (Number.isNaN(x)) return 0;
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Bins a row-major matrix X (rows x nFeatures). Thresholds come from X itself
 * (the training data); maxBins in 2..256.
 */
export function binFeatures(
  X: Float64Array,
  rows: number,
  nFeatures: number,
  maxBins = 32,
): BinnedFeatures {
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > 256) {
    throw new RangeError(`maxBins must be an integer in 2..256, got ${maxBins}`);
  }
  if (X.length !== rows * nFeatures) {
    throw new RangeError(
      `X has ${X.length} values, expected rows x nFeatures = ${rows * nFeatures}`,
    );
  }
  const binned = new Uint8Array(sharedBuffer(rows * nFeatures));
  const thresholds: Float64Array[] = [];
  const col = new Float64Array(rows);
  for (let f = 0; f < nFeatures; f++) {
    for (let i = 0; i < rows; i++) col[i] = X[i * nFeatures + f];
    const t = quantileThresholds(col, maxBins);
    thresholds.push(t);
    const base = f * rows;
    for (let i = 0; i < rows; i++) binned[base + i] = binOf(t, col[i]);
  }
  return { binned, thresholds, rows, nFeatures };
}
