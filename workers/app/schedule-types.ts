/**
 * Types of the schedule part of the app's engine API: what the Schedules and
 * Runs screens show and send. Plain data, so it crosses the worker boundary as is.
 */
import type { ScheduleDescription } from '../schedule/cron';
import type { Schedule, ScheduleInput, SlotRow } from '../schedule/types';

export type { Schedule, ScheduleInput, SlotRow, ScheduleDescription };

/** A schedule as the list shows it: its settings, when it runs next, how it last ended. */
export interface ScheduleView extends Schedule {
  description: ScheduleDescription;
  /** Next five run instants, ISO UTC (empty for a disabled schedule). */
  nextRuns: string[];
  /** The most recent slot row, or null before the first slot. */
  lastSlotRow: SlotRow | null;
}

/** The form field a validation message belongs to, so the UI shows it next to that field. */
export type ScheduleField =
  | 'name'
  | 'timing'
  | 'at'
  | 'minute'
  | 'day'
  | 'cron'
  | 'timeZone'
  | 'action'
  | 'profile'
  | 'missedPolicy'
  | 'timeoutSeconds'
  | 'retries';

export interface ScheduleProblem {
  ok: false;
  field: ScheduleField;
  /** Stable code of the refusal ('range', 'not-valid', 'taken', ...), 'other' for none. */
  code: string;
  /** The values the message names (the bad value, the allowed range). */
  params: Record<string, string | number>;
  /** The engine's own message (English, names the bad value and the allowed range). */
  message: string;
}

/** The preview shown while a schedule is typed: its cron, description and next five runs. */
export type SchedulePreview =
  | {
      ok: true;
      cron: string;
      description: ScheduleDescription;
      /** ISO UTC instants. */
      nextRuns: string[];
    }
  | ScheduleProblem;

export type ScheduleSaveResult = { ok: true; schedule: ScheduleView } | ScheduleProblem;

/** One slot row of the history, with its schedule's name and what the run found. */
export interface SlotView extends SlotRow {
  scheduleName: string;
  /** Highest component risk of the run (null without a run). */
  maxRisk: number | null;
}

/** A run that found risks at or above the high threshold: the app shows a notification. */
export interface RiskAlert {
  scheduleName: string;
  runId: number;
  /** Machine x component rows at or above the threshold. */
  highRisks: number;
  maxRisk: number;
  threshold: number;
}

/** What one check of the clock did. */
export interface DueReport {
  /** Another long task (import, training) was running: nothing was checked this time. */
  busy: boolean;
  /** Runs finished by this check (on time, caught up, redone, or run by hand), final rows. */
  finished: SlotView[];
  /** Rows recorded without a run (missed, skipped). */
  recorded: number;
  alerts: RiskAlert[];
}

/** Outcome tracking of one finished scoring run, for the table and the chart over time. */
export interface OutcomePoint {
  runId: number;
  scheduleId: number | null;
  /** ISO instant the run finished (or started). */
  when: string;
  /** 'pending' until the run's horizon has passed in the imported data. */
  status: 'evaluated' | 'pending' | 'empty';
  threshold: number;
  alarms: number;
  flaggedFailures: number;
  missedFailures: number;
  falseAlarms: number;
  failures: number;
  precision: number | null;
  recall: number | null;
  /** Last observation time the run scored (plant seconds): where the chart puts the run. */
  observedTo: number | null;
  /** Plant time the data must reach before the run can be evaluated. */
  evaluableFrom: number | null;
}
