/**
 * Long (tall) historian files: one reading per row, `timestamp, tag, value` with
 * optional quality and machine (asset) columns, as OSIsoft PI, Ignition and most
 * SCADA historians export them. Each reading is pivoted into the wide telemetry table:
 * the (machine, t) row gets the tag's sensor column filled by an upsert, so the file
 * is streamed in any order (by tag, by time, interleaved) without holding it.
 *
 * The machine of a reading comes from the tag (ImportOptions.tagPattern with named
 * groups `machine` and `sensor`), else from a machine/asset column (the tag is then the
 * sensor), else from ImportOptions.machine or machineFromName (one machine per file).
 *
 * Quality (goodQuality): a bad reading is stored as missing and counted.
 */
import type { Statement } from 'sql.js';
import type { Store } from '../store/store';
import { trimCell } from '../shared/machine-id';
import { said, type Said } from '../shared/said';
import { sensorColumn } from '../store/sql-ident';
import { prepareSensorUpsert } from '../store/telemetry-store';
import type { CadenceMeter } from './cadence-meter';
import { guessRole, normName, type Layout } from './header';
import { isMissingToken, type NumberColumn } from './numbers';
import { fieldCountOk, MachineKeys, type ImportCounters, type RowSink } from './sinks';
import { textValueCheck } from './text-value';
import type { TimestampColumn } from './timestamp-column';
import { ImportError, type ColumnRole, type ImportOptions } from './types';

/** Header names of the tag column (after normName). */
const TAG_NAMES = new Set([
  'tag',
  'tagname',
  'tagpath',
  'tagid',
  'path',
  'name',
  'pointname',
  'point',
  'pointid',
  'pointtag',
  'signal',
  'signalname',
  'variable',
  'item',
  'itemid',
  'itemname',
  'channel',
  'sensor',
  'sensorname',
  'sensorid',
]);
/** Header names of the value column. */
const VALUE_NAMES = new Set([
  'value',
  'val',
  'reading',
  'pointvalue',
  'floatvalue',
  'numericvalue',
  'doublevalue',
  'realvalue',
  'measuredvalue',
  'pv',
]);
/** Header names of the quality column. */
const QUALITY_NAMES = new Set([
  'quality',
  'qualitycode',
  'qual',
  'status',
  'dataintegrity',
  'datavalid',
]);
/** Timestamp names of historian exports beyond the wide files' ones. */
const LONG_TIMESTAMP_NAMES = new Set(['tstamp', 'timestamplocal', 'sampletime', 'valuetime']);

/** The long file's own columns (header indexes; -1 when absent). */
export interface LongColumns {
  tag: number;
  value: number;
  quality: number;
}

export interface LongLayout {
  layout: Layout;
  cols: LongColumns;
}

function guessLong(n: string): ColumnRole | null {
  if (TAG_NAMES.has(n)) return 'tag';
  if (VALUE_NAMES.has(n)) return 'value';
  if (QUALITY_NAMES.has(n)) return 'quality';
  if (LONG_TIMESTAMP_NAMES.has(n)) return 'timestamp';
  return guessRole(n);
}

/**
 * The layout of a long file, or null when the header is not one: it needs a timestamp,
 * a tag and a value column (by name or mapped). A header with a mapped tag or value
 * column but not both, or two columns of one role, is refused with a message.
 */
