/**
 * The schedule form's state and its mapping to the engine's ScheduleInput: presets
 * (hourly, daily, weekdays, weekly) or a cron expression, defaults for a new schedule
 * (daily at 06:00 in this computer's time zone, latest observations, run once to catch
 * up, 3600 s timeout, 1 retry), and a watched folder kept from `pdm schedule add`.
 */
import type { ScheduleInput, ScheduleView } from '../../../workers/app/schedule-types';
import type { ListFormat, Preset, Weekday } from '../../../workers/schedule/types';
import { localTimeZone } from './schedule-text';

export type Kind = 'hourly' | 'daily' | 'weekdays' | 'weekly' | 'cron';
export const KINDS: Kind[] = ['hourly', 'daily', 'weekdays', 'weekly', 'cron'];
export const DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const FORMATS: ListFormat[] = ['html', 'csv', 'pdf'];

export interface FormState {
  name: string;
  kind: Kind;
  minute: string;
  at: string;
  day: Weekday;
  cron: string;
  timeZone: string;
  score: 'latest' | 'since-last' | 'none';
  list: boolean;
  listDir: string;
  listFormats: ListFormat[];
  /** Watched folder: chosen in the desktop app's dialog or set with `pdm schedule add --watch`. */
  watchDir: string;
  /** Import profile the watched folder's files are read with; '' detected per file. */
  profile: string;
  missedPolicy: 'run-once' | 'skip';
  timeoutSeconds: string;
  retries: string;
  enabled: boolean;
}

export function initialState(s: ScheduleView | null): FormState {
  const p = s?.preset ?? null;
  return {
    name: s?.name ?? '',
    kind: s ? (p ? p.kind : 'cron') : 'daily',
    minute: String(p?.kind === 'hourly' ? p.minute : 0),
    at: p && p.kind !== 'hourly' ? p.at : '06:00',
    day: p?.kind === 'weekly' ? p.day : 'mon',
    cron: s?.cron ?? '0 6 * * *',
    timeZone: s?.timeZone ?? localTimeZone(),
    score: s?.action.score ?? 'latest',
    list: !!s?.action.listDir,
    listDir: s?.action.listDir ?? 'maintenance-lists',
    listFormats: s?.action.listFormats ?? ['html'],
    watchDir: s?.action.watchDir ?? '',
    profile: s?.action.profile ?? '',
    missedPolicy: s?.missedPolicy ?? 'run-once',
    timeoutSeconds: String(s?.timeoutSeconds ?? 3600),
    retries: String(s?.retries ?? 1),
    enabled: s?.enabled ?? true,
  };
}

export type Mode = FormState['score'];
/** Import-only is offered only for a schedule that has a watched folder. */
export const scoreModes = (watchDir: string): Mode[] =>
  watchDir ? ['latest', 'since-last', 'none'] : ['latest', 'since-last'];

const num = (v: string) => (v.trim() === '' ? NaN : Number(v));

export function toInput(f: FormState): ScheduleInput {
  let preset: Preset | undefined;
  if (f.kind === 'hourly') preset = { kind: 'hourly', minute: num(f.minute) };
  else if (f.kind === 'weekly') preset = { kind: 'weekly', day: f.day, at: f.at };
  else if (f.kind !== 'cron') preset = { kind: f.kind, at: f.at };
  return {
    name: f.name,
    ...(preset ? { preset } : { cron: f.cron }),
    timeZone: f.timeZone.trim(),
    enabled: f.enabled,
    action: {
      score: f.score,
      ...(f.watchDir ? { watchDir: f.watchDir } : {}),
      ...(f.profile ? { profile: f.profile } : {}),
      ...(f.list ? { listDir: f.listDir.trim(), listFormats: f.listFormats } : {}),
    },
    missedPolicy: f.missedPolicy,
    timeoutSeconds: num(f.timeoutSeconds),
    retries: num(f.retries),
  };
}
