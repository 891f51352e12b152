/**
 * Reading a header: which kind of export a file is and what each column means.
 * Names are compared case-, space-, underscore- and hyphen-insensitively, so
 * "machineID", "machine_id" and "Machine ID" are the same column.
 */
import type { ColumnSniff } from './first-look';
import { isMissingToken } from './numbers';
import { assume, ImportError, type Assumption, type ColumnRole, type ImportKind } from './types';

/** `Machine ID` -> `machineid`, `Date/Time` -> `datetime` (for matching roles only). */
export function normName(s: string): string {
  return s.toLowerCase().replace(/[\s_\-./]+/g, '');
}

const TIMESTAMP_NAMES = new Set([
  'datetime',
  'timestamp',
  'timestamputc',
  'datetimeutc',
  'time',
  'date',
  'ts',
  'datumzeit',
  'zeitstempel',
  'eventtime',
  'recordedat',
  'readingtime',
  'localtime',
]);
/** Names of the date half and the time half of a timestamp split over two columns. */
const DATE_NAMES = new Set(['date', 'datum', 'day', 'fecha']);
const TIME_NAMES = new Set(['time', 'zeit', 'hour', 'timeofday', 'hora', 'uhrzeit']);
const MACHINE_NAMES = new Set([
  'machineid',
  'machine',
  'machineno',
  'machinenumber',
  'machinename',
  'assetid',
  'asset',
  'assettag',
  'assetnumber',
  'equipmentid',
  'equipment',
  'equipmentno',
  'serialnumber',
  'serialno',
  'serial',
  'unitid',
  'deviceid',
  'turbineid',
  'turbine',
  'pumpid',
]);
const EVENT_NAMES: Record<string, ImportKind> = {
  errorid: 'errors',
  error: 'errors',
  errorcode: 'errors',
  alarm: 'errors',
  alarmcode: 'errors',
  alarmid: 'errors',
  faultcode: 'errors',
  comp: 'maint',
  component: 'maint',
  replacedcomponent: 'maint',
  failure: 'failures',
  failedcomp: 'failures',
  failedcomponent: 'failures',
  failedpart: 'failures',
};

/** Event columns that name a component without saying replaced or failed. */
const GENERIC_COMPONENT = new Set(['comp', 'component', 'part']);

/**
 * A failure logbook and a maintenance log often share the header (`Component`); the
 * file name tells them apart (`wind-farm-failures-2016.csv`, `maintenance_log.csv`).
 */
function kindFromFileName(file: string, eventCol: string): ImportKind | null {
  if (!GENERIC_COMPONENT.has(eventCol)) return null;
  return kindOfName(file);
}

/** What a file name says: failures, maintenance or neither. */
function kindOfName(file: string): 'failures' | 'maint' | null {
  const base = file.replace(/^.*[\\/]/, '').toLowerCase();
  if (/fail|breakdown|defect/.test(base)) return 'failures';
  if (/maint|repair|replac|service|work.?order|cmms/.test(base)) return 'maint';
  return null;
}

/** Inside telemetry: names of columns that mark or name failures. */
const FAILURE_NAMES = new Set([
  'failure',
  'failures',
  'failed',
  'fail',
  'failedcomp',
  'failedcomponent',
  'failedpart',
  'failurecomponent',
  'failuremode',
  'failuretype',
  'broken',
]);
/** Inside telemetry: names of alarm, error, fault and status code columns. */
const ERROR_NAMES = new Set([
  'error',
  'errors',
  'errorid',
  'errorcode',
  'alarm',
  'alarms',
  'alarmcode',
  'alarmid',
  'fault',
  'faults',
  'faultcode',
  'status',
  'statuscode',
  'eventcode',
  'warning',
  'warningcode',
]);
/** Inside telemetry: names of columns naming a replaced component. */
const MAINT_NAMES = new Set(['replacedcomponent', 'replaced', 'maintenance', 'replacement']);
/** Status words of a machine that runs normally: not alarms. */
const RUNNING_WORDS =
  /^(ok|normal|running|run|idle|on|off|stop|stopped|standby|auto|manual|maint|maintenance)$/i;

