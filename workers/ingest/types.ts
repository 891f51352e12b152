/**
 * Public types of the CSV import: what callers (CLI, UI, features tests) pass in and
 * get back. Platform-neutral.
 */
import type { Cadence } from '../shared/cadence';
import type { FieldParams } from '../shared/field-error';
import type { Said } from '../shared/said';
import type { ProgressFn } from '../shared/types';

/** The five export kinds of a plant (FEATURES.md "Inputs"). */
export type ImportKind = 'telemetry' | 'errors' | 'maint' | 'failures' | 'machines';
export const IMPORT_KINDS: readonly ImportKind[] = [
  'telemetry',
  'errors',
  'maint',
  'failures',
  'machines',
];

/**
 * What a column means. `event` is the error id (errors), component (maint) or failed
 * component (failures); `date` and `time` are a timestamp split over two columns
 * (combined, date first); `ignore` leaves the column out on purpose.
 *
 * Events inside telemetry (the sensors are still stored): `failure-flag` a 0/1 or
 * true/false flag, one failure of `failureComponent` at the first row of each run of
 * 1s per machine (rising edge); `failure` a column naming the failed component;
 * `error` an alarm, status or fault code; `maint` a column naming a replaced
 * component. A text event cell makes one event where it starts (a repeated value on
 * the same machine's next rows is the same event); empty, 0 and missing cells are none.
 *
 * Long (tall) historian files: `tag` names machine and sensor (`tagPattern`), or the
 * sensor when a machine column or source gives the machine; `value` is the reading;
 * `quality` marks bad readings (stored as missing).
 */
export type ColumnRole =
  | 'timestamp'
  | 'date'
  | 'time'
  | 'machine'
  | 'sensor'
  | 'event'
  | 'model'
  | 'age'
  | 'ignore'
  | 'failure-flag'
  | 'failure'
  | 'error'
  | 'maint'
  | 'tag'
  | 'value'
  | 'quality';
export const COLUMN_ROLES: readonly ColumnRole[] = [
  'timestamp',
  'date',
  'time',
  'machine',
  'sensor',
  'event',
  'model',
  'age',
  'ignore',
  'failure-flag',
  'failure',
  'error',
  'maint',
  'tag',
  'value',
  'quality',
];

/**
 * Bytes of one CSV file. `chunks` is either an async iterable (read once; the few
 * chunks needed to decide the date format are buffered and replayed) or a factory
 * returning a fresh iterable each call (re-readable: preferred, since a column whose
 * day/month order is only decided near its end is then scanned twice instead of
 * being buffered).
 */
export interface ImportSource {
  /** File name for the report, import_log and error messages. */
  name: string;
  chunks: AsyncIterable<Uint8Array> | (() => AsyncIterable<Uint8Array>);
  /** Total bytes when known (for progress). */
  size?: number;
}

/** An incremental hash; the default is SHA-256 from @noble/hashes. */
export interface IncrementalHash {
  update(bytes: Uint8Array): void;
  /** Lower-case hex digest. */
  digestHex(): string;
}

