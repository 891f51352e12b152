/**
 * Human-readable schedule text in the chosen language: the engine's structured
 * description ("every day at 06:00") and run instants shown in the schedule's own time
 * zone, with how far away they are. Kept apart from the components so the form, the
 * list and the history say it the same way.
 */
import type { ScheduleDescription } from '../../../workers/app/schedule-types';
import type { I18n } from '../../i18n/i18n';

const hhmm = (h: number, m: number) =>
  `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;

/** "Every day at 06:00 (Europe/Berlin)" / "매일 06:00 (Europe/Berlin)". */
export function describe(i: I18n, d: ScheduleDescription): string {
  const tz = d.timeZone;
  switch (d.kind) {
    case 'hourly':
      return i.t('sched.desc.hourly', { minute: d.minute, tz });
    case 'daily':
      return i.t('sched.desc.daily', { at: hhmm(d.hour, d.minute), tz });
    case 'weekdays':
      return i.t('sched.desc.weekdays', { at: hhmm(d.hour, d.minute), tz });
    case 'weekly':
      return i.t('sched.desc.weekly', {
        day: i.t(`sched.day.${d.day}`),
        at: hhmm(d.hour, d.minute),
        tz,
      });
    default:
      return i.t('sched.desc.cron', { expr: d.expression, tz });
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** An instant as wall time in `timeZone` (weekday, date, time, zone abbreviation). */
export function inZone(i: I18n, iso: string, timeZone: string): string {
  const tag = i.locale === 'ko' ? 'ko-KR' : 'en-GB';
  const key = `${tag}|${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(tag, {
        weekday: 'short',
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone,
        timeZoneName: 'short',
      });
    } catch {
      return i.instant(iso);
    }
    formats.set(key, f);
  }
  return f.format(new Date(iso));
}

/** "in 5 hours" / "5시간 후", relative to `nowMs`. */
export function fromNow(i: I18n, iso: string, nowMs: number): string {
  const s = (Date.parse(iso) - nowMs) / 1000;
  const rtf = new Intl.RelativeTimeFormat(i.locale === 'ko' ? 'ko-KR' : 'en-GB', {
    numeric: 'auto',
  });
  const a = Math.abs(s);
  if (a < 90 * 60) return rtf.format(Math.round(s / 60), 'minute');
  if (a < 48 * 3600) return rtf.format(Math.round(s / 3600), 'hour');
  return rtf.format(Math.round(s / 86400), 'day');
}

/** "1 min 5 s", "3.2 s" for durations in ms. */
export function duration(i: I18n, ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 60_000) return i.t('runs.seconds', { s: i.num(ms / 1000, 1) });
  return i.t('sched.minutes', {
    m: i.num(Math.floor(ms / 60_000)),
    s: i.num((ms % 60_000) / 1000),
  });
}

/** The time zone of this computer (the default of a new schedule). */
export function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Every IANA zone the browser knows, for the time zone field's suggestions. */
export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
}
