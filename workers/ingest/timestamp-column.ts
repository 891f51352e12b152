/**
 * The timestamp column of an import: its form detected from the column's values during
 * the importer's first look (TimestampFormDetector), then every value read to plant
 * wall-clock time (TimestampColumn).
 *
 * Plant time (../shared/time.ts, ../shared/zone.ts): seconds since 1970 of the plant's
 * wall clock read as UTC, milliseconds as the fraction. A value written without an
 * offset already is plant time; one with an offset (`Z`, `+09:00`, `+0000`, `-05`) is an
 * instant and is converted to the plant's zone, as are Unix epoch values. Excel serial
 * days are wall time.
 */
import { zoneRules, type ZoneRules } from '../shared/zone';
import { daysInMonth } from '../shared/time';
import {
  clockText,
  DateOrderDecider,
  FORMS_TRIED,
  MIN_YEAR,
  parseDateFormat,
  parseDayMonth,
  parseEpochMillis,
  parseEpochSeconds,
  parseExcel,
  parseIso,
  parseMonthName,
  plainNumber,
  scan,
  timestampShape,
  TimestampPattern,
  type DateFormatSpec,
  type DateOrder,
  type TimestampFamily,
  type TimestampShape,
} from './timestamp';
import { ImportError } from './types';
import { counterReader, explainCounter, type CounterTime } from './counter-time';

export interface TimestampOptions {
  /**
   * `DMY` / `MDY` / `YMD` (day/month order of the detected form only), `iso`, `excel`,
   * `epoch-s`, `epoch-ms`, or a pattern such as `D/M/YYYY HH:mm` (see TimestampPattern in
   * ./timestamp.ts). Default: detected from the column.
   */
  dateFormat?: string;
  /** The plant's IANA time zone, e.g. 'Europe/Berlin'. */
  timeZone: string;
}

export interface TimestampForm {
  /**
   * 'iso', 'iso-offset' (ISO with offsets), 'slash', 'dash', 'dot', 'month-name', 'excel',
   * 'epoch-s', 'epoch-ms', 'compact' (YYYYMMDD[HHmmss]) or 'pattern' (a dateFormat pattern).
   */
  id: string;
  /** Human text, e.g. 'D/M/YYYY h:mm:ss AM', 'YYYY-MM-DD HH:MM:SS with UTC offset'. */
  description: string;
  dateOrder: 'MDY' | 'DMY' | null;
  /** True when values are instants (offsets or epoch) converted to plant time. */
  converted: boolean;
  /** 'pattern' and 'compact': the pattern (else TimestampOptions.dateFormat is used). */
  pattern?: string;
  /** 'counter': the column counts cycles or samples (counter-time.ts). */
  counter?: CounterTime;
}

/** Non-empty values looked at before the form is settled. */
export const SETTLE_VALUES = 200;

/** Sample values named in messages. */
const SAMPLES = 5;

const quoteList = (vs: string[]) =>
  vs.map((v) => `'${v.length > 40 ? v.slice(0, 40) + '...' : v}'`).join(', ');

const DAY_MONTH_SEP: Partial<Record<TimestampFamily, string>> = {
  slash: '/',
  dash: '-',
  dot: '.',
};

const FIXED_TEXT: Partial<Record<string, string>> = {
  excel: 'Excel serial days',
  'epoch-s': 'Unix epoch seconds',
  'epoch-ms': 'Unix epoch milliseconds',
};

/** Values of one shape seen during detection (family, two-digit years or not). */
interface Tally {
  family: TimestampFamily;
  twoDigit: boolean;
  count: number;
  /** Of which with a year before 1900. */
  old: number;
  oldSample: string;
  oldYear: number;
  offsets: number;
  ampm: boolean;
  /** Highest clock precision seen (timestampShape.timeLevel). */
  level: number;
  timeSep: string | null;
  first: TimestampShape;
  firstValue: string;
  decider: DateOrderDecider;
}

/** The date part of a form's text: day-month forms in the given order. */
function dateText(family: TimestampFamily, template: string, order: DateOrder | null): string {
  const sep = DAY_MONTH_SEP[family];
  if (!sep) return template;
  const y = template.endsWith('YYYY') ? 'YYYY' : 'YY';
  const dm = `D${sep}M${sep}${y}`;
  const md = `M${sep}D${sep}${y}`;
  return order === 'DMY' ? dm : order === 'MDY' ? md : `${md} or ${dm}`;
}

