import { basename } from 'node:path';
import {
  EXIT_BAD_INPUT,
  EXIT_INCOMPLETE,
  parse,
  progressPrinter,
  requireOpt,
  numOpt,
  UserError,
  type Command,
} from '../cli-kit';
import { withPlant } from '../plant';
import { formatEpoch } from '../../workers/shared/time';
import { machineIdProblem, trimCell } from '../../workers/shared/machine-id';
import { CancelledError } from '../../workers/shared/types';
import { importPaths, type PathsResult } from '../../workers/ingest/import-node';
import { CSV_ENCODINGS } from '../../workers/ingest/records';
import { machinesWithoutListRow } from '../../workers/features/read-machine';
import { plantTimeZone, setPlantCadence } from '../../workers/store/plant-settings';
import type { Store } from '../../workers/store/store';
import {
  cadenceCliArgs,
  describeCadence,
  describeInterval,
  formatInterval,
  formatSpan,
  type Cadence,
} from '../../workers/shared/cadence';
import {
  COLUMN_ROLES,
  IMPORT_KINDS,
  ImportError,
  type ColumnRole,
  type ImportKind,
  type ImportMapping,
  type ImportReport,
  type ResolvedMapping,
} from '../../workers/ingest/types';
import {
  getProfile,
  listProfiles,
  mappingOptions,
  removeProfile,
  saveProfile,
  validateProfileName,
} from '../../workers/ingest/profiles';

