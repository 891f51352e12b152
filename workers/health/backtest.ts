/**
 * How well the health ranking would have pointed at failures it never saw (docs/HEALTH.md,
 * Backtest): for each failure, whether the failing (machine, component) row, or the
 * machine, was in the top share of the ranking at some observation in the hours before
 * it; and, on a plant without failures, how often a row turns 'unusual'. Evaluation
 * only: the scores are computed without the failures (healthSeries never reads them);
 * the failures are given here to be checked against.
 */
import { BASELINE_STEPS, type HealthSeries } from './health-series';
import { UNUSUAL_SCORE } from './robust';

export interface BacktestFailure {
  /** Machine key. */
  machineId: number;
  /** Failure time (seconds, plant time). */
  t: number;
  component: string;
}

export interface BacktestOptions {
  /** How long before each failure an alert counts (seconds); default 48 h. */
  leadSeconds?: number;
  /** The top share of rows that counts as alerted; default 0.1 (the top decile). */
  topShare?: number;
}

export interface BacktestResult {
  /** Failures checked: with observations in the lead time, after the first baseline. */
  failures: number;
  /** Failures before the first full baseline or without observations before them. */
  skipped: number;
  /** Failing (machine, component) row in the top share at some observation before it. */
  componentHits: number;
  /** The failing machine (its most unusual row) in the top share of machines. */
  machineHits: number;
}

/** Whether `target` is in the top `share` of the n values of `all` (ties count against it). */
function inTop(
  all: Float32Array | Float64Array,
  n: number,
  target: number,
  share: number,
): boolean {
  if (!(target > 0)) return false;
  const k = Math.ceil(share * n);
  let above = -1; // the target itself is among the values
  for (let i = 0; i < n; i++) if (all[i] >= target) above++;
  return above < k;
}

export function healthBacktest(
  series: HealthSeries,
  failures: BacktestFailure[],
  opts: BacktestOptions = {},
): BacktestResult {
  const lead = opts.leadSeconds ?? 48 * 3600;
  const share = opts.topShare ?? 0.1;
  const { times, machines, slots, score, present } = series;
  const G = times.length;
  const M = machines.length;
  const R = slots.length;
  const step = series.cadence.stepSeconds;
  const firstScored = G > 0 ? times[0] + BASELINE_STEPS * step : Infinity;
  const index = new Map<number, number>();
  machines.forEach((k, m) => index.set(k, m));
  const rowBuf = new Float32Array(M * R);
  const machBuf = new Float32Array(M);
  const result: BacktestResult = { failures: 0, skipped: 0, componentHits: 0, machineHits: 0 };

  for (const f of failures) {
    const m = index.get(f.machineId);
    const slot = slots.indexOf(f.component);
    const gLo = Math.max(0, Math.ceil((f.t - lead - times[0]) / step));
    const gHi = Math.min(G - 1, Math.ceil((f.t - times[0]) / step) - 1);
    let seen = false;
    let compHit = false;
    let machHit = false;
    if (m !== undefined && f.t - lead >= firstScored) {
      for (let g = gLo; g <= gHi; g++) {
        if (times[g] >= f.t || times[g] < f.t - lead || !present[m * G + g]) continue;
        seen = true;
        let n = 0;
        let nm = 0;
        let target = -1;
        let targetMachine = -1;
        for (let mm = 0; mm < M; mm++) {
          if (!present[mm * G + g]) continue;
          let best = 0;
          for (let r = 0; r < R; r++) {
            const s = score[(mm * R + r) * G + g];
            rowBuf[n++] = s;
            if (s > best) best = s;
            if (mm === m && r === slot) target = s;
          }
          machBuf[nm++] = best;
          if (mm === m) targetMachine = best;
        }
        if (!compHit && slot >= 0 && inTop(rowBuf, n, target, share)) compHit = true;
        if (!machHit && inTop(machBuf, nm, targetMachine, share)) machHit = true;
      }
    }
    if (!seen) {
      result.skipped++;
      continue;
    }
    result.failures++;
    if (compHit) result.componentHits++;
    if (machHit) result.machineHits++;
  }
  return result;
}

export interface FalseAlarms {
  /** Times a row turned 'unusual' (it was not at the machine's observation before). */
  onsets: number;
  /** Machine-months observed after the first baseline (30.44-day months). */
  machineMonths: number;
  perMachineMonth: number;
  /** Share of rows 'unusual' at an observation. */
  unusualShare: number;
}

/** 'unusual' onsets per machine-month, after the first full baseline. */
export function falseAlarms(series: HealthSeries): FalseAlarms {
  const { times, machines, slots, score, present } = series;
  const G = times.length;
  const M = machines.length;
  const R = slots.length;
  const step = series.cadence.stepSeconds;
  let onsets = 0;
  let observed = 0;
  let unusual = 0;
  for (let m = 0; m < M; m++) {
    for (let g = BASELINE_STEPS; g < G; g++) {
      if (!present[m * G + g]) continue;
      observed++;
      for (let r = 0; r < R; r++) {
        const i = (m * R + r) * G + g;
        if (!(score[i] >= UNUSUAL_SCORE)) continue;
        unusual++;
        if (!(score[i - 1] >= UNUSUAL_SCORE)) onsets++;
      }
    }
  }
  const machineMonths = (observed * step) / (30.44 * 86400);
  return {
    onsets,
    machineMonths,
    perMachineMonth: machineMonths > 0 ? onsets / machineMonths : 0,
    unusualShare: observed * R > 0 ? unusual / (observed * R) : 0,
  };
}