/** Text of a form from its parts. */
function formText(
  family: TimestampFamily,
  template: string,
  order: DateOrder | null,
  level: number,
  ampm: boolean,
  timeSep: string | null,
  offsets: 'none' | 'some' | 'all',
): string {
  const fixed = FIXED_TEXT[family];
  if (fixed) return fixed;
  if (family === 'compact') return template;
  const clock = clockText(level, ampm);
  const text = dateText(family, template, order) + (clock ? (timeSep ?? ' ') + clock : '');
  if (offsets === 'all') return text + ' with UTC offset';
  return offsets === 'some' ? text + ' with or without UTC offset' : text;
}

/** What one value looks like, for messages. */
function shapeText(sh: TimestampShape): string {
  const off = sh.offset === null ? 'none' : 'all';
  return formText(sh.family, sh.date, null, sh.timeLevel, sh.ampm, sh.timeSep, off);
}

/** A pattern for two-digit-year values like `sh`, in the given order (null: day first). */
function suggestPattern(sh: TimestampShape, order: DateOrder | null): string {
  let date = sh.date;
  const sep = DAY_MONTH_SEP[sh.family];
  if (sep) date = order === 'MDY' ? `M${sep}D${sep}YY` : `D${sep}M${sep}YY`;
  const clock = sh.ampm
    ? ['', 'h:mm A', 'h:mm:ss A', 'h:mm:ss.SSS A'][sh.timeLevel]
    : ['', 'H:mm', 'H:mm:ss', 'H:mm:ss.SSS'][sh.timeLevel];
  const sepT = sh.timeSep === 'T' ? '[T]' : sh.timeSep;
  return date + (clock ? sepT + clock : '') + (sh.offset !== null && clock ? 'Z' : '');
}

/**
 * Detects the form of a timestamp column from its values (header excluded) during the
 * importer's first look at a file.
 *
 * Detection: each non-empty value is classified by its shape (timestampShape); after
 * SETTLE_VALUES values the most frequent shape wins. Slash and dash dates (1/2/2015)
 * then need their day/month order: values valid only one way decide it (values such as
 * 3/3/2015 count for neither); `settled` stays false until then, so the importer reads
 * on. Dot dates (1.2.2015) are day first unless the values show month first. A given
 * dateFormat fixes the form (or only the day/month order, for DMY/MDY) instead.
 *
 * Mixed columns: ISO values with and without offsets may mix (the form is then described
 * 'with or without UTC offset'); TimestampColumn reads both kinds whatever the form.
 */
export class TimestampFormDetector {
  private readonly spec: DateFormatSpec;
  private seen = 0;
  private readonly samples: string[] = [];
  /** Auto mode: tallies by shape key. */
  private readonly tallies = new Map<string, Tally>();
  private none = 0;
  private readonly noneSamples: string[] = [];
  /** Fixed form / pattern mode: values that fit and that do not. */
  private fits = 0;
  private fitOffsets = 0;
  private readonly misfits: string[] = [];
  private misfitCount = 0;
  private readonly fixedRead: ((s: string) => number) | null = null;
  /** Set once SETTLE_VALUES values were seen. */
  private winner: Tally | null = null;
  private locked = false;
  /** Fed the rest of the column while a day/month order is undecided. */
  private lateDecider: DateOrderDecider | null = null;

  /** Throws RangeError for a dateFormat or time zone that is not understood. */
  constructor(
    readonly file: string,
    readonly column: string,
    readonly opts: TimestampOptions,
  ) {
    this.spec = parseDateFormat(opts.dateFormat);
    zoneRules(opts.timeZone);
    if (this.spec.kind === 'pattern') this.fixedRead = readerOf(this.spec.pattern);
    else if (this.spec.kind === 'form') this.fixedRead = familyReader(this.spec.family, null);
  }

  /** A raw field (for split date and time columns: date + ' ' + time). */
  consider(value: string): void {
    if (typeof value !== 'string') return; // a short row
    if (this.locked) {
      this.lateDecider?.consider(value);
      return;
    }
    const v = value.trim();
    if (v === '') return;
    this.seen++;
    if (this.samples.length < SAMPLES && !this.samples.includes(v)) this.samples.push(v);
    if (this.fixedRead) {
      const t = this.fixedRead(v);
      if (t === t) {
        this.fits++;
        if (scan.zoned) this.fitOffsets++;
      } else {
        this.misfitCount++;
        if (this.misfits.length < SAMPLES) this.misfits.push(v);
      }
    } else this.tally(v);
    if (this.seen >= SETTLE_VALUES) this.lock();
  }

