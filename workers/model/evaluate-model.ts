/**
 * Evaluation of a stored model on a date range (the reference's scoring evaluation
 * notebook): features and known labels for the range, the model's predictions, and
 * the metrics of workers/metrics.
 */
import type { Store } from '../store/store';
import type { FeatureSet } from '../shared/types';
import { buildFeatures, cadenceWithHorizon } from '../features';
import { argmaxRows, evaluate, type Evaluation } from '../metrics/classification';
import { alignColumns, checkFeatures, loadModel } from '../forest';
import { getModel } from './model-store';
import { remapLabels } from './train-model';

/** The feature set's values in the model's column order; refuses a feature mismatch. */
export function modelColumns(model: { featureNames: string[] }, fs: FeatureSet): Float64Array {
  const order = checkFeatures(model, fs.featureNames);
  return order.every((c, i) => c === i)
    ? fs.values
    : alignColumns(fs.values, fs.rows, order, fs.featureNames.length);
}

export function evaluateModel(
  store: Store,
  modelId: number,
  from: number,
  to: number,
  signal?: AbortSignal,
): Evaluation {
  if (to < from) throw new RangeError('the evaluation range ends before it starts');
  const record = getModel(store, modelId);
  const model = loadModel(record.bytes);
  const fs = buildFeatures(store, {
    from,
    to,
    cadence: cadenceWithHorizon(store, record.horizonDays),
    signal,
  });
  if (fs.rows === 0) throw new RangeError('there are no observations in that range');
  const X = modelColumns(model, fs);
  const pred = argmaxRows(model.predictProba(X, fs.rows), fs.rows, model.classNames.length);
  return evaluate(remapLabels(fs, model.classNames), pred, model.classNames);
}
