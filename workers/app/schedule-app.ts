/**
 * Schedules in the app (recurring scoring runs): the Schedules screen's queries and
 * edits over the schedule module (workers/schedule), and the app's clock check that
 * runs due and missed slots through the same ScheduleRunner the headless `pdm run-due`
 * uses. The renderer calls `check` at start, every 30 s and when the computer wakes
 * (browser build), or on the desktop main process's tick. Platform-neutral: no I/O of
 * its own; on the desktop the host's folder access (schedule-folders.ts) imports
 * watched folders and writes list files.
 */
import { plantThresholds } from '../store/plant-settings';
import { FieldError, fieldProblemOf } from '../shared/field-error';
import type { Store } from '../store/store';
import {
  describeSchedule,
  nextRuns,
  presetToCron,
  validateCron,
  validateTimeZone,
} from '../schedule/cron';
import { systemClock } from '../schedule/clock';
import { ScheduleRunner } from '../schedule/runner';
import {
  addSchedule,
  getSchedule,
  countNotRunAfter,
  getSlot,
  lastSlotId,
  maxSlotId,
  listSchedules,
  listSlots,
  removeSchedule,
  setEnabled,
  updateSchedule,
} from '../schedule/schedule-store';
import { outcomeSeries } from '../schedule/outcomes';
import { highRiskPairs, listRuns } from '../score/run-store';
import type {
  Clock,
  RunActions,
  Schedule,
  ScheduleInput,
  ScoreOutcome,
  SlotRow,
} from '../schedule/types';
import type {
  DueReport,
  OutcomePoint,
  RiskAlert,
  ScheduleField,
  SchedulePreview,
  ScheduleProblem,
  ScheduleSaveResult,
  ScheduleView,
  SlotView,
} from './schedule-types';
import { folderActions, type ScheduleFolderAccess } from './schedule-folders';
import { getProfile } from '../ingest/profiles';
import { withSaid } from '../shared/said';

/** Scores for a schedule run with the active model (the adapter of scoreRun in module-adapters.ts). */
export type ScheduledScore = (
  store: Store,
  mode: 'latest' | 'since-last',
  scheduleId: number,
  signal: AbortSignal,
) => Promise<ScoreOutcome>;

/**
 * A refusal for the form: the field, code and parameters the engine's FieldError
 * carries (workers/schedule/schedule-store.ts, cron.ts); another RangeError (a schedule
 * that no longer exists) is shown with the timing.
 */
function problem(e: unknown): ScheduleProblem {
  if (!(e instanceof RangeError)) throw e;
  const p = fieldProblemOf(e);
  return p
    ? {
        ok: false,
        field: p.field as ScheduleField,
        code: p.code,
        params: p.params,
        message: p.message,
      }
    : { ok: false, field: 'timing', code: 'other', params: {}, message: e.message };
}

/** The schedule's cron and time zone, validated; RangeError naming what is wrong. */
function timing(input: ScheduleInput): { cron: string; timeZone: string } {
  const timeZone = validateTimeZone(input.timeZone || 'UTC');
  if ((input.cron ? 1 : 0) + (input.preset ? 1 : 0) !== 1) {
    throw new FieldError('cron', 'one-of', 'give exactly one of a cron expression or a preset');
  }
  const cron = validateCron(input.preset ? presetToCron(input.preset) : input.cron!, timeZone);
  return { cron, timeZone };
}

/**
 * The live preview of a schedule being typed: its description and next five runs
 * after `nowMs`, or the first problem of its timing (name and action are checked on save).
 */
export function previewSchedule(input: ScheduleInput, nowMs: number): SchedulePreview {
  try {
    const { cron, timeZone } = timing(input);
    return {
      ok: true,
      cron,
      description: describeSchedule({ cron, timeZone }),
      nextRuns: nextRuns({ cron, timeZone }, nowMs, 5).map((d) => d.toISOString()),
    };
  } catch (e) {
    return problem(e);
  }
}

