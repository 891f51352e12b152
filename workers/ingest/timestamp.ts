/**
 * Timestamp parsing for imports: fast char-code readers for each form (telemetry files
 * carry millions of timestamps), date-format patterns, and the shape of a value (slow,
 * for detection and for saying why a value was refused).
 *
 * A reader returns the time as written: seconds since 1970 of that wall-clock time read
 * as UTC, with milliseconds as the fraction (further digits round to the millisecond),
 * or NaN when the value does not fit. When the value carries a UTC offset the reader
 * also sets `scan.zoned` and leaves the offset in `scan.offset` (seconds east of UTC);
 * epoch readers return the instant with offset 0. Converting to plant time is the
 * caller's job (timestamp-column.ts, with ../shared/zone.ts).
 *
 * Forms ('families'):
 * - `iso`:        YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS[.fff]], `T` instead of the space, also
 *                 YYYY/MM/DD (Japanese/Korean/Chinese spreadsheet exports)
 * - `slash`:      M/D/YYYY or D/M/YYYY (order decided from the column), optional
 *                 ` h:mm[:ss[.fff]] [AM|PM]`; `dash`: the same with `-`; `dot`: D.M.YYYY
 * - `month-name`: 01-Jan-2015 06:00, 1 Jan 2015, Jan 1, 2015 6:00 AM, January 1, 2015,
 *                 2015-Jan-01 (English names or 3-letter abbreviations, any case, 'Sept';
 *                 a leading weekday such as 'Thu, ' is skipped)
 * - `excel`:      serial days since 1899-12-30 (wall time), `epoch-s` / `epoch-ms`:
 *                 Unix time (instants), `compact`: YYYYMMDD or YYYYMMDDHHmmss
 * Every clock may end in an offset: `Z`, `UTC`, `GMT`, `+HH:MM`, `+HHMM` or `+HH` (also
 * after `UTC`/`GMT`, and after a space). Years before 1900 are refused, never shifted;
 * two-digit years are only read with a pattern (`YY`, see TimestampPattern).
 */
import { civilToEpoch, daysInMonth } from '../shared/time';

export type DateOrder = 'MDY' | 'DMY';

export type TimestampFamily =
  'iso' | 'slash' | 'dash' | 'dot' | 'month-name' | 'excel' | 'epoch-s' | 'epoch-ms' | 'compact';

/** Earliest year read; earlier ones are refused (not shifted to another century). */
export const MIN_YEAR = 1900;

/**
 * Set by every reader: `zoned` tells whether the value just read carried a UTC offset
 * (epoch values: always, offset 0), `offset` is that offset in seconds east of UTC.
 * (A boolean and a small integer: cheap to store on every row.)
 */
export const scan = { zoned: false, offset: 0 };

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c | 32) >= 97 && (c | 32) <= 122;

let cacheKey = -1;
let cacheDay = 0;

/**
 * Seconds at 00:00 of a civil date; NaN when impossible or before MIN_YEAR. One-entry
 * cache: consecutive rows share their date.
 */
function dayEpoch(y: number, m: number, d: number): number {
  const key = y * 10000 + m * 100 + d;
  if (key === cacheKey) return cacheDay;
  if (y < MIN_YEAR) return NaN;
  const t = civilToEpoch(y, m, d);
  if (Number.isFinite(t)) {
    cacheKey = key;
    cacheDay = t;
  }
  return t;
}

/**
 * A time of day packed in one small integer: seconds | milliseconds << 17 (seconds of a
 * day < 2^17), so the common case without a fraction is the seconds themselves.
 */
const FRAC_SHIFT = 17;
const SECS_MASK = (1 << FRAC_SHIFT) - 1;

/** Seconds of a day plus a packed time of day, as the double nearest to the exact time. */
const join = (day: number, tod: number) =>
  tod <= SECS_MASK ? day + tod : ((day + (tod & SECS_MASK)) * 1000 + (tod >> FRAC_SHIFT)) / 1000;

/** Reads 1 or 2 digits at i; returns value*4 + length (length 0 = none). */
function num12(s: string, i: number): number {
  const a = s.charCodeAt(i);
  if (!isDigit(a)) return 0;
  const b = s.charCodeAt(i + 1);
  if (!isDigit(b)) return (a - 48) * 4 + 1;
  return ((a - 48) * 10 + (b - 48)) * 4 + 2;
}

/** Milliseconds of a fraction's digits from i (at least one); sets fracEnd. */
let fracEnd = 0;
function fraction(s: string, i: number): number {
  let ms = 0;
  let k = 0;
  let c = s.charCodeAt(i);
  if (!isDigit(c)) return -1;
  do {
    if (k < 3) ms = ms * 10 + c - 48;
    else if (k === 3 && c >= 53) ms++; // round half up at the fourth digit
    k++;
    c = s.charCodeAt(++i);
  } while (isDigit(c));
  fracEnd = i;
  return k === 1 ? ms * 100 : k === 2 ? ms * 10 : ms;
}

/**
 * An offset at i (spaces before it allowed): `Z`, `UTC`, `GMT`, or `+HH:MM`, `+HHMM`,
 * `+HH` (optionally after UTC/GMT). Sets scan; returns the index after it or -1.
 */
