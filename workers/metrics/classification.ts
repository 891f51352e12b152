/**
 * Evaluation of a multi-class failure model, as the reference's model testing and
 * scoring evaluation notebooks report it: confusion matrix, per-class precision /
 * recall / F1, macro-F1, accuracy, and the pooled "any failure" precision / recall / F1
 * (a failure predicted as the wrong component counts as a false positive, a failure
 * predicted as none as a false negative; the same definition as the scikit-learn peer
 * the figures are compared with, see docs/ARCHITECTURE.md, Tests).
 */

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose true label is this class. */
  support: number;
}

export interface Evaluation {
  labels: string[];
  /** confusion[i][j] = rows with true label i predicted as j. */
  confusion: number[][];
  perClass: ClassMetrics[];
  macroF1: number;
  accuracy: number;
  failurePrecision: number;
  failureRecall: number;
  failureF1: number;
  rows: number;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
const f1 = (p: number, r: number) => (p + r > 0 ? (2 * p * r) / (p + r) : 0);

/**
 * @param truth true class index per row (rows with -1 are ignored)
 * @param predicted predicted class index per row
 * @param labels class names; `noneIndex` names the no-failure class (default 'none')
 */
export function evaluate(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  labels: string[],
  noneLabel = 'none',
): Evaluation {
  if (truth.length !== predicted.length) {
    throw new RangeError(`truth has ${truth.length} rows but predictions ${predicted.length}`);
  }
  const k = labels.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let rows = 0;
  let correct = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i];
    const p = predicted[i];
    if (t < 0) continue;
    if (t >= k || p < 0 || p >= k) throw new RangeError(`class index out of range at row ${i}`);
    confusion[t][p]++;
    rows++;
    if (t === p) correct++;
  }
  const perClass: ClassMetrics[] = labels.map((label, c) => {
    let col = 0;
    let row = 0;
    for (let j = 0; j < k; j++) {
      col += confusion[j][c];
      row += confusion[c][j];
    }
    const precision = ratio(confusion[c][c], col);
    const recall = ratio(confusion[c][c], row);
    return { label, precision, recall, f1: f1(precision, recall), support: row };
  });
  const none = labels.indexOf(noneLabel);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let c = 0; c < k; c++) {
    if (c === none) continue;
    for (let j = 0; j < k; j++) {
      if (j === c) tp += confusion[j][c];
      else fp += confusion[j][c];
    }
    if (none >= 0) fn += confusion[c][none];
  }
  const failurePrecision = ratio(tp, tp + fp);
  const failureRecall = ratio(tp, tp + fn);
  return {
    labels: [...labels],
    confusion,
    perClass,
    macroF1: perClass.reduce((s, m) => s + m.f1, 0) / Math.max(k, 1),
    accuracy: ratio(correct, rows),
    failurePrecision,
    failureRecall,
    failureF1: f1(failurePrecision, failureRecall),
    rows,
  };
}

/** Index of the largest probability in each row of a rows x k matrix. */
export function argmaxRows(proba: ArrayLike<number>, rows: number, k: number): Int32Array {
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let bv = -Infinity;
    for (let c = 0; c < k; c++) {
      const v = proba[r * k + c];
      if (v > bv) {
        bv = v;
        best = c;
      }
    }
    out[r] = best;
  }
  return out;
}
