/**
 * Schedule folders in the desktop main process: a watched import folder is looked at
 * (new stable CSV/TSV exports, read once by content hash) and maintenance lists are
 * written into a list folder. The engine worker records and imports; main only reads
 * and writes files in folders the user confirmed.
 *
 * Allow rule (why a compromised renderer or a plant file from elsewhere cannot reach
 * arbitrary folders): a folder is usable for the open plant file only when the user
 * chose it in the native folder dialog of this app for that plant file (remembered by
 * main, electron/folder-grants.ts), and its real path passes the policy of
 * electron/folder-policy.ts (no UNC/device/8.3 paths, no system, program or profile
 * folders, no hidden folders). {@link realScheduleFolder} resolves the real path on
 * every use, and main reads and writes through that real path only. Inside it, main
 * only reads *.csv/*.tsv files within the import limits (a link leading out of the
 * folder is not followed) and only writes plain .html/.csv/.pdf names, atomically.
 *
 * The stability rule mirrors workers/schedule/schedule-watch-node.ts (same hash helper,
 * same default wait): size and modification time equal in two looks `stableMs` apart,
 * and unchanged again after hashing.
 */
import { promises as fsp } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { DEFAULT_STABLE_MS, sha256File } from '../workers/schedule/schedule-watch-node';
import { saveFileAtomic } from '../workers/store/plant-file-node';
import { LIMITS, type FolderScan, type ListFile, type WatchedExport } from './ipc-contract';
import { IpcFailure } from './ipc-handle';
import { folderSyntaxProblem, realFolderProblem, type FolderEnv } from './folder-policy';
import { pathKey } from './path-allow-list';

/** CSV/TSV exports, not hidden, not editor/temp files. */
export function isWatchedExport(name: string): boolean {
  return /\.(csv|tsv)$/i.test(name) && !name.startsWith('.') && !name.startsWith('~');
}

export interface ScanOptions {
  /** Wait between the two looks. Default 3000 ms (as `pdm run-due`). */
  stableMs?: number;
  /** Injectable for tests. Default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Largest single file (default LIMITS.maxImportFileBytes). */
  maxFileBytes?: number;
  /** Largest total returned by one scan (default LIMITS.maxImportTotalBytes). */
  maxTotalBytes?: number;
  /** Most files returned by one scan (default LIMITS.maxImportFiles). */
  maxFiles?: number;
}

interface Look {
  size: number;
  mtimeMs: number;
}

async function look(path: string): Promise<Look | null> {
  try {
    const st = await fsp.stat(path);
    return st.isFile() ? { size: st.size, mtimeMs: Math.round(st.mtimeMs) } : null;
  } catch {
    return null;
  }
}

const same = (a: Look | null, b: Look | null) =>
  !!a && !!b && a.size === b.size && a.mtimeMs === b.mtimeMs;

/**
 * New stable exports of `dir` (not its subfolders), in name order, skipping content
 * already in `knownHashes`. Files over the limits are reported in `skipped` (the ones
 * over the per-scan count or total are left for the next scan); a file still being
 * written is in `notStable`. Throws IpcFailure('io') when the folder cannot be read.
 */
