/**
 * Time-to-failure bands (docs/BANDS.md): beside the main model's risk within the
 * horizon, a second forest trained with it says how soon a component is likely to
 * fail: within 1, 3, 7 or 14 days. Its classes are `none` and one class per component
 * and band (the band of the earliest failure within 14 days); the chance that a
 * component fails within band b is the sum of its classes up to b, so the cumulative
 * probabilities never fall from one band to the next.
 *
 * The band model lives in its own table (`model_bands`) beside the model it was trained
 * with; models trained before it, imported ONNX models and models whose training range
 * had no failure in 14 days have none, and every reader treats that as "no bands".
 */
import type { Store } from '../store/store';
import type { FeatureSet } from '../shared/types';
import { throwIfCancelled } from '../shared/types';
import { DAY } from '../shared/time';
import {
  getLearner,
  loadModel,
  predictProbaParallel,
  type ForestParams,
  type ForestPool,
  type TrainedModel,
} from '../forest';
import { rowsWhere, subsetRows } from '../features/split';
import { failuresBetween } from '../store/events-store';

/** The bands, in days: "within 1 day", "within 3 days", ... */
export const BAND_DAYS: readonly number[] = [1, 3, 7, 14];
/** The longest band: the band model's labels look this far ahead. */
export const BAND_SPAN_SECONDS = 14 * DAY;
/** Beyond any plant time, to read every failure (seconds). */
const ALL_TIME = 1e15;
/** At or above this cumulative probability a component is "likely" within a band. */
export const LIKELY_AT = 0.5;

/**
 * The bands a plant with this observation step uses. A band shorter than the step is
 * merged into the next (with a 2-day step, a failure 1 day ahead counts as "within
 * 3 days"): observations are a step apart, so the model could not tell it apart.
 */
export function bandDaysFor(stepSeconds: number): number[] {
  return BAND_DAYS.filter((d) => d * DAY >= stepSeconds);
}

/** Class names of a band model: `none`, then `<component>@<days>` per component and band. */
export function bandClassNames(components: string[], days: number[]): string[] {
  return ['none', ...components.flatMap((c) => days.map((d) => `${c}@${d}`))];
}

/**
 * Band labels of feature rows: the class of the earliest failure of the row's machine
 * with T < t <= T + 14 days (ties: the component whose name sorts first, as the main
 * label), in the smallest band with t - T <= band (a failure exactly at a band's end is
 * within that band); 0 (`none`) when there is none. Failures of components not in
 * `components` are ignored. `failures` must be in time order.
 */
export function bandLabels(
  fs: Pick<FeatureSet, 'rows' | 'machineId' | 't'>,
  failures: ReadonlyArray<{ machineId: number; t: number; component: string }>,
  components: string[],
  days: number[],
): Int32Array {
  const comp = new Map(components.map((c, i) => [c, i]));
  const byMachine = new Map<number, { t: number; c: number }[]>();
  for (const f of failures) {
    const c = comp.get(f.component);
    if (c === undefined) continue;
    let list = byMachine.get(f.machineId);
    if (!list) byMachine.set(f.machineId, (list = []));
    list.push({ t: f.t, c });
  }
  const span = Math.max(...days) * DAY;
  const nb = days.length;
  const out = new Int32Array(fs.rows);
  for (let r = 0; r < fs.rows; r++) {
    const list = byMachine.get(fs.machineId[r]);
    if (!list) continue;
    const T = fs.t[r];
    // First failure after T (binary search: lists are in time order).
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].t <= T) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= list.length || list[lo].t > T + span) continue;
    let best = list[lo].c;
    for (let j = lo + 1; j < list.length && list[j].t === list[lo].t; j++)
      if (list[j].c < best) best = list[j].c;
    const ahead = list[lo].t - T;
    let b = 0;
    while (b < nb - 1 && ahead > days[b] * DAY) b++;
    out[r] = 1 + best * nb + b;
  }
  return out;
}

/**
 * Cumulative band probabilities of one row: per component (in `components` order), the
 * chance it fails within each band, the running sum of its band classes. Monotone by
 * construction (class probabilities are never negative); capped at 1 against rounding.
 */
