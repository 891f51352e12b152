/**
 * Cadence settings (FEATURES.md, section Cadence): the observation grid step S, the
 * rolling windows W1..Wk, the error-count window E and the label horizon H. They are
 * plant settings; a model records the cadence it was trained with. All lengths are
 * whole seconds. The defaults are the reference's (12 h step, 12/24/36 h windows,
 * 24 h error counts, 7-day horizon) and give feature names identical to the golden file.
 */
import { FieldError, type FieldProblem } from './field-error';
import { said, type Said } from './said';

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
 * A step or window length as its column-name suffix reads: whole hours as `24h`, else
 * whole minutes `5m`, else seconds `30s` (so `--windows 24h,72h,168h` gives the columns
 * `_24`, `_72`, `_168`).
 */
export function formatWindow(seconds: number): string {
  const s = Math.round(seconds);
  if (s > 0 && s % HOUR === 0) return `${s / HOUR}h`;
  if (s > 0 && s % MINUTE === 0) return `${s / MINUTE}m`;
  return `${s}s`;
}

/** A length in the largest whole unit, days included: `14d`, `12h`, `5m`, `30s` (horizons). */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  return s > 0 && s % DAY === 0 ? `${s / DAY}d` : formatWindow(s);
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
  return cadenceFieldProblem(c)?.message ?? null;
}

/** The cadence setting a problem is about: the step, the windows, the event window, the horizon. */
export type CadenceField = 'step' | 'windows' | 'event' | 'horizon';

/** Why a cadence is not valid, with the setting it is about; null when it is valid. */
export function cadenceFieldProblem(c: Cadence): FieldProblem<CadenceField> | null {
  const got = (v: unknown) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? formatDuration(v) : String(v);
  const whole = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
  const L = CADENCE_LIMITS;
  const range = (
    field: CadenceField,
    what: string,
    max: number,
    v: unknown,
  ): FieldProblem<CadenceField> => ({
    field,
    code: 'range',
    params: { min: '1s', max: formatDuration(max), got: got(v) },
    message: `${what} must be from 1s to ${formatDuration(max)} in whole seconds, got ${got(v)}`,
  });
  if (!whole(c.stepSeconds) || c.stepSeconds < 1 || c.stepSeconds > L.maxStepSeconds) {
    return range('step', 'the step', L.maxStepSeconds, c.stepSeconds);
  }
  if (!Array.isArray(c.windowSeconds) || c.windowSeconds.length < 1) {
    return {
      field: 'windows',
      code: 'required',
      params: {},
      message: 'give at least one rolling window',
    };
  }
  if (c.windowSeconds.length > L.maxWindows) {
    return {
      field: 'windows',
      code: 'too-many',
      params: { max: L.maxWindows, got: c.windowSeconds.length },
      message: `at most ${L.maxWindows} rolling windows, got ${c.windowSeconds.length}`,
    };
  }
  for (const w of c.windowSeconds) {
    if (!whole(w) || w < 1 || w > L.maxWindowSeconds) {
      return range('windows', 'a window', L.maxWindowSeconds, w);
    }
  }
  const suffixes = c.windowSeconds.map(windowSuffix);
  const dup = suffixes.find((s, i) => suffixes.indexOf(s) !== i);
  if (dup !== undefined) {
    const w = formatWindow(c.windowSeconds[suffixes.indexOf(dup)]);
    return {
      field: 'windows',
      code: 'duplicate',
      params: { value: w },
      message: `the window ${w} is given twice`,
    };
  }
  if (
    !whole(c.eventWindowSeconds) ||
    c.eventWindowSeconds < 1 ||
    c.eventWindowSeconds > L.maxWindowSeconds
  ) {
    return range('event', 'the event window', L.maxWindowSeconds, c.eventWindowSeconds);
  }
  if (!whole(c.horizonSeconds) || c.horizonSeconds < 1 || c.horizonSeconds > L.maxHorizonSeconds) {
    return range('horizon', 'the horizon', L.maxHorizonSeconds, c.horizonSeconds);
  }
  const g = blockSeconds(c);
  const worst = Math.max(c.stepSeconds, ...c.windowSeconds) / g;
  if (worst > L.maxBlocksPerWindow) {
    const step = formatWindow(c.stepSeconds);
    const windows = c.windowSeconds.map(formatWindow).join(', ');
    return {
      field: 'windows',
      code: 'no-common-block',
      params: { step, windows, block: formatWindow(g) },
      message:
        `the step and windows (${step}; ${windows}) share no common length longer than ` +
        `${formatWindow(g)}; use windows that are whole multiples of the step, ` +
        'or of a common length such as 1m or 1h',
    };
  }
  return null;
}