  private tally(v: string): void {
    const sh = timestampShape(v);
    if (!sh || !sh.timeOk) {
      this.none++;
      if (this.noneSamples.length < SAMPLES) this.noneSamples.push(v);
      return;
    }
    const key = sh.family + (sh.twoDigitYear ? '-yy' : '');
    let t = this.tallies.get(key);
    if (!t) {
      const sep = DAY_MONTH_SEP[sh.family];
      t = {
        family: sh.family,
        twoDigit: sh.twoDigitYear,
        count: 0,
        old: 0,
        oldSample: '',
        oldYear: 0,
        offsets: 0,
        ampm: false,
        level: 0,
        timeSep: null,
        first: sh,
        firstValue: v,
        decider: new DateOrderDecider(sep ? sep.charCodeAt(0) : 47),
      };
      this.tallies.set(key, t);
    }
    t.count++;
    if (!sh.twoDigitYear && sh.year < MIN_YEAR) {
      if (t.old++ === 0) [t.oldSample, t.oldYear] = [v, sh.year];
    }
    if (sh.offset !== null) t.offsets++;
    if (sh.ampm) t.ampm = true;
    if (sh.timeLevel > t.level) t.level = sh.timeLevel;
    if (sh.timeLevel > 0 && t.timeSep === null) t.timeSep = sh.timeSep;
    if (DAY_MONTH_SEP[sh.family] && !sh.twoDigitYear) t.decider.considerParts(sh.a, sh.b, sh.year);
  }

  private lock(): void {
    if (this.locked) return;
    this.locked = true;
    if (this.spec.kind !== 'auto') return;
    for (const t of this.tallies.values())
      if (!this.winner || t.count > this.winner.count) this.winner = t;
    const w = this.winner;
    if (
      w &&
      this.spec.order === null &&
      !w.twoDigit &&
      (w.family === 'slash' || w.family === 'dash')
    ) {
      const d = w.decider.decision;
      if (d !== 'MDY' && d !== 'DMY') this.lateDecider = w.decider;
    }
  }

  /**
   * True once the form is settled (SETTLE_VALUES non-empty values seen, and the day/month
   * order decided where needed); the first look may stop.
   */
  get settled(): boolean {
    if (!this.locked) return false;
    const d = this.lateDecider?.decision;
    return d === undefined || d === 'MDY' || d === 'DMY';
  }