const help = `pdm import: bring CSV exports into a plant file

usage: pdm import --db FILE PATH... [--kind K] [--map COLUMN=ROLE ...]
                  [--date-format F] [--decimal-mark .|,] [--encoding E]
                  [--machine ID | --machine-from-name REGEX]
                  [--failure-component C] [--failure-at-end C]
                  [--delimiter comma|semicolon|tab|space] [--no-header]
                  [--columns NAME,...] [--tag-pattern REGEX]
                  [--time-unit LENGTH] [--time-start DATE]
                  [--profile NAME] [--save-profile NAME] [--dry-run [--limit-rows N]]
                  [--strict] [--max-reject-ratio R] [--accept-cadence] [--json]
       pdm import --db FILE --list-profiles [--json]
       pdm import --db FILE --remove-profile NAME

PATH is a CSV file or a folder (its *.csv, *.tsv, *.txt and *.dat files, not
readme.txt and other notes: machines first, then telemetry, errors, maint,
failures; other files are listed as skipped). The kind of
each file (telemetry, errors, maint, failures, machines) comes from its header (and
its name, for a component column of a failure or maintenance log); --kind forces it.

Detection looks at the first 2000 rows' values, not only the names. A file with a
timestamp, machine ids and two or more numeric columns is telemetry even when a
column is named failure, component, COMP, error or alarm: such a column is a sensor
when it holds numbers (a COMP signal, also 0/1 signals), a failure flag when a
failure column holds only 0/1, true/false or yes/no (a failure of component
'failure', --failure-component C, where it turns 1), failed components when a
failure column holds names, alarms (error) when an alarm/error/fault/status column
holds codes; a component column holding names is a replacement (maint) when the
file name says maintenance, else it is left out (map it to failure or maint). A
status column holding running states (RUN, STOP, ...) is refused as text until
mapped. A file whose event column (error id, component, failure) is filled in most
rows is an event log even with numeric columns (a work order's cost and hours, left
out). A component column's log is a failures log when the file name says failures
(failures, breakdown, defect), else a maintenance log. Every such decision is
printed as an assumption ("assumed: ...") so it can be checked and overridden.

Columns. Telemetry sensors are the other numeric columns, with any names. --map
gives a column a role: timestamp, date and time (a timestamp split over two
columns), machine, sensor, event (errorID / comp / failure), model, age, ignore,
or inside telemetry failure-flag, failure, error, maint (repeat --map; with several
files a map applies to each file that has the column).
A telemetry column that holds text is refused, naming it and its values, unless
mapped to ignore; nothing is dropped in silence: every column not stored is listed.

Dry run. --dry-run reads and checks every row and stores nothing (the plant file is
not written): for each file it prints how it is read (kind, columns and roles,
timestamp form and zone, number format, where machine ids come from, event columns,
assumptions), the first rows as they would be stored, and the counts (rows, would
add, duplicates, rejected with reasons); the exit code is the one the import would
give. --limit-rows N stops each file after N data rows (the counts then cover those
rows only).

Profiles. A profile is a mapping (kind, column roles, date format, decimal mark,
encoding, delimiter, failure component, ...) saved by name in the plant file.
--save-profile NAME saves, after an import without refused files, how the files were
read: the detected mapping of the file when one file was imported or all files were
read alike; with files of different kinds, only the options given on the command
line (kind, map, date format, ...), since one mapping cannot hold several kinds (it
says which). --profile NAME reads the files with a saved profile; options given on
the command line override its settings, --map entries are added to its map (a
profile's columns a file lacks are skipped). --list-profiles lists them,
--remove-profile NAME removes one. Schedules use them for their watched folder
(pdm schedule add --watch DIR --profile NAME). Profiles edited by hand in the file
are checked: an unknown setting or a bad value is refused naming it.
Machine ids are text (P-101A, MJ1311YNG733NA, 42), compared as written after
trimming spaces. --map may name a column by its number (1 = the first column) when
no column has that name.

Long historian files (OSIsoft PI, Ignition, SCADA): one reading per row, a timestamp,
a tag column (tag, tagname, tagpath, name, point, signal, variable, item, sensor) and
a value column (value, val, reading, pointvalue, floatvalue), optionally a quality
column (quality, status, dataintegrity) and a machine/asset column; detected from
the header or mapped (--map COLUMN=tag|value|quality). The readings are pivoted: one
telemetry row per machine and time, one sensor per tag. The machine comes from the
tag with --tag-pattern, a regular expression with named groups machine and sensor
(tags such as P101.Temperature: --tag-pattern '(?<machine>[^.]+)\\.(?<sensor>.+)'),
or from the machine column (the tag is then the sensor name). The value must be a
number (a state text such as Running rejects the row). Quality: empty, Good*, G, OK,
Valid, 1 and OPC codes 192-255 (0xC0-0xFF, Ignition's 192) are good; anything else
(Bad*, Uncertain, Questionable, Substituted, 0, 500, ...) stores the reading as
missing and is counted. A reading whose sensor is already filled for that machine
and time is a duplicate; other text columns (units, descriptions) are listed as not
imported; another numeric column refuses the file unless mapped.

Headerless and whitespace files: --no-header reads the first line as data; the
columns are named by --columns unit,cycle,... or col1, col2, ...; --map 1=machine
names them by number. --delimiter space splits at runs of spaces and tabs (leading
and trailing ones ignored); it is detected when the first line has no comma,
semicolon or tab but several space-separated fields. Counters as time: with
--time-unit 1h (s, m, h, d) the timestamp column holds cycle or sample numbers n
(whole or decimal), read as --time-start (YYYY-MM-DD[ HH:MM[:SS]], plant time,
default 2000-01-01 00:00) plus n units; a row whose counter is not a number is
rejected. The counter column is the one mapped to timestamp, else one named cycle,
cycles, time_cycles, sample or sample_index. A run-to-failure set such as NASA C-MAPSS:
  pdm import --db p.sqlite --no-header --time-unit 1h \\
    --columns unit,cycle,setting1,setting2,setting3,s1,...,s21 \\
    --map unit=machine --map cycle=timestamp --failure-at-end engine train_FD001.txt

Events inside telemetry (the sensors of the row are still stored; several such
columns may be mapped in one file):
  --map failure=failure-flag   a 0/1 (true/false, yes/no) flag: one failure of
                               --failure-component (default failure) at the first
                               row of each run of 1s per machine; a flag already 1
                               at a machine's first row in the file fails there
  --map failed_part=failure    the failed component's name
  --map status=error           an alarm, status or fault code
  --map replaced=maint         the replaced component's name
A text column makes an event where a value starts; the same value on the machine's
following rows is the same event. No event: empty, NULL, NaN, NA, N/A, #N/A, -, --,
0 (00, 0.0), OK, normal, none, no, false, off, clear, cleared, healthy, no fault,
no alarm, no error, no failure (any case). Rows are taken in the order read, per
machine. In a failure, error or maintenance log, the role of its own kind acts as
event (--map what=failure on a failure log). --failure-at-end C makes each
machine's last reading in each telemetry file (latest time) a failure of C
(run-to-failure data). The report counts the events made per table.

Files without a machine column (one file per pump or experiment): --machine ID
gives every row the machine ID; --machine-from-name REGEX takes it from each file's
name (the first capture group, else the whole match: --machine-from-name
'pump-(\\w+)' reads 07 from pump-07.csv), so a folder of such files imports in one
call. A file whose name does not match is refused; a file that has a machine column
as well is refused (map the column to ignore or drop the option).

Timestamps, detected from the column's values: YYYY-MM-DD HH:MM[:SS[.fff]] (also
YYYY/MM/DD, T, and Z or +HH:MM offsets), M/D/YYYY h:mm:ss AM, D/M/YYYY HH:MM,
D.M.YYYY HH:MM, month names (01-Jan-2015 06:00, Jan 1, 2015 6:00 AM), Excel serial
days (42005.25), Unix epoch seconds or milliseconds, separate Date and Time columns.
Times with an offset and epoch times are converted to the plant's time zone
(pdm plant --tz); times without one are plant time already. Readings that meet in
the hour repeated when daylight saving ends are counted as such. The day/month order
is decided from the whole column; when it stays ambiguous, for two-digit years and
years before 1900 the file is refused: give --date-format DMY, MDY, excel, epoch-s,
epoch-ms or a pattern such as "D/M/YY HH:mm" or "DD-MMM-YYYY HH:mm:ss" (YY: 69-99
are 1900s, 00-68 are 2000s).

Numbers: decimal point or comma and thousands separators (4,377.16 / 1.549,80),
decided per column from all its values (--decimal-mark fixes it). Missing values
(empty, NULL, NaN, NA, n/a, -) are stored as missing and counted. Encoding: UTF-8,
UTF-16 with BOM, Windows-1252 (detected; --encoding utf-8|windows-1252|utf-16le|
utf-16be); Excel's "sep=;" first line is honoured; ZIP, workbook and binary files are
refused with a plain message.

Each file is one transaction: all of it or nothing. Rows already in the plant (same
machine and time, or machine, time and event) are skipped, counted and the first
ones shown; a telemetry row still fills in sensor values the stored row lacks
(sensors split over several exports). A row with no sensor value at all is rejected.
A file with more than --max-reject-ratio (default 0.01) of its rows rejected is
refused whole and its rejected rows are listed (file, line, column, reason); --strict
refuses any rejected row. Files that import are saved even when others are refused.

Cadence. For each telemetry file the import measures how often its machines report
(per machine the median interval between readings, then the median over machines)
and checks it against the plant's cadence (pdm plant --step, --windows,
--event-window, --horizon). When the settings do not suit the data (readings slower
than the step, more than 1000 readings a step, or a machine's data spanning fewer
than 10 steps) it says why and proposes settings with the pdm plant command that
accepts them; nothing is changed unless --accept-cadence is given, which sets the
proposal when all files agree on one. Models trained under other settings must be
retrained.

Exit codes: 0 everything in the files is stored (or mapped to ignore); 3 stored,
but some rows or columns were not (each listed); 1 a file was refused (nothing of it
stored), or bad options; 2 internal error. A dry run exits as the import would.
`;

