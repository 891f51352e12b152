/**
 * Whole-table reads of the plant's raw data for copying it out (the export bundle):
 * telemetry streamed in chunks of typed arrays in key order, the event tables and
 * the machine list as small arrays. Times are the stored plant wall-clock seconds;
 * machines are the integer keys (Store.machineNames gives their text).
 */
import type { Store } from './store';
import { sensorColumn } from './sql-ident';
import { prepareTelemetryScan } from './telemetry-store';
import { prepareEventScan, type EventTable } from './events-store';
import { machineListRows as listRows } from './machines-store';

/** Which readings and events to copy; bounds in seconds, open when absent. */
export interface ScanRange {
  /** Rows with t strictly after this. */
  after?: number;
  /** Rows with t at or before this. */
  upTo?: number;
}

const FAR_PAST = -1e15;
const FAR_FUTURE = 1e15;
const bounds = (r: ScanRange) => [r.after ?? FAR_PAST, r.upTo ?? FAR_FUTURE];

export interface TelemetryChunk {
  rows: number;
  machineId: Int32Array;
  t: Float64Array;
  /** One array per requested sensor column; NaN where the value is missing. */
  values: Float64Array[];
}

/**
 * Telemetry rows in (after, upTo], ordered by machine key then time (the table's
 * primary key, so no sort), in chunks of at most `chunkRows` rows. `cols` are the
 * sensors' telemetry columns (`s1`, ...), as Store.sensors() gives them.
 */
export function* scanTelemetry(
  store: Store,
  cols: string[],
  range: ScanRange,
  chunkRows = 65536,
): Generator<TelemetryChunk> {
  const st = prepareTelemetryScan(
    store,
    cols.map((c) => sensorColumn(c)),
  );
  const S = cols.length;
  const fresh = (): TelemetryChunk => ({
    rows: 0,
    machineId: new Int32Array(chunkRows),
    t: new Float64Array(chunkRows),
    values: cols.map(() => new Float64Array(chunkRows)),
  });
  try {
    st.bind(bounds(range));
    let c = fresh();
    while (st.step()) {
      const row = st.get();
      const r = c.rows++;
      c.machineId[r] = row[0] as number;
      c.t[r] = row[1] as number;
      for (let s = 0; s < S; s++) {
        const v = row[s + 2];
        c.values[s][r] = v === null ? NaN : (v as number);
      }
      if (c.rows === chunkRows) {
        yield c;
        c = fresh();
      }
    }
    if (c.rows > 0) yield c;
  } finally {
    st.free();
  }
}

export interface EventRows {
  machineId: number[];
  t: number[];
  /** The error type, replaced component or failed component. */
  name: string[];
}

/** Rows of an event table in (after, upTo], ordered by machine key, time and name. */
export function scanEvents(store: Store, table: EventTable, range: ScanRange): EventRows {
  const out: EventRows = { machineId: [], t: [], name: [] };
  const st = prepareEventScan(store, table);
  try {
    st.bind(bounds(range));
    while (st.step()) {
      const [m, t, n] = st.get();
      out.machineId.push(m as number);
      out.t.push(t as number);
      out.name.push(String(n));
    }
  } finally {
    st.free();
  }
  return out;
}

/** The machine list: model and age per machine key (age null when not given). */
export function machineListRows(
  store: Store,
): Map<number, { model: string | null; age: number | null }> {
  const out = new Map<number, { model: string | null; age: number | null }>();
  for (const r of listRows(store)) out.set(r.machineId, { model: r.model, age: r.age });
  return out;
}
