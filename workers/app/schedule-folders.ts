/**
 * Schedule folders inside the app (desktop): the host (the Electron main process,
 * reached through the renderer) reads the watched folder and writes list files; this
 * file does the rest in the engine worker, exactly as the headless `pdm run-due` does:
 * each new export is imported once through the CSV importer and recorded in
 * watched_files (schema v3, same rows), and the maintenance list is the same document
 * `pdm print` writes (maintenanceListForRun), named like run-due's files. The browser
 * has no host folders, so these actions are not used there. Platform-neutral.
 */
import { importCsv } from '../ingest';
import { watchedFolderOptions } from '../ingest/profiles';
import { maintenanceListForRun } from '../report/list-for-run';
import { throwIfCancelled } from '../shared/types';
import type { Store } from '../store/store';
import type { RunActions, WatchSummary } from '../schedule/types';
import { contentSeen, importWatchedFile, seenContentHashes } from '../schedule/watched-files';

/** One new, stable export the host found (mirrors electron's WatchedExport). */
export interface HostExport {
  name: string;
  /** sha-256, lowercase hex. */
  hash: string;
  size: number;
  mtimeMs: number;
  bytes: Uint8Array;
}

/** What one look at a watched folder found (mirrors electron's FolderScan). */
export interface HostFolderScan {
  files: HostExport[];
  notStable: string[];
  skipped: { name: string; message: string }[];
}

/**
 * The folder capabilities of a host (desktop: window.pdm through a Comlink proxy).
 * Both reject when the folder is not allowed or cannot be read/written.
 */
export interface ScheduleFolderAccess {
  /** New stable exports of `dir` whose hash is not in `knownHashes`. */
  scan(dir: string, knownHashes: string[]): Promise<HostFolderScan>;
  /** Writes the files into `dir`; resolves with the written paths. */
  writeFiles(dir: string, files: { name: string; text: string }[]): Promise<string[]>;
}

export interface FolderActionOptions {
  /** Risk threshold of the written list. Default: the plant's high threshold (as `pdm run-due`). */
  listMinRisk?: number;
  /** Plant name printed on the list. Default 'plant'. */
  plantName?: string;
  /** Time printed on the list, epoch ms. Default Date.now. */
  now?: () => number;
}

/** The folder joined with a file name, with the folder's own separator. */
export function joinHostPath(dir: string, name: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

/** A file-name-safe stamp of a slot, e.g. 2025-06-04T0400Z (as `pdm run-due`). */
export const slotStamp = (slot: number): string =>
  new Date(slot * 1000).toISOString().slice(0, 16).replace(':', '') + 'Z';

/** The list file name of a schedule's slot without extension (as `pdm run-due`). */
export function listFileBase(scheduleName: string, slot: number): string {
  const safe = scheduleName.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^\.+/, '');
  return `maintenance-list-${safe}-${slotStamp(slot)}`;
}

function chunksOf(bytes: Uint8Array): () => AsyncIterable<Uint8Array> {
  return async function* () {
    yield bytes;
  };
}

/**
 * The import and list actions of a run through a host's folders. A refused file is
 * recorded 'failed' with its message and the others still import; files the host
 * left out (too large) are reported without a row, so they are reported again.
 */
export function folderActions(
  store: Store,
  folders: ScheduleFolderAccess,
  opts: FolderActionOptions = {},
): Required<Pick<RunActions, 'importWatched' | 'writeList'>> {
  const now = opts.now ?? Date.now;
  return {
    async importWatched(dir, ctx) {
      const readWith = watchedFolderOptions(store, ctx.schedule.action.profile);
      const known = seenContentHashes(store);
      const scan = await folders.scan(dir, known);
      throwIfCancelled(ctx.signal);
      const summary: WatchSummary = {
        imported: 0,
        duplicates: 0,
        failed: scan.skipped.map((s) => ({ path: joinHostPath(dir, s.name), message: s.message })),
        notStable: scan.notStable.map((n) => joinHostPath(dir, n)),
      };
      for (const f of scan.files) {
        throwIfCancelled(ctx.signal);
        const path = joinHostPath(dir, f.name);
        if (contentSeen(store, f.hash)) {
          summary.duplicates++;
          continue;
        }
        await importWatchedFile(
          store,
          { path, hash: f.hash, size: f.size, mtimeMs: f.mtimeMs },
          () =>
            importCsv(
              store,
              { name: path, size: f.size, chunks: chunksOf(f.bytes) },
              { ...readWith, signal: ctx.signal },
            ),
          summary,
          new Date(now()).toISOString(),
          ctx.signal,
        );
      }
      return summary;
    },
    async writeList(runId, dir, formats, ctx) {
      const list = maintenanceListForRun(store, {
        runId,
        ...(opts.listMinRisk === undefined ? {} : { minRisk: opts.listMinRisk }),
        plant: opts.plantName ?? 'plant',
        generated: new Date(now()),
      });
      if (!list) throw new Error(`scoring run #${runId} is missing`);
      const base = listFileBase(ctx.schedule.name, ctx.slot);
      const files: { name: string; text: string }[] = [];
      for (const f of formats) {
        // a .pdf file carries the list page; the desktop host prints it to PDF
        files.push({ name: `${base}.${f}`, text: f === 'csv' ? list.csv() : list.html() });
      }
      if (!files.length) return { files: [] };
      throwIfCancelled(ctx.signal);
      return { files: await folders.writeFiles(dir, files) };
    },
  };
}
