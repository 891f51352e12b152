/**
 * What a maintenance planner does with a risk list, measured on an evaluation range
 * with known failures, per component (docs/FEATURES.md, Planner metrics):
 *
 * - precision and recall at the plant's inspection budget k: every day, the machines
 *   are ranked by the component's risk at their latest observation of that day and the
 *   top k are inspected;
 * - the precision-recall curve over every observation and its area, average precision
 *   as scikit-learn's average_precision_score defines it;
 * - the lead time from the first alarm (risk at or above the plant's high threshold)
 *   to the failure, and how many failures were never alarmed;
 * - a reliability table: predicted risk in 10 bins against how often the component
 *   really failed.
 *
 * The truth is the failures table, not the single-class label: an observation at T
 * is right for component c when c fails on that machine in (T, T + H], whatever else
 * fails in the same window.
 */
import type { FailureEvent } from '../store/events-store';

const DAY = 86400;

/** Observations and their risks: rows x classNames.length, row-major. */
export interface ScoredRows {
  rows: number;
  machine: ArrayLike<number>;
  /** Observation time T, plant wall time read as UTC (docs/FEATURES.md). */
  t: ArrayLike<number>;
  risk: ArrayLike<number>;
  classNames: string[];
}

export interface PlannerSettings {
  /** Machines inspected per day (the plant's inspection budget). */
  budget: number;
  /** Risk at or above which an observation is an alarm (the plant's high threshold). */
  highRisk: number;
  horizonSeconds: number;
}

export interface ComponentPlannerMetrics {
  component: string;
  /** Days of the range with at least one observation. */
  days: number;
  /** Machine-days inspected (k per day, fewer on days with fewer machines). */
  flags: number;
  /** Inspections whose machine then had this component fail within the horizon. */
  rightFlags: number;
  /** rightFlags / flags; null without flags. */
  precisionAtK: number | null;
  /** Failures the range could see: an observation of the machine lies in the horizon before it. */
  failures: number;
  /** Of those, failures whose machine was inspected on a day within the horizon before it. */
  caught: number;
  /** caught / failures; null without failures. */
  recallAtK: number | null;
  /** Observations followed by this component's failure within the horizon. */
  positives: number;
  /** Observations scored. */
  observations: number;
  /** Area under the precision-recall curve (scikit-learn's average precision); null without positives. */
  averagePrecision: number | null;
  /** The curve, at most PR_POINTS [recall, precision] points, recall rising. */
  pr: Array<[number, number]>;
  /** Failures with an alarm in the horizon before them. */
  alarmed: number;
  /** failures - alarmed. */
  neverAlarmed: number;
  /** Median seconds from the first alarm to the failure; null when none was alarmed. */
  medianLeadSeconds: number | null;
}

export interface ReliabilityBin {
  /** The bin covers [from, to) (the last one includes 1). */
  from: number;
  to: number;
  count: number;
  /** Mean predicted risk of the bin; null when empty. */
  meanPredicted: number | null;
  /** Share of the bin's predictions whose component failed within the horizon; null when empty. */
  observed: number | null;
}

/** Predictions of every failure class pooled, before and (when the model has it) after calibration. */
export interface ReliabilityTable {
  before: ReliabilityBin[];
  after: ReliabilityBin[] | null;
  /**
   * At training: the calibration was fitted (`after` shows it) but not kept, because
   * on the test range it moved risks further from the observed shares than the
   * forest's own probabilities (`reliabilityGap`). Absent or false otherwise.
   */
  rejected?: boolean;
  /** `reliabilityGap` of `before` and of `after` (null when there is no `after`). */
  gapBefore?: number | null;
  gapAfter?: number | null;
}

/** What the evaluation keeps of the planner's view. */
export interface PlannerEvaluation extends PlannerSettings {
  /** Machines observed in the range: a budget as large inspects every machine every day. */
  machines: number;
  components: ComponentPlannerMetrics[];
  reliability: ReliabilityTable;
}

/** Points kept of each precision-recall curve. */
export const PR_POINTS = 50;

/**
 * Average precision as scikit-learn's average_precision_score: over the distinct
 * scores from the highest, the sum of (R_n - R_{n-1}) P_n. Null without positives.
 */
export function averagePrecision(
  score: ArrayLike<number>,
  truth: ArrayLike<number | boolean>,
): number | null {
  const curve = prCurve(score, truth);
  if (!curve) return null;
  let ap = 0;
  let prevR = 0;
  for (const [r, p] of curve) {
    ap += (r - prevR) * p;
    prevR = r;
  }
  return ap;
}

