/**
 * What training checks about its data before it starts: the counts that explain a
 * training range it cannot learn from (ThinDataError), and the sensors with no value
 * at all in the training range, whose columns are left out of the model's features.
 */
import type { Store } from '../store/store';
import type { FeatureSet } from '../shared/types';
import { formatDuration, formatWindow, windowSuffix, type Cadence } from '../shared/cadence';
import { eventCount, failuresBetween } from '../store/events-store';
import { prepareReadingProbe } from '../store/telemetry-store';
import { formatEpoch } from '../shared/time';

/** The counts that decide whether training can start. */
export interface TrainingCounts {
  /** Observations in the training range (T <= train-to minus the horizon). */
  observations: number;
  /** Failure records with from < t <= train-to (the ones training labels could show). */
  failuresInRange: number;
  /** Of those, failures no training observation's label window (T, T + H] catches. */
  failuresMissed: number;
  /**
   * Of the missed ones, failures whose machine has no reading at all in the horizon
   * before them (it stopped reporting); the others have readings the grid misses.
   */
  failuresMissedNoReadings: number;
  /** Failure records in the plant file, all times. */
  failuresStored: number;
  /** Training observations per label class, in label order ('none' first). */
  labels: Array<[string, number]>;
  /** Last observation time training may use (train-to minus the horizon). */
  cut: number;
  trainTo: number;
}

/** Training cannot start: too few observations or labels. `counts` says why. */
export class ThinDataError extends RangeError {
  constructor(
    message: string,
    readonly counts: TrainingCounts,
  ) {
    super(message);
    this.name = 'ThinDataError';
  }
}

/** Sorted observation times per machine key. */
function timesByMachine(fs: FeatureSet): Map<number, Float64Array> {
  const lists = new Map<number, number[]>();
  for (let r = 0; r < fs.rows; r++) {
    const m = fs.machineId[r];
    let l = lists.get(m);
    if (!l) lists.set(m, (l = []));
    l.push(fs.t[r]);
  }
  const out = new Map<number, Float64Array>();
  for (const [m, l] of lists) out.set(m, Float64Array.from(l).sort());
  return out;
}

/** True when some time in sorted `ts` lies in [lo, hi). */
function anyIn(ts: Float64Array, lo: number, hi: number): boolean {
  let a = 0;
  let b = ts.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (ts[mid] < lo) a = mid + 1;
    else b = mid;
  }
  return a < ts.length && ts[a] < hi;
}

/** The counts for a training part `train` (rows with from <= T <= cut). */
export function trainingCounts(
  store: Store,
  train: FeatureSet,
  cadence: Cadence,
  trainTo: number,
  from?: number,
): TrainingCounts {
  const H = cadence.horizonSeconds;
  const lo = from ?? -1e15;
  const failures = failuresBetween(store, lo, trainTo);
  const times = timesByMachine(train);
  let missed = 0;
  let silent = 0;
  const reading = prepareReadingProbe(store);
  try {
    for (const f of failures) {
      const ts = times.get(f.machineId);
      // Observation T labels the failure when T < f <= T + H, i.e. f - H <= T < f.
      if (ts && anyIn(ts, f.t - H, f.t)) continue;
      missed++;
      reading.bind([f.machineId, f.t - H, f.t]);
      if (!reading.step()) silent++;
      reading.reset();
    }
  } finally {
    reading.free();
  }
  const perClass = new Array<number>(train.labelNames.length).fill(0);
  for (let r = 0; r < train.rows; r++) if (train.label[r] >= 0) perClass[train.label[r]]++;
  return {
    observations: train.rows,
    failuresInRange: failures.length,
    failuresMissed: missed,
    failuresMissedNoReadings: silent,
    failuresStored: eventCount(store, 'failures'),
    labels: train.labelNames.map((n, i): [string, number] => [n, perClass[i]]),
    cut: trainTo - H,
    trainTo,
  };
}

const plural = (n: number, one: string, many = one + 's') => `${n} ${n === 1 ? one : many}`;

/**
 * The message when training cannot start, or null when it can (observations with at
 * least two label classes). It gives the counts and what to change; it never says
 * "one label" when failures are stored but the grid or the range misses them.
 */
