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
import { getRun, latestResults, latestRunId, type RunInfo } from './run-store';
import { replacementLookup } from '../store/events-store';
import { machineListRows } from '../store/machines-store';
import { readReasons, readUsualValues, type UsualValues } from './reasons';
import { machinesWithoutListRow } from '../features/read-machine';
import { modelMetricsText } from '../model/model-store';
import { bandKey, runBands, type RowBands } from '../model/band-model';

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
  const names = store.machineNames();
  const models = new Map(machineListRows(store).map((m) => [m.machineId, m.model]));
  const lastReplaced = replacementLookup(store);
  const raw = latestResults(store, runId, opts.minRisk ?? 0)
    .filter((r) => !leftOut.has(r.machineId))
    .map((r) => ({
      ...r,
      machine: names.get(r.machineId) ?? String(r.machineId),
      model: models.get(r.machineId) ?? null,
      listed: models.has(r.machineId),
      lastReplace: lastReplaced(r.machineId, r.component, r.t),
    }));
  // Ties in risk go in machine order (text ids), which SQL cannot sort.
  raw.sort(
    (a, b) =>
      b.probability - a.probability ||
      compareMachineIds(a.machine, b.machine) ||
      (a.component < b.component ? -1 : a.component > b.component ? 1 : 0),
  );
  const top = opts.top ?? -1;
  const usual = modelUsualValues(store, run.modelId);
  const bands = runBands(store, runId);
  return {
    run,
    stale,
    unlisted,
    rows: (top >= 0 ? raw.slice(0, top) : raw).map((r) => ({
      machineId: r.machineId,
      machine: r.machine,
      machineModel: r.model ?? '',
      component: r.component,
      probability: r.probability,
      t: r.t,
      daysSinceReplace: r.lastReplace === null ? -1 : (r.t - r.lastReplace) / DAY,
      unlisted: !r.listed,
      reasons: readReasons(r.topFeatures, usual, r.model ?? ''),
      ...bandsOf(bands.get(bandKey(r.machineId, r.t, r.component))),
    })),
  };
}

/** A row's bands field: present only when the run stored bands for it. */
const bandsOf = (b: RowBands | undefined): { bands?: RowBands } => (b ? { bands: b } : {});

/** What is usual for each feature, kept with a model at training; null for older models. */
export function modelUsualValues(store: Store, modelId: number): UsualValues | null {
  const metrics = modelMetricsText(store, modelId);
  try {
    return readUsualValues(metrics === null ? null : JSON.parse(metrics));
  } catch {
    // Damaged metrics: reasons show their values without what is usual.
    return null;
  }
}