export interface ImportOptions {
  /** Force the kind instead of detecting it from the header. */
  kind?: ImportKind;
  /** Column name (case/space/underscore-insensitive) -> role; overrides detection. */
  map?: Record<string, ColumnRole>;
  /**
   * The timestamp form, when detection cannot tell or guesses wrong: 'DMY' / 'MDY' /
   * 'YMD' (day/month order of the detected form), 'excel', 'epoch-s', 'epoch-ms',
   * 'iso', or a pattern such as 'D/M/YY HH:mm', 'DD-MMM-YYYY HH:mm:ss',
   * 'M/D/YYYY h:mm:ss A' (tokens in timestamp-column.ts). Default: detected from the
   * column's values; the import stops when the form stays ambiguous.
   */
  dateFormat?: string;
  /**
   * Decimal mark of the numbers: '.' or ','. Default: decided per column from its
   * values (`4,377.16`, `1.549,80`), ambiguous columns (`1.418`) by the file's delimiter
   * (semicolon files use a decimal comma).
   */
  decimalMark?: '.' | ',';
  /**
   * Map entries whose column is not in a file are skipped for that file instead of
   * refusing it (a map given for a whole folder). importPaths checks that each entry
   * names a column of at least one file.
   */
  mapMayMiss?: boolean;
  /**
   * The machine id of every row, for a file without a machine column (one file per
   * pump or per experiment). Exclusive with machineFromName.
   */
  machine?: string;
  /**
   * A regular expression matched against the file's base name; its first capture
   * group (or the whole match) is the machine id of every row: 'pump-(\\w+)\\.csv'.
   */
  machineFromName?: string;
  /**
   * The first line is data, not a header. Columns are named by `columns`, else
   * col1, col2, ...; `map` may name columns by number (1-based) in any file.
   */
  noHeader?: boolean;
  /** Names of the columns of a headerless file, in order. */
  columns?: string[];
  /**
   * Field delimiter: ',', ';', '\t', or 'space' (runs of spaces and tabs, leading and
   * trailing ones ignored). Default: detected from the first line.
   */
  delimiter?: ',' | ';' | '\t' | 'space';
  /** Component of the failures a `failure-flag` column makes. Default 'failure'. */
  failureComponent?: string;
  /**
   * Long historian files: a regular expression with named groups `machine` and
   * `sensor` matched against each tag ('(?<machine>[^.]+)\\.(?<sensor>.+)'). Without
   * it the tag is the sensor and the machine comes from a machine column or source.
   */
  tagPattern?: string;
  /**
   * The time column counts cycles or samples instead of holding timestamps: value n
   * is n x this duration ('1h', '1s', '1d') after timeStart.
   */
  timeUnit?: string;
  /** Plant wall time counter value 0 stands for, 'YYYY-MM-DD[ HH:MM[:SS]]'. Default 2000-01-01. */
  timeStart?: string;
  /** Each machine's last row in the file is a failure of this component (run-to-failure). */
  failureAtEnd?: string;
  /** Read and check everything, then store nothing (the report still counts). */
  dryRun?: boolean;
  /**
   * Dry runs only: stop after this many data rows (a quick preview of a big file); the
   * counts are then those of the first rows (report.limitedTo says so).
   */
  limitRows?: number;
  /** Refuse the file when rejected rows / rows read exceeds this. Default 0.01. */
  maxRejectRatio?: number;
  /** Same as maxRejectRatio = 0. */
  strict?: boolean;
  /** Called after each chunk with bytes done / total (total 0 when unknown). */
  onProgress?: ProgressFn;
  signal?: AbortSignal;
  /** Hash factory (Node passes node:crypto's faster one). Default SHA-256 (@noble/hashes). */
  hasher?: () => IncrementalHash;
  /** Rejected rows listed in reports and errors. Default 100. */
  maxListedRejects?: number;
  /**
   * Text encoding: one of CSV_ENCODINGS (records.ts): 'auto' (default: a BOM, else
   * UTF-8, else Windows-1252 when the first invalid UTF-8 follows nothing but ASCII),
   * 'utf-8', 'windows-1252', 'latin1' (read as Windows-1252), 'utf-16le', 'utf-16be'.
   */
  encoding?: string;
}

/**
 * The settings that say how to read a kind of export: what detection proposes, what
 * `pdm import --dry-run` and the UI's preview show and the mapping editor changes,
 * and what a named profile keeps in the plant file. Plain data (JSON).
 */
export type ImportMapping = Pick<
  ImportOptions,
  | 'kind'
  | 'map'
  | 'dateFormat'
  | 'decimalMark'
  | 'encoding'
  | 'machine'
  | 'machineFromName'
  | 'noHeader'
  | 'columns'
  | 'delimiter'
  | 'failureComponent'
  | 'tagPattern'
  | 'timeUnit'
  | 'timeStart'
  | 'failureAtEnd'
