/**
 * ml-random-forest behind the Learner interface, for small data and as a
 * cross-check. Its limits (docs/decisions/own-random-forest.md): cost grows
 * faster than linearly with rows, and it draws one feature subset per TREE, not
 * per split. Mapping of
 * ForestParams: nTrees -> nEstimators, maxDepth -> treeOptions.maxDepth,
 * minSamplesLeaf -> treeOptions.minNumSamples = 2 x minSamplesLeaf, seed ->
 * seed; maxFeatures: a fraction/count is used per tree, 'sqrt'/'log2'/'all'
 * mean all features (a per-tree sqrt subset would cripple every tree);
 * bootstrap of n rows with replacement (its maxSamples option takes the first
 * rows, not a sample, so sampleFraction is not used); maxBins is not used;
 * classWeight other than 'none' is refused (the library has no row weights).
 * Training is synchronous (progress only at start and end; cancellation is
 * checked before and after). Probabilities are the fractions of tree votes.
 */
import { RandomForestClassifier } from 'ml-random-forest';
import { throwIfCancelled } from '../shared/types';
import { containerLearner, decodeContainer, encodeContainer } from './container';
import type { Learner, TrainedModel } from './learner';
import { resolveForestParams, type ForestParams } from './params';
import { checkNames, MODEL_LIMITS, ModelFileError } from './validate-model';

function toRows(X: Float64Array, rows: number, nF: number): number[][] {
  if (X.length !== rows * nF) {
    throw new RangeError(
      `X must hold rows x ${nF} features = ${rows * nF} values, got ${X.length}`,
    );
  }
  const out: number[][] = new Array(rows);
  for (let r = 0; r < rows; r++) out[r] = Array.from(X.subarray(r * nF, (r + 1) * nF));
  return out;
}

function wrap(
  rf: RandomForestClassifier,
  featureNames: string[],
  classNames: string[],
  params: ForestParams,
): TrainedModel {
  const nF = featureNames.length;
  const nC = classNames.length;
  return {
    learner: 'ml-random-forest',
    featureNames,
    classNames,
    params: { ...params },
    predictProba(X, rows) {
      const out = new Float64Array(rows * nC);
      if (rows === 0) return out;
      const votes = (rf as any).predictionValues(toRows(X, rows, nF)).to2DArray() as number[][];
      for (let r = 0; r < rows; r++) {
        const v = votes[r];
        for (const c of v) out[r * nC + c] += 1 / v.length;
      }
      return out;
    },
    featureImportances() {
      const raw = (rf as any).featureImportance() as number[];
      const imp = Float64Array.from(raw, (v) => (Number.isFinite(v) ? v : 0));
      const s = imp.reduce((a, b) => a + b, 0);
      if (s > 0) for (let f = 0; f < nF; f++) imp[f] /= s;
      return imp;
    },
    explain: () => null,
    serialize: () =>
      encodeContainer({
        learner: 'ml-random-forest',
        featureNames,
        classNames,
        params,
        model: rf.toJSON(),
      }),
  };
}

export const mlRandomForestLearner: Learner = {
  name: 'ml-random-forest',
  async train(data, y, nClasses, params = {}, opts = {}) {
    const p = resolveForestParams(params);
    if (p.classWeight !== 'none') {
      throw new RangeError(
        `classWeight ${p.classWeight} needs the forest learner (ml-random-forest has no row weights)`,
      );
    }
    const nF = data.featureNames.length;
    const classNames = data.classNames ?? Array.from({ length: nClasses }, (_, i) => String(i));
    if (y.length !== data.rows)
      throw new RangeError(`y must have one label per row (${data.rows}), got ${y.length}`);
    throwIfCancelled(opts.signal);
    opts.onProgress?.(0, p.nTrees);
    const rf = new RandomForestClassifier({
      nEstimators: p.nTrees,
      maxFeatures: typeof p.maxFeatures === 'number' ? p.maxFeatures : 1.0,
      replacement: false,
      seed: p.seed | 0,
      useSampleBagging: true,
      noOOB: true,
      treeOptions: { maxDepth: p.maxDepth, minNumSamples: 2 * p.minSamplesLeaf },
    });
    rf.train(toRows(data.values, data.rows, nF), Array.from(y));
    throwIfCancelled(opts.signal);
    opts.onProgress?.(p.nTrees, p.nTrees);
    return wrap(rf, [...data.featureNames], classNames, p);
  },
};

/**
 * Restores an ml-random-forest model written by its serialize(). The library's trees
 * are nested objects (a JSON file cannot make them cyclic); names, parameters and the
 * estimator count are checked, and a model the library cannot rebuild is refused.
 */
export function loadMlRandomForest(bytes: Uint8Array): TrainedModel {
  const { meta } = decodeContainer(bytes);
  const learner = containerLearner(meta);
  if (learner !== 'ml-random-forest')
    throw new ModelFileError(
      `model learner is ${JSON.stringify(learner)}, expected ml-random-forest`,
    );
  checkNames(meta.featureNames, 'feature names', MODEL_LIMITS.maxFeatures);
  checkNames(meta.classNames, 'label names', MODEL_LIMITS.maxClasses);
  const raw = (meta.model as { baseModel?: { estimators?: unknown } } | null)?.baseModel;
  if (!raw || typeof raw !== 'object' || !Array.isArray(raw.estimators)) {
    throw new ModelFileError('the ml-random-forest model has no estimators');
  }
  if (raw.estimators.length < 1 || raw.estimators.length > MODEL_LIMITS.maxTrees) {
    throw new ModelFileError(
      `the ml-random-forest model has ${raw.estimators.length} trees (1..${MODEL_LIMITS.maxTrees})`,
    );
  }
  let params: ForestParams;
  let rf: RandomForestClassifier;
  try {
    params = resolveForestParams((meta.params ?? {}) as object);
    rf = RandomForestClassifier.load(meta.model as any);
  } catch (e) {
    throw new ModelFileError(`the ml-random-forest model is damaged: ${(e as Error).message}`);
  }
  return wrap(rf, meta.featureNames, meta.classNames, params);
}