export function longLayout(
  file: string,
  header: string[],
  opts: ImportOptions,
  map: Record<string, ColumnRole> | undefined,
): LongLayout | null {
  if (opts.kind && opts.kind !== 'telemetry') return null;
  const norm = header.map(normName);
  const mapN = new Map<string, ColumnRole>();
  for (const [k, v] of Object.entries(map ?? {})) mapN.set(normName(k), v);
  const mapped = [...mapN.values()];
  // A mapped quality column only has a meaning in a long file (never dropped silently).
  const explicit = mapped.includes('tag') || mapped.includes('value') || mapped.includes('quality');
  const roles: (ColumnRole | null)[] = norm.map((n) => mapN.get(n) ?? guessLong(n));
  const has = (r: ColumnRole) => roles.includes(r);
  if (!has('tag') || !has('value') || (!explicit && !has('timestamp'))) {
    if (explicit) {
      throw new ImportError(
        `${file}: a long file needs a tag column and a value column (and a timestamp); the ` +
          `header has ${header.join(', ')} (map them with NAME=tag, NAME=value)`,
        file,
        'header',
      ).coded('long-needs-tag-value', { header: header.join(', ') });
    }
    return null;
  }
  const one = (role: ColumnRole, required: boolean): number => {
    const i = roles.indexOf(role);
    if (i < 0 && required) {
      throw new ImportError(
        `${file}: a long file needs a ${role} column; the header has ${header.join(', ')} ` +
          `(map one with NAME=${role})`,
        file,
        'header',
      ).coded('long-needs-column', { role, header: header.join(', ') });
    }
    if (i >= 0 && roles.indexOf(role, i + 1) >= 0) {
      const both = roles.flatMap((r, j) => (r === role ? [`'${header[j].trim()}'`] : []));
      throw new ImportError(
        `${file}: columns ${both.join(' and ')} both look like the ${role} column of a long ` +
          `file; map the extra one to ignore (--map "${header[roles.lastIndexOf(role)].trim()}=ignore")`,
        file,
        'header',
      ).coded('long-role-twice', { cols: both.join(', '), role });
    }
    return i;
  };
  const timestamp = one('timestamp', true);
  const machine = one('machine', false);
  const cols: LongColumns = {
    tag: one('tag', true),
    value: one('value', true),
    quality: one('quality', false),
  };
  // Other columns (units, descriptions, other guesses) are left out, each reported.
  for (let i = 0; i < roles.length; i++) {
    const r = roles[i];
    if (r === 'sensor') {
      throw new ImportError(
        `${file}: column '${header[i].trim()}' is mapped to sensor, but in a long file the ` +
          'sensors are the tags; map it to ignore, or read the file as wide (without tag/value)',
        file,
        'header',
      ).coded('long-sensor-mapped', { col: header[i].trim() });
    }
    if (r !== 'timestamp' && r !== 'machine' && r !== 'tag' && r !== 'value' && r !== 'quality') {
      if (r !== 'ignore') roles[i] = null;
    }
  }
  return {
    layout: {
      kind: 'telemetry',
      header,
      roles,
      timestamp,
      time: -1,
      machine,
      event: -1,
      model: -1,
      age: -1,
      // A long file's rows are readings, not events; its machine comes from longMachine.
      events: [],
      assumptions: [],
    },
    cols,
  };
}

/**
 * Quality of a historian reading. Good: an empty cell (no quality given); the text
 * Good, G, OK or Valid, or any text starting with "good" (Good_Provisional, GOOD_DATA,
 * "Good [Local Override]"), any case; the number 1 (an OK flag); an OPC DA quality code
 * whose two quality bits say good (192-255, hex 0xC0-0xFF: Ignition's dataintegrity
 * 192 and PI's good status). Everything else is bad: Bad, Bad_*, Uncertain*,
 * Questionable, Substituted, Stale, Error*, 0 (OPC Bad; Ignition charts treat its 0
 * as not good too), 500, 600, ...
 */
export function goodQuality(cell: string): boolean {
  const s = trimCell(cell);
  if (s === '') return true;
  const lower = s.toLowerCase();
  if (lower === 'g' || lower === 'ok' || lower === 'valid' || lower.startsWith('good')) return true;
  let n = NaN;
  if (/^[0-9]+$/.test(s)) n = Number(s);
  else if (/^0x[0-9a-f]+$/i.test(s)) n = parseInt(s.slice(2), 16);
  if (n !== n) return false;
  return n === 1 || (n >= 0xc0 && n <= 0xff);
}

