/**
 * Per-kind row writers: validate one record's fields and INSERT OR IGNORE it with a
 * prepared statement and a bind array both reused for every row (the hot path of an
 * import). Machines are inserted or updated. Counts, the first rejected rows and the
 * first duplicate rows go to ImportCounters.
 */
import type { Statement } from 'sql.js';
import type { Store } from '../store/store';
import { machineIdCheck, trimCell } from '../shared/machine-id';
import { said, type Said } from '../shared/said';
import { formatEpoch } from '../shared/time';
import { timestampText } from './first-look';
import type { Layout } from './header';
import { isMissingToken, type NumberColumn } from './numbers';
import { REC_NO_NEWLINE, REC_OPEN_QUOTE } from './records';
import type { TimestampColumn } from './timestamp-column';
import type { CadenceMeter } from './cadence-meter';
import type { RejectedRow } from './types';
import { sensorColumn } from '../store/sql-ident';
import { prepareTelemetryInsert } from '../store/telemetry-store';
import { prepareEventInsert, type EventTable } from '../store/events-store';
import { prepareMachineRowRead, prepareMachineRowWrite } from '../store/machines-store';
import { textValueCheck } from './text-value';
import type { TelemetryEvents } from './telemetry-events';

/** Duplicate rows listed by line in the report. */
const MAX_LISTED_DUPLICATES = 5;

/** Counts and the rejected-row list of one file. */
export class ImportCounters {
  rowsRead = 0;
  added = 0;
  updated = 0;
  duplicates = 0;
  rejected = 0;
  rejectedRows: RejectedRow[] = [];
  duplicateRows: { line: number; machine: string; time: string }[] = [];
  /** Offset readings that met another reading at the same wall time in a repeated hour. */
  repeatedHour = 0;
  /** Sensor cells stored as missing. */
  missingValues = 0;
  /** Per sensor (telemetry): cells with a reading. */
  sensorValues: number[] = [];
  tMin = Infinity;
  tMax = -Infinity;
  /** Plant time of the last row whose machine and time were read (the report's sample). */
  lastT = NaN;

  constructor(
    readonly file: string,
    private readonly header: string[],
    private readonly maxListed: number,
  ) {}

  /**
   * Records a refused row; `col` is a header index or -1 for the whole row; `code` the
   * reason for the UI in its language (RejectedRow.code).
   */
  reject(line: number, col: number, reason: string, code?: Said): void {
    this.rejected++;
    if (this.rejectedRows.length < this.maxListed) {
      this.rejectedRows.push({
        file: this.file,
        line,
        column: col >= 0 ? (this.header[col] ?? `column ${col + 1}`) : '',
        reason,
        ...(code ? { code } : {}),
      });
    }
  }

  /** Records a row skipped because its key is already stored (or came earlier in the file). */
  duplicate(line: number, machine: string, t: number, repeated: boolean): void {
    if (repeated) {
      this.repeatedHour++;
      return;
    }
    this.duplicates++;
    if (this.duplicateRows.length < MAX_LISTED_DUPLICATES) {
      this.duplicateRows.push({ line, machine, time: formatTime(t) });
    }
  }

  /** True while duplicates are still listed by line (worth finding them row by row). */
  get listingDuplicates(): boolean {
    return this.duplicateRows.length < MAX_LISTED_DUPLICATES;
  }
}

/** Plant time as text, with milliseconds when there are any. */
function formatTime(t: number): string {
  if (t !== t) return '';
  const whole = Math.floor(t);
  const ms = Math.round((t - whole) * 1000);
  return formatEpoch(whole) + (ms > 0 ? '.' + String(ms).padStart(3, '0') : '');
}

export interface RowSink {
  row(fields: string[], line: number, flags: number): void;
  /** Writes rows still staged (call once after the last row). */
  finish?(): void;
  free(): void;
}

/** Checks the field count; rejects and returns false when it is wrong. */
export function fieldCountOk(
  c: ImportCounters,
  f: string[],
  n: number,
  line: number,
  flags: number,
) {
  // One extra empty field: a delimiter at the end of data lines but not of the header.
  if (f.length === n || (f.length === n + 1 && f[n].trim() === '')) {
    if (flags & REC_OPEN_QUOTE) {
      c.reject(
        line,
        -1,
        'the file ends inside a quoted field (truncated last line)',
        said('open-quote'),
      );
      return false;
    }
    return true;
  }
  if (flags & REC_OPEN_QUOTE) {
    c.reject(
      line,
      -1,
      'the file ends inside a quoted field (truncated last line)',
      said('open-quote'),
    );
  } else if (flags & REC_NO_NEWLINE && f.length < n) {
    c.reject(
      line,
      -1,
      `truncated last line: ${f.length} of ${n} fields`,
      said('truncated', { found: f.length, expected: n }),
    );
  } else {
    c.reject(
      line,
      -1,
      `expected ${n} fields, found ${f.length}`,
      said('field-count', { found: f.length, expected: n }),
    );
  }
  return false;
}

