/**
 * Types of recurring scoring runs: schedules, their slots and outcomes, and
 * the actions a run performs. Plain data only, so the desktop main process, the
 * headless runner and the UI share them. Times of slots are real UTC instants (epoch
 * seconds), unlike plant data times, which are zone-less wall times.
 */
import type { Said } from '../shared/said';

/** What a preset means; every preset is stored as its cron expression too. */
export type Preset =
  | { kind: 'hourly'; minute: number }
  | { kind: 'daily'; at: string }
  | { kind: 'weekdays'; at: string }
  | { kind: 'weekly'; day: Weekday; at: string };

export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';
export const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export type ListFormat = 'html' | 'csv' | 'pdf';
/** `latest`: each machine's most recent observation; `since-last`: everything since the schedule's last run. */
export type ScoreMode = 'latest' | 'since-last' | 'none';
export type MissedPolicy = 'run-once' | 'skip';

/** What one run of a schedule does, in this order: import, score, write the list. */
export interface ScheduleAction {
  /** Folder whose new CSV exports are imported first (each file once, by content hash). */
  watchDir?: string;
  /**
   * Name of an import profile (saved in the plant file) the watched folder's files are
   * read with; none: detection per file. A profile missing when the run comes fails
   * the run's slot, naming it.
   */
  profile?: string;
  /** Scoring with the active model; 'none' only imports. Default 'latest'. */
  score: ScoreMode;
  /** Folder the maintenance list is written to after scoring. */
  listDir?: string;
  /** Formats of the list; default ['html']. PDF only in the desktop app. */
  listFormats: ListFormat[];
}

export interface Schedule {
  id: number;
  name: string;
  /** 5- or 6-part cron expression, read in `timeZone`. */
  cron: string;
  /** The preset the expression came from, or null for a hand-written expression. */
  preset: Preset | null;
  /** IANA time zone, e.g. Europe/Berlin. */
  timeZone: string;
  enabled: boolean;
  action: ScheduleAction;
  missedPolicy: MissedPolicy;
  /** Per attempt. Default 3600. */
  timeoutSeconds: number;
  /** Extra attempts after a failed one. Default 1 (as the reference job). */
  retries: number;
  /** ISO instant the schedule was created. */
  created: string;
  /**
   * Epoch seconds (UTC) of the last slot that got an outcome row; slots after it are
   * due. Null: none yet, slots count from `created`.
   */
  lastSlot: number | null;
}

/** Fields a caller supplies to create a schedule; the rest have documented defaults. */
export interface ScheduleInput {
  name: string;
  cron?: string;
  preset?: Preset;
  timeZone: string;
  enabled?: boolean;
  action?: Partial<ScheduleAction>;
  missedPolicy?: MissedPolicy;
  timeoutSeconds?: number;
  retries?: number;
}

export type SlotOutcome = 'ran' | 'skipped' | 'missed' | 'failed' | 'running';

/** One slot of a schedule and how it ended; exactly one row per slot. */
export interface SlotRow {
  id: number;
  scheduleId: number;
  /** Slot instant, ISO UTC. */
  slot: string;
  /** Slot instant, epoch seconds (UTC). */
  slotEpoch: number;
  outcome: SlotOutcome;
  /** Why, in English (the CLI and logs). */
  reason: string | null;
  /** The same reason as codes for the UI (slot-reasons.ts); null for older rows. */
  reasonCodes: Said[] | null;
  /** 1 when this run was made late to catch up missed slots. */
  catchUp: boolean;
  started: string | null;
  finished: string | null;
  durationMs: number | null;
  rowsScored: number | null;
  runId: number | null;
  attempts: number;
  /** JSON summary of what the run did (import, score, list). */
  details: RunDetails | null;
}

export interface WatchSummary {
  imported: number;
  duplicates: number;
  failed: { path: string; message: string }[];
  /** Files still being written; looked at again by the next run. */
  notStable: string[];
}

export interface ScoreOutcome {
  runId: number;
  rows: number;
  reused: boolean;
  maxRisk: number;
}

export interface RunDetails {
  import?: WatchSummary;
  score?: ScoreOutcome;
  list?: { files: string[] };
  errors?: string[];
}

export interface ActionContext {
  schedule: Schedule;
  /** The slot this run is for, epoch seconds (UTC). */
  slot: number;
  /** Aborted on timeout or cancel: stop and store nothing partial. */
  signal: AbortSignal;
}

/**
 * What a run does, injected so the module stays platform-neutral and testable: the
 * headless runner wires the Node importer, scoreRun and the list writer; the desktop
 * wires its workers; tests use fakes. `score` must be idempotent for the same data
 * state (scoreRun's request key), so a run redone after a crash adds no results.
 */
export interface RunActions {
  importWatched?(dir: string, ctx: ActionContext): Promise<WatchSummary>;
  score?(mode: 'latest' | 'since-last', ctx: ActionContext): Promise<ScoreOutcome>;
  writeList?(
    runId: number,
    dir: string,
    formats: ListFormat[],
    ctx: ActionContext,
  ): Promise<{ files: string[] }>;
}

/** Time as the schedule module sees it, injectable so tests run on a fake clock. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
