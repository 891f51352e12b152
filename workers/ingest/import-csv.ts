/**
 * Streamed import of one CSV export into the plant store: all of the file or nothing
 * (one SAVEPOINT, which is a transaction of its own when none is open), duplicates
 * skipped by primary key and counted, bad rows listed, the file refused whole above
 * the reject threshold, every success recorded in import_log with its SHA-256.
 * Nothing is dropped in silence: every column not stored is in the report with its
 * reason, a text column among the sensors refuses the file unless mapped to ignore.
 * Platform-neutral: the caller supplies the bytes (Node streams, File.stream(), ...).
 */
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex } from '@noble/hashes/utils';
import type { Store } from '../store/store';
import { plantTimeZone } from '../store/plant-settings';
import { throwIfCancelled } from '../shared/types';
import { formatEpoch } from '../shared/time';
import { said, type Said } from '../shared/said';
import { assumedMark, firstLook, type ColumnSniff, type FirstLookResult } from './first-look';
import { normName, type Layout } from './header';
import { NumberColumn, type DecimalMark } from './numbers';
import { CsvRecordReader } from './records';
import { CadenceMeter, cadenceCheck } from './cadence-meter';
import { eventSink, ImportCounters, machinesSink, telemetrySink, type RowSink } from './sinks';
import { SourceFeed } from './source-feed';
import { TelemetryEvents } from './telemetry-events';
import { textValueProblem } from './text-value';
import { machineIdProblem, trimCell } from '../shared/machine-id';
import { longMachine, LongSink } from './long-format';
import { contentImported, recordImport } from '../store/import-log';
import { counterForm } from './counter-time';
import { TimestampColumn, type TimestampOptions } from './timestamp-column';
import {
  COLUMN_ROLES,
  IMPORT_KINDS,
  assume,
  ImportError,
  type ImportKind,
  type NotImported,
  type ImportOptions,
  type ColumnRole,
  type ImportMapping,
  type ImportReport,
  type ImportSource,
  type ResolvedMapping,
  type IncrementalHash,
} from './types';
import { closeLoop } from '../orders/proposals';

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
  const n = opts.limitRows;
  if (n !== undefined && !(Number.isInteger(n) && n >= 1)) {
    throw new RangeError(`limitRows must be a whole number of rows from 1, got ${n}`);
  }
  if (opts.decimalMark !== undefined && opts.decimalMark !== '.' && opts.decimalMark !== ',') {
    throw new RangeError(`decimalMark must be '.' or ',', got '${String(opts.decimalMark)}'`);
  }
  const d = opts.delimiter;
  if (d !== undefined && d !== ',' && d !== ';' && d !== '\t' && d !== 'space') {
    throw new RangeError(`delimiter must be ',', ';', tab or 'space', got '${String(d)}'`);
  }
  if (opts.timeUnit !== undefined) counterForm(opts.timeUnit, opts.timeStart);
  else if (opts.timeStart !== undefined) {
    throw new RangeError('timeStart needs timeUnit (the length one counter step stands for)');
  }
  validateEventOptions(opts);
}

/** The machine source and event options: a bad one is a bad option, not a bad file. */
function validateEventOptions(opts: ImportOptions): void {
  if (opts.machine !== undefined && opts.machineFromName !== undefined) {
    throw new RangeError(
      'give the machine id (machine) or a file name pattern (machineFromName), not both',
    );
  }
  if (opts.machine !== undefined) {
    const bad = machineIdProblem(trimCell(opts.machine));
    if (bad) throw new RangeError(`machine '${opts.machine}': ${bad}`);
  }
  if (opts.machineFromName !== undefined) machineNamePattern(opts.machineFromName);
  for (const [key, v] of [
    ['failureComponent', opts.failureComponent],
    ['failureAtEnd', opts.failureAtEnd],
  ] as const) {
    if (v === undefined) continue;
    const bad = textValueProblem(v.trim());
    if (bad) throw new RangeError(`${key}: ${bad}`);
  }
}

