/**
 * Scoring runs, the results store of the reference pipeline: a run scores a date
 * range, or each machine's most recent observation, with a stored model and keeps
 * one result row per machine, observation time and component. Runs are history: a
 * new run never overwrites an old one, and repeating an identical request (same
 * model, range and data) returns the run already made.
 */
import type { Store } from '../store/store';
import { buildFeatures } from '../features';
import { activeModelId, assertModelCadence, getModel, loadStoredModel } from '../model/model-store';
import { predictProbaParallel, type ForestPool, type TrainedModel } from '../forest';
import { modelColumns } from '../model/evaluate-model';
import { type ProgressFn, throwIfCancelled } from '../shared/types';
import { DEFAULT_CADENCE } from '../shared/cadence';
import { DAY } from '../shared/time';
import { lastImportId } from '../store/import-log';
import { lastReadingByMachine, lastReadingTime } from '../store/telemetry-store';
import {
  finishRun,
  lastScoredTime,
  prepareResultInsert,
  runForRequest,
  runMaxRisk,
  startRun,
} from './run-store';
import { storeReasons } from './reasons';
import { evaluateRun, systemClock, type Clock } from '../orders/proposals';
import { withSaid } from '../shared/said';
import { loadBandModel, scoreBands, storeBandRisks, type BandRisk } from '../model/band-model';
import { applyCalibration } from '../model/calibration';

export type ScoreMode = 'latest' | 'range' | 'since-last';

export interface ScoreOptions {
  /** Model id; default the active model. */
  modelId?: number;
  mode: ScoreMode;
  /** For 'range': observation times from..to (inclusive, seconds). */
  from?: number;
  to?: number;
  /** Set when a schedule started the run. */
  scheduleId?: number;
  /** How many reasons to keep per result (default 3). */
  topReasons?: number;
  /**
   * Reasons are computed for every component of each machine's latest observation, and
   * for earlier observations at or above this probability (default 0.05).
   */
  explainFrom?: number;
  onProgress?: ProgressFn;
  signal?: AbortSignal;
  /** Workers for large batches (Node: nodeForestPool, browser: webForestPool); default this thread. */
  pool?: ForestPool;
  /** Clock for the work-order rules' cooldowns (epoch ms); default the system clock. */
  clock?: Clock;
}

export interface RunSummary {
  runId: number;
  modelId: number;
  mode: ScoreMode;
  from: number | null;
  to: number | null;
  /** Observations scored (machines x times). */
  rows: number;
  /** True when an identical earlier run was returned instead of scoring again. */
  reused: boolean;
  /** Highest component risk in the run. */
  maxRisk: number;
  /** Work-order proposals the run's alert rules made (0 for a reused run). */
  proposals: number;
  seconds: number;
}

/** A token that changes whenever data is imported, so identical requests are recognised. */
export function dataVersion(store: Store): string {
  return `${lastImportId(store)}:${lastReadingTime(store)}`;
}

/**
 * Each machine's last observation time: the grid boundary (multiples of `step`
 * seconds, default 12 h) at or after its last reading.
 */
export function latestObservations(
  store: Store,
  step: number = DEFAULT_CADENCE.stepSeconds,
): Map<number, number[]> {
  const byT = new Map<number, number[]>();
  for (const r of lastReadingByMachine(store)) {
    const T = Math.ceil(r.t / step) * step;
    const list = byT.get(T) ?? [];
    list.push(r.machineId);
    byT.set(T, list);
  }
  return byT;
}

