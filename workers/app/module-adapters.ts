/**
 * The one place the engine (the worker's EngineApi) binds to the modules written in
 * their own folders (ingest, simulate, features, forest, model, score, schedule). Each
 * adapter turns a module's own signature into what the screens need; every adapter is
 * wired, so the API and the screens assume all of them are present.
 */
import type { Store } from '../store/store';
import { simulatePlantInMemory, PLANT_FILE_NAMES, type PlantFileKind } from '../simulate';
import { buildFeatures, cadenceWithHorizon } from '../features/build-features';
import { featureSummary } from '../features/summary';
import { importCsv, ImportError, type ImportKind, type ColumnRole } from '../ingest';
import { getProfile, mappingOptions } from '../ingest/profiles';
import { trainUnderPolicy, type ActivationDecision } from '../model/compare-models';
import { scoreRun } from '../score/score-run';
import { webForestPool } from '../forest/web-pool';
import type { ProgressFn } from '../shared/types';
import type { ScheduledScore } from './schedule-app';
import type {
  FeatureOverview,
  FileImportReport,
  ImportMapping,
  ImportOptions,
  ImportPreview,
  ScoreRequest,
  TrainRequest,
} from './api-types';

export interface ImportInput {
  name: string;
  size: number;
  chunks: () => AsyncIterable<Uint8Array>;
}

export interface ModuleAdapters {
  importFile: (
    store: Store,
    input: ImportInput,
    opts: ImportOptions,
    progress: ProgressFn,
    signal: AbortSignal,
  ) => Promise<FileImportReport>;
  /** A dry run of one file's import (nothing stored), at most `limitRows` rows (0: all). */
  previewFile: (
    store: Store,
    input: ImportInput,
    mapping: ImportMapping | null,
    limitRows: number,
    signal: AbortSignal,
  ) => Promise<ImportPreview>;
  /** The demo plant's CSV files, small enough to be usable within seconds. */
  simulateDemo: (
    opts: { machines: number; days: number; seed: number },
    progress: ProgressFn,
    signal: AbortSignal,
  ) => Promise<{ name: string; bytes: Uint8Array }[]>;
  featureOverview: (
    store: Store,
    opts: { horizonDays: number; maxRows: number },
    signal: AbortSignal,
  ) => Promise<FeatureOverview>;
  /** Trains, then activates the new model under `req.activate` (default 'if-better'). */
  train: (
    store: Store,
    req: TrainRequest,
    progress: ProgressFn,
    signal: AbortSignal,
  ) => Promise<{ modelId: number; activation: ActivationDecision }>;
  score: (
    store: Store,
    req: ScoreRequest,
    progress: ProgressFn,
    signal: AbortSignal,
  ) => Promise<number>;
  /** Scoring for a schedule's run (active model; its rows, run and highest risk). */
  scheduledScore?: ScheduledScore;
}