function readOffset(s: string, i: number): number {
  while (s.charCodeAt(i) === 32) i++;
  let c = s.charCodeAt(i);
  if (c === 90 || c === 122) {
    scan.zoned = true;
    scan.offset = 0;
    return i + 1;
  }
  let named = false;
  const a = c | 32;
  const b = s.charCodeAt(i + 1) | 32;
  const d = s.charCodeAt(i + 2) | 32;
  if ((a === 117 && b === 116 && d === 99) || (a === 103 && b === 109 && d === 116)) {
    named = true;
    i += 3;
    c = s.charCodeAt(i);
  }
  if (c !== 43 && c !== 45) {
    if (!named) return -1;
    scan.zoned = true;
    scan.offset = 0;
    return i;
  }
  const h1 = s.charCodeAt(i + 1);
  const h2 = s.charCodeAt(i + 2);
  if (!isDigit(h1) || !isDigit(h2)) return -1;
  const hh = (h1 - 48) * 10 + h2 - 48;
  i += 3;
  let mm = 0;
  let m1 = s.charCodeAt(i);
  if (m1 === 58) {
    m1 = s.charCodeAt(++i);
    if (!isDigit(m1)) return -1;
  }
  if (isDigit(m1)) {
    const m2 = s.charCodeAt(i + 1);
    if (!isDigit(m2)) return -1;
    mm = (m1 - 48) * 10 + m2 - 48;
    i += 2;
  }
  if (hh > 18 || mm > 59) return -1;
  scan.zoned = true;
  scan.offset = (c === 45 ? -1 : 1) * (hh * 3600 + mm * 60);
  return i;
}

/**
 * The clock from i to the end: `H:MM[:SS[.f…]]`, optional ` AM|PM`, optional offset.
 * The packed time of day (see join), or -1.
 */
function clock(s: string, i: number, n: number): number {
  let r = num12(s, i);
  if ((r & 3) === 0) return -1;
  let h = r >> 2;
  i += r & 3;
  if (s.charCodeAt(i) !== 58) return -1;
  r = num12(s, i + 1);
  if ((r & 3) !== 2) return -1;
  const mi = r >> 2;
  i += 3;
  let sec = 0;
  let ms = 0;
  if (s.charCodeAt(i) === 58) {
    r = num12(s, i + 1);
    if ((r & 3) !== 2) return -1;
    sec = r >> 2;
    i += 3;
    const c = s.charCodeAt(i);
    if (c === 46 || c === 44) {
      ms = fraction(s, i + 1);
      if (ms < 0) return -1;
      i = fracEnd;
    }
  }
  if (i < n) {
    h = clockEnd(s, i, n, h);
    if (h < 0) return -1;
  }
  if (h > 23 || mi > 59 || sec > 59) return -1;
  return (h * 60 + mi) * 60 + sec + (ms << FRAC_SHIFT);
}

/**
 * What may follow the clock (from i, before the end n): ` AM|PM` and an offset. The
 * hour (made 24-hour) or -1. Apart from clock so that clock stays small enough to be
 * inlined.
 */
function clockEnd(s: string, i: number, n: number, h: number): number {
  let j = i;
  while (s.charCodeAt(j) === 32) j++;
  const c = s.charCodeAt(j) | 32;
  if ((c === 97 || c === 112) && (s.charCodeAt(j + 1) | 32) === 109) {
    if (h < 1 || h > 12) return -1;
    if (c === 97) h = h === 12 ? 0 : h;
    else h = h === 12 ? 12 : h + 12;
    i = j + 2;
  }
  if (i < n) i = readOffset(s, i);
  return i === n ? h : -1;
}

/** After a date ending at i: `T` or `[,] ` then the clock; packed time of day or -1. */
function timePart(s: string, i: number, n: number): number {
  if (i >= n) return 0;
  let c = s.charCodeAt(i);
  if (c === 84) return clock(s, i + 1, n);
  if (c === 44) c = s.charCodeAt(++i);
  if (c !== 32) return -1;
  do i++;
  while (s.charCodeAt(i) === 32);
  return clock(s, i, n);
}

/** Two digits at i as a number; NaN when either is not a digit. */
function digits2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >>> 0 <= 9 && b >>> 0 <= 9 ? a * 10 + b : NaN;
}

/**
 * The common layouts at fixed places: `YYYY-MM-DD HH:MM` (n = 16), `...:SS` (19) and
 * `...:SS.fff` (23), with `T` or a space, `-` or `/`; the year is read. NaN for anything
 * else (the general path then decides).
 */
function isoFixed(s: string, y: number, dsep: number, n: number): number {
  const sep = s.charCodeAt(10);
  if (s.charCodeAt(7) !== dsep || (sep !== 32 && sep !== 84) || s.charCodeAt(13) !== 58) {
    return NaN;
  }
  const h = digits2(s, 11);
  const mi = digits2(s, 14);
  let sec = 0;
  if (n > 16) {
    if (s.charCodeAt(16) !== 58) return NaN;
    sec = digits2(s, 17);
  }
  if (!(h <= 23 && mi <= 59 && sec <= 59)) return NaN;
  const t = dayEpoch(y, digits2(s, 5), digits2(s, 8)) + (h * 3600 + mi * 60 + sec);
  if (n !== 23) return t;
  const ms = digits2(s, 20) * 10 + s.charCodeAt(22) - 48;
  if (s.charCodeAt(19) !== 46 || !(ms >= 0) || !isDigit(s.charCodeAt(22))) return NaN;
  return ms === 0 ? t : (t * 1000 + ms) / 1000;
}

/**
 * `YYYY-MM-DD[( |T)H:MM[:SS[.fff]]][offset]` (or `/` between the date parts) as written;
 * NaN when malformed or impossible. The hot path of most imports.
 */
export function parseIso(s: string): number {
  scan.zoned = false;
  const n = s.length;
  if (n < 8) return NaN;
  const c0 = s.charCodeAt(0);
  const c3 = s.charCodeAt(3);
  const dsep = s.charCodeAt(4);
  if (!isDigit(c0) || !isDigit(c3) || (dsep !== 45 && dsep !== 47)) return NaN;
  const y =
    (c0 - 48) * 1000 + (s.charCodeAt(1) - 48) * 100 + (s.charCodeAt(2) - 48) * 10 + (c3 - 48);
  if (!isDigit(s.charCodeAt(1)) || !isDigit(s.charCodeAt(2))) return NaN;
  if (n === 19 || n === 16 || n === 23) {
    const t = isoFixed(s, y, dsep, n);
    if (t === t) return t;
  }
  let i = 5;
  let r = num12(s, i);
  if ((r & 3) === 0) return NaN;
  const m = r >> 2;
  i += r & 3;
  if (s.charCodeAt(i) !== dsep) return NaN;
  r = num12(s, i + 1);
  if ((r & 3) === 0) return NaN;
  const d = r >> 2;
  i += 1 + (r & 3);
  const day = dayEpoch(y, m, d);
  if (i >= n) return day;
  const tod = timePart(s, i, n);
  return tod < 0 ? NaN : join(day, tod);
}

