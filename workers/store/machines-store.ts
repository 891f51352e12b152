/**
 * The owner of the `machines` table (the machine list: each machine's model and age):
 * every statement on it is here. The importer writes rows through the prepared
 * statements; features, the ranking, statistics and the screens read through the
 * functions below.
 */
import type { SqlValue, Statement } from 'sql.js';
import type { Store } from './store';

export interface MachineListRow {
  machineId: number;
  model: string;
  age: number;
}

/** (model, age) of one machine: bind [machineId]. */
export function prepareMachineRowRead(store: Store): Statement {
  return store.db.prepare('SELECT model, age FROM machines WHERE machine_id = ?');
}

/** Writes (machineId, model, age), replacing the machine's row. */
export function prepareMachineRowWrite(store: Store): Statement {
  return store.db.prepare(
    'INSERT OR REPLACE INTO machines(machine_id, model, age) VALUES(?, ?, ?)',
  );
}

function toRow(r: { machine_id: number; model: string; age: number }): MachineListRow {
  return { machineId: r.machine_id, model: r.model, age: r.age };
}

/** Every row of the machine list, in key order. */
export function machineListRows(store: Store): MachineListRow[] {
  return store
    .all<{ machine_id: number; model: string; age: number }>(
      'SELECT machine_id, model, age FROM machines ORDER BY machine_id',
    )
    .map(toRow);
}

/** One machine's row, or null when the machine is not in the machine list. */
export function machineListRow(store: Store, machineId: number): MachineListRow | null {
  const r = store.all<{ machine_id: number; model: string; age: number }>(
    'SELECT machine_id, model, age FROM machines WHERE machine_id=?',
    [machineId],
  )[0];
  return r ? toRow(r) : null;
}

export function machineCount(store: Store): number {
  return Number(store.scalar('SELECT count(*) FROM machines'));
}

/** The distinct models, unsorted. */
export function machineModels(store: Store): string[] {
  return store
    .all<{ v: SqlValue }>('SELECT DISTINCT model AS v FROM machines')
    .map((r) => String(r.v));
}

/** Machines per model, by model. */
export function machinesByModel(store: Store): { model: string; count: number }[] {
  return store
    .all<{ model: string; count: number }>(
      'SELECT model, count(*) AS count FROM machines GROUP BY model ORDER BY model',
    )
    .map((r) => ({ model: r.model, count: Number(r.count) }));
}

/** Machines per whole year of age, by age. */
export function machinesByAge(store: Store): { k: SqlValue; n: number }[] {
  return store.all<{ k: SqlValue; n: number }>(
    'SELECT CAST(age AS INTEGER) AS k, count(*) AS n FROM machines GROUP BY k ORDER BY k',
  );
}