export async function scanWatchedFolder(
  dir: string,
  knownHashes: readonly string[],
  opts: ScanOptions = {},
): Promise<FolderScan> {
  const stableMs = opts.stableMs ?? DEFAULT_STABLE_MS;
  if (!(stableMs >= 0)) throw new RangeError(`stableMs must be 0 or more, got ${stableMs}`);
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxFileBytes = opts.maxFileBytes ?? LIMITS.maxImportFileBytes;
  const maxTotalBytes = opts.maxTotalBytes ?? LIMITS.maxImportTotalBytes;
  const maxFiles = opts.maxFiles ?? LIMITS.maxImportFiles;
  let names: string[];
  try {
    names = (await fsp.readdir(dir)).filter(isWatchedExport).sort();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new IpcFailure('io', `watch folder ${dir} cannot be read: ${err.code ?? err.message}`);
  }
  const known = new Set(knownHashes);
  const scan: FolderScan = { files: [], notStable: [], skipped: [] };
  const first = new Map<string, Look>();
  /** Where each name really is: a link leading out of the folder is not followed. */
  const where = new Map<string, string>();
  const dirKey = pathKey(await fsp.realpath(dir).catch(() => dir));
  for (const name of names) {
    const real = await fsp.realpath(join(dir, name)).catch(() => null);
    if (!real) continue;
    if (pathKey(dirname(real)) !== dirKey) {
      scan.skipped.push({ name, message: 'a link to a file outside the folder; not read' });
      continue;
    }
    const st = await look(real);
    if (!st) continue;
    where.set(name, real);
    if (st.size > maxFileBytes) {
      scan.skipped.push({
        name,
        message: `${st.size} bytes; the limit for one import file is ${maxFileBytes} bytes`,
      });
    } else first.set(name, st);
  }
  if (!first.size) return scan;
  await sleep(stableMs);
  let total = 0;
  for (const [name, st1] of first) {
    const path = where.get(name)!;
    const st2 = await look(path);
    if (!st2) continue; // removed meanwhile
    if (!same(st1, st2)) {
      scan.notStable.push(name);
      continue;
    }
    let hash: string;
    try {
      hash = await sha256File(path);
    } catch (e) {
      scan.skipped.push({ name, message: `cannot be read: ${(e as Error).message}` });
      continue;
    }
    if (!same(st2, await look(path))) {
      scan.notStable.push(name);
      continue;
    }
    if (known.has(hash)) continue;
    if (scan.files.length >= maxFiles || total + st2.size > maxTotalBytes) {
      scan.skipped.push({ name, message: 'over the limits of one scan; left for the next run' });
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await fsp.readFile(path));
    } catch (e) {
      scan.skipped.push({ name, message: `cannot be read: ${(e as Error).message}` });
      continue;
    }
    // Changed between hashing and reading: the next run looks again.
    if (bytes.byteLength !== st2.size || !same(st2, await look(path))) {
      scan.notStable.push(name);
      continue;
    }
    const file: WatchedExport = { name, hash, size: st2.size, mtimeMs: st2.mtimeMs, bytes };
    scan.files.push(file);
    known.add(hash); // the same content twice under two names is one export
    total += st2.size;
  }
  return scan;
}

/** Turns a list page (HTML) into PDF bytes; main renders it in a hidden window. */
export type HtmlToPdf = (html: string) => Promise<Uint8Array>;

/**
 * Writes list files atomically (no backups) into `dir`; resolves with their paths. A
 * `.pdf` file's text is the list page's HTML, printed to PDF by `htmlToPdf`.
 */
export async function writeListFiles(
  dir: string,
  files: readonly ListFile[],
  htmlToPdf?: HtmlToPdf,
): Promise<string[]> {
  const st = await fsp.stat(dir).catch(() => null);
  if (!st?.isDirectory()) throw new IpcFailure('io', `list folder ${dir} is not a folder`);
  const enc = new TextEncoder();
  const out: string[] = [];
  for (const f of files) {
    const path = join(dir, f.name);
    const pdf = /\.pdf$/i.test(f.name);
    if (pdf && !htmlToPdf) throw new IpcFailure('io', `cannot make ${f.name}: no PDF printer here`);
    try {
      await saveFileAtomic(path, pdf ? await htmlToPdf!(f.text) : enc.encode(f.text), 0);
    } catch (e) {
      throw new IpcFailure('io', `could not write ${path}: ${(e as Error).message}`);
    }
    out.push(path);
  }
  return out;
}

/** The running user, for the folder policy. */
export function hostFolderEnv(): FolderEnv {
  return {
    platform: process.platform,
    home: homedir(),
    uid: typeof process.getuid === 'function' ? process.getuid() : undefined,
  };
}

/**
 * The real path of a schedule folder, after the policy: the path as given and its real
 * path (links and junctions resolved) must both pass. Throws IpcFailure
 * 'path-not-allowed' (refused by the policy) or 'io' (missing, not a folder).
 */
export async function realScheduleFolder(
  path: string,
  env: FolderEnv = hostFolderEnv(),
): Promise<string> {
  const given = folderSyntaxProblem(path);
  if (given) throw new IpcFailure('path-not-allowed', `the folder ${path} ${given}`);
  let real: string;
  try {
    real = await fsp.realpath(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new IpcFailure('io', `the folder ${path} cannot be found (${code})`);
  }
  const st = await fsp.stat(real).catch(() => null);
  if (!st?.isDirectory()) throw new IpcFailure('io', `${path} is not a folder`);
  const why = realFolderProblem(real, env, { ownerUid: st.uid });
  if (why) {
    const shown = real === path ? path : `${path} (really ${real})`;
    throw new IpcFailure('path-not-allowed', `the folder ${shown} ${why}`);
  }
  return real;
}
