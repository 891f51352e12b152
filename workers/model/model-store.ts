/**
 * The models table: every trained model with what it was trained on and how it
 * scored, one of them active. Models move between sites as a JSON file
 * (`pdm model export/import`) so a model trained at one plant runs at another.
 */
import type { UsualValues } from '../score/reasons';
import type { Store } from '../store/store';
import type { Evaluation } from '../metrics/classification';
import type { PlannerEvaluation } from '../metrics/planner';
import type { Calibration } from './calibration';
import {
  DEFAULT_CADENCE,
  cadenceFromJson,
  cadenceToJson,
  describeCadence,
  sameCadence,
  cadenceCliArgs,
  cadenceProblem,
  type Cadence,
} from '../shared/cadence';
import type { TrainedModel } from '../forest';
import {
  checkModelBytes,
  crc32Hex,
  MAX_NOTE_LENGTH,
  metricsProblem,
  ModelFileError,
  recordProblem,
} from './model-check';
import { plantCadence } from '../store/plant-settings';
import { runCountOfModel, runModelId } from '../score/run-store';
import { scoringScheduleNames } from '../schedule/schedule-store';
import type { ModelFileCode } from '../forest/validate-model';
import {
  bandClassNames,
  bandInfoByModel,
  bandModelRecord,
  dropBandModel,
  saveBandModel,
  type BandModelInfo,
  type StoredBands,
} from './band-model';
import { loadModel } from '../forest';

export interface ModelInfo {
  id: number;
  created: string;
  /** The algorithm that grew the model: 'forest' or 'ml-random-forest'. */
  learner: string;
  hyperparameters: Record<string, unknown>;
  featureNames: string[];
  labelNames: string[];
  trainFrom: number | null;
  trainTo: number | null;
  /** The label horizon in days (cadence.horizonSeconds / 86400), kept for older readers. */
  horizonDays: number;
  /**
   * Step, windows, event window and horizon the model was trained with. Models stored
   * before cadence settings read as the reference's grid with their horizonDays.
   */
  cadence: Cadence;
  metrics: ModelMetrics | null;
  active: boolean;
  note: string;
  /**
   * Why the model cannot be used (its record or bytes are damaged), or absent. Listing
   * shows such a model marked; scoring and evaluating with it are refused.
   */
  problem?: string;
  /** Something ignored on reading, e.g. damaged metrics (read as not evaluated). */
  warning?: string;
  /** Its time-to-failure bands and their test figures (docs/BANDS.md); absent: none. */
  bands?: BandModelInfo;
}

/** What the model store keeps of an evaluation, with the feature importances. */
export interface ModelMetrics {
  test: Evaluation | null;
  testFrom: number | null;
  testTo: number | null;
  trainRows: number;
  importances: Array<[string, number]>;
  trainSeconds: number;
  /**
   * Sensors whose values were all missing in the training range: their window columns
   * are not among the model's features (scoring ignores them in the plant's data).
   * Absent in models trained before this was recorded.
   */
  leftOutSensors?: string[];
  /**
   * What is usual in the training rows, per feature (and per machine type for window
   * features), so a reason can say "52.1, high (usual 40 ± 5)". Absent in models trained
   * before this was kept: their reasons show the value alone.
   */
  usual?: UsualValues;
  /**
   * What a planner uses, on the test range: precision and recall at the inspection
   * budget, the precision-recall curve, lead times, the reliability table
   * (workers/metrics/planner.ts). Absent in models trained before it was kept.
   */
  planner?: PlannerEvaluation;
  /**
   * Per class, the map from the forest's probability to a calibrated risk
   * (workers/model/calibration.ts); scoring, evaluation and every list apply it. Absent
   * in models trained before it was fitted and for learners without out-of-bag
   * predictions: their risks are the forest's probabilities.
   */
  calibration?: Calibration;
}

export interface ModelRecord extends Omit<ModelInfo, 'bands'> {
  bytes: Uint8Array;
  /** The band model with its bytes, carried into the model file; absent: none. */
  bands?: StoredBands;
}

type Row = {
  id: number;
  created: string;
  learner: string;
  hyperparameters: string;
  feature_names: string;
  label_names: string;
  train_from: number | null;
  train_to: number | null;
  horizon_days: number;
  cadence: string | null;
  metrics: string | null;
  active: number;
  note: string | null;
  model?: Uint8Array;
};

