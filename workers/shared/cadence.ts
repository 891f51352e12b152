/**
 * Cadence settings (FEATURES.md, section Cadence): the observation grid step S, the
 * rolling windows W1..Wk, the error-count window E and the label horizon H. They are
 * plant settings; a model records the cadence it was trained with. All lengths are
 * whole seconds. The defaults are the reference's (12 h step, 12/24/36 h windows,
 * 24 h error counts, 7-day horizon) and give feature names identical to the golden file.
 */

export interface Cadence {
  /** Observation grid step S in seconds; boundaries are multiples of S from 1970-01-01. */
  stepSeconds: number;
  /** Rolling windows in seconds, in column order. */
  windowSeconds: number[];
  /** Error counts look back this many seconds. */
  eventWindowSeconds: number;
  /** Label horizon H in seconds. */
  horizonSeconds: number;
}

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

export const DEFAULT_CADENCE: Readonly<Cadence> = Object.freeze({
  stepSeconds: 12 * HOUR,
  windowSeconds: Object.freeze([12 * HOUR, 24 * HOUR, 36 * HOUR]) as unknown as number[],
  eventWindowSeconds: 24 * HOUR,
  horizonSeconds: 7 * DAY,
});

/** Limits checked by cadenceProblem. */
export const CADENCE_LIMITS = {
  maxStepSeconds: 31 * DAY,
  maxWindowSeconds: 366 * DAY,
  maxWindows: 8,
  maxHorizonSeconds: 366 * DAY,
  /**
   * Windows are summed from blocks of gcd(S, W1..Wk) seconds; a window may span at most
   * this many blocks (so 12 h and 12 h 1 s in one plant are refused, not computed slowly).
   */
  maxBlocksPerWindow: 10_000,
} as const;

/** A fresh copy of the defaults. */
export function defaultCadence(): Cadence {
  return { ...DEFAULT_CADENCE, windowSeconds: [...DEFAULT_CADENCE.windowSeconds] };
}

/**
 * A window's column-name suffix (FEATURES.md): whole hours as `12`, else whole minutes
 * as `5m`, else seconds as `30s`. Used for the rolling windows and the error window.
 */
export function windowSuffix(seconds: number): string {
  const s = Math.round(seconds);
  if (s % HOUR === 0) return String(s / HOUR);
  if (s % MINUTE === 0) return `${s / MINUTE}m`;
  return `${s}s`;
}

/**
 * A length as a person writes it, in the largest whole unit: `12h`, `5m`, `30s`, and
 * `14d` when `days` is set (horizons; steps and windows read better in hours: `168h`).
 */
export function formatDuration(seconds: number, days = false): string {
  const s = Math.round(seconds);
  if (days && s > 0 && s % DAY === 0) return `${s / DAY}d`;
  if (s > 0 && s % HOUR === 0) return `${s / HOUR}h`;
  if (s > 0 && s % MINUTE === 0) return `${s / MINUTE}m`;
  return `${s}s`;
}

const UNIT: Record<string, number> = {
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: MINUTE,
  min: MINUTE,
  mins: MINUTE,
  minute: MINUTE,
  minutes: MINUTE,
  h: HOUR,
  hr: HOUR,
  hrs: HOUR,
  hour: HOUR,
  hours: HOUR,
  d: DAY,
  day: DAY,
  days: DAY,
  w: 7 * DAY,
  week: 7 * DAY,
  weeks: 7 * DAY,
};

/**
 * Parses one length: a number and a unit (`24h`, `14d`, `5m`, `30s`, `1.5h`, `2 days`).
 * Throws RangeError naming `what` when the text is not a length or not whole seconds.
 */
export function parseDuration(text: string, what: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-zA-Z]+)\s*$/.exec(text);
  const unit = m ? UNIT[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    throw new RangeError(
      `${what}: '${text}' is not a length; write a number and a unit, e.g. 30s, 5m, 12h, 14d`,
    );
  }
  const seconds = Number(m[1]) * unit;
  const whole = Math.round(seconds);
  if (Math.abs(seconds - whole) > 1e-6 || whole < 1) {
    throw new RangeError(`${what}: '${text}' is not a whole number of seconds of at least 1`);
  }
  return whole;
}

/** Parses a comma-separated list of lengths (`24h,72h,168h`). */
export function parseDurationList(text: string, what: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.some((p) => p === '')) {
    throw new RangeError(`${what}: '${text}' has an empty entry; write e.g. 12h,24h,36h`);
  }
  return parts.map((p) => parseDuration(p, what));
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** The block length the window sums are built from: gcd(S, W1..Wk). */
export function blockSeconds(c: Cadence): number {
  return c.windowSeconds.reduce((g, w) => gcd(g, w), c.stepSeconds);
}

