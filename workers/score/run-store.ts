/**
 * The owner of `runs` (one row per scoring run: model, mode, range, status, times) and
 * `results` (one row per machine, observation time and component of a run, with the
 * risk and its reasons): every statement on them is here. Scoring writes through
 * startRun/prepareResultInsert/finishRun; the ranking, stale machines, outcomes, the
 * model and machine screens read through the functions below and join other tables'
 * data (names, machine list, replacements, failures) in code through their owners.
 */
import type { Statement } from 'sql.js';
import type { Store } from '../store/store';

export interface RunInfo {
  id: number;
  modelId: number;
  mode: string;
  rangeFrom: number | null;
  rangeTo: number | null;
  started: string;
  finished: string | null;
  status: string;
  /** Observations scored (machine x observation time). */
  rows: number;
  /** Machines scored. */
  machines: number;
  /**
   * Machine x component risks the run ranks: machines x components (each machine at its
   * latest observation in the run), the count the ranking and printed list start from.
   */
  risks: number;
  message: string | null;
  scheduleId: number | null;
}

export function latestRunId(store: Store): number | null {
  const v = store.scalar("SELECT id FROM runs WHERE status='ok' ORDER BY id DESC LIMIT 1");
  return v === null ? null : Number(v);
}

export function runCount(store: Store): number {
  return Number(store.scalar('SELECT count(*) FROM runs'));
}

/** Runs (of any status) that used a model. */
export function runCountOfModel(store: Store, modelId: number): number {
  return Number(store.scalar('SELECT count(*) FROM runs WHERE model_id=?', [modelId]));
}

/** The model a run used, or null when there is no such run. */
export function runModelId(store: Store, runId: number): number | null {
  const v = store.scalar('SELECT model_id FROM runs WHERE id=?', [runId]);
  return v === null ? null : Number(v);
}

// Per run: machines scored and components ranked (the results key starts with run_id,
// so each count is a range scan of that run's rows only).
const RUN_COLS = `id, model_id, mode, range_from, range_to, started, finished, status, rows,
  message, schedule_id,
  (SELECT count(DISTINCT machine_id) FROM results WHERE run_id = runs.id) AS machines,
  (SELECT count(DISTINCT component) FROM results WHERE run_id = runs.id) AS components`;

export function listRuns(store: Store, limit = 1000): RunInfo[] {
  return store
    .all<Record<string, number | string | null>>(
      `SELECT ${RUN_COLS} FROM runs ORDER BY id DESC LIMIT ?`,
      [limit],
    )
    .map(toRunInfo);
}

function toRunInfo(r: Record<string, number | string | null>): RunInfo {
  return {
    id: Number(r.id),
    modelId: Number(r.model_id),
    mode: String(r.mode),
    rangeFrom: r.range_from === null ? null : Number(r.range_from),
    rangeTo: r.range_to === null ? null : Number(r.range_to),
    started: String(r.started),
    finished: r.finished === null ? null : String(r.finished),
    status: String(r.status),
    rows: Number(r.rows),
    machines: Number(r.machines),
    risks: Number(r.machines) * Number(r.components),
    message: r.message === null ? null : String(r.message),
    scheduleId: r.schedule_id === null ? null : Number(r.schedule_id),
  };
}

/** True when the plant file has scoring run `runId` (whatever its status). */
export function runExists(store: Store, runId: number): boolean {
  return store.scalar('SELECT 1 FROM runs WHERE id=?', [runId]) !== null;
}

/** Ids of the finished runs, oldest first; of one schedule's runs when scheduleId is given. */
export function finishedRunIds(store: Store, scheduleId?: number): number[] {
  return store
    .all<{ id: number }>(
      scheduleId === undefined
        ? "SELECT id FROM runs WHERE status='ok' ORDER BY id"
        : "SELECT id FROM runs WHERE status='ok' AND schedule_id=? ORDER BY id",
      scheduleId === undefined ? [] : [scheduleId],
    )
    .map((r) => r.id);
}

