/**
 * The watched import folder: new CSV exports that land in a shared folder are imported
 * by the next run. Each file is imported once, by content (sha-256), whatever its name;
 * a file still being written is left for the next run (its size and modification time
 * must be the same in two looks `stableMs` apart); every processed file gets a row in
 * watched_files; a bad file is recorded 'failed' with its message and the others still
 * import.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store/store';
import { CancelledError, throwIfCancelled } from '../shared/types';
import type { WatchSummary } from './types';
import { contentSeen, importWatchedFile, sameFileSeen } from './watched-files';

export interface WatchOptions {
  /** Imports one file into the store (its own transaction); throws when the file is refused. */
  importFile: (path: string, signal?: AbortSignal) => Promise<unknown>;
  /** Wait between the two looks at each file. Default 3000 ms. */
  stableMs?: number;
  /** Injectable for tests (fake clock). Default setTimeout. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Time written to imported_at, epoch ms. Default Date.now. */
  now?: () => number;
  /** Which files count as exports. Default: names ending in .csv, not hidden or temporary. */
  accept?: (name: string) => boolean;
  signal?: AbortSignal;
}

export const DEFAULT_STABLE_MS = 3000;

const defaultAccept = (name: string) =>
  /\.csv$/i.test(name) && !name.startsWith('.') && !name.startsWith('~');

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason ?? new CancelledError());
      },
      { once: true },
    );
  });

/** sha-256 of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    h.update(chunk as Buffer);
  }
  return h.digest('hex');
}

async function look(path: string): Promise<{ size: number; mtimeMs: number } | null> {
  try {
    const st = await fsp.stat(path);
    return st.isFile() ? { size: st.size, mtimeMs: Math.round(st.mtimeMs) } : null;
  } catch {
    return null;
  }
}

/**
 * Imports the new stable exports in `dir` (not its subfolders), in name order. Throws
 * only when the folder cannot be read or the work is cancelled; problems with single
 * files are in the summary and in watched_files. The caller saves the store.
 */
export async function importWatchedFolder(
  store: Store,
  dir: string,
  opts: WatchOptions,
): Promise<WatchSummary> {
  const stableMs = opts.stableMs ?? DEFAULT_STABLE_MS;
  if (!(stableMs >= 0)) throw new RangeError(`stableMs must be 0 or more, got ${stableMs}`);
  const sleep = opts.sleep ?? defaultSleep;
  const now = opts.now ?? Date.now;
  const accept = opts.accept ?? defaultAccept;
  let names: string[];
  try {
    names = (await fsp.readdir(dir)).filter(accept).sort();
  } catch (e) {
    throw new Error(
      `watch folder ${dir} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  const summary: WatchSummary = { imported: 0, duplicates: 0, failed: [], notStable: [] };
  const first = new Map<string, { size: number; mtimeMs: number }>();
  for (const name of names) {
    const path = join(dir, name);
    const st = await look(path);
    if (!st) continue;
    // Seen before with the same size and time: no need to hash it again.
    if (sameFileSeen(store, path, st.size, st.mtimeMs)) summary.duplicates++;
    else first.set(path, st);
  }
  if (!first.size) return summary;
  await sleep(stableMs, opts.signal);
  for (const [path, st1] of first) {
    throwIfCancelled(opts.signal);
    const st2 = await look(path);
    if (!st2) continue; // removed meanwhile
    if (st2.size !== st1.size || st2.mtimeMs !== st1.mtimeMs) {
      summary.notStable.push(path);
      continue;
    }
    const hash = await sha256File(path);
    const st3 = await look(path);
    if (!st3 || st3.size !== st2.size || st3.mtimeMs !== st2.mtimeMs) {
      summary.notStable.push(path);
      continue;
    }
    if (contentSeen(store, hash)) {
      summary.duplicates++;
      continue;
    }
    await importWatchedFile(
      store,
      { path, hash, size: st3.size, mtimeMs: st3.mtimeMs },
      () => opts.importFile(path, opts.signal),
      summary,
      new Date(now()).toISOString(),
      opts.signal,
    );
  }
  return summary;
}