export function thinDataMessage(c: TrainingCounts, cadence: Cadence): string | null {
  const classes = c.labels.filter(([, n]) => n > 0);
  if (c.observations > 0 && classes.length >= 2) return null;
  const H = formatDuration(cadence.horizonSeconds);
  const step = formatWindow(cadence.stepSeconds);
  const range =
    `the training range (observations up to ${formatEpoch(c.cut).slice(0, 16)}, ` +
    `train-to ${formatEpoch(c.trainTo).slice(0, 16)} minus the ${H} horizon)`;
  const labels = c.labels.map(([n, k]) => `${n} ${k}`).join(', ');
  const facts =
    `${range} has ${plural(c.observations, 'observation')} on the ${step} grid and ` +
    `${plural(c.failuresInRange, 'failure')} stored in it` +
    (c.failuresInRange > 0
      ? ` (${c.failuresMissed} of them in no observation's ${H} label window` +
        (c.failuresMissed > 0
          ? `, ${c.failuresMissedNoReadings} of those with no reading in the ${H} before them)`
          : ')')
      : '') +
    `; labels per class: ${labels}`;
  let what: string;
  if (c.failuresStored === 0) {
    what = 'this plant file has no failure records: import a failures file, then train again';
  } else if (c.observations === 0) {
    what =
      'choose a later train-to date (--train-to) or a shorter horizon (pdm plant --db FILE --horizon)';
  } else if (c.failuresInRange === 0) {
    what =
      `all ${plural(c.failuresStored, 'failure')} stored fall outside the training range: ` +
      'choose a later train-to date (--train-to) or an earlier --from';
  } else if (c.failuresMissed === c.failuresInRange) {
    what =
      c.failuresMissedNoReadings === c.failuresMissed
        ? `the machines stopped reporting more than ${H} before those failures: use a ` +
          'longer horizon (pdm plant --db FILE --horizon) or a later train-to date (--train-to)'
        : `the ${step} grid has no observation in the ${H} before those failures: use a ` +
          'shorter step (pdm plant --db FILE --step), a longer horizon ' +
          '(pdm plant --db FILE --horizon) or a later train-to date (--train-to)';
  } else {
    what =
      'every observation has the same label: use a later train-to date (--train-to), ' +
      'a shorter horizon or a longer step (pdm plant --db FILE --horizon / --step)';
  }
  return `training cannot start: ${facts}. To fix: ${what}`;
}

/** The window columns of one sensor under a cadence (FEATURES.md names). */
export function sensorColumns(sensor: string, cadence: Cadence): string[] {
  return cadence.windowSeconds.flatMap((w) => {
    const s = windowSuffix(w);
    return [`${sensor}_mean_${s}`, `${sensor}_std_${s}`];
  });
}

/**
 * Sensors with no value in any training row: every window column of theirs is missing
 * (NaN) in every row of `fs`. In sensor order.
 */
export function emptySensors(fs: FeatureSet, sensors: string[], cadence: Cadence): string[] {
  const col = new Map(fs.featureNames.map((n, i) => [n, i]));
  const F = fs.featureNames.length;
  const out: string[] = [];
  for (const s of sensors) {
    const cols = sensorColumns(s, cadence)
      .map((n) => col.get(n))
      .filter((i): i is number => i !== undefined);
    if (!cols.length) continue;
    let empty = true;
    for (let r = 0; r < fs.rows && empty; r++) {
      for (const c of cols) {
        const v = fs.values[r * F + c];
        if (v === v) {
          empty = false;
          break;
        }
      }
    }
    if (empty && fs.rows > 0) out.push(s);
  }
  return out;
}

/** A FeatureSet without the named columns. */
export function withoutColumns(fs: FeatureSet, drop: Set<string>): FeatureSet {
  if (!drop.size) return fs;
  const keep: number[] = [];
  fs.featureNames.forEach((n, i) => {
    if (!drop.has(n)) keep.push(i);
  });
  const F = fs.featureNames.length;
  const K = keep.length;
  const values = new Float64Array(fs.rows * K);
  for (let r = 0; r < fs.rows; r++) {
    for (let k = 0; k < K; k++) values[r * K + k] = fs.values[r * F + keep[k]];
  }
  return { ...fs, featureNames: keep.map((i) => fs.featureNames[i]), values };
}
