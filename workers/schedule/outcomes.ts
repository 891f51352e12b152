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
import { finishedRunIds, runExists } from '../score/risk-ranking';
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
  const span = store.all<{ lo: number | null; hi: number | null }>(
    'SELECT min(t) AS lo, max(t) AS hi FROM results WHERE run_id=?',
    [runId],
  )[0];
  const dataUntilRaw = store.scalar(
    'SELECT max(coalesce((SELECT max(t) FROM telemetry), 0), coalesce((SELECT max(t) FROM failures), 0))',
  );
  const dataUntil = dataUntilRaw ? Number(dataUntilRaw) : null;
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

  const alarmRows = store.all<{ component: string; alarms: number; correct: number }>(
    `SELECT r.component AS component, count(*) AS alarms,
       sum(EXISTS(SELECT 1 FROM failures f WHERE f.machine_id = r.machine_id
         AND f.failure = r.component AND f.t > r.t AND f.t <= r.t + ?)) AS correct
     FROM results r WHERE r.run_id = ? AND r.probability >= ? AND r.component <> 'none'
     GROUP BY r.component`,
    [H, runId, threshold],
  );
  const failureList = store
    .all<{ machine_id: number; machine: string; t: number; failure: string; risk: number | null }>(
      `SELECT f.machine_id, coalesce(n.name, f.machine_id) AS machine, f.t, f.failure,
         (SELECT max(r.probability) FROM results r WHERE r.run_id = ?1
            AND r.machine_id = f.machine_id AND r.component = f.failure
            AND r.t >= f.t - ?2 AND r.t < f.t) AS risk
       FROM failures f LEFT JOIN machine_names n ON n.machine_id = f.machine_id
       WHERE f.t > ?3 AND f.t <= ?4 + ?2
         AND EXISTS(SELECT 1 FROM results r WHERE r.run_id = ?1
           AND r.machine_id = f.machine_id AND r.t >= f.t - ?2 AND r.t < f.t)
       ORDER BY f.t, f.machine_id, f.failure`,
      [runId, H, span.lo, span.hi],
    )
    .map((f) => ({
      machineId: f.machine_id,
      machine: String(f.machine),
      component: f.failure,
      t: f.t,
      risk: f.risk,
      flagged: f.risk !== null && f.risk >= threshold,
    }));
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
