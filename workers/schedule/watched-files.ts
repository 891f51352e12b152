/**
 * The owner of `watched_files`. Importing one new file of a watched folder and
 * recording it, the same way for the headless runner and the app: a file that fails is
 * recorded as failed with its message (and never retried: its hash is known), a cancel
 * is not. Both ask here whether a file was seen before.
 */
import type { Store } from '../store/store';
import { CancelledError } from '../shared/types';
import type { WatchSummary } from './types';

export interface WatchedFile {
  path: string;
  hash: string;
  size: number;
  mtimeMs: number;
}

export async function importWatchedFile(
  store: Store,
  file: WatchedFile,
  importIt: () => Promise<unknown>,
  summary: WatchSummary,
  importedAt: string,
  signal?: AbortSignal,
): Promise<void> {
  let status: 'imported' | 'failed' = 'imported';
  let message: string | null = null;
  try {
    await importIt();
    summary.imported++;
  } catch (e) {
    if (signal?.aborted || e instanceof CancelledError) throw e;
    status = 'failed';
    message = (e as Error)?.message ?? String(e);
    summary.failed.push({ path: file.path, message });
  }
  store.db.run(
    `INSERT INTO watched_files(path, content_hash, size, mtime_ms, imported_at, status, message)
     VALUES(?,?,?,?,?,?,?)`,
    [file.path, file.hash, file.size, file.mtimeMs, importedAt, status, message],
  );
}

/** True when a file with these bytes was processed before (imported or failed). */
export function contentSeen(store: Store, hash: string): boolean {
  return store.scalar('SELECT 1 FROM watched_files WHERE content_hash=?', [hash]) !== null;
}

/** True when this path was processed with this size and modification time. */
export function sameFileSeen(store: Store, path: string, size: number, mtimeMs: number): boolean {
  return (
    store.scalar('SELECT 1 FROM watched_files WHERE path=? AND size=? AND mtime_ms=?', [
      path,
      size,
      mtimeMs,
    ]) !== null
  );
}

/** The content hashes processed before, so a folder scan can skip hashing them again. */
export function seenContentHashes(store: Store): string[] {
  return store
    .all<{ h: string }>('SELECT DISTINCT content_hash AS h FROM watched_files')
    .map((r) => r.h);
}

export interface WatchedFileRow {
  path: string;
  contentHash: string;
  size: number;
  mtimeMs: number;
  importedAt: string;
  status: 'imported' | 'failed';
  message: string | null;
}

/** Files processed from watched folders, newest first. */
export function listWatchedFiles(store: Store): WatchedFileRow[] {
  return store
    .all<{
      path: string;
      content_hash: string;
      size: number;
      mtime_ms: number;
      imported_at: string;
      status: 'imported' | 'failed';
      message: string | null;
    }>('SELECT * FROM watched_files ORDER BY imported_at DESC, id DESC')
    .map((r) => ({
      path: r.path,
      contentHash: r.content_hash,
      size: r.size,
      mtimeMs: r.mtime_ms,
      importedAt: r.imported_at,
      status: r.status,
      message: r.message,
    }));
}
