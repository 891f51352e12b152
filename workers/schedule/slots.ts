/**
 * The slot planner: which slots of a schedule are due at `now`, and what each one gets.
 * Pure (no clock, no store): the runner records the plan. Rules (README, step 6):
 * - slots after `lastSlot` up to `now` are due; each gets exactly one outcome;
 * - a run of this schedule still going: every due slot is 'skipped';
 * - otherwise all due slots but the latest are 'missed'; the latest runs when it is on
 *   time (at most `graceSeconds` late) or, under 'run-once', as the one catch-up run
 *   (outcome 'ran' later, catchUp true, reason "missed ..., ran ... late as the
 *   catch-up"); under 'skip' a late latest slot is 'missed' too and nothing runs.
 */
import { latestSlotAtOrBefore, slotsBetween } from './cron';
import type { Schedule } from './types';

export interface SlotPlanOptions {
  /** A slot at most this late still counts as on time. Default 3600 s (fits `run-due` every 15 min). */
  graceSeconds?: number;
  /** A run of this schedule is in progress. Default false. */
  running?: boolean;
  /** At most this many slots are listed per check (the rest collapse into a note). Default 5000. */
  maxSlots?: number;
}

export interface PlannedSlot {
  /** Epoch seconds (UTC). */
  slot: number;
  outcome: 'missed' | 'skipped' | 'run';
  reason: string | null;
  catchUp: boolean;
}

export const DEFAULT_GRACE_SECONDS = 3600;
export const DEFAULT_MAX_SLOTS = 5000;

const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

/** "3 h 20 min", "2 d 6 h", "45 s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

/**
 * Plans the due slots of `schedule` after `lastSlot` (epoch s; null: from its creation)
 * up to `now` (epoch s). At most one slot has outcome 'run'.
 */
export function dueSlots(
  schedule: Pick<Schedule, 'cron' | 'timeZone' | 'missedPolicy' | 'created'>,
  lastSlot: number | null,
  now: number,
  opts: SlotPlanOptions = {},
): PlannedSlot[] {
  const grace = opts.graceSeconds ?? DEFAULT_GRACE_SECONDS;
  const maxSlots = opts.maxSlots ?? DEFAULT_MAX_SLOTS;
  if (!(grace >= 0)) throw new RangeError(`graceSeconds must be 0 or more, got ${grace}`);
  if (!Number.isInteger(maxSlots) || maxSlots < 2) {
    throw new RangeError(`maxSlots must be a whole number of at least 2, got ${maxSlots}`);
  }
  const after = lastSlot ?? Math.floor(Date.parse(schedule.created) / 1000);
  const slots = slotsBetween(schedule.cron, schedule.timeZone, after, now, maxSlots);
  if (!slots.length) return [];
  let collapsedNote = '';
  if (slots.length === maxSlots) {
    const latest = latestSlotAtOrBefore(schedule.cron, schedule.timeZone, now);
    if (latest !== null && latest > slots[slots.length - 1]) {
      collapsedNote = `; later slots up to ${iso(latest)} are not listed (more than ${maxSlots} in one check)`;
      slots.push(latest);
    }
  }
  const out: PlannedSlot[] = [];
  if (opts.running) {
    for (const slot of slots) {
      out.push({ slot, outcome: 'skipped', reason: 'previous run still running', catchUp: false });
    }
    return out;
  }
  const latest = slots[slots.length - 1];
  const earlier = slots.slice(0, -1);
  const late = now - latest > grace;
  const runLatest = !late || schedule.missedPolicy === 'run-once';
  for (let i = 0; i < earlier.length; i++) {
    const note = i === earlier.length - 1 ? collapsedNote : '';
    out.push({
      slot: earlier[i],
      outcome: 'missed',
      reason:
        runLatest && schedule.missedPolicy === 'run-once'
          ? `missed: no runner was active; caught up by the run for ${iso(latest)}${note}`
          : `missed: no runner was active; not caught up (policy skip)${note}`,
      catchUp: false,
    });
  }
  if (!runLatest) {
    out.push({
      slot: latest,
      outcome: 'missed',
      reason: `missed: found ${formatDuration(now - latest)} late; not run (policy skip)`,
      catchUp: false,
    });
  } else if (late) {
    const n = earlier.length + 1;
    out.push({
      slot: latest,
      outcome: 'run',
      reason: `missed, then ran ${formatDuration(now - latest)} late as the catch-up for ${n} missed slot${n > 1 ? 's' : ''}`,
      catchUp: true,
    });
  } else {
    out.push({
      slot: latest,
      outcome: 'run',
      reason: !earlier.length
        ? null
        : schedule.missedPolicy === 'run-once'
          ? `on time; also catches up ${earlier.length} missed slot${earlier.length > 1 ? 's' : ''}`
          : `on time; ${earlier.length} earlier slot${earlier.length > 1 ? 's' : ''} missed (policy skip)`,
      catchUp: false,
    });
  }
  return out;
}
