/**
 * The training pipeline (the reference's model building notebook): features and
 * labels for the plant, the temporal split, a learner trained on the train part,
 * evaluation on the test part, and the model stored (and activated) with its metrics.
 */
import { withSaid } from '../shared/said';
import type { Store } from '../store/store';
import { buildFeatures, defaultTrainCutoff, readPlantSchema, temporalSplit } from '../features';
import { argmaxRows, evaluate } from '../metrics/classification';
import { DAY } from '../shared/time';
import type { FeatureSet, ProgressFn } from '../shared/types';
import { throwIfCancelled } from '../shared/types';
import {
  getLearner,
  resolveForestParams,
  type LearnerName,
  type ForestParams,
  type ForestPool,
  type TrainedModel,
} from '../forest';
import { saveModel, type ModelMetrics } from './model-store';
import { trainBandModel, type BandModel, type BandModelInfo } from './band-model';
import { chooseCalibration, fitModelCalibration } from './planner-eval';
import { telemetrySpan } from '../store/telemetry-store';
import { usualValues } from '../score/reasons';
import { plantCadence } from '../store/plant-settings';
import { formatDuration, type Cadence } from '../shared/cadence';
import {
  emptySensors,
  sensorColumns,
  thinDataMessage,
  ThinDataError,
  trainingCounts,
  withoutColumns,
} from './training-data';

export interface TrainOptions {
  /** First observation time used (default: the start of the data). */
  from?: number;
  /**
   * End of training data: train on T <= trainTo - horizon, test on T > trainTo.
   * Default: three quarters of the way through the data, on a day boundary.
   */
  trainTo?: number;
  /**
   * Label horizon in days. The horizon is a plant setting (cadence); this is accepted
   * only when it equals the plant's, and refused with a pointer to `pdm plant` otherwise.
   */
  horizonDays?: number;
  learner?: LearnerName;
  params?: Partial<ForestParams>;
  /** Make the new model the active one (default true). */
  activate?: boolean;
  note?: string;
  onProgress?: ProgressFn;
  signal?: AbortSignal;
  /** Where trees grow (Node: nodeForestPool, browser: webForestPool); default the calling thread. */
  pool?: ForestPool;
}

export interface TrainResult {
  modelId: number;
  learner: LearnerName;
  trainRows: number;
  testRows: number;
  trainTo: number;
  /** The plant's cadence the model was trained with (and recorded). */
  cadence: Cadence;
  /** Sensors with no value in the training range, left out of the features. */
  leftOutSensors: string[];
  metrics: ModelMetrics;
  /** The time-to-failure bands trained with it (docs/BANDS.md); null when it has none. */
  bands: BandModelInfo | null;
}

export function defaultTrainTo(store: Store): number {
  const span = telemetrySpan(store);
  if (!span || span.to <= span.from) {
    throw withSaid(
      new RangeError('there is no telemetry in this plant file: import some first'),
      'no-telemetry',
    );
  }
  return defaultTrainCutoff(span.from, span.to);
}

