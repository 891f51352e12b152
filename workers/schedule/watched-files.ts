/**
 * Importing one new file of a watched folder and recording it in watched_files, the
 * same way for the headless runner and the app: a file that fails is recorded as
 * failed with its message (and never retried: its hash is known), a cancel is not.
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