/** The machineFromName pattern compiled; an invalid one is a RangeError (a bad option). */
function machineNamePattern(src: string): RegExp {
  try {
    return new RegExp(src);
  } catch (e) {
    throw new RangeError(
      `machine-from-name '${src}' is not a valid regular expression: ${(e as Error).message}`,
    );
  }
}

/**
 * The options with machineFromName resolved to this file's machine id: the first
 * capture group of the pattern matched against the file's base name, else the whole
 * match. A name that does not match (or gives no valid id) refuses the file.
 */
function withMachineFromName(name: string, opts: ImportOptions): ImportOptions {
  if (opts.machineFromName === undefined) {
    return opts.machine === undefined ? opts : { ...opts, machine: trimCell(opts.machine) };
  }
  const base = name.replace(/^.*[\\/]/, '');
  const m = machineNamePattern(opts.machineFromName).exec(base);
  if (!m) {
    throw new ImportError(
      `${name}: the file name '${base}' does not match --machine-from-name ` +
        `'${opts.machineFromName}', so its machine is not known; nothing was stored`,
      name,
      'source',
    ).coded('name-no-match', { name: base, pattern: opts.machineFromName });
  }
  const id = trimCell(m[1] ?? m[0]);
  const bad = machineIdProblem(id);
  if (bad) {
    throw new ImportError(
      `${name}: the machine id '${id}' taken from the file name by '${opts.machineFromName}' ` +
        `is not valid: ${bad}`,
      name,
      'source',
    ).coded('name-bad-id', { id });
  }
  return { ...opts, machine: id };
}

/** A numeric column read under an assumed decimal mark that its later values contradict. */
class MarksChanged extends Error {
  constructor(readonly marks: Map<number, DecimalMark>) {
    super('decimal marks changed');
  }
}

const quoteList = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');

/**
 * Telemetry columns: mapped sensors, and unmapped columns that hold numbers (or only
 * missing placeholders so far). An unmapped column that holds text refuses the file,
 * naming it and its values: a status or remark column must be mapped to ignore (or
 * to its role) on purpose, never dropped in silence.
 */
function telemetryColumns(name: string, layout: Layout, sniff: ColumnSniff[]): number[] {
  const idx: number[] = [];
  const text: string[] = [];
  layout.roles.forEach((r, i) => {
    if (r === 'sensor') idx.push(i);
    else if (r === null) {
      const s = sniff[i];
      if (s.text > s.numbers) {
        text.push(
          `'${layout.header[i].trim()}' (values such as ${quoteList(s.samples.slice(0, 3))})`,
        );
      } else idx.push(i);
    }
  });
  if (text.length > 0) {
    const first =
      layout.header[
        layout.roles.findIndex((r, i) => r === null && sniff[i].text > sniff[i].numbers)
      ].trim();
    throw new ImportError(
      `${name}: column${text.length > 1 ? 's' : ''} ${text.join(', ')} hold${text.length > 1 ? '' : 's'} text, ` +
        `not sensor readings; nothing was stored. Map ${text.length > 1 ? 'each' : 'it'} to ignore ` +
        `(--map "${first}=ignore") or to its role (timestamp, machine, event, ...).`,
      name,
      'columns',
    ).coded('text-columns', { cols: text.join(', ') });
  }
  if (idx.length === 0) {
    throw new ImportError(
      `${name}: a telemetry file needs at least one sensor column`,
      name,
      'header',
    ).coded('no-sensor');
  }
  return idx;
}