/** Values of a flag: 0/1, true/false, yes/no. */
const FLAG = /^(0|1|0\.0|1\.0|true|false|yes|no)$/i;

/** The distinct non-missing values when every one is a flag value, else null. */
function flagValues(s: ColumnSniff): string[] | null {
  if (s.distinct.size >= 20 || s.numbers + s.text === 0) return null;
  const vs = [...s.distinct].filter((v) => !isMissingToken(v));
  return vs.length > 0 && vs.every((v) => FLAG.test(v)) ? vs : null;
}

/** Holds numbers (more numeric cells than text ones, at least one). */
const numeric = (s: ColumnSniff) => s.numbers > 0 && s.numbers > s.text;

/** Share of the rows looked at that have a text value. */
const textShare = (s: ColumnSniff) => s.text / Math.max(1, s.numbers + s.text + s.missing);

const quoted = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');

/** What detection looked at besides the header. */
export interface LayoutLook {
  /** Per column: what its first rows hold. */
  sniff: ColumnSniff[];
  /** Machine ids come from an option (machine, machineFromName), not a column. */
  machineGiven?: boolean;
  /** That option's id for this file (machineFromName already applied to its name). */
  machineId?: string;
  /** Component of the failures a failure flag makes (for the assumption's words). */
  failureComponent?: string;
}

/** Column roles for one file, by index into the header. */
export interface Layout {
  kind: ImportKind;
  header: string[];
  /** Per column: its role, or null for telemetry columns still to be classified. */
  roles: (ColumnRole | null)[];
  /** The timestamp column, or the date column of a split date and time. */
  timestamp: number;
  /** The time column of a split date and time, else -1. */
  time: number;
  /** The machine column, or -1 when `machineId` gives every row's machine. */
  machine: number;
  event: number;
  model: number;
  age: number;
  /** What detection assumed, in plain words and as codes (ResolvedMapping.assumptions). */
  assumptions: Assumption[];
  /** Telemetry: event columns inside the readings (failure flags, codes, components). */
  events: EventColumn[];
  /** The machine id of every row (ImportOptions.machine or machineFromName), else undefined. */
  machineId?: string;
}

/** Event roles a telemetry column may have, and the table each one fills. */
export type EventRole = 'failure-flag' | 'failure' | 'error' | 'maint';
export const EVENT_ROLE_KIND: Record<EventRole, 'failures' | 'errors' | 'maint'> = {
  'failure-flag': 'failures',
  failure: 'failures',
  error: 'errors',
  maint: 'maint',
};
const isEventRole = (r: ColumnRole | null): r is EventRole => r !== null && r in EVENT_ROLE_KIND;

/** One event column of a telemetry file. */
export interface EventColumn {
  col: number;
  role: EventRole;
  table: 'failures' | 'errors' | 'maint';
}

/** The role a header name suggests, or null (a sensor candidate for telemetry). */
export function guessRole(n: string): ColumnRole | null {
  if (TIMESTAMP_NAMES.has(n)) return 'timestamp';
  if (MACHINE_NAMES.has(n)) return 'machine';
  if (n in EVENT_NAMES) return 'event';
  if (n === 'model' || n === 'machinemodel' || n === 'type') return 'model';
  if (n === 'age' || n === 'ageyears') return 'age';
  return null;
}

/**
 * Resolves the kind and column roles from the header, the caller's overrides
 * (`kind`, `map`), or both. Throws ImportError('header'/'kind') naming the file and
 * the missing column.
 */