const INFO_COLS =
  'id, created, learner, hyperparameters, feature_names, label_names, train_from, train_to, horizon_days, cadence, metrics, active, note';

const DAY_SECONDS = 86400;

/**
 * The cadence of a model stored (or exported) before cadence settings: the reference's
 * 12 h step, 12/24/36 h windows and 24 h event window with its own horizon.
 */
export function legacyCadence(horizonDays: number): Cadence {
  return {
    ...DEFAULT_CADENCE,
    windowSeconds: [...DEFAULT_CADENCE.windowSeconds],
    horizonSeconds: Math.round(horizonDays * DAY_SECONDS),
  };
}

function parseOr<T>(text: unknown, what: string, fallback: T, problems: string[]): T {
  if (typeof text !== 'string') {
    problems.push(`${what} is missing`);
    return fallback;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    problems.push(`${what} is not JSON`);
    return fallback;
  }
}

/**
 * A stored row as ModelInfo. Never throws: a damaged field reads as a harmless value and
 * the first problem goes to `problem` (damaged metrics read as not evaluated, `warning`).
 */
function toInfo(r: Row): Omit<ModelInfo, 'bands'> {
  const problems: string[] = [];
  const hyperparameters = parseOr<unknown>(r.hyperparameters, 'hyperparameters', {}, problems);
  const featureNames = parseOr<unknown>(r.feature_names, 'featureNames', [], problems);
  const labelNames = parseOr<unknown>(r.label_names, 'labelNames', [], problems);
  let cadence: Cadence;
  try {
    if (r.cadence === null) {
      cadence = legacyCadence(r.horizon_days);
      const p = cadenceProblem(cadence);
      if (p) throw new RangeError(`horizon_days ${r.horizon_days}: ${p}`);
    } else cadence = cadenceFromJson(r.cadence, 'cadence');
  } catch (e) {
    problems.push((e as Error).message);
    cadence = legacyCadence(7);
  }
  const rawMetrics = r.metrics ? parseOr<unknown>(r.metrics, 'metrics', null, []) : null;
  const mp = r.metrics && rawMetrics === null ? 'metrics are not JSON' : metricsProblem(rawMetrics);
  const problem =
    problems[0] ??
    recordProblem({
      learner: r.learner,
      featureNames,
      labelNames,
      trainFrom: r.train_from,
      trainTo: r.train_to,
      hyperparameters,
    });
  const strings = (v: unknown) => (Array.isArray(v) ? v.map((x) => String(x)) : []);
  return {
    id: r.id,
    created: String(r.created ?? ''),
    learner: String(r.learner),
    hyperparameters:
      hyperparameters && typeof hyperparameters === 'object' && !Array.isArray(hyperparameters)
        ? (hyperparameters as Record<string, unknown>)
        : {},
    featureNames: strings(featureNames),
    labelNames: strings(labelNames),
    trainFrom: Number.isFinite(r.train_from) ? r.train_from : null,
    trainTo: Number.isFinite(r.train_to) ? r.train_to : null,
    horizonDays: cadence.horizonSeconds / DAY_SECONDS,
    cadence,
    metrics: mp ? null : ((rawMetrics as ModelMetrics | null) ?? null),
    active: r.active === 1,
    note: typeof r.note === 'string' ? r.note : '',
    ...(problem ? { problem } : {}),
    ...(mp ? { warning: `metrics ignored: ${mp}` } : {}),
  };
}

/** A model to store; without `cadence` it gets the reference's grid with `horizonDays` (default 7). */
export type NewModel = Omit<
  ModelInfo,
  'id' | 'active' | 'created' | 'cadence' | 'horizonDays' | 'bands'
> & {
  cadence?: Cadence;
  horizonDays?: number;
  bytes: Uint8Array;
  created?: string;
  /** Its band model, stored with it (docs/BANDS.md). */
  bands?: StoredBands;
};

/** The cadence a new model is stored with. */
function newModelCadence(m: NewModel): Cadence {
  return m.cadence ?? legacyCadence(m.horizonDays ?? 7);
}

