/**
 * Row subsets of a FeatureSet and the temporal train/test split of FEATURES.md:
 * training sees only observations whose label window ends by train_to.
 */
import { DAY } from '../shared/time';
import type { FeatureSet } from '../shared/types';

/** Share of the data range trained on by default; the rest is the test range. */
export const DEFAULT_TRAIN_SHARE = 0.75;

/**
 * The default train_to of data from `from` to `to` (epoch seconds): three quarters of
 * the way through, floored to a UTC day boundary (the date the UI and `--train-to`
 * show). The one default for the CLI, the app's training form and the demo.
 */
export function defaultTrainCutoff(from: number, to: number): number {
  return Math.floor((from + DEFAULT_TRAIN_SHARE * (to - from)) / DAY) * DAY;
}

/** A FeatureSet holding the given rows (indices into fs, in the given order). */
export function subsetRows(fs: FeatureSet, rows: ArrayLike<number>): FeatureSet {
  const F = fs.featureNames.length;
  const n = rows.length;
  const machineId = new Int32Array(n);
  const t = new Float64Array(n);
  const values = new Float64Array(n * F);
  const label = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (!(r >= 0 && r < fs.rows) || !Number.isInteger(r)) {
      throw new RangeError(`rows[${i}] must be a row index in [0, ${fs.rows - 1}], got ${r}`);
    }
    machineId[i] = fs.machineId[r];
    t[i] = fs.t[r];
    label[i] = fs.label[r];
    values.set(fs.values.subarray(r * F, (r + 1) * F), i * F);
  }
  return {
    featureNames: [...fs.featureNames],
    rows: n,
    machineId,
    machineNames: fs.machineNames,
    t,
    values,
    labelNames: [...fs.labelNames],
    label,
  };
}

/** Indices of the rows for which keep(row) is true, ascending. */
export function rowsWhere(fs: FeatureSet, keep: (row: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let r = 0; r < fs.rows; r++) if (keep(r)) out.push(r);
  return Int32Array.from(out);
}

export interface TemporalSplit {
  /** Rows with T <= trainTo - horizon. */
  trainRows: Int32Array;
  /** Rows with trainTo < T (and T <= testTo when given). */
  testRows: Int32Array;
  train: FeatureSet;
  test: FeatureSet;
}

/**
 * Train on observations with T <= trainTo - H (their labels cannot see past trainTo),
 * test on observations after trainTo, up to testTo (inclusive) when given.
 * Observations in (trainTo - H, trainTo] belong to neither, as in the reference.
 */
export function temporalSplit(
  fs: FeatureSet,
  trainTo: number,
  horizonSeconds: number,
  testTo?: number,
): TemporalSplit {
  if (!Number.isFinite(trainTo))
    throw new RangeError(`trainTo must be a finite time, got ${trainTo}`);
  if (!(horizonSeconds > 0 && Number.isFinite(horizonSeconds))) {
    throw new RangeError(
      `horizonSeconds must be a positive number of seconds, got ${horizonSeconds}`,
    );
  }
  if (testTo !== undefined && !(testTo > trainTo)) {
    throw new RangeError(`testTo must be after trainTo, got ${testTo}`);
  }
  const cut = trainTo - horizonSeconds;
  const end = testTo ?? Infinity;
  const trainRows = rowsWhere(fs, (r) => fs.t[r] <= cut);
  const testRows = rowsWhere(fs, (r) => fs.t[r] > trainTo && fs.t[r] <= end);
  return {
    trainRows,
    testRows,
    train: subsetRows(fs, trainRows),
    test: subsetRows(fs, testRows),
  };
}