>;

/** A column not stored and why. */
export interface NotImported {
  column: string;
  reason: string;
  code: 'mapped-ignore' | 'left-out' | 'not-used' | 'empty' | 'empty-tag' | 'long-extra';
  /** The file's kind, for 'not-used'. */
  kind?: ImportKind;
}

/** One refused row: where (1-based physical line where the record starts) and why. */
export interface RejectedRow {
  file: string;
  line: number;
  /** Column name from the header ('' when the row as a whole is wrong). */
  column: string;
  reason: string;
  /** The reason as a code for the UI (`rejected.<code>`); absent where only words exist. */
  code?: Said;
}

export interface ImportReport {
  file: string;
  kind: ImportKind;
  delimiter: string;
  /** Data records read (header and blank lines not counted). */
  rowsRead: number;
  /** New rows stored. */
  added: number;
  /** Machines only: existing machines whose model or age changed. */
  updated: number;
  /** Rows already present (or repeated in the file): skipped. */
  duplicates: number;
  rejected: number;
  /** The first maxListedRejects rejected rows. */
  rejectedRows: RejectedRow[];
  durationMs: number;
  bytes: number;
  /** Telemetry sensor names in file order (empty for other kinds). */
  sensors: string[];
  /** Columns not stored: mapped to 'ignore' (no reason needed) or left out (with reason). */
  ignoredColumns: string[];
  /**
   * Every column not stored, with why (mapped to ignore, not used by this kind, empty):
   * in English and as a code (`notImported.<code>` in the UI).
   */
  notImported: NotImported[];
  /** The first rows skipped as duplicates (line, machine id, time text). */
  duplicateRows: { line: number; machine: string; time: string }[];
  /**
   * Readings with a UTC offset whose plant wall time fell in the hour repeated when
   * daylight saving ends and met another reading at the same wall time: the first is
   * kept, these are counted here (not as plain duplicates).
   */
  repeatedHour: number;
  /** Sensor values stored as missing (blank, NULL, NaN, NA, n/a, -, ...). */
  missingValues: number;
  /** Long files with a quality column: readings stored as missing for their bad quality. */
  badQuality?: number;
  /** How the timestamps were read, e.g. 'YYYY-MM-DD HH:MM:SS with UTC offset'. */
  timestampForm: string | null;
  /** Plant time zone offsets and epoch instants were converted to. */
  timeZone: string;
  /** Decimal mark used per numeric column, when it was not '.'. */
  decimalMarks: Record<string, string>;
  /** Earliest and latest accepted timestamp (seconds, plant time as UTC), or null. */
  timeRange: { from: number; to: number } | null;
  /** 'MDY' / 'DMY' when the file used day/month dates, else null. */
  dateOrder: 'MDY' | 'DMY' | null;
  /** The encoding the file was read in: utf-8, windows-1252, utf-16le or utf-16be. */
  encoding: string;
  /** SHA-256 of the file bytes, hex. */
  contentHash: string;
  /** True when a file with the same content hash had been imported before. */
  seenBefore: boolean;
  /** Telemetry only: the data's measured cadence against the plant's settings; else null. */
  cadence: CadenceCheck | null;
  /**
   * Telemetry only: events made from event columns (failure flags, failed-component,
   * alarm-code and replaced-component columns, failureAtEnd), added per table.
   */
  events?: { failures: number; errors: number; maint: number };
  /** Telemetry: events of the event columns already stored (or made twice): skipped. */
  eventDuplicates?: number;
  /** How the file was read (detected or given), as a preview and a profile show it. */
  mapping: ResolvedMapping;
  /** The first rows as they are (or, in a dry run, would be) stored. */
  sample: { columns: string[]; rows: string[][] };
  /** True when opts.dryRun: nothing was stored. */
  dryRun?: boolean;
  /** Set when opts.limitRows stopped the read: the counts cover only this many data rows. */
  limitedTo?: number;
}

