/**
 * FEATURES.md for one machine, as a pure function over typed arrays: no database, no
 * objects per reading, so machines can be computed in any order or spread over workers.
 *
 * Method: the time axis is cut into blocks of g = gcd(step, windows) seconds, block k
 * holding readings with (k-1)g < t <= kg; every window (T-W, T] is then a whole number
 * of blocks. Per occupied block and sensor we keep count, mean and sum of squared
 * deviations (Welford); a window merges its blocks newest first with Chan's pairwise
 * formula. Only blocks holding readings are stored, so memory follows the readings,
 * not the time span. Each reading is touched once and the result is numerically stable
 * (no cumulative sums of squares). With the default cadence g is the 12 h step and the
 * 12/24/36 h windows merge 1, 2 and 3 blocks.
 *
 * Missing sensor values (NaN; NULL in the database) are skipped per sensor: a window's
 * mean and std use only that sensor's present values; with none present both are NaN,
 * with one present the std is 0. A telemetry row whose sensors are all missing still
 * makes its step an observation time.
 */
import { blockSeconds, DEFAULT_CADENCE, assertCadence, type Cadence } from '../shared/cadence';

/** One machine's raw data, as read by readMachineData or sent to a worker. */
export interface MachineData {
  machineId: number;
  /** Telemetry times (seconds), strictly ascending. */
  t: Float64Array;
  /** Telemetry values, t.length x nSensors row-major; NaN where a value is missing. */
  x: Float64Array;
  /** Error times, ascending, and their type as an index into the schema's errorTypes. */
  errT: Float64Array;
  errType: Int32Array;
  /** Maintenance (replacement) times, ascending, and component index. */
  maintT: Float64Array;
  maintComp: Int32Array;
  /** Failure times, ascending, and component index. */
  failT: Float64Array;
  failComp: Int32Array;
  /** Age in years; -1 when the machine is not in the machine list. */
  age: number;
  /** Index into the schema's models; -1 when unknown. */
  model: number;
}

export interface MachineFeatureOptions {
  nSensors: number;
  nErrorTypes: number;
  nComponents: number;
  nModels: number;
  /** First observation time kept (inclusive). Default: no limit. */
  from?: number;
  /** Last observation time kept (inclusive). Default: no limit. */
  to?: number;
  /** Step, windows, event window and label horizon. Default: the reference's. */
  cadence?: Cadence;
  /** Compute labels (index into ['none', ...components]); false gives -1. Default true. */
  labels?: boolean;
}

export interface MachineFeatures {
  /** Observation times, ascending. */
  t: Float64Array;
  /** rows x featureCount(opts), row-major, in the golden file's column order. */
  values: Float64Array;
  /** Index into ['none', ...components], or -1 when labels were not asked for. */
  label: Int32Array;
}

/** Number of feature columns for these schema sizes. */
export function featureCount(o: MachineFeatureOptions): number {
  const windows = (o.cadence ?? DEFAULT_CADENCE).windowSeconds.length;
  return windows * 2 * o.nSensors + o.nErrorTypes + o.nComponents + 1 + o.nModels;
}

const DAY = 86400;

function assertAscending(a: Float64Array, what: string, machineId: number): void {
  for (let i = 1; i < a.length; i++) {
    if (!(a[i] >= a[i - 1])) {
      throw new RangeError(`machine ${machineId}: ${what} must be sorted by time (index ${i})`);
    }
  }
}

