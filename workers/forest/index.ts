/** Public API of the forest learners (platform-neutral; Node pool in ./node/node-pool). */
export { checkFeatures, alignColumns } from './check-features';
export {
  LEARNER_NAMES,
  getLearner,
  loadModel,
  type LearnerName,
  type TrainedModel,
} from './learner';
export { resolveForestParams, type ForestParams } from './params';
export { predictProba } from './predict';
export { predictProbaParallel } from './predict-parallel';
export { serializeForest } from './serialize';
export { trainForest } from './train-forest';
export { type ForestPool } from './worker-api';