/** How a file is read: detection's result (or the caller's mapping), column by column. */
export interface ResolvedMapping {
  /** The settings as a profile keeps them, with what detection decided filled in. */
  mapping: ImportMapping;
  kind: ImportKind;
  /** 'long': one reading per row (timestamp, tag, value), pivoted to sensors. */
  shape: 'wide' | 'long';
  delimiter: string;
  /** Per column in file order: its name and the role it is read with ('sensor' for sensors). */
  columns: { name: string; role: ColumnRole }[];
  timestampForm: string | null;
  timeZone: string;
  /** Where machine ids come from, in words: "column Turbine_ID", "file name (pump-(\w+))". */
  machineSource: string;
  /**
   * The same as a code for the UI: 'column' {col}, 'file-name' {file, id}, 'given' {id},
   * 'tag' {text: the English words of the tag pattern}, 'none'.
   */
  machineSourceCode: Said;
  /** What detection assumed that the user may want to change, in plain words. */
  assumptions: string[];
  /** The same, as codes with parameters (`assume.<code>` in the UI), in the same order. */
  assumptionCodes: Said[];
}

/** One thing detection assumed: in English (CLI) and as a code with parameters (UI). */
export interface Assumption extends Said {
  text: string;
}

export const assume = (code: string, params: FieldParams, text: string): Assumption => ({
  code,
  params,
  text,
});

/**
 * How often a telemetry file's machines report, and whether the plant's cadence fits
 * (workers/ingest/cadence-meter.ts, cadenceFit in workers/shared/cadence.ts). Null in
 * the report when no machine has two readings at different times in the file.
 */
export interface CadenceCheck {
  /** Median over machines of each machine's median interval between readings, seconds. */
  medianIntervalSeconds: number;
  /** Machines measured (those with at least two readings in the file). */
  machines: number;
  /**
   * Median over the measured machines of the time their data in the plant spans
   * (first to last reading, earlier imports included), seconds.
   */
  spanSeconds: number | null;
  /** The plant's cadence when the file was imported. */
  current: Cadence;
  /**
   * Settings proposed for this data (not applied: `pdm plant` or the settings screen
   * accepts them); null when the current ones fit or no other preset suits it better.
   */
  proposal: Cadence | null;
  /** Why the current settings do not fit, in words; null when they fit. */
  reason: string | null;
  /** The same as a code for the UI (CadenceFit.reasonCode); null when they fit. */
  reasonCode: Said | null;
}

/**
 * Why a file was refused: 'source' also covers files that are not CSV text (ZIP/.xlsx,
 * .xls, binary); 'encoding': UTF-16 without a BOM, invalid or mixed encodings.
 */
export type ImportErrorReason =
  | 'rejects'
  | 'header'
  | 'ambiguous-date'
  | 'empty'
  | 'source'
  | 'kind'
  | 'columns'
  | 'timestamp'
  | 'encoding'
  | 'numbers';

/**
 * The file was refused whole; nothing of it was stored. `rejectedRows` lists the
 * first rows that were refused (file, line, column, reason) when reason = 'rejects'.
 */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly reason: ImportErrorReason,
    readonly rejectedRows: RejectedRow[] = [],
    readonly rejected = rejectedRows.length,
    readonly rowsRead = 0,
  ) {
    super(message);
    this.name = 'ImportError';
  }

  /** How far detection got before the refusal (a preview shows it to fix the mapping). */
  mapping?: ResolvedMapping;

  /**
   * The refusal as a code with parameters (i18n `importError.<code>`), so the UI words it
   * in its language; unset for refusals only the CLI meets (paths, folders).
   */
  code?: Said;

  /** Sets `code`; `throw new ImportError(...).coded('empty')`. */
  coded(code: string, params: FieldParams = {}): this {
    this.code = { code, params };
    return this;
  }
}
