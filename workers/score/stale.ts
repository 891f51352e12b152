/**
 * Which machines of a scoring run have no recent data. A "latest" run scores each
 * machine's latest observation however old, so a unit that failed and stopped
 * reporting weeks ago would be ranked at its last day as if it were current.
 *
 * The rule, shared by both ranking implementations (workers/score/risk-ranking.ts for
 * the CLI and printed lists, workers/app/model-queries.ts for the UI):
 *
 * - The run's data-as-of time is the latest observation time in the run's results.
 * - A machine is stale when its latest observation in the run is older than
 *   data-as-of minus `staleAfterSteps` observation steps (the step of the cadence the
 *   run's model was trained with; 12 h for models from before cadence settings). A machine
 *   exactly at that cutoff is still current.
 * - A stale machine's data "ends with a failure" when the plant has a failure record
 *   for it at or after its last observation minus one step and no later than the
 *   run's data-as-of time; the earliest such record is its failure time ("failed on").
 */
import type { Store } from '../store/store';
import { runModelCadence } from '../model/model-store';
import { formatDuration } from '../shared/cadence';
import { compareMachineIds } from '../shared/machine-id';
import { formatEpoch } from '../shared/time';

export interface StaleMachine {
  /** Integer key in the plant file. */
  machineId: number;
  /** The machine id as the plant writes it (text). */
  machine: string;
  /** Its latest observation time in the run (plant seconds). */
  lastT: number;
  /** When its data ends with a failure, that failure's time; otherwise null. */
  failedAt: number | null;
}

export interface StaleInfo {
  /** Latest observation time in the run's results; null for a run without results. */
  asOf: number | null;
  /** The plant setting the rule used. */
  staleAfterSteps: number;
  stepSeconds: number;
  /** Machines whose latest observation is before this time are stale; null without results. */
  cutoff: number | null;
  /** The stale machines, in machine order. */
  machines: StaleMachine[];
  /** True when the ranking kept them anyway (`--include-stale`). */
  included: boolean;
}

/** The stale machines of run `runId` under `staleAfterSteps`. */
export function staleMachines(
  store: Store,
  runId: number,
  staleAfterSteps: number,
  included = false,
): StaleInfo {
  const asOfRaw = store.scalar('SELECT max(t) FROM results WHERE run_id=?', [runId]);
  const asOf = asOfRaw === null ? null : Number(asOfRaw);
  const step = runModelCadence(store, runId).stepSeconds;
  const base = { asOf, staleAfterSteps, stepSeconds: step, included };
  if (asOf === null) return { ...base, cutoff: null, machines: [] };
  const cutoff = asOf - staleAfterSteps * step;
  const rows = store.all<{
    machine_id: number;
    machine: string;
    t: number;
    failed_at: number | null;
  }>(
    `WITH last AS (SELECT machine_id, max(t) AS t FROM results WHERE run_id=?1 GROUP BY machine_id)
     SELECT l.machine_id, coalesce(n.name, l.machine_id) AS machine, l.t,
       (SELECT min(f.t) FROM failures f WHERE f.machine_id=l.machine_id
          AND f.t>=l.t-?3 AND f.t<=?4) AS failed_at
     FROM last l LEFT JOIN machine_names n ON n.machine_id=l.machine_id
     WHERE l.t<?2`,
    [runId, cutoff, step, asOf],
  );
  const machines = rows
    .map((r) => ({
      machineId: Number(r.machine_id),
      machine: String(r.machine),
      lastT: Number(r.t),
      failedAt: r.failed_at === null ? null : Number(r.failed_at),
    }))
    .sort((a, b) => compareMachineIds(a.machine, b.machine));
  return { ...base, cutoff, machines };
}

/** A step in the summary's words: `12 h` for whole hours, else `30m`, `45s`. */
function stepWords(seconds: number): string {
  return seconds % 3600 === 0 ? `${seconds / 3600} h` : formatDuration(seconds);
}

/** The stale machines' keys, for filtering ranking rows (empty when they are included). */
export function leftOutIds(info: StaleInfo): Set<number> {
  return info.included ? new Set() : new Set(info.machines.map((m) => m.machineId));
}

/**
 * One English line saying how many machines were left out and why, e.g. "2 machines
 * left out: no data since 2015-03-01 00:00 (3 steps of 12 h before the data as of
 * 2015-03-02 12:00); 1 of them failed". Null when no machine is stale.
 */
export function staleSummary(info: StaleInfo | null): string | null {
  if (!info || !info.machines.length || info.cutoff === null || info.asOf === null) return null;
  const n = info.machines.length;
  const failed = info.machines.filter((m) => m.failedAt !== null).length;
  const what = `${n} machine${n === 1 ? '' : 's'}`;
  const since = formatEpoch(info.cutoff).slice(0, 16);
  const why =
    `no data since ${since} (${info.staleAfterSteps} step${info.staleAfterSteps === 1 ? '' : 's'} ` +
    `of ${stepWords(info.stepSeconds)} before the data as of ${formatEpoch(info.asOf).slice(0, 16)})` +
    (failed ? `; ${failed} of them failed` : '');
  return info.included ? `${what} with ${why} ranked anyway` : `${what} left out: ${why}`;
}
