/**
 * Events inside telemetry: a failure flag, a failed-component, alarm-code or
 * replaced-component column beside the sensors, and run-to-failure files whose last
 * row per machine is the failure. Each makes rows of the failures, errors or maint
 * table at the reading's machine and time, inside the import's savepoint.
 *
 * Rising edge, per machine and column, in the order the rows are read: a flag makes
 * one failure at the first row of each run of 1s (a machine whose first row in the
 * file already has 1 fails there); a text column makes one event where a value starts
 * (the same value on the machine's following rows is the same event, a different one
 * is a new event). Exports repeat a standing alarm or a failure on every reading
 * while it lasts; counting each reading would multiply the events.
 */
import type { Statement } from 'sql.js';
import type { Store } from '../store/store';
import type { EventColumn, Layout } from './header';
import { isMissingToken } from './numbers';
import { said } from '../shared/said';
import type { ImportCounters } from './sinks';
import { prepareEventInsert } from '../store/events-store';
import { textValueCheck } from './text-value';

/**
 * Values of a failure, alarm or component column that mean "no event" (compared
 * case-insensitively after trimming): the missing placeholders ('', NULL, NaN, NA,
 * N/A, #N/A, -, --), zero written as 0, 00 or 0.0, and these words.
 */
export const NO_EVENT_WORDS: readonly string[] = [
  'ok',
  'normal',
  'none',
  'no',
  'false',
  'off',
  'clear',
  'cleared',
  'healthy',
  'no fault',
  'no alarm',
  'no error',
  'no failure',
];
const NO_EVENT = new Set(NO_EVENT_WORDS);

/** True when a text event cell says that nothing happened (see NO_EVENT_WORDS). */
export function isNoEvent(cell: string): boolean {
  if (isMissingToken(cell)) return true;
  const t = cell.trim().toLowerCase();
  return /^0+(\.0+)?$/.test(t) || NO_EVENT.has(t);
}

/** A flag cell: 1 (set), 0 (not set; missing placeholders too) or null (not a flag). */
export function flagValue(cell: string): 0 | 1 | null {
  if (isMissingToken(cell)) return 0;
  const t = cell.trim().toLowerCase();
  if (t === 'true' || t === 'yes' || /^1(\.0+)?$/.test(t)) return 1;
  if (t === 'false' || t === 'no' || /^0+(\.0+)?$/.test(t)) return 0;
  return null;
}

export interface TelemetryEventOptions {
  /** Component of the failures a flag makes. */
  failureComponent: string;
  /** Component of the failure at each machine's last row, or undefined. */
  failureAtEnd?: string;
}

export interface EventCounts {
  failures: number;
  errors: number;
  maint: number;
  /** Events already stored (or made twice in the file): skipped. */
  duplicates: number;
}

/**
 * The event columns of one telemetry file. Per row: check() reads and validates the
 * cells (rejecting the row naming line and column), then, once the row is accepted,
 * apply() makes its events. finish() adds the failures at the end.
 */
export class TelemetryEvents {
  readonly counts: EventCounts = { failures: 0, errors: 0, maint: 0, duplicates: 0 };
  private readonly cols: EventColumn[];
  private readonly insert: Record<'failures' | 'errors' | 'maint', Statement | null> = {
    failures: null,
    errors: null,
    maint: null,
  };
  /** Per event column: machine key -> the value of its previous row ('' = no event). */
  private readonly state: Map<number, string>[];
  /** Per event column: this row's value ('' = no event), set by check(). */
  private readonly now: string[];
  /** failureAtEnd: machine key -> latest time read. */
  private readonly last = new Map<number, number>();
  private readonly args: (number | string)[] = [0, 0, ''];

  constructor(
    private readonly store: Store,
    private readonly c: ImportCounters,
    layout: Layout,
    private readonly opts: TelemetryEventOptions,
  ) {
    this.cols = layout.events;
    this.state = this.cols.map(() => new Map());
    this.now = this.cols.map(() => '');
    const tables = new Set(this.cols.map((e) => e.table));
    if (opts.failureAtEnd !== undefined) tables.add('failures');
    for (const t of tables) {
      this.insert[t] = prepareEventInsert(store, t);
    }
  }

  /** True when the file makes any event (else the sink skips the calls). */
  get active(): boolean {
    return this.cols.length > 0 || this.opts.failureAtEnd !== undefined;
  }

  /** Reads the row's event cells; rejects the row (false) at the first bad one. */
  check(f: string[], line: number): boolean {
    for (let k = 0; k < this.cols.length; k++) {
      const { col, role } = this.cols[k];
      const cell = f[col] ?? '';
      if (role === 'failure-flag') {
        const v = flagValue(cell);
        if (v === null) {
          const t = cell.trim();
          this.c.reject(
            line,
            col,
            `'${t.length > 40 ? t.slice(0, 40) + '...' : t}' is not a failure flag ` +
              '(0/1, true/false, yes/no)',
            said('not-a-flag', { value: t.length > 40 ? t.slice(0, 40) + '...' : t }),
          );
          return false;
        }
        this.now[k] = v === 1 ? this.opts.failureComponent : '';
        continue;
      }
      if (isNoEvent(cell)) {
        this.now[k] = '';
        continue;
      }
      const t = cell.trim();
      const bad = textValueCheck(t);
      if (bad) {
        this.c.reject(line, col, bad.text, bad.code);
        return false;
      }
      this.now[k] = t;
    }
    return true;
  }

  /** Makes the events of an accepted row (machine key m, time t) that check() read. */
  apply(m: number, t: number): void {
    for (let k = 0; k < this.cols.length; k++) {
      const v = this.now[k];
      const st = this.state[k];
      const before = st.get(m) ?? '';
      if (v === before) continue;
      st.set(m, v);
      if (v !== '') this.add(this.cols[k].table, m, t, v);
    }
    if (this.opts.failureAtEnd !== undefined) {
      const l = this.last.get(m);
      if (l === undefined || t > l) this.last.set(m, t);
    }
  }

  /** After the last row: the failure at each machine's latest reading (failureAtEnd). */
  finish(): void {
    const comp = this.opts.failureAtEnd;
    if (comp === undefined) return;
    for (const [m, t] of this.last) this.add('failures', m, t, comp);
  }

  free(): void {
    for (const st of Object.values(this.insert)) st?.free();
  }

  private add(table: 'failures' | 'errors' | 'maint', m: number, t: number, v: string): void {
    this.args[0] = m;
    this.args[1] = t;
    this.args[2] = v;
    this.insert[table]!.run(this.args);
    if (this.store.db.getRowsModified() > 0) this.counts[table]++;
    else this.counts.duplicates++;
  }
}
