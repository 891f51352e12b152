/** Compact, versioned serialisation of a ForestModel (see container.ts for the layout). */
import { containerLearner, decodeContainer, encodeContainer } from './container';
import { resolveForestParams } from './params';
import type { ForestModel } from './tree';
import { checkNames, MODEL_LIMITS, ModelFileError, validateForest } from './validate-model';

/** Model -> bytes: JSON metadata plus the flat node arrays, no per-node objects. */
export function serializeForest(model: ForestModel): Uint8Array {
  return encodeContainer(
    {
      learner: 'forest',
      featureNames: model.featureNames,
      classNames: model.classNames,
      params: model.params,
      trainRows: model.trainRows,
    },
    {
      treeOffsets: model.treeOffsets,
      feature: model.feature,
      threshold: model.threshold,
      left: model.left,
      value: model.value,
      featureImportances: model.featureImportances,
      ...(model.nanRight ? { nanRight: model.nanRight } : {}),
    },
    model.nanRight ? 2 : 1,
  );
}

/**
 * Bytes -> model; refuses other learners, unknown versions and anything validateForest
 * finds wrong (ModelFileError naming the first problem), so a model that loads is safe
 * to hand to the prediction kernels.
 */
export function deserializeForest(bytes: Uint8Array): ForestModel {
  const { meta, arrays } = decodeContainer(bytes);
  const learner = containerLearner(meta);
  if (learner !== 'forest') {
    throw new ModelFileError(`model learner is ${JSON.stringify(learner)}, expected forest`);
  }
  checkNames(meta.featureNames, 'feature names', MODEL_LIMITS.maxFeatures);
  checkNames(meta.classNames, 'label names', MODEL_LIMITS.maxClasses);
  const trainRows = meta.trainRows;
  if (typeof trainRows !== 'number' || !Number.isSafeInteger(trainRows) || trainRows < 0) {
    throw new ModelFileError(`trainRows is ${JSON.stringify(trainRows)}, not a row count`);
  }
  let params;
  try {
    params = resolveForestParams((meta.params ?? {}) as object);
  } catch (e) {
    throw new ModelFileError(`forest parameters: ${(e as Error).message}`);
  }
  const model: ForestModel = {
    learner: 'forest',
    featureNames: meta.featureNames,
    classNames: meta.classNames,
    params,
    trainRows,
    treeOffsets: arrays.treeOffsets as Int32Array,
    feature: arrays.feature as Int32Array,
    threshold: arrays.threshold as Float64Array,
    left: arrays.left as Int32Array,
    value: arrays.value as Float32Array,
    featureImportances: arrays.featureImportances as Float64Array,
    ...(arrays.nanRight ? { nanRight: arrays.nanRight as Uint8Array } : {}),
  };
  validateForest(model);
  return model;
}
