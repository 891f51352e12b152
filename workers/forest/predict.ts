/**
 * Prediction on raw feature values (the model stores real-valued thresholds),
 * so scoring needs no binning. Class probabilities are the mean over trees of
 * the leaf class frequencies, as scikit-learn's predict_proba.
 */
import { nTrees, type ForestModel } from './tree';
import { predictSumsWasm } from './predict-wasm';
import { MODEL_LIMITS, walkTooDeep } from './validate-model';

function checkShape(model: ForestModel, X: Float64Array, rows: number): number {
  const nF = model.featureNames.length;
  if (!Number.isInteger(rows) || rows < 0 || X.length !== rows * nF) {
    throw new RangeError(
      `X must hold rows x ${nF} features = ${rows * nF} values (row-major), got ${X.length}`,
    );
  }
  return nF;
}

/** Rows per cache block in predictProba (256 rows x 40 features x 8 bytes = 80 KB). */
const PREDICT_BLOCK = 256;

/** rows x nClasses probabilities, row-major. X is row-major rows x model.featureNames.length. */
export function predictProba(model: ForestModel, X: Float64Array, rows: number): Float64Array {
  checkShape(model, X, rows);
  const T = nTrees(model);
  // WebAssembly for real batches (same walk, same sums); JavaScript for a few rows.
  // (the kernel knows only NaN-goes-left: imported forests with other routing walk in JS)
  const sums = rows * T >= 20_000 && !model.nanRight ? predictSumsWasm(model, X, rows) : null;
  const out = sums ?? predictSumsJs(model, X, rows);
  const inv = 1 / T;
  for (let i = 0; i < out.length; i++) out[i] *= inv;
  return out;
}

/** Sums of leaf class frequencies over trees, in JavaScript (rows x nClasses). */
export function predictSumsJs(model: ForestModel, X: Float64Array, rows: number): Float64Array {
  const nF = model.featureNames.length;
  const nC = model.classNames.length;
  const T = nTrees(model);
  const out = new Float64Array(rows * nC);
  const { feature, threshold, left, value, treeOffsets, nanRight } = model;
  const MAX_DEPTH = MODEL_LIMITS.maxDepth;
  // Rows in blocks small enough to stay in cache while every tree walks them;
  // within a block, tree-outer keeps one tree's nodes hot.
  for (let r0 = 0; r0 < rows; r0 += PREDICT_BLOCK) {
    const r1 = Math.min(rows, r0 + PREDICT_BLOCK);
    for (let t = 0; t < T; t++) {
      const root = treeOffsets[t];
      for (let r = r0; r < r1; r++) {
        const xo = r * nF;
        let nd = root;
        let f = feature[nd];
        for (let d = 0; f >= 0; d++) {
          if (d >= MAX_DEPTH) throw walkTooDeep();
          const x = X[xo + f];
          nd = x > threshold[nd] || (nanRight && x !== x && nanRight[nd]) ? left[nd] + 1 : left[nd];
          f = feature[nd];
        }
        const vo = nd * nC;
        const oo = r * nC;
        for (let c = 0; c < nC; c++) out[oo + c] += value[vo + c];
      }
    }
  }
  return out;
}

/** Index of the most probable class per row (ties: lowest index). */
export function argmaxRows(proba: Float64Array, nClasses: number): Int32Array {
  const rows = proba.length / nClasses;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < nClasses; c++)
      if (proba[r * nClasses + c] > proba[r * nClasses + best]) best = c;
    out[r] = best;
  }
  return out;
}

/** Predicted class index per row. */
export function predictClasses(model: ForestModel, X: Float64Array, rows: number): Int32Array {
  return argmaxRows(predictProba(model, X, rows), model.classNames.length);
}
