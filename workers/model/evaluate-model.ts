/**
 * Evaluation of a stored model on a date range (the reference's scoring evaluation
 * notebook): features and known labels for the range, the model's predictions, and
 * the metrics of workers/metrics.
 */
import type { Store } from '../store/store';
import type { FeatureSet } from '../shared/types';
import { buildFeatures } from '../features';
import { argmaxRows, evaluate, type Evaluation } from '../metrics/classification';
import { alignColumns, checkFeatures } from '../forest';
import { assertModelCadence, getModel, loadStoredModel, type ModelInfo } from './model-store';
import { remapLabels } from './train-model';
import { sensorColumns } from './training-data';
import { withSaid } from '../shared/said';
import type { PlannerEvaluation } from '../metrics/planner';
import { plannerEvaluation } from './planner-eval';

/**
 * The feature set's values in the model's column order; refuses a feature mismatch.
 * With the model's record, the columns of sensors it left out (empty when it was
 * trained) are dropped from the data instead of refused.
 */
export function modelColumns(
  model: { featureNames: string[] },
  fs: FeatureSet,
  record?: Pick<ModelInfo, 'cadence' | 'metrics'>,
): Float64Array {
  const ignored = new Set(
    (record?.metrics?.leftOutSensors ?? []).flatMap((s) => sensorColumns(s, record!.cadence)),
  );
  const order = checkFeatures(model, fs.featureNames, ignored);
  return order.length === fs.featureNames.length && order.every((c, i) => c === i)
    ? fs.values
    : alignColumns(fs.values, fs.rows, order, fs.featureNames.length);
}

/** An evaluation with the planner's view of the same range (calibrated risks). */
export type ModelEvaluation = Evaluation & { planner: PlannerEvaluation };

export function evaluateModel(
  store: Store,
  modelId: number,
  from: number,
  to: number,
  signal?: AbortSignal,
): ModelEvaluation {
  if (to < from) throw new RangeError('the evaluation range ends before it starts');
  const record = getModel(store, modelId);
  // a damaged or removed model is refused first (exit 1), before its cadence is trusted
  const model = loadStoredModel(record);
  assertModelCadence(store, record);
  const fs = buildFeatures(store, { from, to, cadence: record.cadence, signal });
  if (fs.rows === 0)
    throw withSaid(new RangeError('there are no observations in that range'), 'no-observations');
  const X = modelColumns(model, fs, record);
  const proba = model.predictProba(X, fs.rows);
  // Classification metrics on the forest's own argmax; planner metrics on calibrated risk.
  const pred = argmaxRows(proba, fs.rows, model.classNames.length);
  return {
    ...evaluate(remapLabels(fs, model.classNames), pred, model.classNames),
    planner: plannerEvaluation(
      store,
      fs,
      proba,
      model.classNames,
      record.cadence.horizonSeconds,
      record.metrics?.calibration,
    ),
  };
}