export function resolveLayout(
  file: string,
  header: string[],
  kindOpt?: ImportKind,
  map?: Record<string, ColumnRole>,
  mapMayMiss = false,
  look?: LayoutLook,
): Layout {
  const assumptions: Assumption[] = [];
  const norm = header.map(normName);
  const mapN = new Map<string, ColumnRole>();
  for (const [k, v] of Object.entries(map ?? {})) mapN.set(normName(k), v);
  for (const k of mapN.keys()) {
    if (!norm.includes(k) && !mapMayMiss) {
      throw new ImportError(
        `${file}: --map names column '${k}', which is not in the header (${header.join(', ')})`,
        file,
        'header',
      ).coded('map-missing', { col: k, header: header.join(', ') });
    }
  }
  const roles: (ColumnRole | null)[] = norm.map((n) => mapN.get(n) ?? guessRole(n));
  splitDateTime(norm, roles, mapN);
  refuseRepeatedNames(file, header, norm, roles);

  const machineId = look?.machineId;
  const given = machineId !== undefined || look?.machineGiven === true;
  let kind = kindOpt ?? eventLogKind(roles);
  if (!kind && look) {
    kind = kindFromValues(file, header, norm, roles, mapN, look, assumptions) ?? undefined;
  }
  if (!kind) {
    const ev = norm.findIndex((n, i) => roles[i] === 'event' && n in EVENT_NAMES);
    const hasTs = roles.includes('timestamp') || roles.includes('date');
    const hasMachine = roles.includes('machine') || given;
    if (ev >= 0) {
      kind = kindFromFileName(file, norm[ev]) ?? EVENT_NAMES[norm[ev]];
      if (GENERIC_COMPONENT.has(norm[ev]) && !mapN.has(norm[ev])) {
        const col = header[ev].trim();
        assumptions.push(
          kind === 'failures'
            ? assume(
                'components-failures',
                { col },
                `'${col}' names components and the file name says failures: read as a ` +
                  'failures log (give --kind maint if these are replacements)',
              )
            : kindOfName(file) === 'maint'
              ? assume(
                  'components-maint-by-name',
                  { col },
                  `'${col}' names components and the file name says maintenance: read as a ` +
                    'maintenance log of replaced components (give --kind failures if these are failures)',
                )
              : assume(
                  'components-maint-guess',
                  { col },
                  `'${col}' names components, but neither the header nor the file name says ` +
                    'failures or maintenance: read as a maintenance log of replaced components ' +
                    '(give --kind failures if these are failures)',
                ),
        );
      }
    } else if (roles.includes('event')) kind = 'errors';
    else if (!hasTs && hasMachine && (roles.includes('model') || roles.includes('age')))
      kind = 'machines';
    else if (hasTs && hasMachine) kind = 'telemetry';
    else {
      throw new ImportError(
        `${file}: cannot tell what kind of export this is from its header (${header.join(', ')}); ` +
          'give the kind (telemetry, errors, maint, failures, machines) and map the columns',
        file,
        'kind',
      ).coded('unknown-kind', { header: header.join(', ') });
    }
  }
  if (kind !== 'telemetry') {
    // Outside telemetry, unknown columns are ignored rather than treated as sensors.
    for (let i = 0; i < roles.length; i++) if (roles[i] === null) roles[i] = 'ignore';
    eventRolesAsEvent(file, header, roles, kind);
  } else {
    refuseEventInTelemetry(file, header, norm, roles, mapN);
    for (let i = 0; i < roles.length; i++) {
      if (roles[i] === 'event' || roles[i] === 'model' || roles[i] === 'age') {
        if (!mapN.has(norm[i])) roles[i] = null;
      }
      // An unnamed column (a trailing delimiter on every line, a spreadsheet's index
      // column) is not a sensor.
      if (roles[i] === null && norm[i] === '') roles[i] = 'ignore';
    }
    if (look) telemetryRoles(file, header, norm, roles, mapN, look, assumptions);
  }

  const find = (role: ColumnRole, required: boolean): number => {
    const i = roles.indexOf(role);
    if (i < 0 && required) {
      throw new ImportError(
        `${file}: a ${kind} file needs a ${role} column; the header has ${header.join(', ')} ` +
          `(map one with ${role === 'machine' ? 'machineID' : 'NAME'}=${role})`,
        file,
        'header',
      ).coded('needs-column', { kind, role, header: header.join(', ') });
    }
    if (i >= 0 && roles.indexOf(role, i + 1) >= 0) {
      throw new ImportError(
        `${file}: more than one column has the role ${role}; map the extra one to ignore`,
        file,
        'header',
      ).coded('role-twice', { role });
    }
    return i;
  };
  if (given && kind === 'machines') {
    throw new ImportError(
      `${file}: a machine list names its machines in a column; --machine and ` +
        '--machine-from-name are for telemetry and event files',
      file,
      'header',
    ).coded('machines-given-id');
  }
  const machine = find('machine', !given);
  if (given && machine >= 0) {
    throw new ImportError(
      `${file}: the machine id is given (--machine / --machine-from-name) but the file has ` +
        `a machine column '${header[machine].trim()}'; map that column to ignore ` +
        `(--map "${header[machine].trim()}=ignore") or drop the option`,
      file,
      'header',
    ).coded('given-and-column', { col: header[machine].trim() });
  }
  const needsTs = kind !== 'machines';
  const hasDate = roles.includes('date');
  const hasTime = roles.includes('time');
  if (needsTs && hasDate !== hasTime) {
    throw new ImportError(
      `${file}: a ${hasDate ? 'date' : 'time'} column needs a ${hasDate ? 'time' : 'date'} ` +
        `column to go with it (map them with NAME=date and NAME=time), or map it as the timestamp`,
      file,
      'header',
    ).coded(hasDate ? 'date-without-time' : 'time-without-date');
  }
  if (needsTs && hasDate && roles.includes('timestamp')) {
    throw new ImportError(
      `${file}: both a timestamp column and a date/time pair are mapped; keep one and map ` +
        'the others to ignore',
      file,
      'header',
    ).coded('timestamp-and-pair');
  }
  const timestamp = needsTs ? (hasDate ? find('date', true) : find('timestamp', true)) : -1;
  const time = needsTs && hasTime ? find('time', true) : -1;
  const event =
    kind === 'errors' || kind === 'maint' || kind === 'failures' ? find('event', true) : -1;
  const model = kind === 'machines' ? find('model', true) : -1;
  const age = kind === 'machines' ? find('age', true) : -1;
  if (kind === 'telemetry' && !roles.some((r) => r === null || r === 'sensor')) {
    const flag = roles.indexOf('failure-flag');
    if (flag >= 0 && !mapN.has(norm[flag])) {
      throw new ImportError(
        `${file}: '${header[flag].trim()}' holds only flags (0/1, true/false), which are read ` +
          'as failures inside telemetry, but the file has no sensor column; import the ' +
          'readings with the flag, or the failures as a log (time, machine, component)',
        file,
        'header',
      ).coded('flag-without-sensor', { col: header[flag].trim() });
    }
    throw new ImportError(
      `${file}: a telemetry file needs at least one sensor column`,
      file,
      'header',
    ).coded('no-sensor');
  }
  const events: EventColumn[] = [];
  roles.forEach((r, col) => {
    if (isEventRole(r)) events.push({ col, role: r, table: EVENT_ROLE_KIND[r] });
  });
  return {
    kind,
    header,
    roles,
    timestamp,
    time,
    machine,
    event,
    model,
    age,
    events,
    machineId,
    assumptions,
  };
}

