/**
 * Cron expressions and presets for schedules, on croner (well kept, time-zone and
 * DST aware). croner's DST rules, which we rely on and test: a fixed-time job whose
 * time falls in a spring-forward gap runs once at the first valid time after it, and
 * once when a wall time occurs twice; interval jobs (hourly) run on each real hour.
 * Slots are UTC instants, so a repeated wall-clock hour gives two distinct slots and
 * the same instant can never be a slot twice.
 */
import { FieldError } from '../shared/field-error';
import { Cron } from 'croner';
import { WEEKDAYS, type Preset, type Schedule, type Weekday } from './types';

const CRON_OPTIONS = { paused: true, mode: '5-or-6-parts' as const };

/** Throws a RangeError naming the time zone unless it is a known IANA zone. */
export function validateTimeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz }).format(0);
  } catch {
    throw new FieldError(
      'timeZone',
      'unknown-zone',
      `time zone '${tz}' is not a known IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)`,
      { value: tz },
    );
  }
  return tz;
}

function compile(cron: string, timeZone: string): Cron {
  validateTimeZone(timeZone);
  let job: Cron;
  try {
    job = new Cron(cron, { ...CRON_OPTIONS, timezone: timeZone });
  } catch (e) {
    const why = (e as Error).message.replace(/^CronPattern: /, '');
    throw new FieldError('cron', 'not-valid', `cron expression '${cron}' is not valid: ${why}`, {
      value: cron,
      why,
    });
  }
  return job;
}

/**
 * Checks a cron expression (5 parts `min hour day month weekday`, or 6 with seconds
 * first) and that it ever runs; returns it trimmed. RangeError with the reason.
 */
export function validateCron(cron: string, timeZone = 'UTC'): string {
  const expr = cron.trim().replace(/\s+/g, ' ');
  const job = compile(expr, timeZone);
  if (job.nextRun(new Date(0)) === null) {
    throw new FieldError('cron', 'never-runs', `cron expression '${cron}' never runs`, {
      value: cron,
    });
  }
  return expr;
}

/** Parses `HH:MM` (24 h). RangeError naming the value otherwise. */
export function parseTimeOfDay(at: string): { hour: number; minute: number } {
  const m = /^(\d{1,2}):(\d{2})$/.exec(at.trim());
  const hour = m ? Number(m[1]) : NaN;
  const minute = m ? Number(m[2]) : NaN;
  if (!(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59)) {
    throw new FieldError(
      'at',
      'not-valid',
      `time of day '${at}' is not valid; use HH:MM from 00:00 to 23:59`,
      { value: at },
    );
  }
  return { hour, minute };
}

export function parseWeekday(day: string): Weekday {
  const d = day.trim().toLowerCase().slice(0, 3) as Weekday;
  if (!WEEKDAYS.includes(d)) {
    throw new FieldError(
      'day',
      'not-valid',
      `day '${day}' is not a weekday; use one of ${WEEKDAYS.join(', ')}`,
      { value: day },
    );
  }
  return d;
}

/** The cron expression for a preset. */
export function presetToCron(p: Preset): string {
  if (p.kind === 'hourly') {
    if (!Number.isInteger(p.minute) || p.minute < 0 || p.minute > 59) {
      throw new FieldError(
        'minute',
        'range',
        `hourly minute must be a whole number from 0 to 59, got ${p.minute}`,
        { min: 0, max: 59, got: String(p.minute) },
      );
    }
    return `${p.minute} * * * *`;
  }
  const { hour, minute } = parseTimeOfDay(p.at);
  if (p.kind === 'daily') return `${minute} ${hour} * * *`;
  if (p.kind === 'weekdays') return `${minute} ${hour} * * 1-5`;
  if (p.kind === 'weekly') return `${minute} ${hour} * * ${WEEKDAYS.indexOf(parseWeekday(p.day))}`;
  const kind = (p as { kind: string }).kind;
  throw new FieldError('timing', 'not-valid', `unknown preset '${kind}'`, { value: kind });
}