export function cumulativeBands(
  proba: ArrayLike<number>,
  row: number,
  nComponents: number,
  nBands: number,
): number[][] {
  const k = 1 + nComponents * nBands;
  const out: number[][] = [];
  for (let c = 0; c < nComponents; c++) {
    const cum: number[] = [];
    let s = 0;
    for (let b = 0; b < nBands; b++) {
      s += proba[row * k + 1 + c * nBands + b];
      cum.push(Math.min(1, s));
    }
    out.push(cum);
  }
  return out;
}

/**
 * Cumulative bands anchored to the main model: when the horizon is one of the bands,
 * the band model's chance within the horizon estimates the same thing as the main
 * model's risk (the earliest failure within H is this component), from a forest with
 * four times the classes and fewer rows. The band model then gives the shape (how the
 * chance grows from band to band) and the main model the level: every band is scaled
 * so the horizon's band equals the main risk (capped at 1). The ranking then never says
 * "69 % within 7 days" beside "not likely within 14 days". Scaling by one factor keeps
 * the bands monotone. Unchanged when the horizon is not a band, the main risk is
 * unknown, or the band model gives the horizon nothing to scale.
 */
export function anchorToMain(
  cumulative: number[],
  days: number[],
  horizonDays: number,
  mainRisk: number | undefined,
): number[] {
  const h = days.indexOf(horizonDays);
  if (h < 0 || mainRisk === undefined || !(mainRisk >= 0) || !(cumulative[h] > 0))
    return cumulative;
  const k = mainRisk / cumulative[h];
  return cumulative.map((x, b) => (b === h ? Math.min(1, mainRisk) : Math.min(1, x * k)));
}

/** Per row and component, the anchored cumulative bands (rows of band and main probabilities). */
export function anchoredRows(
  bandProba: ArrayLike<number>,
  mainProba: ArrayLike<number>,
  mainClasses: string[],
  rows: number,
  components: string[],
  days: number[],
  horizonDays: number,
): number[][][] {
  const k = mainClasses.length;
  const idx = components.map((c) => mainClasses.indexOf(c));
  return Array.from({ length: rows }, (_, r) =>
    cumulativeBands(bandProba, r, components.length, days.length).map((cum, c) =>
      anchorToMain(cum, days, horizonDays, idx[c] < 0 ? undefined : mainProba[r * k + idx[c]]),
    ),
  );
}

/**
 * The band a component is likely to fail within: the smallest whose cumulative
 * probability reaches 50 %; null when none does (not likely within the longest band).
 */
export function likelyWithin(days: number[], cumulative: number[]): number | null {
  for (let b = 0; b < days.length; b++) if (cumulative[b] >= LIKELY_AT) return days[b];
  return null;
}

/** How well the band model did on the test range, per component and band. */
export interface BandEvaluation {
  rows: number;
  components: {
    component: string;
    bands: {
      days: number;
      /** Test rows where the component failed within the band. */
      positives: number;
      /** Average precision of the cumulative probability; null without positives. */
      ap: number | null;
      /** At the 50 % "likely" mark; null when nothing reached it / no positives. */
      precision: number | null;
      recall: number | null;
    }[];
  }[];
}

/** What is kept with a band model (JSON in `model_bands.metrics`). */
export interface BandMetrics {
  trainRows: number;
  trainSeconds: number;
  test: BandEvaluation | null;
}

export interface BandModelInfo {
  days: number[];
  components: string[];
  metrics: BandMetrics | null;
}

/** A band model as stored and carried in the model file. */
export type StoredBands = BandModelInfo & { bytes: Uint8Array };

export interface BandModel extends BandModelInfo {
  model: TrainedModel;
  /** The stored bytes, when loaded from the store (the worker pool predicts from them). */
  bytes?: Uint8Array;
}

