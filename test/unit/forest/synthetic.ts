/** Synthetic, seeded data sets for forest tests. */
import { createRng } from '../../../workers/forest/rng';

/**
 * Three classes separated by axis-aligned cuts on features 0 and 1
 * (class = [x0 > 0.5] + [x1 > 0.3]); the other features are noise.
 */
export function separable(
  rows: number,
  nF = 6,
  seed = 1,
): { X: Float64Array; y: Int32Array; names: string[] } {
  const rng = createRng(seed);
  const X = new Float64Array(rows * nF);
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < nF; f++) X[r * nF + f] = rng();
    y[r] = (X[r * nF] > 0.5 ? 1 : 0) + (X[r * nF + 1] > 0.3 ? 1 : 0);
  }
  return { X, y, names: Array.from({ length: nF }, (_, f) => `f${f}`) };
}

/** Macro-F1 over the classes 0..nClasses-1 that occur in truth or prediction (as scikit-learn with labels = union). */
export function macroF1(truth: Int32Array, pred: Int32Array, nClasses: number): number {
  let sum = 0;
  let n = 0;
  for (let c = 0; c < nClasses; c++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < truth.length; i++) {
      if (pred[i] === c && truth[i] === c) tp++;
      else if (pred[i] === c) fp++;
      else if (truth[i] === c) fn++;
    }
    if (tp + fp + fn === 0) continue;
    sum += tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
    n++;
  }
  return n ? sum / n : 0;
}
