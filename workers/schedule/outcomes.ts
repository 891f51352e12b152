/**
 * Outcome tracking: how a scoring run's predictions turned out, once the failures of
 * its horizon are in the data. The reference leaves this model monitoring to the
 * reader; a planner needs it to see a model going stale. Pure over the store.
 *
 * Definitions (threshold default 0.5, "the high threshold"):
 * - an alarm is a result row (machine, T, component) with risk >= threshold; it is
 *   correct when that component of that machine failed in (T, T + horizon];
 * - a failure counts for the run when the run scored its machine at some T with
 *   T < failure time <= T + horizon; it was flagged when an alarm for its component
 *   of that machine covers it, else missed;
 * - precision = correct alarms / alarms; recall = flagged failures / failures.
 * For a `latest` run (one T per machine) alarms and failures are per machine and
 * component. A run is evaluated only when the data covers its horizon: its last T +
 * horizon <= the latest telemetry or failure time imported; before that it is pending.
 */
import {
  alarmResults,
  finishedRunIds,
  resultSpan,
  runExists,
  runResultsProbe,
} from '../score/run-store';
import { failuresBetween, lastFailureTime } from '../store/events-store';
import { lastReadingTime } from '../store/telemetry-store';
import type { Store } from '../store/store';
import { runModelCadence } from '../model/model-store';

export interface OutcomeFigures {
  alarms: number;
  correctAlarms: number;
  falseAlarms: number;
  failures: number;
  flaggedFailures: number;
  missedFailures: number;
  /** null without alarms. */
  precision: number | null;
  /** null without failures. */
  recall: number | null;
}

export interface RunOutcome extends OutcomeFigures {
  runId: number;
  /** 'pending': the horizon has not passed in the imported data yet; figures are 0. */
  status: 'evaluated' | 'pending' | 'empty';
  threshold: number;
  horizonDays: number;
  /** First and last observation time scored (plant seconds), null for an empty run. */
  observedFrom: number | null;
  observedTo: number | null;
  /** Latest telemetry or failure time imported (plant seconds). */
  dataUntil: number | null;
  /** The run can be evaluated once data reaches this time (plant seconds). */
  evaluableFrom: number | null;
  byComponent: ({ component: string } & OutcomeFigures)[];
  /** Every failure the run covered, with its highest risk before it. */
  failureList: {
    machineId: number;
    /** The machine id as the plant writes it (text). */
    machine: string;
    component: string;
    t: number;
    risk: number | null;
    flagged: boolean;
  }[];
}

export interface OutcomeOptions {
  /** Risk at or above which a row is an alarm, 0 < threshold <= 1. Default 0.5. */
  threshold?: number;
}

function figures(
  alarms: number,
  correct: number,
  failures: number,
  flagged: number,
): OutcomeFigures {
  return {
    alarms,
    correctAlarms: correct,
    falseAlarms: alarms - correct,
    failures,
    flaggedFailures: flagged,
    missedFailures: failures - flagged,
    precision: alarms ? correct / alarms : null,
    recall: failures ? flagged / failures : null,
  };
}

/** The outcome of one scoring run. RangeError for an unknown run or a bad threshold. */
export function runOutcome(store: Store, runId: number, opts: OutcomeOptions = {}): RunOutcome {
  const threshold = opts.threshold ?? 0.5;
  if (!(threshold > 0 && threshold <= 1)) {
    throw new RangeError(`threshold must be above 0 and at most 1, got ${threshold}`);
  }
  if (!runExists(store, runId)) {
    throw new RangeError(`no scoring run with id ${runId}`);
  }
  // The horizon the run's model was trained (and labels were made) with.
  const H = runModelCadence(store, runId).horizonSeconds;
  const horizonDays = H / 86400;
  const span = resultSpan(store, runId);
  // Evaluable once readings or failures reach past the horizon of the last observation.
  const dataUntil = Math.max(lastReadingTime(store), lastFailureTime(store)) || null;
  const base = {
    runId,
    threshold,
    horizonDays,
    observedFrom: span.lo,
    observedTo: span.hi,
    dataUntil,
    evaluableFrom: span.hi === null ? null : span.hi + H,
    byComponent: [],
    failureList: [],
    ...figures(0, 0, 0, 0),
  };
  if (span.lo === null || span.hi === null) return { ...base, status: 'empty' };
  if (dataUntil === null || span.hi + H > dataUntil) return { ...base, status: 'pending' };

  // Failures that can count: from the first observation to a horizon past the last.
  const failures = failuresBetween(store, span.lo - H, span.hi + H);
  const failedAt = new Map<string, number[]>();
  for (const f of failures) {
    const k = `${f.machineId}\u0000${f.component}`;
    const list = failedAt.get(k);
    if (list) list.push(f.t);
    else failedAt.set(k, [f.t]);
  }
  // An alarm is correct when its machine's component fails within the horizon after it.
  const alarmsBy = new Map<string, { component: string; alarms: number; correct: number }>();
  for (const a of alarmResults(store, runId, threshold)) {
    const ts = failedAt.get(`${a.machineId}\u0000${a.component}`);
    const hit = ts !== undefined && ts.some((t) => t > a.t && t <= a.t + H);
    const row = alarmsBy.get(a.component) ?? { component: a.component, alarms: 0, correct: 0 };
    row.alarms++;
    if (hit) row.correct++;
    alarmsBy.set(a.component, row);
  }
  const alarmRows = [...alarmsBy.values()];
  // Every failure after the first observation of a machine the run scored within the
  // horizon before it, with the highest risk the run gave that component then.
  const names = store.machineNames();
  const probe = runResultsProbe(store, runId);
  let failureList: RunOutcome['failureList'];
  try {
    failureList = failures
      .filter((f) => f.t > span.lo! && probe.scored(f.machineId, f.t - H, f.t))
      .map((f) => {
        const risk = probe.maxRisk(f.machineId, f.component, f.t - H, f.t);
        return {
          machineId: f.machineId,
          machine: names.get(f.machineId) ?? String(f.machineId),
          component: f.component,
          t: f.t,
          risk,
          flagged: risk !== null && risk >= threshold,
        };
      });
  } finally {
    probe.free();
  }
  const comps = new Set([
    ...alarmRows.map((a) => a.component),
    ...failureList.map((f) => f.component),
  ]);
  const byComponent = [...comps].sort().map((component) => {
    const a = alarmRows.find((x) => x.component === component);
    const fs = failureList.filter((f) => f.component === component);
    return {
      component,
      ...figures(a?.alarms ?? 0, a?.correct ?? 0, fs.length, fs.filter((f) => f.flagged).length),
    };
  });
  const sum = (k: 'alarms' | 'correct') => alarmRows.reduce((s, a) => s + a[k], 0);
  return {
    ...base,
    status: 'evaluated',
    byComponent,
    failureList,
    ...figures(
      sum('alarms'),
      sum('correct'),
      failureList.length,
      failureList.filter((f) => f.flagged).length,
    ),
  };
}

/**
 * Outcomes of the finished runs, oldest first (of one schedule when given), for the
 * runs view's chart of precision and recall over time.
 */
export function outcomeSeries(
  store: Store,
  opts: OutcomeOptions & { scheduleId?: number } = {},
): RunOutcome[] {
  return finishedRunIds(store, opts.scheduleId).map((id) => runOutcome(store, id, opts));
}
