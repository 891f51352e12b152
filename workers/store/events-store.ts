/**
 * The owner of the three event tables, `errors`, `maint` (maintenance: a component
 * replaced) and `failures`: every statement reading or writing them is here. Each row
 * is (machine_id, t, name), the name being an error type or a component. Importers
 * insert through prepareEventInsert; features, the ranking, outcomes and the screens
 * read through the functions below.
 */
import type { SqlValue, Statement } from 'sql.js';
import type { Store } from './store';

export type EventTable = 'errors' | 'maint' | 'failures';

export const EVENT_TABLES: readonly EventTable[] = ['errors', 'maint', 'failures'];

/** The name column of each event table. */
const NAME: Record<EventTable, string> = { errors: 'error_id', maint: 'comp', failures: 'failure' };

function nameColumn(table: EventTable): string {
  const col = NAME[table];
  if (!col) throw new RangeError(`'${String(table)}' is not an event table`);
  return col;
}

/** Inserts one event (machine_id, t, name); an event stored already is ignored. */
export function prepareEventInsert(store: Store, table: EventTable): Statement {
  return store.db.prepare(
    `INSERT OR IGNORE INTO ${table}(machine_id, t, ${nameColumn(table)}) VALUES(?, ?, ?)`,
  );
}

/**
 * One machine's events for the features, oldest first, each row (t, name):
 * errors in (lo, hi], replacements up to hi, failures in (lo, hi].
 */
export function prepareMachineEventReads(store: Store): {
  errors: Statement;
  maint: Statement;
  failures: Statement;
} {
  const db = store.db;
  return {
    errors: db.prepare(
      'SELECT t, error_id FROM errors WHERE machine_id=? AND t>? AND t<=? ORDER BY t',
    ),
    maint: db.prepare('SELECT t, comp FROM maint WHERE machine_id=? AND t<=? ORDER BY t'),
    failures: db.prepare(
      'SELECT t, failure FROM failures WHERE machine_id=? AND t>? AND t<=? ORDER BY t, failure',
    ),
  };
}

/** The distinct names of an event table (error types or components), unsorted. */
export function eventNames(store: Store, table: EventTable): string[] {
  const col = nameColumn(table);
  return store
    .all<{ v: SqlValue }>(`SELECT DISTINCT ${col} AS v FROM ${table}`)
    .map((r) => String(r.v));
}

/** Components named by replacements or failures, sorted by SQLite (BINARY). */
export function componentNames(store: Store): string[] {
  return store
    .all<{ c: string }>('SELECT comp AS c FROM maint UNION SELECT failure FROM failures ORDER BY c')
    .map((r) => String(r.c));
}

export function eventCount(store: Store, table: EventTable): number {
  return Number(store.scalar(`SELECT count(*) FROM ${table}`));
}

/** Events per name (error type or component), by name. */
export function eventCountsByName(store: Store, table: EventTable): { k: SqlValue; n: number }[] {
  const col = nameColumn(table);
  return store.all<{ k: SqlValue; n: number }>(
    `SELECT ${col} AS k, count(*) AS n FROM ${table} GROUP BY ${col} ORDER BY ${col}`,
  );
}

/** Failures per month of plant time (`YYYY-MM`), by month. */
export function failuresByMonth(store: Store): { k: SqlValue; n: number }[] {
  return store.all<{ k: SqlValue; n: number }>(
    "SELECT strftime('%Y-%m', t, 'unixepoch') AS k, count(*) AS n FROM failures GROUP BY k ORDER BY k",
  );
}

/** Rows, machines with events, first and last time: one scan, for `pdm stats`. */
export function eventStats(
  store: Store,
  table: EventTable,
): { rows: number; machines: number; lo: number | null; hi: number | null } {
  nameColumn(table);
  return store.all<{ rows: number; machines: number; lo: number | null; hi: number | null }>(
    `SELECT count(*) AS rows, count(DISTINCT machine_id) AS machines, min(t) AS lo, max(t) AS hi FROM ${table}`,
  )[0];
}