/**
 * A file whose only event column is mapped as failure, error or maint and that has
 * no other candidate column (no sensor) is that kind of log: `--map X=failure` works
 * on a failure log as `--map X=event` does.
 */
function eventLogKind(roles: (ColumnRole | null)[]): ImportKind | undefined {
  const ev = roles.filter(isEventRole);
  if (ev.length !== 1 || ev[0] === 'failure-flag') return undefined;
  if (roles.some((r) => r === null || r === 'sensor' || r === 'event')) return undefined;
  return EVENT_ROLE_KIND[ev[0]];
}

/**
 * In an event log, a column mapped failure, error or maint is its event column when
 * the role matches the log's kind; any other event role there is refused.
 */
function eventRolesAsEvent(
  file: string,
  header: string[],
  roles: (ColumnRole | null)[],
  kind: ImportKind,
): void {
  roles.forEach((r, i) => {
    if (!isEventRole(r)) return;
    if (r !== 'failure-flag' && EVENT_ROLE_KIND[r] === kind) {
      roles[i] = 'event';
      return;
    }
    throw new ImportError(
      `${file}: column '${header[i].trim()}' is mapped to ${r}, which is for event columns ` +
        `inside telemetry files${r === 'failure-flag' ? '' : ` or ${EVENT_ROLE_KIND[r]} logs`}; ` +
        `this is a ${kind} file (map its event column with NAME=event)`,
      file,
      'header',
    ).coded('event-role-kind', { col: header[i].trim(), role: r, kind });
  });
}

