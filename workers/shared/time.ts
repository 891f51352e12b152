/**
 * Time on the plant is wall-clock time without a zone (FEATURES.md): we store it as
 * integer seconds since 1970-01-01 00:00 read as if it were UTC, so arithmetic never
 * meets a daylight-saving jump.
 */

export const HOUR = 3600;
export const DAY = 86400;

/** Seconds for a civil date-time, computed as UTC. Returns NaN for an impossible date. */
export function civilToEpoch(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

/** `YYYY-MM-DD HH:MM:SS`, the format of the golden features file. */
export function formatEpoch(t: number): string {
  const d = new Date(t * 1000);
  return (
    d.getUTCFullYear() +
    '-' +
    pad2(d.getUTCMonth() + 1) +
    '-' +
    pad2(d.getUTCDate()) +
    ' ' +
    pad2(d.getUTCHours()) +
    ':' +
    pad2(d.getUTCMinutes()) +
    ':' +
    pad2(d.getUTCSeconds())
  );
}

/**
 * Parses a date given on the command line or in the UI: `YYYY-MM-DD`,
 * `YYYY-MM-DD HH:MM[:SS]` or the same with `T`. Throws a RangeError naming the input.
 */
export function parseDateArg(s: string, what = 'date'): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?Z?$/.exec(s.trim());
  const t = m ? civilToEpoch(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)) : NaN;
  if (!Number.isFinite(t)) {
    throw new RangeError(`${what}: '${s}' is not a date; use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS`);
  }
  return t;
}
