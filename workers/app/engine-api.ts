/**
 * The app's engine API: one object, living in a worker, that holds the open plant
 * Store and composes the modules (import, simulate, features, train, score) for the
 * screens. Platform-neutral: the browser build persists through OPFS, the desktop shell
 * asks for the bytes (exportBytes) and saves them atomically itself. Long work reports
 * progress through a callback and stops on cancel(); at most one long job runs at once.
 */
import { Store } from '../store/store';
import {
  plantSettings,
  setPlantThresholds,
  setPlantInspectionBudget,
  setPlantCadence,
  setPlantStaleAfterSteps,
  setPlantTimeZone,
  type PlantSettings,
} from '../store/plant-settings';
import type { Cadence } from '../shared/cadence';
import { machinesWithoutListRow } from '../features/read-machine';
import { defaultTrainCutoff } from '../features/split';
import { CancelledError, type Progress, type ProgressFn } from '../shared/types';
import type {
  ExploreOverview,
  FeatureOverview,
  FilePreview,
  ImportMapping,
  ImportOptions,
  ImportPreview,
  ImportProfile,
  ImportResult,
  ImportSource,
  MachineDetail,
  MachineRow,
  ModelExportResult,
  ModelImportResult,
  ModelInfo,
  PlantSummary,
  RiskRanking,
  RunInfo,
  ScoreRequest,
  TelemetrySeries,
  TrainOutcome,
  TrainRequest,
} from './api-types';
import { exportModelFile, importModelFile, MAX_MODEL_FILE_BYTES } from './model-files';
import { MODULE_ADAPTERS, type ModuleAdapters, type ImportInput } from './module-adapters';
import {
  exploreOverview,
  machineList,
  machineRange,
  plantSummary,
  telemetrySeries,
} from './explore-queries';
import * as mq from './model-queries';
import {
  activateModel as activateStoredModel,
  removeModel as removeStoredModel,
} from '../model/model-store';
import { latestRunId } from '../score/run-store';
import { previewCsv } from './preview';
import { exportBundle } from '../export/export-bundle';
import { bundleModelOf } from '../export/bundle-model';
import { ZipSink } from '../export/zip-sink';
import {
  listProfiles as listStoredProfiles,
  removeProfile as removeStoredProfile,
  saveProfile as saveStoredProfile,
} from '../ingest/profiles';
import type { Persister } from './opfs-persister';
import {
  announceSaved,
  opfsLibrary,
  PLANT_CHANNEL,
  PlantGoneError,
  ReadOnlyPlantError,
  type PlantLibrary,
  type StoredPlant,
} from './plant-library';
import { FieldError } from '../shared/field-error';
import type { SchedulerHost } from './schedule-app';
import { ScheduleApi } from './schedule-api';
import { telemetrySpan } from '../store/telemetry-store';
import {
  plantOrderRules,
  resetPlantOrderRules,
  setPlantOrderRules,
  type OrderRules,
} from '../orders/rules';
import {
  listProposals,
  proposalFigures,
  setProposalState,
  type Proposal,
  type ProposalState,
  type StateChange,
} from '../orders/proposals';
import { proposalsCsv, type OrderWords } from '../orders/order-export';
import type { BundleZip, ProposalList } from './api-types';
import { withSaid } from '../shared/said';
import { healthDefaultView, healthRanking } from '../health/health-ranking';
import { setPlantSignalMap } from '../health/signal-map';
import type { HealthDefault, HealthRanking } from '../health/types';

export interface DemoOptions {
  machines?: number;
  days?: number;
  seed?: number;
  /** Train a small model and score the latest observations, so the ranking appears. */
  trainAndScore?: boolean;
}

function sourceToInput(src: ImportSource): ImportInput {
  if (!(src instanceof Blob)) {
    const bytes = src.bytes;
    return {
      name: src.name,
      size: bytes.length,
      chunks: async function* () {
        const step = 1 << 20;
        for (let i = 0; i < bytes.length; i += step) yield bytes.subarray(i, i + step);
      },
    };
  }
  const file = src as File;
  return {
    name: file.name,
    size: file.size,
    chunks: async function* () {
      const reader = file.stream().getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          yield value;
        }
      } finally {
        reader.releaseLock();
      }
    },
  };
}

