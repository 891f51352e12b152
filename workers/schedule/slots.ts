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
import { said, type Said } from '../shared/said';
import { slotReasonText } from './slot-reasons';

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
  /** In English (slotReasonText of reasonCodes); null when there is nothing to say. */
  reason: string | null;
  reasonCodes: Said[];
  catchUp: boolean;
}

export const DEFAULT_GRACE_SECONDS = 3600;
export const DEFAULT_MAX_SLOTS = 5000;

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
  let collapsed: Said | null = null;
  if (slots.length === maxSlots) {
    const latest = latestSlotAtOrBefore(schedule.cron, schedule.timeZone, now);
    if (latest !== null && latest > slots[slots.length - 1]) {
      collapsed = said('not-listed', { slot: latest, n: maxSlots });
      slots.push(latest);
    }
  }
  const out: PlannedSlot[] = [];
  const plan = (slot: number, outcome: PlannedSlot['outcome'], parts: Said[], catchUp = false) =>
    out.push({ slot, outcome, reason: slotReasonText(parts), reasonCodes: parts, catchUp });
  if (opts.running) {
    for (const slot of slots) plan(slot, 'skipped', [said('still-running')]);
    return out;
  }
  const latest = slots[slots.length - 1];
  const earlier = slots.slice(0, -1);
  const late = now - latest > grace;
  const runLatest = !late || schedule.missedPolicy === 'run-once';
  for (let i = 0; i < earlier.length; i++) {
    const parts = [
      runLatest && schedule.missedPolicy === 'run-once'
        ? said('missed-caught-up', { slot: latest })
        : said('missed-not-caught-up'),
    ];
    if (collapsed && i === earlier.length - 1) parts.push(collapsed);
    plan(earlier[i], 'missed', parts);
  }
  if (!runLatest) {
    plan(latest, 'missed', [said('missed-late', { lateSeconds: now - latest })]);
  } else if (late) {
    const n = earlier.length + 1;
    plan(latest, 'run', [said('caught-up-late', { lateSeconds: now - latest, n })], true);
  } else {
    plan(
      latest,
      'run',
      !earlier.length
        ? []
        : [
            said(schedule.missedPolicy === 'run-once' ? 'on-time-catches-up' : 'on-time-missed', {
              n: earlier.length,
            }),
          ],
    );
  }
  return out;
}