  /**
   * The form. Throws ImportError ('timestamp') when no form fits the values (or fewer
   * values fit the most common form than fit none), when they have two-digit years or
   * years before 1900, or when they do not fit a given dateFormat; ImportError
   * ('ambiguous-date') when the day/month order stays ambiguous. A column with no values
   * gets the ISO form.
   */
  finish(): TimestampForm {
    this.lock();
    const spec = this.spec;
    if (spec.kind !== 'auto') {
      const text = spec.kind === 'pattern' ? spec.pattern.text : spec.family;
      if (this.seen > 0 && (this.fits === 0 || this.misfitCount > this.fits)) {
        const why =
          spec.kind === 'pattern'
            ? spec.pattern.explain(this.misfits[0])
            : `e.g. '${this.misfits[0]}'`;
        throw this.error(
          `the values do not match the date format '${text}' (${why})`,
          'timestamp',
          this.misfits,
        ).coded('format-mismatch', {
          col: this.column,
          format: text,
          example: this.misfits[0] ?? '',
        });
      }
      if (spec.kind === 'pattern') {
        return {
          id: 'pattern',
          description: text,
          dateOrder: spec.pattern.order,
          converted: spec.pattern.hasOffset,
          pattern: text,
        };
      }
      const f = spec.family;
      const offsets = this.fitOffsets > 0 && f === 'iso';
      return {
        id: offsets ? 'iso-offset' : f,
        description:
          FIXED_TEXT[f] ??
          'YYYY-MM-DD HH:MM:SS' +
            (offsets
              ? (this.fitOffsets < this.fits ? ' with or without' : ' with') + ' UTC offset'
              : ''),
        dateOrder: null,
        converted: offsets || f !== 'iso',
      };
    }
    const w = this.winner;
    if (this.seen === 0) {
      return { id: 'iso', description: 'YYYY-MM-DD HH:MM:SS', dateOrder: null, converted: false };
    }
    if (!w || this.none > w.count) {
      throw this.error(
        `the values fit no timestamp form (forms tried: ${FORMS_TRIED}); ` +
          `give the format with --date-format, e.g. "DD.MM.YYYY HH:mm"`,
        'timestamp',
        this.noneSamples.length > 0 ? this.noneSamples : this.samples,
      ).coded('no-timestamp-form', {
        col: this.column,
        examples: quoteList(this.noneSamples.length > 0 ? this.noneSamples : this.samples),
      });
    }
    const sep = DAY_MONTH_SEP[w.family];
    let order: DateOrder | null = null;
    if (sep) {
      const d = w.decider.decision;
      order = spec.order ?? (d === 'MDY' || d === 'DMY' ? d : null);
    }
    if (w.twoDigit) {
      const p1 = suggestPattern(w.first, order ?? 'DMY');
      const p2 = suggestPattern(w.first, 'MDY');
      const alt = sep && order === null ? ` or --date-format "${p2}"` : '';
      throw this.error(
        `the timestamps have two-digit years (e.g. '${w.firstValue}'), whose century is not ` +
          `guessed; give a pattern, e.g. --date-format "${p1}"${alt} ` +
          `(YY reads 69-99 as 1969-1999 and 00-68 as 2000-2068)`,
        'timestamp',
        this.samples,
      ).coded('two-digit-year', { col: this.column, example: w.firstValue, pattern: p1 });
    }
    if (w.old * 2 > w.count) {
      throw this.error(
        `year ${w.oldYear} in '${w.oldSample}' is before ${MIN_YEAR}; such dates are refused, ` +
          `not shifted`,
        'timestamp',
        this.samples,
      ).coded('year-too-early', {
        col: this.column,
        year: w.oldYear,
        example: w.oldSample,
        min: MIN_YEAR,
      });
    }
    if (sep && order === null) {
      if (w.decider.decision === 'ambiguous' && w.family !== 'dot') {
        const eg = w.decider.ambiguous > 0 ? this.ambiguousSample(w) : w.firstValue;
        throw new ImportError(
          `${this.file}: the day/month order of column '${this.column}' is ambiguous: every ` +
            `date in it (e.g. '${eg}') reads both as month/day and as day/month. Give the ` +
            `date format (dateFormat / --date-format MDY or DMY).`,
          this.file,
          'ambiguous-date',
        ).coded('ambiguous-date', { col: this.column, example: eg });
      }
      order = w.family === 'dot' ? 'DMY' : 'MDY';
    }
    const offsets = w.offsets === 0 ? 'none' : w.offsets === w.count ? 'all' : 'some';
    const form: TimestampForm = {
      id: w.family === 'iso' && w.offsets > 0 ? 'iso-offset' : w.family,
      description: formText(w.family, w.first.date, order, w.level, w.ampm, w.timeSep, offsets),
      dateOrder: order,
      converted: w.offsets > 0 || w.family === 'epoch-s' || w.family === 'epoch-ms',
    };
    if (w.family === 'compact') form.pattern = w.first.date;
    return form;
  }

  /** A sample value of `w` that reads both ways. */
  private ambiguousSample(w: Tally): string {
    for (const v of this.samples) {
      const sh = timestampShape(v);
      if (sh && sh.family === w.family && sh.a !== sh.b && sh.a <= 12 && sh.b <= 12) return v;
    }
    return w.firstValue;
  }

  private error(what: string, reason: 'timestamp', samples: string[]): ImportError {
    const found = samples.length > 0 ? ` Values found: ${quoteList(samples)}.` : '';
    return new ImportError(
      `${this.file}: column '${this.column}': ${what}.${found}`,
      this.file,
      reason,
    );
  }
}

/** The reader of a TimestampPattern as a plain function. */
const readerOf = (p: TimestampPattern) => (s: string) => p.parse(s);

/** The reader of one family (day-month families in the given order). */
function familyReader(family: string, order: DateOrder | null): (s: string) => number {
  switch (family) {
    case 'iso':
    case 'iso-offset':
      return parseIso;
    case 'slash':
    case 'dash':
    case 'dot': {
      const sep = DAY_MONTH_SEP[family]!.charCodeAt(0);
      const o = order ?? (family === 'dot' ? 'DMY' : 'MDY');
      return (s) => parseDayMonth(s, sep, o);
    }
    case 'month-name':
      return parseMonthName;
    case 'excel':
      return parseExcel;
    case 'epoch-s':
      return parseEpochSeconds;
    case 'epoch-ms':
      return parseEpochMillis;
  }
  throw new RangeError(`timestamp form '${family}' is not known`);
}

/** `scan` in a local binding: read on every row, and a module-local const is the cheapest. */
const lastScan = scan;

/**
 * Reads the values of one timestamp column once its form is known.
 *
 * Every value may carry an offset whatever the form: a column whose values mostly have
 * none may have some with one (and the other way round); those are converted to plant
 * time, the others are plant time already. A deliberate choice: exports that switch
 * from local to UTC times within a file stay readable, and each value is still read as
 * exactly what it says.
 */
