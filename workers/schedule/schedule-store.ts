/**
 * Schedules and their slot rows in the plant database (schema v3). Pure over Store:
 * no clock, no I/O; callers pass times. Validation happens here so every client (CLI,
 * desktop, tests) gets the same FieldErrors (RangeErrors) naming the bad field.
 */
import { FieldError } from '../shared/field-error';
import { parseSaid, type Said } from '../shared/said';
import type { SqlValue } from 'sql.js';
import type { Store } from '../store/store';
import { presetToCron, validateCron, validateTimeZone } from './cron';
import type {
  ListFormat,
  RunDetails,
  Schedule,
  ScheduleAction,
  ScheduleInput,
  SlotOutcome,
  SlotRow,
} from './types';

export const DEFAULT_TIMEOUT_SECONDS = 3600;
export const DEFAULT_RETRIES = 1;
const LIST_FORMATS: ListFormat[] = ['html', 'csv', 'pdf'];

/** Throws a FieldError naming the field unless the input describes a valid schedule. */
export function normaliseInput(
  input: ScheduleInput,
): Omit<Schedule, 'id' | 'created' | 'lastSlot'> {
  const name = (input.name ?? '').trim();
  if (!name || name.length > 100) {
    throw new FieldError('name', 'length', 'name must have 1 to 100 characters', {
      min: 1,
      max: 100,
    });
  }
  const timeZone = validateTimeZone(input.timeZone || 'UTC');
  if ((input.cron ? 1 : 0) + (input.preset ? 1 : 0) !== 1) {
    throw new FieldError('cron', 'one-of', 'give exactly one of a cron expression or a preset');
  }
  const cron = validateCron(input.preset ? presetToCron(input.preset) : input.cron!, timeZone);
  const a = input.action ?? {};
  const score = a.score ?? 'latest';
  if (!['latest', 'since-last', 'none'].includes(score)) {
    throw new FieldError(
      'action',
      'not-valid',
      `score must be latest, since-last or none, got '${score}'`,
      { value: String(score) },
    );
  }
  const listFormats =
    a.listFormats && a.listFormats.length ? [...new Set(a.listFormats)] : ['html'];
  for (const f of listFormats) {
    if (!LIST_FORMATS.includes(f as ListFormat)) {
      throw new FieldError(
        'action',
        'not-valid',
        `list format must be one of ${LIST_FORMATS.join(', ')}, got '${f}'`,
        { value: String(f) },
      );
    }
  }
  if (a.listDir && score === 'none') {
    throw new FieldError(
      'action',
      'list-needs-score',
      'a maintenance list needs scoring: score must not be none with a list folder',
    );
  }
  if (!a.watchDir && score === 'none') {
    throw new FieldError(
      'action',
      'does-nothing',
      'the schedule does nothing: give a watch folder or scoring',
    );
  }
  const profile = typeof a.profile === 'string' ? a.profile.trim() : '';
  if (profile && !a.watchDir) {
    throw new FieldError(
      'profile',
      'needs-watch-folder',
      'import profile: it is for the watched folder; give a watch folder too',
    );
  }
  if (profile.length > 64) {
    throw new FieldError('profile', 'length', 'import profile: a name has at most 64 characters', {
      max: 64,
    });
  }
  const action: ScheduleAction = {
    ...(a.watchDir ? { watchDir: a.watchDir } : {}),
    ...(profile ? { profile } : {}),
    score,
    ...(a.listDir ? { listDir: a.listDir } : {}),
    listFormats: listFormats as ListFormat[],
  };
  const missedPolicy = input.missedPolicy ?? 'run-once';
  if (missedPolicy !== 'run-once' && missedPolicy !== 'skip') {
    throw new FieldError(
      'missedPolicy',
      'not-valid',
      `missed-run policy must be run-once or skip, got '${missedPolicy}'`,
      { value: String(missedPolicy) },
    );
  }
  const timeoutSeconds = input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 7 * 86400) {
    throw new FieldError(
      'timeoutSeconds',
      'range',
      `timeout must be whole seconds from 1 to 604800, got ${timeoutSeconds}`,
      { min: 1, max: 604800, got: String(timeoutSeconds) },
    );
  }
  const retries = input.retries ?? DEFAULT_RETRIES;
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) {
    throw new FieldError(
      'retries',
      'range',
      `retries must be a whole number from 0 to 10, got ${retries}`,
      { min: 0, max: 10, got: String(retries) },
    );
  }
  return {
    name,
    cron,
    preset: input.preset ?? null,
    timeZone,
    enabled: input.enabled ?? true,
    action,
    missedPolicy,
    timeoutSeconds,
    retries,
  };
}

