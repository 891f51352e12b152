/**
 * Timestamp parsing for imports. Plant time has no zone (FEATURES.md): a value is
 * stored as integer seconds since 1970 read as UTC (workers/shared/time.ts). Hand-rolled
 * char-code parsers because telemetry files carry millions of timestamps.
 *
 * Families (decided from a column's first value):
 * - `iso`:   YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS[.fff]], same with `T`, optional `Z`;
 *            also YYYY/MM/DD (Japanese/Korean/Chinese spreadsheet exports)
 * - `slash`: M/D/YYYY or D/M/YYYY, optional ` h:mm[:ss] [AM|PM]` (the Microsoft sample
 *            format); day/month order decided from the whole column (DateOrderDecider)
 * - `dot`:   D.M.YYYY [HH:MM[:SS]] (day first by convention; 'MDY' overrides)
 * Fractional seconds are truncated.
 */
import { civilToEpoch, daysInMonth } from '../shared/time';

export type TimestampFamily = 'iso' | 'slash' | 'dot';
export type DateOrder = 'MDY' | 'DMY';

/** The family of a value, or null when it is none of them. */
export function timestampFamily(s: string): TimestampFamily | null {
  const v = s.trim();
  if (/^\d{4}([-/])\d{1,2}\1\d{1,2}/.test(v)) return 'iso';
  if (/^\d{1,2}\/\d{1,2}\/\d{4}/.test(v)) return 'slash';
  if (/^\d{1,2}\.\d{1,2}\.\d{4}/.test(v)) return 'dot';
  return null;
}

/** Example text of a family, for messages. */
export function familyExample(f: TimestampFamily, order: DateOrder | null): string {
  if (f === 'iso') return 'YYYY-MM-DD HH:MM:SS';
  if (f === 'dot') return order === 'MDY' ? 'M.D.YYYY HH:MM' : 'D.M.YYYY HH:MM';
  return order === 'DMY' ? 'D/M/YYYY h:mm:ss AM' : 'M/D/YYYY h:mm:ss AM';
}

/**
 * The day/month order from ImportOptions.dateFormat: 'DMY', 'MDY', 'YMD', or a pattern
 * in which the first of D and M decides. Throws RangeError for anything else.
 */
export function orderFromDateFormat(fmt: string): DateOrder | 'YMD' {
  const f = fmt.trim().toUpperCase();
  if (f === 'DMY' || f === 'MDY' || f === 'YMD') return f;
  const d = f.indexOf('D');
  const m = f.indexOf('M');
  if (f.startsWith('Y')) return 'YMD';
  if (d >= 0 && m >= 0) return d < m ? 'DMY' : 'MDY';
  throw new RangeError(
    `dateFormat '${fmt}' is not understood; use DMY, MDY, YMD or a pattern like D/M/YYYY HH:mm`,
  );
}

let cacheKey = -1;
let cacheDay = 0;