const show = (s: string) => (s.length > 40 ? s.slice(0, 40) + '...' : s);

/**
 * Text machine id cell -> integer key (Store.ensureMachine), cached per raw cell text
 * so the hot path is one Map lookup. New ids are added inside the import's savepoint,
 * so a refused file leaves none behind.
 */
export class MachineKeys {
  private readonly cache = new Map<string, number>();
  private readonly names = new Map<number, string>();
  /** Why the last key() returned -1, in English and as a code. */
  problem = '';
  problemCode: Said | undefined;

  constructor(private readonly store: Store) {}

  key(cell: string | undefined): number {
    const raw = cell ?? '';
    const k = this.cache.get(raw);
    if (k !== undefined) return k;
    const name = trimCell(raw);
    const bad = machineIdCheck(name);
    if (bad) {
      this.problem = bad.text;
      this.problemCode = bad.code;
      return -1;
    }
    const key = this.store.ensureMachine(name);
    if (this.cache.size < 100_000) this.cache.set(raw, key);
    this.names.set(key, name);
    return key;
  }

  /** The text id of a key this object handed out. */
  name(key: number): string {
    return this.names.get(key) ?? String(key);
  }
}

/** Shared machine + timestamp checks; returns false (after rejecting) when bad. */
function keyFields(
  c: ImportCounters,
  ts: TimestampColumn,
  layout: Layout,
  f: string[],
  line: number,
  out: { m: number; t: number },
  keys: MachineKeys,
): boolean {
  const v = timestampText(layout, f) ?? '';
  const t = ts.parse(v);
  if (t !== t) {
    if (v.trim() === '')
      c.reject(line, layout.timestamp, 'empty timestamp', said('empty-timestamp'));
    else c.reject(line, layout.timestamp, ts.explain(v), said('bad-timestamp', { value: show(v) }));
    return false;
  }
  // A machine id given for the whole file (a file per pump) stands for the column.
  const m = keys.key(layout.machine >= 0 ? f[layout.machine] : layout.machineId);
  if (m < 0) {
    c.reject(line, layout.machine, keys.problem, keys.problemCode);
    return false;
  }
  out.m = m;
  out.t = t;
  c.lastT = t;
  if (t < c.tMin) c.tMin = t;
  if (t > c.tMax) c.tMax = t;
  return true;
}

/**
 * Telemetry: sensor columns are given by index; their telemetry columns by ensureSensor.
 * Rows are staged into a flat bind array and inserted BATCH rows per statement (one
 * multi-row INSERT), which halves the per-row cost of sql.js calls; rows added are
 * counted by SQLite's change count (including stored rows whose missing sensor values
 * this file filled in), the rest of a batch are duplicates. While duplicates are
 * still listed by line (and for readings in a repeated daylight-saving hour), a batch
 * runs inside a savepoint and is redone row by row when it met duplicates, so each
 * skipped row is known. Each accepted row's machine and time go to `meter` (the
 * file's reading interval for the import report). Event columns among the readings
 * (`events`) are checked with the row and make their events when it is accepted.
 */