function parseMap(entries: string[] | undefined): Record<string, ColumnRole> | undefined {
  if (!entries || entries.length === 0) return undefined;
  const map: Record<string, ColumnRole> = {};
  for (const e of entries) {
    const eq = e.lastIndexOf('=');
    const col = e.slice(0, eq).trim();
    const role = e.slice(eq + 1).trim() as ColumnRole;
    if (eq <= 0 || !COLUMN_ROLES.includes(role)) {
      throw new UserError(
        `--map '${e}': use COLUMN=ROLE with ROLE one of ${COLUMN_ROLES.join(', ')}`,
      );
    }
    map[col] = role;
  }
  return map;
}

const DELIMITERS: Record<string, ',' | ';' | '\t' | 'space'> = {
  comma: ',',
  ',': ',',
  semicolon: ';',
  ';': ';',
  tab: '\t',
  '\t': '\t',
  space: 'space',
  whitespace: 'space',
};

function parseDelimiter(d: string | undefined): ',' | ';' | '\t' | 'space' | undefined {
  if (d === undefined) return undefined;
  const v = DELIMITERS[d.toLowerCase()];
  if (!v) throw new UserError(`--delimiter must be comma, semicolon, tab or space (got '${d}')`);
  return v;
}

function table(reports: ImportReport[]): string {
  const rows = [['file', 'kind', 'read', 'added', 'updated', 'dup', 'rejected', 'ms', 'range']];
  for (const r of reports) {
    rows.push([
      basename(r.file),
      r.kind,
      String(r.rowsRead),
      String(r.added),
      String(r.updated),
      String(r.duplicates),
      String(r.rejected),
      String(r.durationMs),
      r.timeRange ? `${formatEpoch(r.timeRange.from)} .. ${formatEpoch(r.timeRange.to)}` : '',
    ]);
  }
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i < 2 ? c.padEnd(w[i]) : c.padStart(w[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function describeFailure(f: { file: string; error: ImportError }): string {
  const lines = [
    f.error.message.startsWith(f.error.file) ? f.error.message : `${f.file}: ${f.error.message}`,
  ];
  for (const r of f.error.rejectedRows) {
    lines.push(`  ${r.file}:${r.line}${r.column ? ` column ${r.column}` : ''}: ${r.reason}`);
  }
  if (f.error.rejected > f.error.rejectedRows.length) {
    lines.push(`  ... and ${f.error.rejected - f.error.rejectedRows.length} more`);
  }
  return lines.join('\n');
}

/** Plain lines for what a report did not store or read specially (every omission listed). */
function reportNotes(r: ImportReport): string[] {
  const out: string[] = [];
  const f = basename(r.file);
  for (const x of r.rejectedRows) {
    out.push(`  rejected ${x.file}:${x.line}${x.column ? ` column ${x.column}` : ''}: ${x.reason}`);
  }
  if (r.rejected > r.rejectedRows.length) {
    out.push(`  ... and ${r.rejected - r.rejectedRows.length} more rejected in ${r.file}`);
  }
  for (const c of r.notImported) out.push(`  not imported ${f} column ${c.column}: ${c.reason}`);
  if (r.duplicates > 0) {
    const shown = r.duplicateRows
      .map((d) => `line ${d.line} (${d.machine}${d.time ? ', ' + d.time : ''})`)
      .join(', ');
    out.push(
      `  ${r.duplicates} duplicate row${r.duplicates > 1 ? 's' : ''} in ${f} already stored, ${r.dryRun ? 'would be skipped' : 'skipped'}` +
        (shown ? `: ${shown}${r.duplicates > r.duplicateRows.length ? ', ...' : ''}` : ''),
    );
  }
  if (r.repeatedHour > 0) {
    out.push(
      `  ${r.repeatedHour} reading${r.repeatedHour > 1 ? 's' : ''} in ${f} fell in the hour repeated ` +
        `when daylight saving ended (${r.timeZone}) on the same wall time as an earlier one: ` +
        'the first of each was kept',
    );
  }
  if (r.missingValues > 0) {
    out.push(
      `  ${r.missingValues} missing sensor values in ${f} ${r.dryRun ? 'would be ' : ''}stored as missing`,
    );
  }
  const ev = eventsText(r);
  if (ev) out.push(`  events from ${f}${r.dryRun ? ' (would be made)' : ''}: ${ev}`);
  if (r.badQuality) {
    out.push(
      `  ${r.badQuality} reading${r.badQuality > 1 ? 's' : ''} in ${f} had bad quality: ` +
        `${r.dryRun ? 'would be ' : ''}stored as missing (counted above)`,
    );
  }
  const marks = Object.keys(r.decimalMarks);
  if (marks.length > 0) out.push(`  decimal comma in ${f}: ${marks.join(', ')}`);
  if (r.timestampForm && !/^YYYY-MM-DD HH:MM(:SS)?$/.test(r.timestampForm)) {
    out.push(`  timestamps in ${f} read as ${r.timestampForm}`);
  }
  return out;
}

/** The events a telemetry file made, in words, or null when it made none (and met none stored). */
function eventsText(r: ImportReport): string | null {
  const ev = r.events;
  if (!ev) return null;
  const dup = r.eventDuplicates ?? 0;
  const made = (
    [
      [ev.failures, 'failure'],
      [ev.errors, 'error'],
      [ev.maint, 'maintenance record'],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, w]) => `${n} ${w}${n > 1 ? 's' : ''}`);
  if (made.length === 0 && dup === 0) return null;
  return (
    (made.length ? made.join(', ') : 'none new') +
    (dup > 0 ? ` (${dup} already stored, skipped)` : '')
  );
}

/**
 * Files whose event columns made no event at all: said once (a folder of day files
 * mostly has none; a wrongly mapped column shows here).
 */
function quietEventsNote(reports: ImportReport[]): string[] {
  const quiet = reports.filter((r) => r.events && eventsText(r) === null);
  if (quiet.length === 0) return [];
  const names = quiet.map((r) => basename(r.file));
  return [
    `  no events in the event columns of ${names.length === 1 ? names[0] : `${names.length} files (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''})`}`,
  ];
}

/** A path as a shell word (quoted when it holds spaces or shell characters). */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The measured cadence of each telemetry file and, when the plant's settings do not
 * suit it, why and the proposal with the command that accepts it (never applied here).
 */
function cadenceNotes(reports: ImportReport[], db: string, accepted: boolean): string[] {
  const out: string[] = [];
  const proposed = new Set<string>();
  for (const r of reports) {
    if (r.kind !== 'telemetry') continue;
    const f = basename(r.file);
    const c = r.cadence;
    if (!c) {
      out.push(`  cadence of ${f}: not measured (no machine has two readings at different times)`);
      continue;
    }
    out.push(
      `  cadence of ${f}: readings ${describeInterval(c.medianIntervalSeconds)} ` +
        `(median interval ${formatInterval(c.medianIntervalSeconds)} over ${c.machines} ` +
        `machine${c.machines > 1 ? 's' : ''}` +
        (c.spanSeconds !== null ? `, data spanning ${formatSpan(c.spanSeconds)}` : '') +
        ')' +
        (c.reason === null
          ? `; the plant's settings suit them (${describeCadence(c.current)})`
          : ''),
    );
    if (c.reason === null) continue;
    out.push(
      `  the plant's settings (${describeCadence(c.current)}) do not suit them: ${c.reason}`,
    );
    if (!c.proposal) continue;
    const args = cadenceCliArgs(c.proposal);
    if (proposed.has(args)) continue;
    proposed.add(args);
    out.push(`  proposed${accepted ? '' : ' (not applied)'}: ${describeCadence(c.proposal)}`);
    if (!accepted) out.push(`  to accept: pdm plant --db ${shellWord(db)} ${args}`);
  }
  return out;
}

interface Accepted {
  cadence: Cadence | null;
  note: string | null;
}

/**
 * --accept-cadence: sets the proposal of the telemetry files when they agree on one
 * (a file that fits the current settings, or proposes other ones, keeps them).
 */
function acceptCadence(store: Store, reports: ImportReport[]): Accepted {
  const checks = reports.filter((r) => r.kind === 'telemetry' && r.cadence).map((r) => r.cadence!);
  const proposals = checks.filter((c) => c.proposal).map((c) => c.proposal!);
  if (proposals.length === 0)
    return { cadence: null, note: 'no cadence proposed; nothing changed' };
  const distinct = new Set(proposals.map(cadenceCliArgs));
  if (distinct.size > 1 || proposals.length < checks.length) {
    return {
      cadence: null,
      note: 'the files suit different cadences; nothing changed (accept one with pdm plant)',
    };
  }
  const set = setPlantCadence(store, proposals[0]);
  return {
    cadence: set,
    note:
      `cadence set to ${describeCadence(set)} (--accept-cadence); models trained under ` +
      'other settings no longer score this plant: retrain them (pdm train)',
  };
}

/** True when a stored file left rows or columns out (not counting columns mapped to ignore). */
function incomplete(r: ImportReport): boolean {
  return (
    r.rejected > 0 ||
    r.repeatedHour > 0 ||
    r.notImported.some(
      (c) => c.reason !== 'mapped to ignore' && !c.reason.startsWith('entirely empty'),
    )
  );
}

/** --machine and --machine-from-name: one at most, a pattern that compiles (before the plant opens). */
function checkMachineSource(machine?: string, fromName?: string): void {
  if (machine !== undefined && fromName !== undefined) {
    throw new UserError('give --machine or --machine-from-name, not both');
  }
  const bad = machine === undefined ? null : machineIdProblem(trimCell(machine));
  if (bad) throw new UserError(`--machine '${machine}': ${bad}`);
  if (fromName === undefined) return;
  try {
    new RegExp(fromName);
  } catch (e) {
    throw new UserError(
      `--machine-from-name '${fromName}' is not a valid regular expression: ${(e as Error).message}`,
    );
  }
}

/** Aligned text table (first column left, others left too: sample cells are text). */
function grid(rows: string[][], indent: string): string[] {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map(
    (r) =>
      indent +
      r
        .map((c, i) => (c ?? '').padEnd(w[i]))
        .join('  ')
        .trimEnd(),
  );
}

const DELIMITER_WORDS: Record<string, string> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  ' ': 'spaces',
};