/** Errors, maintenance and failures of one machine, newest first. */
export function machineEventList(
  store: Store,
  machineId: number,
  limit: number,
): { t: number; kind: 'error' | 'maint' | 'failure'; what: string }[] {
  return store.all<{ t: number; kind: 'error' | 'maint' | 'failure'; what: string }>(
    `SELECT t, 'error' AS kind, error_id AS what FROM errors WHERE machine_id=?
     UNION ALL SELECT t, 'maint', comp FROM maint WHERE machine_id=?
     UNION ALL SELECT t, 'failure', failure FROM failures WHERE machine_id=?
     ORDER BY t DESC LIMIT ?`,
    [machineId, machineId, machineId, limit],
  );
}

/**
 * The last replacement of a component on a machine at or before a time, or null when
 * it was never replaced then. Reads the replacements once (of one machine when given)
 * and answers each question in memory: a ranking asks it for every row.
 */
export function replacementLookup(
  store: Store,
  machineId?: number,
): (machineId: number, component: string, t: number) => number | null {
  const rows = store.all<{ m: number; c: string; t: number }>(
    machineId === undefined
      ? 'SELECT machine_id AS m, comp AS c, t FROM maint ORDER BY m, c, t'
      : 'SELECT machine_id AS m, comp AS c, t FROM maint WHERE machine_id=? ORDER BY c, t',
    machineId === undefined ? [] : [machineId],
  );
  const times = new Map<string, number[]>();
  for (const r of rows) {
    const k = `${r.m}\u0000${r.c}`;
    const list = times.get(k);
    if (list) list.push(Number(r.t));
    else times.set(k, [Number(r.t)]);
  }
  return (m, component, t) => {
    const ts = times.get(`${m}\u0000${component}`);
    if (!ts || ts[0] > t) return null;
    // Last time <= t in the ascending list.
    let lo = 0;
    let hi = ts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ts[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return ts[lo];
  };
}

export interface FailureEvent {
  machineId: number;
  t: number;
  component: string;
}

/** Failures with lo < t <= hi, in time, machine and component order. */
export function failuresBetween(store: Store, lo: number, hi: number): FailureEvent[] {
  return store
    .all<{ m: number; t: number; f: string }>(
      'SELECT machine_id AS m, t, failure AS f FROM failures WHERE t > ? AND t <= ? ORDER BY t, m, f',
      [lo, hi],
    )
    .map((r) => ({ machineId: Number(r.m), t: Number(r.t), component: String(r.f) }));
}

/** Latest failure time of the plant; 0 without failures. */
export function lastFailureTime(store: Store): number {
  return Number(store.scalar('SELECT coalesce(max(t), 0) FROM failures'));
}

/**
 * The first failure of a machine with from <= t <= to: call `between` as often as
 * needed, then `free`. Null when it did not fail then.
 */
export function firstFailureFinder(store: Store): {
  between(machineId: number, from: number, to: number): number | null;
  free(): void;
} {
  const st = store.db.prepare('SELECT min(t) FROM failures WHERE machine_id=? AND t>=? AND t<=?');
  return {
    between(machineId, from, to) {
      st.bind([machineId, from, to]);
      const v = st.step() ? st.get()[0] : null;
      st.reset();
      return v === null ? null : Number(v);
    },
    free: () => st.free(),
  };
}

/**
 * Every event of a table with t in (after, upTo] (bind [after, upTo]), ordered by machine
 * key, time and name: rows (machine_id, t, name).
 */
export function prepareEventScan(store: Store, table: EventTable): Statement {
  return store.db.prepare(
    `SELECT machine_id, t, ${nameColumn(table)} FROM ${table} WHERE t > ? AND t <= ? ORDER BY machine_id, t, 3`,
  );
}