export function getRun(store: Store, runId: number): RunInfo {
  const r = store.all<Record<string, number | string | null>>(
    `SELECT ${RUN_COLS} FROM runs WHERE id = ?`,
    [runId],
  )[0];
  if (!r) throw new RangeError(`there is no scoring run #${runId} in this plant file`);
  return toRunInfo(r);
}

/** The finished run made for the same request (model, mode, range, data), if any. */
export function runForRequest(
  store: Store,
  requestKey: string,
): { id: number; rows: number } | null {
  const r = store.all<{ id: number; rows: number }>(
    "SELECT id, rows FROM runs WHERE request_key=? AND status='ok' ORDER BY id LIMIT 1",
    [requestKey],
  )[0];
  return r ? { id: Number(r.id), rows: Number(r.rows) } : null;
}

/** Adds a run in status 'running' and returns its id. Call inside the run's transaction. */
export function startRun(
  store: Store,
  run: {
    modelId: number;
    requestKey: string;
    mode: string;
    from: number | null;
    to: number | null;
    started: string;
    scheduleId: number | null;
  },
): number {
  store.db.run(
    `INSERT INTO runs(model_id, request_key, mode, range_from, range_to, started, status, rows, schedule_id)
     VALUES(?,?,?,?,?,?,'running',0,?)`,
    [run.modelId, run.requestKey, run.mode, run.from, run.to, run.started, run.scheduleId],
  );
  return Number(store.scalar('SELECT last_insert_rowid()'));
}

/** One result row: (runId, machineId, t, component, probability, reasons JSON). */
export function prepareResultInsert(store: Store): Statement {
  return store.db.prepare(
    'INSERT INTO results(run_id, machine_id, t, component, probability, top_features) VALUES(?,?,?,?,?,?)',
  );
}

/** Marks a run finished ('ok'); `message` says where an imported run came from. */
export function finishRun(
  store: Store,
  runId: number,
  rows: number,
  finished: string,
  message: string | null = null,
): void {
  store.db.run("UPDATE runs SET status='ok', finished=?, rows=?, message=? WHERE id=?", [
    finished,
    rows,
    message,
    runId,
  ]);
}

/** Highest risk of a run; 0 for a run without results. */
export function runMaxRisk(store: Store, runId: number): number {
  return Number(
    store.scalar('SELECT coalesce(max(probability), 0) FROM results WHERE run_id=?', [runId]),
  );
}

/** Latest observation time a model's finished runs scored, or null. */
export function lastScoredTime(store: Store, modelId: number): number | null {
  const v = store.scalar(
    `SELECT max(r.t) FROM results r JOIN runs u ON u.id = r.run_id WHERE u.status='ok' AND u.model_id=?`,
    [modelId],
  );
  return v === null ? null : Number(v);
}

/** Machine x component pairs of a run at or above `threshold` (any observation time). */
export function highRiskPairs(store: Store, runId: number, threshold: number): number {
  return Number(
    store.scalar(
      `SELECT count(*) FROM (SELECT DISTINCT machine_id, component FROM results
         WHERE run_id=? AND probability>=? AND component<>'none')`,
      [runId, threshold],
    ),
  );
}

/** First and last observation time of a run; nulls for a run without results. */
export function resultSpan(store: Store, runId: number): { lo: number | null; hi: number | null } {
  const r = store.all<{ lo: number | null; hi: number | null }>(
    'SELECT min(t) AS lo, max(t) AS hi FROM results WHERE run_id=?',
    [runId],
  )[0];
  return { lo: r.lo === null ? null : Number(r.lo), hi: r.hi === null ? null : Number(r.hi) };
}

/** Each machine's latest observation time in a run. */
export function lastResultTimes(store: Store, runId: number): { machineId: number; t: number }[] {
  return store
    .all<{ m: number; t: number }>(
      'SELECT machine_id AS m, max(t) AS t FROM results WHERE run_id=? GROUP BY machine_id',
      [runId],
    )
    .map((r) => ({ machineId: Number(r.m), t: Number(r.t) }));
}

export interface ResultRow {
  machineId: number;
  t: number;
  component: string;
  probability: number;
  /** The reasons as stored: JSON of [feature, contribution] pairs. */
  topFeatures: string;
}