/**
 * Up to `count` slots strictly after `after` (epoch seconds) and at or before
 * `upTo`, in order. Callers bound `count`: enumerating costs about 50 µs per slot.
 */
export function slotsBetween(
  cron: string,
  timeZone: string,
  after: number,
  upTo: number,
  count: number,
): number[] {
  const job = compile(cron, timeZone);
  const out: number[] = [];
  let d: Date | null = new Date(after * 1000);
  while (out.length < count) {
    d = job.nextRun(d);
    if (!d) break;
    const s = Math.round(d.getTime() / 1000);
    if (s > upTo) break;
    out.push(s);
  }
  return out;
}

/** The next `n` slots after `from` (epoch ms, default now) as Dates, for the UI preview. */
export function nextRuns(
  schedule: Pick<Schedule, 'cron' | 'timeZone'>,
  from: number = Date.now(),
  n = 5,
): Date[] {
  return compile(schedule.cron, schedule.timeZone).nextRuns(n, new Date(from));
}

/** Structured description of when a schedule runs; the UI turns it into English or Korean. */
export type ScheduleDescription =
  | { kind: 'hourly'; minute: number; timeZone: string; text: string }
  | { kind: 'daily' | 'weekdays'; hour: number; minute: number; timeZone: string; text: string }
  | { kind: 'weekly'; day: Weekday; hour: number; minute: number; timeZone: string; text: string }
  | { kind: 'cron'; expression: string; timeZone: string; text: string };

const DAY_NAMES: Record<Weekday, string> = {
  sun: 'Sunday',
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
};

const hhmm = (h: number, m: number) =>
  `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;

/**
 * Recognises the preset shapes in any expression (so a hand-typed `30 2 * * *` reads
 * as "every day at 02:30") and otherwise describes it as a cron expression.
 */
export function describeSchedule(s: Pick<Schedule, 'cron' | 'timeZone'>): ScheduleDescription {
  const tz = s.timeZone;
  const parts = s.cron.trim().split(/\s+/);
  const num = (x: string, max: number) => (/^\d{1,2}$/.test(x) && +x <= max ? +x : null);
  if (parts.length === 5 && parts[2] === '*' && parts[3] === '*') {
    const [mi, ho, , , dow] = parts;
    const minute = num(mi, 59);
    const hour = num(ho, 23);
    if (minute !== null && ho === '*' && dow === '*') {
      return {
        kind: 'hourly',
        minute,
        timeZone: tz,
        text: `every hour at minute ${minute} (${tz})`,
      };
    }
    if (minute !== null && hour !== null) {
      const at = hhmm(hour, minute);
      if (dow === '*') {
        return { kind: 'daily', hour, minute, timeZone: tz, text: `every day at ${at} (${tz})` };
      }
      if (dow === '1-5' || dow.toUpperCase() === 'MON-FRI') {
        return {
          kind: 'weekdays',
          hour,
          minute,
          timeZone: tz,
          text: `Monday to Friday at ${at} (${tz})`,
        };
      }
      const d = num(dow, 7);
      if (d !== null) {
        const day = WEEKDAYS[d % 7];
        return {
          kind: 'weekly',
          day,
          hour,
          minute,
          timeZone: tz,
          text: `every ${DAY_NAMES[day]} at ${at} (${tz})`,
        };
      }
    }
  }
  return { kind: 'cron', expression: s.cron, timeZone: tz, text: `cron '${s.cron}' (${tz})` };
}

/** The latest slot at or before `t` (epoch seconds), or null. */
export function latestSlotAtOrBefore(cron: string, timeZone: string, t: number): number | null {
  const d = compile(cron, timeZone).previousRuns(1, new Date((t + 1) * 1000))[0];
  return d ? Math.round(d.getTime() / 1000) : null;
}