/** Stores a model; with `activate`, it becomes the active model. Returns its id. */
export function saveModel(store: Store, m: NewModel, activate = true): number {
  const cadence = newModelCadence(m);
  return store.transaction(() => {
    store.db.run(
      `INSERT INTO models(created, learner, hyperparameters, feature_names, label_names, train_from, train_to,
         horizon_days, cadence, metrics, model, active, note) VALUES(?,?,?,?,?,?,?,?,?,?,?,0,?)`,
      [
        m.created ?? new Date().toISOString(),
        m.learner,
        JSON.stringify(m.hyperparameters),
        JSON.stringify(m.featureNames),
        JSON.stringify(m.labelNames),
        m.trainFrom,
        m.trainTo,
        cadence.horizonSeconds / DAY_SECONDS,
        cadenceToJson(cadence),
        m.metrics ? JSON.stringify(m.metrics) : null,
        m.bytes,
        m.note || null,
      ],
    );
    const id = Number(store.scalar('SELECT last_insert_rowid()'));
    if (m.bands) saveBandModel(store, id, m.bands);
    if (activate) activateModel(store, id);
    return id;
  });
}

/** The plant's models, newest first; removed models (kept for their runs) are left out. */
export function listModels(store: Store): ModelInfo[] {
  const bands = bandInfoByModel(store);
  return store
    .all<Row>(`SELECT ${INFO_COLS} FROM models WHERE removed IS NULL ORDER BY id DESC`)
    .map((r) => {
      const info = toInfo(r);
      const b = bands.get(info.id);
      return b ? { ...info, bands: b } : info;
    });
}

/**
 * A model's record and bytes. Removed models (pdm model remove kept them for their
 * runs) are found too, with `removed` set and no bytes; getUsableModel refuses them.
 */
export function getModel(store: Store, id: number): ModelRecord & { removed?: string } {
  const r = store.all<Row & { removed: string | null }>(
    `SELECT ${INFO_COLS}, removed, model FROM models WHERE id=?`,
    [id],
  )[0];
  if (!r) throw new RangeError(`there is no model #${id} in this plant file`);
  const bands = bandModelRecord(store, id);
  return {
    ...toInfo(r),
    bytes: r.model as Uint8Array,
    ...(r.removed ? { removed: r.removed } : {}),
    ...(bands ? { bands } : {}),
  };
}

/** Why a stored model cannot be used, checking its bytes too; null when it can. */
export function modelProblem(record: ModelRecord & { removed?: string }): string | null {
  if (record.removed) return `it was removed on ${record.removed.slice(0, 10)}`;
  if (record.problem) return record.problem;
  try {
    checkModelBytes(record.bytes, record);
    return null;
  } catch (e) {
    if (e instanceof RangeError) return e.message;
    throw e;
  }
}

/**
 * The model to score or evaluate with, loaded and validated in full; a ModelFileError
 * (exit 1) naming the model and its first problem otherwise. Only that model is refused:
 * the others still list and score.
 */
export function loadStoredModel(record: ModelRecord & { removed?: string }): TrainedModel {
  const fail = (why: string) =>
    new ModelFileError(
      `model #${record.id} cannot be used: ${why}. ` +
        (record.removed
          ? 'Use another model (pdm model list --db FILE)'
          : `Import it again from a good file, or remove it (pdm model remove --db FILE --id ${record.id})`),
    );
  if (record.removed) throw fail(`it was removed on ${record.removed.slice(0, 10)}`);
  if (record.problem) throw fail(record.problem);
  try {
    return checkModelBytes(record.bytes, record);
  } catch (e) {
    if (e instanceof RangeError) throw fail(e.message);
    throw e;
  }
}

/** What removeModel did: deleted the row, or kept it (marked removed) for its runs. */
export interface RemoveResult {
  id: number;
  /** Scoring runs that used the model; > 0: the row stays, marked removed, without bytes. */
  runs: number;
  deleted: boolean;
}

/**
 * Removes a model that is not in use. Refuses the active model (the one scoring and
 * every schedule use), naming the schedules that score with it and how to activate
 * another. A model that past runs used stays as a row marked removed, its bytes
 * dropped, so those runs, their results and printed lists keep their model number and
 * cadence; it no longer lists, activates or scores. Otherwise the row is deleted.
 */
