/**
 * Streamed import of one CSV export into the plant store: all of the file or nothing
 * (one SAVEPOINT, which is a transaction of its own when none is open), duplicates
 * skipped by primary key and counted, bad rows listed, the file refused whole above
 * the reject threshold, every success recorded in import_log with its SHA-256.
 * Platform-neutral: the caller supplies the bytes (Node streams, File.stream(), ...).
 */
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex } from '@noble/hashes/utils';
import type { Store } from '../store/store';
import { throwIfCancelled } from '../shared/types';
import { resolveLayout, type Layout } from './header';
import { CsvRecordReader } from './records';
import { eventSink, ImportCounters, machinesSink, telemetrySink, type RowSink } from './sinks';
import { SourceFeed } from './source-feed';
import {
  DateOrderDecider,
  orderFromDateFormat,
  timestampFamily,
  type DateOrder,
} from './timestamp';
import {
  COLUMN_ROLES,
  IMPORT_KINDS,
  ImportError,
  type ImportOptions,
  type ImportReport,
  type ImportSource,
  type IncrementalHash,
} from './types';
import { parseNumber, TimestampColumn } from './values';

/** Telemetry rows looked at to tell numeric (sensor) columns from text columns. */
const SNIFF_ROWS = 50;

/** Page cache during an import, KiB. */
const IMPORT_CACHE_KIB = 128 * 1024;

/** Default: refuse a file when more than 1% of its rows are rejected. */
export const DEFAULT_MAX_REJECT_RATIO = 0.01;

/** SHA-256 from @noble/hashes (pure JS; works in browsers and workers). */
export function nobleSha256(): IncrementalHash {
  const h = sha256.create();
  return {
    update: (b) => void h.update(b),
    digestHex: () => bytesToHex(h.digest()),
  };
}

function validate(opts: ImportOptions): void {
  if (opts.kind !== undefined && !IMPORT_KINDS.includes(opts.kind)) {
    throw new RangeError(`kind must be one of ${IMPORT_KINDS.join(', ')}, got '${opts.kind}'`);
  }
  for (const [col, role] of Object.entries(opts.map ?? {})) {
    if (!COLUMN_ROLES.includes(role)) {
      throw new RangeError(
        `map: role of column '${col}' must be one of ${COLUMN_ROLES.join(', ')}, got '${role}'`,
      );
    }
  }
  const r = opts.maxRejectRatio;
  if (r !== undefined && !(r >= 0 && r <= 1)) {
    throw new RangeError(`maxRejectRatio must be from 0 to 1, got ${r}`);
  }
  if (opts.dateFormat !== undefined) orderFromDateFormat(opts.dateFormat);
}

/**
 * First look at the file: the header, then the timestamp column until its day/month
 * order is settled (ISO files: one row). Returns the order, or null when not needed.
 * Throws ImportError('ambiguous-date') when the whole column reads both ways.
 */
async function decideDateOrder(
  feed: SourceFeed,
  name: string,
  opts: ImportOptions,
): Promise<DateOrder | null> {
  let layout: Layout | null = null;
  let decider: DateOrderDecider | null = null;
  let result: DateOrder | null = null;
  let settled = false;
  const reader = new CsvRecordReader((f) => {
    if (!layout) {
      layout = resolveLayout(name, f, opts.kind, opts.map);
      if (layout.timestamp < 0) {
        settled = true;
        reader.stopped = true;
      }
      return;
    }
    const v = f[layout.timestamp];
    if (v === undefined) return;
    if (!decider) {
      const fam = timestampFamily(v);
      if (fam === null) return;
      if (fam !== 'slash') {
        settled = true;
        reader.stopped = true;
        return;
      }
      decider = new DateOrderDecider(47);
    }
    decider.consider(v);
    const d = decider.decision;
    if (d === 'MDY' || d === 'DMY') {
      result = d;
      settled = true;
      reader.stopped = true;
    }
  });
  for await (const chunk of feed.firstLook()) {
    throwIfCancelled(opts.signal);
    reader.push(chunk);
    if (reader.stopped) break;
  }
  if (!reader.stopped) reader.end();
  if (!settled && decider && (decider as DateOrderDecider).decision === 'ambiguous') {
    const col = (layout as Layout | null)?.header[(layout as Layout | null)?.timestamp ?? 0];
    throw new ImportError(
      `${name}: the day/month order of column '${col}' is ambiguous: every date in it ` +
        `(e.g. 1/2/2015) reads both as month/day and as day/month. Give the date format ` +
        `(dateFormat / --date-format MDY or DMY).`,
      name,
      'ambiguous-date',
    );
  }
  return result;
}