interface ScheduleDbRow {
  id: number;
  name: string;
  cron: string;
  preset: string | null;
  time_zone: string;
  enabled: number;
  action: string;
  missed_policy: string;
  timeout_s: number;
  retries: number;
  created: string;
  last_slot: number | null;
}

function toSchedule(r: ScheduleDbRow): Schedule {
  return {
    id: r.id,
    name: r.name,
    cron: r.cron,
    preset: r.preset ? JSON.parse(r.preset) : null,
    timeZone: r.time_zone,
    enabled: r.enabled === 1,
    action: JSON.parse(r.action),
    missedPolicy: r.missed_policy as Schedule['missedPolicy'],
    timeoutSeconds: r.timeout_s,
    retries: r.retries,
    created: r.created,
    lastSlot: r.last_slot,
  };
}

/** Adds a schedule; slots count from `nowMs`. RangeError on bad input or a taken name. */
export function addSchedule(store: Store, input: ScheduleInput, nowMs: number): Schedule {
  const s = normaliseInput(input);
  if (store.scalar('SELECT 1 FROM schedules WHERE name=?', [s.name]) !== null) {
    throw new FieldError('name', 'taken', `a schedule named '${s.name}' already exists`, {
      value: s.name,
    });
  }
  store.db.run(
    `INSERT INTO schedules(name, cron, preset, time_zone, enabled, action, missed_policy,
       timeout_s, retries, created, last_slot) VALUES(?,?,?,?,?,?,?,?,?,?,?)`,
    [
      s.name,
      s.cron,
      s.preset ? JSON.stringify(s.preset) : null,
      s.timeZone,
      s.enabled ? 1 : 0,
      JSON.stringify(s.action),
      s.missedPolicy,
      s.timeoutSeconds,
      s.retries,
      new Date(nowMs).toISOString(),
      Math.floor(nowMs / 1000),
    ],
  );
  return getSchedule(store, Number(store.scalar('SELECT last_insert_rowid()')))!;
}

/** Replaces a schedule's settings (name, timing, action, policy); keeps its history. */
export function updateSchedule(store: Store, id: number, input: ScheduleInput): Schedule {
  const old = getSchedule(store, id);
  if (!old) throw new RangeError(`no schedule with id ${id}`);
  const s = normaliseInput(input);
  const clash = store.scalar('SELECT id FROM schedules WHERE name=? AND id<>?', [s.name, id]);
  if (clash !== null)
    throw new FieldError('name', 'taken', `a schedule named '${s.name}' already exists`, {
      value: s.name,
    });
  store.db.run(
    `UPDATE schedules SET name=?, cron=?, preset=?, time_zone=?, enabled=?, action=?,
       missed_policy=?, timeout_s=?, retries=? WHERE id=?`,
    [
      s.name,
      s.cron,
      s.preset ? JSON.stringify(s.preset) : null,
      s.timeZone,
      s.enabled ? 1 : 0,
      JSON.stringify(s.action),
      s.missedPolicy,
      s.timeoutSeconds,
      s.retries,
      id,
    ],
  );
  return getSchedule(store, id)!;
}

export function getSchedule(store: Store, id: number): Schedule | null {
  const r = store.all<ScheduleDbRow>('SELECT * FROM schedules WHERE id=?', [id]);
  return r.length ? toSchedule(r[0]) : null;
}

export function findSchedule(store: Store, name: string): Schedule | null {
  const r = store.all<ScheduleDbRow>('SELECT * FROM schedules WHERE name=?', [name]);
  return r.length ? toSchedule(r[0]) : null;
}

