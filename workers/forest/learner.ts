/**
 * The learner abstraction: training and trained models behind one interface so
 * the model store, evaluation and scoring do not care whether a model came
 * from our histogram forest ('forest', the default) or from ml-random-forest
 * (small data, cross-checks). Models serialise to the same versioned container,
 * and loadModel dispatches on the learner recorded in it. ("Engine" means the
 * worker the UI talks to, workers/app; a learner is the algorithm that grows trees.)
 */
import { containerLearner, decodeContainer } from './container';
import { explain, type Explanation } from './explain';
import { mlRandomForestLearner, loadMlRandomForest } from './ml-forest-learner';
import type { ForestParams } from './params';
import { outOfBagProba, type OutOfBag } from './oob';
import { predictProba } from './predict';
import { deserializeForest, serializeForest } from './serialize';
import { trainForest, type TrainForestOptions, type TrainingData } from './train-forest';
import type { ForestModel } from './tree';
import { ModelFileError } from './validate-model';

export type LearnerName = 'forest' | 'ml-random-forest';
export const LEARNER_NAMES: readonly LearnerName[] = ['forest', 'ml-random-forest'];

/** A trained model of any learner. X is always row-major rows x featureNames.length in model order. */
export interface TrainedModel {
  readonly learner: LearnerName;
  readonly featureNames: string[];
  readonly classNames: string[];
  /** Hyperparameters as used (after defaults). */
  readonly params: Record<string, unknown>;
  /** rows x classNames.length class probabilities, row-major. */
  predictProba(X: Float64Array, rows: number): Float64Array;
  /** Per feature, normalised to sum 1 (all 0 if no tree split). */
  featureImportances(): Float64Array;
  /** Top-k path attributions per row, or null if the learner cannot explain. */
  explain(
    X: Float64Array,
    rows: number,
    classIndex: number | Int32Array,
    k: number,
  ): Explanation | null;
  /** Versioned bytes; loadModel(bytes) restores an identical model. */
  serialize(): Uint8Array;
  /**
   * Out-of-bag probabilities of the training rows (X: exactly the rows it was trained
   * on, in order). Only learners that can tell which trees saw a row have it.
   */
  outOfBag?(X: Float64Array, rows: number): OutOfBag;
}

export interface Learner {
  readonly name: LearnerName;
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
    learner: 'forest',
    featureNames: model.featureNames,
    classNames: model.classNames,
    params: { ...model.params },
    predictProba: (X, rows) => predictProba(model, X, rows),
    featureImportances: () => model.featureImportances.slice(),
    explain: (X, rows, classIndex, k) => explain(model, X, rows, classIndex, k),
    serialize: () => serializeForest(model),
    outOfBag: (X, rows) => outOfBagProba(model, X, rows),
  };
}

/** Our histogram random forest; pass opts.pool (nodeForestPool / webForestPool) for parallel training. */
export const forestLearner: Learner = {
  name: 'forest',
  async train(data, y, nClasses, params = {}, opts = {}) {
    return forestTrainedModel(await trainForest(data, y, nClasses, params, opts));
  },
};

/** Learner by name; RangeError listing the known learners otherwise. */
export function getLearner(name: string): Learner {
  if (name === 'forest') return forestLearner;
  if (name === 'ml-random-forest') return mlRandomForestLearner;
  throw new RangeError(
    `learner must be one of ${LEARNER_NAMES.join(', ')}, got ${JSON.stringify(name)}`,
  );
}

/**
 * Restores a model serialised by any learner; refuses unknown format versions and
 * learners and damaged models (ModelFileError naming the first problem).
 */
export function loadModel(bytes: Uint8Array): TrainedModel {
  const learner = containerLearner(decodeContainer(bytes).meta);
  if (learner === 'forest') return forestTrainedModel(deserializeForest(bytes));
  if (learner === 'ml-random-forest') return loadMlRandomForest(bytes);
  throw new ModelFileError(
    `model learner ${JSON.stringify(learner)} is not supported by this build`,
  );
}