/**
 * A column mapped to `event` in a telemetry file would not say which table its events
 * belong to: refused, naming the roles that do.
 */
function refuseEventInTelemetry(
  file: string,
  header: string[],
  norm: string[],
  roles: (ColumnRole | null)[],
  mapped: Map<string, ColumnRole>,
): void {
  const i = roles.findIndex((r, k) => r === 'event' && mapped.get(norm[k]) === 'event');
  if (i < 0) return;
  const col = header[i].trim();
  throw new ImportError(
    `${file}: column '${col}' is mapped to event in a telemetry file; say which events it ` +
      `holds: ${col}=failure-flag (a 0/1 flag), ${col}=failure (failed component), ` +
      `${col}=error (alarm or status code) or ${col}=maint (replaced component)`,
    file,
    'header',
  ).coded('event-unsaid', { col });
}

/**
 * The kind from what the columns hold: a file with a timestamp, machine ids and two or
 * more numeric non-flag columns is telemetry even when a column is named like an event
 * (Backblaze's `failure` 0/1, a compressor's `COMP` signal), unless a column named like
 * an event holds text in most rows: then it is an event log whose numbers are
 * attributes (a CMMS log's cost and hours). Null: decide by the header as before.
 */
function kindFromValues(
  file: string,
  header: string[],
  norm: string[],
  roles: (ColumnRole | null)[],
  mapN: Map<string, ColumnRole>,
  look: LayoutLook,
  assumptions: Assumption[],
): ImportKind | null {
  const hasTs = roles.includes('timestamp') || roles.includes('date');
  if (!hasTs || !(roles.includes('machine') || look.machineGiven)) return null;
  const free = (i: number) =>
    !mapN.has(norm[i]) && (roles[i] === null || roles[i] === 'event') && norm[i] !== '';
  const sniff = look.sniff;
  const numbers = norm
    .map((_, i) => i)
    .filter((i) => free(i) && sniff[i] && numeric(sniff[i]) && !flagValues(sniff[i]));
  const flagEvent = norm.findIndex(
    (n, i) => free(i) && roles[i] === 'event' && sniff[i] && flagValues(sniff[i]) !== null,
  );
  // An event in most rows: names (text), or whole-number codes in an error/alarm
  // column (an alarm log with numeric codes, its severity and duration beside them).
  const filled = (i: number) => {
    const x = sniff[i];
    if (!x || flagValues(x) !== null) return false;
    if (textShare(x) >= 0.5) return true;
    const total = Math.max(1, x.numbers + x.text + x.missing);
    return ERROR_NAMES.has(norm[i]) && x.fractions === 0 && (x.numbers - x.zeros) / total >= 0.5;
  };
  const textEvent = norm.findIndex((_, i) => free(i) && roles[i] === 'event' && filled(i));
  if (textEvent >= 0) {
    const others = numbers.filter((i) => i !== textEvent);
    if (others.length >= 2) {
      const col = header[textEvent].trim();
      const cols = quoted(others.slice(0, 4).map((i) => header[i].trim()));
      assumptions.push(
        assume(
          'event-log-numbers',
          { col, cols },
          `'${col}' names an event in most rows, so this is an event log; ` +
            `its numeric columns (${cols}) are left out (give --kind telemetry to read them as sensors)`,
        ),
      );
    }
    return null;
  }
  if (numbers.length >= 2 || flagEvent >= 0) return 'telemetry';
  return null;
}