/** Where a long file's machine ids come from. */
export type LongMachine =
  { from: 'pattern' } | { from: 'column'; index: number } | { from: 'constant'; id: string };

/**
 * The tag pattern: a regular expression with a named group `sensor` (and optionally
 * `machine`), matched against the whole tag. RangeError when it is not one.
 */
export function tagRegExp(pattern: string): RegExp {
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`);
  } catch (e) {
    throw new RangeError(
      `tagPattern '${pattern}' is not a regular expression: ${(e as Error).message}`,
    );
  }
  if (!/\(\?<sensor>/.test(pattern)) {
    throw new RangeError(
      `tagPattern '${pattern}' needs a named group (?<sensor>...) for the sensor name ` +
        `(and (?<machine>...) for the machine), e.g. '(?<machine>[^.]+)\\.(?<sensor>.+)'`,
    );
  }
  return re;
}

/**
 * Where the machine of each reading comes from, or ImportError naming the ways to give
 * it. The tag pattern's machine group and a machine column cannot both give it.
 */
export function longMachine(
  file: string,
  long: LongLayout,
  opts: ImportOptions,
  tagSamples: string[] = [],
): { machine: LongMachine; tagRe: RegExp | null } {
  const { layout } = long;
  const re = opts.tagPattern !== undefined ? tagRegExp(opts.tagPattern) : null;
  const patternMachine = opts.tagPattern !== undefined && /\(\?<machine>/.test(opts.tagPattern);
  // importCsv resolved machineFromName to this file's id (withMachineFromName) already.
  const constant = opts.machine !== undefined ? opts.machine.trim() : null;
  const sources = [
    patternMachine ? 'the tag pattern' : '',
    layout.machine >= 0 ? `column '${layout.header[layout.machine].trim()}'` : '',
    constant !== null ? 'the machine option' : '',
  ].filter((s) => s !== '');
  if (sources.length > 1) {
    throw new ImportError(
      `${file}: both ${sources.join(' and ')} give the machine; keep one` +
        (layout.machine >= 0
          ? ` (map the column to ignore: --map "${layout.header[layout.machine].trim()}=ignore")`
          : ''),
      file,
      'header',
    ).coded('long-machine-twice');
  }
  if (patternMachine && re) return { machine: { from: 'pattern' }, tagRe: re };
  if (layout.machine >= 0) return { machine: { from: 'column', index: layout.machine }, tagRe: re };
  if (constant !== null) return { machine: { from: 'constant', id: constant }, tagRe: re };
  const proposal = proposeTagPattern(tagSamples);
  throw new ImportError(
    `${file}: a long file (timestamp, tag, value) needs the machine of each reading: a ` +
      `machine or asset column, a tag pattern with a machine group (--tag-pattern ` +
      `'(?<machine>[^.]+)\\.(?<sensor>.+)' for tags such as P101.Temperature), --machine ID ` +
      'or --machine-from-name PATTERN' +
      (proposal
        ? `. Its tags look like '${proposal.example}': --tag-pattern '${proposal.pattern}' ` +
          `reads machine '${proposal.machine}' and sensor '${proposal.sensor}' from it`
        : ''),
    file,
    'header',
  ).coded(
    proposal ? 'long-no-machine-proposal' : 'long-no-machine',
    proposal
      ? {
          example: proposal.example,
          pattern: proposal.pattern,
          machine: proposal.machine,
          sensor: proposal.sensor,
        }
      : {},
  );
}

/**
 * A tag pattern that splits every sampled tag into machine and sensor, for the message
 * that asks for one: `P101.Temperature` at the first dot, `[default]Line1/Pump3/vib`
 * at the last slash. Null when the tags share no such separator.
 */
export function proposeTagPattern(
  tags: string[],
): { pattern: string; example: string; machine: string; sensor: string } | null {
  const seen = tags.filter((t) => t !== '');
  if (seen.length === 0) return null;
  for (const pattern of ['(?<machine>[^.]+)\\.(?<sensor>.+)', '(?<machine>.+)/(?<sensor>[^/]+)']) {
    const re = new RegExp(`^${pattern}$`);
    const parts = seen.map((t) => re.exec(t)?.groups);
    if (parts.every((g) => g && g.machine && g.sensor)) {
      const g = parts[0]!;
      return { pattern, example: seen[0], machine: g.machine, sensor: g.sensor };
    }
  }
  return null;
}

/** A tag's machine (text; null: from the row) and sensor index, cached per tag text. */
interface TagInfo {
  machine: string | null;
  sensor: number;
}

const show = (s: string) => (s.length > 40 ? s.slice(0, 40) + '...' : s);

/** PI system digital states and similar historian texts written where a reading failed. */
const SYSTEM_STATES =
  /^(i\/o timeout|shutdown|bad input|bad data|no data|pt created|comm fail|calc failed|scan off|scan timeout|configure|over range|under range|invalid data|no sample|not connected|bad)$/i;

/** A refused machine or sensor name taken out of a tag: `tag-<part>-<code>`, with the tag. */
const fromTag = (part: 'machine' | 'sensor', tag: string, c: Said): Said =>
  said(`tag-${part}-${c.code}`, { ...c.params, tag: show(tag) });

/** Why a value cell that is not a number rejects its row, in English and as a code. */
function notANumber(v: string): [string, Said] {
  const value = show(v);
  return SYSTEM_STATES.test(v)
    ? [
        `'${value}' is a historian system state (no reading was taken), not a number`,
        said('system-state', { value }),
      ]
    : [
        `'${value}' is not a number: a long file's value column holds numeric readings ` +
          '(a state or status text cannot be stored as a sensor reading)',
        said('long-not-a-number', { value }),
      ];
}

