/**
 * Why a slot got its outcome, as codes with parameters (the UI words them in its
 * language) and in English (the CLI, logs and the stored `reason` text). One reason is a
 * list of parts joined with "; ".
 */
import type { Said } from '../shared/said';

type SlotReasonCode =
  | 'still-running'
  | 'missed-caught-up'
  | 'missed-not-caught-up'
  | 'not-listed'
  | 'missed-late'
  | 'caught-up-late'
  | 'on-time-catches-up'
  | 'on-time-missed'
  | 'superseded'
  | 'by-hand'
  | 'redone'
  | 'attempts'
  | 'cancelled'
  | 'not-attempted'
  | 'error'
  | 'text';

const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "3 h 20 min", "2 d 6 h", "45 s". */
function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

function english(p: Said): string {
  const n = Number(p.params.n ?? 0);
  const late = formatDuration(Number(p.params.lateSeconds ?? 0));
  switch (p.code as SlotReasonCode) {
    case 'still-running':
      return 'previous run still running';
    case 'missed-caught-up':
      return `missed: no runner was active; caught up by the run for ${iso(Number(p.params.slot))}`;
    case 'missed-not-caught-up':
      return 'missed: no runner was active; not caught up (policy skip)';
    case 'not-listed':
      return `later slots up to ${iso(Number(p.params.slot))} are not listed (more than ${n} in one check)`;
    case 'missed-late':
      return `missed: found ${late} late; not run (policy skip)`;
    case 'caught-up-late':
      return `missed, then ran ${late} late as the catch-up for ${plural(n, 'missed slot')}`;
    case 'on-time-catches-up':
      return `on time; also catches up ${plural(n, 'missed slot')}`;
    case 'on-time-missed':
      return `on time; ${plural(n, 'earlier slot')} missed (policy skip)`;
    case 'superseded':
      return 'interrupted; superseded by the redo of a later interrupted slot';
    case 'by-hand':
      return 'started by hand';
    case 'redone':
      return 'redone after the process running it ended';
    case 'attempts':
      return `after ${n} attempts`;
    case 'cancelled':
      return 'cancelled';
    case 'not-attempted':
      return 'not attempted';
    case 'error':
      return `${p.params.message} (after ${plural(n, 'attempt')})`;
    case 'text':
      return String(p.params.text);
    default:
      return p.code;
  }
}

/** The English reason of these parts; null for none. */
export function slotReasonText(parts: Said[]): string | null {
  return parts.length ? parts.map(english).join('; ') : null;
}