export class EngineApi {
  private store: Store | null = null;
  private name = 'plant';
  private job: AbortController | null = null;
  private persister: Persister | null = null;
  /** The browser build's stored plants (null on the desktop and in Node tests). */
  private library: PlantLibrary | null = null;
  /** The library id of the open plant. */
  private plantId: string | null = null;
  /** Another tab holds the open plant: this one shows it and never saves it. */
  private readOnly = false;
  private channel: BroadcastChannel | null = null;
  private onReloaded: (() => void) | null = null;
  private saving: Promise<void> = Promise.resolve();
  /** Schedules (recurring scoring runs), called as `engine.sched.list(...)` through comlink. */
  readonly sched: ScheduleApi;

  constructor(private readonly modules: ModuleAdapters = MODULE_ADAPTERS) {
    this.sched = new ScheduleApi(this.schedulerHost());
  }

  /**
   * Sets where changes are saved and reopens what was saved there: 'opfs' in the
   * browser build (the plant library; `open.plantId` is the tab's plant, null for
   * none, undefined for the most recently opened one); 'none' in the desktop app,
   * whose shell saves the file itself.
   */
  async init(
    persist: 'opfs' | 'none',
    open: { plantId?: string | null; readOnly?: boolean } = {},
  ): Promise<PlantSummary | null> {
    if (persist !== 'opfs') return this.initWith(null);
    if (this.store) return this.summary();
    this.library = await opfsLibrary();
    if (!this.library || open.plantId === null) return null;
    const plants = await this.library.list();
    const id = plants.find((p) => p.id === open.plantId)?.id ?? plants[0]?.id;
    if (!id) return null;
    try {
      return await this.openStoredPlant(id, open.readOnly ?? false);
    } catch {
      return null; // a damaged saved copy: start on the Start screen rather than fail the app
    }
  }

  /** init() with an explicit persister (tests pass an in-memory one). */
  async initWith(persister: Persister | null): Promise<PlantSummary | null> {
    this.persister = persister;
    if (this.store || !persister) return this.summary();
    const saved = await persister.load();
    if (!saved) return null;
    try {
      this.store = await Store.open(saved.bytes, saved.name);
      this.name = saved.name;
    } catch {
      return null; // a damaged saved copy: start over rather than fail the app
    }
    return this.summary();
  }

  private need(): Store {
    if (!this.store) throw withSaid(new Error('No plant is open.'), 'no-plant');
    return this.store;
  }

  private beginJob(): AbortController {
    if (this.job)
      throw withSaid(new Error('Another task is still running; wait for it or cancel it.'), 'busy');
    this.job = new AbortController();
    return this.job;
  }

  /**
   * Runs fn as the one long task (refused while another runs; `cancel()` aborts its
   * signal) and frees the slot however fn ends.
   */
  private async withJob<T>(
    fn: (signal: AbortSignal) => Promise<T>,
    createsPlant = false,
  ): Promise<T> {
    // A long task on a read-only plant would only be refused at its save: say so first.
    if (this.readOnly && !createsPlant) throw new ReadOnlyPlantError();
    const job = this.beginJob();
    try {
      return await fn(job.signal);
    } finally {
      this.job = null;
    }
  }

  /** Stops the running long task (import, demo, training, scoring); nothing partial is kept. */
  cancel(): void {
    this.job?.abort(new CancelledError());
  }

  private async persist(): Promise<void> {
    if (!this.persister || !this.store) return;
    if (this.readOnly) {
      // The change stays out of this tab too: show the saved plant again, then refuse.
      await this.reloadPlant().catch(() => undefined);
      throw new ReadOnlyPlantError();
    }
    const bytes = this.store.export();
    const p = this.persister;
    const name = this.name;
    const id = this.plantId;
    const run = this.saving.then(() => p.save(bytes, name));
    this.saving = run.catch(() => undefined);
    // A failed save (the browser's storage full) is said, not swallowed.
    await run;
    if (this.library && id) announceSaved(id);
  }