/** Features and labels of one machine at every observation time in [from, to]. */
export function computeMachineFeatures(
  d: MachineData,
  opts: MachineFeatureOptions,
): MachineFeatures {
  const S = opts.nSensors;
  const E = opts.nErrorTypes;
  const C = opts.nComponents;
  const M = opts.nModels;
  const from = opts.from ?? -Infinity;
  const to = opts.to ?? Infinity;
  const cadence = opts.cadence ?? DEFAULT_CADENCE;
  assertCadence(cadence);
  const H = cadence.horizonSeconds;
  const withLabels = opts.labels ?? true;
  const F = featureCount(opts);
  const n = d.t.length;
  if (d.x.length !== n * S) {
    throw new RangeError(`machine ${d.machineId}: x has ${d.x.length} values, expected ${n * S}`);
  }
  assertAscending(d.t, 'telemetry', d.machineId);
  assertAscending(d.errT, 'errors', d.machineId);
  assertAscending(d.maintT, 'maintenance', d.machineId);
  assertAscending(d.failT, 'failures', d.machineId);
  const empty = { t: new Float64Array(0), values: new Float64Array(0), label: new Int32Array(0) };
  if (n === 0) return empty;

  const g = blockSeconds(cadence);
  const step = cadence.stepSeconds;
  const nW = cadence.windowSeconds.length;
  // Windows by length (blocks), shortest first, with their column slot.
  const byLength = cadence.windowSeconds
    .map((w, slot) => ({ blocks: w / g, slot }))
    .sort((p, q) => p.blocks - q.blocks || p.slot - q.slot);
  const wBlocks = Int32Array.from(byLength, (w) => w.blocks);
  const wSlot = Int32Array.from(byLength, (w) => w.slot);
  const maxBlocks = wBlocks[nW - 1];

  // 1. Occupied blocks, ascending: index k and per-sensor count / mean / M2.
  let occupied = 1;
  for (let i = 1; i < n; i++) if (Math.ceil(d.t[i] / g) !== Math.ceil(d.t[i - 1] / g)) occupied++;
  const bk = new Float64Array(occupied);
  const bn = new Float64Array(occupied * S);
  const bmean = new Float64Array(occupied * S);
  const bm2 = new Float64Array(occupied * S);
  let nb = 0;
  for (let i = 0; i < n; i++) {
    const k = Math.ceil(d.t[i] / g);
    if (nb === 0 || bk[nb - 1] !== k) bk[nb++] = k;
    const o = (nb - 1) * S;
    const xo = i * S;
    for (let s = 0; s < S; s++) {
      const v = d.x[xo + s];
      if (v !== v) continue; // missing value: skipped for this sensor
      const j = o + s;
      const cnt = ++bn[j];
      const delta = v - bmean[j];
      bmean[j] += delta / cnt;
      bm2[j] += delta * (v - bmean[j]);
    }
  }

  // 2. Observation times: the grid boundary closing each occupied block's step, inside
  // [from, to]; obsBlock = the newest occupied block at or before T.
  const obsT = new Float64Array(nb);
  const obsBlock = new Int32Array(nb);
  let rows = 0;
  for (let b = 0; b < nb; b++) {
    const T = Math.ceil((bk[b] * g) / step) * step;
    if (T < from || T > to) continue;
    if (rows > 0 && obsT[rows - 1] === T) {
      obsBlock[rows - 1] = b;
    } else {
      obsT[rows] = T;
      obsBlock[rows] = b;
      rows++;
    }
  }
  if (rows === 0) return empty;
  const outT = obsT.slice(0, rows);
  const values = new Float64Array(rows * F);
  const label = new Int32Array(rows).fill(-1);

  const errCount = new Float64Array(E);
  const lastMaint = new Float64Array(C).fill(NaN);
  let eAdd = 0;
  let eDrop = 0;
  let mk = 0;
  let fk = 0;
  const offErr = nW * 2 * S;
  const offComp = offErr + E;
  const offAge = offComp + C;

  for (let r = 0; r < rows; r++) {
    const T = outT[r];
    const ro = r * F;
    const kT = T / g; // block index of (T - g, T]
    const top = obsBlock[r];

    // Rolling sensor windows: merge occupied blocks newest first; window w holds the
    // blocks with index > kT - blocks(w).
    for (let s = 0; s < S; s++) {
      let cn = 0;
      let cm = 0;
      let c2 = 0;
      let w = 0;
      for (let b = top; b >= 0 && bk[b] > kT - maxBlocks; b--) {
        while (bk[b] <= kT - wBlocks[w])
          emitWindow(values, ro + wSlot[w++] * 2 * S + 2 * s, cn, cm, c2);
        const j = b * S + s;
        const nB = bn[j];
        if (nB > 0) {
          const tot = cn + nB;
          const delta = bmean[j] - cm;
          cm += (delta * nB) / tot;
          c2 += bm2[j] + (delta * delta * cn * nB) / tot;
          cn = tot;
        }
      }
      while (w < nW) emitWindow(values, ro + wSlot[w++] * 2 * S + 2 * s, cn, cm, c2);
    }

    // Error counts in (T-E, T].
    while (eAdd < d.errT.length && d.errT[eAdd] <= T) errCount[d.errType[eAdd++]]++;
    while (eDrop < eAdd && d.errT[eDrop] <= T - cadence.eventWindowSeconds)
      errCount[d.errType[eDrop++]]--;
    for (let e = 0; e < E; e++) values[ro + offErr + e] = errCount[e];

    // Days since the last replacement with t <= T.
    while (mk < d.maintT.length && d.maintT[mk] <= T) {
      lastMaint[d.maintComp[mk]] = d.maintT[mk];
      mk++;
    }
    for (let c = 0; c < C; c++) {
      const last = lastMaint[c];
      values[ro + offComp + c] = last === last ? (T - last) / DAY : -1;
    }

    values[ro + offAge] = d.age;
    for (let m = 0; m < M; m++) values[ro + offAge + 1 + m] = d.model === m ? 1 : 0;

    // Label: earliest failure with T < t <= T + H; ties go to the first component by name.
    if (withLabels) {
      while (fk < d.failT.length && d.failT[fk] <= T) fk++;
      if (fk < d.failT.length && d.failT[fk] <= T + H) {
        let best = d.failComp[fk];
        for (let j = fk + 1; j < d.failT.length && d.failT[j] === d.failT[fk]; j++) {
          if (d.failComp[j] < best) best = d.failComp[j];
        }
        label[r] = best + 1;
      } else {
        label[r] = 0;
      }
    }
  }
  return { t: outT, values, label };
}

/** Writes a window's mean and sample std (0 for one value, NaN for none). */
function emitWindow(values: Float64Array, o: number, cn: number, cm: number, c2: number): void {
  if (cn === 0) {
    values[o] = NaN;
    values[o + 1] = NaN;
  } else {
    values[o] = cm;
    values[o + 1] = cn > 1 ? Math.sqrt(Math.max(c2, 0) / (cn - 1)) : 0;
  }
}