/** Parts found by scanDayMonth. */
let dmA = 0;
let dmB = 0;
let dmY = 0;
let dmYDigits = 0;
let dmEnd = 0;

/** `A<sep>B<sep>Y` at the start (A, B 1-2 digits, Y 2 or 4 digits); false when not. */
function scanDayMonth(s: string, sep: number): boolean {
  let r = num12(s, 0);
  if ((r & 3) === 0) return false;
  dmA = r >> 2;
  let i = r & 3;
  if (s.charCodeAt(i) !== sep) return false;
  r = num12(s, i + 1);
  if ((r & 3) === 0) return false;
  dmB = r >> 2;
  i += 1 + (r & 3);
  if (s.charCodeAt(i) !== sep) return false;
  const st = ++i;
  let y = 0;
  for (let c = s.charCodeAt(i); isDigit(c); c = s.charCodeAt(++i)) y = y * 10 + c - 48;
  const k = i - st;
  if (k !== 4 && k !== 2) return false;
  dmY = y;
  dmYDigits = k;
  dmEnd = i;
  return true;
}

/**
 * `A<sep>B<sep>YYYY[ clock]` with the given day/month order; `sep` is the char code of
 * '/', '.' or '-'. NaN when malformed or impossible under that order.
 */
export function parseDayMonth(s: string, sep: number, order: DateOrder): number {
  scan.zoned = false;
  if (!scanDayMonth(s, sep) || dmYDigits !== 4) return NaN;
  const day = order === 'MDY' ? dayEpoch(dmY, dmA, dmB) : dayEpoch(dmY, dmB, dmA);
  const n = s.length;
  if (dmEnd >= n) return day;
  const tod = timePart(s, dmEnd, n);
  return tod < 0 ? NaN : join(day, tod);
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const key3 = (s: string, i: number) =>
  ((s.charCodeAt(i) | 32) << 16) | ((s.charCodeAt(i + 1) | 32) << 8) | (s.charCodeAt(i + 2) | 32);
const MONTH_KEYS = new Map(MONTHS.map((m, i) => [key3(m, 0), i + 1]));
const WEEKDAY_KEYS = new Map(WEEKDAYS.map((m, i) => [key3(m, 0), i + 1]));

/** Index (1-based) in `names` of the letters s[i, j): full name or 3 letters; 0 if none. */
function nameIndex(s: string, i: number, j: number, names: string[], keys: Map<number, number>) {
  const len = j - i;
  if (len < 3) return 0;
  const k = keys.get(key3(s, i)) ?? 0;
  if (k === 0 || len === 3) return k;
  const full = names[k - 1];
  if (names === MONTHS && k === 9 && len === 4 && (s.charCodeAt(i + 3) | 32) === 116) return 9;
  if (len !== full.length) return 0;
  for (let q = 3; q < len; q++) if ((s.charCodeAt(i + q) | 32) !== full.charCodeAt(q)) return 0;
  return k;
}

/** Month 1-12 of an English month name or abbreviation (any case, 'Sept') at s[i, j); 0 if none. */
export const monthOfName = (s: string, i: number, j: number) =>
  nameIndex(s, i, j, MONTHS, MONTH_KEYS);
const isWeekday = (s: string, i: number, j: number) =>
  nameIndex(s, i, j, WEEKDAYS, WEEKDAY_KEYS) > 0;

/** Parts found by scanMonthDate. */
let mdY = 0;
let mdM = 0;
let mdD = 0;
let mdYDigits = 0;
let mdEnd = 0;
let mdDayStart = 0;
let mdWeekdayEnd = 0;
/** Start and end of the three date parts. */
const mdPos = new Int32Array(6);
const mdVal = new Int32Array(3);
const isDateSep = (c: number) => c === 32 || c === 45 || c === 47 || c === 46 || c === 44;

/** A date with a month name at the start (after an optional weekday); false when not. */
function scanMonthDate(s: string): boolean {
  let i = 0;
  mdWeekdayEnd = 0;
  while (isLetter(s.charCodeAt(i))) i++;
  if (i > 0 && isWeekday(s, 0, i)) {
    if (s.charCodeAt(i) === 46) i++;
    if (s.charCodeAt(i) === 44) i++;
    if (s.charCodeAt(i) !== 32) return false;
    while (s.charCodeAt(i) === 32) i++;
    mdWeekdayEnd = i;
  } else i = 0;
  let monthAt = -1;
  for (let p = 0; p < 3; p++) {
    if (p > 0) {
      const st = i;
      while (isDateSep(s.charCodeAt(i))) i++;
      if (i === st) return false;
    }
    const st = i;
    let c = s.charCodeAt(i);
    if (isLetter(c)) {
      if (monthAt >= 0) return false;
      while (isLetter(s.charCodeAt(i))) i++;
      mdM = monthOfName(s, st, i);
      if (mdM === 0) return false;
      monthAt = p;
    } else if (isDigit(c)) {
      let v = 0;
      for (; isDigit(c); c = s.charCodeAt(++i)) v = v * 10 + c - 48;
      if (i - st > 4) return false;
      mdVal[p] = v;
    } else return false;
    mdPos[2 * p] = st;
    mdPos[2 * p + 1] = i;
  }
  const l0 = mdPos[1] - mdPos[0];
  const l1 = mdPos[3] - mdPos[2];
  const l2 = mdPos[5] - mdPos[4];
  if (monthAt === 1 && l0 === 4 && l2 <= 2) {
    mdY = mdVal[0];
    mdD = mdVal[2];
    mdYDigits = 4;
    mdDayStart = mdPos[4];
  } else if (monthAt === 1 && l0 <= 2 && (l2 === 4 || l2 === 2)) {
    mdY = mdVal[2];
    mdD = mdVal[0];
    mdYDigits = l2;
    mdDayStart = mdPos[0];
  } else if (monthAt === 0 && l1 <= 2 && (l2 === 4 || l2 === 2)) {
    mdY = mdVal[2];
    mdD = mdVal[1];
    mdYDigits = l2;
    mdDayStart = mdPos[2];
  } else return false;
  mdEnd = i;
  return true;
}

/** A date with an English month name (see the file comment) and optional clock; NaN if not. */
export function parseMonthName(s: string): number {
  scan.zoned = false;
  if (!scanMonthDate(s) || mdYDigits !== 4) return NaN;
  const day = dayEpoch(mdY, mdM, mdD);
  const n = s.length;
  if (mdEnd >= n) return day;
  const tod = timePart(s, mdEnd, n);
  return tod < 0 ? NaN : join(day, tod);
}

/** `digits[.digits]` (or a decimal comma) as a number; NaN for anything else. */
export function plainNumber(s: string): number {
  const n = s.length;
  if (n === 0 || n > 24) return NaN;
  let point = -1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) continue;
    if ((c === 46 || c === 44) && point < 0 && i > 0 && i < n - 1) point = i;
    else return NaN;
  }
  if (point >= 0 && s.charCodeAt(point) === 44) s = s.slice(0, point) + '.' + s.slice(point + 1);
  return +s;
}