/** The first thing wrong with a cadence, in words a user can act on; null when valid. */
export function cadenceProblem(c: Cadence): string | null {
  const whole = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
  const L = CADENCE_LIMITS;
  if (!whole(c.stepSeconds) || c.stepSeconds < 1 || c.stepSeconds > L.maxStepSeconds) {
    return `the step must be a whole number of seconds from 1s to ${formatDuration(L.maxStepSeconds, true)}, got ${String(c.stepSeconds)}`;
  }
  if (!Array.isArray(c.windowSeconds) || c.windowSeconds.length < 1) {
    return 'give at least one rolling window';
  }
  if (c.windowSeconds.length > L.maxWindows) {
    return `at most ${L.maxWindows} rolling windows, got ${c.windowSeconds.length}`;
  }
  for (const w of c.windowSeconds) {
    if (!whole(w) || w < 1 || w > L.maxWindowSeconds) {
      return `a window must be a whole number of seconds from 1s to ${formatDuration(L.maxWindowSeconds, true)}, got ${String(w)}`;
    }
  }
  const suffixes = c.windowSeconds.map(windowSuffix);
  const dup = suffixes.find((s, i) => suffixes.indexOf(s) !== i);
  if (dup !== undefined)
    return `the window ${formatDuration(c.windowSeconds[suffixes.indexOf(dup)])} is given twice`;
  if (
    !whole(c.eventWindowSeconds) ||
    c.eventWindowSeconds < 1 ||
    c.eventWindowSeconds > L.maxWindowSeconds
  ) {
    return `the event window must be a whole number of seconds from 1s to ${formatDuration(L.maxWindowSeconds, true)}, got ${String(c.eventWindowSeconds)}`;
  }
  if (!whole(c.horizonSeconds) || c.horizonSeconds < 1 || c.horizonSeconds > L.maxHorizonSeconds) {
    return `the horizon must be a whole number of seconds from 1s to ${formatDuration(L.maxHorizonSeconds, true)}, got ${String(c.horizonSeconds)}`;
  }
  const g = blockSeconds(c);
  const worst = Math.max(c.stepSeconds, ...c.windowSeconds) / g;
  if (worst > L.maxBlocksPerWindow) {
    return (
      `the step and windows (${formatDuration(c.stepSeconds)}; ${c.windowSeconds.map((w) => formatDuration(w)).join(', ')}) ` +
      `share no common length longer than ${formatDuration(g)}; use windows that are whole multiples of the step, ` +
      'or of a common length such as 1m or 1h'
    );
  }
  return null;
}

/** Throws RangeError when the cadence is not valid. */
export function assertCadence(c: Cadence): void {
  const p = cadenceProblem(c);
  if (p) throw new RangeError(p);
}

export function sameCadence(a: Cadence, b: Cadence): boolean {
  return (
    a.stepSeconds === b.stepSeconds &&
    a.eventWindowSeconds === b.eventWindowSeconds &&
    a.horizonSeconds === b.horizonSeconds &&
    a.windowSeconds.length === b.windowSeconds.length &&
    a.windowSeconds.every((w, i) => w === b.windowSeconds[i])
  );
}

/** One line: `step 12h, windows 12h/24h/36h, event window 24h, horizon 7d`. */
export function describeCadence(c: Cadence): string {
  return (
    `step ${formatDuration(c.stepSeconds)}, windows ${c.windowSeconds.map((w) => formatDuration(w)).join('/')}, ` +
    `event window ${formatDuration(c.eventWindowSeconds)}, horizon ${formatDuration(c.horizonSeconds, true)}`
  );
}

/** The `pdm plant` options that set this cadence. */
export function cadenceCliArgs(c: Cadence): string {
  return (
    `--step ${formatDuration(c.stepSeconds)} --windows ${c.windowSeconds.map((w) => formatDuration(w)).join(',')} ` +
    `--event-window ${formatDuration(c.eventWindowSeconds)} --horizon ${formatDuration(c.horizonSeconds, true)}`
  );
}

/**
 * Reads a cadence from stored JSON (plant meta or a model record). Throws RangeError
 * naming `source` when it is malformed or invalid.
 */
export function cadenceFromJson(value: unknown, source: string): Cadence {
  const o = (typeof value === 'string' ? safeParse(value) : value) as Partial<Cadence> | null;
  if (!o || typeof o !== 'object') throw new RangeError(`${source}: cadence is not an object`);
  const c: Cadence = {
    stepSeconds: o.stepSeconds as number,
    windowSeconds: Array.isArray(o.windowSeconds) ? [...(o.windowSeconds as number[])] : [],
    eventWindowSeconds: o.eventWindowSeconds as number,
    horizonSeconds: o.horizonSeconds as number,
  };
  const p = cadenceProblem(c);
  if (p) throw new RangeError(`${source}: ${p}`);
  return c;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function cadenceToJson(c: Cadence): string {
  return JSON.stringify({
    stepSeconds: c.stepSeconds,
    windowSeconds: c.windowSeconds,
    eventWindowSeconds: c.eventWindowSeconds,
    horizonSeconds: c.horizonSeconds,
  });
}

/** Proposed cadences for data measured at a typical reading interval (FEATURES.md). */
export function proposeCadence(medianIntervalSeconds: number): Cadence {
  const iv = medianIntervalSeconds;
  if (!(iv > 0)) return defaultCadence();
  if (iv >= 12 * HOUR) {
    // daily (or slower) readings: one observation a day, windows of 1, 3 and 7 days
    return {
      stepSeconds: DAY,
      windowSeconds: [DAY, 3 * DAY, 7 * DAY],
      eventWindowSeconds: 3 * DAY,
      horizonSeconds: 14 * DAY,
    };
  }
  if (iv >= 10 * MINUTE) return defaultCadence(); // hourly-ish readings: the reference's grid
  if (iv >= 1) {
    // per-second or per-minute readings (test beds, SCADA): minutes
    return {
      stepSeconds: MINUTE,
      windowSeconds: [5 * MINUTE, 10 * MINUTE, 30 * MINUTE],
      eventWindowSeconds: 30 * MINUTE,
      horizonSeconds: HOUR,
    };
  }
  return defaultCadence();
}
