/**
 * Checks of a model's record (what the model store and model files keep beside the
 * learner's bytes): learner, names, horizon, metrics, and that the bytes hold a valid
 * model with the same feature and label names. `pdm model import` refuses a file that
 * fails them and stores nothing; a stored model that fails them is listed as damaged
 * and cannot score. The learner's own checks are in workers/forest/validate-model.ts.
 */
import { LEARNER_NAMES, loadModel, type TrainedModel } from '../forest';
import { checkNames, MODEL_LIMITS, ModelFileError } from '../forest/validate-model';
import { calibrationProblem } from './calibration';

export { ModelFileError };

/** Characters a model's note may have. */
export const MAX_NOTE_LENGTH = 2000;

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const numOrNull = (v: unknown): boolean => v === null || isNum(v);
const isObj = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/** Learner name check: one this build can load. */
function learnerProblem(learner: unknown): string | null {
  return typeof learner === 'string' && (LEARNER_NAMES as readonly string[]).includes(learner)
    ? null
    : `learner ${JSON.stringify(learner)} is not one of ${LEARNER_NAMES.join(', ')}`;
}

/** Names check as a message (null: fine). */
export function namesProblem(names: unknown, what: string, max: number): string | null {
  try {
    checkNames(names, what, max);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * What is wrong with stored metrics, or null. The shape is ModelMetrics: numbers are
 * finite or null (JSON writes NaN as null), lists are lists of the right things.
 */
export function metricsProblem(m: unknown): string | null {
  if (m === null || m === undefined) return null;
  if (!isObj(m)) return 'metrics are not an object';
  if (!isNum(m.trainRows) || m.trainRows < 0) return 'metrics.trainRows is not a row count';
  if (!numOrNull(m.trainSeconds ?? null)) return 'metrics.trainSeconds is not a number';
  if (!numOrNull(m.testFrom ?? null) || !numOrNull(m.testTo ?? null)) {
    return 'metrics.testFrom/testTo are not times';
  }
  if (!Array.isArray(m.importances)) return 'metrics.importances is not a list';
  for (const x of m.importances) {
    if (!Array.isArray(x) || typeof x[0] !== 'string' || !numOrNull(x[1])) {
      return 'metrics.importances holds an entry that is not [feature, number]';
    }
  }
  if (m.leftOutSensors !== undefined) {
    if (!Array.isArray(m.leftOutSensors) || m.leftOutSensors.some((s) => typeof s !== 'string')) {
      return 'metrics.leftOutSensors is not a list of names';
    }
  }
  const cp = calibrationProblem(m.calibration);
  if (cp) return `metrics.${cp}`;
  if (m.planner !== undefined && (!isObj(m.planner) || !Array.isArray(m.planner.components))) {
    return 'metrics.planner has no list of components';
  }
  const t = m.test ?? null;
  if (t === null) return null;
  if (!isObj(t)) return 'metrics.test is not an object';
  for (const k of [
    'macroF1',
    'accuracy',
    'failurePrecision',
    'failureRecall',
    'failureF1',
    'rows',
  ]) {
    if (!numOrNull(t[k] ?? null)) return `metrics.test.${k} is not a number`;
  }
  if (!Array.isArray(t.labels) || t.labels.some((l) => typeof l !== 'string')) {
    return 'metrics.test.labels is not a list of names';
  }
  const k = t.labels.length;
  if (
    !Array.isArray(t.confusion) ||
    t.confusion.length !== k ||
    t.confusion.some((row) => !Array.isArray(row) || row.length !== k || !row.every(numOrNull))
  ) {
    return `metrics.test.confusion is not a ${k} x ${k} table of numbers`;
  }
  if (!Array.isArray(t.perClass)) return 'metrics.test.perClass is not a list';
  for (const c of t.perClass) {
    if (!isObj(c) || typeof c.label !== 'string') {
      return 'metrics.test.perClass holds an entry without a label';
    }
    for (const f of ['precision', 'recall', 'f1', 'support']) {
      if (!numOrNull(c[f] ?? null)) return `metrics.test.perClass ${c.label}: ${f} is not a number`;
    }
  }
  return null;
}

/** Problems of the record fields around the bytes (null: fine). */
export function recordProblem(r: {
  learner: unknown;
  featureNames: unknown;
  labelNames: unknown;
  trainFrom: unknown;
  trainTo: unknown;
  hyperparameters: unknown;
}): string | null {
  return (
    learnerProblem(r.learner) ??
    namesProblem(r.featureNames, 'featureNames', MODEL_LIMITS.maxFeatures) ??
    namesProblem(r.labelNames, 'labelNames', MODEL_LIMITS.maxClasses) ??
    (!numOrNull(r.trainFrom) || !numOrNull(r.trainTo) ? 'trainFrom/trainTo are not times' : null) ??
    (isObj(r.hyperparameters) ? null : 'hyperparameters are not an object')
  );
}

/**
 * Loads the learner's bytes (validating them in full) and checks they are the model the
 * record describes: same learner, feature names and label names in the same order.
 */
export function checkModelBytes(
  bytes: Uint8Array,
  r: { learner: string; featureNames: string[]; labelNames: string[] },
): TrainedModel {
  const model = loadModel(bytes);
  if (model.learner !== r.learner) {
    throw new ModelFileError(`the record says learner ${r.learner}, the model is ${model.learner}`);
  }
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (!same(model.featureNames, r.featureNames)) {
    throw new ModelFileError('featureNames differ from the features the model was built with');
  }
  if (!same(model.classNames, r.labelNames)) {
    throw new ModelFileError('labelNames differ from the labels the model was built with');
  }
  return model;
}

/** CRC-32 (IEEE) of a string's UTF-8 bytes, as 8 hex digits: model files carry it. */
export function crc32Hex(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let c = ~0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 255] ^ (c >>> 8);
  return (~c >>> 0).toString(16).padStart(8, '0');
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();