export function removeModel(store: Store, id: number): RemoveResult {
  return store.transaction(() => {
    const r = store.all<{ active: number; removed: string | null }>(
      'SELECT active, removed FROM models WHERE id=?',
      [id],
    )[0];
    if (!r || r.removed) throw new RangeError(`there is no model #${id} in this plant file`);
    if (r.active === 1) {
      const schedules = scoringScheduleNames(store).map((name) => `'${name}'`);
      const others = store.all<{ id: number }>(
        'SELECT id FROM models WHERE id<>? AND removed IS NULL ORDER BY id DESC LIMIT 1',
        [id],
      )[0];
      throw new RangeError(
        `model #${id} is the active model` +
          (schedules.length ? ` (schedule ${schedules.join(', ')} scores with it)` : '') +
          '; ' +
          (others
            ? `activate another first (pdm model activate --db FILE --model ${others.id})`
            : 'train or import another model and activate it first'),
      );
    }
    const runs = runCountOfModel(store, id);
    // Its time-to-failure bands go with its bytes either way.
    dropBandModel(store, id);
    if (runs > 0) {
      store.db.run(`UPDATE models SET removed=?, model=x'', active=0 WHERE id=?`, [
        new Date().toISOString(),
        id,
      ]);
    } else {
      store.db.run('DELETE FROM models WHERE id=?', [id]);
    }
    return { id, runs, deleted: runs === 0 };
  });
}

export function activeModelId(store: Store): number | null {
  const v = store.scalar('SELECT id FROM models WHERE active=1 ORDER BY id DESC LIMIT 1');
  return v === null ? null : Number(v);
}

export function activateModel(store: Store, id: number): void {
  store.transaction(() => {
    if (store.scalar('SELECT count(*) FROM models WHERE id=? AND removed IS NULL', [id]) === 0) {
      throw new RangeError(`there is no model #${id} in this plant file`);
    }
    store.db.run('UPDATE models SET active = (id = ?)', [id]);
  });
}

/**
 * The cadence of the model a scoring run used: its record's (the reference's grid for
 * models stored before cadence settings); the plant's when the run or model is gone.
 */
export function runModelCadence(store: Store, runId: number): Cadence {
  const modelId = runModelId(store, runId);
  const r = store.all<{ id: number | null; horizon_days: number | null; cadence: string | null }>(
    'SELECT id, horizon_days, cadence FROM models WHERE id=?',
    [modelId],
  )[0];
  if (!r || r.id === null) return plantCadence(store);
  if (r.cadence === null) return legacyCadence(r.horizon_days ?? 7);
  return cadenceFromJson(r.cadence, `model #${r.id}`);
}

/**
 * Refuses a model whose cadence differs from the plant's, naming both and the two ways
 * out. Scoring and evaluating call it up front: features on another grid would be
 * silently wrong for the model.
 */
export function assertModelCadence(store: Store, m: Pick<ModelInfo, 'id' | 'cadence'>): void {
  const plant = plantCadence(store);
  if (sameCadence(m.cadence, plant)) return;
  throw new CadenceMismatchError(
    `model ${m.id} was trained with ${describeCadence(m.cadence)}; ` +
      `this plant is set to ${describeCadence(plant)}. ` +
      `Train a new model (pdm train) or set the plant back (pdm plant --db FILE ${cadenceCliArgs(m.cadence)})`,
  );
}

/** A model and the plant disagree on the cadence (see assertModelCadence). */
export class CadenceMismatchError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'CadenceMismatchError';
  }
}

export const MODEL_FILE_FORMAT = 'pdm-model';
/**
 * Version 3 files name the algorithm that grew the model `learner`, and so do the model
 * bytes inside them, so every file is written as version 3: an older installation
 * refuses it as written by a newer version instead of misreading it. Versions 1 and 2
 * (written before the rename) call it `engine` and still import. Version 2 files carry
 * a cadence other than the reference's grid; version 1 files without a cadence read as
 * the reference's grid with their horizonDays.
 */
export const MODEL_FILE_VERSION = 3;

/**
 * The portable model file (JSON with the learner's bytes in base64). `checksum` is the
 * CRC-32 of the file's JSON without it: a file damaged on the way is refused on import.
 */