/** Per-sensor state of the long sink. */
interface SensorSlot {
  name: string;
  /** The sensor's telemetry column, quoted. */
  col: string;
  /** Upserts of BATCH readings and of one. */
  many: Statement;
  one: Statement;
  /** Staged readings: (machine, t, value) triples, their lines and repeated-hour flags. */
  vals: (number | null)[];
  lines: Int32Array;
  repeated: Uint8Array;
  staged: number;
  stagedRepeated: number;
}

/** Readings of one sensor written per upsert statement. */
const BATCH = 64;

const upsert = (store: Store, col: string, n: number) => prepareSensorUpsert(store, col, n);

/**
 * The long file's row writer: each reading is an upsert into the (machine, t) row's
 * sensor column that fills it only when it is empty (a filled one makes the reading a
 * duplicate), staged per sensor and written BATCH readings per statement. Readings of
 * one sensor keep their file order, and readings of different sensors touch different
 * columns, so the result is the file order's. `sensorNames` lists the sensors in
 * order of first appearance, c.sensorValues their readings with a value;
 * `badQuality` counts readings stored as missing because of their quality.
 */
export class LongSink implements RowSink {
  private readonly sensors: SensorSlot[] = [];
  /** Sensor names in order of first appearance (index = c.sensorValues index). */
  readonly sensorNames: string[] = [];
  badQuality = 0;
  /** The last reading accepted (for the report's sample of stored rows). */
  last: { machine: string; sensor: string; value: number | null } = {
    machine: '',
    sensor: '',
    value: null,
  };
  private readonly tags = new Map<string, TagInfo>();
  private readonly bySensor = new Map<string, number>();
  private readonly keys: MachineKeys;
  private readonly vals: (number | null)[] = [0, 0, null];
  private readonly nf: number;
  private readonly constantKey: number;