/** The rows of each machine's latest observation in a run with risk >= minRisk. */
export function latestResults(store: Store, runId: number, minRisk: number): ResultRow[] {
  return store
    .all<{ m: number; t: number; c: string; p: number; f: string }>(
      `WITH last AS (SELECT machine_id, max(t) AS t FROM results WHERE run_id = ?1 GROUP BY machine_id)
       SELECT r.machine_id AS m, r.t AS t, r.component AS c, r.probability AS p, r.top_features AS f
       FROM last JOIN results r ON r.run_id = ?1 AND r.machine_id = last.machine_id AND r.t = last.t
       WHERE r.probability >= ?2`,
      [runId, minRisk],
    )
    .map((r) => ({
      machineId: Number(r.m),
      t: Number(r.t),
      component: String(r.c),
      probability: Number(r.p),
      topFeatures: String(r.f),
    }));
}

/** A run's alarms: rows at or above `threshold` (components only), as (machine, t, component). */
export function alarmResults(
  store: Store,
  runId: number,
  threshold: number,
): { machineId: number; t: number; component: string }[] {
  return store
    .all<{ m: number; t: number; c: string }>(
      `SELECT machine_id AS m, t, component AS c FROM results
       WHERE run_id = ? AND probability >= ? AND component <> 'none'`,
      [runId, threshold],
    )
    .map((r) => ({ machineId: Number(r.m), t: Number(r.t), component: String(r.c) }));
}

/**
 * Looks into one run's results around a time: whether a machine was scored in
 * [from, to), and its highest risk for a component there. Call `free` when done.
 */
export function runResultsProbe(
  store: Store,
  runId: number,
): {
  scored(machineId: number, from: number, to: number): boolean;
  maxRisk(machineId: number, component: string, from: number, to: number): number | null;
  free(): void;
} {
  const any = store.db.prepare(
    'SELECT 1 FROM results WHERE run_id=? AND machine_id=? AND t>=? AND t<? LIMIT 1',
  );
  const max = store.db.prepare(
    'SELECT max(probability) FROM results WHERE run_id=? AND machine_id=? AND component=? AND t>=? AND t<?',
  );
  return {
    scored(machineId, from, to) {
      any.bind([runId, machineId, from, to]);
      const yes = any.step();
      any.reset();
      return yes;
    },
    maxRisk(machineId, component, from, to) {
      max.bind([runId, machineId, component, from, to]);
      const v = max.step() ? max.get()[0] : null;
      max.reset();
      return v === null ? null : Number(v);
    },
    free() {
      any.free();
      max.free();
    },
  };
}

/** A machine's risk per component over the finished runs, oldest first ('none' left out). */
export function machineRiskHistory(
  store: Store,
  machineId: number,
): { runId: number; t: number; component: string; probability: number }[] {
  return store
    .all<{ run_id: number; t: number; component: string; p: number }>(
      `SELECT r.run_id, r.t, r.component, r.probability AS p FROM results r
       JOIN runs u ON u.id=r.run_id AND u.status='ok'
       WHERE r.machine_id=? AND r.component<>'none' ORDER BY r.t, r.run_id`,
      [machineId],
    )
    .map((r) => ({ runId: r.run_id, t: r.t, component: r.component, probability: r.p }));
}

/** A run's data-as-of time (its latest observation), null for a run without results. */
export function runAsOf(store: Store, runId: number): number | null {
  const v = store.scalar('SELECT max(t) FROM results WHERE run_id=?', [runId]);
  return v === null ? null : Number(v);
}

/**
 * A run's results in key order (bind [runId]): rows (machine_id, t, component,
 * probability), read as a plain scan of the run's part of the key.
 */
export function prepareRunResultsInKeyOrder(store: Store): Statement {
  return store.db.prepare(
    `SELECT machine_id, t, component, probability FROM results WHERE run_id=?
     ORDER BY machine_id, t, component`,
  );
}

/** The reasons JSON of one result: bind [runId, machineId, t, component]. */
export function prepareResultReasons(store: Store): Statement {
  return store.db.prepare(
    'SELECT top_features FROM results WHERE run_id=? AND machine_id=? AND t=? AND component=?',
  );
}
