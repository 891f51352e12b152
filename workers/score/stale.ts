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
import { firstFailureFinder } from '../store/events-store';
import { lastResultTimes, resultSpan } from './run-store';
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
  const asOf = resultSpan(store, runId).hi;
  const step = runModelCadence(store, runId).stepSeconds;
  const base = { asOf, staleAfterSteps, stepSeconds: step, included };
  if (asOf === null) return { ...base, cutoff: null, machines: [] };
  const cutoff = asOf - staleAfterSteps * step;
  const names = store.machineNames();
  const failure = firstFailureFinder(store);
  let machines;
  try {
    // A machine whose last observation is before the cutoff; a failure from its last
    // step up to the data-as-of time explains why it stopped reporting.
    machines = lastResultTimes(store, runId)
      .filter((l) => l.t < cutoff)
      .map((l) => ({
        machineId: l.machineId,
        machine: names.get(l.machineId) ?? String(l.machineId),
        lastT: l.t,
        failedAt: failure.between(l.machineId, l.t - step, asOf),
      }));
  } finally {
    failure.free();
  }
  machines.sort((a, b) => compareMachineIds(a.machine, b.machine));
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
