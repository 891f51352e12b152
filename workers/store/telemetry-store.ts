/**
 * The telemetry table's one owner: every statement that reads or writes readings is
 * here, so an index, a column rule or a change of the key is made in one place. Other
 * modules call these functions; the hot paths (import batches, one machine's rows for
 * the features) get prepared statements from here and step them themselves. Sensor
 * columns are added and dropped with their `sensors` row by `Store.ensureSensor`.
 */
import type { SqlValue, Statement } from 'sql.js';
import type { Store } from './store';

/** First and last reading time of the plant (or of one machine), or null when none. */
export interface TimeSpan {
  from: number;
  to: number;
}

function span(store: Store, sql: string, params: SqlValue[] = []): TimeSpan | null {
  const r = store.all<{ a: number | null; b: number | null }>(sql, params)[0];
  return r && r.a !== null && r.b !== null ? { from: Number(r.a), to: Number(r.b) } : null;
}

/** First and last reading time of the whole plant, or null without telemetry. */
export function telemetrySpan(store: Store): TimeSpan | null {
  return span(store, 'SELECT min(t) AS a, max(t) AS b FROM telemetry');
}

/**
 * telemetrySpan by index seeks: the first and last reading of each machine given (its
 * primary key range), so a plant of millions of readings is not scanned.
 */
export function telemetrySpanOf(store: Store, machineIds: readonly number[]): TimeSpan | null {
  // Two statements: SQLite answers a lone min() or max() from the index, but scans the
  // machine's rows for both in one query.
  const first = store.db.prepare('SELECT min(t) FROM telemetry WHERE machine_id = ?');
  const last = store.db.prepare('SELECT max(t) FROM telemetry WHERE machine_id = ?');
  const one = (st: Statement, key: number): number | null => {
    st.bind([key]);
    const v = st.step() ? st.get()[0] : null;
    st.reset();
    return v === null ? null : Number(v);
  };
  let from = Infinity;
  let to = -Infinity;
  try {
    for (const key of machineIds) {
      const a = one(first, key);
      const b = one(last, key);
      if (a !== null && a < from) from = a;
      if (b !== null && b > to) to = b;
    }
  } finally {
    first.free();
    last.free();
  }
  return from <= to ? { from, to } : null;
}

/** First and last reading time of one machine, or null. */
export function machineTelemetrySpan(store: Store, machineId: number): TimeSpan | null {
  return span(store, 'SELECT min(t) AS a, max(t) AS b FROM telemetry WHERE machine_id=?', [
    machineId,
  ]);
}

/** Latest reading time of the plant; 0 without telemetry. */
export function lastReadingTime(store: Store): number {
  return Number(store.scalar('SELECT coalesce(max(t), 0) FROM telemetry'));
}

export function telemetryRowCount(store: Store): number {
  return Number(store.scalar('SELECT count(*) FROM telemetry'));
}

/** Rows, machines with readings, first and last time: one scan, for `pdm stats`. */
export function telemetryStats(store: Store): {
  rows: number;
  machines: number;
  lo: number | null;
  hi: number | null;
} {
  return store.all<{ rows: number; machines: number; lo: number | null; hi: number | null }>(
    'SELECT count(*) AS rows, count(DISTINCT machine_id) AS machines, min(t) AS lo, max(t) AS hi FROM telemetry',
  )[0];
}

/** Each machine's latest reading time, by machine key. */
export function lastReadingByMachine(store: Store): { machineId: number; t: number }[] {
  return store
    .all<{ m: number; t: number }>('SELECT machine_id AS m, max(t) AS t FROM telemetry GROUP BY m')
    .map((r) => ({ machineId: Number(r.m), t: Number(r.t) }));
}

/** Span of readings (last minus first) of each machine given; NaN for one without. */
export function readingSpans(store: Store, machineIds: readonly number[]): number[] {
  const st = store.db.prepare('SELECT min(t), max(t) FROM telemetry WHERE machine_id = ?');
  try {
    return machineIds.map((key) => {
      st.bind([key]);
      const r = st.step() ? st.get() : [null, null];
      st.reset();
      return r[0] === null || r[1] === null ? NaN : Number(r[1]) - Number(r[0]);
    });
  } finally {
    st.free();
  }
}

/**
 * Keys of the machines that have telemetry, ascending by key (callers sort them in
 * machine order with Store.sortMachineKeys). Uses one index seek per machine
 * (min(machine_id) above the previous), not a scan of the telemetry table.
 */