/** Average precision (area under the precision-recall steps) of scores against truth. */
export function averagePrecision(
  score: ArrayLike<number>,
  truth: ArrayLike<boolean>,
): number | null {
  const idx = Array.from({ length: score.length }, (_, i) => i).sort(
    (a, b) => score[b] - score[a] || a - b,
  );
  let pos = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i]) pos++;
  if (pos === 0) return null;
  let tp = 0;
  let ap = 0;
  let i = 0;
  // Tied scores form one threshold: precision is taken after the whole tie.
  while (i < idx.length) {
    let j = i;
    let tpTie = 0;
    while (j < idx.length && score[idx[j]] === score[idx[i]]) {
      if (truth[idx[j]]) tpTie++;
      j++;
    }
    tp += tpTie;
    if (tpTie > 0) ap += (tpTie / pos) * (tp / j);
    i = j;
  }
  return ap;
}

/** Per component and band: AP and precision/recall at 50 % of the cumulative probability. */
export function evaluateBands(
  cum: number[][][],
  labels: Int32Array,
  components: string[],
  days: number[],
): BandEvaluation {
  const rows = labels.length;
  const nb = days.length;
  return {
    rows,
    components: components.map((component, c) => ({
      component,
      bands: days.map((d, b) => {
        const score = new Float64Array(rows);
        const truth: boolean[] = new Array<boolean>(rows);
        let positives = 0;
        let tp = 0;
        let flagged = 0;
        for (let r = 0; r < rows; r++) {
          score[r] = cum[r][c][b];
          const l = labels[r] - 1;
          truth[r] = l >= 0 && Math.floor(l / nb) === c && l % nb <= b;
          if (truth[r]) positives++;
          if (score[r] >= LIKELY_AT) {
            flagged++;
            if (truth[r]) tp++;
          }
        }
        return {
          days: d,
          positives,
          ap: averagePrecision(score, truth),
          precision: flagged ? tp / flagged : null,
          recall: positives ? tp / positives : null,
        };
      }),
    })),
  };
}

/**
 * The band forest's parameters from the main model's: half the trees and leaves of at
 * least 10 rows. The band model only gives the shape across bands (the main model gives
 * the level, anchorToMain), and with 1 + 4 x components classes per leaf, full-size
 * trees made it five times the main model's bytes (55 MB on the demo plant) and doubled
 * training time.
 */
export function bandForestParams(p: ForestParams): ForestParams {
  return {
    ...p,
    nTrees: Math.max(1, Math.ceil(p.nTrees / 2)),
    minSamplesLeaf: Math.max(p.minSamplesLeaf, 10),
  };
}

