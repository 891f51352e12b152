/** Compact, versioned serialisation of a ForestModel (see container.ts for the layout). */
import { decodeContainer, encodeContainer } from './container';
import { resolveForestParams } from './params';
import type { ForestModel } from './tree';

/** Model -> bytes: JSON metadata plus the flat node arrays, no per-node objects. */
export function serializeForest(model: ForestModel): Uint8Array {
  return encodeContainer(
    {
      engine: 'forest',
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
    },
  );
}

/** Bytes -> model; refuses other engines, unknown versions and inconsistent payloads. */
export function deserializeForest(bytes: Uint8Array): ForestModel {
  const { meta, arrays } = decodeContainer(bytes);
  if (meta.engine !== 'forest') {
    throw new Error(`model engine is ${String(meta.engine)}, expected forest`);
  }
  const featureNames = meta.featureNames as string[];
  const classNames = meta.classNames as string[];
  const model: ForestModel = {
    engine: 'forest',
    featureNames,
    classNames,
    params: resolveForestParams(meta.params as object),
    trainRows: meta.trainRows as number,
    treeOffsets: arrays.treeOffsets as Int32Array,
    feature: arrays.feature as Int32Array,
    threshold: arrays.threshold as Float64Array,
    left: arrays.left as Int32Array,
    value: arrays.value as Float32Array,
    featureImportances: arrays.featureImportances as Float64Array,
  };
  const nodes = model.feature.length;
  if (
    model.treeOffsets[model.treeOffsets.length - 1] !== nodes ||
    model.threshold.length !== nodes ||
    model.left.length !== nodes ||
    model.value.length !== nodes * classNames.length ||
    model.featureImportances.length !== featureNames.length
  ) {
    throw new Error('model file is inconsistent (array sizes do not match)');
  }
  return model;
}
