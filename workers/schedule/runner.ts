/**
 * The schedule runner: records and runs the slots that are due at one moment. It keeps
 * no clock of its own and never wakes itself: a caller creates a runner, calls
 * `runDue()` (redo interrupted slots with `recover()`, then record and start
 * everything due with `tick()`, and wait), and drops it. The callers are the headless
 * `pdm run-due` (run-due-node.ts, started by cron or Task Scheduler) and the app's
 * clock check (workers/app/schedule-app.ts `checkSchedules`, which the renderer calls
 * at start, every 30 s and on wake, or on the desktop main process's tick; "Run now"
 * goes through `recover()` and `runNow()`). The `Clock` passed in only says what time
 * it is and waits between retries; tests pass a fake one. Only one runner works on a
 * plant at a time (the file lock between processes; in the app, checks never
 * overlap), so a slot left 'running' that this runner does not hold was left by a
 * process or tab that ended mid-run, and is redone.
 *
 * Guarantees: every slot gets exactly one outcome row; a schedule never overlaps
 * itself (slots that come while its run goes on are 'skipped'); each attempt is bounded
 * by the schedule's timeout and failed attempts are retried (default once) before the
 * slot is 'failed' with the reason. A slot is marked 'running' and persisted before its
 * work starts, so a crash leaves a trace that the next start redoes; redoing is
 * idempotent because import skips known content hashes and scoring returns the same
 * run for the same request.
 */
import type { Store } from '../store/store';
import { systemClock } from './clock';
import {
  getSchedule,
  getSlot,
  hasSlot,
  insertSlot,
  listSchedules,
  runningSlots,
  setLastSlot,
  updateSlot,
} from './schedule-store';
import { dueSlots, DEFAULT_GRACE_SECONDS, DEFAULT_MAX_SLOTS, type PlannedSlot } from './slots';
import { said, saidOf, withSaid, type Said } from '../shared/said';
import { slotReasonText } from './slot-reasons';
import type { ActionContext, Clock, RunActions, RunDetails, Schedule, SlotRow } from './types';

export interface RunnerOptions {
  actions: RunActions;
  /** Default: the system clock. */
  clock?: Clock;
  /** Writes the store to disk; called after a slot is marked running and after each outcome. */
  persist?: () => Promise<void> | void;
  /** Names this runner in slot rows (e.g. `pdm run-due pid 1234`). Default 'runner'. */
  owner?: string;
  /** A slot at most this late is on time. Default 3600 s. */
  graceSeconds?: number;
  /** Most slots listed per schedule and check. Default 5000. */
  maxSlotsPerCheck?: number;
  /** Wait before a retry. Default 5000 ms. */
  retryDelayMs?: number;
  /** Cancels running work (Ctrl-C, app quit): the slot is 'failed' with reason 'cancelled'. */
  signal?: AbortSignal;
  /** Each slot's final row, e.g. for a notification when `maxRisk` is above the high threshold. */
  onSlot?: (schedule: Schedule, slot: SlotRow) => void;
}

export class TimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeoutError';
  }
}

export interface TickReport {
  /** Rows recorded without a run (missed, skipped). */
  recorded: number;
  /** Runs started by this tick; each resolves to its final row. */
  started: Promise<SlotRow>[];
  /** The recorded rows are on disk (rejects when saving failed). */
  persisted: Promise<void>;
}

const msg = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** An error's code as slot-reason parameters: `errorCode` and the code's own. */
function codeOf(e: unknown): Record<string, string | number> {
  const s = saidOf(e);
  return s ? { ...s.params, errorCode: s.code } : {};
}

/** A slot's reason in English and as codes, from its parts. */
const reasonOf = (parts: Said[]) => ({ reason: slotReasonText(parts), reasonCodes: parts });

export class ScheduleRunner {
  private readonly inFlight = new Map<number, Promise<SlotRow>>();
  /** Runs of different schedules take turns: one in-memory database, one writer at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Last slot planned per schedule, ahead of the rows still waiting to be written. */
  private readonly plannedLast = new Map<number, number>();
  private readonly clock: Clock;
  private readonly owner: string;

  constructor(
    private readonly store: Store,
    private readonly opts: RunnerOptions,
  ) {
    this.clock = opts.clock ?? systemClock;
    this.owner = opts.owner ?? 'runner';
    const retryDelay = opts.retryDelayMs ?? 5000;
    if (!(retryDelay >= 0))
      throw new RangeError(`retryDelayMs must be 0 or more, got ${retryDelay}`);
  }

  /** True while a run of the schedule is going in this runner. */
  isRunning(scheduleId: number): boolean {
    return this.inFlight.has(scheduleId);
  }

