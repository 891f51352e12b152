/**
 * How often a telemetry file's machines report (FEATURES.md, Cadence): per machine the
 * median interval between consecutive readings, then the median over machines, checked
 * against the plant's cadence (cadenceFit) for the import report.
 *
 * Memory stays bounded whatever the file's size or order (sorted, per machine,
 * interleaved, unsorted): each machine keeps its SAMPLE_PER_MACHINE earliest
 * timestamps (a plain array while it fills, then a max-heap that admits an earlier
 * reading in place of the latest one kept), which are consecutive readings in time
 * whatever order they came in; at most MAX_MACHINES_MEASURED machines are measured.
 * A sorted file costs one comparison per reading once a machine's sample is full.
 */
import type { Store } from '../store/store';
import { readingSpans } from '../store/telemetry-store';
import { plantCadence } from '../store/plant-settings';
import { cadenceFit } from '../shared/cadence';
import type { CadenceCheck } from './types';

/** Earliest readings kept per machine (their intervals give its median). */
export const SAMPLE_PER_MACHINE = 1024;
/** Machines measured per file (the first seen); the median over machines needs no more. */
export const MAX_MACHINES_MEASURED = 2048;

class MachineSample {
  ts = new Float64Array(16);
  n = 0;

  add(t: number): void {
    const cap = SAMPLE_PER_MACHINE;
    if (this.n < cap) {
      if (this.n === this.ts.length) {
        const bigger = new Float64Array(Math.min(cap, this.ts.length * 4));
        bigger.set(this.ts);
        this.ts = bigger;
      }
      this.ts[this.n++] = t;
      if (this.n === cap) this.heapify();
      return;
    }
    // Full: a max-heap of the earliest readings; a later reading is not kept.
    if (t < this.ts[0]) {
      this.ts[0] = t;
      this.siftDown(0);
    }
  }

  private heapify(): void {
    for (let i = (this.n >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftDown(i: number): void {
    const a = this.ts;
    const n = this.n;
    const x = a[i];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && a[c + 1] > a[c]) c++;
      if (a[c] <= x) break;
      a[i] = a[c];
      i = c;
    }
    a[i] = x;
  }

  /** Median of the positive intervals between the kept readings; NaN when there are none. */
  medianInterval(): number {
    const s = this.ts.subarray(0, this.n).sort();
    const d: number[] = [];
    for (let i = 1; i < s.length; i++) {
      const x = s[i] - s[i - 1];
      if (x > 1e-9) d.push(x);
    }
    return median(d);
  }
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  xs.sort((a, b) => a - b);
  const h = xs.length >> 1;
  return xs.length % 2 === 1 ? xs[h] : (xs[h - 1] + xs[h]) / 2;
}

/** Round to milliseconds (timestamps carry at most milliseconds). */
const ms = (x: number) => Math.round(x * 1000) / 1000;

/** Collects one telemetry file's accepted readings (machine key, time). */
export class CadenceMeter {
  private readonly machines = new Map<number, MachineSample>();
  private lastKey = NaN;
  private last: MachineSample | undefined;

  add(machine: number, t: number): void {
    let s = this.last;
    if (machine !== this.lastKey) {
      s = this.machines.get(machine);
      if (s === undefined && this.machines.size < MAX_MACHINES_MEASURED) {
        s = new MachineSample();
        this.machines.set(machine, s);
      }
      this.lastKey = machine;
      this.last = s;
    }
    s?.add(t);
  }

  /**
   * The median over machines of each machine's median interval, and the keys of the
   * machines measured (at least two readings at different times); null when none is.
   */
  result(): { medianIntervalSeconds: number; machines: number[] } | null {
    const medians: number[] = [];
    const keys: number[] = [];
    for (const [key, s] of this.machines) {
      const m = s.medianInterval();
      if (m === m) {
        medians.push(m);
        keys.push(key);
      }
    }
    if (keys.length === 0) return null;
    return { medianIntervalSeconds: ms(median(medians)), machines: keys };
  }
}

/**
 * The import report's cadence check for a telemetry file whose rows are stored (inside
 * the import's savepoint): the measured interval, the plant's cadence, and a proposal
 * with its reason when the cadence does not suit the data. The span is that of each
 * measured machine's data in the plant (earlier imports included), so a daily file of
 * new readings is not taken for a short history. Null when no machine has two readings
 * at different times, or the stored cadence setting is unreadable.
 */
export function cadenceCheck(store: Store, meter: CadenceMeter): CadenceCheck | null {
  const r = meter.result();
  if (!r) return null;
  let current;
  try {
    current = plantCadence(store);
  } catch {
    return null;
  }
  const spans = readingSpans(store, r.machines).filter((s) => s === s);
  const span = spans.length > 0 ? ms(median(spans)) : null;
  const fit = cadenceFit(current, r.medianIntervalSeconds, span);
  return {
    medianIntervalSeconds: r.medianIntervalSeconds,
    machines: r.machines.length,
    spanSeconds: span,
    current,
    proposal: fit.proposal,
    reason: fit.reason,
    reasonCode: fit.reasonCode,
  };
}
