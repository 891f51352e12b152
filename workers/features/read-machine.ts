/**
 * Reading one machine's data from the plant database into typed arrays, platform-
 * neutral (sql.js in a worker, in Electron or in Node). Telemetry is stepped row by
 * row into growable typed arrays; nothing per reading is kept as an object.
 */
import type { Statement, SqlValue } from 'sql.js';
import type { Store } from '../store/store';
import { GrowableFloat64, GrowableInt32 } from './growable';
import type { MachineData } from './machine-features';
import type { PlantSchema } from './schema';
import { DEFAULT_CADENCE, type Cadence } from '../shared/cadence';
import { sensorColumn } from '../store/sql-ident';

/** Finite stand-ins for open range ends (SQLite compares them with integer t). */
const FAR_PAST = -1e15;
const FAR_FUTURE = 1e15;

export interface ReadRange {
  /** First observation time wanted (inclusive); windows look back before it. */
  from?: number;
  /** Last observation time wanted (inclusive). */
  to?: number;
}

/**
 * Prepared statements reused for every machine (one set per build). Call close() when
 * done; the reader must not outlive the store.
 */
export class MachineReader {
  private readonly tel: Statement;
  private readonly err: Statement;
  private readonly maint: Statement;
  private readonly fail: Statement;
  private readonly mach: Statement;
  private readonly errIndex: Map<string, number>;
  private readonly compIndex: Map<string, number>;
  private readonly modelIndex: Map<string, number>;
  private readonly nSensors: number;
  private readonly tBuf = new GrowableFloat64(1024);
  private readonly xBuf = new GrowableFloat64(4096);

  constructor(
    store: Store,
    readonly schema: PlantSchema,
    /** Windows and event window set how far back reads go; the horizon how far ahead. */
    readonly cadence: Cadence = DEFAULT_CADENCE,
  ) {
    const cols = schema.sensors.map((s) => `, ${sensorColumn(s.col, s.name)}`).join('');
    this.nSensors = schema.sensors.length;
    const db = store.db;
    this.tel = db.prepare(
      `SELECT t${cols} FROM telemetry WHERE machine_id=? AND t>? AND t<=? ORDER BY t`,
    );
    this.err = db.prepare(
      'SELECT t, error_id FROM errors WHERE machine_id=? AND t>? AND t<=? ORDER BY t',
    );
    this.maint = db.prepare('SELECT t, comp FROM maint WHERE machine_id=? AND t<=? ORDER BY t');
    this.fail = db.prepare(
      'SELECT t, failure FROM failures WHERE machine_id=? AND t>? AND t<=? ORDER BY t, failure',
    );
    this.mach = db.prepare('SELECT model, age FROM machines WHERE machine_id=?');
    const index = (names: string[]) => new Map(names.map((n, i) => [n, i]));
    this.errIndex = index(schema.errorTypes);
    this.compIndex = index(schema.components);
    this.modelIndex = index(schema.models);
  }

  /** Everything computeMachineFeatures needs for observation times in the range. */
  read(machineId: number, range: ReadRange = {}): MachineData {
    const from = range.from ?? -Infinity;
    const to = range.to ?? Infinity;
    // A reading in (T - step, T] makes T an observation; windows look back further.
    const lookBack = Math.max(this.cadence.stepSeconds, ...this.cadence.windowSeconds);
    const lo = Number.isFinite(from) ? from - lookBack : FAR_PAST;
    const hi = Number.isFinite(to) ? to : FAR_FUTURE;
    const S = this.nSensors;

    // Telemetry: readings in (from - lookBack, to] feed every observation and window
    // ending in [from, to].
    const tb = this.tBuf;
    const xb = this.xBuf;
    tb.clear();
    xb.clear();
    const st = this.tel;
    st.bind([machineId, lo, hi]);
    while (st.step()) {
      const row = st.get();
      tb.push(row[0] as number);
      xb.reserve(S);
      for (let s = 1; s <= S; s++) {
        const v = row[s];
        xb.push(v === null ? NaN : (v as number));
      }
    }
    st.reset();

    const errLo = Number.isFinite(from) ? from - this.cadence.eventWindowSeconds : FAR_PAST;
    const [errT, errType] = this.events(this.err, [machineId, errLo, hi], this.errIndex);
    const [maintT, maintComp] = this.events(this.maint, [machineId, hi], this.compIndex);
    const h = this.cadence.horizonSeconds;
    const failLo = Number.isFinite(from) ? from : FAR_PAST;
    const failHi = Number.isFinite(to) ? to + h : FAR_FUTURE;
    const [failT, failComp] = this.events(this.fail, [machineId, failLo, failHi], this.compIndex);

    // A machine missing from the machine list: age -1 and no model (FEATURES.md).
    let age = -1;
    let model = -1;
    this.mach.bind([machineId]);
    if (this.mach.step()) {
      const [m, a] = this.mach.get();
      age = a === null ? -1 : Number(a);
      model = this.modelIndex.get(String(m)) ?? -1;
    }
    this.mach.reset();

    return {
      machineId,
      t: tb.toArray(),
      x: xb.toArray(),
      errT,
      errType,
      maintT,
      maintComp,
      failT,
      failComp,
      age,
      model,
    };
  }

  private events(
    st: Statement,
    params: SqlValue[],
    index: Map<string, number>,
  ): [Float64Array, Int32Array] {
    const t = new GrowableFloat64(64);
    const k = new GrowableInt32(64);
    st.bind(params);
    while (st.step()) {
      const [time, name] = st.get();
      const i = index.get(String(name));
      if (i === undefined) continue; // not in the schema (cannot happen for a fresh schema)
      t.push(time as number);
      k.push(i);
    }
    st.reset();
    return [t.toArray(), k.toArray()];
  }

  close(): void {
    for (const st of [this.tel, this.err, this.maint, this.fail, this.mach]) st.free();
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
 * Text ids of the machines that have telemetry but no machine-list row, in machine
 * order: their features get age -1 and no model column set (FEATURES.md), so the
 * import report names them.
 */
export function machinesWithoutListRow(store: Store): string[] {
  const listed = new Set(
    store.all<{ m: number }>('SELECT machine_id AS m FROM machines').map((r) => r.m),
  );
  const names = store.machineNames();
  const keys = machinesWithTelemetry(store).filter((k) => !listed.has(k));
  return store.sortMachineKeys(keys, names).map((k) => names.get(k) ?? String(k));
}