  /** Resolves when no run is going. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight.values()]);
  }

  private async persist(): Promise<void> {
    await this.opts.persist?.();
  }

  /**
   * Redoes slots left 'running' by a process that ended mid-run (call once at start,
   * before ticking). Resolves with their final rows.
   */
  async recover(): Promise<SlotRow[]> {
    const stale = runningSlots(this.store).filter((s) => !this.inFlight.has(s.scheduleId));
    const done: Promise<SlotRow>[] = [];
    for (const row of stale) {
      const schedule = getSchedule(this.store, row.scheduleId);
      if (!schedule) continue;
      if (this.inFlight.has(schedule.id)) {
        // Two interrupted slots of one schedule: the later run covers the earlier one.
        updateSlot(this.store, row.id, {
          outcome: 'skipped',
          ...reasonOf([said('superseded')]),
          finished: new Date(this.clock.now()).toISOString(),
        });
        continue;
      }
      updateSlot(this.store, row.id, { owner: this.owner });
      done.push(this.start(schedule, row.slotEpoch, true, row.id));
    }
    return Promise.all(done);
  }

  /**
   * Records every slot due now: missed and skipped ones at once, and starts at most one
   * run per schedule (not awaited; see `started`).
   */
  async tick(): Promise<TickReport> {
    const now = Math.floor(this.clock.now() / 1000);
    // Plan now (reads only), write in turn: a run's streamed import may hold a
    // savepoint open, so rows are written and saved between runs, never inside one.
    // Runs planned here are marked in flight at once, so later ticks skip their slots.
    const plans: { schedule: Schedule; plan: PlannedSlot[] }[] = [];
    let recorded = 0;
    for (const schedule of listSchedules(this.store)) {
      if (!schedule.enabled) continue;
      const planned = this.plannedLast.get(schedule.id);
      const last =
        planned === undefined ? schedule.lastSlot : Math.max(planned, schedule.lastSlot ?? planned);
      const plan = dueSlots(schedule, last, now, {
        graceSeconds: this.opts.graceSeconds ?? DEFAULT_GRACE_SECONDS,
        maxSlots: this.opts.maxSlotsPerCheck ?? DEFAULT_MAX_SLOTS,
        running: this.inFlight.has(schedule.id),
      });
      if (!plan.length) continue;
      this.plannedLast.set(schedule.id, plan[plan.length - 1].slot);
      plans.push({ schedule, plan });
      recorded += plan.filter((p) => p.outcome !== 'run').length;
    }
    if (!plans.length) return { recorded: 0, started: [], persisted: Promise.resolve() };
    const slotIds = new Map<number, number | null>();
    const persisted = this.enqueue(async () => {
      this.store.transaction(() => {
        for (const { schedule, plan } of plans) {
          for (const p of plan) {
            if (hasSlot(this.store, schedule.id, p.slot)) continue; // it already has its one outcome
            const id = insertSlot(this.store, {
              scheduleId: schedule.id,
              slot: p.slot,
              outcome: p.outcome === 'run' ? 'running' : p.outcome,
              reason: p.reason,
              reasonCodes: p.reasonCodes,
              catchUp: p.catchUp,
              started: p.outcome === 'run' ? new Date(this.clock.now()).toISOString() : null,
              owner: p.outcome === 'run' ? this.owner : null,
            });
            if (p.outcome === 'run') slotIds.set(schedule.id, id);
          }
          setLastSlot(this.store, schedule.id, plan[plan.length - 1].slot);
        }
      });
      await this.persist();
    });
    persisted.catch(() => undefined);
    const started: Promise<SlotRow>[] = [];
    for (const { schedule, plan } of plans) {
      const run = plan.find((p) => p.outcome === 'run');
      if (!run) continue;
      started.push(
        this.start(schedule, run.slot, false, async () => {
          await persisted; // nothing runs unless its 'running' row is on disk
          const id = slotIds.get(schedule.id);
          if (id === undefined || id === null) {
            throw new Error(`slot ${run.slot} of schedule '${schedule.name}' was not recorded`);
          }
          return id;
        }),
      );
    }
    return { recorded, started, persisted };
  }

  /** `pdm run-due`: redo interrupted slots, record and run everything due, wait for it. */
  async runDue(): Promise<SlotRow[]> {
    const redone = await this.recover();
    const { started, persisted } = await this.tick();
    await persisted;
    const ran = await Promise.all(started);
    return [...redone, ...ran];
  }

  /** "Run now" from the UI: a slot at the current instant, outside the cron slots. */
  async runNow(scheduleId: number): Promise<SlotRow> {
    const schedule = getSchedule(this.store, scheduleId);
    if (!schedule) throw new RangeError(`no schedule with id ${scheduleId}`);
    if (this.inFlight.has(scheduleId)) {
      throw new RangeError(`schedule '${schedule.name}' is already running`);
    }
    const slot = Math.floor(this.clock.now() / 1000);
    if (hasSlot(this.store, scheduleId, slot)) {
      throw new RangeError(`schedule '${schedule.name}' already has a run at this second`);
    }
    return this.start(schedule, slot, false, async () => {
      const id = insertSlot(this.store, {
        scheduleId,
        slot,
        outcome: 'running',
        ...reasonOf([said('by-hand')]),
        started: new Date(this.clock.now()).toISOString(),
        owner: this.owner,
      });
      await this.persist();
      return id;
    });
  }

