/**
 * The Import screen's settings as the mapping editor holds them, and their mapping to
 * the importer's ImportMapping (what the preview, the import and a saved profile use).
 * The form keeps choices a mapping cannot hold on its own (a custom date pattern still
 * being typed, "from the file name" before a pattern is written), so it has its own
 * shape; `toMapping` and `fromMapping` convert both ways. Pure: unit tested.
 */
import type { ColumnRole, ImportKind, ImportMapping } from '../../workers/ingest/types';

/** The five export kinds (the importer's IMPORT_KINDS; the renderer imports only its types). */
export const KINDS: readonly ImportKind[] = [
  'telemetry',
  'errors',
  'maint',
  'failures',
  'machines',
];

/** Role choices in the order a planner looks for them; labels are `role.<role>`. */
export const ROLE_CHOICES: readonly ColumnRole[] = [
  'timestamp',
  'date',
  'time',
  'machine',
  'sensor',
  'failure-flag',
  'failure',
  'error',
  'maint',
  'event',
  'model',
  'age',
  'tag',
  'value',
  'quality',
  'ignore',
];

/** Time forms: '' detected, 'custom' a pattern, 'counter' cycles or samples. */
export const DATE_MODES = [
  '',
  'DMY',
  'MDY',
  'excel',
  'epoch-s',
  'epoch-ms',
  'custom',
  'counter',
] as const;
export type DateMode = (typeof DATE_MODES)[number];
export const COUNTER_UNITS = ['s', 'm', 'h', 'd'] as const;
export type CounterUnit = (typeof COUNTER_UNITS)[number];
export const DELIMITERS = ['', ',', ';', '\t', 'space'] as const;
export type Delimiter = (typeof DELIMITERS)[number];
/** Machine ids: '' from a column (detected), 'fixed' one id, 'name' from the file name. */
export type MachineMode = '' | 'fixed' | 'name';
/** Long files' tags: '' the tag is the sensor, 'dot'/'underscore' machine and sensor split there. */
export const TAG_MODES = ['', 'dot', 'underscore', 'custom'] as const;
export type TagMode = (typeof TAG_MODES)[number];

export const TAG_PATTERNS: Record<'dot' | 'underscore', string> = {
  dot: '(?<machine>[^.]+)\\.(?<sensor>.+)',
  underscore: '(?<machine>[^_]+)_(?<sensor>.+)',
};
/** "The file name without its extension": pump-01.csv gives pump-01. */
export const NAME_WITHOUT_EXTENSION = '^(.*?)(?:\\.[^.]*)?$';

/** The settings shared by all selected files, as the form shows them. */
export interface SharedSettings {
  dateMode: DateMode;
  pattern: string;
  counterEvery: string;
  counterUnit: CounterUnit;
  counterStart: string;
  decimalMark: '' | '.' | ',';
  encoding: string;
  machineMode: MachineMode;
  machineId: string;
  namePattern: string;
  /** False: the first line is data; `columnNames` then names the columns. */
  header: boolean;
  columnNames: string;
  delimiter: Delimiter;
  failureComponent: string;
  atEnd: boolean;
  atEndComponent: string;
  tagMode: TagMode;
  tagPattern: string;
}

export const DEFAULT_SHARED: SharedSettings = {
  dateMode: '',
  pattern: '',
  counterEvery: '1',
  counterUnit: 'h',
  counterStart: '',
  decimalMark: '',
  encoding: '',
  machineMode: '',
  machineId: '',
  namePattern: NAME_WITHOUT_EXTENSION,
  header: true,
  columnNames: '',
  delimiter: '',
  failureComponent: '',
  atEnd: false,
  atEndComponent: 'failure',
  tagMode: '',
  tagPattern: '',
};

/** What the form still lacks before the files can be read, as an i18n key; null when complete. */
export function missingSetting(s: SharedSettings): string | null {
  if (s.dateMode === 'custom' && !s.pattern.trim()) return 'import.patternMissing';
  if (s.dateMode === 'counter' && !(Number(s.counterEvery) > 0)) return 'map.counterMissing';
  if (s.machineMode === 'fixed' && !s.machineId.trim()) return 'map.machineIdMissing';
  if (s.machineMode === 'name' && !s.namePattern.trim()) return 'map.namePatternMissing';
  if (s.machineMode === 'name' && regexProblem(s.namePattern)) return 'map.patternInvalid';
  if (s.tagMode === 'custom' && regexProblem(s.tagPattern)) return 'map.patternInvalid';
  if (s.atEnd && !s.atEndComponent.trim()) return 'map.atEndMissing';
  return null;
}