export function telemetrySink(
  store: Store,
  c: ImportCounters,
  layout: Layout,
  ts: TimestampColumn,
  sensorIdx: number[],
  numbers: NumberColumn[],
  meter: CadenceMeter | null = null,
  events: TelemetryEvents | null = null,
): RowSink {
  const cols = sensorIdx.map((i) => sensorColumn(store.ensureSensor(layout.header[i].trim())));
  const keys = new MachineKeys(store);
  const db = store.db;
  const width = 2 + cols.length;
  const batch = Math.max(1, Math.min(64, Math.floor(30000 / width)));
  const sql = (n: number) => prepareTelemetryInsert(store, cols, n);
  const many: Statement = sql(batch);
  const one: Statement = sql(1);
  const savepoint = db.prepare('SAVEPOINT pdm_batch');
  const rollback = db.prepare('ROLLBACK TO pdm_batch');
  const release = db.prepare('RELEASE pdm_batch');
  const vals: (number | null)[] = new Array<number | null>(batch * width).fill(0);
  const rowVals: (number | null)[] = new Array<number | null>(width).fill(0);
  const lines = new Int32Array(batch);
  const repeated = new Uint8Array(batch);
  let stagedRepeated = 0;
  let staged = 0;
  const ns = sensorIdx.length;
  c.sensorValues = new Array<number>(ns).fill(0);

  /** Inserts staged rows one by one, telling each duplicate by its line. */
  const rowByRow = () => {
    for (let r = 0; r < staged; r++) {
      for (let k = 0; k < width; k++) rowVals[k] = vals[r * width + k];
      one.run(rowVals);
      if (db.getRowsModified() > 0) c.added++;
      else {
        const m = vals[r * width] as number;
        c.duplicate(lines[r], keys.name(m), vals[r * width + 1] as number, repeated[r] === 1);
      }
    }
  };
  const flush = () => {
    if (staged === 0) return;
    const detail = c.listingDuplicates || stagedRepeated > 0;
    if (detail) savepoint.run();
    if (staged === batch) many.run(vals);
    else {
      const st = sql(staged);
      try {
        st.run(vals.slice(0, staged * width));
      } finally {
        st.free();
      }
    }
    const added = db.getRowsModified();
    if (added < staged && detail) {
      rollback.run();
      rowByRow();
    } else {
      c.added += added;
      c.duplicates += staged - added;
    }
    if (detail) release.run();
    staged = 0;
    stagedRepeated = 0;
  };
  const key = { m: 0, t: 0 };
  const nf = layout.header.length;
  return {
    row(f, line, flags) {
      c.rowsRead++;
      if (!fieldCountOk(c, f, nf, line, flags)) return;
      if (!keyFields(c, ts, layout, f, line, key, keys)) return;
      if (events && !events.check(f, line)) return;
      const o = staged * width;
      let present = 0;
      let missing = 0;
      for (let k = 0; k < ns; k++) {
        const j = sensorIdx[k];
        const v = f[j];
        const x = numbers[j].parse(v);
        if (x !== x) {
          // A blank or placeholder reading (NULL, NaN, n/a, -) is stored as missing.
          if (v === undefined || isMissingToken(v)) {
            vals[o + 2 + k] = null;
            missing++;
            continue;
          }
          c.reject(
            line,
            j,
            `'${show(v)}' is not a number`,
            said('not-a-number', { value: show(v) }),
          );
          return;
        }
        vals[o + 2 + k] = x;
        c.sensorValues[k]++;
        present++;
      }
      if (present === 0 && ns > 0) {
        c.reject(line, sensorIdx[0], 'no sensor value in the row', said('no-sensor-value'));
        return;
      }
      c.missingValues += missing;
      events?.apply(key.m, key.t);
      vals[o] = key.m;
      vals[o + 1] = key.t;
      meter?.add(key.m, key.t);
      lines[staged] = line;
      const rep = ts.repeatedHour ? 1 : 0;
      repeated[staged] = rep;
      stagedRepeated += rep;
      if (++staged === batch) flush();
    },
    finish: () => {
      flush();
      events?.finish();
    },
    free: () => {
      for (const st of [many, one, savepoint, rollback, release]) st.free();
      events?.free();
    },
  };
}

/** Errors, maint and failures: (machine, t, event) rows. */
export function eventSink(
  store: Store,
  c: ImportCounters,
  layout: Layout,
  ts: TimestampColumn,
): RowSink {
  const db = store.db;
  const st = prepareEventInsert(store, layout.kind as EventTable);
  const vals: (number | string)[] = [0, 0, ''];
  const keys = new MachineKeys(store);
  const key = { m: 0, t: 0 };
  const nf = layout.header.length;
  return {
    row(f, line, flags) {
      c.rowsRead++;
      if (!fieldCountOk(c, f, nf, line, flags)) return;
      if (!keyFields(c, ts, layout, f, line, key, keys)) return;
      const ev = f[layout.event].trim();
      const evBad = textValueCheck(ev);
      if (evBad) {
        c.reject(line, layout.event, evBad.text, evBad.code);
        return;
      }
      vals[0] = key.m;
      vals[1] = key.t;
      vals[2] = ev;
      st.run(vals);
      if (db.getRowsModified() > 0) c.added++;
      else c.duplicate(line, keys.name(key.m), key.t, ts.repeatedHour);
    },
    free: () => st.free(),
  };
}

/** Machines: insert new ones, update model/age of known ones, count identical as duplicates. */
export function machinesSink(
  store: Store,
  c: ImportCounters,
  layout: Layout,
  numbers: NumberColumn[],
): RowSink {
  const get = prepareMachineRowRead(store);
  const put = prepareMachineRowWrite(store);
  const nf = layout.header.length;
  const keys = new MachineKeys(store);
  const ageCol = numbers[layout.age];
  return {
    row(f, line, flags) {
      c.rowsRead++;
      if (!fieldCountOk(c, f, nf, line, flags)) return;
      const m = keys.key(f[layout.machine]);
      if (m < 0) {
        c.reject(line, layout.machine, keys.problem, keys.problemCode);
        return;
      }
      const model = f[layout.model].trim();
      const modelBad = textValueCheck(model);
      if (modelBad) {
        c.reject(line, layout.model, modelBad.text, modelBad.code);
        return;
      }
      const age = ageCol.parse(f[layout.age]);
      if (age !== age || age < 0) {
        c.reject(
          line,
          layout.age,
          `age '${show(f[layout.age])}' is not a number of years >= 0`,
          said('bad-age', { value: show(f[layout.age]) }),
        );
        return;
      }
      get.bind([m]);
      const old = get.step() ? get.get() : null;
      get.reset();
      if (old && old[0] === model && old[1] === age) {
        c.duplicate(line, keys.name(m), NaN, false);
        return;
      }
      put.run([m, model, age]);
      if (old) c.updated++;
      else c.added++;
    },
    free: () => {
      get.free();
      put.free();
    },
  };
}
