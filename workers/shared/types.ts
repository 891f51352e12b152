/**
 * Types shared between modules (features -> forest -> score) and their clients.
 * Numeric data travels as typed arrays, never one object per row.
 */

/** The analysis data set of FEATURES.md for some machines and observation times. */
export interface FeatureSet {
  /** Numeric feature columns, in the golden file's order (without machineID, datetime, label). */
  featureNames: string[];
  rows: number;
  /** Per row: the machine's integer key (Store.machineNames gives its text id). */
  machineId: Int32Array;
  /** Text machine id of every key in machineId (ids are text: FEATURES.md). */
  machineNames: Map<number, string>;
  /** Per row: observation time T, seconds since 1970 (plant wall time read as UTC). */
  t: Float64Array;
  /** rows x featureNames.length, row-major. */
  values: Float64Array;
  /** Class names: 'none' first, then components sorted by name. */
  labelNames: string[];
  /** Per row: index into labelNames; -1 where the label is unknown. */
  label: Int32Array;
}

/** Reported by long work (import, features, training, scoring) for progress bars. */
export interface Progress {
  phase: string;
  done: number;
  total: number;
}

export type ProgressFn = (p: Progress) => void;

/** Thrown (or used as the abort reason) when the user cancels long work. */
export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** Throws CancelledError if the signal was aborted. Call between units of work. */
export function throwIfCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CancelledError();
}