/** How a file is (or would be) read, in plain lines: what --dry-run prints per file. */
function mappingLines(m: ResolvedMapping, r: ImportReport | null): string[] {
  const out: string[] = [];
  out.push(
    `  kind: ${m.kind}${m.shape === 'long' ? ' (long: one reading per row)' : ''}; ` +
      `delimiter ${DELIMITER_WORDS[m.delimiter] ?? `'${m.delimiter}'`}` +
      (r ? `; encoding ${r.encoding}` : ''),
  );
  out.push(`  columns: ${m.columns.map((c) => `${c.name || '(unnamed)'} = ${c.role}`).join(', ')}`);
  out.push(
    `  timestamps: ${m.timestampForm ?? 'none'}` +
      (m.timestampForm ? `; plant time zone ${m.timeZone}` : ''),
  );
  if (r) {
    const comma = Object.keys(r.decimalMarks);
    out.push(
      `  numbers: ${comma.length ? `decimal comma in ${comma.join(', ')}; others decimal point` : 'decimal point'}`,
    );
  }
  out.push(`  machine ids from: ${m.machineSource}`);
  const events = m.columns.filter((c) =>
    ['failure-flag', 'failure', 'error', 'maint', 'event'].includes(c.role),
  );
  if (events.length) {
    out.push(`  event columns: ${events.map((c) => `${c.name} (${c.role})`).join(', ')}`);
  }
  for (const a of m.assumptions) out.push(`  assumed: ${a}`);
  return out;
}