export function scheduleView(store: Store, s: Schedule, nowMs: number): ScheduleView {
  const last = lastSlotId(store, s.id);
  let runs: string[] = [];
  if (s.enabled) {
    try {
      runs = nextRuns(s, nowMs, 5).map((d) => d.toISOString());
    } catch {
      /* an expression stored by an older version that croner refuses: no next runs */
    }
  }
  return {
    ...s,
    description: describeSchedule(s),
    nextRuns: runs,
    lastSlotRow: last === null ? null : getSlot(store, last),
  };
}

export function listScheduleViews(store: Store, nowMs: number): ScheduleView[] {
  return listSchedules(store).map((s) => scheduleView(store, s, nowMs));
}

/** Adds (id null) or replaces a schedule; a validation problem names its field. */
export function saveSchedule(
  store: Store,
  id: number | null,
  input: ScheduleInput,
  nowMs: number,
): ScheduleSaveResult {
  try {
    // A profile that is not saved is refused now rather than failing every run later.
    const profile = input.action?.profile?.trim();
    if (profile && input.action?.watchDir) {
      try {
        getProfile(store, profile);
      } catch (e) {
        throw new FieldError('profile', 'missing', `import profile: ${(e as Error).message}`, {
          value: profile,
        });
      }
    }
    const s = id === null ? addSchedule(store, input, nowMs) : updateSchedule(store, id, input);
    return { ok: true, schedule: scheduleView(store, s, nowMs) };
  } catch (e) {
    return problem(e);
  }
}

export function deleteSchedule(store: Store, id: number): void {
  if (!getSchedule(store, id)) throw new RangeError(`no schedule with id ${id}`);
  removeSchedule(store, id);
}

export function enableSchedule(store: Store, id: number, enabled: boolean, nowMs: number): void {
  setEnabled(store, id, enabled, nowMs);
}

function toView(r: SlotRow, names: Map<number, string>): SlotView {
  return {
    ...r,
    scheduleName: names.get(r.scheduleId) ?? `#${r.scheduleId}`,
    maxRisk: r.details?.score?.maxRisk ?? null,
  };
}

/**
 * Slot rows newest first (of one schedule when given), at most `limit` (default
 * 500), with the schedule's name and the run's highest risk.
 */