export function modelToFile(m: ModelRecord | (NewModel & { created: string })): string {
  const { bytes, ...info } = m;
  const cadence = newModelCadence(m);
  const rest: Record<string, unknown> = {
    ...info,
    horizonDays: cadence.horizonSeconds / DAY_SECONDS,
    cadence,
  };
  for (const k of ['id', 'active', 'problem', 'warning', 'removed', 'bands']) delete rest[k];
  // The band model travels with it, its trees in base64 like the model's.
  if (m.bands) {
    const { bytes: bandBytes, ...bandInfo } = m.bands;
    rest.bands = { ...bandInfo, model: bytesToBase64(bandBytes) };
  }
  const doc = {
    format: MODEL_FILE_FORMAT,
    version: MODEL_FILE_VERSION,
    ...rest,
    model: bytesToBase64(bytes),
  };
  return JSON.stringify({ ...doc, checksum: crc32Hex(JSON.stringify(doc)) });
}

const B64_TEXT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Reads a model file and checks it in full (workers/model/model-check.ts and
 * workers/forest/validate-model.ts): a ModelFileError (exit 1) naming the file and its
 * first problem, so nothing damaged or hostile is ever stored. Damaged metrics are
 * dropped with a note rather than refusing an otherwise good model.
 */
export function modelFromFile(
  text: string,
  fileName = 'the model file',
): NewModel & { created: string } {
  const fail = (why: string, code?: ModelFileCode, params?: Record<string, string>) =>
    new ModelFileError(`${fileName}: ${why}`, code, params);
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text);
  } catch {
    throw fail('not a model file (not JSON)', 'not-json');
  }
  if (!o || typeof o !== 'object' || Array.isArray(o) || o.format !== MODEL_FILE_FORMAT) {
    throw fail('not a model file', 'not-model-file');
  }
  if (typeof o.version !== 'number' || o.version > MODEL_FILE_VERSION) {
    throw fail(`written by a newer version (model format ${String(o.version)})`, 'newer-version', {
      version: String(o.version),
    });
  }
  if (!Number.isInteger(o.version) || o.version < 1) {
    throw fail(`model format ${String(o.version)} is not a version`, 'bad-version', {
      version: String(o.version),
    });
  }
  // Files written before the rename call the learner `engine`.
  const learnerKey = (o.version as number) >= 3 ? 'learner' : 'engine';
  for (const k of [learnerKey, 'featureNames', 'labelNames', 'horizonDays', 'model'] as const) {
    if (o[k] === undefined) throw fail(`lacks '${k}'`, 'missing-field', { field: k });
  }
  const trainFrom = o.trainFrom ?? null;
  const trainTo = o.trainTo ?? null;
  const hyperparameters = o.hyperparameters ?? {};
  const rp = recordProblem({
    learner: o[learnerKey],
    featureNames: o.featureNames,
    labelNames: o.labelNames,
    trainFrom,
    trainTo,
    hyperparameters,
  });
  if (rp) throw fail(rp);
  const horizonDays = o.horizonDays;
  if (typeof horizonDays !== 'number' || !Number.isFinite(horizonDays) || horizonDays <= 0) {
    throw fail(`horizonDays ${JSON.stringify(horizonDays)} is not a number of days`);
  }
  let cadence: Cadence;
  if (o.cadence === undefined || o.cadence === null) {
    cadence = legacyCadence(horizonDays);
    const p = cadenceProblem(cadence);
    if (p) throw fail(`horizonDays ${horizonDays}: ${p}`);
  } else {
    try {
      cadence = cadenceFromJson(o.cadence, 'cadence');
    } catch (e) {
      throw fail((e as Error).message);
    }
    if (Math.abs(cadence.horizonSeconds - horizonDays * DAY_SECONDS) > 1) {
      throw fail(`horizonDays ${horizonDays} differs from the cadence's horizon`);
    }
  }
  const created = o.created ?? new Date().toISOString();
  if (typeof created !== 'string' || created.length > 40 || !Number.isFinite(Date.parse(created))) {
    throw fail(`created ${JSON.stringify(created).slice(0, 60)} is not a time`);
  }
  const noteIn = o.note ?? '';
  if (typeof noteIn !== 'string') throw fail('note is not text');
  let note = noteIn;
  if (note.length > MAX_NOTE_LENGTH)
    throw fail(`note is longer than ${MAX_NOTE_LENGTH} characters`);
  let metrics = (o.metrics as ModelMetrics | null | undefined) ?? null;
  const mp = metricsProblem(metrics);
  if (mp) {
    metrics = null;
    note = `${note ? note + ' ' : ''}(metrics dropped on import: ${mp})`;
  }
  if (typeof o.model !== 'string' || !B64_TEXT.test(o.model)) {
    throw fail("'model' is not base64 text");
  }
  const bytes = base64ToBytes(o.model);
  const info = {
    learner: o[learnerKey] as string,
    featureNames: o.featureNames as string[],
    labelNames: o.labelNames as string[],
  };
  try {
    checkModelBytes(bytes, info);
  } catch (e) {
    if (e instanceof RangeError) throw fail(e.message);
    throw e;
  }
  const bands = bandsFromFile(o.bands, info.featureNames, fail);
  // Last, so a hand-edited file is told its first real problem; whatever else a damaged
  // file has wrong, this catches (files before checksums have none and skip it).
  if (o.checksum !== undefined) {
    const { checksum, ...doc } = o;
    if (checksum !== crc32Hex(JSON.stringify(doc))) {
      throw fail('the checksum does not match: the file was damaged or edited', 'checksum');
    }
  }
  return {
    created,
    ...info,
    hyperparameters: hyperparameters as Record<string, unknown>,
    trainFrom: trainFrom as number | null,
    trainTo: trainTo as number | null,
    horizonDays: cadence.horizonSeconds / DAY_SECONDS,
    cadence,
    metrics,
    note,
    bytes,
    ...(bands ? { bands } : {}),
  };
}

