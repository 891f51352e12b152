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

/**
 * Average precision (area under the precision-recall curve as scikit-learn's
 * average_precision_score computes it): sum over distinct score thresholds, from
 * the highest, of (recall gained) x (precision at that threshold). Rows with
 * equal scores enter together, so ties are not broken in anyone's favour.
 * `positive[i]` says whether row i is of the class; NaN when there are none.
 */
export function averagePrecision(score: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const n = score.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b] - score[a]);
  let nPos = 0;
  for (let i = 0; i < n; i++) if (positive[i]) nPos++;
  if (nPos === 0) return NaN;
  let tp = 0;
  let seen = 0;
  let ap = 0;
  let prevRecall = 0;
  for (let k = 0; k < n;) {
    const s = score[order[k]];
    while (k < n && score[order[k]] === s) {
      if (positive[order[k]]) tp++;
      seen++;
      k++;
    }
    const recall = tp / nPos;
    ap += (recall - prevRecall) * (tp / seen);
    prevRecall = recall;
  }
  return ap;
}