/**
 * The precision-recall curve at every distinct score, highest first ([recall,
 * precision] per threshold, as scikit-learn's precision_recall_curve without its final
 * (0, 1) point); null without positives.
 */
export function prCurve(
  score: ArrayLike<number>,
  truth: ArrayLike<number | boolean>,
): Array<[number, number]> | null {
  const n = score.length;
  if (truth.length !== n) throw new RangeError('scores and truth differ in length');
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b] - score[a]);
  let positives = 0;
  for (let i = 0; i < n; i++) if (truth[i]) positives++;
  if (positives === 0) return null;
  const out: Array<[number, number]> = [];
  let tp = 0;
  for (let j = 0; j < n; j++) {
    if (truth[order[j]]) tp++;
    if (j + 1 < n && score[order[j + 1]] === score[order[j]]) continue;
    out.push([tp / positives, tp / (j + 1)]);
  }
  return out;
}

/** At most `max` points of a curve, the first and last always among them. */
export function decimate<T>(points: T[], max = PR_POINTS): T[] {
  if (points.length <= max) return points;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.round((i * (points.length - 1)) / (max - 1))]);
  return out;
}

/** Median of a non-empty list. */
function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Failure times per component, then per machine, ascending. */
function failureIndex(failures: FailureEvent[]): Map<string, Map<number, number[]>> {
  const by = new Map<string, Map<number, number[]>>();
  for (const f of failures) {
    let comp = by.get(f.component);
    if (!comp) by.set(f.component, (comp = new Map()));
    const list = comp.get(f.machineId);
    if (list) list.push(f.t);
    else comp.set(f.machineId, [f.t]);
  }
  for (const comp of by.values()) for (const list of comp.values()) list.sort((a, b) => a - b);
  return by;
}

/** The first time in sorted `times` after `t`, or Infinity. */
function nextAfter(times: number[] | undefined, t: number): number {
  if (!times) return Infinity;
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo < times.length ? times[lo] : Infinity;
}

/**
 * Per row and class, whether that component fails on the row's machine in
 * (T, T + horizon]: the truth of every planner metric.
 */
export function failsWithin(
  data: Omit<ScoredRows, 'risk'>,
  failures: FailureEvent[],
  horizonSeconds: number,
): Uint8Array {
  const k = data.classNames.length;
  const out = new Uint8Array(data.rows * k);
  const by = failureIndex(failures);
  const comps = data.classNames.map((name) => by.get(name));
  for (let r = 0; r < data.rows; r++) {
    for (let c = 0; c < k; c++) {
      const f = nextAfter(comps[c]?.get(data.machine[r]), data.t[r]);
      if (f <= data.t[r] + horizonSeconds) out[r * k + c] = 1;
    }
  }
  return out;
}

/**
 * Planner metrics of every failure class (all but `none`). `failures` must hold every
 * failure from the range's first observation to its last plus the horizon.
 */