/** Excel serial day 1900-03-01 (earlier serials differ by Excel's 1900 leap-year bug). */
const EXCEL_FIRST = 61;
/** Excel serial of 1970-01-01. */
const EXCEL_1970 = 25569;
/** First second of the year 10000. */
const YEAR_10000 = 253402300800;

/** Excel serial days (since 1899-12-30, wall time) to seconds, rounded to the ms; NaN if not. */
export function parseExcel(s: string): number {
  scan.zoned = false;
  const v = plainNumber(s);
  if (!(v >= EXCEL_FIRST && (v - EXCEL_1970) * 86400 < YEAR_10000)) return NaN;
  return Math.round((v - EXCEL_1970) * 86400000) / 1000;
}

/** Unix epoch seconds (an instant: offset 0), rounded to the ms; NaN if not. */
export function parseEpochSeconds(s: string): number {
  const v = plainNumber(s);
  scan.zoned = true;
  scan.offset = 0;
  if (!(v < YEAR_10000)) return NaN;
  return Math.round(v * 1000) / 1000;
}

/** Unix epoch milliseconds (an instant: offset 0) to seconds; NaN if not. */
export function parseEpochMillis(s: string): number {
  const v = plainNumber(s);
  scan.zoned = true;
  scan.offset = 0;
  if (!(v < YEAR_10000 * 1000)) return NaN;
  return Math.round(v) / 1000;
}

/**
 * Decides the day/month order of a column from its values: a value that is a valid
 * date only as M/D (e.g. 1/13/2015) settles MDY, only as D/M settles DMY. Values such
 * as 3/3/2015 read the same both ways and do not count against either.
 */
export class DateOrderDecider {
  /** Values valid only as MDY / only as DMY. */
  onlyMdy = 0;
  onlyDmy = 0;
  /** Values valid both ways with a different meaning (e.g. 1/2/2015). */
  ambiguous = 0;

  /** `sep`: char code of the separator ('/' by default). */
  constructor(private readonly sep: number = 47) {}

  consider(s: string): void {
    if (scanDayMonth(s.trim(), this.sep) && dmYDigits === 4) this.considerParts(dmA, dmB, dmY);
  }

  /** A value read as a, b, year (`a/b/year`). */
  considerParts(a: number, b: number, y: number): void {
    const mdy = a >= 1 && a <= 12 && b >= 1 && b <= daysInMonth(y, a);
    const dmy = b >= 1 && b <= 12 && a >= 1 && a <= daysInMonth(y, b);
    if (mdy && !dmy) this.onlyMdy++;
    else if (dmy && !mdy) this.onlyDmy++;
    else if (mdy && dmy && a !== b) this.ambiguous++;
  }

  /** The order when settled; null while every value reads the same both ways. */
  get decision(): DateOrder | 'ambiguous' | null {
    if (this.onlyMdy > 0 && this.onlyMdy >= this.onlyDmy) return 'MDY';
    if (this.onlyDmy > 0) return 'DMY';
    return this.ambiguous > 0 ? 'ambiguous' : null;
  }
}

// ---------------------------------------------------------------------------------
// Patterns

const K_LIT = 0;
const K_SPACE = 1;
const K_NUM = 2;
const K_FRAC = 3;
const K_MONTH_NAME = 4;
const K_WEEKDAY = 5;
const K_AMPM = 6;
const K_OFFSET = 7;

const F_YEAR = 0;
const F_YEAR2 = 1;
const F_MONTH = 2;
const F_DAY = 3;
const F_HOUR = 4;
const F_MINUTE = 5;
const F_SECOND = 6;

const FIELD_NAMES = ['year', 'two-digit year', 'month', 'day', 'hour', 'minutes', 'seconds'];

interface PatternToken {
  k: number;
  /** K_NUM: the field. */
  f: number;
  /** K_NUM: digits read. */
  min: number;
  max: number;
  /** K_LIT: the text; K_FRAC: the separator before the digits. */
  text: string;
  /** The pattern letters, for messages. */
  src: string;
}

/** Why the last TimestampPattern.parse failed (kept only for explain). */
interface PatternFailure {
  kind: 'shape' | 'date' | 'year' | 'time';
  /** Token index (tokens.length = unexpected text at the end) and position. */
  token: number;
  pos: number;
  year: number;
}

