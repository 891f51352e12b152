/**
 * Types of the app's engine API, shared by the worker (workers/app/engine-api.ts) and
 * its typed client in the renderer. Plain data only: everything here crosses a
 * postMessage boundary (structured clone), numeric series travel as typed arrays.
 */
import type { Cadence } from '../shared/cadence';
import type { Progress } from '../shared/types';
import type { Said } from '../shared/said';
import type { StaleInfo } from '../score/stale';
import type {
  CadenceCheck,
  ImportErrorReason,
  ImportMapping,
  ImportReport,
  NotImported,
  ResolvedMapping,
} from '../ingest/types';

export type { ImportMapping, ImportReport, ResolvedMapping };

export type { Progress };

/** What the app shows about the open plant: enough for the nav and the Start screen. */
export interface PlantSummary {
  name: string;
  schemaVersion: number;
  machines: number;
  sensors: string[];
  telemetryRows: number;
  errors: number;
  maint: number;
  failures: number;
  /** First and last telemetry time (plant seconds), or null without telemetry. */
  from: number | null;
  to: number | null;
  models: number;
  activeModelId: number | null;
  runs: number;
  latestRunId: number | null;
  imports: number;
}

/** One file handed to the engine for import: a browser File or bytes from the desktop shell. */
export type ImportSource = File | { name: string; bytes: Uint8Array };

/** First lines of a file, to show the detected kind and its columns before importing. */
export interface FilePreview {
  name: string;
  size: number;
  kind: string | null;
  columns: string[];
  rows: string[][];
  /** Best guess of the timestamp format of the `datetime` column, if any. */
  dateFormat: string | null;
}

/** Options the Import screen passes on to the CSV importer. */
export interface ImportOptions {
  /** Force a kind instead of detecting it from the header, per file name. */
  kinds?: Record<string, string>;
  /**
   * Column roles per file name: column -> 'timestamp' | 'machine' | 'sensor' | 'event' |
   * 'model' | 'age' | 'ignore', and inside telemetry 'failure-flag' | 'failure' | 'error' |
   * 'maint' (ColumnRole in workers/ingest/types.ts). Columns not listed keep the detected
   * role.
   */
  roles?: Record<string, Record<string, string>>;
  /**
   * Timestamp form when detection cannot tell: 'DMY', 'MDY', 'excel', 'epoch-s',
   * 'epoch-ms' or a pattern such as 'D/M/YY HH:mm'. Default (undefined): detected.
   */
  dateFormat?: string;
  /** Decimal mark of numbers; default decided per column from its values. */
  decimalMark?: '.' | ',';
  /** Text encoding: 'utf-8', 'windows-1252', 'utf-16le', 'utf-16be'; default detected. */
  encoding?: string;
  /** The machine id of every row, for files without a machine column. */
  machine?: string;
  /** A regular expression on each file's name; its first group (or match) is the machine id. */
  machineFromName?: string;
  /** Component of the failures a failure-flag column makes (default 'failure'). */
  failureComponent?: string;
  /** Each machine's last reading in a telemetry file is a failure of this component. */
  failureAtEnd?: string;
  /**
   * How to read every file (a mapping the preview showed and the user edited, or a
   * profile's); the fields above and `kinds`/`roles` override it. Per-file mappings in
   * `mappings` (by file name) replace it for their file.
   */
  mapping?: ImportMapping;
  mappings?: Record<string, ImportMapping>;
  /** A saved profile's name: its mapping is used where `mapping`/`mappings` give none. */
  profile?: string;
}

/**
 * A file the preview could not read (unreadable header, undecidable date form, too many
 * bad rows): the importer's message, and how far detection got when it got to a
 * mapping (so the mapping editor can offer the fix, e.g. a date format).
 */
export interface ImportPreviewRefusal {
  file: string;
  error: string;
  reason: ImportErrorReason;
  /** The refusal as a code the UI words (i18n `importError.<code>`). */
  code?: Said;
  rejectedRows: RejectedRow[];
  mapping: ResolvedMapping | null;
}

/**
 * One file of `previewImport`: the dry run's ImportReport (mapping, sample rows,
 * counts; `dryRun` true), or the refusal. Tell them apart with `'error' in r`.
 */
export type ImportPreview = ImportReport | ImportPreviewRefusal;

/** A named import profile kept in the plant file. */
export interface ImportProfile {
  name: string;
  mapping: ImportMapping;
}

export interface RejectedRow {
  file: string;
  line: number;
  column: string;
  reason: string;
}

