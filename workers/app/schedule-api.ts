/**
 * The schedule part of the app's engine API (recurring scoring runs), reached as
 * `engine.sched` through comlink: edits save at once; times come from the caller's
 * clock (the renderer's Date.now or the desktop tick), so the engine never reads a
 * clock of its own for slots.
 */
import { proxyMarker } from 'comlink';
import * as sa from './schedule-app';
import type { ScheduleFolderAccess } from './schedule-folders';
import type {
  DueReport,
  OutcomePoint,
  ScheduleInput,
  SchedulePreview,
  ScheduleSaveResult,
  ScheduleView,
  SlotView,
} from './schedule-types';

const NOTHING: DueReport = { busy: false, finished: [], recorded: 0, alerts: [] };

export class ScheduleApi {
  /** Tells comlink (and its types) that the renderer calls this object's methods remotely. */
  readonly [proxyMarker] = true as const;

  constructor(private readonly host: sa.SchedulerHost) {}

  list(nowMs: number): ScheduleView[] {
    return sa.listScheduleViews(this.host.store(), nowMs);
  }

  /** Next five runs of a schedule being typed, or the problem with its timing. */
  preview(input: ScheduleInput, nowMs: number): SchedulePreview {
    return sa.previewSchedule(input, nowMs);
  }

  /** Adds (id null) or replaces a schedule; a problem names the form field. */
  async save(id: number | null, input: ScheduleInput, nowMs: number): Promise<ScheduleSaveResult> {
    const r = sa.saveSchedule(this.host.store(), id, input, nowMs);
    if (r.ok) await this.host.persist();
    return r;
  }

  async remove(id: number): Promise<void> {
    sa.deleteSchedule(this.host.store(), id);
    await this.host.persist();
  }

  async setEnabled(id: number, enabled: boolean, nowMs: number): Promise<void> {
    sa.enableSchedule(this.host.store(), id, enabled, nowMs);
    await this.host.persist();
  }

  /** Every slot with its outcome, newest first (of one schedule when given). */
  history(scheduleId?: number, limit?: number): SlotView[] {
    return sa.slotViews(this.host.store(), { scheduleId, limit });
  }

  /** How each finished run's predictions turned out, oldest first. */
  outcomes(threshold = 0.5): OutcomePoint[] {
    return sa.outcomePoints(this.host.store(), threshold);
  }

  /**
   * The app's clock check: runs due and missed slots (busy while another task runs;
   * nothing without an open plant). `onPersist` is called at each save point (the
   * desktop saves the file then). `folders` (desktop, a comlink proxy) lets runs import
   * watched folders and write list files.
   */
  async runDue(
    nowMs: number,
    highThreshold?: number,
    onPersist?: () => Promise<void>,
    folders?: ScheduleFolderAccess,
  ): Promise<DueReport> {
    if (!this.host.hasStore()) return NOTHING;
    return sa.checkSchedules(this.host, nowMs, { highThreshold, onPersist, folders });
  }

  /** "Run now": one run of the schedule at this instant, outside its cron slots. */
  runNow(
    id: number,
    nowMs: number,
    highThreshold?: number,
    onPersist?: () => Promise<void>,
    folders?: ScheduleFolderAccess,
  ): Promise<DueReport> {
    return sa.checkSchedules(this.host, nowMs, { highThreshold, onPersist, folders, runNow: id });
  }
}