export function listSchedules(store: Store): Schedule[] {
  return store.all<ScheduleDbRow>('SELECT * FROM schedules ORDER BY name').map(toSchedule);
}

/** Removes a schedule and its slot history (scoring runs it made stay). */
export function removeSchedule(store: Store, id: number): void {
  store.transaction(() => {
    store.db.run('DELETE FROM schedule_slots WHERE schedule_id=?', [id]);
    store.db.run('DELETE FROM schedules WHERE id=?', [id]);
  });
}

/**
 * Enables or disables a schedule. Enabling counts slots from `nowMs` on: slots that
 * passed while it was disabled were not wanted, so they are neither missed nor run.
 */
export function setEnabled(store: Store, id: number, enabled: boolean, nowMs: number): void {
  const s = getSchedule(store, id);
  if (!s) throw new RangeError(`no schedule with id ${id}`);
  if (s.enabled === enabled) return;
  const now = Math.floor(nowMs / 1000);
  store.db.run('UPDATE schedules SET enabled=?, last_slot=? WHERE id=?', [
    enabled ? 1 : 0,
    enabled ? Math.max(s.lastSlot ?? now, now) : s.lastSlot,
    id,
  ]);
}

export function setLastSlot(store: Store, id: number, slot: number): void {
  store.db.run('UPDATE schedules SET last_slot=max(coalesce(last_slot, 0), ?) WHERE id=?', [
    slot,
    id,
  ]);
}

interface SlotDbRow {
  id: number;
  schedule_id: number;
  slot: string;
  slot_epoch: number;
  outcome: string;
  reason: string | null;
  reason_codes: string | null;
  catch_up: number;
  started: string | null;
  finished: string | null;
  duration_ms: number | null;
  rows_scored: number | null;
  run_id: number | null;
  attempts: number;
  details: string | null;
}

function toSlot(r: SlotDbRow): SlotRow {
  return {
    id: r.id,
    scheduleId: r.schedule_id,
    slot: r.slot,
    slotEpoch: r.slot_epoch,
    outcome: r.outcome as SlotOutcome,
    reason: r.reason,
    reasonCodes: parseSaid(r.reason_codes),
    catchUp: r.catch_up === 1,
    started: r.started,
    finished: r.finished,
    durationMs: r.duration_ms,
    rowsScored: r.rows_scored,
    runId: r.run_id,
    attempts: r.attempts,
    details: r.details ? (JSON.parse(r.details) as RunDetails) : null,
  };
}

export const slotIso = (epochS: number) => new Date(epochS * 1000).toISOString();

/** Inserts a slot with its final (or 'running') outcome. The UNIQUE key refuses a second row. */
export function insertSlot(
  store: Store,
  row: {
    scheduleId: number;
    slot: number;
    outcome: SlotOutcome;
    reason?: string | null;
    reasonCodes?: Said[] | null;
    catchUp?: boolean;
    started?: string | null;
    owner?: string | null;
  },
): number {
  store.db.run(
    `INSERT INTO schedule_slots(schedule_id, slot, slot_epoch, outcome, reason, reason_codes,
       catch_up, started, owner) VALUES(?,?,?,?,?,?,?,?,?)`,
    [
      row.scheduleId,
      slotIso(row.slot),
      row.slot,
      row.outcome,
      row.reason ?? null,
      row.reasonCodes?.length ? JSON.stringify(row.reasonCodes) : null,
      row.catchUp ? 1 : 0,
      row.started ?? null,
      row.owner ?? null,
    ],
  );
  return Number(store.scalar('SELECT last_insert_rowid()'));
}

