/**
 * The export bundle (docs/EXPORT-BUNDLE.md): the plant's raw data as Parquet tables
 * with text machine ids, an integer epoch column and a site column; features.sql that
 * computes the feature contract over them on Spark SQL, DuckDB or SQLite; manifest.json
 * (feature order, classes, cadence, time zone); a two-task scheduled Databricks job
 * (features, then scoring the ONNX model); and a README. Platform-neutral: every file
 * goes through a BundleSink, so the CLI writes a folder and the browser can zip it.
 */
import type { OnnxManifestPart } from './onnx-model';
import type { Store } from '../store/store';
import { machineListRows, scanEvents, scanTelemetry, type EventRows } from '../store/table-scan';
import { plantCadence, plantTimeZone } from '../store/plant-settings';
import { readPlantSchema, withNames, NO_FAILURE } from '../features/schema';
import { describeCadence, formatDuration, formatWindow } from '../shared/cadence';
import { formatEpoch } from '../shared/time';
import { throwIfCancelled, type ProgressFn } from '../shared/types';
import { checkBundlePath, type BundleFile, type BundleSink } from './bundle-sink';
import { bundleColumns, featuresSql } from './features-sql';
import { ParquetTable, type ColumnSpec, type ColumnValues } from './parquet-table';
import { bundleReadme, jobFiles, RESULT_COLUMNS } from './job-files';

/** Version of the bundle layout; readers check it. */
export const BUNDLE_FORMAT = { name: 'plant-pdm-bundle', version: 1 } as const;

/**
 * A scoring model to ship in the bundle as `model.onnx`: the ONNX bytes and what the
 * scoring task needs to feed it (its feature names in input order, a subset of the
 * plant's features, and its class names in output order).
 */
export interface BundleModel {
  bytes: Uint8Array;
  featureNames: string[];
  classNames: string[];
  /** How the model is named in lists (e.g. `model 3 (2015-10-30)`). */
  label: string;
  /**
   * The ONNX manifest part of our own models (operator, input/output names, cadence,
   * time zone, training range): written into manifest.json's `model`, where
   * `pdm model import` reads it back.
   */
  manifest?: OnnxManifestPart;
}

export interface ExportBundleOptions {
  /** First observation time of features.sql (seconds, inclusive); default the first. */
  from?: number;
  /** Last observation time (seconds, inclusive); default the last. */
  to?: number;
  /** The plant's name, written in every table's `site` column. */
  site: string;
  /** When the bundle was made (ISO text in the manifest); default now. */
  exportedAt?: Date;
  /** The model to score with, written as model.onnx. */
  model?: BundleModel;
  /** Further files to put in the bundle as they are (bundle-relative paths). */
  extraFiles?: { path: string; bytes: Uint8Array }[];
  /** Telemetry rows per Parquet row group (default 65536). */
  chunkRows?: number;
  onProgress?: ProgressFn;
  signal?: AbortSignal;
}

export interface ExportSummary {
  /** Every file written, with its size in bytes, in writing order. */
  files: { path: string; bytes: number }[];
  /** Rows per table. */
  rows: Record<TableName, number>;
  features: number;
  seconds: number;
}

type TableName = 'machines' | 'telemetry' | 'errors' | 'maintenance' | 'failures';
const TABLES: TableName[] = ['machines', 'telemetry', 'errors', 'maintenance', 'failures'];

const MS = 1000;
const toMs = (t: number) => BigInt(Math.round(t * MS));

function checkRange(from: number | undefined, to: number | undefined): void {
  for (const [name, v] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (v !== undefined && !Number.isFinite(v)) {
      throw new RangeError(`${name} must be a finite time, got ${v}`);
    }
  }
  if (from !== undefined && to !== undefined && from > to) {
    throw new RangeError(`from (${formatEpoch(from)}) must not be after to (${formatEpoch(to)})`);
  }
}

/** Writes the bundle to the sink; on any error (or cancel) the sink is aborted. */
export async function exportBundle(
  store: Store,
  sink: BundleSink,
  opts: ExportBundleOptions,
): Promise<ExportSummary> {
  const started = Date.now();
  const written: { path: string; bytes: number }[] = [];
  const open = (path: string): BundleFile => {
    const f = sink.open(checkBundlePath(path));
    const entry = { path, bytes: 0 };
    written.push(entry);
    return {
      write: (c) => {
        entry.bytes += c.length;
        f.write(c);
      },
      close: () => f.close(),
    };
  };
  try {
    const summary = writeBundle(store, open, opts);
    throwIfCancelled(opts.signal);
    await sink.commit();
    return { ...summary, files: written, seconds: (Date.now() - started) / 1000 };
  } catch (e) {
    await sink.abort();
    throw e;
  }
}

