/**
 * Risks scored elsewhere come back: a Parquet risk table (the export bundle's job
 * writes it: machine_id, component, probability, data_as_of, run_label) becomes a
 * scoring run of the plant file, so the ranking and the printed maintenance list work
 * offline as after a run made here. Everything is checked before anything is stored:
 * a bad row refuses the whole import with the reason and the row.
 */
import { parquetReadObjects } from 'hyparquet';
import type { Store } from '../store/store';
import { activeModelId, getModel } from '../model/model-store';
import { storeImportedRun } from '../score/score-run';
import { NO_FAILURE } from '../features/schema';
import { parseDateArg } from '../shared/time';
import { RESULT_COLUMNS } from './job-files';

export interface ResultsFile {
  /** Shown in messages and kept in the run's message. */
  name: string;
  bytes: Uint8Array;
}

export interface ImportResultsOptions {
  /** The model the risks were scored with; default the plant's active model. */
  modelId?: number;
}

export interface ImportResultsSummary {
  runId: number;
  /** True when the same risks were imported before: that run is returned. */
  reused: boolean;
  modelId: number;
  runLabel: string;
  /** Result rows (machines x observation times x components). */
  results: number;
  machines: number;
  /** Latest observation time in the risks (seconds, plant wall time). */
  dataAsOf: number;
}

const REQUIRED = RESULT_COLUMNS.map((c) => c.name);

/** FNV-1a over the files' bytes: the same files give the same token. */
function contentKey(files: ResultsFile[]): string {
  let h = 0x811c9dc5;
  let n = 0;
  for (const f of files) {
    for (let i = 0; i < f.bytes.length; i++) {
      h ^= f.bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    n += f.bytes.length;
  }
  return `${h.toString(16)}-${n}`;
}

/** data_as_of as seconds of plant wall time: epoch ms, a timestamp, or 'YYYY-MM-DD HH:MM:SS'. */
function asOfSeconds(v: unknown, where: string): number {
  if (typeof v === 'bigint') return Number(v) / 1000;
  if (typeof v === 'number' && Number.isFinite(v)) return v / 1000;
  if (v instanceof Date && Number.isFinite(v.getTime())) return v.getTime() / 1000;
  if (typeof v === 'string') {
    try {
      return parseDateArg(v.trim(), 'data_as_of');
    } catch {
      // fall through to the message below
    }
  }
  throw new RangeError(
    `${where}: data_as_of ${JSON.stringify(typeof v === 'bigint' ? String(v) : v)} is not a ` +
      "time; write epoch ms of plant wall time, a timestamp, or 'YYYY-MM-DD HH:MM:SS'",
  );
}

/** Reads, checks and stores the risks as one run; RangeError names the file, row and reason. */
export async function importResults(
  store: Store,
  files: ResultsFile[],
  opts: ImportResultsOptions = {},
): Promise<ImportResultsSummary> {
  if (files.length === 0) throw new RangeError('no risk table given: name a .parquet file');
  const modelId = opts.modelId ?? activeModelId(store);
  if (modelId === null) {
    throw new RangeError(
      'the plant file has no model to file the risks under: import or train the model ' +
        'they were scored with first (pdm model import), or name one with --model',
    );
  }
  const model = getModel(store, modelId);
  const components = new Set(model.labelNames.filter((c) => c !== NO_FAILURE));
  const byName = new Map<string, number>();
  for (const [k, n] of store.machineNames()) byName.set(n, k);

  const rows: { machine: number; t: number; component: string; probability: number }[] = [];
  const labels = new Set<string>();
  const seen = new Set<string>();
  const unknownMachines = new Set<string>();
  for (const f of files) {
    let records: Record<string, unknown>[];
    try {
      const buf = f.bytes.buffer.slice(f.bytes.byteOffset, f.bytes.byteOffset + f.bytes.byteLength);
      records = (await parquetReadObjects({ file: buf as ArrayBuffer })) as Record<
        string,
        unknown
      >[];
    } catch (e) {
      throw new RangeError(`${f.name} is not a readable Parquet file: ${(e as Error).message}`);
    }
    if (records.length > 0) {
      const missing = REQUIRED.filter((c) => !(c in records[0]));
      if (missing.length > 0) {
        throw new RangeError(
          `${f.name} has no column ${missing.join(', ')}; a risk table has ` +
            `${REQUIRED.join(', ')} (found ${Object.keys(records[0]).join(', ')})`,
        );
      }
    }
    records.forEach((r, i) => {
      const where = `${f.name} row ${i + 1}`;
      const id = String(r.machine_id ?? '').trim();
      const machine = byName.get(id);
      if (machine === undefined) {
        unknownMachines.add(id);
        return;
      }
      const component = String(r.component ?? '');
      if (!components.has(component)) {
        throw new RangeError(
          `${where}: component '${component}' is not one the model #${modelId} predicts ` +
            `(${[...components].join(', ')})`,
        );
      }
      const p = typeof r.probability === 'bigint' ? Number(r.probability) : r.probability;
      if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
        throw new RangeError(`${where}: probability ${String(p)} is not a number from 0 to 1`);
      }
      const t = asOfSeconds(r.data_as_of, where);
      labels.add(String(r.run_label ?? '').trim());
      const key = `${machine}:${t}:${component}`;
      if (seen.has(key)) {
        throw new RangeError(`${where}: machine '${id}' ${component} at that time is given twice`);
      }
      seen.add(key);
      rows.push({ machine, t, component, probability: p });
    });
  }
  if (unknownMachines.size > 0) {
    const list = [...unknownMachines].slice(0, 5).map((m) => `'${m}'`);
    throw new RangeError(
      `the plant has no machine ${list.join(', ')}${unknownMachines.size > 5 ? ', ...' : ''}: ` +
        'were the risks scored on another plant?',
    );
  }
  if (rows.length === 0) throw new RangeError('the risk table has no rows');
  if (labels.size !== 1 || labels.has('')) {
    throw new RangeError(
      labels.has('')
        ? 'some rows have no run_label; every row names the run it belongs to'
        : `the risks hold ${labels.size} runs (${[...labels].slice(0, 3).join(', ')}); import one run at a time`,
    );
  }
  const runLabel = [...labels][0];
  const { runId, reused } = storeImportedRun(store, {
    modelId,
    runLabel,
    contentKey: contentKey(files),
    source: files.map((f) => f.name).join(', '),
    rows,
  });
  return {
    runId,
    reused,
    modelId,
    runLabel,
    results: rows.length,
    machines: new Set(rows.map((r) => r.machine)).size,
    dataAsOf: rows.reduce((m, r) => Math.max(m, r.t), -Infinity),
  };
}
