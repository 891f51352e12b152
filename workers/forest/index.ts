/** Public API of the forest engine (platform-neutral; Node pool in ./node/node-pool). */
export { binFeatures, type BinnedFeatures } from './bin-features';
export { checkFeatures, alignColumns } from './check-features';
export { explain, contributions, type Explanation } from './explain';
export {
  ENGINE_NAMES,
  forestEngine,
  forestTrainedModel,
  getEngine,
  loadModel,
  type Engine,
  type EngineName,
  type TrainedModel,
} from './forest-engine';
export { mlRandomForestEngine } from './ml-forest-engine';
export { DEFAULT_FOREST_PARAMS, resolveForestParams, type ForestParams } from './params';
export { argmaxRows, predictClasses, predictProba } from './predict';
export { predictProbaParallel, PARALLEL_PREDICT_MIN_ROWS } from './predict-parallel';
export { deserializeForest, serializeForest } from './serialize';
export { trainForest, type TrainForestOptions, type TrainingData } from './train-forest';
export { nTrees, type ForestModel } from './tree';
export { inlinePool, type ForestPool } from './worker-api';
export { webForestPool } from './web-pool';
