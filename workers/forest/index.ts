/** Public API of the forest engine (platform-neutral; Node pool in ./node/node-pool). */
export { checkFeatures, alignColumns } from './check-features';
export {
  ENGINE_NAMES,
  getEngine,
  loadModel,
  type EngineName,
  type TrainedModel,
} from './forest-engine';
export { resolveForestParams, type ForestParams } from './params';
export { predictProba } from './predict';
export { predictProbaParallel } from './predict-parallel';
export { serializeForest } from './serialize';
export { trainForest } from './train-forest';
export { type ForestPool } from './worker-api';