export async function trainModel(store: Store, opts: TrainOptions = {}): Promise<TrainResult> {
  const cadence = plantCadence(store);
  if (opts.horizonDays !== undefined) {
    const asked = Math.round(opts.horizonDays * DAY);
    if (!(asked > 0) || asked !== cadence.horizonSeconds) {
      throw new RangeError(
        `the label horizon is a plant setting: this plant's is ${formatDuration(cadence.horizonSeconds)}, ` +
          `not ${opts.horizonDays} days. Change it with pdm plant --db FILE --horizon ` +
          `${Number.isFinite(asked) && asked > 0 ? formatDuration(asked) : '7d'} (models on the old ` +
          'setting then stop scoring until retrained), or leave the horizon out',
      );
    }
  }
  const learnerName = opts.learner ?? 'forest';
  const learner = getLearner(learnerName);
  const params = resolveForestParams(opts.params ?? {});
  const trainTo = opts.trainTo ?? defaultTrainTo(store);
  const progress = opts.onProgress ?? (() => undefined);

  progress({ phase: 'features', done: 0, total: 1 });
  const all = buildFeatures(store, {
    from: opts.from,
    cadence,
    signal: opts.signal,
    onProgress: (p) => progress({ ...p, phase: 'features' }),
  });
  throwIfCancelled(opts.signal);
  const split = temporalSplit(all, trainTo, cadence.horizonSeconds);
  const counts = trainingCounts(store, split.train, cadence, trainTo, opts.from);
  const thin = thinDataMessage(counts, cadence);
  if (thin !== null) throw new ThinDataError(thin, counts);
  // Sensors with no value in the training range would be all-missing columns: leave
  // them out (the model records which; scoring ignores their columns in the data).
  const sensors = readPlantSchema(store).sensors.map((s) => s.name);
  const leftOutSensors = emptySensors(split.train, sensors, cadence);
  const drop = new Set(leftOutSensors.flatMap((s) => sensorColumns(s, cadence)));
  const train = withoutColumns(split.train, drop);
  const test = withoutColumns(split.test, drop);

  const t0 = Date.now();
  const model = await learner.train(
    { ...train, classNames: train.labelNames },
    train.label,
    train.labelNames.length,
    params,
    {
      onProgress: (done, total) => progress({ phase: 'trees', done, total }),
      signal: opts.signal,
      pool: opts.pool,
    },
  );
  const trainSeconds = (Date.now() - t0) / 1000;
  throwIfCancelled(opts.signal);

  let testEval = null;
  let testProba: Float64Array | null = null;
  if (test.rows > 0) {
    progress({ phase: 'evaluate', done: 0, total: 1 });
    const proba = model.predictProba(test.values, test.rows);
    testProba = proba;
    // The classification metrics stay on the forest's own (uncalibrated) argmax.
    const pred = argmaxRows(proba, test.rows, model.classNames.length);
    const truth = remapLabels(test, model.classNames);
    testEval = evaluate(truth, pred, model.classNames);
  }
  // Planner block: a calibration kept only where rows it never saw show it helps
  // (workers/model/planner-eval.ts); planner metrics on the test range.
  const { calibration, planner } = chooseCalibration(
    store,
    test,
    testProba,
    remapLabels(test, model.classNames),
    model.classNames,
    cadence.horizonSeconds,
    fitModelCalibration(model, train),
  );
  const imp = model.featureImportances();
  const metrics: ModelMetrics = {
    test: testEval,
    testFrom: test.rows ? test.t.reduce((a, b) => Math.min(a, b), Infinity) : null,
    testTo: test.rows ? test.t.reduce((a, b) => Math.max(a, b), -Infinity) : null,
    trainRows: train.rows,
    importances: model.featureNames
      .map((f, i): [string, number] => [f, imp[i] ?? 0])
      .sort((a, b) => b[1] - a[1]),
    trainSeconds,
    ...(leftOutSensors.length ? { leftOutSensors } : {}),
    usual: usualValues(train),
    ...(planner ? { planner } : {}),
    ...(calibration ? { calibration } : {}),
  };
  throwIfCancelled(opts.signal);
  const bands = await trainBands(store, model, train, test, trainTo, cadence, params, opts);
  throwIfCancelled(opts.signal);
  const modelId = saveModel(
    store,
    {
      learner: learnerName,
      hyperparameters: { ...params },
      featureNames: model.featureNames,
      labelNames: model.classNames,
      trainFrom: opts.from ?? null,
      trainTo,
      cadence,
      metrics,
      note: opts.note ?? '',
      bytes: model.serialize(),
      // Stored with the model in one transaction.
      ...(bands ? { bands: { ...bandInfo(bands), bytes: bands.model.serialize() } } : {}),
    },
    opts.activate ?? true,
  );
  progress({ phase: 'done', done: 1, total: 1 });
  return {
    modelId,
    learner: learnerName,
    trainRows: train.rows,
    testRows: test.rows,
    trainTo,
    cadence,
    leftOutSensors,
    metrics,
    bands: bands ? bandInfo(bands) : null,
  };
}

const bandInfo = (b: BandModel): BandModelInfo => ({
  days: b.days,
  components: b.components,
  metrics: b.metrics,
});

/**
 * The time-to-failure band model trained beside the main one (workers/model/band-model.ts)
 * on the same feature columns, with the same forest parameters; null when the training
 * range gives it nothing to learn.
 */
async function trainBands(
  store: Store,
  main: TrainedModel,
  train: FeatureSet,
  test: FeatureSet,
  trainTo: number,
  cadence: Cadence,
  params: ForestParams,
  opts: TrainOptions,
): Promise<BandModel | null> {
  const progress = opts.onProgress ?? (() => undefined);
  return trainBandModel(store, train.labelNames.slice(1), {
    train,
    test,
    trainTo,
    stepSeconds: cadence.stepSeconds,
    main,
    horizonDays: cadence.horizonSeconds / DAY,
    params,
    pool: opts.pool,
    signal: opts.signal,
    onProgress: (done, total) => progress({ phase: 'band-trees', done, total }),
  });
}

/** Labels of a feature set as indices into another class list (-1 where unknown). */
export function remapLabels(fs: FeatureSet, classNames: string[]): Int32Array {
  const map = fs.labelNames.map((n) => classNames.indexOf(n));
  return Int32Array.from(fs.label, (l) => (l < 0 ? -1 : map[l]));
}