  constructor(
    private readonly store: Store,
    private readonly c: ImportCounters,
    private readonly long: LongLayout,
    private readonly machine: LongMachine,
    private readonly tagRe: RegExp | null,
    private readonly ts: TimestampColumn,
    private readonly numbers: NumberColumn[],
    private readonly meter: CadenceMeter | null,
    private readonly patternText = '',
  ) {
    this.keys = new MachineKeys(store);
    this.nf = long.layout.header.length;
    this.constantKey = -1;
    if (machine.from === 'constant') {
      const k = this.keys.key(machine.id);
      if (k < 0) {
        throw new ImportError(
          `${c.file}: machine id '${machine.id}': ${this.keys.problem}`,
          c.file,
          'header',
        ).coded('bad-machine-id', { id: machine.id });
      }
      this.constantKey = k;
    }
  }

  private sensorIndex(name: string): number {
    const k = this.bySensor.get(name);
    if (k !== undefined) return k;
    let col: string;
    try {
      col = sensorColumn(this.store.ensureSensor(name), name);
    } catch (e) {
      // SQLite's column limit: thousands of tags are rarely thousands of sensors of one
      // kind of machine; the tag pattern splits machine from sensor.
      if (!/too many columns/i.test((e as Error).message)) throw e;
      throw new ImportError(
        `${this.c.file}: tag '${show(name)}' would be sensor number ${this.sensors.length + 1}, ` +
          'more than a plant file holds; give a tag pattern that takes the machine out of ' +
          "the tag (--tag-pattern '(?<machine>[^.]+)\\.(?<sensor>.+)'); nothing was stored",
        this.c.file,
        'columns',
      ).coded('long-too-many-tags', { tag: show(name), n: this.sensors.length + 1 });
    }
    const i = this.sensors.length;
    this.sensors.push({
      name,
      col,
      many: upsert(this.store, col, BATCH),
      one: upsert(this.store, col, 1),
      vals: new Array<number | null>(3 * BATCH).fill(0),
      lines: new Int32Array(BATCH),
      repeated: new Uint8Array(BATCH),
      staged: 0,
      stagedRepeated: 0,
    });
    this.sensorNames.push(name);
    this.c.sensorValues.push(0);
    this.bySensor.set(name, i);
    return i;
  }

  /** The tag's machine and sensor, or why the tag is refused. */
  private tagInfo(tag: string): TagInfo | { text: string; code: Said } {
    const hit = this.tags.get(tag);
    if (hit) return hit;
    let machine: string | null = null;
    let sensor = tag;
    const re = this.tagRe;
    if (re) {
      const m = re.exec(tag);
      if (!m?.groups)
        return {
          text: `tag '${show(tag)}' does not match the tag pattern '${this.patternText}'`,
          code: said('tag-no-match', { tag: show(tag), pattern: this.patternText }),
        };
      sensor = (m.groups.sensor ?? '').trim();
      if (this.machine.from === 'pattern') machine = (m.groups.machine ?? '').trim();
    }
    const bad = textValueCheck(sensor);
    if (bad) {
      return {
        text: `sensor name from tag '${show(tag)}': ${bad.text}`,
        code: fromTag('sensor', tag, bad.code),
      };
    }
    const info = { machine, sensor: this.sensorIndex(sensor) };
    if (this.tags.size < 100_000) this.tags.set(tag, info);
    return info;
  }

