/**
 * Node entry to the import: paths (files or folders) to reports. Folders expand to
 * their *.csv and *.tsv files, ordered machines, telemetry, errors, maint, failures (then any
 * other name), so events are imported after the machines they refer to. Each file is
 * its own transaction: a refused file stores nothing and does not undo the others.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import { basename, join } from 'node:path';
import type { Store } from '../store/store';
import { importCsv } from './import-csv';
import { normName } from './header';
import { ImportError, type ImportOptions, type ImportReport, type IncrementalHash } from './types';

/** Read size: large chunks keep the per-chunk overhead out of the profile. */
const CHUNK = 1 << 20;

/** SHA-256 from node:crypto (native, much faster than pure JS). */
export function nodeSha256(): IncrementalHash {
  const h = createHash('sha256');
  return { update: (b) => void h.update(b), digestHex: () => h.digest('hex') };
}

const ORDER = ['machines', 'telemetry', 'errors', 'maint', 'failures'];

/** Rank of a file name in the import order (`PdM_machines.csv` -> 0). */
export function fileRank(path: string): number {
  const n = normName(basename(path).replace(/\.(csv|tsv)$/i, '')).replace(/^pdm/, '');
  const i = ORDER.findIndex((k) => n === k || n.includes(k));
  return i < 0 ? ORDER.length : i;
}

/** Files and folders to the CSV files to import, in import order per folder. */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await fsp.stat(p);
    } catch {
      throw new ImportError(`${p}: no such file or folder`, p, 'source');
    }
    if (st.isDirectory()) {
      const files = (await fsp.readdir(p))
        .filter((f) => /\.(csv|tsv)$/i.test(f))
        .map((f) => join(p, f))
        .sort((a, b) => fileRank(a) - fileRank(b) || a.localeCompare(b));
      if (files.length === 0)
        throw new ImportError(`${p}: no .csv or .tsv files in this folder`, p, 'source');
      out.push(...files);
    } else out.push(p);
  }
  return out;
}

/** An ImportSource reading `path` with fs streams (re-readable: a factory). */
export async function fileSource(path: string) {
  const { size } = await fsp.stat(path);
  return {
    name: path,
    size,
    chunks: () =>
      createReadStream(path, { highWaterMark: CHUNK }) as unknown as AsyncIterable<Uint8Array>,
  };
}

export interface PathsResult {
  reports: ImportReport[];
  /** Files refused whole (nothing of them stored), with the reason and rejected rows. */
  failed: { file: string; error: ImportError }[];
}

/**
 * Imports files and folders, one transaction per file. Refused files (ImportError) are
 * collected in `failed` and the other files still import; any other error (a cancel,
 * a store failure) stops the call and is thrown. The caller saves the store.
 */
export async function importPaths(
  store: Store,
  paths: string[],
  opts: ImportOptions = {},
): Promise<PathsResult> {
  const files = await expandPaths(paths);
  const result: PathsResult = { reports: [], failed: [] };
  for (const f of files) {
    try {
      result.reports.push(
        await importCsv(store, await fileSource(f), { hasher: nodeSha256, ...opts }),
      );
    } catch (e) {
      if (e instanceof ImportError) result.failed.push({ file: f, error: e });
      else throw e;
    }
  }
  return result;
}
