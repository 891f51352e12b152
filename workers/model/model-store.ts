/**
 * The models table: every trained model with what it was trained on and how it
 * scored, one of them active. Models move between sites as a JSON file
 * (`pdm model export/import`) so a model trained at one plant runs at another.
 */
import type { Store } from '../store/store';
import type { Evaluation } from '../metrics/classification';
import {
  DEFAULT_CADENCE,
  cadenceFromJson,
  cadenceToJson,
  describeCadence,
  sameCadence,
  cadenceCliArgs,
  type Cadence,
} from '../shared/cadence';
import { plantCadence } from '../store/plant-settings';

export interface ModelInfo {
  id: number;
  created: string;
  engine: string;
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
}

export interface ModelRecord extends ModelInfo {
  bytes: Uint8Array;
}

type Row = {
  id: number;
  created: string;
  engine: string;
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
  'id, created, engine, hyperparameters, feature_names, label_names, train_from, train_to, horizon_days, cadence, metrics, active, note';

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

function toInfo(r: Row): ModelInfo {
  return {
    id: r.id,
    created: r.created,
    engine: r.engine,
    hyperparameters: JSON.parse(r.hyperparameters),
    featureNames: JSON.parse(r.feature_names),
    labelNames: JSON.parse(r.label_names),
    trainFrom: r.train_from,
    trainTo: r.train_to,
    horizonDays: r.horizon_days,
    cadence:
      r.cadence === null
        ? legacyCadence(r.horizon_days)
        : cadenceFromJson(r.cadence, `model #${r.id}`),
    metrics: r.metrics ? JSON.parse(r.metrics) : null,
    active: r.active === 1,
    note: r.note ?? '',
  };
}

/** A model to store; without `cadence` it gets the reference's grid with `horizonDays` (default 7). */
export type NewModel = Omit<ModelInfo, 'id' | 'active' | 'created' | 'cadence' | 'horizonDays'> & {
  cadence?: Cadence;
  horizonDays?: number;
  bytes: Uint8Array;
  created?: string;
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
      `INSERT INTO models(created, engine, hyperparameters, feature_names, label_names, train_from, train_to,
         horizon_days, cadence, metrics, model, active, note) VALUES(?,?,?,?,?,?,?,?,?,?,?,0,?)`,
      [
        m.created ?? new Date().toISOString(),
        m.engine,
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
    if (activate) activateModel(store, id);
    return id;
  });
}

export function listModels(store: Store): ModelInfo[] {
  return store.all<Row>(`SELECT ${INFO_COLS} FROM models ORDER BY id DESC`).map(toInfo);
}

export function getModel(store: Store, id: number): ModelRecord {
  const r = store.all<Row>(`SELECT ${INFO_COLS}, model FROM models WHERE id=?`, [id])[0];
  if (!r) throw new RangeError(`there is no model #${id} in this plant file`);
  return { ...toInfo(r), bytes: r.model as Uint8Array };
}

export function activeModelId(store: Store): number | null {
  const v = store.scalar('SELECT id FROM models WHERE active=1 ORDER BY id DESC LIMIT 1');
  return v === null ? null : Number(v);
}

export function activateModel(store: Store, id: number): void {
  store.transaction(() => {
    if (store.scalar('SELECT count(*) FROM models WHERE id=?', [id]) === 0) {
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
  const r = store.all<{ id: number | null; horizon_days: number | null; cadence: string | null }>(
    'SELECT m.id, m.horizon_days, m.cadence FROM runs r JOIN models m ON m.id = r.model_id WHERE r.id=?',
    [runId],
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
 * Version 2 files carry a cadence other than the reference's grid; files of models on
 * the reference's grid stay version 1 (with the cadence as an extra field), so older
 * installations still read them. Version 1 files without a cadence read as the
 * reference's grid with their horizonDays.
 */
export const MODEL_FILE_VERSION = 2;

/** The portable model file (JSON with the engine's bytes in base64). */
export function modelToFile(m: ModelRecord | (NewModel & { created: string })): string {
  const { bytes, ...info } = m;
  const cadence = newModelCadence(m);
  const rest: Record<string, unknown> = {
    ...info,
    horizonDays: cadence.horizonSeconds / DAY_SECONDS,
    cadence,
  };
  delete rest.id;
  delete rest.active;
  const legacy = sameCadence(cadence, legacyCadence(cadence.horizonSeconds / DAY_SECONDS));
  return JSON.stringify({
    format: MODEL_FILE_FORMAT,
    version: legacy ? 1 : MODEL_FILE_VERSION,
    ...rest,
    model: bytesToBase64(bytes),
  });
}

/** Reads a model file; throws a RangeError saying what is wrong with it. */
export function modelFromFile(
  text: string,
  fileName = 'the model file',
): NewModel & { created: string } {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text);
  } catch {
    throw new RangeError(`${fileName} is not a model file (not JSON)`);
  }
  if (o?.format !== MODEL_FILE_FORMAT) throw new RangeError(`${fileName} is not a model file`);
  if (typeof o.version !== 'number' || o.version > MODEL_FILE_VERSION) {
    throw new RangeError(
      `${fileName} was written by a newer version (model format ${String(o.version)})`,
    );
  }
  for (const k of ['engine', 'featureNames', 'labelNames', 'horizonDays', 'model'] as const) {
    if (o[k] === undefined) throw new RangeError(`${fileName} lacks '${k}'`);
  }
  const horizonDays = Number(o.horizonDays);
  const cadence =
    o.cadence === undefined || o.cadence === null
      ? legacyCadence(horizonDays)
      : cadenceFromJson(o.cadence, fileName);
  return {
    created: String(o.created ?? new Date().toISOString()),
    engine: String(o.engine),
    hyperparameters: (o.hyperparameters as Record<string, unknown>) ?? {},
    featureNames: o.featureNames as string[],
    labelNames: o.labelNames as string[],
    trainFrom: (o.trainFrom as number) ?? null,
    trainTo: (o.trainTo as number) ?? null,
    horizonDays: cadence.horizonSeconds / DAY_SECONDS,
    cadence,
    metrics: (o.metrics as ModelMetrics) ?? null,
    note: String(o.note ?? ''),
    bytes: base64ToBytes(String(o.model)),
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
