/**
 * Out-of-bag probabilities of a forest we trained: each training row predicted only by
 * the trees whose sample did not draw it, so the probabilities are as honest as on
 * held-out data (the calibration of workers/model/calibration.ts is fitted on them).
 * A tree's sample is drawn again from (seed, tree index) exactly as training drew it
 * (sampleRows in build-tree.ts), so nothing is stored in the model for it.
 */
import { sampleRows } from './build-tree';
import { createRng, treeSeed } from './rng';
import { nTrees, type ForestModel } from './tree';
import { MODEL_LIMITS, walkTooDeep } from './validate-model';

export interface OutOfBag {
  /** rows x nClasses; the mean over the row's out-of-bag trees (0 where it has none). */
  proba: Float64Array;
  /** Per row, how many trees did not draw it. */
  trees: Int32Array;
}

/**
 * Out-of-bag probabilities of the rows the forest was trained on, in training order
 * (X row-major rows x featureNames.length). RangeError when `rows` differs from the
 * forest's training rows: the samples would not be the ones the trees grew on.
 */
export function outOfBagProba(model: ForestModel, X: Float64Array, rows: number): OutOfBag {
  if (rows !== model.trainRows) {
    throw new RangeError(
      `out-of-bag prediction needs the ${model.trainRows} training rows, got ${rows}`,
    );
  }
  const nF = model.featureNames.length;
  const nC = model.classNames.length;
  const { feature, threshold, left, value, treeOffsets } = model;
  const proba = new Float64Array(rows * nC);
  const trees = new Int32Array(rows);
  for (let t = 0; t < nTrees(model); t++) {
    const inBag = sampleRows(
      { rows, params: model.params },
      createRng(treeSeed(model.params.seed, t)),
    );
    for (let r = 0; r < rows; r++) {
      if (inBag[r] > 0) continue;
      let nd = treeOffsets[t];
      for (let d = 0; feature[nd] >= 0; d++) {
        if (d >= MODEL_LIMITS.maxDepth) throw walkTooDeep();
        nd = X[r * nF + feature[nd]] > threshold[nd] ? left[nd] + 1 : left[nd];
      }
      for (let c = 0; c < nC; c++) proba[r * nC + c] += value[nd * nC + c];
      trees[r]++;
    }
  }
  for (let r = 0; r < rows; r++) {
    if (trees[r] === 0) continue;
    for (let c = 0; c < nC; c++) proba[r * nC + c] /= trees[r];
  }
  return { proba, trees };
}