  /** Runs fn after everything queued before it (runs and saves take turns). */
  private enqueue<T>(fn: () => Promise<T> | T): Promise<T> {
    const p = this.queue.then(fn);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private start(
    schedule: Schedule,
    slot: number,
    redo: boolean,
    slotId: number | (() => Promise<number>),
  ): Promise<SlotRow> {
    const p = this.enqueue(async () =>
      this.execute(schedule, typeof slotId === 'number' ? slotId : await slotId(), slot, redo),
    ).finally(() => {
      this.inFlight.delete(schedule.id);
    });
    this.inFlight.set(schedule.id, p);
    return p;
  }

  private async execute(
    schedule: Schedule,
    slotId: number,
    slot: number,
    redo: boolean,
  ): Promise<SlotRow> {
    const startMs = this.clock.now();
    updateSlot(this.store, slotId, { started: new Date(startMs).toISOString() });
    const before = getSlot(this.store, slotId)!;
    let attempts = before.attempts;
    let details: RunDetails | undefined;
    let error: unknown;
    const outer = this.opts.signal;
    for (let i = 0; i <= schedule.retries; i++) {
      if (outer?.aborted) break;
      if (i > 0) {
        try {
          await this.clock.sleep(this.opts.retryDelayMs ?? 5000, outer);
        } catch {
          break;
        }
      }
      attempts++;
      updateSlot(this.store, slotId, { attempts });
      try {
        details = await this.attempt(schedule, slot);
        error = undefined;
        break;
      } catch (e) {
        error = e;
        details = undefined;
      }
    }
    const finishedMs = this.clock.now();
    // The reason it was started with (older rows have only the English text).
    const notes: Said[] = before.reasonCodes
      ? [...before.reasonCodes]
      : before.reason
        ? [said('text', { text: before.reason })]
        : [];
    if (redo) notes.push(said('redone'));
    if (details && !error) {
      if (attempts - before.attempts > 1)
        notes.push(said('attempts', { n: attempts - before.attempts }));
      updateSlot(this.store, slotId, {
        outcome: 'ran',
        ...reasonOf(notes),
        finished: new Date(finishedMs).toISOString(),
        durationMs: finishedMs - startMs,
        rowsScored: details.score?.rows ?? 0,
        runId: details.score?.runId ?? null,
        attempts,
        details,
      });
    } else {
      const why = outer?.aborted
        ? said('cancelled')
        : error === undefined
          ? said('not-attempted')
          : said('error', {
              message: msg(error),
              n: attempts - before.attempts,
              // The error's own code, so the UI words the message in its language.
              ...codeOf(error),
            });
      updateSlot(this.store, slotId, {
        outcome: 'failed',
        ...reasonOf([why, ...notes]),
        finished: new Date(finishedMs).toISOString(),
        durationMs: finishedMs - startMs,
        rowsScored: 0,
        attempts,
      });
    }
    await this.persist();
    const row = getSlot(this.store, slotId)!;
    this.opts.onSlot?.(schedule, row);
    return row;
  }

  /** One attempt: import, score, write the list; bounded by the schedule's timeout. */
  private async attempt(schedule: Schedule, slot: number): Promise<RunDetails> {
    const ac = new AbortController();
    const outer = this.opts.signal;
    const onOuter = () => ac.abort(outer!.reason ?? new Error('cancelled'));
    outer?.addEventListener('abort', onOuter, { once: true });
    const timerStop = new AbortController();
    this.clock.sleep(schedule.timeoutSeconds * 1000, timerStop.signal).then(
      () =>
        ac.abort(
          withSaid(new TimeoutError(`timed out after ${schedule.timeoutSeconds} s`), 'timeout', {
            seconds: schedule.timeoutSeconds,
          }),
        ),
      () => undefined,
    );
    const aborted = new Promise<never>((_, reject) => {
      ac.signal.addEventListener('abort', () => reject(ac.signal.reason), { once: true });
    });
    aborted.catch(() => undefined);
    try {
      const ctx: ActionContext = { schedule, slot, signal: ac.signal };
      return await Promise.race([this.work(ctx), aborted]);
    } finally {
      timerStop.abort();
      outer?.removeEventListener('abort', onOuter);
    }
  }

  private async work(ctx: ActionContext): Promise<RunDetails> {
    const { actions } = this.opts;
    const { action } = ctx.schedule;
    const details: RunDetails = {};
    if (action.watchDir) {
      if (!actions.importWatched)
        throw new Error('importing a watched folder is not available here');
      details.import = await actions.importWatched(action.watchDir, ctx);
    }
    if (action.score !== 'none') {
      if (!actions.score) throw new Error('scoring is not available in this version');
      details.score = await actions.score(action.score, ctx);
      if (action.listDir) {
        if (!actions.writeList)
          throw new Error('writing the maintenance list is not available here');
        details.list = await actions.writeList(
          details.score.runId,
          action.listDir,
          action.listFormats,
          ctx,
        );
      }
    }
    return details;
  }
}