/** The import report for one file, as the Import screen shows it. */
export interface FileImportReport {
  file: string;
  kind: string;
  rowsRead: number;
  rowsAdded: number;
  rowsDuplicate: number;
  rowsRejected: number;
  rejected: RejectedRow[];
  /** Set when the whole file was refused (wrong header, already imported, ...). */
  error?: string;
  /** Why the file was refused, and as a code the UI words (i18n `importError.*`). */
  errorReason?: ImportErrorReason;
  errorCode?: Said;
  skipped?: boolean;
  /** Every column not stored, with why (mapped to ignore, not used by this kind, empty). */
  notImported?: NotImported[];
  /** The first duplicate rows (already stored), by line. */
  duplicateRows?: { line: number; machine: string; time: string }[];
  /** Offset readings dropped in the hour repeated when daylight saving ended. */
  repeatedHour?: number;
  /** Sensor values stored as missing. */
  missingValues?: number;
  /** How timestamps were read, e.g. 'Excel serial days'. */
  timestampForm?: string | null;
  /** The plant time zone offsets were converted to. */
  timeZone?: string;
  /** Columns read with a decimal comma. */
  decimalMarks?: Record<string, string>;
  /** Telemetry: how often the machines report against the plant's cadence (a proposal when it does not fit). */
  cadence?: CadenceCheck | null;
  /** How the file was read: kind, columns and roles, timestamp form, assumptions. */
  mapping?: ResolvedMapping;
  /** The first rows as stored. */
  sample?: { columns: string[]; rows: string[][] };
  /** Telemetry: events made from event columns and failureAtEnd, per table. */
  events?: { failures: number; errors: number; maint: number };
}

export interface ImportResult {
  files: FileImportReport[];
  cancelled: boolean;
}

export interface CountRow {
  key: string;
  count: number;
}

export interface MachineRow {
  /** Integer key in the plant file (links, queries). */
  machineId: number;
  /** The machine id as the plant writes it. */
  machine: string;
  model: string;
  age: number;
}

/** Raw-data exploration: machines by model and age, errors by type, events by component. */
export interface ExploreOverview {
  machinesByModel: CountRow[];
  /** Histogram of machine age in whole years. */
  ageHistogram: CountRow[];
  errorsByType: CountRow[];
  maintByComponent: CountRow[];
  failuresByComponent: CountRow[];
  /** Failures per month, `YYYY-MM`. */
  failuresByMonth: CountRow[];
  /** Machines with telemetry but no machine-list row (as the import report counts them). */
  unlisted: string[];
}

/**
 * Telemetry of one machine downsampled to at most `buckets` points per sensor: for
 * each bucket its first time, min and max, so spikes survive and a year of hourly data
 * is a few thousand numbers.
 */
export interface TelemetrySeries {
  machineId: number;
  sensors: string[];
  /** Bucket start times (plant seconds). */
  t: Float64Array;
  /** Per sensor: min and max per bucket (NaN where the bucket had no reading). */
  min: Float64Array[];
  max: Float64Array[];
  /** Readings in the range before downsampling. */
  rawRows: number;
}

export interface EventRow {
  t: number;
  kind: 'error' | 'maint' | 'failure';
  what: string;
}

export interface TrainRequest {
  /** Observations from this date (plant seconds); default: first telemetry. */
  from?: number;
  /** Train up to this date; labels never see past it. Default: 75% of the data range. */
  trainTo?: number;
  /**
   * Only checked: the horizon is a plant setting (cadence); a value other than the
   * plant's is refused. Leave it out.
   */
  horizonDays?: number;
  trees?: number;
  maxDepth?: number;
  bins?: number;
  seed?: number;
  /**
   * When a model is active: 'if-better' (default) activates the new one only when it is
   * not worse on the new model's test range (workers/model/compare-models.ts), 'always'
   * whatever it scores.
   */
  activate?: 'always' | 'if-better';
}

export type { ClassMetrics } from '../metrics/classification';
import type { ClassMetrics } from '../metrics/classification';
import type { PlannerEvaluation } from '../metrics/planner';
import type { RunInfo as EngineRunInfo } from '../score/run-store';

/** Evaluation of a model on the test range (observations after trainTo). */
export interface ModelMetrics {
  labels: string[];
  /** confusion[actual][predicted]. */
  confusion: number[][];
  perClass: ClassMetrics[];
  accuracy: number;
  macroF1: number;
  importance: { feature: string; value: number }[];
  testRows: number;
}