/** The help text of dateFormat errors. */
export const DATE_FORMAT_HELP =
  "Use DMY, MDY or YMD (day/month order only), iso, excel, epoch-s or epoch-ms, or a pattern of YYYY, YY, M, MM, MMM (month name), D, DD, H, HH (24-hour clock), h or hh with A (12-hour clock with AM/PM), mm, ss, .SSS (fraction of a second), Z (offset such as +01:00) and separators, e.g. 'D/M/YYYY HH:mm', 'DD-MMM-YYYY HH:mm:ss' or 'YYYY-MM-DDTHH:mm:ss.SSSZ'.";

/**
 * A date-format pattern such as `D/M/YYYY HH:mm`, `DD-MMM-YY hh:mm A` or
 * `YYYY-MM-DDTHH:mm:ss.SSSZ`. Tokens:
 * - `YYYY` year; `YY` two-digit year read as POSIX `%y` does: 69-99 are 1969-1999,
 *   00-68 are 2000-2068; `M`/`MM` month number; `MMM`/`MMMM` English month name or
 *   abbreviation; `D`/`DD` day (`d`/`dd`, `yyyy`/`yy` accepted too); `ddd`/`dddd` a weekday
 *   name, skipped
 * - `H`/`HH` hour 0-23; `h`/`hh` hour 1-12, needs `A` (AM/PM); `m`/`mm` minutes; `s`/`ss`
 *   seconds; `.SSS` (any number of `S` or `f`, after `.` or `,`) fraction of a second,
 *   which a value may leave out; `Z` (`ZZ`, `X`, `XX`, `XXX`) an offset: `Z`, `+01:00`,
 *   `+0100`, `+01`, `UTC`, `GMT`
 * - `MM` right after `HH:` means minutes and `SS` right after `mm:` means seconds, so
 *   descriptions such as `YYYY-MM-DD HH:MM:SS` read as expected
 * - anything else that is not a letter, `T`, and text in `[...]` are literal; a space
 *   matches one or more spaces
 * Two-letter numeric tokens read one or two digits, exactly two when the next token is
 * a number too (`YYYYMMDDHHmmss`); single-letter ones must be followed by a separator.
 */
export class TimestampPattern {
  readonly tokens: PatternToken[];
  /** Day/month order when both are numbers and the year is not first; else null. */
  readonly order: DateOrder | null;
  /** True when the pattern has an offset (`Z`). */
  readonly hasOffset: boolean;
  /** Set by a failed parse. */
  failure: PatternFailure | null = null;

  /** Throws RangeError (with the list of tokens) when the pattern is not understood. */
  constructor(readonly text: string) {
    this.tokens = compilePattern(text);
    const at = (f: number) => this.tokens.findIndex((t) => t.k === K_NUM && t.f === f);
    const y = Math.max(at(F_YEAR), at(F_YEAR2));
    const m = at(F_MONTH);
    const d = at(F_DAY);
    this.order = m >= 0 && y > Math.min(m, d) ? (d < m ? 'DMY' : 'MDY') : null;
    this.hasOffset = this.tokens.some((t) => t.k === K_OFFSET);
  }

  /** The time as written (see the file comment), or NaN with `failure` set. */
  parse(s: string): number {
    scan.zoned = false;
    const toks = this.tokens;
    const n = s.length;
    let i = 0;
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    let sec = 0;
    let ms = 0;
    let pm = -1;
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k];
      switch (t.k) {
        case K_LIT: {
          const tx = t.text;
          for (let q = 0; q < tx.length; q++) {
            if (s.charCodeAt(i + q) !== tx.charCodeAt(q)) return this.fail('shape', k, i, 0);
          }
          i += tx.length;
          break;
        }
        case K_SPACE:
          if (s.charCodeAt(i) !== 32) return this.fail('shape', k, i, 0);
          do i++;
          while (s.charCodeAt(i) === 32);
          break;
        case K_NUM: {
          const st = i;
          let v = 0;
          for (let c = s.charCodeAt(i); i - st < t.max && isDigit(c); c = s.charCodeAt(++i)) {
            v = v * 10 + c - 48;
          }
          if (i - st < t.min) return this.fail('shape', k, st, 0);
          if (t.f === F_YEAR) y = v;
          else if (t.f === F_YEAR2) y = v < 69 ? 2000 + v : 1900 + v;
          else if (t.f === F_MONTH) mo = v;
          else if (t.f === F_DAY) d = v;
          else if (t.f === F_HOUR) h = v;
          else if (t.f === F_MINUTE) mi = v;
          else sec = v;
          break;
        }
        case K_FRAC:
          if (s.charCodeAt(i) === t.text.charCodeAt(0) && isDigit(s.charCodeAt(i + 1))) {
            ms = fraction(s, i + 1);
            i = fracEnd;
          }
          break;
        case K_MONTH_NAME: {
          const st = i;
          while (isLetter(s.charCodeAt(i))) i++;
          mo = monthOfName(s, st, i);
          if (mo === 0) return this.fail('shape', k, st, 0);
          break;
        }
        case K_WEEKDAY: {
          const st = i;
          while (isLetter(s.charCodeAt(i))) i++;
          if (!isWeekday(s, st, i)) return this.fail('shape', k, st, 0);
          break;
        }
        case K_AMPM: {
          const c = s.charCodeAt(i) | 32;
          if ((c !== 97 && c !== 112) || (s.charCodeAt(i + 1) | 32) !== 109) {
            return this.fail('shape', k, i, 0);
          }
          pm = c === 112 ? 1 : 0;
          i += 2;
          break;
        }
        default: {
          const j = readOffset(s, i);
          if (j < 0) return this.fail('shape', k, i, 0);
          i = j;
        }
      }
    }
    if (i !== n) return this.fail('shape', toks.length, i, 0);
    if (pm >= 0) {
      if (h < 1 || h > 12) return this.fail('time', 0, 0, 0);
      h = pm ? (h === 12 ? 12 : h + 12) : h === 12 ? 0 : h;
    }
    if (h > 23 || mi > 59 || sec > 59) return this.fail('time', 0, 0, 0);
    if (y < MIN_YEAR) return this.fail('year', 0, 0, y);
    const day = dayEpoch(y, mo, d);
    if (day !== day) return this.fail('date', 0, 0, y);
    return join(day, (h * 60 + mi) * 60 + sec + (ms << FRAC_SHIFT));
  }

  private fail(kind: PatternFailure['kind'], token: number, pos: number, year: number): number {
    this.failure = { kind, token, pos, year };
    return NaN;
  }

  /** Why `value` (trimmed) does not parse; '' when it does. */
  explain(value: string): string {
    const t = this.parse(value);
    if (t === t) return '';
    const f = this.failure!;
    const v = value;
    if (f.kind === 'date') return `'${v}' is not a real date (date format '${this.text}')`;
    if (f.kind === 'year') return `'${v}': year ${f.year} is before ${MIN_YEAR}`;
    if (f.kind === 'time') return `'${v}' has no such time of day (date format '${this.text}')`;
    const at = v.slice(f.pos, f.pos + 12);
    let why: string;
    if (f.token >= this.tokens.length) why = `unexpected '${at}' at the end`;
    else {
      const t = this.tokens[f.token];
      const what =
        t.k === K_LIT
          ? `'${t.text}'`
          : t.k === K_SPACE
            ? 'a space'
            : t.k === K_NUM
              ? `the ${FIELD_NAMES[t.f]} (${t.src})`
              : t.k === K_MONTH_NAME
                ? 'a month name (MMM)'
                : t.k === K_WEEKDAY
                  ? 'a weekday name'
                  : t.k === K_AMPM
                    ? 'AM or PM (A)'
                    : 'an offset such as +01:00 or Z (Z)';
      why = at === '' ? `it ends where ${what} should be` : `${what} expected at '${at}'`;
    }
    return `'${v}' does not match the date format '${this.text}': ${why}`;
  }
}

