/**
 * The owner of `import_log`: one row per imported file (name, SHA-256 of its bytes,
 * kind, counts, start, duration, the full report as JSON). The importer records files
 * and asks whether a content was seen; statistics, the start screen and the scoring
 * run's request key read through the functions below.
 */
import type { Store } from './store';

export interface ImportLogEntry {
  fileName: string;
  contentHash: string;
  kind: string;
  rowsRead: number;
  /** Rows added or updated. */
  rowsAdded: number;
  rowsDuplicate: number;
  rowsRejected: number;
  /** ISO time the import started. */
  started: string;
  durationMs: number;
  /** The import report, as JSON. */
  reportJson: string;
}

export function recordImport(store: Store, e: ImportLogEntry): void {
  store.db.run(
    `INSERT INTO import_log(file_name, content_hash, kind, rows_read, rows_added, rows_duplicate,
       rows_rejected, started, duration_ms, report_json) VALUES(?,?,?,?,?,?,?,?,?,?)`,
    [
      e.fileName,
      e.contentHash,
      e.kind,
      e.rowsRead,
      e.rowsAdded,
      e.rowsDuplicate,
      e.rowsRejected,
      e.started,
      e.durationMs,
      e.reportJson,
    ],
  );
}

/** True when a file with these bytes was imported before. */
export function contentImported(store: Store, contentHash: string): boolean {
  return (
    store.scalar('SELECT 1 FROM import_log WHERE content_hash = ? LIMIT 1', [contentHash]) !== null
  );
}

export function importCount(store: Store): number {
  return Number(store.scalar('SELECT count(*) FROM import_log'));
}

/** Id of the latest import; 0 before any. Changes with every import. */
export function lastImportId(store: Store): number {
  return Number(store.scalar('SELECT coalesce(max(id), 0) FROM import_log'));
}

/** Files imported, rows they added, and the latest import (start and file), for `pdm stats`. */
export function importTotals(store: Store): {
  files: number;
  rowsAdded: number;
  lastImport: string | null;
  lastFile: string | null;
} {
  const sum = store.all<{ files: number; added: number | null }>(
    'SELECT count(*) AS files, sum(rows_added) AS added FROM import_log',
  )[0];
  const last = store.all<{ started: string; file_name: string }>(
    'SELECT started, file_name FROM import_log ORDER BY started DESC, id DESC LIMIT 1',
  )[0];
  return {
    files: Number(sum.files),
    rowsAdded: Number(sum.added ?? 0),
    lastImport: last?.started ?? null,
    lastFile: last?.file_name ?? null,
  };
}
