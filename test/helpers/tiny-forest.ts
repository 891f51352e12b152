/** A small valid forest model (real learner bytes) for model-store and model-file tests. */
import { serializeForest } from '../../workers/forest/serialize';
import { assembleForest, type ForestModel, type TreeArrays } from '../../workers/forest/tree';
import { resolveForestParams } from '../../workers/forest/params';

/**
 * Two trees over `featureNames` (split on the first and, if any, the second feature)
 * with `classNames` (default none, comp1).
 */
export function tinyForest(
  featureNames: string[] = ['a', 'b'],
  classNames: string[] = ['none', 'comp1'],
): ForestModel {
  const nC = classNames.length;
  const nF = featureNames.length;
  const leaf = (c: number) =>
    Array.from({ length: nC }, (_, i) => (i === c ? 0.75 : 0.25 / (nC - 1)));
  const tree = (f: number, thr: number): TreeArrays => ({
    feature: Int32Array.from([f, -1, f, -1, -1]),
    threshold: Float64Array.from([thr, 0, thr * 2, 0, 0]),
    left: Int32Array.from([1, -1, 3, -1, -1]),
    value: Float32Array.from([...leaf(0), ...leaf(0), ...leaf(1), ...leaf(0), ...leaf(1)]),
    importance: Float64Array.from({ length: nF }, (_, i) => (i === f ? 1 : 0)),
  });
  return assembleForest([tree(0, 1.5), tree(Math.min(1, nF - 1), 0.5)], {
    featureNames,
    classNames,
    params: resolveForestParams({ nTrees: 2, maxDepth: 4 }),
    trainRows: 10,
  });
}

/** tinyForest's bytes. */
export function tinyForestBytes(featureNames?: string[], classNames?: string[]): Uint8Array {
  return serializeForest(tinyForest(featureNames, classNames));
}