function compilePattern(text: string): PatternToken[] {
  const bad = (why: string) =>
    new RangeError(`dateFormat '${text}' is not understood: ${why}. ${DATE_FORMAT_HELP}`);
  const toks: PatternToken[] = [];
  const tok = (k: number, f = -1, src = '', t = ''): PatternToken => ({
    k,
    f,
    min: 0,
    max: 0,
    text: t,
    src,
  });
  const lit = (t: string) => {
    const last = toks[toks.length - 1];
    if (last && last.k === K_LIT) last.text += t;
    else toks.push(tok(K_LIT, -1, t, t));
  };
  /** The last numeric field and the literal text after it. */
  const lastField = (): [number, string] => {
    let between = '';
    for (let q = toks.length - 1; q >= 0; q--) {
      const t = toks[q];
      if (t.k === K_NUM) return [t.f, between];
      if (t.k !== K_LIT) return [-1, between];
      between = t.text + between;
    }
    return [-1, between];
  };
  const num = (f: number, run: string) => {
    const t = tok(K_NUM, f, run);
    t.min = f === F_YEAR ? 4 : f === F_YEAR2 ? 2 : 1;
    t.max = f === F_YEAR ? 4 : 2;
    toks.push(t);
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '[') {
      const j = text.indexOf(']', i);
      if (j < 0) throw bad("'[' without ']'");
      if (j > i + 1) lit(text.slice(i + 1, j));
      i = j + 1;
      continue;
    }
    if (c === ' ') {
      while (text[i] === ' ') i++;
      if (toks[toks.length - 1]?.k !== K_SPACE) toks.push(tok(K_SPACE, -1, ' '));
      continue;
    }
    if (!/[A-Za-z]/.test(c)) {
      lit(c);
      i++;
      continue;
    }
    let j = i;
    while (text[j] === c) j++;
    const run = text.slice(i, j);
    i = j;
    const [prev, between] = lastField();
    if (run === 'YYYY' || run === 'yyyy') num(F_YEAR, run);
    else if (run === 'YY' || run === 'yy') num(F_YEAR2, run);
    else if ((run === 'M' || run === 'MM') && prev === F_HOUR && between === ':') {
      num(F_MINUTE, run);
    } else if (run === 'M' || run === 'MM') num(F_MONTH, run);
    else if (run === 'MMM' || run === 'MMMM') toks.push(tok(K_MONTH_NAME, -1, run));
    else if (run === 'D' || run === 'DD' || run === 'd' || run === 'dd') num(F_DAY, run);
    else if (run === 'ddd' || run === 'dddd') toks.push(tok(K_WEEKDAY, -1, run));
    else if (run === 'H' || run === 'HH' || run === 'h' || run === 'hh') num(F_HOUR, run);
    else if (run === 'm' || run === 'mm') num(F_MINUTE, run);
    else if (run === 's' || run === 'ss') num(F_SECOND, run);
    else if ((run === 'S' || run === 'SS') && prev === F_MINUTE && between === ':') {
      num(F_SECOND, run);
    } else if (/^(S+|f+)$/.test(run)) {
      const last = toks[toks.length - 1];
      const sep = last?.k === K_LIT ? last.text.slice(-1) : '';
      if ((sep !== '.' && sep !== ',') || prev !== F_SECOND || between !== sep) {
        throw bad(`'${run}' (fraction of a second) must follow seconds and '.' or ','`);
      }
      toks.pop();
      toks.push(tok(K_FRAC, -1, run, sep));
    } else if (run === 'A' || run === 'a') toks.push(tok(K_AMPM, -1, run));
    else if (/^(Z|ZZ|X|XX|XXX)$/.test(run)) toks.push(tok(K_OFFSET, -1, run));
    else if (run === 'T') lit('T');
    else throw bad(`'${run}' is not a token`);
  }
  // Widths: exactly two digits when a number follows directly.
  for (let q = 0; q < toks.length; q++) {
    const t = toks[q];
    const next = toks[q + 1];
    if (t.k !== K_NUM || !next || next.k !== K_NUM) continue;
    if (t.src.length === 1) {
      throw bad(`'${t.src}' needs a separator after it (or use '${t.src}${t.src}')`);
    }
    if (t.f !== F_YEAR) t.min = 2;
  }
  const count = (pred: (t: PatternToken) => boolean) => toks.filter(pred).length;
  const has = (f: number) => count((t) => t.k === K_NUM && t.f === f);
  for (let f = F_YEAR; f <= F_SECOND; f++) {
    if (has(f) > 1) throw bad(`the ${FIELD_NAMES[f]} appears twice`);
  }
  const months = has(F_MONTH) + count((t) => t.k === K_MONTH_NAME);
  if (has(F_YEAR) + has(F_YEAR2) !== 1) throw bad('it needs one year (YYYY or YY)');
  if (months !== 1) throw bad('it needs one month (M, MM or MMM)');
  if (has(F_DAY) !== 1) throw bad('it needs a day (D or DD)');
  if (has(F_MINUTE) && !has(F_HOUR)) throw bad('minutes without hours');
  if (has(F_SECOND) && !has(F_MINUTE)) throw bad('seconds without minutes');
  const ampm = count((t) => t.k === K_AMPM);
  const h12 = toks.some((t) => t.k === K_NUM && t.f === F_HOUR && t.src[0] === 'h');
  if (ampm > 1 || count((t) => t.k === K_OFFSET) > 1) throw bad('a token appears twice');
  if (h12 && !ampm) throw bad("'h' (12-hour clock) needs 'A' (AM/PM); use 'H' for 24 hours");
  if (ampm && !has(F_HOUR)) throw bad("'A' (AM/PM) without hours");
  return toks;
}

