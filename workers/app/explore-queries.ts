/**
 * Read-only queries behind the Explore and machine-detail screens. Pure functions over
 * the Store so they run unchanged in the app's worker and in Node tests. Telemetry is
 * aggregated in SQL (min/max per time bucket) so a chart never pulls raw rows.
 */
import type { Store } from '../store/store';
import { machinesWithoutListRow } from '../features/read-machine';
import type {
  CountRow,
  EventRow,
  ExploreOverview,
  MachineRow,
  PlantSummary,
  TelemetrySeries,
} from './api-types';
import { sensorColumn } from '../store/sql-ident';
import {
  eachTelemetryBucket,
  machinesWithTelemetry,
  machineTelemetrySpan,
  telemetryRowCount,
  telemetrySpan,
} from '../store/telemetry-store';
import {
  componentNames,
  eventCount,
  eventCountsByName,
  failuresByMonth,
  replacementLookup,
  machineEventList,
} from '../store/events-store';
import {
  machineCount,
  machineListRows,
  machinesByAge,
  machinesByModel,
} from '../store/machines-store';
import { importCount } from '../store/import-log';
import { modelCounts } from '../model/model-store';
import { latestRunId, runCount } from '../score/run-store';

const DAY = 86400;

function counts(rows: { k: unknown; n: number }[]): CountRow[] {
  return rows.map((r) => ({ key: String(r.k), count: Number(r.n) }));
}

/** Counts and ranges for the nav and Start screen; cheap (uses indexes and count(*)). */
export function plantSummary(store: Store, name: string): PlantSummary {
  const span = telemetrySpan(store);
  const models = modelCounts(store);
  return {
    name,
    schemaVersion: store.schemaVersion,
    machines: machineCount(store),
    sensors: store.sensors().map((s) => s.name),
    telemetryRows: telemetryRowCount(store),
    errors: eventCount(store, 'errors'),
    maint: eventCount(store, 'maint'),
    failures: eventCount(store, 'failures'),
    from: span?.from ?? null,
    to: span?.to ?? null,
    models: models.models,
    activeModelId: models.activeModelId,
    runs: runCount(store),
    latestRunId: latestRunId(store),
    imports: importCount(store),
  };
}

export function exploreOverview(store: Store): ExploreOverview {
  return {
    machinesByModel: machinesByModel(store).map((r) => ({ key: r.model, count: r.count })),
    ageHistogram: counts(machinesByAge(store)),
    errorsByType: counts(eventCountsByName(store, 'errors')),
    maintByComponent: counts(eventCountsByName(store, 'maint')),
    failuresByComponent: counts(eventCountsByName(store, 'failures')),
    failuresByMonth: counts(failuresByMonth(store)),
    unlisted: machinesWithoutListRow(store),
  };
}

/**
 * Every machine of the plant in machine order: those in the machine list, and those
 * that report telemetry without a machine-list row (model '', age NaN).
 */
export function machineList(store: Store): MachineRow[] {
  const byKey = new Map<number, MachineRow>();
  const names = store.machineNames();
  const name = (k: number) => names.get(k) ?? String(k);
  for (const r of machineListRows(store)) {
    byKey.set(r.machineId, {
      machineId: r.machineId,
      machine: name(r.machineId),
      model: r.model,
      age: r.age,
    });
  }
  for (const k of machinesWithTelemetry(store)) {
    if (!byKey.has(k)) byKey.set(k, { machineId: k, machine: name(k), model: '', age: NaN });
  }
  return store.sortMachineKeys(byKey.keys(), names).map((k) => byKey.get(k)!);
}

/** First and last telemetry time of one machine, or null. */
export function machineRange(store: Store, machineId: number): { from: number; to: number } | null {
  return machineTelemetrySpan(store, machineId);
}

/**
 * Telemetry for one machine in [from, to] reduced to at most `buckets` buckets, each
 * with min and max per sensor. Uses the (machine_id, t) primary key, so the cost is
 * the rows in range, aggregated inside SQLite.
 */
export function telemetrySeries(
  store: Store,
  machineId: number,
  from: number,
  to: number,
  buckets = 800,
): TelemetrySeries {
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > 20000) {
    throw new RangeError(`buckets must be an integer in 1..20000, got ${buckets}`);
  }
  if (!(to >= from)) throw new RangeError(`to (${to}) must not be before from (${from})`);
  const sensors = store.sensors();
  const span = Math.max(1, to - from + 1);
  const width = Math.max(1, Math.ceil(span / buckets));
  const t: number[] = [];
  const mins: number[][] = sensors.map(() => []);
  const maxs: number[][] = sensors.map(() => []);
  let rawRows = 0;
  eachTelemetryBucket(
    store,
    machineId,
    from,
    to,
    width,
    sensors.map((s) => sensorColumn(s.col, s.name)),
    (row) => {
      t.push(Number(row[1]));
      rawRows += Number(row[2]);
      for (let i = 0; i < sensors.length; i++) {
        const lo = row[3 + 2 * i];
        const hi = row[4 + 2 * i];
        mins[i].push(lo === null ? NaN : Number(lo));
        maxs[i].push(hi === null ? NaN : Number(hi));
      }
    },
  );
  return {
    machineId,
    sensors: sensors.map((s) => s.name),
    t: Float64Array.from(t),
    min: mins.map((a) => Float64Array.from(a)),
    max: maxs.map((a) => Float64Array.from(a)),
    rawRows,
  };
}

/** Errors, maintenance and failures of one machine, newest first. */
export function machineEvents(store: Store, machineId: number, limit = 50): EventRow[] {
  return machineEventList(store, machineId, limit).map((r) => ({
    t: r.t,
    kind: r.kind,
    what: r.what,
  }));
}

/** Last replacement per component of one machine at time `at` (maint records, FEATURES.md). */
export function lastReplacements(
  store: Store,
  machineId: number,
  at: number,
): { component: string; lastT: number | null; days: number | null }[] {
  const lastReplaced = replacementLookup(store, machineId);
  return componentNames(store).map((c) => {
    const lastT = lastReplaced(machineId, c, at);
    return { component: c, lastT, days: lastT === null ? null : (at - lastT) / DAY };
  });
}