export interface ModelInfo {
  id: number;
  created: string;
  /** The algorithm that grew the model: 'forest' or 'ml-random-forest'. */
  learner: string;
  /** Why the stored model cannot be used (damaged record or bytes); absent when it can. */
  problem?: string;
  trees: number | null;
  maxDepth: number | null;
  horizonDays: number;
  /** The cadence the model was trained with, in words (`step 12h, windows ..., horizon 7d`). */
  cadence: string;
  /** The same settings as figures, for the UI to say in its language. */
  cadenceSettings: Cadence;
  /** False when the plant is now set to another cadence: the model cannot score it. */
  cadenceMatchesPlant: boolean;
  /** Sensors left out of the model's features (no values in its training range). */
  leftOutSensors: string[];
  trainFrom: number | null;
  trainTo: number | null;
  active: boolean;
  macroF1: number | null;
  accuracy: number | null;
  metrics: ModelMetrics | null;
  featureCount: number;
  /** Its time-to-failure bands and their test figures (docs/BANDS.md); null: none. */
  bands: BandModelInfo | null;
  /** The planner's view of the test range; null for models trained before it was kept. */
  planner: PlannerEvaluation | null;
  /** True when the model's risks go through its calibration (workers/model/calibration.ts). */
  calibrated: boolean;
}
import type { BandModelInfo } from '../model/band-model';

export interface ScoreRequest {
  modelId?: number;
  mode: 'latest' | 'range';
  from?: number;
  to?: number;
}

/** A scoring run as the engine keeps it, with its duration for the runs view. */
export interface RunInfo extends EngineRunInfo {
  durationMs: number | null;
}

/** One machine x component row of the ranking: the row the CLI and the printed list use. */
export type { ListRow as RiskRow } from '../report/maintenance-list';
import type { ListRow as RiskRow } from '../report/maintenance-list';

export interface RiskRanking {
  run: RunInfo | null;
  rows: RiskRow[];
  /** Machines left out for having no recent data (workers/score/stale.ts); null without a run. */
  stale: StaleInfo | null;
  /** Machines with telemetry but no machine-list row (as the import report counts them). */
  unlisted: string[];
}

export interface MachineDetail {
  /** The machine id as the plant writes it (text). */
  name: string;
  /** Its machine-list row; null when the machine is not in the machine list. */
  machine: MachineRow | null;
  /** Per component: risk per run over time. */
  trend: { component: string; points: { runId: number; t: number; probability: number }[] }[];
  current: RiskRow[];
  replacements: { component: string; lastT: number | null; days: number | null }[];
  recentEvents: EventRow[];
  range: { from: number; to: number } | null;
}

/** Feature distributions by label (the features module's summary). */
export type { FeatureSummary as FeatureOverview } from '../features/summary';

// --- Model files and the activation choice (area: models) ---

import type { ActivationDecision } from '../model/compare-models';
import type { ModelFileCode } from '../forest/validate-model';

export type { ActivationDecision };

/** A trained model and whether it replaced the active one (workers/model/compare-models.ts). */
export interface TrainOutcome {
  model: ModelInfo;
  activation: ActivationDecision;
}

/**
 * Why a model file was refused, worded by the screen from `code` (`model.file.<code>`):
 * the file's own problems (workers/forest/validate-model.ts ModelFileCode), or a model
 * that does not fit this plant (`cadence-mismatch`: `model`, `plant`;
 * `feature-mismatch`: `missing`, `extra`, comma-separated), or a file too large to read
 * (`too-large`: `max`). `detail` is the English first problem, where there is one.
 */
export interface ModelFileRefusal {
  code: ModelFileCode | 'cadence-mismatch' | 'feature-mismatch' | 'too-large';
  params: Record<string, string>;
}

export type ModelImportResult =
  { ok: true; model: ModelInfo } | { ok: false; refusal: ModelFileRefusal };

export type ModelExportResult =
  { ok: true; fileName: string; text: string } | { ok: false; refusal: ModelFileRefusal };
// Work-order proposals (workers/orders).
export type { OrderRules } from '../orders/rules';
export type {
  Proposal,
  ProposalFigures,
  ProposalState,
  StateChange as ProposalStateChange,
} from '../orders/proposals';
export type { OrderWords } from '../orders/order-export';
import type { Proposal, ProposalFigures } from '../orders/proposals';

/** The proposals of the Work orders screen with the plant-wide counts. */
export interface ProposalList {
  proposals: Proposal[];
  figures: ProposalFigures;
}

/** The app's export bundle download: the .zip, and which model it ships as model.onnx. */
export interface BundleZip {
  zip: Uint8Array;
  /** The model written as model.onnx; null when the bundle has none. */
  modelId: number | null;
  /** Why there is no model.onnx. */
  noModel: import('../export/bundle-model').NoBundleModel | null;
}