/** Seconds at 00:00 of a civil date (NaN if impossible); one-entry cache (rows share dates). */
function dayEpoch(y: number, m: number, d: number): number {
  const key = y * 10000 + m * 100 + d;
  if (key === cacheKey) return cacheDay;
  const t = civilToEpoch(y, m, d);
  if (Number.isFinite(t)) {
    cacheKey = key;
    cacheDay = t;
  }
  return t;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** Reads 1 or 2 digits at i; returns value*4 + length (length 0 = none). */
function num12(s: string, i: number): number {
  const a = s.charCodeAt(i);
  if (!isDigit(a)) return 0;
  const b = s.charCodeAt(i + 1);
  if (!isDigit(b)) return (a - 48) * 4 + 1;
  return ((a - 48) * 10 + (b - 48)) * 4 + 2;
}

/**
 * Parses the clock part starting at i (`H:MM[:SS[.fff]]`, optional ` AM|PM`, optional
 * `Z`) to seconds of day; NaN when malformed. `ampm` allows the 12-hour suffix.
 */
function clock(s: string, i: number, ampm: boolean): number {
  const n = s.length;
  if (i >= n) return 0;
  let r = num12(s, i);
  if ((r & 3) === 0) return NaN;
  let h = r >> 2;
  i += r & 3;
  if (s.charCodeAt(i) !== 58) return NaN;
  r = num12(s, i + 1);
  if ((r & 3) !== 2) return NaN;
  const mi = r >> 2;
  i += 3;
  let sec = 0;
  if (s.charCodeAt(i) === 58) {
    r = num12(s, i + 1);
    if ((r & 3) !== 2) return NaN;
    sec = r >> 2;
    i += 3;
    if (s.charCodeAt(i) === 46) {
      i++;
      if (!isDigit(s.charCodeAt(i))) return NaN;
      while (isDigit(s.charCodeAt(i))) i++;
    }
  }
  if (i < n && ampm) {
    let j = i;
    while (s.charCodeAt(j) === 32) j++;
    const c = s.charCodeAt(j) | 32;
    if ((c === 97 || c === 112) && (s.charCodeAt(j + 1) | 32) === 109) {
      if (h < 1 || h > 12) return NaN;
      if (c === 97) h = h === 12 ? 0 : h;
      else h = h === 12 ? 12 : h + 12;
      i = j + 2;
    }
  }
  if (i < n && s.charCodeAt(i) === 90) i++; // Z
  if (i !== n) return NaN;
  if (h > 23 || mi > 59 || sec > 59) return NaN;
  return h * 3600 + mi * 60 + sec;
}

/**
 * `YYYY-MM-DD[( |T)HH:MM[:SS[.fff]]][Z]` (or with `/` between the date parts) to
 * seconds; NaN when malformed or impossible.
 */
export function parseIso(s: string): number {
  const n = s.length;
  if (n < 8) return NaN;
  const c0 = s.charCodeAt(0);
  const c3 = s.charCodeAt(3);
  const dsep = s.charCodeAt(4);
  if (!isDigit(c0) || !isDigit(c3) || (dsep !== 45 && dsep !== 47)) return NaN;
  const y =
    (c0 - 48) * 1000 + (s.charCodeAt(1) - 48) * 100 + (s.charCodeAt(2) - 48) * 10 + (c3 - 48);
  if (!isDigit(s.charCodeAt(1)) || !isDigit(s.charCodeAt(2))) return NaN;
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
  let secs = 0;
  if (i < n) {
    const sep = s.charCodeAt(i);
    if (sep !== 32 && sep !== 84) return NaN;
    secs = clock(s, i + 1, false);
    if (secs !== secs) return NaN;
  }
  return dayEpoch(y, m, d) + secs;
}

/**
 * `A<sep>B<sep>YYYY[ clock]` with the given day/month order; `sep` is '/' or '.'.
 * NaN when malformed or impossible under that order.
 */
export function parseDayMonth(s: string, sep: number, order: DateOrder): number {
  const parts = splitDayMonth(s, sep);
  if (!parts) return NaN;
  const [a, b, y, i] = parts;
  const m = order === 'MDY' ? a : b;
  const d = order === 'MDY' ? b : a;
  let secs = 0;
  if (i < s.length) {
    if (s.charCodeAt(i) !== 32 && s.charCodeAt(i) !== 84) return NaN;
    let j = i;
    while (s.charCodeAt(j) === 32) j++;
    secs = clock(s, j, true);
    if (secs !== secs) return NaN;
  }
  return dayEpoch(y, m, d) + secs;
}

/** [a, b, year, index after the year] or null. */
function splitDayMonth(s: string, sep: number): [number, number, number, number] | null {
  let r = num12(s, 0);
  if ((r & 3) === 0) return null;
  const a = r >> 2;
  let i = r & 3;
  if (s.charCodeAt(i) !== sep) return null;
  r = num12(s, i + 1);
  if ((r & 3) === 0) return null;
  const b = r >> 2;
  i += 1 + (r & 3);
  if (s.charCodeAt(i) !== sep) return null;
  i++;
  let y = 0;
  for (let k = 0; k < 4; k++) {
    const c = s.charCodeAt(i + k);
    if (!isDigit(c)) return null;
    y = y * 10 + c - 48;
  }
  return [a, b, y, i + 4];
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

  constructor(private readonly sep: number) {}

  consider(s: string): void {
    const p = splitDayMonth(s.trim(), this.sep);
    if (!p) return;
    const [a, b, y] = p;
    const mdy = a >= 1 && a <= 12 && b >= 1 && b <= daysInMonth(y, a);
    const dmy = b >= 1 && b <= 12 && a >= 1 && a <= daysInMonth(y, b);
    if (mdy && !dmy) this.onlyMdy++;
    else if (dmy && !mdy) this.onlyDmy++;
    else if (mdy && dmy && a !== b) this.ambiguous++;
  }

  /** The order when settled; 'MDY' also when every value reads the same both ways. */
  get decision(): DateOrder | 'ambiguous' | null {
    if (this.onlyMdy > 0 && this.onlyMdy >= this.onlyDmy) return 'MDY';
    if (this.onlyDmy > 0) return 'DMY';
    return this.ambiguous > 0 ? 'ambiguous' : null;
  }
}

/** A parser for one column once its family and order are known. */
export function timestampParser(
  family: TimestampFamily,
  order: DateOrder | null,
): (s: string) => number {
  if (family === 'iso') return parseIso;
  const sep = family === 'slash' ? 47 : 46;
  const o: DateOrder = order ?? (family === 'dot' ? 'DMY' : 'MDY');
  return (s) => parseDayMonth(s, sep, o);
}