/**
 * Telemetry: the role of each column named like an event, a model or a status, from
 * what it holds: numbers are a sensor (a `COMP` signal), 0/1 in a failure column a
 * failure flag, failure names `failure`, alarm/status codes `error`, a replaced
 * component `maint`. Each decision a user might not expect is said in `assumptions`.
 */
function telemetryRoles(
  file: string,
  header: string[],
  norm: string[],
  roles: (ColumnRole | null)[],
  mapN: Map<string, ColumnRole>,
  look: LayoutLook,
  assumptions: Assumption[],
): void {
  const comp = look.failureComponent ?? 'failure';
  for (let i = 0; i < roles.length; i++) {
    const n = norm[i];
    const s = look.sniff[i];
    if (roles[i] !== null || mapN.has(n) || !s) continue;
    const col = header[i].trim();
    const failure = FAILURE_NAMES.has(n);
    const error = ERROR_NAMES.has(n);
    const maint = MAINT_NAMES.has(n) || GENERIC_COMPONENT.has(n);
    const flags = flagValues(s);
    if (flags) {
      if (failure) {
        roles[i] = 'failure-flag';
        const values = quoted(flags);
        const on = flags.some((v) => /^t/i.test(v))
          ? 'true'
          : flags.some((v) => /^y/i.test(v))
            ? 'yes'
            : '1';
        assumptions.push(
          assume(
            'flag-failure',
            { col, values, on, comp },
            `'${col}' holds only ${values}: read as a failure flag (a failure where it ` +
              `turns ${on}); component '${comp}' — give another with --failure-component`,
          ),
        );
      } else if (error || maint) {
        const values = quoted(flags);
        assumptions.push(
          assume(
            error ? 'flag-sensor-alarms' : 'flag-sensor-failures',
            { col, values },
            `'${col}' holds only ${values}: read as a sensor (an on/off signal); ` +
              `map it with --map "${col}=${error ? 'error' : 'failure-flag'}" if it marks ` +
              `${error ? 'alarms' : 'failures'}`,
          ),
        );
      }
      continue;
    }
    if (numeric(s)) {
      if (error && s.fractions === 0) {
        roles[i] = 'error';
        assumptions.push(
          assume(
            'whole-numbers-codes',
            { col },
            `'${col}' holds whole numbers: read as alarm/error codes (each new non-zero code on ` +
              `a machine is an error; 0 and empty are none); map it with --map "${col}=sensor" ` +
              'if it is a measurement',
          ),
        );
      } else if (failure || error || maint || n === 'model' || n === 'age') {
        const as = failure ? 'failures' : error ? 'errors' : maint ? 'components' : n;
        assumptions.push(
          assume(
            'numbers-sensor',
            { col, as },
            `'${col}' holds numbers: read as a sensor, not as ` +
              (failure ? 'failures' : error ? 'error codes' : maint ? 'components' : `a ${n}`),
          ),
        );
      }
      continue;
    }
    if (s.text === 0) continue; // only missing cells so far: a sensor (dropped if empty)
    if (failure) {
      roles[i] = 'failure';
      const samples = quoted(s.samples.slice(0, 3));
      assumptions.push(
        assume(
          'text-failure',
          { col, samples },
          `'${col}' holds text (${samples}): read as the failed ` +
            'component (a failure where a name starts)',
        ),
      );
    } else if (error) {
      // A running state (RUN/STOP/MAINT) is not alarm codes, nor a sensor: it is left to
      // the text-column refusal, which names it and says how to map it.
      if (!s.samples.some((v) => RUNNING_WORDS.test(v))) {
        roles[i] = 'error';
        const samples = quoted(s.samples.slice(0, 3));
        assumptions.push(
          assume(
            'codes-errors',
            { col, samples },
            `'${col}' holds codes (${samples}): read as alarms/errors ` +
              '(an error where a code starts)',
          ),
        );
      }
    } else if (MAINT_NAMES.has(n) || (GENERIC_COMPONENT.has(n) && kindOfName(file) === 'maint')) {
      roles[i] = 'maint';
      assumptions.push(
        assume(
          MAINT_NAMES.has(n) ? 'maint-column' : 'maint-column-by-name',
          { col },
          `'${col}' names components` +
            (MAINT_NAMES.has(n) ? '' : ' and the file name says maintenance') +
            ': read as replacements (a maintenance event where a name starts)',
        ),
      );
    } else if (GENERIC_COMPONENT.has(n)) {
      // A component named beside readings may be what failed, what was replaced or just
      // the part being measured: storing either kind of event would invent history.
      roles[i] = 'ignore';
      const samples = quoted(s.samples.slice(0, 3));
      assumptions.push(
        assume(
          'components-left-out',
          { col, samples },
          `'${col}' names components (${samples}) but neither the ` +
            `header nor the file name says failures or maintenance: left out; map it with ` +
            `--map "${col}=failure" or --map "${col}=maint"`,
        ),
      );
    } else if (n === 'model' || n === 'machinemodel' || n === 'type') {
      roles[i] = 'ignore';
      const samples = quoted(s.samples.slice(0, 2));
      assumptions.push(
        assume(
          'machine-model-left-out',
          { col, samples },
          `'${col}' holds the machine model (${samples}): left out of ` +
            'telemetry (a machine list file gives models)',
        ),
      );
    }
  }
}

