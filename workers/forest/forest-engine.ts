/**
 * The engine abstraction: training and trained models behind one interface so
 * the model store, evaluation and scoring do not care whether a model came
 * from our histogram forest ('forest', the default) or from ml-random-forest
 * (small data, cross-checks). Models serialise to the same versioned container,
 * and loadModel dispatches on the engine recorded in it.
 */
import { decodeContainer } from './container';
import { explain, type Explanation } from './explain';
import { mlRandomForestEngine, loadMlRandomForest } from './ml-forest-engine';
import type { ForestParams } from './params';
import { predictProba } from './predict';
import { deserializeForest, serializeForest } from './serialize';
import { trainForest, type TrainForestOptions, type TrainingData } from './train-forest';
import type { ForestModel } from './tree';
import { ModelFileError } from './validate-model';

export type EngineName = 'forest' | 'ml-random-forest';
export const ENGINE_NAMES: readonly EngineName[] = ['forest', 'ml-random-forest'];

/** A trained model of any engine. X is always row-major rows x featureNames.length in model order. */
export interface TrainedModel {
  readonly engine: EngineName;
  readonly featureNames: string[];
  readonly classNames: string[];
  /** Hyperparameters as used (after defaults). */
  readonly params: Record<string, unknown>;
  /** rows x classNames.length class probabilities, row-major. */
  predictProba(X: Float64Array, rows: number): Float64Array;
  /** Per feature, normalised to sum 1 (all 0 if no tree split). */
  featureImportances(): Float64Array;
  /** Top-k path attributions per row, or null if the engine cannot explain. */
  explain(
    X: Float64Array,
    rows: number,
    classIndex: number | Int32Array,
    k: number,
  ): Explanation | null;
  /** Versioned bytes; loadModel(bytes) restores an identical model. */
  serialize(): Uint8Array;
}

export interface Engine {
  readonly name: EngineName;
  /** y: class index per row in 0..nClasses-1; data.classNames names them. */
  train(
    data: TrainingData,
    y: Int32Array,
    nClasses: number,
    params?: Partial<ForestParams>,
    opts?: TrainForestOptions,
  ): Promise<TrainedModel>;
}

/** Wraps a ForestModel (e.g. from trainForest or deserializeForest) as a TrainedModel. */
export function forestTrainedModel(model: ForestModel): TrainedModel {
  return {
    engine: 'forest',
    featureNames: model.featureNames,
    classNames: model.classNames,
    params: { ...model.params },
    predictProba: (X, rows) => predictProba(model, X, rows),
    featureImportances: () => model.featureImportances.slice(),
    explain: (X, rows, classIndex, k) => explain(model, X, rows, classIndex, k),
    serialize: () => serializeForest(model),
  };
}

/** Our histogram random forest; pass opts.pool (nodeForestPool / webForestPool) for parallel training. */
export const forestEngine: Engine = {
  name: 'forest',
  async train(data, y, nClasses, params = {}, opts = {}) {
    return forestTrainedModel(await trainForest(data, y, nClasses, params, opts));
  },
};

/** Engine by name; RangeError listing the known engines otherwise. */
export function getEngine(name: string): Engine {
  if (name === 'forest') return forestEngine;
  if (name === 'ml-random-forest') return mlRandomForestEngine;
  throw new RangeError(
    `engine must be one of ${ENGINE_NAMES.join(', ')}, got ${JSON.stringify(name)}`,
  );
}

/**
 * Restores a model serialised by any engine; refuses unknown format versions and
 * engines and damaged models (ModelFileError naming the first problem).
 */
export function loadModel(bytes: Uint8Array): TrainedModel {
  const { meta } = decodeContainer(bytes);
  if (meta.engine === 'forest') return forestTrainedModel(deserializeForest(bytes));
  if (meta.engine === 'ml-random-forest') return loadMlRandomForest(bytes);
  throw new ModelFileError(
    `model engine ${JSON.stringify(meta.engine)} is not supported by this build`,
  );
}