/**
 * Imports one CSV export (kind from the header unless opts.kind). Resolves with the
 * report; rejects with ImportError (file refused, nothing stored), CancelledError
 * (opts.signal aborted, nothing stored) or a store error (nothing stored).
 * Do not run other writes on the same store while an import is awaiting.
 */
export async function importCsv(
  store: Store,
  source: ImportSource,
  opts: ImportOptions = {},
): Promise<ImportReport> {
  validate(opts);
  const started = Date.now();
  const t0 = performance.now();
  const name = source.name;
  const feed = new SourceFeed(source);
  const fixed = opts.dateFormat ? orderFromDateFormat(opts.dateFormat) : undefined;
  const order: DateOrder | null =
    fixed === undefined ? await decideDateOrder(feed, name, opts) : fixed === 'YMD' ? null : fixed;
  const maxRatio = opts.strict ? 0 : (opts.maxRejectRatio ?? DEFAULT_MAX_REJECT_RATIO);
  const hash = (opts.hasher ?? nobleSha256)();
  const ts = new TimestampColumn(order);

  let layout: Layout | null = null;
  let counters: ImportCounters | null = null;
  let sink: RowSink | null = null;
  let sensors: string[] = [];
  const ignored: string[] = [];
  let decimalComma = false;
  const pending: { f: string[]; line: number; flags: number }[] = [];

  const reader = new CsvRecordReader((f, line, flags) => {
    if (sink) return sink.row(f, line, flags);
    if (!layout) {
      layout = resolveLayout(name, f, opts.kind, opts.map);
      counters = new ImportCounters(name, f, opts.maxListedRejects ?? 100);
      decimalComma = reader.delimiter === ';';
      layout.roles.forEach((r, i) => r === 'ignore' && ignored.push(f[i]));
      if (layout.kind === 'machines') sink = machinesSink(store, counters, layout, decimalComma);
      else if (layout.kind !== 'telemetry') sink = eventSink(store, counters, layout, ts);
      return;
    }
    // Telemetry: the first rows tell which unmapped columns are numeric sensors.
    pending.push({ f, line, flags });
    if (pending.length >= SNIFF_ROWS) startTelemetry();
  });

  /** Classifies unmapped telemetry columns by majority over the pending rows, then replays them. */
  const startTelemetry = () => {
    const lay = layout!;
    const idx: number[] = [];
    lay.roles.forEach((r, i) => {
      if (r === 'sensor') idx.push(i);
      else if (r === null) {
        let num = 0;
        let text = 0;
        for (const p of pending) {
          const v = (p.f[i] ?? '').trim();
          if (v === '') continue;
          if (parseNumber(v, decimalComma) === parseNumber(v, decimalComma)) num++;
          else text++;
        }
        if (num >= text) idx.push(i);
        else ignored.push(lay.header[i]);
      }
    });
    if (idx.length === 0) {
      throw new ImportError(
        `${name}: no numeric sensor columns (the first rows have text in ${lay.header.join(', ')})`,
        name,
        'header',
      );
    }
    sensors = idx.map((i) => lay.header[i].trim());
    const s = telemetrySink(store, counters!, lay, ts, idx, decimalComma);
    sink = s;
    for (const p of pending) s.row(p.f, p.line, p.flags);
    pending.length = 0;
  };

  const db = store.db;
  // A large page cache keeps dirty pages out of sql.js's in-memory file until commit
  // (spilling them is a copy per page per spill); restored afterwards.
  const oldCache = Number(store.scalar('PRAGMA cache_size'));
  db.run(`PRAGMA cache_size=${-IMPORT_CACHE_KIB}`);
  db.run('SAVEPOINT pdm_import');
  let bytes = 0;
  try {
    for await (const chunk of feed.all()) {
      throwIfCancelled(opts.signal);
      hash.update(chunk);
      bytes += chunk.length;
      reader.push(chunk);
      opts.onProgress?.({ phase: `import ${name}`, done: bytes, total: source.size ?? 0 });
    }
    throwIfCancelled(opts.signal);
    reader.end();
    if (!sink && layout && (layout as Layout).kind === 'telemetry') startTelemetry();
    (sink as RowSink | null)?.finish?.();
    if (!layout || !counters) {
      throw new ImportError(`${name}: the file is empty (no header line)`, name, 'empty');
    }
    const c = counters as ImportCounters;
    const lay = layout as Layout;
    if (c.rejected > maxRatio * c.rowsRead) {
      const pct = ((100 * c.rejected) / Math.max(1, c.rowsRead)).toFixed(2);
      throw new ImportError(
        `${name}: refused: ${c.rejected} of ${c.rowsRead} rows rejected (${pct}%, allowed ` +
          `${(maxRatio * 100).toFixed(2)}%); nothing was stored. First: ` +
          c.rejectedRows
            .slice(0, 5)
            .map((r) => `line ${r.line}${r.column ? ` column ${r.column}` : ''}: ${r.reason}`)
            .join('; '),
        name,
        'rejects',
        c.rejectedRows,
        c.rejected,
        c.rowsRead,
      );
    }
    const contentHash = hash.digestHex();
    const seenBefore =
      Number(
        store.scalar('SELECT count(*) FROM import_log WHERE content_hash = ?', [contentHash]),
      ) > 0;
    const report: ImportReport = {
      file: name,
      kind: lay.kind,
      delimiter: reader.delimiter ?? ',',
      rowsRead: c.rowsRead,
      added: c.added,
      updated: c.updated,
      duplicates: c.duplicates,
      rejected: c.rejected,
      rejectedRows: c.rejectedRows,
      durationMs: 0,
      bytes,
      sensors,
      ignoredColumns: ignored,
      timeRange: c.tMin <= c.tMax ? { from: c.tMin, to: c.tMax } : null,
      dateOrder: ts.dateOrder,
      encoding: reader.encodingUsed,
      contentHash,
      seenBefore,
    };
    report.durationMs = Math.round(performance.now() - t0);
    db.run(
      `INSERT INTO import_log(file_name, content_hash, kind, rows_read, rows_added, rows_duplicate,
         rows_rejected, started, duration_ms, report_json) VALUES(?,?,?,?,?,?,?,?,?,?)`,
      [
        name,
        contentHash,
        report.kind,
        report.rowsRead,
        report.added + report.updated,
        report.duplicates,
        report.rejected,
        new Date(started).toISOString(),
        report.durationMs,
        JSON.stringify(report),
      ],
    );
    (sink as RowSink | null)?.free();
    sink = null;
    db.run('RELEASE pdm_import');
    db.run(`PRAGMA cache_size=${oldCache}`);
    return report;
  } catch (e) {
    (sink as RowSink | null)?.free();
    try {
      db.run('ROLLBACK TO pdm_import');
      db.run('RELEASE pdm_import');
    } catch {
      /* the savepoint is already gone */
    }
    db.run(`PRAGMA cache_size=${oldCache}`);
    throw e;
  }
}