function regexProblem(pattern: string): string | null {
  try {
    new RegExp(pattern);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** The shared settings as an ImportMapping (fields left at "detected" are absent). */
export function toMapping(s: SharedSettings): ImportMapping {
  const m: ImportMapping = {};
  if (s.dateMode === 'counter') {
    m.timeUnit = `${s.counterEvery.trim()}${s.counterUnit}`;
    if (s.counterStart.trim()) m.timeStart = s.counterStart.trim();
  } else if (s.dateMode === 'custom') {
    if (s.pattern.trim()) m.dateFormat = s.pattern.trim();
  } else if (s.dateMode) m.dateFormat = s.dateMode;
  if (s.decimalMark) m.decimalMark = s.decimalMark;
  if (s.encoding) m.encoding = s.encoding;
  if (s.machineMode === 'fixed' && s.machineId.trim()) m.machine = s.machineId.trim();
  if (s.machineMode === 'name' && s.namePattern.trim()) m.machineFromName = s.namePattern.trim();
  if (!s.header) {
    m.noHeader = true;
    const names = splitNames(s.columnNames);
    if (names.length > 0) m.columns = names;
  }
  if (s.delimiter) m.delimiter = s.delimiter;
  if (s.failureComponent.trim()) m.failureComponent = s.failureComponent.trim();
  if (s.atEnd && s.atEndComponent.trim()) m.failureAtEnd = s.atEndComponent.trim();
  if (s.tagMode === 'custom' && s.tagPattern.trim()) m.tagPattern = s.tagPattern.trim();
  else if (s.tagMode === 'dot' || s.tagMode === 'underscore')
    m.tagPattern = TAG_PATTERNS[s.tagMode];
  return m;
}

/** A saved mapping (a profile) as the form shows it. */
export function fromMapping(m: ImportMapping): SharedSettings {
  const s: SharedSettings = { ...DEFAULT_SHARED };
  const unit = /^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$/.exec(m.timeUnit ?? '');
  if (m.timeUnit) {
    s.dateMode = 'counter';
    if (unit) {
      s.counterEvery = unit[1];
      s.counterUnit = unit[2] as CounterUnit;
    }
    s.counterStart = m.timeStart ?? '';
  } else if (m.dateFormat) {
    if ((DATE_MODES as readonly string[]).includes(m.dateFormat)) {
      s.dateMode = m.dateFormat as DateMode;
    } else {
      s.dateMode = 'custom';
      s.pattern = m.dateFormat;
    }
  }
  s.decimalMark = m.decimalMark ?? '';
  s.encoding = m.encoding ?? '';
  if (m.machine) {
    s.machineMode = 'fixed';
    s.machineId = m.machine;
  } else if (m.machineFromName) {
    s.machineMode = 'name';
    s.namePattern = m.machineFromName;
  }
  s.header = !m.noHeader;
  s.columnNames = (m.columns ?? []).join(', ');
  s.delimiter = m.delimiter ?? '';
  s.failureComponent = m.failureComponent ?? '';
  s.atEnd = !!m.failureAtEnd;
  s.atEndComponent = m.failureAtEnd ?? 'failure';
  const preset = (Object.keys(TAG_PATTERNS) as ('dot' | 'underscore')[]).find(
    (k) => TAG_PATTERNS[k] === m.tagPattern,
  );
  s.tagMode = m.tagPattern ? (preset ?? 'custom') : '';
  s.tagPattern = m.tagPattern ?? '';
  return s;
}

function splitNames(text: string): string[] {
  return text
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
}

/**
 * One file's mapping: the shared settings, then the profile's kind and roles, then the
 * kind and roles chosen for this file.
 */
export function fileMapping(
  shared: ImportMapping,
  base: { kind?: ImportKind; map?: Record<string, ColumnRole> },
  kind: ImportKind | undefined,
  roles: Record<string, ColumnRole> | undefined,
): ImportMapping {
  const m: ImportMapping = { ...shared };
  const k = kind ?? base.kind;
  if (k) m.kind = k;
  const map = { ...base.map, ...roles };
  if (Object.keys(map).length > 0) m.map = map;
  return m;
}

/**
 * The settings a profile keeps after editing several files: the shared settings, the
 * kind when every file was read as the same chosen kind, and the roles chosen in any
 * file (files of one export share their column names; a column a file lacks is skipped).
 */
export function profileMapping(
  shared: ImportMapping,
  base: { kind?: ImportKind; map?: Record<string, ColumnRole> },
  kinds: (ImportKind | undefined)[],
  roles: (Record<string, ColumnRole> | undefined)[],
): ImportMapping {
  const m: ImportMapping = { ...shared };
  const chosen = kinds.map((k) => k ?? base.kind);
  if (chosen.length > 0 && chosen[0] && chosen.every((k) => k === chosen[0])) m.kind = chosen[0];
  const map = Object.assign({}, base.map, ...roles.map((r) => r ?? {})) as Record<
    string,
    ColumnRole
  >;
  if (Object.keys(map).length > 0) m.map = map;
  return m;
}

/** The kind and roles of a profile (what `fileMapping` layers under each file's own). */
export function profileBase(m: ImportMapping | null): {
  kind?: ImportKind;
  map?: Record<string, ColumnRole>;
} {
  if (!m) return {};
  return { ...(m.kind ? { kind: m.kind } : {}), ...(m.map ? { map: { ...m.map } } : {}) };
}

/**
 * The machine id a file name gives with `pattern` (first capture group, else the whole
 * match), as the importer reads it: { id } or { error } (no match, invalid pattern).
 */
export function machineFromName(
  pattern: string,
  fileName: string,
): { id: string } | { error: 'invalid' | 'no-match' } {
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch {
    return { error: 'invalid' };
  }
  const base = fileName.replace(/^.*[\\/]/, '');
  const m = re.exec(base);
  if (!m) return { error: 'no-match' };
  const id = m[1] ?? m[0];
  return id ? { id } : { error: 'no-match' };
}

/** What a tag gives with `pattern` (named groups machine and sensor), or null when it does not match. */
export function splitTag(
  pattern: string,
  tag: string,
): { machine?: string; sensor: string } | null {
  if (!pattern) return { sensor: tag };
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch {
    return null;
  }
  const m = re.exec(tag);
  if (!m) return null;
  const sensor = m.groups?.sensor;
  if (!sensor) return null;
  return { machine: m.groups?.machine, sensor };
}