/**
 * The band model of a model file (absent in files written before bands, and then none),
 * checked like the model: its trees must read, on the model's features, with one class
 * per component and band.
 */
function bandsFromFile(
  v: unknown,
  featureNames: string[],
  fail: (why: string) => ModelFileError,
): StoredBands | null {
  if (v === undefined || v === null) return null;
  const o = v as Record<string, unknown>;
  const days = o.days;
  const components = o.components;
  if (
    typeof o !== 'object' ||
    !Array.isArray(days) ||
    !days.length ||
    !days.every((d) => typeof d === 'number' && d > 0) ||
    !Array.isArray(components) ||
    !components.every((c) => typeof c === 'string')
  )
    throw fail('bands: days or components are not lists of days and names');
  if (typeof o.model !== 'string' || !B64_TEXT.test(o.model))
    throw fail("bands: 'model' is not base64 text");
  const bytes = base64ToBytes(o.model);
  try {
    const model = loadModel(bytes);
    const names = bandClassNames(components as string[], days as number[]);
    const same = (a: string[], b: string[]) =>
      a.length === b.length && a.every((x, i) => x === b[i]);
    if (!same(model.featureNames, featureNames))
      throw new RangeError("the band model's features differ from the model's");
    if (!same(model.classNames, names))
      throw new RangeError("the band model's classes differ from its bands");
  } catch (e) {
    if (e instanceof RangeError) throw fail(`bands: ${e.message}`);
    throw e;
  }
  const metrics = o.metrics && typeof o.metrics === 'object' ? o.metrics : null;
  return {
    days: days as number[],
    components: components as string[],
    metrics: metrics as StoredBands['metrics'],
    bytes,
  };
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function bytesToBase64(b: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    chunk +=
      B64[(n >> 18) & 63] +
      B64[(n >> 12) & 63] +
      (i + 1 < b.length ? B64[(n >> 6) & 63] : '=') +
      (i + 2 < b.length ? B64[n & 63] : '=');
    if (chunk.length > 65536) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

export function base64ToBytes(s: string): Uint8Array {
  const clean = s.replace(/[^A-Za-z0-9+/]/g, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  const lut = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) lut[B64.charCodeAt(i)] = i;
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const n =
      (lut[clean.charCodeAt(i)] << 18) |
      (lut[clean.charCodeAt(i + 1)] << 12) |
      ((i + 2 < clean.length ? lut[clean.charCodeAt(i + 2)] : 0) << 6) |
      (i + 3 < clean.length ? lut[clean.charCodeAt(i + 3)] : 0);
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** Models kept (not removed) and the active one, for the start screen's counts. */
export function modelCounts(store: Store): { models: number; activeModelId: number | null } {
  return {
    models: Number(store.scalar('SELECT count(*) FROM models WHERE removed IS NULL')),
    activeModelId: activeModelId(store),
  };
}

/** A model's metrics as stored (JSON text), or null when it has none or is not there. */
export function modelMetricsText(store: Store, id: number): string | null {
  const v = store.scalar('SELECT metrics FROM models WHERE id=?', [id]);
  return typeof v === 'string' ? v : null;
}