export class TimestampColumn {
  /**
   * After the last parse: true when the value was an instant (offset or epoch) whose
   * plant wall time falls in the hour repeated when daylight saving ends.
   */
  repeatedHour = false;
  private fn: (s: string) => number;
  private readonly zone: ZoneRules;
  private current: TimestampForm;
  private pattern: TimestampPattern | null = null;

  /** Throws RangeError for an unknown form id, pattern or time zone. */
  constructor(form: TimestampForm, opts: TimestampOptions) {
    this.zone = zoneRules(opts.timeZone);
    this.current = form;
    this.fn = this.readerFor(form, opts.dateFormat);
  }

  private readerFor(form: TimestampForm, dateFormat: string | undefined): (s: string) => number {
    if (form.id === 'counter' && form.counter) return counterReader(form.counter);
    if (form.id === 'pattern' || form.id === 'compact') {
      const text = form.pattern ?? dateFormat;
      if (!text) throw new RangeError(`timestamp form '${form.id}' needs a pattern`);
      this.pattern = new TimestampPattern(text);
      return readerOf(this.pattern);
    }
    return familyReader(form.id, form.dateOrder);
  }

  get form(): TimestampForm {
    return this.current;
  }

  get dateOrder(): 'MDY' | 'DMY' | null {
    return this.current.dateOrder;
  }

  /**
   * Plant wall-clock seconds since 1970 read as UTC (milliseconds as the fraction), or
   * NaN when the value does not fit the form. Spaces around the value are ignored.
   */
  parse(raw: string): number {
    let s = raw;
    const n = s.length;
    if (n > 0 && (s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32)) s = s.trim();
    const w = this.fn(s);
    if (!lastScan.zoned) {
      this.repeatedHour = false;
      return w;
    }
    return this.instant(w, lastScan.offset);
  }

  /** Plant wall time of `w` written with offset `off` (kept apart: parse stays small). */
  private instant(w: number, off: number): number {
    if (w !== w) {
      this.repeatedHour = false;
      return NaN;
    }
    // Whole milliseconds, so equal instants give equal doubles.
    const ms = Math.round(w * 1000) - off * 1000;
    const t = ms / 1000;
    const z = this.zone;
    this.repeatedHour = z.repeats(t);
    const wall = (ms + z.offsetAt(t) * 1000) / 1000;
    return wall;
  }

  /** The expected form, for rejection reasons (the form's description). */
  expected(): string {
    return this.current.description;
  }

  /**
   * Why `raw` did not parse, for the row's rejection reason: what was found and the form
   * the column uses. '' when it parses.
   */
  explain(raw: string): string {
    const v = raw.trim();
    if (v === '') return 'empty timestamp';
    const repeated = this.repeatedHour;
    const t = this.parse(raw);
    const ok = t === t;
    this.repeatedHour = repeated;
    if (ok) return '';
    if (this.pattern) return this.pattern.explain(v);
    const f = this.current;
    if (f.id === 'counter') return explainCounter(v, f);
    const desc = f.description;
    const family = f.id === 'iso-offset' ? 'iso' : f.id;
    if (FIXED_TEXT[family]) {
      return plainNumber(v) === plainNumber(v)
        ? `'${v}' is out of the range of the column's form (${desc})`
        : `'${v}' is not a number; the column's form is ${desc}`;
    }
    const sh = timestampShape(v);
    if (!sh) {
      return `'${v}' fits no timestamp form (forms tried: ${FORMS_TRIED}); the column's form is ${desc}`;
    }
    if (sh.family !== family) {
      return `'${v}' does not match the column's form ${desc} (it looks like ${shapeText(sh)})`;
    }
    if (sh.twoDigitYear) return `'${v}' has a two-digit year; the column's form is ${desc}`;
    if (!sh.timeOk) {
      return `'${v}': the time '${sh.rest.trim()}' is not understood; the column's form is ${desc}`;
    }
    if (sh.year < MIN_YEAR) return `'${v}': year ${sh.year} is before ${MIN_YEAR}`;
    const dm = DAY_MONTH_SEP[sh.family] !== undefined;
    const [m, d] = dm && f.dateOrder === 'DMY' ? [sh.b, sh.a] : [sh.a, sh.b];
    if (!(m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(sh.year, m))) {
      const as = dm ? ` (read as ${f.dateOrder === 'DMY' ? 'day/month' : 'month/day'})` : '';
      return `'${v}' is not a real date${as}`;
    }
    if (sh.offset !== null && sh.offset !== sh.offset)
      return `'${v}': the UTC offset is out of range`;
    return `'${v}' is not a valid time of day; the column's form is ${desc}`;
  }
}