export function plannerMetrics(
  data: ScoredRows,
  failures: FailureEvent[],
  s: PlannerSettings,
  noneLabel = 'none',
): ComponentPlannerMetrics[] {
  const k = data.classNames.length;
  const H = s.horizonSeconds;
  const truth = failsWithin(data, failures, H);
  const by = failureIndex(failures);
  // Each machine's latest observation of each day: the day's list is made from it.
  const latestOfDay = new Map<number, Map<number, number>>();
  for (let r = 0; r < data.rows; r++) {
    const day = Math.floor(data.t[r] / DAY);
    let m = latestOfDay.get(day);
    if (!m) latestOfDay.set(day, (m = new Map()));
    const prev = m.get(data.machine[r]);
    if (prev === undefined || data.t[prev] < data.t[r]) m.set(data.machine[r], r);
  }
  // Observations per machine in time order (alarms and what the range could see).
  const rowsOf = new Map<number, number[]>();
  for (let r = 0; r < data.rows; r++) {
    const list = rowsOf.get(data.machine[r]);
    if (list) list.push(r);
    else rowsOf.set(data.machine[r], [r]);
  }
  for (const list of rowsOf.values()) list.sort((a, b) => data.t[a] - data.t[b]);

  const out: ComponentPlannerMetrics[] = [];
  for (let c = 0; c < k; c++) {
    const component = data.classNames[c];
    if (component === noneLabel) continue;
    let flags = 0;
    let rightFlags = 0;
    // inspected[machine] = times of the observations the machine was inspected on
    const inspected = new Map<number, number[]>();
    for (const rowsOfDay of latestOfDay.values()) {
      const ranked = [...rowsOfDay.values()].sort(
        (a, b) => data.risk[b * k + c] - data.risk[a * k + c] || data.machine[a] - data.machine[b],
      );
      for (const r of ranked.slice(0, s.budget)) {
        flags++;
        if (truth[r * k + c]) rightFlags++;
        const list = inspected.get(data.machine[r]);
        if (list) list.push(data.t[r]);
        else inspected.set(data.machine[r], [data.t[r]]);
      }
    }
    let seen = 0;
    let caught = 0;
    const leads: number[] = [];
    for (const [machine, times] of by.get(component) ?? []) {
      const rows = rowsOf.get(machine) ?? [];
      times.forEach((f, i) => {
        // Observations an earlier failure of the same component follows belong to it.
        const lo = Math.max(f - H, i > 0 ? times[i - 1] : -Infinity);
        const window = rows.filter((r) => data.t[r] >= lo && data.t[r] < f);
        if (!window.length) return;
        seen++;
        if ((inspected.get(machine) ?? []).some((t) => t >= lo && t < f)) caught++;
        const alarm = window.find((r) => data.risk[r * k + c] >= s.highRisk);
        if (alarm !== undefined) leads.push(f - data.t[alarm]);
      });
    }
    const score = new Float64Array(data.rows);
    const y = new Uint8Array(data.rows);
    let positives = 0;
    for (let r = 0; r < data.rows; r++) {
      score[r] = data.risk[r * k + c];
      y[r] = truth[r * k + c];
      positives += y[r];
    }
    const curve = prCurve(score, y);
    out.push({
      component,
      days: latestOfDay.size,
      flags,
      rightFlags,
      precisionAtK: flags ? rightFlags / flags : null,
      failures: seen,
      caught,
      recallAtK: seen ? caught / seen : null,
      positives,
      observations: data.rows,
      averagePrecision: averagePrecision(score, y),
      pr: curve ? decimate(curve) : [],
      alarmed: leads.length,
      neverAlarmed: seen - leads.length,
      medianLeadSeconds: leads.length ? median(leads) : null,
    });
  }
  return out;
}

/** Predicted risk in `bins` equal bins against the observed share of failures. */
export function reliabilityBins(
  predicted: ArrayLike<number>,
  truth: ArrayLike<number>,
  bins = 10,
): ReliabilityBin[] {
  const n = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i];
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    n[b]++;
    sumP[b] += p;
    sumY[b] += truth[i] ? 1 : 0;
  }
  return Array.from({ length: bins }, (_, b) => ({
    from: b / bins,
    to: (b + 1) / bins,
    count: n[b],
    meanPredicted: n[b] ? sumP[b] / n[b] : null,
    observed: n[b] ? sumY[b] / n[b] : null,
  }));
}

/** Predictions a bin needs before its share of failures counts in `reliabilityGap`. */
export const GAP_MIN_COUNT = 30;

/**
 * How far predicted risk lies from the observed share of failures, as a planner reads
 * a risk: the mean over the risk bins of |mean predicted - observed|, each bin with at
 * least GAP_MIN_COUNT predictions counting once (0 = on the diagonal). Weighting by
 * count would let the thousands of near-zero risks hide a 55 % bin that fails 80 % of
 * the time. Null when no bin has enough predictions.
 */
export function reliabilityGap(bins: ReliabilityBin[]): number | null {
  let n = 0;
  let sum = 0;
  for (const b of bins) {
    if (b.count < GAP_MIN_COUNT || b.meanPredicted === null || b.observed === null) continue;
    n++;
    sum += Math.abs(b.meanPredicted - b.observed);
  }
  return n ? sum / n : null;
}

/**
 * The reliability table of every failure class pooled: one prediction per observation
 * and component, true when the component failed within the horizon after it.
 */
export function pooledReliability(
  data: Omit<ScoredRows, 'risk'>,
  truth: Uint8Array,
  risk: ArrayLike<number>,
  noneLabel = 'none',
): ReliabilityBin[] {
  const k = data.classNames.length;
  const none = data.classNames.indexOf(noneLabel);
  const p: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < data.rows * k; i++) {
    if (i % k === none) continue;
    p.push(risk[i]);
    y.push(truth[i]);
  }
  return reliabilityBins(p, y);
}
