/**
 * Plant time zones. The plant has an IANA time zone (a plant setting); stored times are
 * plant wall-clock seconds since 1970 read as UTC (./time.ts). An instant (a UTC time,
 * e.g. an epoch value or a timestamp written with an offset) becomes plant wall time by
 * adding the zone's UTC offset in effect at that instant.
 *
 * Speed: imports convert millions of instants, and Intl is slow (several microseconds a
 * call). A zone's offsets are therefore kept as spans of constant offset between
 * transitions, found lazily with Intl: probes a week apart, then a bisection to the
 * second of the transition. A lookup inside the span used last is two comparisons.
 * Assumption: a zone never changes its offset and changes it back within one probe step
 * (7 days); no zone has done so since 1900.
 */

const DAY = 86400;
/** Probe step when looking for the next transition. */
const STEP = 7 * DAY;
/** How far one lookup searches each way; a span ends there when no transition is found. */
const REACH = 400 * DAY;
/** Largest distance between an instant and its wall time (no zone is beyond +-18 h). */
const MAX_SHIFT = DAY;
/** Instants Date can represent, in seconds. */
const LIMIT = 8.64e12;

/** True for a time-zone name Intl knows ('UTC', 'Europe/Berlin', 'Asia/Seoul', ...). */
export function isValidTimeZone(name: string): boolean {
  if (typeof name !== 'string' || name.trim() === '' || /^[+-]/.test(name.trim())) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The time zone of this computer (IANA name), or 'UTC' when it cannot be told. */
export function hostTimeZone(): string {
  try {
    const z = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    return z && isValidTimeZone(z) ? z : 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Instants [start, end) (seconds) during which a zone's UTC offset is `offset` seconds. */
interface Span {
  start: number;
  end: number;
  offset: number;
}

const WALL_RE = /^(\d+)\/(\d+)\/(\d+),? (\d+):(\d+):(\d+)$/;

/** The UTC offsets of one zone over time, learnt lazily from Intl and kept. */
export class ZoneRules {
  /** Known spans, sorted by start, not overlapping; neighbours with one offset merged. */
  private spans: Span[] = [];
  /** The span of the last lookup (empty at first). */
  private cur: Span = { start: 0, end: 0, offset: 0 };
  private readonly dtf: Intl.DateTimeFormat;

  /** Throws RangeError for a name that is not a time zone. */
  constructor(readonly name: string) {
    if (!isValidTimeZone(name)) {
      throw new RangeError(
        `time zone '${name}' is not known; give an IANA name such as Europe/Berlin, ` +
          `America/New_York, Asia/Seoul or UTC`,
      );
    }
    this.dtf = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** UTC offset in seconds (east positive) in effect at the instant `t` (seconds). */
  offsetAt(t: number): number {
    const c = this.cur;
    if (t >= c.start && t < c.end) return c.offset;
    return this.spanAt(t).offset;
  }

  /** Wall time (seconds read as UTC) of the instant `t`; fractions kept. */
  toWall(t: number): number {
    const c = this.cur;
    if (t >= c.start && t < c.end) return t + c.offset;
    return t + this.spanAt(t).offset;
  }

  /**
   * True when the wall time of instant `t` is one that occurs twice (the hour, or half
   * hour, repeated when daylight saving ends), whichever of the two passes `t` is.
   */
  repeats(t: number): boolean {
    const sp = this.spanAt(t);
    const { start, end, offset } = sp;
    if (t >= end - MAX_SHIFT) {
      const next = this.spanAt(end).offset;
      if (next < offset && t >= end - (offset - next)) return true;
    }
    if (t < start + MAX_SHIFT) {
      const prev = this.spanAt(start - 1).offset;
      if (prev > offset && t < start + (prev - offset)) return true;
    }
    this.cur = sp;
    return false;
  }

  /**
   * The instants whose wall time is `w`, ascending: one normally, two in the repeated
   * hour when daylight saving ends, none in the hour skipped when it starts.
   */
  instantsOf(w: number): number[] {
    const offsets: number[] = [];
    for (let t = w - 2 * MAX_SHIFT; t <= w + 2 * MAX_SHIFT;) {
      const sp = this.spanAt(t);
      if (!offsets.includes(sp.offset)) offsets.push(sp.offset);
      t = sp.end;
    }
    const out: number[] = [];
    for (const o of offsets) {
      const t = w - o;
      if (this.offsetAt(t) === o && !out.includes(t)) out.push(t);
    }
    return out.sort((a, b) => a - b);
  }

  /**
   * The instant of wall time `w`. Where the wall time is ambiguous it is the earlier of
   * the two; where it does not exist (skipped when daylight saving starts) it is read
   * with the offset from before the change, so 02:30 on a day that jumps from 02:00 to
   * 03:00 gives the instant shown as 03:30 (the 'compatible' choice of JavaScript's
   * Temporal and of most calendar software).
   */
  toInstant(w: number): number {
    const ts = this.instantsOf(w);
    if (ts.length > 0) return ts[0];
    for (let t = w - 2 * MAX_SHIFT; t <= w + 2 * MAX_SHIFT;) {
      const sp = this.spanAt(t);
      const next = this.spanAt(sp.end);
      if (w >= sp.end + sp.offset && w < sp.end + next.offset) return w - sp.offset;
      t = sp.end;
    }
    return w - this.offsetAt(w);
  }

  /** The span holding `t`, learning it from Intl when unknown. */
  private spanAt(t: number): Span {
    if (!(t >= -LIMIT && t < LIMIT)) {
      throw new RangeError(`instant ${t} is outside the range of dates`);
    }
    const c = this.cur;
    if (t >= c.start && t < c.end) return c;
    const spans = this.spans;
    let lo = 0;
    let hi = spans.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const sp = spans[mid];
      if (t < sp.start) hi = mid - 1;
      else if (t >= sp.end) lo = mid + 1;
      else return (this.cur = sp);
    }
    this.learn(t);
    return this.spanAt(t);
  }

  /** Finds the span around `t` with Intl and adds it to the known spans. */
  private learn(t: number): void {
    const t0 = Math.floor(t);
    const off = this.intlOffset(t0);
    const far = Math.min(t0 + REACH, LIMIT - 1);
    let end = far;
    for (let lo = t0; lo < far;) {
      const hi = Math.min(lo + STEP, far);
      if (this.intlOffset(hi) !== off) {
        end = this.flip(lo, hi, off, true);
        break;
      }
      lo = hi;
    }
    const near = Math.max(t0 - REACH, -LIMIT);
    let start = near;
    for (let hi = t0; hi > near;) {
      const lo = Math.max(hi - STEP, near);
      if (this.intlOffset(lo) !== off) {
        start = this.flip(lo, hi, off, false);
        break;
      }
      hi = lo;
    }
    this.insert({ start, end, offset: off });
  }

  /**
   * The first second in (lo, hi] at which "offset is `off`" changes, given it is
   * `loIsOff` at lo and the opposite at hi (one change between them).
   */
  private flip(lo: number, hi: number, off: number, loIsOff: boolean): number {
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if ((this.intlOffset(mid) === off) === loIsOff) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  private insert(sp: Span): void {
    const all = [...this.spans, sp].sort((a, b) => a.start - b.start);
    const out: Span[] = [];
    for (const s of all) {
      const last = out[out.length - 1];
      if (last && s.start <= last.end && s.offset === last.offset) {
        if (s.end > last.end) last.end = s.end;
      } else if (last && s.start < last.end) {
        // Overlapping spans with different offsets cannot both be right; keep the older.
        if (s.end > last.end) out.push({ start: last.end, end: s.end, offset: s.offset });
      } else {
        out.push({ ...s });
      }
    }
    this.spans = out;
    this.cur = { start: 0, end: 0, offset: 0 };
  }

  /** Offset at a whole second from Intl (slow). */
  private intlOffset(t: number): number {
    const text = this.dtf.format(t * 1000);
    const m = WALL_RE.exec(text);
    let y: number, mo: number, d: number, h: number, mi: number, s: number;
    if (m) {
      [mo, d, y, h, mi, s] = [+m[1], +m[2], +m[3], +m[4], +m[5], +m[6]];
    } else {
      const p: Record<string, number> = {};
      for (const part of this.dtf.formatToParts(t * 1000)) p[part.type] = +part.value;
      [y, mo, d, h, mi, s] = [p.year, p.month, p.day, p.hour, p.minute, p.second];
    }
    const date = new Date(0);
    date.setUTCFullYear(y, mo - 1, d);
    date.setUTCHours(h, mi, s, 0);
    return date.getTime() / 1000 - t;
  }
}

const rulesByName = new Map<string, ZoneRules>();
let lastName = '';
let lastRules: ZoneRules | null = null;

/** The (shared, cached) rules of a zone. Throws RangeError for an unknown name. */
export function zoneRules(zone: string): ZoneRules {
  if (zone === lastName && lastRules) return lastRules;
  let r = rulesByName.get(zone);
  if (!r) {
    r = new ZoneRules(zone);
    rulesByName.set(zone, r);
  }
  lastName = zone;
  lastRules = r;
  return r;
}

/** UTC instant (seconds since 1970) -> plant wall time (seconds read as UTC); fraction kept. */
export function instantToWall(epochSeconds: number, zone: string): number {
  return zoneRules(zone).toWall(epochSeconds);
}

/** Wall time -> UTC instant: the earlier one where ambiguous, see ZoneRules.toInstant. */
export function wallToInstant(wallSeconds: number, zone: string): number {
  return zoneRules(zone).toInstant(wallSeconds);
}

/** The instants whose wall time in `zone` is `wallSeconds` (0, 1 or 2 of them). */
export function wallInstants(wallSeconds: number, zone: string): number[] {
  return zoneRules(zone).instantsOf(wallSeconds);
}

/** True when the wall time occurs twice in the zone (the hour repeated when DST ends). */
export function wallRepeated(wallSeconds: number, zone: string): boolean {
  return zoneRules(zone).instantsOf(wallSeconds).length > 1;
}

/** True when the wall time does not occur in the zone (the hour skipped when DST starts). */
export function wallSkipped(wallSeconds: number, zone: string): boolean {
  return zoneRules(zone).instantsOf(wallSeconds).length === 0;
}