function writeBundle(
  store: Store,
  open: (path: string) => BundleFile,
  opts: ExportBundleOptions,
): Omit<ExportSummary, 'files' | 'seconds'> {
  const { from, to, site, signal } = opts;
  checkRange(from, to);
  if (typeof site !== 'string' || site.trim() === '') {
    throw new RangeError('the site (plant name) of the bundle must not be empty');
  }
  const cadence = plantCadence(store);
  const plant = readPlantSchema(store);
  if (plant.sensors.length === 0) {
    throw new RangeError('the plant has no telemetry to export: import telemetry first');
  }
  const schema = withNames(plant, cadence);
  const columns = bundleColumns(plant, cadence);
  const exportedAt = (opts.exportedAt ?? new Date()).toISOString();
  const zone = plantTimeZone(store);
  const title = `Plant PdM export bundle of '${site.replace(/[\r\n]/g, ' ')}', made ${exportedAt}`;
  // Checks every name that must be a SQL literal before any file is written.
  const sql = featuresSql({ schema: plant, cadence, columns, from, to, title });
  const model = opts.model ? checkModel(opts.model, schema.featureNames, schema.labelNames) : null;

  const names = store.machineNames();
  const order = store.sortMachineKeys(names.keys(), names);
  const text = (k: number) => names.get(k) ?? String(k);
  const progress = (done: number) =>
    opts.onProgress?.({ phase: 'export', done, total: TABLES.length + 1 });
  const rows = {} as Record<TableName, number>;
  const meta = { 'pdm.site': site, 'pdm.time_zone': zone, 'pdm.epoch': 'ms, plant wall time' };
  const str = (name: string, nullable = false): ColumnSpec => ({ name, kind: 'string', nullable });
  const int64 = (name: string): ColumnSpec => ({ name, kind: 'int64', nullable: false });
  const double = (name: string): ColumnSpec => ({ name, kind: 'double', nullable: true });

  // machines: every machine of the plant, in the plant's machine order; machines that
  // are not on the machine list have no model and age (features give them age -1).
  {
    const list = machineListRows(store);
    const t = new ParquetTable(
      open('tables/machines.parquet'),
      [
        str('machine_id'),
        str('site'),
        str('model', true),
        double('age'),
        { name: 'machine_order', kind: 'int32', nullable: false },
      ],
      meta,
    );
    t.add(order.length, [
      order.map(text),
      order.map(() => site),
      order.map((k) => list.get(k)?.model ?? null),
      order.map((k) => list.get(k)?.age ?? null),
      Int32Array.from(order, (_, i) => i + 1),
    ]);
    t.finish();
    rows.machines = t.rows;
  }
  progress(1);

  // telemetry: readings the windows of the first observation look back to.
  {
    throwIfCancelled(signal);
    const lookBack = Math.max(cadence.stepSeconds, ...cadence.windowSeconds);
    const t = new ParquetTable(
      open('tables/telemetry.parquet'),
      [str('machine_id'), int64('epoch_ms'), str('site'), ...columns.sensors.map(double)],
      {
        ...meta,
        'pdm.sensors': JSON.stringify(plant.sensors.map((s, i) => [s.name, columns.sensors[i]])),
      },
    );
    const range = { after: from === undefined ? undefined : from - lookBack, upTo: to };
    const cols = plant.sensors.map((s) => s.col);
    for (const c of scanTelemetry(store, cols, range, opts.chunkRows)) {
      throwIfCancelled(signal);
      const n = c.rows;
      const ids = new Array<string>(n);
      const ms = new BigInt64Array(n);
      for (let r = 0; r < n; r++) {
        ids[r] = text(c.machineId[r]);
        ms[r] = toMs(c.t[r]);
      }
      const values: ColumnValues[] = c.values.map((v) => {
        const out = new Array<number | null>(n);
        for (let r = 0; r < n; r++) out[r] = v[r] === v[r] ? v[r] : null;
        return out;
      });
      t.add(n, [ids, ms, new Array<string>(n).fill(site), ...values]);
    }
    t.finish();
    rows.telemetry = t.rows;
  }
  progress(2);

  const events = (file: TableName, nameCol: string, ev: EventRows) => {
    throwIfCancelled(signal);
    const t = new ParquetTable(
      open(`tables/${file}.parquet`),
      [str('machine_id'), int64('epoch_ms'), str('site'), str(nameCol)],
      meta,
    );
    const n = ev.t.length;
    t.add(n, [
      ev.machineId.map(text),
      BigInt64Array.from(ev.t, toMs),
      new Array<string>(n).fill(site),
      ev.name,
    ]);
    t.finish();
    rows[file] = t.rows;
  };
  const E = cadence.eventWindowSeconds;
  const H = cadence.horizonSeconds;
  events(
    'errors',
    'error_id',
    scanEvents(store, 'errors', { after: from === undefined ? undefined : from - E, upTo: to }),
  );
  progress(3);
  events('maintenance', 'comp', scanEvents(store, 'maint', { upTo: to }));
  progress(4);
  events(
    'failures',
    'failure',
    scanEvents(store, 'failures', { after: from, upTo: to === undefined ? undefined : to + H }),
  );
  progress(5);

  const files: [string, string][] = [['features.sql', sql]];
  const manifest = {
    format: BUNDLE_FORMAT.name,
    version: BUNDLE_FORMAT.version,
    site,
    exportedAt,
    timeZone: zone,
    time: 'epoch_ms: milliseconds since 1970-01-01 of plant wall time read as UTC (no DST shifts)',
    cadence: {
      stepSeconds: cadence.stepSeconds,
      windowSeconds: cadence.windowSeconds,
      eventWindowSeconds: cadence.eventWindowSeconds,
      horizonSeconds: cadence.horizonSeconds,
      step: formatWindow(cadence.stepSeconds),
      windows: cadence.windowSeconds.map(formatWindow),
      eventWindow: formatWindow(cadence.eventWindowSeconds),
      horizon: formatDuration(cadence.horizonSeconds),
      described: describeCadence(cadence),
    },
    range: {
      from: from === undefined ? null : formatEpoch(from),
      to: to === undefined ? null : formatEpoch(to),
    },
    tables: Object.fromEntries(
      TABLES.map((name) => [name, { file: `tables/${name}.parquet`, rows: rows[name] }]),
    ),
    sensors: plant.sensors.map((s, i) => ({ name: s.name, column: columns.sensors[i] })),
    featuresSql: 'features.sql',
    keyColumns: ['machineID', 'epoch_ms'],
    features: schema.featureNames.map((name, i) => ({ name, column: columns.features[i] })),
    classes: schema.labelNames,
    noFailureClass: NO_FAILURE,
    labelColumn: 'label',
    model: model && {
      ...model.manifest,
      file: 'model.onnx',
      label: model.label,
      // The input tensor's column order by feature name (what `pdm model import`
      // reads) and by features.sql column (what job/score.py selects).
      features: model.featureNames,
      columns: model.featureNames.map(
        (name) => columns.features[schema.featureNames.indexOf(name)],
      ),
      classes: model.classNames,
    },
    results: {
      columns: RESULT_COLUMNS,
      import: 'pdm import-results --db PLANT.sqlite risks.parquet',
    },
    extraFiles: (opts.extraFiles ?? []).map((f) => f.path),
  };
  files.push(['manifest.json', JSON.stringify(manifest, null, 2) + '\n']);
  for (const [path, body] of jobFiles({ site, zone, hasModel: model !== null })) {
    files.push([path, body]);
  }
  files.push([
    'README.md',
    bundleReadme({ site, exportedAt, cadence, zone, hasModel: model !== null }),
  ]);
  const taken = new Set([...files.map(([p]) => p), ...(model ? ['model.onnx'] : [])]);
  for (const f of opts.extraFiles ?? []) {
    if (taken.has(f.path) || f.path.startsWith('tables/')) {
      throw new RangeError(
        `an added file cannot be named ${f.path}: the bundle writes that itself`,
      );
    }
    taken.add(f.path);
  }
  const enc = new TextEncoder();
  for (const [path, body] of files) writeWhole(open(path), enc.encode(body));
  if (model) writeWhole(open('model.onnx'), model.bytes);
  for (const f of opts.extraFiles ?? []) writeWhole(open(f.path), f.bytes);
  progress(6);
  return { rows, features: schema.featureNames.length };
}

function writeWhole(f: BundleFile, bytes: Uint8Array): void {
  f.write(bytes);
  f.close();
}

/** The model's features must be the plant's (a subset) and its classes known. */
function checkModel(m: BundleModel, features: string[], classes: string[]): BundleModel {
  const known = new Set(features);
  const missing = m.featureNames.filter((f) => !known.has(f));
  if (missing.length > 0) {
    throw new RangeError(
      `the model uses features the plant's data does not give (${missing.slice(0, 5).join(', ')}` +
        `${missing.length > 5 ? ', ...' : ''}); retrain it on this plant before exporting`,
    );
  }
  const unknown = m.classNames.filter((c) => !classes.includes(c));
  if (unknown.length > 0) {
    throw new RangeError(
      `the model predicts classes the plant does not have: ${unknown.join(', ')}`,
    );
  }
  return m;
}
