/**
 * Human-readable schedule text in the chosen language: the engine's structured
 * description ("every day at 06:00") and run instants shown in the schedule's own time
 * zone, with how far away they are. Kept apart from the components so the form, the
 * list and the history say it the same way.
 */
import type { ScheduleDescription } from '../../../workers/app/schedule-types';
import type { Said } from '../../../workers/shared/said';
import { interpolate, type I18n } from '../../i18n/i18n';
import { saidText } from '../../components/engine-error-text';

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

/** A stretch of seconds as the slot reasons give it: "3 h 20 min" / "3시간 20분". */
function lateness(i: I18n, seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return i.t('slotReason.dur.s', { s });
  if (s < 3600) return i.t('slotReason.dur.min', { m: Math.floor(s / 60) });
  if (s < 86400)
    return i.t('slotReason.dur.hmin', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
  return i.t('slotReason.dur.dh', { d: Math.floor(s / 86400), h: Math.floor((s % 86400) / 3600) });
}

/**
 * Why a slot got its outcome, in the UI language, from the engine's codes
 * (workers/schedule/slot-reasons.ts). Slots recorded before codes were kept show the
 * English text they were stored with.
 */
export function slotReason(
  i: I18n,
  row: { reason: string | null; reasonCodes: Said[] | null },
  timeZone: string,
): string {
  if (!row.reasonCodes) return row.reason ?? '';
  return row.reasonCodes
    .map((p) => {
      const n = Number(p.params.n ?? 0);
      const vars = {
        ...p.params,
        n: i.num(n),
        slot:
          typeof p.params.slot === 'number'
            ? inZone(i, new Date(p.params.slot * 1000).toISOString(), timeZone)
            : '',
        late: lateness(i, Number(p.params.lateSeconds ?? 0)),
        // A failed run's error, worded from its code when it has one.
        ...(p.code === 'error' && typeof p.params.errorCode === 'string'
          ? {
              message: saidText(
                i,
                { code: p.params.errorCode, params: p.params },
                String(p.params.message ?? ''),
              ),
            }
          : {}),
      };
      return interpolate(i.tOr(`slotReason.${p.code}`, p.code), vars);
    })
    .join('; ');
}