export interface TrainBandOptions {
  /** The main model's training rows (T <= trainTo - H), with its feature columns. */
  train: FeatureSet;
  /** The main model's test rows (T > trainTo). */
  test: FeatureSet;
  trainTo: number;
  stepSeconds: number;
  /** The main model and its horizon: the test figures are of the anchored bands. */
  main: TrainedModel;
  horizonDays: number;
  params: ForestParams;
  pool?: ForestPool;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Trains the band model on the main model's training rows whose 14 days ahead end by
 * train-to (T <= trainTo - 14 d: no label sees past it) and evaluates it on the test
 * rows. Null when the plant's step leaves no band or those rows hold no failure within
 * 14 days (nothing to learn a time from).
 */
export async function trainBandModel(
  store: Store,
  components: string[],
  opts: TrainBandOptions,
): Promise<BandModel | null> {
  const days = bandDaysFor(opts.stepSeconds);
  if (!days.length || !components.length) return null;
  const failures = failuresBetween(store, -ALL_TIME, ALL_TIME);
  const cut = opts.trainTo - BAND_SPAN_SECONDS;
  const train = subsetRows(
    opts.train,
    rowsWhere(opts.train, (r) => opts.train.t[r] <= cut),
  );
  const y = bandLabels(train, failures, components, days);
  if (!y.some((l) => l > 0)) return null;
  const classNames = bandClassNames(components, days);
  const t0 = Date.now();
  const model = await getLearner('forest').train(
    { ...train, classNames },
    y,
    classNames.length,
    bandForestParams(opts.params),
    { onProgress: opts.onProgress, signal: opts.signal, pool: opts.pool },
  );
  const trainSeconds = (Date.now() - t0) / 1000;
  throwIfCancelled(opts.signal);
  let test: BandEvaluation | null = null;
  if (opts.test.rows > 0) {
    const rows = opts.test.rows;
    const cum = anchoredRows(
      model.predictProba(opts.test.values, rows),
      opts.main.predictProba(opts.test.values, rows),
      opts.main.classNames,
      rows,
      components,
      days,
      opts.horizonDays,
    );
    test = evaluateBands(cum, bandLabels(opts.test, failures, components, days), components, days);
  }
  return { days, components, model, metrics: { trainRows: train.rows, trainSeconds, test } };
}

// --- Storage (table model_bands, migration 10) ---

/** Stores a model's band model (in the caller's transaction with the model itself). */
export function saveBandModel(store: Store, modelId: number, band: StoredBands): void {
  store.db.run(
    'INSERT OR REPLACE INTO model_bands(model_id, days, components, metrics, model) VALUES(?,?,?,?,?)',
    [
      modelId,
      JSON.stringify(band.days),
      JSON.stringify(band.components),
      band.metrics ? JSON.stringify(band.metrics) : null,
      band.bytes,
    ],
  );
}

/** Drops a model's band model (the model was removed). */
export function dropBandModel(store: Store, modelId: number): void {
  store.db.run('DELETE FROM model_bands WHERE model_id=?', [modelId]);
}

type BandRow = { days: string; components: string; metrics: string | null; model: Uint8Array };

function readBandRow(store: Store, modelId: number): StoredBands | null {
  const r = store.all<BandRow>(
    'SELECT days, components, metrics, model FROM model_bands WHERE model_id=?',
    [modelId],
  )[0];
  return r ? parseBandRow(r) : null;
}

/** A stored row read back; null when damaged (then the model shows no bands). */
function parseBandRow(r: Omit<BandRow, 'model'> & { model?: Uint8Array }): StoredBands | null {
  try {
    const days = JSON.parse(r.days) as unknown;
    const components = JSON.parse(r.components) as unknown;
    if (
      !Array.isArray(days) ||
      !days.length ||
      !days.every((d) => typeof d === 'number' && d > 0) ||
      !Array.isArray(components) ||
      !components.every((c) => typeof c === 'string')
    )
      return null;
    return {
      days: days as number[],
      components: components as string[],
      metrics: r.metrics ? (JSON.parse(r.metrics) as BandMetrics) : null,
      bytes: r.model ?? new Uint8Array(0),
    };
  } catch {
    return null;
  }
}

/** Every model's bands and their test figures, without the trees (the model list). */
export function bandInfoByModel(store: Store): Map<number, BandModelInfo> {
  const out = new Map<number, BandModelInfo>();
  const rows = store.all<Omit<BandRow, 'model'> & { id: number }>(
    'SELECT model_id AS id, days, components, metrics FROM model_bands',
  );
  for (const r of rows) {
    const b = parseBandRow(r);
    if (b) out.set(Number(r.id), { days: b.days, components: b.components, metrics: b.metrics });
  }
  return out;
}

/** The stored band model with its bytes (for the model file); null when it has none. */
export function bandModelRecord(store: Store, modelId: number): StoredBands | null {
  return readBandRow(store, modelId);
}

/**
 * The band model to score with, loaded; null when the model has none, or when it does
 * not fit the main model's features (a damaged row): bands are then not shown, and the
 * main risk is scored as always.
 */
export function loadBandModel(
  store: Store,
  modelId: number,
  featureNames: string[],
): BandModel | null {
  const r = readBandRow(store, modelId);
  if (!r) return null;
  try {
    const model = loadModel(r.bytes);
    const names = bandClassNames(r.components, r.days);
    const same = (a: string[], b: string[]) =>
      a.length === b.length && a.every((x, i) => x === b[i]);
    if (!same(model.featureNames, featureNames) || !same(model.classNames, names)) return null;
    return { days: r.days, components: r.components, metrics: r.metrics, model, bytes: r.bytes };
  } catch {
    return null;
  }
}

// --- Scoring: cumulative bands of the rows the ranking shows ---

/** One scored (machine, observation, component) with its cumulative band probabilities. */
export interface BandRisk {
  machineId: number;
  t: number;
  component: string;
  /** Per band (the band model's days), the chance of a failure within it. */
  cumulative: number[];
}

/**
 * Cumulative band probabilities of each machine's latest observation in a batch (the
 * rows the ranking and the machine view show), for every component.
 */
export async function scoreBands(
  band: BandModel,
  X: Float64Array,
  machine: Int32Array,
  t: Float64Array,
  main: { proba: Float64Array; classNames: string[]; horizonDays: number },
  pool?: ForestPool,
  signal?: AbortSignal,
): Promise<BandRisk[]> {
  const nf = band.model.featureNames.length;
  const latest = new Map<number, number>();
  for (let r = 0; r < machine.length; r++) {
    const prev = latest.get(machine[r]);
    if (prev === undefined || t[r] > t[prev]) latest.set(machine[r], r);
  }
  const rows = [...latest.values()].sort((a, b) => a - b);
  if (!rows.length) return [];
  const sub = new Float64Array(rows.length * nf);
  rows.forEach((r, j) => sub.set(X.subarray(r * nf, (r + 1) * nf), j * nf));
  const proba = pool
    ? await predictProbaParallel(
        band.bytes ?? band.model.serialize(),
        sub,
        rows.length,
        pool,
        signal,
      )
    : band.model.predictProba(sub, rows.length);
  const k = main.classNames.length;
  const mainSub = new Float64Array(rows.length * k);
  rows.forEach((r, j) => mainSub.set(main.proba.subarray(r * k, (r + 1) * k), j * k));
  const cum = anchoredRows(
    proba,
    mainSub,
    main.classNames,
    rows.length,
    band.components,
    band.days,
    main.horizonDays,
  );
  const out: BandRisk[] = [];
  rows.forEach((r, j) =>
    band.components.forEach((component, c) =>
      out.push({ machineId: machine[r], t: t[r], component, cumulative: cum[j][c] }),
    ),
  );
  return out;
}

/** Stores a run's band risks (in the run's transaction). */
export function storeBandRisks(
  store: Store,
  runId: number,
  days: number[],
  risks: BandRisk[],
): void {
  if (!risks.length) return;
  const st = store.db.prepare(
    'INSERT OR REPLACE INTO result_bands(run_id, machine_id, t, component, bands) VALUES(?,?,?,?,?)',
  );
  try {
    for (const r of risks)
      st.run([
        runId,
        r.machineId,
        r.t,
        r.component,
        JSON.stringify(days.map((d, b) => [d, r.cumulative[b]])),
      ]);
  } finally {
    st.free();
  }
}

/** The time band of one ranked row, as the ranking, machine view, print and CLI show it. */
export interface RowBands {
  /** Band lengths in days, shortest first. */
  days: number[];
  /** Per band, the chance of a failure within it (never falling). */
  cumulative: number[];
  /** The smallest band reaching 50 %; null: not likely within the longest band. */
  likelyDays: number | null;
}

/** A run's stored bands, keyed `machineId:t:component`; empty for runs without bands. */
export function runBands(store: Store, runId: number): Map<string, RowBands> {
  const out = new Map<string, RowBands>();
  const rows = store.all<{ m: number; t: number; c: string; b: string }>(
    'SELECT machine_id AS m, t, component AS c, bands AS b FROM result_bands WHERE run_id=?',
    [runId],
  );
  for (const r of rows) {
    try {
      const pairs = JSON.parse(r.b) as [number, number][];
      const days = pairs.map((p) => Number(p[0]));
      const cumulative = pairs.map((p) => Number(p[1]));
      if (!days.length || days.some((d) => !(d > 0)) || cumulative.some((p) => !(p >= 0))) continue;
      out.set(bandKey(Number(r.m), Number(r.t), String(r.c)), {
        days,
        cumulative,
        likelyDays: likelyWithin(days, cumulative),
      });
    } catch {
      // A damaged row shows no bands, like a run scored without them.
    }
  }
  return out;
}

/** The key runBands uses for a row. */
export const bandKey = (machineId: number, t: number, component: string): string =>
  `${machineId}:${t}:${component}`;