export function slotViews(
  store: Store,
  opts: { scheduleId?: number; limit?: number } = {},
): SlotView[] {
  const limit = opts.limit ?? 500;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be a whole number of at least 1, got ${limit}`);
  }
  const names = new Map(listSchedules(store).map((s) => [s.id, s.name]));
  return listSlots(store, opts.scheduleId)
    .reverse()
    .slice(0, limit)
    .map((r) => toView(r, names));
}

/** Outcome tracking of every finished run, oldest first, at the high threshold. */
export function outcomePoints(store: Store, threshold: number): OutcomePoint[] {
  const runs = new Map(listRuns(store, Number.MAX_SAFE_INTEGER).map((r) => [r.id, r]));
  return outcomeSeries(store, { threshold }).map((o) => {
    const r = runs.get(o.runId);
    return {
      runId: o.runId,
      scheduleId: r?.scheduleId ?? null,
      when: r?.finished ?? r?.started ?? '',
      status: o.status,
      threshold: o.threshold,
      alarms: o.alarms,
      flaggedFailures: o.flaggedFailures,
      missedFailures: o.missedFailures,
      falseAlarms: o.falseAlarms,
      failures: o.failures,
      precision: o.precision,
      recall: o.recall,
      observedTo: o.observedTo,
      evaluableFrom: o.evaluableFrom,
    };
  });
}

/**
 * What a run does inside the app. Scoring uses the active model. With a host's folder
 * access (the desktop app) a run imports its watched folder and writes its list files
 * like `pdm run-due`. Without it (the browser, which cannot read folders) a watched
 * folder fails the slot with that reason and the list of an app run is its print view
 * (linked from the history).
 */
export function appActions(
  store: Store,
  score?: ScheduledScore,
  folders?: ScheduleFolderAccess,
  plantName?: string,
): RunActions {
  const score_: RunActions['score'] = score
    ? (mode, ctx) => score(store, mode, ctx.schedule.id, ctx.signal)
    : undefined;
  if (folders) return { ...folderActions(store, folders, { plantName }), score: score_ };
  return {
    async importWatched(dir) {
      throw withSaid(
        new Error(
          `the watched folder ${dir} is imported by 'pdm run-due' (headless runner); this app does not read folders`,
        ),
        'no-folders',
        { dir },
      );
    },
    score: score_,
    async writeList() {
      return { files: [] };
    },
  };
}

/** What the scheduler needs from the engine API that holds the store. */
export interface SchedulerHost {
  store(): Store;
  /** Runs fn as the one long job (throws while another runs) and releases it after. */
  withJob<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T>;
  busy(): boolean;
  /** A plant is open (the clock may tick before one is). */
  hasStore(): boolean;
  /** Saves the store (OPFS in the browser; nothing in the desktop, whose shell saves). */
  persist(): Promise<void>;
  score?: ScheduledScore;
  /** The open plant's name, printed on written lists. Default 'plant'. */
  plantName?(): string;
}

export interface CheckOptions {
  /** Risk at or above which a run raises an alert. Default: the plant's high threshold. */
  highThreshold?: number;
  /** Run this schedule now (a slot at this instant) instead of checking due slots. */
  runNow?: number;
  /** Called after each save point (the desktop hands the bytes to its main process). */
  onPersist?: () => Promise<void> | void;
  /** The host's folders (desktop): watched-folder import and list files. Absent in the browser. */
  folders?: ScheduleFolderAccess;
}

/** A clock that reads `nowMs` now and runs on at real speed from it. */
function clockAt(nowMs: number): Clock {
  const offset = nowMs - Date.now();
  return { now: () => Date.now() + offset, sleep: (ms, s) => systemClock.sleep(ms, s) };
}

/**
 * One check of the clock: redoes slots left running by a closed tab or app, records
 * missed and skipped slots, runs what is due (each schedule at most once, in turn) and
 * waits for it. Checks never overlap: while any long task runs the check reports busy
 * and the next tick tries again. A new runner per check is safe because checks are
 * serial: no run of this process is in flight when the next check starts.
 */
export async function checkSchedules(
  host: SchedulerHost,
  nowMs: number,
  opts: CheckOptions = {},
): Promise<DueReport> {
  const high = opts.highThreshold ?? plantThresholds(host.store()).high;
  if (!(high > 0 && high <= 1)) {
    throw new RangeError(`highThreshold must be above 0 and at most 1, got ${high}`);
  }
  if (!Number.isFinite(nowMs)) throw new RangeError(`nowMs must be a time in ms, got ${nowMs}`);
  if (host.busy()) return { busy: true, finished: [], recorded: 0, alerts: [] };
  const store = host.store();
  return host.withJob(async (signal) => {
    const before = maxSlotId(store);
    const runner = new ScheduleRunner(store, {
      actions: appActions(store, host.score, opts.folders, host.plantName?.()),
      clock: clockAt(nowMs),
      owner: 'app',
      signal,
      persist: async () => {
        await host.persist();
        await opts.onPersist?.();
      },
    });
    const rows =
      opts.runNow === undefined
        ? await runner.runDue()
        : [...(await runner.recover()), await runner.runNow(opts.runNow)];
    const recorded = countNotRunAfter(store, before);
    const names = new Map(listSchedules(store).map((s) => [s.id, s.name]));
    const finished = rows.map((r) => toView(getSlot(store, r.id) ?? r, names));
    const alerts: RiskAlert[] = [];
    for (const r of finished) {
      if (r.outcome !== 'ran' || r.runId === null) continue;
      const n = highRiskPairs(store, r.runId, high);
      if (n > 0) {
        alerts.push({
          scheduleName: r.scheduleName,
          runId: r.runId,
          highRisks: n,
          maxRisk: r.maxRisk ?? 0,
          threshold: high,
        });
      }
    }
    return { busy: false, finished, recorded, alerts };
  });
}
