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
import { machinesWithTelemetry, prepareMachineReadings } from '../store/telemetry-store';
import { prepareMachineEventReads } from '../store/events-store';
import { machineListRows, prepareMachineRowRead } from '../store/machines-store';

/** Finite stand-ins for open range ends (SQLite compares them with integer t). */
const FAR_PAST = -1e15;
const FAR_FUTURE = 1e15;

export interface ReadRange {
  /** First observation time wanted (inclusive); windows look back before it. */
  from?: number;
  /** Last observation time wanted (inclusive). */
  to?: number;
  /**
   * Read the failure records (for labels). False leaves them unread and empty: the
   * health ranking scores without ever looking at failures. Default true.
   */
  failures?: boolean;
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
    this.nSensors = schema.sensors.length;
    this.tel = prepareMachineReadings(
      store,
      schema.sensors.map((s) => sensorColumn(s.col, s.name)),
    );
    const events = prepareMachineEventReads(store);
    this.err = events.errors;
    this.maint = events.maint;
    this.fail = events.failures;
    this.mach = prepareMachineRowRead(store);
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
    const [failT, failComp] =
      range.failures === false
        ? [new Float64Array(0), new Int32Array(0)]
        : this.events(this.fail, [machineId, failLo, failHi], this.compIndex);

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
 * Text ids of the machines that have telemetry but no machine-list row, in machine
 * order: their features get age -1 and no model column set (FEATURES.md), so the
 * import report names them.
 */
export function machinesWithoutListRow(store: Store): string[] {
  const listed = new Set(machineListRows(store).map((r) => r.machineId));
  const names = store.machineNames();
  const keys = machinesWithTelemetry(store).filter((k) => !listed.has(k));
  return store.sortMachineKeys(keys, names).map((k) => names.get(k) ?? String(k));
}