  /**
   * Makes the plant just built in memory (new, opened from a file, the demo) a plant
   * of its own in the library, so it never replaces another; elsewhere saves as before.
   */
  private async adopt(): Promise<void> {
    if (!this.library || !this.store) return this.persist();
    // Until the new plant has a file of its own nothing may save over the plant before.
    this.plantId = null;
    this.persister = null;
    this.readOnly = false;
    const entry = await this.library.add(this.name, this.store.export());
    this.plantId = entry.id;
    this.persister = this.library.persisterFor(entry.id);
    this.readOnly = false;
  }

  summary(): PlantSummary | null {
    return this.store ? plantSummary(this.store, this.name) : null;
  }

  /** The plant's settings (time zone, steps after which a machine's data is stale). */
  settings(): PlantSettings {
    return plantSettings(this.need());
  }

  /** Sets the plant's time zone (an IANA name; RangeError otherwise) and saves. */
  async setTimeZone(zone: string): Promise<PlantSettings> {
    setPlantTimeZone(this.need(), zone);
    await this.persist();
    return plantSettings(this.need());
  }

  /**
   * Sets after how many observation steps without data a machine is left out of the
   * ranking (a whole number 1..1000; RangeError otherwise) and saves.
   */
  async setStaleAfterSteps(steps: number): Promise<PlantSettings> {
    setPlantStaleAfterSteps(this.need(), steps);
    await this.persist();
    return plantSettings(this.need());
  }

  /**
   * Changes some or all of the cadence settings (step, windows, event window, horizon;
   * whole seconds) and saves. RangeError, nothing stored, when the result is not a valid
   * cadence. Models trained under other settings no longer score until retrained.
   */
  async setCadence(change: Partial<Cadence>): Promise<PlantSettings> {
    setPlantCadence(this.need(), change);
    await this.persist();
    return plantSettings(this.need());
  }

  /**
   * Sets the plant's risk thresholds (high and medium, probabilities), which the
   * ranking, printed lists and schedules of this plant use. FieldError when not valid.
   */
  async setThresholds(levels: { high: number; medium: number }): Promise<PlantSettings> {
    setPlantThresholds(this.need(), levels);
    await this.persist();
    return plantSettings(this.need());
  }

  /**
   * Sets how many machines the plant inspects per day (the evaluation's precision and
   * recall at the budget) and saves. FieldError on 'budget' unless a whole number 1..10000.
   */
  async setInspectionBudget(machines: number): Promise<PlantSettings> {
    setPlantInspectionBudget(this.need(), machines);
    await this.persist();
    return plantSettings(this.need());
  }

  /**
   * Text ids of machines with telemetry but no machine-list row (their features get
   * age -1 and no model); the import screen names them.
   */
  machinesWithoutListRow(): string[] {
    return machinesWithoutListRow(this.need());
  }