/** The dry-run block of one file: mapping, sample rows, counts. */
function dryRunLines(r: ImportReport): string[] {
  const out = [`${r.file} (dry run: nothing stored)`];
  out.push(...mappingLines(r.mapping, r));
  if (r.sample.rows.length) {
    out.push(`  first rows as they would be stored:`);
    out.push(...grid([r.sample.columns, ...r.sample.rows], '    '));
  }
  out.push(
    `  rows: ${r.rowsRead}` +
      (r.limitedTo !== undefined ? ` (only the first ${r.limitedTo} read: --limit-rows)` : '') +
      `; would add ${r.added}` +
      (r.updated ? `, update ${r.updated}` : '') +
      `; duplicates ${r.duplicates}; rejected ${r.rejected}`,
  );
  return out;
}

/** The mapping --save-profile keeps, and a note when it is not a file's own. */
function profileToSave(
  reports: ImportReport[],
  given: ImportMapping,
): { mapping: ImportMapping; note: string | null } {
  const maps = reports.map((r) => JSON.stringify(r.mapping.mapping));
  if (new Set(maps).size === 1) return { mapping: reports[0].mapping.mapping, note: null };
  return {
    mapping: given,
    note:
      `the files were read in ${new Set(maps).size} different ways (` +
      [...new Set(reports.map((r) => r.kind))].join(', ') +
      '); the profile keeps only the options given on the command line',
  };
}