/** Updates a slot row's outcome and figures (only the fields given). */
export function updateSlot(
  store: Store,
  id: number,
  f: Partial<{
    outcome: SlotOutcome;
    reason: string | null;
    reasonCodes: Said[] | null;
    started: string | null;
    finished: string | null;
    durationMs: number | null;
    rowsScored: number | null;
    runId: number | null;
    attempts: number;
    owner: string | null;
    details: RunDetails | null;
  }>,
): void {
  const cols: Record<string, SqlValue> = {};
  if (f.outcome !== undefined) cols.outcome = f.outcome;
  if (f.reason !== undefined) cols.reason = f.reason;
  if (f.reasonCodes !== undefined)
    cols.reason_codes = f.reasonCodes?.length ? JSON.stringify(f.reasonCodes) : null;
  if (f.started !== undefined) cols.started = f.started;
  if (f.finished !== undefined) cols.finished = f.finished;
  if (f.durationMs !== undefined) cols.duration_ms = f.durationMs;
  if (f.rowsScored !== undefined) cols.rows_scored = f.rowsScored;
  if (f.runId !== undefined) cols.run_id = f.runId;
  if (f.attempts !== undefined) cols.attempts = f.attempts;
  if (f.owner !== undefined) cols.owner = f.owner;
  if (f.details !== undefined) cols.details = f.details ? JSON.stringify(f.details) : null;
  const keys = Object.keys(cols);
  if (!keys.length) return;
  store.db.run(`UPDATE schedule_slots SET ${keys.map((k) => `${k}=?`).join(', ')} WHERE id=?`, [
    ...keys.map((k) => cols[k]),
    id,
  ]);
}

export function getSlot(store: Store, id: number): SlotRow | null {
  const r = store.all<SlotDbRow>('SELECT * FROM schedule_slots WHERE id=?', [id]);
  return r.length ? toSlot(r[0]) : null;
}

/** Slot rows, oldest first; of one schedule when given. */
export function listSlots(store: Store, scheduleId?: number): SlotRow[] {
  return (
    scheduleId === undefined
      ? store.all<SlotDbRow>('SELECT * FROM schedule_slots ORDER BY slot_epoch, id')
      : store.all<SlotDbRow>(
          'SELECT * FROM schedule_slots WHERE schedule_id=? ORDER BY slot_epoch, id',
          [scheduleId],
        )
  ).map(toSlot);
}

/** Slots left 'running': by a process that ended mid-run when no runner holds them. */
export function runningSlots(store: Store): SlotRow[] {
  return store
    .all<SlotDbRow>("SELECT * FROM schedule_slots WHERE outcome='running' ORDER BY slot_epoch")
    .map(toSlot);
}

/** True when the schedule already has a slot row for this slot (its one outcome). */
export function hasSlot(store: Store, scheduleId: number, slotEpoch: number): boolean {
  return (
    store.scalar('SELECT 1 FROM schedule_slots WHERE schedule_id=? AND slot_epoch=?', [
      scheduleId,
      slotEpoch,
    ]) !== null
  );
}

/** The id of the schedule's latest slot row (by slot time), or null before its first. */
export function lastSlotId(store: Store, scheduleId: number): number | null {
  const v = store.scalar(
    'SELECT id FROM schedule_slots WHERE schedule_id=? ORDER BY slot_epoch DESC, id DESC LIMIT 1',
    [scheduleId],
  );
  return v === null ? null : Number(v);
}

/** The highest slot row id so far (0 without any): rows after it are a check's new ones. */
export function maxSlotId(store: Store): number {
  return Number(store.scalar('SELECT coalesce(max(id), 0) FROM schedule_slots'));
}

/** Slot rows after `afterId` recorded as missed or skipped (not run). */
export function countNotRunAfter(store: Store, afterId: number): number {
  return Number(
    store.scalar(
      "SELECT count(*) FROM schedule_slots WHERE id>? AND outcome IN ('missed', 'skipped')",
      [afterId],
    ),
  );
}

/**
 * Names of the enabled schedules that score (with the active model), by name. A
 * schedule whose action cannot be read counts: it may score.
 */
export function scoringScheduleNames(store: Store): string[] {
  return store
    .all<{ name: string; action: string }>(
      'SELECT name, action FROM schedules WHERE enabled=1 ORDER BY name',
    )
    .filter((x) => {
      try {
        return (JSON.parse(x.action) as { score?: string }).score !== 'none';
      } catch {
        return true;
      }
    })
    .map((x) => x.name);
}