/** Throws a FieldError (a RangeError) naming the setting when the cadence is not valid. */
export function assertCadence(c: Cadence): void {
  const p = cadenceFieldProblem(c);
  if (p) throw FieldError.of(p);
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
    `step ${formatWindow(c.stepSeconds)}, windows ${c.windowSeconds.map(formatWindow).join('/')}, ` +
    `event window ${formatWindow(c.eventWindowSeconds)}, horizon ${formatDuration(c.horizonSeconds)}`
  );
}

/**
 * The `pdm plant` options that set this cadence:
 * `--step 24h --windows 24h,72h,168h --event-window 72h --horizon 14d`.
 */
export function cadenceCliArgs(c: Cadence): string {
  return (
    `--step ${formatWindow(c.stepSeconds)} --windows ${c.windowSeconds.map(formatWindow).join(',')} ` +
    `--event-window ${formatWindow(c.eventWindowSeconds)} --horizon ${formatDuration(c.horizonSeconds)}`
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

/** Limits of the data-fit check (cadenceFit). */
export const CADENCE_FIT = {
  /** Readings may arrive up to this factor later than the step and still fit it. */
  slack: 1.05,
  /** More readings than this in one step: the step averages away what happens within it. */
  maxReadingsPerStep: 1000,
  /** A typical machine's data should span at least this many steps. */
  minSpanSteps: 10,
} as const;

/** Settings for readings about once a minute or faster (test beds, SCADA, 1 Hz). */
const MINUTES: Readonly<Cadence> = Object.freeze({
  stepSeconds: MINUTE,
  windowSeconds: [5 * MINUTE, 10 * MINUTE, 30 * MINUTE],
  eventWindowSeconds: 30 * MINUTE,
  horizonSeconds: HOUR,
});

/** Settings for readings every few minutes (from over a minute up to 10 minutes). */
const TEN_MINUTES: Readonly<Cadence> = Object.freeze({
  stepSeconds: 10 * MINUTE,
  windowSeconds: [30 * MINUTE, HOUR, 3 * HOUR],
  eventWindowSeconds: HOUR,
  horizonSeconds: 12 * HOUR,
});

const copy = (c: Readonly<Cadence>): Cadence => ({ ...c, windowSeconds: [...c.windowSeconds] });

/**
 * Proposed cadences for data measured at a typical reading interval (FEATURES.md):
 * readings once a minute or faster get a 1-minute step (windows 5, 10, 30 minutes,
 * horizon 1 h); every few minutes a 10-minute step; from 10 minutes to 12 hours the
 * reference's 12 h grid; twice a day or slower one step per reading interval in whole
 * days (daily: step 24 h, windows 1, 3 and 7 days, event window 3 days, horizon 14 days).
 */
export function proposeCadence(medianIntervalSeconds: number): Cadence {
  const iv = medianIntervalSeconds;
  const slack = CADENCE_FIT.slack;
  if (!(iv > 0)) return defaultCadence();
  if (iv >= 12 * HOUR) {
    // daily (or slower) readings: one observation per reading, windows of 1, 3 and 7 of them
    const days = Math.min(31, Math.max(1, Math.ceil(iv / slack / DAY)));
    const S = days * DAY;
    const cap = (s: number) => Math.min(s, CADENCE_LIMITS.maxWindowSeconds);
    return {
      stepSeconds: S,
      windowSeconds: [S, cap(3 * S), cap(7 * S)].filter((w, i, a) => a.indexOf(w) === i),
      eventWindowSeconds: cap(3 * S),
      horizonSeconds: Math.min(Math.max(14 * DAY, 2 * S), CADENCE_LIMITS.maxHorizonSeconds),
    };
  }
  if (iv >= 10 * MINUTE) return defaultCadence(); // hourly-ish readings: the reference's grid
  if (iv > MINUTE * slack) return copy(TEN_MINUTES);
  // per-second or per-minute readings (test beds, SCADA): minutes
  return copy(MINUTES);
}

/** Whether a plant's cadence suits data measured at a reading interval, and if not why. */
export interface CadenceFit {
  /** True when the settings suit the data. */
  fits: boolean;
  /** Why they do not, in plain words; null when they fit. */
  reason: string | null;
  /**
   * The same as a code for the UI: 'sparse' (readings further apart than the step),
   * 'dense' (too many readings a step) or 'short' (too few steps of data), with the
   * figures in seconds and `windows` the lengths (seconds, comma-separated) that hold
   * one reading at most.
   */
  reasonCode: Said | null;
  /** Settings that suit the data better; null when the current ones fit or none is better. */
  proposal: Cadence | null;
}

/** A reading interval in words: `once a day`, `once a minute`, `every 5m`, `every 0.1s`. */
export function describeInterval(seconds: number): string {
  const named: [number, string][] = [
    [1, 'once a second'],
    [MINUTE, 'once a minute'],
    [HOUR, 'once an hour'],
    [DAY, 'once a day'],
    [7 * DAY, 'once a week'],
  ];
  for (const [s, words] of named) if (Math.abs(seconds - s) < 1e-6 * s) return words;
  return `every ${formatInterval(seconds)}`;
}

/**
 * A measured interval or span as a length: up to two days as formatWindow does (`24h`,
 * `5m`), longer ones as formatDuration (`3d`); fractions of a second as `0.1s`, `90.5s`.
 */
export function formatInterval(seconds: number): string {
  const whole = Math.round(seconds);
  if (whole >= 1 && Math.abs(seconds - whole) < 1e-3) {
    return whole <= 2 * DAY ? formatWindow(whole) : formatDuration(whole);
  }
  return `${Number(seconds.toPrecision(3))}s`;
}

/** A span of data: from two days on in days to a tenth (`40d`, `2.5d`), else as formatInterval. */
export function formatSpan(seconds: number): string {
  if (seconds >= 2 * DAY) return `${Math.round((seconds / DAY) * 10) / 10}d`;
  return formatInterval(seconds);
}

/**
 * Checks a cadence against data whose machines report every `medianIntervalSeconds`
 * (median over machines of each one's median interval) and whose typical machine's
 * data spans `spanSeconds` (null when unknown). The settings do not fit when
 * - readings arrive more than 5% later than the step: steps without a reading leave
 *   gaps in the grid and windows no longer than the interval hold one reading at most;
 * - more than 1000 readings fall in one step: the step averages away what happens
 *   within it;
 * - the typical machine's data spans fewer than 10 steps: too few observations.
 * Then proposeCadence(medianIntervalSeconds) is offered when it differs from `current`.
 */
export function cadenceFit(
  current: Cadence,
  medianIntervalSeconds: number,
  spanSeconds: number | null = null,
): CadenceFit {
  const iv = medianIntervalSeconds;
  const S = current.stepSeconds;
  const F = CADENCE_FIT;
  const measured = `median interval ${formatInterval(iv)}`;
  const step = formatWindow(S);
  let reason: string | null = null;
  let reasonCode: Said | null = null;
  if (!(iv > 0)) return { fits: true, reason: null, reasonCode: null, proposal: null };
  if (iv > S * F.slack) {
    const empty = Math.round(100 * (1 - S / iv));
    const shortS = current.windowSeconds.filter((w) => w <= iv * 1.000001);
    const short = shortS.map(formatWindow);
    reasonCode = said('sparse', {
      intervalSeconds: iv,
      stepSeconds: S,
      emptyPct: empty,
      windows: shortS.join(','),
    });
    reason =
      `readings arrive ${describeInterval(iv)} (${measured}) but the observation step is ${step}: ` +
      `about ${empty}% of the steps would have no reading` +
      (short.length === 0
        ? ''
        : short.length === 1
          ? ` and the ${short[0]} window holds one reading at most`
          : ` and the ${short.slice(0, -1).join(', ')} and ${short[short.length - 1]} windows ` +
            'hold one reading at most');
  } else if (S / iv > F.maxReadingsPerStep) {
    reasonCode = said('dense', {
      intervalSeconds: iv,
      stepSeconds: S,
      perStep: Math.round(S / iv),
      max: F.maxReadingsPerStep,
    });
    reason =
      `readings arrive ${describeInterval(iv)} (${measured}), about ${Math.round(S / iv)} in each ` +
      `${step} observation step: the step averages away what happens within it ` +
      `(more than ${F.maxReadingsPerStep} readings a step)`;
  } else if (spanSeconds !== null && spanSeconds < F.minSpanSteps * S) {
    reasonCode = said('short', {
      intervalSeconds: iv,
      stepSeconds: S,
      spanSeconds,
      minSteps: F.minSpanSteps,
    });
    reason =
      `a typical machine's data spans ${formatSpan(spanSeconds)}, less than ` +
      `${F.minSpanSteps} observation steps of ${step} (readings arrive ${describeInterval(iv)}): ` +
      'too few observations to learn from';
  }
  if (reason === null) return { fits: true, reason: null, reasonCode: null, proposal: null };
  const p = proposeCadence(iv);
  return { fits: false, reason, reasonCode, proposal: sameCadence(p, current) ? null : p };
}
