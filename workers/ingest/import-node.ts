/**
 * Node entry to the import: paths (files or folders) to reports. Folders expand to
 * their *.csv, *.tsv, *.txt and *.dat files (not readme.txt and other notes), ordered machines, telemetry, errors, maint,
 * failures (then any other name), so events are imported after the machines they refer
 * to; archives and workbooks in a folder are tried too (and refused with a plain
 * message), other files are listed as skipped. Each file is its own transaction: a
 * refused file stores nothing and does not undo the others.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import { basename, join } from 'node:path';
import type { Store } from '../store/store';
import { importCsv } from './import-csv';
import { detectDelimiter, normName } from './header';
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
  const n = normName(basename(path).replace(/\.(csv|tsv|txt|dat)$/i, '')).replace(/^pdm/, '');
  const i = ORDER.findIndex((k) => n === k || n.includes(k));
  return i < 0 ? ORDER.length : i;
}

/** Text exports read from a folder. */
const TEXT_FILES = /\.(csv|tsv|txt|dat)$/i;
/** Notes that data sets ship beside their .txt data files (readme.txt): not exports. */
const DOC_FILES = /^(readme|license|licence|notes?|changelog|description)\b.*\.txt$/i;
const isExport = (name: string) =>
  (TEXT_FILES.test(name) && !DOC_FILES.test(name)) || PACKED_FILES.test(name);
/** Files a folder may hold that look like exports but are not text: tried, so refused plainly. */
const PACKED_FILES = /\.(zip|xlsx|xlsm|xls|gz|7z)$/i;

/** Files and folders to the files to import, in import order per folder, and the files skipped. */
export async function expandPaths(
  paths: string[],
): Promise<{ files: string[]; skipped: { file: string; reason: string }[] }> {
  const out: string[] = [];
  const skipped: { file: string; reason: string }[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await fsp.stat(p);
    } catch {
      throw new ImportError(`${p}: no such file or folder`, p, 'source');
    }
    if (st.isDirectory()) {
      const names = (await fsp.readdir(p, { withFileTypes: true })).filter((d) => d.isFile());
      const files = names
        .filter((d) => isExport(d.name))
        .map((d) => join(p, d.name))
        .sort((a, b) => fileRank(a) - fileRank(b) || a.localeCompare(b));
      for (const d of names) {
        if (isExport(d.name) || d.name.startsWith('.')) continue;
        skipped.push({
          file: join(p, d.name),
          reason: DOC_FILES.test(d.name)
            ? 'a text note, not an export'
            : 'not a .csv, .tsv, .txt or .dat export',
        });
      }
      if (files.length === 0) {
        throw new ImportError(
          `${p}: no .csv, .tsv, .txt or .dat files in this folder` +
            (skipped.length
              ? ` (it holds ${skipped.map((s) => basename(s.file)).join(', ')})`
              : ''),
          p,
          'source',
        );
      }
      out.push(...files);
    } else out.push(p);
  }
  return { files: out, skipped };
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
  /** Files in the folders that were not read, with why. */
  skipped: { file: string; reason: string }[];
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
  const { files, skipped } = await expandPaths(paths);
  const result: PathsResult = { reports: [], failed: [], skipped };
  // A map given for several files applies to each file that has the column; every
  // entry must name a column of at least one file (a misspelt name is not skipped).
  const several = files.length > 1;
  if (several && opts.map) await checkMapNamesSomeFile(files, opts);
  for (const f of files) {
    try {
      result.reports.push(
        await importCsv(store, await fileSource(f), {
          hasher: nodeSha256,
          ...opts,
          mapMayMiss: opts.mapMayMiss ?? several,
        }),
      );
    } catch (e) {
      if (e instanceof ImportError) result.failed.push({ file: f, error: e });
      else throw e;
    }
  }
  return result;
}

/**
 * The header line of a file (first record), or null when it has none or is not text.
 * A headerless file's header is the given column names, else col1..colN.
 */
async function headerOf(path: string, opts: ImportOptions): Promise<string[] | null> {
  const fh = await fsp.open(path, 'r');
  try {
    const buf = new Uint8Array(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    let text = new TextDecoder('utf-8').decode(buf.subarray(0, bytesRead)).replace(/^\uFEFF/, '');
    if (/^"?sep=.?"?\r?\n/i.test(text)) text = text.slice(text.indexOf('\n') + 1);
    const line = text.split(/\r?\n/, 1)[0] ?? '';
    if (line.includes('\u0000')) return null;
    const d = opts.delimiter ?? detectDelimiter(line);
    const cells = d === 'space' ? line.trim().split(/[ \t]+/) : line.split(d);
    if (opts.noHeader) return opts.columns ?? cells.map((_, i) => `col${i + 1}`);
    return cells.map((h) => h.trim().replace(/^"|"$/g, ''));
  } finally {
    await fh.close();
  }
}

/** Refuses a map entry that names a column of none of the files (a misspelt name). */
async function checkMapNamesSomeFile(files: string[], opts: ImportOptions): Promise<void> {
  const wanted = new Set(Object.keys(opts.map ?? {}).map(normName));
  const seen = new Set<string>();
  for (const f of files) {
    const h = await headerOf(f, opts).catch(() => null);
    for (const c of h ?? []) seen.add(normName(c));
    // Column numbers name a column of any file that wide.
    for (let i = 1; i <= (h?.length ?? 0); i++) seen.add(String(i));
  }
  const missing = Object.keys(opts.map ?? {}).filter((k) => !seen.has(normName(k)));
  if (wanted.size > 0 && missing.length > 0) {
    throw new ImportError(
      `--map names column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}, ` +
        'which no file to import has in its header',
      files[0],
      'header',
    );
  }
}
