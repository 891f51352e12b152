/**
 * The headless runner behind `pdm run-due` (cron, Windows Task Scheduler): takes the
 * plant-file lock (the desktop app and the runner never write the same file at once),
 * opens the file, redoes interrupted slots, records and runs every due and missed slot
 * once, saving the file after each slot is marked running and after each outcome, and
 * exits. Also the Node wiring of the run actions: the CSV importer for the watched
 * folder, scoreRun, and the maintenance-list writer.
 */
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { importPaths } from '../ingest/import-node';
import { watchedFolderOptions } from '../ingest/profiles';
import { maintenanceListForRun } from '../report/list-for-run';
import { scoreRun } from '../score/score-run';
import { acquireLock } from '../store/lock-node';
import { PlantFile, saveFileAtomic } from '../store/plant-file-node';
import type { Store } from '../store/store';
import { systemClock } from './clock';
import { ScheduleRunner } from './runner';
import { importWatchedFolder } from './schedule-watch-node';
import { listSchedules, listSlots, maxSlotId } from './schedule-store';
import type { Clock, RunActions, Schedule, SlotRow } from './types';

export interface NodeActionOptions {
  clock?: Clock;
  /** Risk threshold of the written list. Default: the plant's high threshold. */
  listMinRisk?: number;
  /** Plant name on the list. Default: the plant file name. */
  plantName?: string;
  /** Stability wait of the watched folder. Default 3000 ms. */
  stableMs?: number;
}

/** A file-name-safe stamp of a slot, e.g. 2025-06-04T0400Z. */
const stamp = (slot: number) =>
  new Date(slot * 1000).toISOString().slice(0, 16).replace(':', '') + 'Z';
const safe = (name: string) => name.replace(/[^\p{L}\p{N}._-]+/gu, '-');

/** The real actions of a run in Node. */
export function nodeActions(store: Store, opts: NodeActionOptions = {}): RunActions {
  const clock = opts.clock ?? systemClock;
  return {
    importWatched: (dir, ctx) => {
      const readWith = watchedFolderOptions(store, ctx.schedule.action.profile);
      return importWatchedFolder(store, dir, {
        importFile: async (path, signal) => {
          const r = await importPaths(store, [path], { ...readWith, signal });
          if (r.failed.length) throw r.failed[0].error;
        },
        sleep: (ms, signal) => clock.sleep(ms, signal),
        now: () => clock.now(),
        stableMs: opts.stableMs,
        signal: ctx.signal,
      });
    },
    score: async (mode, ctx) => {
      const r = await scoreRun(store, { mode, scheduleId: ctx.schedule.id, signal: ctx.signal });
      return { runId: r.runId, rows: r.rows, reused: r.reused, maxRisk: r.maxRisk };
    },
    writeList: async (runId, dir, formats, ctx) => {
      const list = maintenanceListForRun(store, {
        runId,
        ...(opts.listMinRisk === undefined ? {} : { minRisk: opts.listMinRisk }),
        plant: opts.plantName ?? 'plant',
        generated: new Date(clock.now()),
      });
      if (!list) throw new Error(`scoring run #${runId} is missing`);
      // the list folder is created on first use (a new shared folder, a new day's folder)
      await mkdir(dir, { recursive: true });
      const files: string[] = [];
      const base = join(dir, `maintenance-list-${safe(ctx.schedule.name)}-${stamp(ctx.slot)}`);
      for (const f of formats) {
        if (f === 'pdf') continue; // PDF needs the desktop app's printer
        const text = f === 'csv' ? list.csv() : list.html();
        await saveFileAtomic(`${base}.${f}`, new TextEncoder().encode(text), 0);
        files.push(`${base}.${f}`);
      }
      return { files };
    },
  };
}

export interface RunDueOptions {
  /** Treat this instant (epoch ms) as now; time then runs on from it. Default: the real now. */
  now?: number;
  /** Who holds the lock, as others see it. Default 'pdm run-due'. */
  owner?: string;
  graceSeconds?: number;
  signal?: AbortSignal;
  /** Replaces the real actions (tests). */
  actions?: (store: Store, clock: Clock) => RunActions;
  onSlot?: (schedule: Schedule, slot: SlotRow) => void;
}

/** A clock that starts at `start` (epoch ms) and runs at real speed. */
export function shiftedClock(start: number, base: Clock = systemClock): Clock {
  const offset = start - base.now();
  return { now: () => base.now() + offset, sleep: (ms, s) => base.sleep(ms, s) };
}

/**
 * Runs due and missed slots of `dbPath` once. Resolves with the rows of the runs it
 * finished (redone, caught up, on time) and the rows it recorded without a run. Throws
 * LockedError when the desktop app or another runner holds the file.
 */
export async function runDueOnce(
  dbPath: string,
  opts: RunDueOptions = {},
): Promise<{ finished: SlotRow[]; recorded: SlotRow[]; names: Record<number, string> }> {
  const lock = await acquireLock(dbPath, opts.owner ?? 'pdm run-due');
  try {
    const plant = await PlantFile.open(dbPath);
    try {
      const clock = opts.now === undefined ? systemClock : shiftedClock(opts.now);
      const actions = opts.actions
        ? opts.actions(plant.store, clock)
        : nodeActions(plant.store, {
            clock,
            plantName: basename(dbPath).replace(/\.[^.]+$/, ''),
          });
      const runner = new ScheduleRunner(plant.store, {
        actions,
        clock,
        persist: () => plant.save(),
        owner: `${opts.owner ?? 'pdm run-due'} pid ${process.pid}`,
        graceSeconds: opts.graceSeconds,
        signal: opts.signal,
        onSlot: opts.onSlot,
      });
      const before = maxSlotId(plant.store);
      const finished = await runner.runDue();
      const ids = new Set(finished.map((r) => r.id));
      const recorded = listSlots(plant.store).filter((r) => r.id > before && !ids.has(r.id));
      const names: Record<number, string> = {};
      for (const sc of listSchedules(plant.store)) names[sc.id] = sc.name;
      return { finished, recorded, names };
    } finally {
      plant.close();
    }
  } finally {
    await lock.release();
  }
}
