/**
 * Read-only queries behind the Explore and machine-detail screens. Pure functions over
 * the Store so they run unchanged in the app's worker and in Node tests. Telemetry is
 * aggregated in SQL (min/max per time bucket) so a chart never pulls raw rows.
 */
import type { Store } from '../store/store';
import { machinesWithTelemetry, machinesWithoutListRow } from '../features/read-machine';
import type {
  CountRow,
  EventRow,
  ExploreOverview,
  MachineRow,
  PlantSummary,
  TelemetrySeries,
} from './api-types';
import { sensorColumn } from '../store/sql-ident';

const DAY = 86400;

function counts(store: Store, sql: string): CountRow[] {
  return store
    .all<{ k: unknown; n: number }>(sql)
    .map((r) => ({ key: String(r.k), count: Number(r.n) }));
}

function tableExists(store: Store, name: string): boolean {
  return (
    Number(
      store.scalar("SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?", [name]),
    ) > 0
  );
}

/** Counts and ranges for the nav and Start screen; cheap (uses indexes and count(*)). */
export function plantSummary(store: Store, name: string): PlantSummary {
  const n = (sql: string) => Number(store.scalar(sql) ?? 0);
  const from = store.scalar('SELECT min(t) FROM telemetry');
  const to = store.scalar('SELECT max(t) FROM telemetry');
  const hasModels = tableExists(store, 'models');
  const active = hasModels ? store.scalar('SELECT id FROM models WHERE active=1 LIMIT 1') : null;
  const latest = hasModels
    ? store.scalar("SELECT id FROM runs WHERE status='ok' ORDER BY id DESC LIMIT 1")
    : null;
  return {
    name,
    schemaVersion: store.schemaVersion,
    machines: n('SELECT count(*) FROM machines'),
    sensors: store.sensors().map((s) => s.name),
    telemetryRows: n('SELECT count(*) FROM telemetry'),
    errors: n('SELECT count(*) FROM errors'),
    maint: n('SELECT count(*) FROM maint'),
    failures: n('SELECT count(*) FROM failures'),
    from: from === null ? null : Number(from),
    to: to === null ? null : Number(to),
    models: hasModels ? n('SELECT count(*) FROM models WHERE removed IS NULL') : 0,
    activeModelId: active === null ? null : Number(active),
    runs: hasModels ? n('SELECT count(*) FROM runs') : 0,
    latestRunId: latest === null ? null : Number(latest),
    imports: n('SELECT count(*) FROM import_log'),
  };
}

export function exploreOverview(store: Store): ExploreOverview {
  return {
    machinesByModel: counts(
      store,
      'SELECT model AS k, count(*) AS n FROM machines GROUP BY model ORDER BY model',
    ),
    ageHistogram: counts(
      store,
      'SELECT CAST(age AS INTEGER) AS k, count(*) AS n FROM machines GROUP BY k ORDER BY k',
    ),
    errorsByType: counts(
      store,
      'SELECT error_id AS k, count(*) AS n FROM errors GROUP BY error_id ORDER BY error_id',
    ),
    maintByComponent: counts(
      store,
      'SELECT comp AS k, count(*) AS n FROM maint GROUP BY comp ORDER BY comp',
    ),
    failuresByComponent: counts(
      store,
      'SELECT failure AS k, count(*) AS n FROM failures GROUP BY failure ORDER BY failure',
    ),
    failuresByMonth: counts(
      store,
      "SELECT strftime('%Y-%m', t, 'unixepoch') AS k, count(*) AS n FROM failures GROUP BY k ORDER BY k",
    ),
    unlisted: machinesWithoutListRow(store),
  };
}

/**
 * Every machine of the plant in machine order: those in the machine list, and those
 * that report telemetry without a machine-list row (model '', age NaN).
 */
export function machineList(store: Store): MachineRow[] {
  const rows = store.all<{ machine_id: number; model: string; age: number }>(
    'SELECT machine_id, model, age FROM machines',
  );
  const byKey = new Map<number, MachineRow>();
  const names = store.machineNames();
  const name = (k: number) => names.get(k) ?? String(k);
  for (const r of rows) {
    byKey.set(r.machine_id, {
      machineId: r.machine_id,
      machine: name(r.machine_id),
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
  const r = store.all<{ a: number | null; b: number | null }>(
    'SELECT min(t) AS a, max(t) AS b FROM telemetry WHERE machine_id=?',
    [machineId],
  )[0];
  return r && r.a !== null && r.b !== null ? { from: r.a, to: r.b } : null;
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
  const cols = sensors
    .map((s) => sensorColumn(s.col, s.name))
    .map((c) => `min(${c}), max(${c})`)
    .join(', ');
  const sql =
    `SELECT (t - ?) / ? AS b, min(t), count(*)${cols ? ', ' + cols : ''} FROM telemetry ` +
    'WHERE machine_id=? AND t BETWEEN ? AND ? GROUP BY b ORDER BY b';
  const st = store.db.prepare(sql);
  const t: number[] = [];
  const mins: number[][] = sensors.map(() => []);
  const maxs: number[][] = sensors.map(() => []);
  let rawRows = 0;
  try {
    st.bind([from, width, machineId, from, to]);
    while (st.step()) {
      const row = st.get();
      t.push(Number(row[1]));
      rawRows += Number(row[2]);
      for (let i = 0; i < sensors.length; i++) {
        const lo = row[3 + 2 * i];
        const hi = row[4 + 2 * i];
        mins[i].push(lo === null ? NaN : Number(lo));
        maxs[i].push(hi === null ? NaN : Number(hi));
      }
    }
  } finally {
    st.free();
  }
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
  return store
    .all<{ t: number; kind: EventRow['kind']; what: string }>(
      `SELECT t, 'error' AS kind, error_id AS what FROM errors WHERE machine_id=?
       UNION ALL SELECT t, 'maint', comp FROM maint WHERE machine_id=?
       UNION ALL SELECT t, 'failure', failure FROM failures WHERE machine_id=?
       ORDER BY t DESC LIMIT ?`,
      [machineId, machineId, machineId, limit],
    )
    .map((r) => ({ t: r.t, kind: r.kind, what: r.what }));
}

/** Last replacement per component of one machine at time `at` (maint records, FEATURES.md). */
export function lastReplacements(
  store: Store,
  machineId: number,
  at: number,
): { component: string; lastT: number | null; days: number | null }[] {
  const comps = store
    .all<{ c: string }>('SELECT comp AS c FROM maint UNION SELECT failure FROM failures ORDER BY c')
    .map((r) => r.c);
  return comps.map((c) => {
    const v = store.scalar('SELECT max(t) FROM maint WHERE machine_id=? AND comp=? AND t<=?', [
      machineId,
      c,
      at,
    ]);
    const lastT = v === null ? null : Number(v);
    return { component: c, lastT, days: lastT === null ? null : (at - lastT) / DAY };
  });
}