/** A profile's settings in one line. */
function profileWords(m: ImportMapping): string {
  return Object.entries(m)
    .map(([k, v]) =>
      k === 'map'
        ? `map ${Object.entries(v as Record<string, string>)
            .map(([c, r]) => `${c}=${r}`)
            .join(', ')}`
        : `${k} ${Array.isArray(v) ? v.join(',') : String(v)}`,
    )
    .join('; ');
}

export const command: Command = {
  summary: 'import CSV exports (files or folders) into a plant file',
  help,
  async run(argv, ctx) {
    const { values, positionals } = parse(
      argv,
      {
        db: { type: 'string' },
        kind: { type: 'string' },
        map: { type: 'string', multiple: true },
        'date-format': { type: 'string' },
        'decimal-mark': { type: 'string' },
        encoding: { type: 'string' },
        machine: { type: 'string' },
        'machine-from-name': { type: 'string' },
        'failure-component': { type: 'string' },
        'failure-at-end': { type: 'string' },
        strict: { type: 'boolean' },
        'accept-cadence': { type: 'boolean' },
        'max-reject-ratio': { type: 'string' },
        'dry-run': { type: 'boolean' },
        'limit-rows': { type: 'string' },
        profile: { type: 'string' },
        'save-profile': { type: 'string' },
        'list-profiles': { type: 'boolean' },
        'remove-profile': { type: 'string' },
        json: { type: 'boolean' },
        'no-header': { type: 'boolean' },
        columns: { type: 'string' },
        delimiter: { type: 'string' },
        'tag-pattern': { type: 'string' },
        'time-unit': { type: 'string' },
        'time-start': { type: 'string' },
      },
      true,
    );
    const db = requireOpt(values.db, 'db');
    if (values['list-profiles'] || values['remove-profile'] !== undefined) {
      if (positionals.length > 0) {
        throw new UserError('--list-profiles and --remove-profile take no files');
      }
      return profileCommand(db, values['remove-profile'], values.json === true, ctx);
    }
    if (positionals.length === 0) throw new UserError('give at least one CSV file or folder');
    const dryRun = values['dry-run'] === true;
    const limitRows = numOpt(values['limit-rows'], 'limit-rows', 1, 1e12);
    if (limitRows !== undefined && (!dryRun || !Number.isInteger(limitRows))) {
      throw new UserError('--limit-rows N (a whole number) goes with --dry-run');
    }
    if (dryRun && values['accept-cadence']) {
      throw new UserError(
        '--accept-cadence changes the plant settings; a dry run changes nothing (leave one out)',
      );
    }
    if (dryRun && values['save-profile'] !== undefined) {
      throw new UserError(
        '--save-profile saves with a real import; a dry run writes nothing (run it again without --dry-run)',
      );
    }
    if (values['save-profile'] !== undefined) {
      try {
        validateProfileName(values['save-profile']);
      } catch (e) {
        throw new UserError(`--save-profile: ${(e as Error).message}`);
      }
    }
    const kind = values.kind as ImportKind | undefined;
    if (kind !== undefined && !IMPORT_KINDS.includes(kind)) {
      throw new UserError(`--kind must be one of ${IMPORT_KINDS.join(', ')}, got '${kind}'`);
    }
    const mark = values['decimal-mark'];
    if (mark !== undefined && mark !== '.' && mark !== ',') {
      throw new UserError(`--decimal-mark must be . or , (got '${mark}')`);
    }
    const encodings: readonly string[] = CSV_ENCODINGS;
    if (values.encoding !== undefined && !encodings.includes(values.encoding.toLowerCase())) {
      throw new UserError(
        `--encoding must be one of ${CSV_ENCODINGS.join(', ')} (got '${values.encoding}')`,
      );
    }
    checkMachineSource(values.machine, values['machine-from-name']);
    const maxRejectRatio = numOpt(values['max-reject-ratio'], 'max-reject-ratio', 0, 1);
    const map = parseMap(values.map);
    const delimiter = parseDelimiter(values.delimiter);
    const columns = values.columns?.split(',').map((c) => c.trim());
    if (columns && !values['no-header']) {
      throw new UserError('--columns names the columns of a headerless file: give --no-header too');
    }
    if (columns?.some((c) => c === '')) {
      throw new UserError(`--columns '${values.columns}': a column name is empty`);
    }
    // The options given on the command line (a profile's settings give way to them).
    const given = Object.fromEntries(
      Object.entries({
        kind,
        dateFormat: values['date-format'],
        decimalMark: mark as '.' | ',' | undefined,
        encoding: values.encoding?.toLowerCase(),
        machine: values.machine,
        machineFromName: values['machine-from-name'],
        failureComponent: values['failure-component'],
        failureAtEnd: values['failure-at-end'],
        noHeader: values['no-header'],
        columns,
        delimiter,
        tagPattern: values['tag-pattern'],
        timeUnit: values['time-unit'],
        timeStart: values['time-start'],
      }).filter(([, v]) => v !== undefined),
    ) as ImportMapping;
    let saved: string | null = null;
    const progress = progressPrinter(ctx.stderr);
    let result: PathsResult;
    let withoutList: string[] = [];
    let zone = '';
    let accepted: Accepted = { cadence: null, note: null };
    try {
      result = await withPlant(
        db,
        { write: !dryRun, create: true, owner: 'pdm import' },
        async (plant) => {
          const base = values.profile
            ? mappingOptions(getProfile(plant.store, values.profile.trim()))
            : {};
          const r = await importPaths(plant.store, positionals, {
            ...base,
            ...given,
            map: base.map || map ? { ...base.map, ...map } : undefined,
            dryRun,
            ...(limitRows !== undefined ? { limitRows } : {}),
            strict: values.strict,
            maxRejectRatio,
            signal: ctx.signal,
            onProgress: (p) =>
              progress.update(basename(p.phase.replace(/^import /, '')), p.done, p.total),
          });
          withoutList = machinesWithoutListRow(plant.store);
          zone = plantTimeZone(plant.store);
          if (values['accept-cadence'] && !dryRun) {
            accepted = acceptCadence(plant.store, r.reports);
          }
          const name = values['save-profile'];
          if (name !== undefined) {
            if (r.failed.length > 0 || r.reports.length === 0) {
              saved = `profile '${name}' not saved: a file was refused`;
            } else {
              const p = profileToSave(r.reports, { ...(map ? { map } : {}), ...given });
              saveProfile(plant.store, name, p.mapping);
              saved =
                `profile '${name}' saved: ${profileWords(p.mapping) || '(detection only)'}` +
                (p.note ? ` (${p.note})` : '');
            }
          }
          return r;
        },
      );
    } catch (e) {
      progress.done();
      if (e instanceof ImportError) throw new UserError(e.message);
      if (e instanceof RangeError && values.profile) {
        throw new UserError(`--profile ${values.profile}: ${e.message}`);
      }
      if (e instanceof RangeError) throw new UserError(e.message);
      if (e instanceof CancelledError)
        throw new UserError('cancelled by the user; nothing was saved');
      throw e;
    }
    progress.done();
    if (values.json) {
      ctx.stdout(
        JSON.stringify({
          db,
          timeZone: zone,
          ...(dryRun ? { dryRun: true } : {}),
          reports: result.reports,
          failed: result.failed.map((f) => ({
            file: f.file,
            reason: f.error.reason,
            message: f.error.message,
            rowsRead: f.error.rowsRead,
            rejected: f.error.rejected,
            rejectedRows: f.error.rejectedRows,
            mapping: f.error.mapping ?? null,
          })),
          ...(saved ? { profile: saved } : {}),
          skipped: result.skipped,
          machinesWithoutListRow: withoutList,
          ...(values['accept-cadence'] ? { acceptedCadence: accepted.cadence } : {}),
        }) + '\n',
      );
    } else {
      if (dryRun) {
        for (const r of result.reports) ctx.stdout(dryRunLines(r).join('\n') + '\n');
        for (const f of result.failed) {
          if (!f.error.mapping) continue;
          ctx.stdout(
            [
              `${f.file} (dry run: refused, see below)`,
              ...mappingLines(f.error.mapping, null),
            ].join('\n') + '\n',
          );
        }
      } else if (result.reports.length > 0) ctx.stdout(table(result.reports) + '\n');
      if (!dryRun) {
        for (const r of result.reports) {
          for (const a of r.mapping.assumptions)
            ctx.stdout(`  assumed in ${basename(r.file)}: ${a}\n`);
        }
      }
      for (const r of result.reports) for (const l of reportNotes(r)) ctx.stdout(l + '\n');
      for (const l of quietEventsNote(result.reports)) ctx.stdout(l + '\n');
      for (const l of cadenceNotes(result.reports, db, accepted.cadence !== null)) {
        ctx.stdout(l + '\n');
      }
      if (accepted.note) ctx.stdout(`  ${accepted.note}\n`);
      if (saved) ctx.stdout(`  ${saved}\n`);
      for (const s of result.skipped) ctx.stdout(`  skipped ${s.file}: ${s.reason}\n`);
      if (withoutList.length > 0) {
        const shown = withoutList.slice(0, 10).join(', ');
        ctx.stdout(
          `  ${withoutList.length} machine${withoutList.length > 1 ? 's have' : ' has'} telemetry ` +
            `but no machine-list row (age -1, no model in the features): ${shown}` +
            (withoutList.length > 10 ? ', ...' : '') +
            '\n',
        );
      }
    }
    for (const f of result.failed) ctx.stderr(describeFailure(f) + '\n');
    if (result.failed.length > 0) {
      const n = result.failed.length + result.reports.length;
      ctx.stderr(
        dryRun
          ? `pdm: dry run: ${result.failed.length} of ${n} files would be refused; nothing was stored\n`
          : result.reports.length === 0
            ? `pdm: ${n === 1 ? 'the file was' : `all ${n} files were`} refused; nothing was stored\n`
            : `pdm: ${result.failed.length} of ${n} files refused (nothing of them stored); ` +
              `the other ${result.reports.length} ${result.reports.length > 1 ? 'were' : 'was'} saved\n`,
      );
      return EXIT_BAD_INPUT;
    }
    if (result.reports.some(incomplete)) {
      ctx.stderr(
        dryRun
          ? 'pdm: dry run: would store, but some rows or columns would not be (listed above)\n'
          : 'pdm: stored, but some rows or columns were not (listed above)\n',
      );
      return EXIT_INCOMPLETE;
    }
    return 0;
  },
};

/** --list-profiles and --remove-profile NAME. */
async function profileCommand(
  db: string,
  remove: string | undefined,
  json: boolean,
  ctx: Parameters<Command['run']>[1],
): Promise<number> {
  if (remove !== undefined) {
    const name = remove.trim();
    const removed = await withPlant(db, { write: true, owner: 'pdm import' }, async (plant) =>
      removeProfile(plant.store, name),
    );
    if (!removed) throw new UserError(`${db}: no import profile '${name}' (see --list-profiles)`);
    ctx.stdout(json ? JSON.stringify({ removed: name }) + '\n' : `removed profile '${name}'\n`);
    return 0;
  }
  const list = await withPlant(db, { write: false }, async (plant) => {
    try {
      return listProfiles(plant.store);
    } catch (e) {
      if (e instanceof RangeError) throw new UserError(`${db}: ${e.message}`);
      throw e;
    }
  });
  if (json) ctx.stdout(JSON.stringify({ profiles: list }) + '\n');
  else if (list.length === 0)
    ctx.stdout('no import profiles (save one with --save-profile NAME)\n');
  else for (const p of list) ctx.stdout(`${p.name}: ${profileWords(p.mapping)}\n`);
  return 0;
}