  row(f: string[], line: number, flags: number): void {
    const c = this.c;
    c.rowsRead++;
    if (!fieldCountOk(c, f, this.nf, line, flags)) return;
    const { layout, cols } = this.long;
    const raw = f[layout.timestamp];
    const t = this.ts.parse(raw);
    if (t !== t) {
      if (raw.trim() === '')
        c.reject(line, layout.timestamp, 'empty timestamp', said('empty-timestamp'));
      else
        c.reject(
          line,
          layout.timestamp,
          this.ts.explain(raw),
          said('bad-timestamp', { value: show(raw) }),
        );
      return;
    }
    const tag = trimCell(f[cols.tag]);
    if (tag === '') {
      c.reject(line, cols.tag, 'empty tag', said('empty-tag'));
      return;
    }
    const info = this.tagInfo(tag);
    if ('text' in info) {
      c.reject(line, cols.tag, info.text, info.code);
      return;
    }
    let m = this.constantKey;
    if (this.machine.from === 'pattern') {
      m = this.keys.key(info.machine!);
      if (m < 0) {
        c.reject(
          line,
          cols.tag,
          `machine from tag '${show(tag)}': ${this.keys.problem}`,
          this.keys.problemCode && fromTag('machine', tag, this.keys.problemCode),
        );
        return;
      }
    } else if (this.machine.from === 'column') {
      m = this.keys.key(f[this.machine.index]);
      if (m < 0) {
        c.reject(line, this.machine.index, this.keys.problem, this.keys.problemCode);
        return;
      }
    }
    const v = f[cols.value];
    let x: number | null = this.numbers[cols.value].parse(v);
    let bad = false;
    if (x !== x) {
      if (!isMissingToken(v)) {
        c.reject(line, cols.value, ...notANumber(v.trim()));
        return;
      }
      x = null;
    }
    if (x !== null && cols.quality >= 0 && !goodQuality(f[cols.quality])) {
      x = null;
      bad = true;
    }
    if (t < c.tMin) c.tMin = t;
    if (t > c.tMax) c.tMax = t;
    c.lastT = t;
    // Counted as read, as the wide sink counts them (a duplicate reading included).
    if (x === null) {
      c.missingValues++;
      if (bad) this.badQuality++;
    } else c.sensorValues[info.sensor]++;
    this.meter?.add(m, t);
    this.last.machine = this.keys.name(m);
    this.last.sensor = this.sensorNames[info.sensor];
    this.last.value = x;
    const slot = this.sensors[info.sensor];
    const o = 3 * slot.staged;
    slot.vals[o] = m;
    slot.vals[o + 1] = t;
    slot.vals[o + 2] = x;
    slot.lines[slot.staged] = line;
    const rep = this.ts.repeatedHour ? 1 : 0;
    slot.repeated[slot.staged] = rep;
    slot.stagedRepeated += rep;
    if (++slot.staged === BATCH) this.flush(slot);
  }

  /**
   * Writes a sensor's staged readings with one statement. Rows changed = readings
   * added; the rest were duplicates. While duplicates are still listed by line (or a
   * reading fell in a repeated hour) the batch runs in a savepoint and is redone one
   * reading at a time when it met duplicates, so each one is known by its line.
   */
  private flush(slot: SensorSlot): void {
    const n = slot.staged;
    if (n === 0) return;
    const db = this.store.db;
    const c = this.c;
    const detail = c.listingDuplicates || slot.stagedRepeated > 0;
    if (detail) db.run('SAVEPOINT pdm_long');
    if (n === BATCH) slot.many.run(slot.vals);
    else {
      const st = upsert(this.store, slot.col, n);
      try {
        st.run(slot.vals.slice(0, 3 * n));
      } finally {
        st.free();
      }
    }
    const added = db.getRowsModified();
    if (added < n && detail) {
      db.run('ROLLBACK TO pdm_long');
      const one = this.vals;
      for (let r = 0; r < n; r++) {
        one[0] = slot.vals[3 * r];
        one[1] = slot.vals[3 * r + 1];
        one[2] = slot.vals[3 * r + 2];
        slot.one.run(one);
        if (db.getRowsModified() > 0) c.added++;
        else {
          c.duplicate(slot.lines[r], this.keys.name(one[0]!), one[1]!, slot.repeated[r] === 1);
        }
      }
    } else {
      c.added += added;
      c.duplicates += n - added;
    }
    if (detail) db.run('RELEASE pdm_long');
    slot.staged = 0;
    slot.stagedRepeated = 0;
  }

  /** Writes the readings still staged (after the last row). */
  finish(): void {
    for (const s of this.sensors) this.flush(s);
  }

  free(): void {
    for (const s of this.sensors) {
      s.many.free();
      s.one.free();
    }
    this.sensors.length = 0;
  }
}