export function machinesWithTelemetry(store: Store): number[] {
  const st = store.db.prepare('SELECT min(machine_id) FROM telemetry WHERE machine_id > ?');
  const ids: number[] = [];
  try {
    let prev = -Number.MAX_SAFE_INTEGER;
    for (;;) {
      st.bind([prev]);
      const v = st.step() ? st.get()[0] : null;
      st.reset();
      if (v === null) break;
      prev = v as number;
      ids.push(prev);
    }
  } finally {
    st.free();
  }
  return ids;
}

/**
 * One machine's readings in (lo, hi], oldest first: bind [machineId, lo, hi]; each row
 * is `t` then the given (already quoted) sensor columns. The caller frees it.
 */
export function prepareMachineReadings(store: Store, quotedColumns: readonly string[]): Statement {
  const cols = quotedColumns.map((c) => `, ${c}`).join('');
  return store.db.prepare(
    `SELECT t${cols} FROM telemetry WHERE machine_id=? AND t>? AND t<=? ORDER BY t`,
  );
}

/** Whether a machine has any reading in [from, to): bind [machineId, from, to]. */
export function prepareReadingProbe(store: Store): Statement {
  return store.db.prepare('SELECT 1 FROM telemetry WHERE machine_id=? AND t>=? AND t<? LIMIT 1');
}

/**
 * One machine's readings in [from, to] in buckets `width` seconds wide from `from`:
 * per bucket its first time, the readings in it, then min and max of each (quoted)
 * sensor column. Uses the (machine_id, t) key, aggregated inside SQLite.
 */
export function eachTelemetryBucket(
  store: Store,
  machineId: number,
  from: number,
  to: number,
  width: number,
  quotedColumns: readonly string[],
  onBucket: (row: SqlValue[]) => void,
): void {
  const cols = quotedColumns.map((c) => `min(${c}), max(${c})`).join(', ');
  const st = store.db.prepare(
    `SELECT (t - ?) / ? AS b, min(t), count(*)${cols ? ', ' + cols : ''} FROM telemetry ` +
      'WHERE machine_id=? AND t BETWEEN ? AND ? GROUP BY b ORDER BY b',
  );
  try {
    st.bind([from, width, machineId, from, to]);
    while (st.step()) onBucket(st.get());
  } finally {
    st.free();
  }
}

/**
 * A multi-row insert of `n` readings of the given (quoted) sensor columns, 2 + columns
 * values a row. A row already stored for (machine, t) keeps its values; sensor values
 * it lacks (NULL: an export of other sensors of the same machines and times) are
 * filled in, which SQLite counts as a change.
 */
export function prepareTelemetryInsert(
  store: Store,
  quotedColumns: readonly string[],
  n: number,
): Statement {
  const cols = quotedColumns;
  const tuple = `(${['?', '?', ...cols.map(() => '?')].join(', ')})`;
  const fill =
    ` ON CONFLICT(machine_id, t) DO UPDATE SET ` +
    cols.map((c) => `${c} = coalesce(telemetry.${c}, excluded.${c})`).join(', ') +
    ` WHERE ` +
    cols.map((c) => `(telemetry.${c} IS NULL AND excluded.${c} IS NOT NULL)`).join(' OR ');
  return store.db.prepare(
    `INSERT INTO telemetry(machine_id, t, ${cols.join(', ')}) VALUES ` +
      Array.from({ length: n }, () => tuple).join(', ') +
      fill,
  );
}

/**
 * An upsert of `n` readings (machine, t, value) into one (quoted) sensor column that
 * fills the cell only when it is empty: a filled one makes the reading a duplicate.
 */
export function prepareSensorUpsert(store: Store, quotedColumn: string, n: number): Statement {
  const col = quotedColumn;
  return store.db.prepare(
    `INSERT INTO telemetry(machine_id, t, ${col}) VALUES ` +
      Array.from({ length: n }, () => '(?, ?, ?)').join(', ') +
      ` ON CONFLICT(machine_id, t) DO UPDATE SET ${col} = excluded.${col} ` +
      `WHERE telemetry.${col} IS NULL`,
  );
}

/**
 * Every reading with t in (after, upTo] (bind [after, upTo]), ordered by machine key then
 * time (the primary key, so no sort): rows (machine_id, t, ...the quoted columns).
 */
export function prepareTelemetryScan(store: Store, quotedColumns: readonly string[]): Statement {
  const list = quotedColumns.map((c) => `, ${c}`).join('');
  return store.db.prepare(
    `SELECT machine_id, t${list} FROM telemetry WHERE t > ? AND t <= ? ORDER BY machine_id, t`,
  );
}
