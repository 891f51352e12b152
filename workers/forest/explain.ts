/**
 * Path attribution (Saabas): along each tree's decision path, the change in
 * the target class's frequency at each split is credited to the split's
 * feature; contributions are averaged over trees. For every row,
 * bias + sum(contributions) equals the predicted probability of the class, so
 * a technician sees which readings pushed the risk up.
 */
import { nTrees, type ForestModel } from './tree';
import { MODEL_LIMITS, walkTooDeep } from './validate-model';

/** Top-k attributions per row, row-major rows x k. */
export interface Explanation {
  k: number;
  /** Feature index per slot, -1 when fewer than k features raised the probability. */
  feature: Int32Array;
  /** Contribution (change in class probability, > 0) per slot; largest (most risk-raising) first. */
  contribution: Float64Array;
  /** Per row: mean root frequency of the explained class (the prior before any split). */
  bias: Float64Array;
}

/**
 * Explains the probability of `classIndex` (one class for all rows, or one per
 * row, e.g. each row's predicted class) by the k features with the largest
 * positive contributions, in decreasing order (features that lowered it are
 * not listed; use `contributions` for the full vector).
 */
export function explain(
  model: ForestModel,
  X: Float64Array,
  rows: number,
  classIndex: number | Int32Array,
  k = 3,
): Explanation {
  const nF = model.featureNames.length;
  const nC = model.classNames.length;
  if (X.length !== rows * nF) {
    throw new RangeError(
      `X must hold rows x ${nF} features = ${rows * nF} values, got ${X.length}`,
    );
  }
  if (!Number.isInteger(k) || k < 1 || k > nF) {
    throw new RangeError(`k must be an integer in 1..${nF}, got ${k}`);
  }
  const perRow = typeof classIndex !== 'number';
  if (perRow && classIndex.length !== rows) {
    throw new RangeError(
      `classIndex must have one entry per row (${rows}), got ${classIndex.length}`,
    );
  }
  const check = (c: number): void => {
    if (!Number.isInteger(c) || c < 0 || c >= nC) {
      throw new RangeError(`classIndex must be an integer in 0..${nC - 1}, got ${c}`);
    }
  };
  if (perRow) classIndex.forEach(check);
  else check(classIndex);

  const T = nTrees(model);
  const { feature, threshold, left, value, treeOffsets, nanRight } = model;
  const contrib = new Float64Array(nF);
  const order = new Int32Array(nF);
  const outF = new Int32Array(rows * k).fill(-1);
  const outC = new Float64Array(rows * k);
  const bias = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const c = perRow ? classIndex[r] : classIndex;
    contrib.fill(0);
    let b = 0;
    const xo = r * nF;
    for (let t = 0; t < T; t++) {
      let nd = treeOffsets[t];
      b += value[nd * nC + c];
      let f = feature[nd];
      for (let d = 0; f >= 0; d++) {
        if (d >= MODEL_LIMITS.maxDepth) throw walkTooDeep();
        const x = X[xo + f];
        const next =
          x > threshold[nd] || (nanRight && x !== x && nanRight[nd]) ? left[nd] + 1 : left[nd];
        contrib[f] += value[next * nC + c] - value[nd * nC + c];
        nd = next;
        f = feature[nd];
      }
    }
    bias[r] = b / T;
    for (let f = 0; f < nF; f++) {
      contrib[f] /= T;
      order[f] = f;
    }
    // partial selection of the k largest
    for (let s = 0; s < k; s++) {
      let best = s;
      for (let j = s + 1; j < nF; j++) if (contrib[order[j]] > contrib[order[best]]) best = j;
      const tmp = order[s];
      order[s] = order[best];
      order[best] = tmp;
      if (contrib[order[s]] <= 0) break;
      outF[r * k + s] = order[s];
      outC[r * k + s] = contrib[order[s]];
    }
  }
  return { k, feature: outF, contribution: outC, bias };
}

/** Full contribution vector (nFeatures, signed) of one row, plus the bias; for tests and detail views. */
export function contributions(
  model: ForestModel,
  x: Float64Array,
  classIndex: number,
): { bias: number; contribution: Float64Array } {
  const nF = model.featureNames.length;
  const nC = model.classNames.length;
  const T = nTrees(model);
  const { feature, threshold, left, value, treeOffsets, nanRight } = model;
  const out = new Float64Array(nF);
  let b = 0;
  for (let t = 0; t < T; t++) {
    let nd = treeOffsets[t];
    b += value[nd * nC + classIndex];
    for (let d = 0; feature[nd] >= 0; d++) {
      if (d >= MODEL_LIMITS.maxDepth) throw walkTooDeep();
      const f = feature[nd];
      const v = x[f];
      const next =
        v > threshold[nd] || (nanRight && v !== v && nanRight[nd]) ? left[nd] + 1 : left[nd];
      out[f] += value[next * nC + classIndex] - value[nd * nC + classIndex];
      nd = next;
    }
  }
  for (let f = 0; f < nF; f++) out[f] /= T;
  return { bias: b / T, contribution: out };
}
