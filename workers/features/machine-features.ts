/**
 * FEATURES.md for one machine, as a pure function over typed arrays: no database, no
 * objects per reading, so machines can be computed in any order or spread over workers.
 *
 * Method: each telemetry reading falls in exactly one 12-hour block (T-12h, T] of the
 * observation grid. Per block and sensor we keep count, mean and sum of squared
 * deviations (Welford); the 24 h and 36 h windows merge 2 and 3 consecutive blocks with
 * Chan's pairwise formula. Each reading is touched once and the result is numerically
 * stable (no cumulative sums of squares).
 *
 * Missing sensor values (NaN; NULL in the database) are skipped per sensor: a window's
 * mean and std use only that sensor's present values; with none present both are NaN,
 * with one present the std is 0. A telemetry row whose sensors are all missing still
 * makes its 12-hour boundary an observation time.
 */
import { ERROR_WINDOW_SECONDS, STEP_SECONDS, WINDOW_HOURS } from './schema';

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
  /** Label horizon H in seconds. Default 7 days. */
  horizonSeconds?: number;
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
  return WINDOW_HOURS.length * 2 * o.nSensors + o.nErrorTypes + o.nComponents + 1 + o.nModels;
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
  const H = opts.horizonSeconds ?? 7 * DAY;
  const withLabels = opts.labels ?? true;
  if (!(H >= 0) || !Number.isFinite(H)) {
    throw new RangeError(`horizonSeconds must be a finite number >= 0, got ${H}`);
  }
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

  // 1. Per 12 h block: row count and per-sensor count / mean / M2.
  const b0 = Math.ceil(d.t[0] / STEP_SECONDS) * STEP_SECONDS;
  const nb = (Math.ceil(d.t[n - 1] / STEP_SECONDS) * STEP_SECONDS - b0) / STEP_SECONDS + 1;
  const rowsIn = new Int32Array(nb);
  const bn = new Float64Array(nb * S);
  const bmean = new Float64Array(nb * S);
  const bm2 = new Float64Array(nb * S);
  for (let i = 0; i < n; i++) {
    const b = (Math.ceil(d.t[i] / STEP_SECONDS) * STEP_SECONDS - b0) / STEP_SECONDS;
    rowsIn[b]++;
    const o = b * S;
    const xo = i * S;
    for (let s = 0; s < S; s++) {
      const v = d.x[xo + s];
      if (v !== v) continue; // missing value: skipped for this sensor
      const k = o + s;
      const cnt = ++bn[k];
      const delta = v - bmean[k];
      bmean[k] += delta / cnt;
      bm2[k] += delta * (v - bmean[k]);
    }
  }

  // 2. Observation times: blocks with at least one row, inside [from, to].
  let rows = 0;
  for (let b = 0; b < nb; b++) {
    const T = b0 + b * STEP_SECONDS;
    if (rowsIn[b] > 0 && T >= from && T <= to) rows++;
  }
  if (rows === 0) return empty;
  const outT = new Float64Array(rows);
  const values = new Float64Array(rows * F);
  const label = new Int32Array(rows).fill(-1);

  const errCount = new Float64Array(E);
  const lastMaint = new Float64Array(C).fill(NaN);
  let eAdd = 0;
  let eDrop = 0;
  let mk = 0;
  let fk = 0;
  const offErr = WINDOW_HOURS.length * 2 * S;
  const offComp = offErr + E;
  const offAge = offComp + C;

  let r = 0;
  for (let b = 0; b < nb; b++) {
    const T = b0 + b * STEP_SECONDS;
    if (rowsIn[b] === 0 || T < from || T > to) continue;
    outT[r] = T;
    const ro = r * F;

    // Rolling sensor windows: merge blocks b, b-1, b-2.
    for (let s = 0; s < S; s++) {
      let cn = 0;
      let cm = 0;
      let c2 = 0;
      for (let w = 0; w < WINDOW_HOURS.length; w++) {
        const bb = b - w; // window W = (w+1) * 12 h adds block b-w
        if (bb >= 0) {
          const k = bb * S + s;
          const nB = bn[k];
          if (nB > 0) {
            const tot = cn + nB;
            const delta = bmean[k] - cm;
            cm += (delta * nB) / tot;
            c2 += bm2[k] + (delta * delta * cn * nB) / tot;
            cn = tot;
          }
        }
        const o = ro + w * 2 * S + 2 * s;
        if (cn === 0) {
          values[o] = NaN;
          values[o + 1] = NaN;
        } else {
          values[o] = cm;
          values[o + 1] = cn > 1 ? Math.sqrt(Math.max(c2, 0) / (cn - 1)) : 0;
        }
      }
    }

    // Error counts in (T-24h, T].
    while (eAdd < d.errT.length && d.errT[eAdd] <= T) errCount[d.errType[eAdd++]]++;
    while (eDrop < eAdd && d.errT[eDrop] <= T - ERROR_WINDOW_SECONDS)
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
    r++;
  }
  return { t: outT, values, label };
}