  // --- Health ranking UI: links from rows that name machines by their text id ---
  /**
   * Each machine's integer key by its text id (every machine the plant has seen, listed
   * or not), for links from lists that name machines as the plant writes them (the
   * health ranking).
   */
  machineKeys(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, name] of this.need().machineNames()) out[name] = k;
    return out;
  }

  async newPlant(name: string): Promise<PlantSummary> {
    this.store?.close();
    this.store = await Store.open(null, name);
    this.name = name || 'plant';
    await this.adopt();
    return this.summary()!;
  }

  /** Opens a plant file's bytes (File > Open, or the desktop shell's file). */
  async openBytes(bytes: Uint8Array, name: string): Promise<PlantSummary> {
    const store = await Store.open(bytes, name);
    this.store?.close();
    this.store = store;
    this.name = name.replace(/\.(sqlite|db|pdm)$/i, '');
    await this.adopt();
    return this.summary()!;
  }

  /** The plant file's bytes, for Save as / download or the desktop shell's atomic save. */
  exportBytes(): Uint8Array {
    return this.need().export();
  }

  /**
   * Closes the plant (back to the Start screen). The browser build keeps it in the
   * library; elsewhere the saved copy is forgotten.
   */
  async closePlant(): Promise<void> {
    this.store?.close();
    this.store = null;
    if (this.library) {
      // The plant stays in the library; this tab just has none open.
      this.plantId = null;
      this.persister = null;
      this.readOnly = false;
    } else {
      await this.persister?.clear();
    }
  }

  async preview(src: ImportSource): Promise<FilePreview> {
    const input = sourceToInput(src);
    let head = new Uint8Array(0);
    for await (const chunk of input.chunks()) {
      const next = new Uint8Array(head.length + chunk.length);
      next.set(head);
      next.set(chunk, head.length);
      head = next;
      if (head.length >= 65536) break;
    }
    // Without an open plant the dry run reads into a scratch one (time zone UTC).
    const scratch = this.store ? null : await Store.open(null, 'preview');
    try {
      return await previewCsv(
        this.store ?? scratch!,
        input.name,
        input.size,
        head.subarray(0, 65536),
        8,
      );
    } finally {
      scratch?.close();
    }
  }

  /**
   * A dry run of the import of each file, through the importer itself (same detection,
   * same checks), reading at most `limitRows` data rows per file (0: all): how each
   * file would be read (report.mapping: kind, columns and roles, timestamp form,
   * assumptions), its first rows as they would be stored (report.sample) and the
   * counts. Nothing is stored. `mapping` (the mapping editor's, or a profile's) is
   * used instead of detection where it says something. A file the importer refuses
   * comes back as an ImportPreviewRefusal (`'error' in r`).
   */
  async previewImport(
    sources: ImportSource[],
    mapping: ImportMapping | null,
    limitRows: number,
  ): Promise<ImportPreview[]> {
    const store = this.need();
    const preview = this.modules.previewFile;
    return this.withJob(async (signal) => {
      const out: ImportPreview[] = [];
      for (const src of sources) {
        if (signal.aborted) break;
        out.push(await preview(store, sourceToInput(src), mapping, limitRows, signal));
      }
      return out;
    });
  }

  /** The import profiles saved in the plant file, by name. */
  listProfiles(): ImportProfile[] {
    return listStoredProfiles(this.need());
  }

  /**
   * Saves (or replaces) a named import profile in the plant file and saves the plant.
   * RangeError (nothing saved) for a bad name, an unknown setting or a bad value.
   */
  async saveProfile(name: string, mapping: ImportMapping): Promise<void> {
    saveStoredProfile(this.need(), name, mapping);
    await this.persist();
  }

  /** Removes a named import profile; RangeError when there is none of that name. */
  async removeProfile(name: string): Promise<void> {
    if (!removeStoredProfile(this.need(), name)) {
      throw new RangeError(`no import profile '${name}' in this plant`);
    }
    await this.persist();
  }

  /**
   * Imports files one by one (one transaction each inside the importer), reporting
   * progress over all bytes. Cancel stops the current file (its rows are not stored);
   * files finished before stay imported and are listed in the report.
   */
  async importFiles(
    sources: ImportSource[],
    opts: ImportOptions,
    onProgress: ProgressFn,
  ): Promise<ImportResult> {
    const store = this.need();
    const importFile = this.modules.importFile;
    return this.withJob(async (signal) => {
      const inputs = sources.map(sourceToInput);
      const total = inputs.reduce((a, b) => a + b.size, 0);
      const result: ImportResult = { files: [], cancelled: false };
      let base = 0;
      for (const input of inputs) {
        if (signal.aborted) break;
        try {
          const report = await importFile(
            store,
            input,
            opts,
            (p: Progress) =>
              onProgress({
                phase: input.name,
                done: base + (p.total > 0 ? (p.done / p.total) * input.size : 0),
                total,
              }),
            signal,
          );
          result.files.push(report);
        } catch (e) {
          if (e instanceof CancelledError || signal.aborted) break;
          result.files.push({
            file: input.name,
            kind: '',
            rowsRead: 0,
            rowsAdded: 0,
            rowsDuplicate: 0,
            rowsRejected: 0,
            rejected: [],
            error: (e as Error).message,
          });
        }
        base += input.size;
        onProgress({ phase: input.name, done: base, total });
      }
      result.cancelled = signal.aborted;
      await this.persist();
      return result;
    });
  }

  /**
   * Creates a simulated plant (machines x days), imports it, and, when training and
   * scoring are available, trains a small model and scores the latest observations.
   */
  async openDemo(opts: DemoOptions, onProgress: ProgressFn): Promise<PlantSummary> {
    const { simulateDemo, importFile } = this.modules;
    const machines = opts.machines ?? 25;
    const days = opts.days ?? 120;
    const seed = opts.seed ?? 1;
    return this.withJob(async (signal) => {
      const files = await simulateDemo({ machines, days, seed }, onProgress, signal);
      const store = await Store.open(null, 'demo');
      try {
        for (const f of files) {
          await importFile(
            store,
            sourceToInput(f),
            {},
            (p) => onProgress({ ...p, phase: 'import' }),
            signal,
          );
        }
        if (opts.trainAndScore !== false) {
          const span = telemetrySpan(store);
          const trainTo = defaultTrainCutoff(span?.from ?? 0, span?.to ?? 0);
          const { modelId } = await this.modules.train(
            store,
            { trainTo, trees: 30, maxDepth: 10, seed },
            (p) => onProgress({ ...p, phase: 'train' }),
            signal,
          );
          activateStoredModel(store, modelId);
          await this.modules.score(
            store,
            { modelId, mode: 'latest' },
            (p) => onProgress({ ...p, phase: 'score' }),
            signal,
          );
        }
      } catch (e) {
        store.close();
        throw e;
      }
      this.store?.close();
      this.store = store;
      this.name = 'demo';
      await this.adopt();
      return this.summary()!;
    }, true);
  }

  // --- Stored plants (browser build): the Start screen's list, one tab per plant ---

  /** The open plant's library id and whether this tab may save it (null: none, or no library). */
  currentPlant(): { id: string; readOnly: boolean } | null {
    return this.library && this.store && this.plantId
      ? { id: this.plantId, readOnly: this.readOnly }
      : null;
  }

  /** The plants kept in this browser, the most recently opened first (empty without a library). */
  async storedPlants(): Promise<StoredPlant[]> {
    return this.library ? this.library.list() : [];
  }

  /**
   * Opens stored plant `id`, read-only when another tab holds it (this tab then never
   * saves it). Throws when there is no such plant or its copy is damaged.
   */
  async openStoredPlant(id: string, readOnly: boolean): Promise<PlantSummary> {
    const lib = this.needLibrary();
    const got = await lib.load(id, !readOnly);
    if (!got) throw new PlantGoneError();
    const store = await Store.open(got.bytes, got.entry.name);
    this.store?.close();
    this.store = store;
    this.name = got.entry.name;
    this.plantId = id;
    this.persister = lib.persisterFor(id);
    this.readOnly = readOnly;
    return this.summary()!;
  }

  /** Makes this tab read-only on its plant (another tab took it over), or writable again. */
  setReadOnly(readOnly: boolean): void {
    this.readOnly = readOnly;
  }

  /**
   * Reads the open plant again from its saved copy: after taking it over (another tab
   * may have saved since) and, in a read-only tab, when the other tab saved.
   */
  async reloadPlant(): Promise<PlantSummary | null> {
    if (!this.library || !this.plantId) return this.summary();
    const got = await this.library.load(this.plantId);
    if (!got) return this.summary();
    const store = await Store.open(got.bytes, got.entry.name);
    this.store?.close();
    this.store = store;
    this.name = got.entry.name;
    return this.summary();
  }

  /** Renames stored plant `id` (the open one too); a blank name is refused. */
  async renameStoredPlant(id: string, name: string): Promise<void> {
    const clean = name.trim();
    if (!clean) throw new FieldError('name', 'required', 'A plant needs a name.');
    if (!(await this.needLibrary().rename(id, clean))) {
      throw new PlantGoneError();
    }
    if (id === this.plantId) this.name = clean;
  }

  /** Deletes stored plant `id` and its file; the open plant is closed first. */
  async deleteStoredPlant(id: string): Promise<void> {
    if (id === this.plantId) await this.closePlant();
    await this.needLibrary().remove(id);
  }

  /** The saved bytes of stored plant `id`, for a downloaded copy. */
  async storedPlantBytes(id: string): Promise<Uint8Array> {
    const got = await this.needLibrary().load(id);
    if (!got) throw new PlantGoneError();
    return got.bytes;
  }

  /**
   * In a read-only tab, reloads the plant whenever the tab holding it saves and then
   * calls `onReloaded` (the screens read it again). Replaces an earlier callback.
   */
  followOtherTabs(onReloaded: () => void): void {
    this.onReloaded = onReloaded;
    if (this.channel || typeof BroadcastChannel === 'undefined') return;
    this.channel = new BroadcastChannel(PLANT_CHANNEL);
    this.channel.onmessage = (m: MessageEvent<{ type?: string; id?: string }>) => {
      if (m.data?.type !== 'saved' || m.data.id !== this.plantId || !this.readOnly) return;
      this.reloadPlant()
        .then(() => this.onReloaded?.())
        .catch(() => undefined);
    };
  }

  private needLibrary(): PlantLibrary {
    if (!this.library) throw new Error('This app keeps no plants of its own.');
    return this.library;
  }

  // --- end of stored plants ---

  explore(): ExploreOverview {
    return exploreOverview(this.need());
  }

  machines(): MachineRow[] {
    return machineList(this.need());
  }

  machineRange(machineId: number): { from: number; to: number } | null {
    return machineRange(this.need(), machineId);
  }

  telemetry(machineId: number, from: number, to: number, buckets: number): TelemetrySeries {
    return telemetrySeries(this.need(), machineId, from, to, buckets);
  }

  async featureOverview(horizonDays = 7, maxRows = 20000): Promise<FeatureOverview> {
    const f = this.modules.featureOverview;
    return this.withJob((signal) => f(this.need(), { horizonDays, maxRows }, signal));
  }

  /**
   * Trains a model (per-tree progress), evaluates it, stores it, and activates it unless
   * it scores worse than the active model on its test range (`req.activate`); returns
   * it with the comparison, so the screen can ask which one to use.
   */
  async train(req: TrainRequest, onProgress: ProgressFn): Promise<TrainOutcome> {
    const train = this.modules.train;
    const store = this.need();
    return this.withJob(async (signal) => {
      const { modelId, activation } = await train(store, req, onProgress, signal);
      await this.persist();
      return { model: mq.listModels(store).find((m) => m.id === modelId)!, activation };
    });
  }

  models(): ModelInfo[] {
    return mq.listModels(this.need());
  }

  async activateModel(id: number): Promise<void> {
    activateStoredModel(this.need(), id);
    await this.persist();
  }

  /**
   * Removes a model that is not in use (workers/model/model-store.ts removeModel): the
   * active model is refused with a message saying what to do; a model past runs used
   * stays as a removed record (`deleted` false) so those runs keep their model.
   */
  async removeModel(id: number): Promise<{ id: number; runs: number; deleted: boolean }> {
    const r = removeStoredModel(this.need(), id);
    await this.persist();
    return r;
  }

  // --- Model files (area: models) ---

  /** A stored model as its portable file (`pdm model export`), or why it cannot be. */
  exportModel(id: number): ModelExportResult {
    return exportModelFile(this.need(), id);
  }

  /**
   * Imports a model file's text (not activated), or refuses it with a code: a damaged or
   * foreign file, or a model whose cadence or features do not fit this plant.
   */
  async importModel(name: string, text: string): Promise<ModelImportResult> {
    const store = this.need();
    if (text.length > MAX_MODEL_FILE_BYTES) {
      return {
        ok: false,
        refusal: { code: 'too-large', params: { max: String(MAX_MODEL_FILE_BYTES / 2 ** 20) } },
      };
    }
    const r = importModelFile(store, name, text);
    if (!r.ok) return r;
    await this.persist();
    return { ok: true, model: mq.listModels(store).find((m) => m.id === r.id)! };
  }

  async score(req: ScoreRequest, onProgress: ProgressFn): Promise<RunInfo> {
    const score = this.modules.score;
    const store = this.need();
    return this.withJob(async (signal) => {
      const runId = await score(store, req, onProgress, signal);
      await this.persist();
      return mq.getRun(store, runId);
    });
  }

  runs(): RunInfo[] {
    return mq.listRuns(this.need());
  }

  /**
   * The ranking of one run, or of the latest finished run. Machines without recent data
   * are left out of `rows` and listed in `stale`.
   */
  risks(runId?: number): RiskRanking {
    const store = this.need();
    const id = runId ?? latestRunId(store);
    if (id === null)
      return { run: null, rows: [], stale: null, unlisted: machinesWithoutListRow(store) };
    return mq.runRanking(store, id);
  }

  machineDetail(machineId: number, runId?: number): MachineDetail {
    const store = this.need();
    return mq.machineDetail(store, machineId, runId ?? latestRunId(store));
  }

  // Work-order proposals (workers/orders): rules, the list, state changes, CSV.

  /** The plant's work-order alert rules. */
  orderRules(): OrderRules {
    return plantOrderRules(this.need());
  }

  /** Changes the rules (FieldError on the bad field, nothing stored) and saves. */
  async setOrderRules(change: Partial<OrderRules>): Promise<OrderRules> {
    const r = setPlantOrderRules(this.need(), change);
    await this.persist();
    return r;
  }

  async resetOrderRules(): Promise<OrderRules> {
    const r = resetPlantOrderRules(this.need());
    await this.persist();
    return r;
  }

  /**
   * Proposals (of one state, or all), newest first, at most `limit` (a year of a large
   * plant makes thousands; the screen shows the newest), with the plant-wide counts.
   */
  proposals(state?: ProposalState, limit?: number): ProposalList {
    const store = this.need();
    return { proposals: listProposals(store, { state, limit }), figures: proposalFigures(store) };
  }

  /** Accept, dismiss (with a reason), mark done or reopen proposals: all of them or none. */
  async setProposalState(ids: number[], change: StateChange): Promise<Proposal[]> {
    const r = setProposalState(this.need(), ids, change);
    await this.persist();
    return r;
  }

  /** The CMMS CSV (docs/WORK-ORDERS.md) of the given proposals, worded with `words`. */
  proposalsCsv(ids: number[], words?: OrderWords): string {
    return proposalsCsv(listProposals(this.need(), { ids }), words);
  }

  // ---- export bundle (docs/EXPORT-BUNDLE.md) ----
  /**
   * The open export bundle of the plant (Parquet tables, features.sql, manifest, job,
   * README) as one .zip for a download; site = the plant's name. RangeError when a
   * name cannot be written into the SQL portably (nothing is made).
   */
  async exportBundleZip(onProgress: ProgressFn): Promise<BundleZip> {
    return this.withJob(async (signal) => {
      const store = this.need();
      const sink = new ZipSink();
      // The active forest model goes in as model.onnx; without one the app says why.
      const choice = bundleModelOf(store);
      await exportBundle(store, sink, {
        site: this.name,
        signal,
        onProgress,
        ...(choice.model ? { model: choice.model } : {}),
      });
      return choice.model
        ? { zip: sink.bytes(), modelId: choice.modelId, noModel: null }
        : { zip: sink.bytes(), modelId: null, noModel: choice.none };
    });
  }

  // ---- health ranking (workers/health, docs/HEALTH.md) ----
  /**
   * The health ranking: machines (and, through the plant's signal map, components)
   * ranked by how unusual their latest behaviour is against their own baseline, their
   * peers and the usual replacement intervals, at the latest observation or `asOf`
   * (epoch ms of plant time); with the view the app opens on and the signal map.
   * Needs no failures and reads none but their count.
   */
  // A read like risks(): also in a read-only tab, not a long task (about a second for
  // 1000 machines: one baseline's worth of observations is read).
  async healthRanking(opts: { asOf?: number } = {}): Promise<HealthRanking> {
    return healthRanking(this.need(), { asOf: opts.asOf });
  }

  /**
   * Which view the ranking screen opens on and why (failure records counted, the active
   * model checked): what the screen needs before it knows whether to compute the
   * health ranking at all.
   */
  async healthDefaultView(): Promise<HealthDefault> {
    return healthDefaultView(this.need());
  }

  /**
   * Replaces the plant's signal map (sensor or error type -> component; {} clears it)
   * and saves. A bad entry is refused with a FieldError ('signal' or 'component', code
   * and the entry in params) and nothing is stored.
   */
  async setHealthSignalMap(map: Record<string, string>): Promise<void> {
    setPlantSignalMap(this.need(), map);
    await this.persist();
  }
  // ---- end of health ranking ----

  private schedulerHost(): SchedulerHost {
    return {
      store: () => this.need(),
      withJob: (fn) => this.withJob(fn),
      busy: () => this.job !== null,
      hasStore: () => this.store !== null,
      persist: () => this.persist(),
      score: this.modules.scheduledScore,
      plantName: () => this.name,
    };
  }
}