/** Why an unmapped column of an event or machine file is not stored. */
function leftOutReason(kind: ImportKind): string {
  return kind === 'machines'
    ? 'a machine list keeps machine id, model and age; map the column to ignore to confirm'
    : `a ${kind} file keeps time, machine and ${kind === 'errors' ? 'error id' : 'component'}; ` +
        'map the column to ignore to confirm';
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
  const tsOpts: TimestampOptions = { dateFormat: opts.dateFormat, timeZone: plantTimeZone(store) };
  try {
    return await importOnce(store, source, opts, tsOpts, new Map());
  } catch (e) {
    if (!(e instanceof MarksChanged)) throw e;
    if (typeof source.chunks !== 'function') {
      throw new ImportError(
        `${source.name}: the decimal mark of column(s) changed after the first rows ` +
          `(e.g. '1.418' first, '1,5' later); give it with --decimal-mark . or ,`,
        source.name,
        'numbers',
      ).coded('marks-changed');
    }
    // Read again with every column's mark as the whole file showed it.
    return importOnce(store, source, opts, tsOpts, e.marks);
  }
}

async function importOnce(
  store: Store,
  source: ImportSource,
  given: ImportOptions,
  tsOpts: TimestampOptions,
  fixedMarks: Map<number, DecimalMark>,
): Promise<ImportReport> {
  const started = Date.now();
  const t0 = performance.now();
  const name = source.name;
  const opts = withMachineFromName(name, given);
  const feed = new SourceFeed(source);
  const look: FirstLookResult | null = await firstLook(feed, name, opts, tsOpts);
  if (!look)
    throw new ImportError(`${name}: the file is empty (no header line)`, name, 'empty').coded(
      'empty',
    );
  const { layout, form } = look;
  const maxRatio = opts.strict ? 0 : (opts.maxRejectRatio ?? DEFAULT_MAX_REJECT_RATIO);
  const hash = (opts.hasher ?? nobleSha256)();
  const ts = form ? new TimestampColumn(form, tsOpts) : null;
  const mark = assumedMark(look.delimiter);
  const numbers = layout.header.map(
    (_, i) => new NumberColumn(mark, fixedMarks.get(i) ?? opts.decimalMark),
  );

  const ignored: string[] = [];
  const notImported: NotImported[] = [];
  layout.roles.forEach((r, i) => {
    if (r !== 'ignore') return;
    const col = layout.header[i].trim();
    if (col === '') return; // a trailing delimiter, not a column
    ignored.push(col);
    notImported.push(
      mappedIgnore(look.map, layout.header[i])
        ? { column: col, code: 'mapped-ignore', reason: 'mapped to ignore' }
        : layout.kind === 'telemetry'
          ? {
              column: col,
              code: 'left-out',
              reason: 'left out by detection (see the assumptions); map it to its role to store it',
            }
          : {
              column: col,
              code: 'not-used',
              kind: layout.kind,
              reason: leftOutReason(layout.kind),
            },
    );
  });
  const long = look.long;
  if (long) longLeftOut(name, layout, look.sniff, ignored, notImported);
  const resolved = resolvedMapping(name, look, opts, tsOpts.timeZone);
  if (look.formError) {
    look.formError.mapping = resolved;
    throw look.formError;
  }
  let sensorIdx: number[];
  try {
    sensorIdx =
      layout.kind === 'telemetry' && !long ? telemetryColumns(name, layout, look.sniff) : [];
  } catch (e) {
    if (e instanceof ImportError) e.mapping = resolved;
    throw e;
  }
  if (opts.limitRows !== undefined && !opts.dryRun) {
    throw new RangeError('limitRows is for dry runs only: an import reads the whole file');
  }
  const limit = opts.limitRows ?? Infinity;
  let limited = false;
  const sample = sampleTaker(layout, sensorIdx, numbers, long !== null);
  const counters = new ImportCounters(name, layout.header, opts.maxListedRejects ?? 100);
  const sensorsBefore = new Set(store.sensors().map((s) => s.name));

  const db = store.db;
  // A large page cache keeps dirty pages out of sql.js's in-memory file until commit
  // (spilling them is a copy per page per spill); restored afterwards.
  const oldCache = Number(store.scalar('PRAGMA cache_size'));
  db.run(`PRAGMA cache_size=${-IMPORT_CACHE_KIB}`);
  db.run('SAVEPOINT pdm_import');
  let sink: RowSink | null = null;
  let events: TelemetryEvents | null = null;
  let longSink: LongSink | null = null;
  const meter = layout.kind === 'telemetry' ? new CadenceMeter() : null;
  let reader: CsvRecordReader | null = null;
  let header = !opts.noHeader;
  let bytes = 0;
  try {
    if (layout.kind === 'machines') sink = machinesSink(store, counters, layout, numbers);
    else if (!ts) throw new Error('unreachable: an event or telemetry file without timestamps');
    else if (long) {
      const tags = look.sniff[long.cols.tag]?.samples ?? [];
      const { machine, tagRe } = longMachine(name, long, opts, tags);
      longSink = new LongSink(
        store,
        counters,
        long,
        machine,
        tagRe,
        ts,
        numbers,
        meter,
        opts.tagPattern,
      );
      sink = longSink;
    } else if (layout.kind === 'telemetry') {
      events = new TelemetryEvents(store, counters, layout, {
        failureComponent: given.failureComponent?.trim() || 'failure',
        failureAtEnd: given.failureAtEnd?.trim(),
      });
      // Files without event columns keep the hot path free of event calls.
      const ev = events.active ? events : null;
      sink = telemetrySink(store, counters, layout, ts, sensorIdx, numbers, meter, ev);
    } else sink = eventSink(store, counters, layout, ts);
    const s: RowSink = sink;
    reader = new CsvRecordReader(
      (f, line, flags) => {
        if (header) {
          header = false;
          return;
        }
        if (counters.rowsRead >= limit) {
          limited = true;
          reader!.stopped = true;
          return;
        }
        if (sample.wanted()) {
          const rejected = counters.rejected;
          s.row(f, line, flags);
          if (counters.rejected === rejected) sample.take(f, counters.lastT, longSink?.last);
        } else s.row(f, line, flags);
      },
      { delimiter: look.delimiter, encoding: opts.encoding, file: name },
    );
    for await (const chunk of feed.all()) {
      throwIfCancelled(opts.signal);
      hash.update(chunk);
      bytes += chunk.length;
      reader.push(chunk);
      if (limited) break;
      opts.onProgress?.({ phase: `import ${name}`, done: bytes, total: source.size ?? 0 });
    }
    throwIfCancelled(opts.signal);
    if (!limited) reader.end();
    s.finish?.();
    const changed = new Map<number, DecimalMark>();
    numbers.forEach((n, i) => {
      if (n.contradicted && n.mark) changed.set(i, n.mark);
    });
    if (changed.size > 0 && fixedMarks.size === 0) throw new MarksChanged(changed);

    const c = counters;
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
      ).coded('too-many-rejected', {
        rejected: c.rejected,
        read: c.rowsRead,
        pct,
        allowed: (maxRatio * 100).toFixed(2),
      });
    }
    s.free();
    sink = null;
    // A sensor column with no value at all in the file is not a sensor: reported, and
    // (when this file brought it) removed again so it never becomes a feature.
    const sensors: string[] = [];
    const sensorNames = longSink
      ? longSink.sensorNames
      : sensorIdx.map((i) => layout.header[i].trim());
    sensorNames.forEach((col, k) => {
      if (c.sensorValues[k] > 0) {
        sensors.push(col);
        return;
      }
      notImported.push(
        longSink
          ? {
              column: col,
              code: 'empty-tag',
              reason: 'entirely empty: no good reading of this tag in the file',
            }
          : { column: col, code: 'empty', reason: 'entirely empty: no reading in the file' },
      );
      if (!sensorsBefore.has(col)) store.dropSensor(col);
      // Its blank cells are reported with the column, not as missing readings: every
      // row that reached the store (added or duplicate) counted one.
      c.missingValues -= c.added + c.duplicates + c.repeatedHour;
    });
    const decimalMarks: Record<string, string> = {};
    numbers.forEach((n, i) => {
      const used = n.mark ?? mark;
      if (
        used === ',' &&
        (layout.roles[i] === null ||
          layout.roles[i] === 'sensor' ||
          layout.roles[i] === 'age' ||
          layout.roles[i] === 'value')
      ) {
        decimalMarks[layout.header[i].trim()] = ',';
      }
    });
    const contentHash = hash.digestHex();
    const seenBefore = contentImported(store, contentHash);
    const report: ImportReport = {
      file: name,
      kind: layout.kind,
      delimiter: look.delimiter,
      encoding: reader.encodingUsed,
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
      notImported,
      duplicateRows: c.duplicateRows,
      repeatedHour: c.repeatedHour,
      missingValues: c.missingValues,
      timestampForm: form ? form.description : null,
      timeZone: tsOpts.timeZone,
      decimalMarks,
      timeRange: c.tMin <= c.tMax ? { from: c.tMin, to: c.tMax } : null,
      dateOrder: ts ? ts.dateOrder : null,
      contentHash,
      seenBefore,
      cadence: meter ? cadenceCheck(store, meter) : null,
      mapping: finishMapping(resolved, ts ? ts.dateOrder : null, reader.encodingUsed),
      sample: sample.result(),
      dryRun: opts.dryRun === true,
      ...(limited ? { limitedTo: c.rowsRead } : {}),
    };
    if (events?.active) {
      const { duplicates, ...made } = events.counts;
      report.events = made;
      report.eventDuplicates = duplicates;
    }
    if (longSink) report.badQuality = longSink.badQuality;
    report.durationMs = Math.round(performance.now() - t0);
    if (opts.dryRun) {
      // Everything was read, checked and counted inside the savepoint: undo it all.
      db.run('ROLLBACK TO pdm_import');
      db.run('RELEASE pdm_import');
      db.run(`PRAGMA cache_size=${oldCache}`);
      return report;
    }
    recordImport(store, {
      fileName: name,
      contentHash,
      kind: report.kind,
      rowsRead: report.rowsRead,
      rowsAdded: report.added + report.updated,
      rowsDuplicate: report.duplicates,
      rowsRejected: report.rejected,
      started: new Date(started).toISOString(),
      durationMs: report.durationMs,
      reportJson: JSON.stringify(report),
    });
    // Replacements and failures close work-order proposals in the same savepoint.
    closeLoop(store);
    db.run('RELEASE pdm_import');
    db.run(`PRAGMA cache_size=${oldCache}`);
    return report;
  } catch (e) {
    if (e instanceof ImportError && !e.mapping) e.mapping = resolved;
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

/** How the file is read, from the first look and the options (before the rows are read). */
function resolvedMapping(
  name: string,
  look: FirstLookResult,
  opts: ImportOptions,
  timeZone: string,
): ResolvedMapping {
  const { layout, form } = look;
  const columns = layout.header.map((h, i) => ({
    name: h.trim(),
    role: layout.roles[i] ?? (layout.kind === 'telemetry' ? 'sensor' : 'ignore'),
  }));
  // A profile keeps every role that is not the default: sensors are what telemetry
  // makes of numeric columns anyway, so a later export with more sensors still reads.
  const map: Record<string, ColumnRole> = {};
  for (const c of columns) if (c.name !== '' && c.role !== 'sensor') map[c.name] = c.role;
  const assumptions = [...layout.assumptions];
  if (!opts.decimalMark && look.delimiter === ';') {
    assumptions.push(
      assume(
        'decimal-comma',
        {},
        "numbers such as '1.418' are read with a decimal comma (the file is " +
          'semicolon-separated); give --decimal-mark . otherwise',
      ),
    );
  }
  const mapping: ImportMapping = {
    kind: layout.kind,
    map,
    delimiter: (look.delimiter === ' ' ? 'space' : look.delimiter) as ImportMapping['delimiter'],
  };
  for (const k of PASSED_ON) {
    if (opts[k] !== undefined) (mapping as Record<string, unknown>)[k] = opts[k];
  }
  // opts.machine is this file's id taken from its name: the mapping keeps the pattern,
  // so the next file of the folder gets its own id.
  if (opts.machineFromName !== undefined) delete mapping.machine;
  const tagSource = tagSourceWords(
    opts.tagPattern ?? '',
    look.long ? (look.sniff[look.long.cols.tag]?.samples ?? []) : [],
  );
  const machineSource =
    opts.machineFromName !== undefined
      ? `the file name: ${name.replace(/^.*[\\/]/, '')} gives '${opts.machine ?? ''}'`
      : opts.machine !== undefined
        ? `'${opts.machine}' for every row (given)`
        : look.long && layout.machine < 0
          ? opts.tagPattern
            ? tagSource.text
            : 'none'
          : layout.machine >= 0
            ? `column ${layout.header[layout.machine].trim()}`
            : 'none';
  const file = name.replace(/^.*[\\/]/, '');
  const machineSourceCode: Said =
    opts.machineFromName !== undefined
      ? said('file-name', { file, id: opts.machine ?? '' })
      : opts.machine !== undefined
        ? said('given', { id: opts.machine })
        : look.long && layout.machine < 0
          ? opts.tagPattern
            ? tagSource.code
            : said('none')
          : layout.machine >= 0
            ? said('column', { col: layout.header[layout.machine].trim() })
            : said('none');
  return {
    mapping,
    kind: layout.kind,
    shape: look.long ? 'long' : 'wide',
    delimiter: look.delimiter,
    columns,
    timestampForm: form ? form.description : null,
    timeZone,
    machineSource,
    machineSourceCode,
    assumptions: assumptions.map((a) => a.text),
    assumptionCodes: assumptions.map((a) => ({ code: a.code, params: a.params })),
  };
}

/**
 * Where a long file's machine ids come from, in words with one of its tags as the
 * example ("the tag: FAN01.volt gives machine FAN01, sensor volt"); the pattern itself
 * only when no sampled tag matches it.
 */
function tagSourceWords(pattern: string, tags: string[]): { text: string; code: Said } {
  const plain = {
    text: `the tag (pattern ${pattern})`,
    code: said('tag-pattern', { pattern }),
  };
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`);
  } catch {
    return plain;
  }
  for (const tag of tags) {
    const g = re.exec(tag)?.groups;
    if (g?.machine && g.sensor) {
      return {
        text: `the tag: ${tag} gives machine ${g.machine}, sensor ${g.sensor}`,
        code: said('tag-example', { tag, machine: g.machine, sensor: g.sensor }),
      };
    }
  }
  return plain;
}

/** Options a mapping passes on as the caller gave them. */
const PASSED_ON = [
  'dateFormat',
  'decimalMark',
  'encoding',
  'machine',
  'machineFromName',
  'noHeader',
  'columns',
  'failureComponent',
  'tagPattern',
  'timeUnit',
  'timeStart',
  'failureAtEnd',
] as const;

/**
 * The mapping with what only the whole read decides: a day/month order the values
 * settled is kept, so a later small file whose dates all read either way is read alike;
 * so is a Windows-1252 encoding (a later export may have its accents past the part
 * looked at to tell).
 */
function finishMapping(
  m: ResolvedMapping,
  order: 'MDY' | 'DMY' | null,
  encoding: string,
): ResolvedMapping {
  const mapping = { ...m.mapping };
  if (order && !mapping.dateFormat) mapping.dateFormat = order;
  if (encoding === 'windows-1252' && !mapping.encoding) mapping.encoding = encoding;
  return { ...m, mapping };
}

/** Rows in report.sample. */
const SAMPLE_ROWS = 10;

/**
 * The first accepted rows as they are stored: machine id text, plant time, then the
 * sensor values (numbers as read, missing empty), the event, or model and age.
 */
function sampleTaker(layout: Layout, sensorIdx: number[], numbers: NumberColumn[], long: boolean) {
  const kind = layout.kind;
  const h = (i: number) => layout.header[i].trim();
  const columns =
    kind === 'machines'
      ? ['machine', 'model', 'age']
      : long
        ? ['machine', 'time', 'sensor', 'value']
        : kind === 'telemetry'
          ? ['machine', 'time', ...sensorIdx.map(h)]
          : [
              'machine',
              'time',
              kind === 'errors' ? 'error' : kind === 'maint' ? 'component' : 'failure',
            ];
  const rows: string[][] = [];
  const num = (i: number, v: string | undefined) => {
    const x = numbers[i].parse(v ?? '');
    return x === x ? String(x) : '';
  };
  return {
    wanted: () => rows.length < SAMPLE_ROWS,
    /** A row just accepted; `reading` is a long file's (machine and sensor from its tag). */
    take(f: string[], t: number, reading?: LongSink['last']) {
      if (reading) {
        const v = reading.value === null ? '' : String(reading.value);
        rows.push([reading.machine, plantTime(t), reading.sensor, v]);
        return;
      }
      // The machine of every row may come from the options (a fixed id, the file name).
      const m = layout.machine >= 0 ? trimCell(f[layout.machine] ?? '') : (layout.machineId ?? '');
      if (kind === 'machines')
        rows.push([m, (f[layout.model] ?? '').trim(), num(layout.age, f[layout.age])]);
      else if (kind === 'telemetry')
        rows.push([m, plantTime(t), ...sensorIdx.map((i) => num(i, f[i]))]);
      else rows.push([m, plantTime(t), (f[layout.event] ?? '').trim()]);
    },
    result: () => ({ columns, rows }),
  };
}

/** Plant time 'YYYY-MM-DD HH:MM:SS' (with milliseconds when there are any). */
function plantTime(t: number): string {
  if (t !== t) return '';
  const whole = Math.floor(t);
  const ms = Math.round((t - whole) * 1000);
  return formatEpoch(whole) + (ms > 0 ? '.' + String(ms).padStart(3, '0') : '');
}

/** True when the caller mapped this header cell to ignore (names compared as normName does). */
function mappedIgnore(map: ImportOptions['map'], cell: string): boolean {
  const n = normName(cell);
  return Object.entries(map ?? {}).some(([k, v]) => v === 'ignore' && normName(k) === n);
}

/**
 * The other columns of a long file: text ones (units, descriptions) are left out and
 * reported; a numeric one refuses the file, since a long file has one reading per row
 * and a second numeric column would be lost (a wide file with a tag-like column, or a
 * second value column to map).
 */
function longLeftOut(
  name: string,
  layout: Layout,
  sniff: ColumnSniff[],
  ignored: string[],
  notImported: NotImported[],
): void {
  layout.roles.forEach((r, i) => {
    if (r !== null) return;
    const col = layout.header[i].trim();
    layout.roles[i] = 'ignore';
    if (col === '') return;
    const s = sniff[i];
    if (s.numbers > 0 && s.numbers >= s.text) {
      throw new ImportError(
        `${name}: column '${col}' holds numbers beside the value column of this long ` +
          `(timestamp, tag, value) file, which keeps one reading per row; nothing was stored. ` +
          `Map it to ignore (--map "${col}=ignore") or to its role (quality, machine, ...)`,
        name,
        'columns',
      ).coded('long-extra-number', { col });
    }
    ignored.push(col);
    notImported.push({
      column: col,
      code: 'long-extra',
      reason:
        'a long file keeps timestamp, tag, value, quality and machine; map the column to ' +
        'ignore to confirm',
    });
  });
}
