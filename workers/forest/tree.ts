/**
 * Compact tree and forest layouts: flat typed arrays, never one object per
 * node, so models are small, serialise as raw buffers and predict in tight loops.
 */
import type { ForestParams } from './params';

/**
 * One trained tree. Node 0 is the root. Internal nodes have feature >= 0 and
 * children left[n] and left[n] + 1 (always allocated together); a row goes to
 * the left child when `!(x[feature] > threshold)` (so NaN goes left). Leaves
 * have feature -1.
 */
export interface TreeArrays {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  /** nodes x nClasses: class frequencies (bootstrap-weighted) of the training rows in the node, summing to 1. */
  value: Float32Array;
  /** Per feature, this tree's impurity decrease normalised to sum 1 (all 0 for a single-leaf tree). */
  importance: Float64Array;
}

/**
 * A trained forest: all trees concatenated. Tree t owns nodes
 * treeOffsets[t] .. treeOffsets[t+1]-1; `left` holds absolute node indexes.
 */
export interface ForestModel {
  learner: 'forest';
  featureNames: string[];
  classNames: string[];
  params: ForestParams;
  /** Rows the forest was trained on. */
  trainRows: number;
  treeOffsets: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  value: Float32Array;
  /** Mean impurity decrease per feature over trees, normalised to sum 1. */
  featureImportances: Float64Array;
  /**
   * Only in forests imported from ONNX (trained elsewhere, e.g. Spark, where a missing
   * value goes to the false branch): per node, 1 sends NaN to the right child instead
   * of the left. Absent in forests we train (NaN always goes left).
   */
  nanRight?: Uint8Array;
}

export function nTrees(model: ForestModel): number {
  return model.treeOffsets.length - 1;
}

/** Concatenates trees (in tree-index order) into one ForestModel. */
export function assembleForest(
  trees: TreeArrays[],
  meta: { featureNames: string[]; classNames: string[]; params: ForestParams; trainRows: number },
): ForestModel {
  const nC = meta.classNames.length;
  const nF = meta.featureNames.length;
  const treeOffsets = new Int32Array(trees.length + 1);
  for (let t = 0; t < trees.length; t++)
    treeOffsets[t + 1] = treeOffsets[t] + trees[t].feature.length;
  const total = treeOffsets[trees.length];
  const feature = new Int32Array(total);
  const threshold = new Float64Array(total);
  const left = new Int32Array(total);
  const value = new Float32Array(total * nC);
  const imp = new Float64Array(nF);
  trees.forEach((tr, t) => {
    const off = treeOffsets[t];
    feature.set(tr.feature, off);
    threshold.set(tr.threshold, off);
    value.set(tr.value, off * nC);
    for (let n = 0; n < tr.left.length; n++)
      left[off + n] = tr.feature[n] >= 0 ? tr.left[n] + off : -1;
    for (let f = 0; f < nF; f++) imp[f] += tr.importance[f];
  });
  let s = 0;
  for (let f = 0; f < nF; f++) s += imp[f];
  if (s > 0) for (let f = 0; f < nF; f++) imp[f] /= s;
  return {
    learner: 'forest',
    featureNames: [...meta.featureNames],
    classNames: [...meta.classNames],
    params: { ...meta.params },
    trainRows: meta.trainRows,
    treeOffsets,
    feature,
    threshold,
    left,
    value,
    featureImportances: imp,
  };
}