// ---------------------------------------------------------------------------------
// dateFormat option

/** What a dateFormat option asks for. */
export type DateFormatSpec =
  /** Detect the form; `order` fixes the day/month order of day-month forms. */
  | { kind: 'auto'; order: DateOrder | null }
  /** One form, detected no further. */
  | { kind: 'form'; family: 'iso' | 'excel' | 'epoch-s' | 'epoch-ms' }
  | { kind: 'pattern'; pattern: TimestampPattern };

/**
 * Reads a dateFormat option: `DMY`, `MDY`, `YMD` (any case; only the day/month order of
 * the detected form, YMD fixing none), `auto`, `iso`, `excel`, `epoch-s`, `epoch-ms`, or a
 * pattern (TimestampPattern). Throws RangeError, listing the tokens, for anything else.
 */
export function parseDateFormat(fmt: string | undefined): DateFormatSpec {
  const f = (fmt ?? '').trim();
  const u = f.toUpperCase();
  if (u === '' || u === 'AUTO' || u === 'YMD') return { kind: 'auto', order: null };
  if (u === 'DMY' || u === 'MDY') return { kind: 'auto', order: u };
  const l = f.toLowerCase();
  if (l === 'iso' || l === 'excel' || l === 'epoch-s' || l === 'epoch-ms') {
    return { kind: 'form', family: l };
  }
  return { kind: 'pattern', pattern: new TimestampPattern(f) };
}

/**
 * The day/month order a dateFormat option fixes: 'DMY', 'MDY', or 'YMD' when it fixes
 * none. Throws RangeError for a format that is not understood.
 */
export function orderFromDateFormat(fmt: string): DateOrder | 'YMD' {
  const spec = parseDateFormat(fmt);
  if (spec.kind === 'auto') return spec.order ?? 'YMD';
  if (spec.kind === 'pattern') return spec.pattern.order ?? 'YMD';
  return 'YMD';
}

// ---------------------------------------------------------------------------------
// Shapes: what a value looks like (slow; for detection and messages)

/** What a value looks like, whether or not it is a real date. */
export interface TimestampShape {
  family: TimestampFamily;
  /** The year was written with two digits (`year` is then 0-99). */
  twoDigitYear: boolean;
  year: number;
  /** Day-month forms: the first and second numbers; other forms: month and day. */
  a: number;
  b: number;
  /** The text after the date fits the clock grammar (or there is none). */
  timeOk: boolean;
  /** The text after the date. */
  rest: string;
  /** 0 date only, 1 HH:MM, 2 HH:MM:SS, 3 with a fraction. */
  timeLevel: number;
  ampm: boolean;
  hour: number;
  minute: number;
  second: number;
  /** Offset written, seconds east of UTC (NaN when out of range); null when none. */
  offset: number | null;
  /** The date part as a template, e.g. 'YYYY-MM-DD', 'D/M/YYYY', 'DD-MMM-YYYY'. */
  date: string;
  /** Between date and clock: 'T', ' ' or ', '. */
  timeSep: string;
  /** Numeric forms: the number. */
  value: number;
}

const TIME_RE = new RegExp(
  '^(T|,? +)(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?(?: *([aApP])[mM])?' +
    '(?: *([zZ]|(?:[uU][tT][cC]|[gG][mM][tT])(?:([+-])(\\d{2})(?::?(\\d{2}))?)?' +
    '|([+-])(\\d{2})(?::?(\\d{2}))?))?$',
);

const SEP_OF: Record<string, TimestampFamily> = { '/': 'slash', '-': 'dash', '.': 'dot' };
const ISO_DATE_RE = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?!\d)/;

