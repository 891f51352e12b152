/**
 * The risk ranking: machines x components from a scoring run, most at risk first,
 * each with the machine's model and the days since that component was replaced.
 * For a range run, each machine's latest observation in the run is ranked. Machines
 * whose data stopped before the run's data-as-of time (workers/score/stale.ts) are left
 * out unless `includeStale` is set, and returned separately.
 */
import type { Store } from '../store/store';
import type { ListRow } from '../report/maintenance-list';
import { compareMachineIds } from '../shared/machine-id';
import { DAY } from '../shared/time';
import { plantStaleAfterSteps } from '../store/plant-settings';
import { leftOutIds, staleMachines, type StaleInfo } from './stale';
import { readReasons, readUsualValues, type UsualValues } from './reasons';
import { machinesWithoutListRow } from '../features/read-machine';

export interface RankingOptions {
  /** Default: the latest successful run. */
  runId?: number;
  /** Keep rows at or above this probability (default 0). */
  minRisk?: number;
  /** At most this many rows (default all). */
  top?: number;
  /** Rank machines without recent data too (default false: they are left out). */
  includeStale?: boolean;
  /** Default: the plant's setting. */
  staleAfterSteps?: number;
}

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

export function getRun(store: Store, runId: number): RunInfo {
  const r = store.all<Record<string, number | string | null>>(
    `SELECT ${RUN_COLS} FROM runs WHERE id = ?`,
    [runId],
  )[0];
  if (!r) throw new RangeError(`there is no scoring run #${runId} in this plant file`);
  return toRunInfo(r);
}

export function riskRanking(
  store: Store,
  opts: RankingOptions = {},
): { run: RunInfo | null; rows: ListRow[]; stale: StaleInfo | null; unlisted: string[] } {
  // The plant's machines with telemetry but no machine-list row, counted as the import
  // report counts them (their rows are flagged below).
  const unlisted = machinesWithoutListRow(store);
  const runId = opts.runId ?? latestRunId(store);
  if (runId === null) return { run: null, rows: [], stale: null, unlisted };
  const run = getRun(store, runId);
  const stale = staleMachines(
    store,
    runId,
    opts.staleAfterSteps ?? plantStaleAfterSteps(store),
    opts.includeStale ?? false,
  );
  const leftOut = leftOutIds(stale);
  const raw = store
    .all<{
      machine_id: number;
      machine: string;
      t: number;
      component: string;
      probability: number;
      top_features: string;
      model: string | null;
      listed: number;
      last_replace: number | null;
    }>(
      `WITH last AS (SELECT machine_id, max(t) AS t FROM results WHERE run_id = ?1 GROUP BY machine_id)
     SELECT r.machine_id, coalesce(n.name, r.machine_id) AS machine, r.t, r.component,
       r.probability, r.top_features, m.model, m.machine_id IS NOT NULL AS listed,
       (SELECT max(x.t) FROM maint x WHERE x.machine_id = r.machine_id AND x.comp = r.component AND x.t <= r.t) AS last_replace
     FROM last JOIN results r ON r.run_id = ?1 AND r.machine_id = last.machine_id AND r.t = last.t
     LEFT JOIN machines m ON m.machine_id = r.machine_id
     LEFT JOIN machine_names n ON n.machine_id = r.machine_id
     WHERE r.probability >= ?2`,
      [runId, opts.minRisk ?? 0],
    )
    .filter((r) => !leftOut.has(Number(r.machine_id)));
  // Ties in risk go in machine order (text ids), which SQL cannot sort.
  raw.sort(
    (a, b) =>
      b.probability - a.probability ||
      compareMachineIds(String(a.machine), String(b.machine)) ||
      (a.component < b.component ? -1 : a.component > b.component ? 1 : 0),
  );
  const top = opts.top ?? -1;
  const usual = modelUsualValues(store, run.modelId);
  return {
    run,
    stale,
    unlisted,
    rows: (top >= 0 ? raw.slice(0, top) : raw).map((r) => ({
      machineId: r.machine_id,
      machine: String(r.machine),
      machineModel: r.model ?? '',
      component: r.component,
      probability: r.probability,
      t: r.t,
      daysSinceReplace: r.last_replace === null ? -1 : (r.t - r.last_replace) / DAY,
      unlisted: !r.listed,
      reasons: readReasons(r.top_features, usual, r.model ?? ''),
    })),
  };
}

/** What is usual for each feature, kept with a model at training; null for older models. */
export function modelUsualValues(store: Store, modelId: number): UsualValues | null {
  const metrics = store.scalar('SELECT metrics FROM models WHERE id=?', [modelId]);
  try {
    return readUsualValues(typeof metrics === 'string' ? JSON.parse(metrics) : null);
  } catch {
    // Damaged metrics: reasons show their values without what is usual.
    return null;
  }
}