function rolesFor(roles?: Record<string, string>): Record<string, ColumnRole> | undefined {
  if (!roles) return undefined;
  const out: Record<string, ColumnRole> = {};
  for (const [col, role] of Object.entries(roles)) if (role) out[col] = role as ColumnRole;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The entries of `o` that are set (so they do not blank a mapping's settings). */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const DEMO_ORDER: PlantFileKind[] = ['machines', 'telemetry', 'errors', 'maint', 'failures'];

/** The adapters of this build. */
export const MODULE_ADAPTERS: ModuleAdapters = {
  async importFile(store, input, opts, progress, signal) {
    try {
      const r = await importCsv(
        store,
        { name: input.name, chunks: input.chunks, size: input.size },
        {
          ...mappingOptions(
            opts.mappings?.[input.name] ??
              opts.mapping ??
              (opts.profile ? getProfile(store, opts.profile) : null),
          ),
          ...defined({
            kind: (opts.kinds?.[input.name] || undefined) as ImportKind | undefined,
            map: rolesFor(opts.roles?.[input.name]),
            dateFormat: opts.dateFormat,
            decimalMark: opts.decimalMark,
            encoding: opts.encoding,
            machine: opts.machine,
            machineFromName: opts.machineFromName,
            failureComponent: opts.failureComponent,
            failureAtEnd: opts.failureAtEnd,
          }),
          onProgress: progress,
          signal,
        },
      );
      return {
        file: r.file,
        kind: r.kind,
        rowsRead: r.rowsRead,
        rowsAdded: r.added + r.updated,
        rowsDuplicate: r.duplicates,
        rowsRejected: r.rejected,
        rejected: r.rejectedRows,
        skipped: r.seenBefore && r.added === 0,
        notImported: r.notImported,
        duplicateRows: r.duplicateRows,
        repeatedHour: r.repeatedHour,
        missingValues: r.missingValues,
        timestampForm: r.timestampForm,
        timeZone: r.timeZone,
        decimalMarks: r.decimalMarks,
        cadence: r.cadence,
        mapping: r.mapping,
        sample: r.sample,
        events: r.events,
      };
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      return {
        file: e.file,
        kind: opts.kinds?.[input.name] ?? '',
        rowsRead: e.rowsRead,
        rowsAdded: 0,
        rowsDuplicate: 0,
        rowsRejected: e.rejected,
        rejected: e.rejectedRows,
        error: e.message,
        errorReason: e.reason,
        ...(e.code ? { errorCode: e.code } : {}),
        ...(e.mapping ? { mapping: e.mapping } : {}),
      };
    }
  },
  async previewFile(store, input, mapping, limitRows, signal) {
    try {
      return await importCsv(
        store,
        { name: input.name, chunks: input.chunks, size: input.size },
        {
          ...mappingOptions(mapping),
          dryRun: true,
          ...(limitRows > 0 ? { limitRows } : {}),
          signal,
        },
      );
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      return {
        file: e.file,
        error: e.message,
        reason: e.reason,
        ...(e.code ? { code: e.code } : {}),
        rejectedRows: e.rejectedRows,
        mapping: e.mapping ?? null,
      };
    }
  },
  async simulateDemo(opts, progress, signal) {
    const files = await simulatePlantInMemory({ ...opts, signal, onProgress: progress });
    const enc = new TextEncoder();
    return DEMO_ORDER.map((k) => ({ name: PLANT_FILE_NAMES[k], bytes: enc.encode(files[k]) }));
  },
  async train(store, req, progress, signal) {
    const r = await trainUnderPolicy(
      store,
      {
        from: req.from,
        trainTo: req.trainTo,
        horizonDays: req.horizonDays,
        params: {
          ...(req.trees !== undefined ? { nTrees: req.trees } : {}),
          ...(req.maxDepth !== undefined ? { maxDepth: req.maxDepth } : {}),
          ...(req.bins !== undefined ? { maxBins: req.bins } : {}),
          ...(req.seed !== undefined ? { seed: req.seed } : {}),
        },
        onProgress: progress,
        signal,
        // Trees grow in their own Web Workers where the host has them (the app);
        // elsewhere (Node tests) on the calling thread.
        pool: typeof Worker !== 'undefined' ? webForestPool() : undefined,
      },
      req.activate ?? 'if-better',
    );
    return { modelId: r.modelId, activation: r.activation };
  },
  async score(store, req, progress, signal) {
    const r = await scoreRun(store, {
      modelId: req.modelId,
      mode: req.mode,
      from: req.from,
      to: req.to,
      onProgress: progress,
      signal,
    });
    return r.runId;
  },
  async scheduledScore(store, mode, scheduleId, signal) {
    const r = await scoreRun(store, { mode, scheduleId, signal });
    return { runId: r.runId, rows: r.rows, reused: r.reused, maxRisk: r.maxRisk };
  },
  async featureOverview(store, opts, signal) {
    const fs = buildFeatures(store, {
      cadence: cadenceWithHorizon(store, opts.horizonDays),
      signal,
    });
    return featureSummary(fs);
  },
};