export async function scoreRun(store: Store, opts: ScoreOptions): Promise<RunSummary> {
  const started = Date.now();
  const modelId = opts.modelId ?? activeModelId(store);
  if (modelId === null)
    throw withSaid(new RangeError('there is no trained model yet: train one first'), 'no-model');
  const record = getModel(store, modelId);
  // A damaged or removed model is refused (exit 1) before anything is stored; loading
  // validates every tree, so the prediction kernels never see a bad one.
  const model = loadStoredModel(record);
  // Features on another grid than the model's would be silently wrong: refuse up front.
  assertModelCadence(store, record);
  const STEP = record.cadence.stepSeconds;
  // Time-to-failure bands, when the model has a band model (null: none, nothing shown).
  const band = loadBandModel(store, modelId, model.featureNames);
  const bandRisks: BandRisk[] = [];
  let from: number | null = null;
  let to: number | null = null;
  if (opts.mode === 'range') {
    if (opts.from === undefined || opts.to === undefined)
      throw new RangeError('a range run needs from and to');
    if (opts.to < opts.from) throw new RangeError('the range ends before it starts');
    from = opts.from;
    to = opts.to;
  } else if (opts.mode === 'since-last') {
    const last = lastScoredTime(store, modelId);
    const end = lastReadingTime(store);
    to = Math.ceil(end / STEP) * STEP;
    from = last === null ? to : last + STEP;
  }
  const requestKey = JSON.stringify([modelId, opts.mode, from, to, dataVersion(store)]);
  const existing = runForRequest(store, requestKey);
  if (existing) {
    return {
      runId: existing.id,
      modelId,
      mode: opts.mode,
      from,
      to,
      rows: existing.rows,
      reused: true,
      maxRisk: runMaxRisk(store, existing.id),
      proposals: 0,
      seconds: (Date.now() - started) / 1000,
    };
  }

  const progress = opts.onProgress ?? (() => undefined);
  const groups: Array<{ from: number; to: number; machines?: number[] }> = [];
  if (opts.mode === 'latest') {
    for (const [T, machines] of latestObservations(store, STEP))
      groups.push({ from: T, to: T, machines });
  } else if (from !== null && to !== null && to >= from) {
    groups.push({ from, to });
  }

  const startedIso = new Date().toISOString();
  const results: Array<{
    machine: Int32Array;
    t: Float64Array;
    proba: Float64Array;
    reasons: string[];
  }> = [];
  let rows = 0;
  let maxRisk = 0;
  const classes = model.classNames;
  const none = classes.indexOf('none');
  for (let g = 0; g < groups.length; g++) {
    throwIfCancelled(opts.signal);
    progress({ phase: 'features', done: g, total: groups.length });
    const fs = buildFeatures(store, {
      ...groups[g],
      cadence: record.cadence,
      labels: false,
      signal: opts.signal,
    });
    if (fs.rows === 0) continue;
    const X = modelColumns(model, fs, record);
    progress({ phase: 'predict', done: g, total: groups.length });
    const forestProba =
      opts.pool && model.learner === 'forest'
        ? await predictProbaParallel(record.bytes, X, fs.rows, opts.pool, opts.signal)
        : model.predictProba(X, fs.rows);
    // Risks are calibrated probabilities (models without a calibration keep the forest's).
    const proba = applyCalibration(record.metrics?.calibration, forestProba, classes);
    const reasons = explainAll(
      model,
      X,
      fs.machineId,
      fs.t,
      proba,
      opts.topReasons ?? 3,
      opts.explainFrom ?? 0.05,
    );
    for (let i = 0; i < proba.length; i++)
      if (i % classes.length !== none && proba[i] > maxRisk) maxRisk = proba[i];
    results.push({ machine: fs.machineId, t: fs.t, proba, reasons });
    if (band)
      for (const b of await scoreBands(
        band,
        X,
        fs.machineId,
        fs.t,
        { proba, classNames: classes, horizonDays: record.cadence.horizonSeconds / DAY },
        opts.pool,
        opts.signal,
      ))
        bandRisks.push(b);
    rows += fs.rows;
  }
  throwIfCancelled(opts.signal);
  progress({ phase: 'store', done: groups.length, total: groups.length });

  let proposals = 0;
  const runId = store.transaction(() => {
    const id = startRun(store, {
      modelId,
      requestKey,
      mode: opts.mode,
      from,
      to,
      started: startedIso,
      scheduleId: opts.scheduleId ?? null,
    });
    const ins = prepareResultInsert(store);
    try {
      for (const part of results) {
        const k = classes.length;
        for (let r = 0; r < part.machine.length; r++) {
          for (let c = 0; c < k; c++) {
            if (c === none) continue;
            ins.run([
              id,
              part.machine[r],
              part.t[r],
              classes[c],
              part.proba[r * k + c],
              part.reasons[r * k + c] ?? '[]',
            ]);
          }
        }
      }
    } finally {
      ins.free();
    }
    if (band) storeBandRisks(store, id, band.days, bandRisks);
    finishRun(store, id, rows, new Date().toISOString());
    // The alert rules see the run in the same transaction: a run is never saved
    // without the work-order proposals it should have made.
    proposals = evaluateRun(store, id, opts.clock ?? systemClock).opened.length;
    return id;
  });
  return {
    runId,
    modelId,
    mode: opts.mode,
    from,
    to,
    rows,
    reused: false,
    maxRisk,
    proposals,
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * JSON reasons per (row, class): every component of each machine's latest observation
 * in the batch (the rows the ranking shows, down to the lowest risk), and earlier
 * observations at or above `from` (range runs: the machine view's history). '[]' elsewhere.
 * Each reason keeps the row's value so the ranking can say it beside what is usual.
 */
function explainAll(
  model: TrainedModel,
  X: Float64Array,
  machine: Int32Array,
  t: Float64Array,
  proba: Float64Array,
  k: number,
  from: number,
): string[] {
  const nc = model.classNames.length;
  const none = model.classNames.indexOf('none');
  const rows = machine.length;
  const out = new Array<string>(rows * nc);
  const latest = new Map<number, number>();
  for (let r = 0; r < rows; r++) {
    const m = machine[r];
    if (!(t[r] <= (latest.get(m) ?? -Infinity))) latest.set(m, t[r]);
  }
  const pairs: number[] = [];
  for (let i = 0; i < rows * nc; i++) {
    const r = Math.floor(i / nc);
    if (i % nc !== none && (proba[i] >= from || t[r] === latest.get(machine[r]))) pairs.push(i);
  }
  if (!pairs.length) return out;
  const nf = model.featureNames.length;
  const sub = new Float64Array(pairs.length * nf);
  const cls = new Int32Array(pairs.length);
  pairs.forEach((p, j) => {
    const r = Math.floor(p / nc);
    sub.set(X.subarray(r * nf, (r + 1) * nf), j * nf);
    cls[j] = p % nc;
  });
  const expl = model.explain(sub, pairs.length, cls, k);
  if (!expl) return out;
  pairs.forEach((p, j) => {
    const reasons: Array<[string, number, number]> = [];
    for (let s = 0; s < expl.k; s++) {
      const f = expl.feature[j * expl.k + s];
      if (f >= 0)
        reasons.push([model.featureNames[f], expl.contribution[j * expl.k + s], sub[j * nf + f]]);
    }
    out[p] = storeReasons(reasons);
  });
  return out;
}

/** Risks scored elsewhere (the export bundle's job), to keep as a run of this plant. */
export interface ImportedRun {
  /** The model the risks were scored with (its classes name the components). */
  modelId: number;
  /** The run's name where it was scored (e.g. the job's run date). */
  runLabel: string;
  /** A token of the file's content: importing the same risks again returns the earlier run. */
  contentKey: string;
  /** Where the risks came from, for the run's message. */
  source: string;
  rows: { machine: number; t: number; component: string; probability: number }[];
}

/**
 * Stores imported risks as one finished run ('range' over their observation times, no
 * reasons), in one transaction; the same import again returns the run it made.
 */
export function storeImportedRun(
  store: Store,
  run: ImportedRun,
): { runId: number; reused: boolean } {
  const requestKey = `imported:${run.modelId}:${run.contentKey}`;
  const earlier = runForRequest(store, requestKey);
  if (earlier) return { runId: earlier.id, reused: true };
  let from = Infinity;
  let to = -Infinity;
  const observations = new Set<string>();
  for (const r of run.rows) {
    from = Math.min(from, r.t);
    to = Math.max(to, r.t);
    observations.add(`${r.machine}:${r.t}`);
  }
  const now = new Date().toISOString();
  const runId = store.transaction(() => {
    const id = startRun(store, {
      modelId: run.modelId,
      requestKey,
      mode: 'range',
      from,
      to,
      started: now,
      scheduleId: null,
    });
    const ins = prepareResultInsert(store);
    try {
      for (const r of run.rows) ins.run([id, r.machine, r.t, r.component, r.probability, '[]']);
    } finally {
      ins.free();
    }
    finishRun(
      store,
      id,
      observations.size,
      now,
      `imported run '${run.runLabel}' from ${run.source}`,
    );
    return id;
  });
  return { runId, reused: false };
}