/** The shape of a (trimmed) value, or null when it looks like no timestamp form. */
export function timestampShape(v: string): TimestampShape | null {
  const sh: TimestampShape = {
    family: 'iso',
    twoDigitYear: false,
    year: 0,
    a: 0,
    b: 0,
    timeOk: true,
    rest: '',
    timeLevel: 0,
    ampm: false,
    hour: 0,
    minute: 0,
    second: 0,
    offset: null,
    date: '',
    timeSep: ' ',
    value: NaN,
  };
  const x = plainNumber(v);
  if (x === x) {
    sh.value = x;
    const digits = /^\d+$/.test(v) ? v.length : 0;
    const compact = (digits === 8 || digits === 14) && /^(19|2\d)/.test(v);
    const c = compact ? compactPattern(digits).parse(v) : NaN;
    if (c === c) {
      sh.family = 'compact';
      sh.date = digits === 8 ? 'YYYYMMDD' : 'YYYYMMDDHHmmss';
    } else if (x >= 20000 && x <= 80000) sh.family = 'excel';
    else if (x >= 1e8 && x < 1e11) sh.family = 'epoch-s';
    else if (x >= 1e11 && x < 1e14) sh.family = 'epoch-ms';
    else return null;
    sh.year = new Date(numericSeconds(sh.family, v) * 1000).getUTCFullYear();
    return sh;
  }
  let end: number;
  const iso = ISO_DATE_RE.exec(v);
  if (iso) {
    [sh.year, sh.a, sh.b] = [+iso[1], +iso[3], +iso[4]];
    sh.date = `YYYY${iso[2]}MM${iso[2]}DD`;
    end = iso[0].length;
  } else if (
    (scanDayMonth(v, 47) || scanDayMonth(v, 45) || scanDayMonth(v, 46)) &&
    !isDigit(v.charCodeAt(dmEnd))
  ) {
    const sep = v[dmEnd - dmYDigits - 1];
    sh.family = SEP_OF[sep];
    [sh.a, sh.b, sh.year, sh.twoDigitYear] = [dmA, dmB, dmY, dmYDigits === 2];
    sh.date = `D${sep}M${sep}${dmYDigits === 2 ? 'YY' : 'YYYY'}`;
    end = dmEnd;
  } else if (scanMonthDate(v)) {
    sh.family = 'month-name';
    [sh.a, sh.b, sh.year, sh.twoDigitYear] = [mdM, mdD, mdY, mdYDigits === 2];
    let t = '';
    if (mdWeekdayEnd > 0) {
      const w = /^[a-z]+/i.exec(v)![0];
      t = (w.length === 3 ? 'ddd' : 'dddd') + v.slice(w.length, mdWeekdayEnd);
    }
    for (let p = 0; p < 3; p++) {
      const [st, en] = [mdPos[2 * p], mdPos[2 * p + 1]];
      if (p > 0) t += v.slice(mdPos[2 * p - 1], st);
      const len = en - st;
      if (isLetter(v.charCodeAt(st))) t += len === 3 || (len === 4 && mdM === 9) ? 'MMM' : 'MMMM';
      else if (st === mdDayStart) t += len === 1 ? 'D' : 'DD';
      else t += len === 2 ? 'YY' : 'YYYY';
    }
    sh.date = t;
    end = mdEnd;
  } else return null;
  sh.rest = v.slice(end);
  if (sh.rest === '') return sh;
  const m = TIME_RE.exec(sh.rest);
  if (!m) {
    sh.timeOk = false;
    return sh;
  }
  sh.timeSep = m[1].trim() === '' ? ' ' : m[1].startsWith(',') ? ', ' : 'T';
  [sh.hour, sh.minute, sh.second] = [+m[2], +m[3], +(m[4] ?? 0)];
  sh.timeLevel = m[5] !== undefined ? 3 : m[4] !== undefined ? 2 : 1;
  sh.ampm = m[6] !== undefined;
  if (m[7] !== undefined) {
    const sign = m[8] ?? m[11];
    const hh = +(m[9] ?? m[12] ?? 0);
    const mm = +(m[10] ?? m[13] ?? 0);
    sh.offset = hh > 18 || mm > 59 ? NaN : (sign === '-' ? -1 : 1) * (hh * 3600 + mm * 60);
  }
  return sh;
}

/** Seconds of a numeric value of a numeric family (instant or wall time). */
function numericSeconds(family: TimestampFamily, v: string): number {
  if (family === 'excel') return parseExcel(v);
  if (family === 'epoch-s') return parseEpochSeconds(v);
  if (family === 'epoch-ms') return parseEpochMillis(v);
  return compactPattern(v.length).parse(v);
}

let compact8: TimestampPattern | null = null;
let compact14: TimestampPattern | null = null;

/** The pattern of the compact form with that many digits (8 or 14). */
export function compactPattern(digits: number): TimestampPattern {
  if (digits === 8) return (compact8 ??= new TimestampPattern('YYYYMMDD'));
  return (compact14 ??= new TimestampPattern('YYYYMMDDHHmmss'));
}

/** The family of a value, or null when it looks like none of them. */
export function timestampFamily(s: string): TimestampFamily | null {
  return timestampShape(s.trim())?.family ?? null;
}

/** Human text of the clock part: 'HH:MM:SS', 'h:mm:ss AM', ... ('' for level 0). */
export function clockText(level: number, ampm: boolean): string {
  if (level === 0) return '';
  const base = ampm ? ['h:mm', 'h:mm:ss', 'h:mm:ss.fff'] : ['HH:MM', 'HH:MM:SS', 'HH:MM:SS.fff'];
  return base[level - 1] + (ampm ? ' AM' : '');
}

/** The forms tried by detection, for messages. */
export const FORMS_TRIED =
  'YYYY-MM-DD HH:MM:SS (also with T, YYYY/MM/DD, fractions, Z or +HH:MM), ' +
  'M/D/YYYY or D/M/YYYY [h:mm[:ss] [AM|PM]], D.M.YYYY [HH:MM[:SS]], D-M-YYYY [HH:MM], ' +
  'month names (01-Jan-2015 06:00, 1 Jan 2015, Jan 1, 2015 6:00 AM, 2015-Jan-01), ' +
  'Excel serial days (20000-80000), Unix epoch seconds or milliseconds, YYYYMMDD[HHMMSS]';