/**
 * Separate Date and Time columns (a common spreadsheet and logger layout) are one
 * timestamp: when the header names a date and a time column (and nothing maps them
 * otherwise), they become the `date` and `time` roles, combined row by row.
 */
function splitDateTime(
  norm: string[],
  roles: (ColumnRole | null)[],
  mapped: Map<string, ColumnRole>,
): void {
  const free = (i: number) => !mapped.has(norm[i]);
  const d = norm.findIndex((n, i) => DATE_NAMES.has(n) && free(i));
  const t = norm.findIndex((n, i) => TIME_NAMES.has(n) && free(i));
  if (d < 0 || t < 0) return;
  // Another column already holds the whole timestamp: the pair is not needed.
  if (roles.some((r, i) => r === 'timestamp' && i !== d && i !== t)) return;
  roles[d] = 'date';
  roles[t] = 'time';
}

/**
 * Two columns with the same name (`volt,volt`) cannot both be stored under it; refused
 * naming the column, unless all but one are mapped to ignore.
 */
function refuseRepeatedNames(
  file: string,
  header: string[],
  norm: string[],
  roles: (ColumnRole | null)[],
): void {
  const seen = new Map<string, number>();
  for (let i = 0; i < norm.length; i++) {
    if (roles[i] === 'ignore' || norm[i] === '') continue;
    const j = seen.get(norm[i]);
    if (j !== undefined) {
      throw new ImportError(
        `${file}: the header names column '${header[i].trim()}' twice (columns ${j + 1} and ` +
          `${i + 1}); rename one of them in the file so each column has its own name`,
        file,
        'header',
      ).coded('header-twice', { col: header[i].trim(), a: j + 1, b: i + 1 });
    }
    seen.set(norm[i], i);
  }
}

/**
 * Picks `,`, `;` or tab from the header line: the one occurring most outside quotes;
 * 'space' when there is none of them but the line has several space-separated fields.
 */
export function detectDelimiter(headerLine: string): string {
  let comma = 0;
  let semi = 0;
  let tab = 0;
  let quoted = false;
  for (let i = 0; i < headerLine.length; i++) {
    const c = headerLine.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 44) comma++;
    else if (c === 59) semi++;
    else if (c === 9) tab++;
  }
  // No comma, semicolon or tab but several words: a whitespace-separated data file
  // (engine run-to-failure sets, fixed-width logger dumps).
  if (comma + semi + tab === 0 && !headerLine.includes('"') && /\S[ ]+\S/.test(headerLine.trim()))
    return 'space';
  if (tab > comma && tab >= semi) return '\t';
  if (semi > comma) return ';';
  return ',';
}
