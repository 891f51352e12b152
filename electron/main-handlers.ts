/**
 * The IPC handlers of the desktop app: native dialogs, the plant file session, import
 * pickers, printing and notifications. Each is registered through registerHandlers
 * (ipc-handle.ts), so sender and payload are already validated when it runs.
 */
import {
  app,
  dialog,
  Notification,
  type BrowserWindow,
  type IpcMainInvokeEvent,
  type FileFilter,
} from 'electron';
import { promises as fsp } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { saveFileAtomic } from '../workers/store/plant-file-node';
import {
  INVOKE,
  LIMITS,
  PLANT_FILE_EXTENSION,
  type FolderPurpose,
  type FolderStatus,
  type SavedFile,
} from './ipc-contract';
import { IpcFailure, type Handlers } from './ipc-handle';
import type { CloseGuard } from './close-guard';
import type { FileSession } from './file-session';
import { listImportFolder, readImportFiles } from './import-files';
import type { FolderGrants } from './folder-grants';
import { folderSyntaxProblem, type FolderEnv } from './folder-policy';
import type { PathAllowList } from './path-allow-list';
import {
  hostFolderEnv,
  realScheduleFolder,
  scanWatchedFolder,
  writeListFiles,
  type HtmlToPdf,
} from './schedule-folders';
import { toRecentFile, type RecentFiles } from './recent-files';

export interface HandlerDeps {
  window(): BrowserWindow | null;
  session: FileSession;
  recent: RecentFiles;
  allow: PathAllowList;
  /**
   * Schedule folders (watched, list) the user chose in the folder dialog, per plant
   * file (electron/folder-grants.ts). Nothing else makes a folder usable.
   */
  folders: FolderGrants;
  /** The running user, for the folder policy (default: this process's). */
  folderEnv?: FolderEnv;
  guard: CloseGuard;
  iconPath?: string;
  /** Prints a list page to PDF (a hidden window); absent in tests. */
  htmlToPdf?: HtmlToPdf;
}

const PLANT_FILTERS: FileFilter[] = [
  { name: 'Plant files', extensions: [PLANT_FILE_EXTENSION, 'sqlite', 'db'] },
  { name: 'All files', extensions: ['*'] },
];

const MODEL_FILTERS: FileFilter[] = [
  { name: 'Model files', extensions: ['json'] },
  { name: 'All files', extensions: ['*'] },
];

/** A model file the user chose, as text; too large or unreadable is an 'io' failure. */
async function readModelFile(path: string): Promise<{ name: string; text: string }> {
  try {
    const size = (await fsp.stat(path)).size;
    if (size > LIMITS.maxModelFileBytes) {
      throw new IpcFailure(
        'io',
        `${basename(path)} is ${Math.round(size / 2 ** 20)} MiB; a model file is at most ` +
          `${LIMITS.maxModelFileBytes / 2 ** 20} MiB`,
      );
    }
    return { name: basename(path), text: await fsp.readFile(path, 'utf8') };
  } catch (e) {
    if (e instanceof IpcFailure) throw e;
    throw new IpcFailure('io', `could not read ${path}: ${(e as Error).message}`);
  }
}

function withExtension(path: string): string {
  return /\.[A-Za-z0-9]{1,8}$/.test(path) ? path : `${path}.${PLANT_FILE_EXTENSION}`;
}

/** Shows the "file in use" dialog for a lock refusal, then passes the failure on. */
async function lockDialog<T>(deps: HandlerDeps, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const win = deps.window();
    if (e instanceof IpcFailure && e.code === 'locked' && win) {
      await dialog.showMessageBox(win, {
        type: 'warning',
        title: 'Plant file in use',
        message: 'This plant file is already open somewhere else.',
        detail: e.message,
        buttons: ['OK'],
      });
    }
    throw e;
  }
}

async function askSavePath(
  deps: HandlerDeps,
  title: string,
  defaultName: string,
  filters: FileFilter[],
): Promise<string | null> {
  const win = deps.window();
  const opts = {
    title,
    defaultPath: join(app.getPath('documents'), defaultName),
    filters,
    properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<
      'createDirectory' | 'showOverwriteConfirmation'
    >,
  };
  const r = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
  if (r.canceled || !r.filePath) return null;
  return r.filePath;
}

async function askOpenPaths(
  deps: HandlerDeps,
  title: string,
  properties: Array<'openFile' | 'openDirectory' | 'multiSelections'>,
  filters?: FileFilter[],
): Promise<string[] | null> {
  const win = deps.window();
  const opts = { title, properties, filters };
  const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
  if (r.canceled || r.filePaths.length === 0) return null;
  return r.filePaths;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Reports a save's outcome to the close guard; after "Save" in the close prompt, a
 * successful save closes the window (once the result has been returned).
 */
async function trackSave<T>(deps: HandlerDeps, save: () => Promise<T | null>): Promise<T | null> {
  let saved: T | null = null;
  try {
    saved = await save();
  } finally {
    if (saved === null) deps.guard.onSaveFailed();
  }
  if (deps.guard.onSaved()) {
    setImmediate(() => deps.window()?.close());
  }
  return saved;
}

/** The key folder choices are remembered under: the open plant file's real path, or null. */
async function plantKey(session: FileSession): Promise<string | null> {
  const path = session.current?.path;
  if (!path) return null;
  return fsp.realpath(path).catch(() => resolve(path));
}

function folderTitle(purpose: FolderPurpose, confirming: boolean): string {
  if (confirming) {
    return purpose === 'watch'
      ? 'Confirm the folder new exports arrive in for this plant file'
      : 'Confirm the folder for maintenance lists for this plant file';
  }
  return purpose === 'watch'
    ? 'Choose the folder new exports arrive in'
    : 'Choose the folder for maintenance lists';
}

const notConfirmed = (path: string) =>
  `the folder ${path} has not been confirmed for this plant file on this computer: ` +
  'confirm it under Schedules (Confirm folder…) or choose it again in the schedule';

/**
 * The real path of a schedule folder the user confirmed for the open plant file;
 * IpcFailure 'path-not-allowed' for a folder never chosen here (or refused by the
 * policy), 'io' when it is missing.
 */
async function confirmedFolder(deps: HandlerDeps, path: string): Promise<string> {
  const real = await realScheduleFolder(path, deps.folderEnv ?? hostFolderEnv());
  if (!deps.folders.has(await plantKey(deps.session), real)) {
    throw new IpcFailure('path-not-allowed', notConfirmed(path));
  }
  return real;
}

async function folderStatus(deps: HandlerDeps, path: string): Promise<FolderStatus> {
  let real: string;
  try {
    real = await realScheduleFolder(path, deps.folderEnv ?? hostFolderEnv());
  } catch (e) {
    const f = e instanceof IpcFailure ? e : new IpcFailure('io', (e as Error).message);
    return { path, state: f.code === 'io' ? 'missing' : 'refused', message: f.message };
  }
  return deps.folders.has(await plantKey(deps.session), real)
    ? { path, state: 'confirmed' }
    : { path, state: 'unconfirmed', message: notConfirmed(path) };
}

export function createHandlers(deps: HandlerDeps): Handlers<IpcMainInvokeEvent> {
  const { session, recent, allow, folders, guard } = deps;
  return {
    [INVOKE.appInfo]: () => ({
      name: app.getName(),
      version: app.getVersion(),
      platform: process.platform,
      desktop: true,
    }),
    [INVOKE.fileNew]: async () => {
      const p = await askSavePath(
        deps,
        'New plant file',
        `plant.${PLANT_FILE_EXTENSION}`,
        PLANT_FILTERS,
      );
      if (!p) return null;
      const path = withExtension(p);
      allow.add(path);
      return lockDialog(deps, () => session.create(path));
    },
    [INVOKE.fileOpen]: async () => {
      const paths = await askOpenPaths(deps, 'Open plant file', ['openFile'], PLANT_FILTERS);
      if (!paths) return null;
      allow.add(paths[0]);
      return lockDialog(deps, () => session.open(paths[0]));
    },
    [INVOKE.fileOpenRecent]: async ([path]) => {
      try {
        return await lockDialog(deps, () => session.open(path));
      } catch (e) {
        if (e instanceof IpcFailure && e.code === 'io') await recent.remove(path).catch(() => {});
        throw e;
      }
    },
    [INVOKE.fileRecent]: async () => (await recent.current()).map(toRecentFile),
    [INVOKE.fileSave]: async ([bytes]) =>
      (await trackSave(deps, () => session.save(bytes))) as SavedFile,
    [INVOKE.fileSaveAs]: ([bytes]) =>
      trackSave(deps, async () => {
        const name = session.current?.name ?? `plant.${PLANT_FILE_EXTENSION}`;
        const p = await askSavePath(deps, 'Save plant file as', name, PLANT_FILTERS);
        if (!p) return null;
        const path = withExtension(p);
        allow.add(path);
        const before = await plantKey(session);
        const saved = await lockDialog(deps, () => session.saveAs(path, bytes));
        // The same plant under a new name keeps the folders confirmed for it.
        const after = await plantKey(session);
        if (after && after !== before) {
          await folders
            .copy(before, after)
            .catch((e: Error) => console.warn(`[folders] ${e.message}`));
        }
        return saved;
      }),
    [INVOKE.fileClose]: async () => {
      const closed = session.current !== null;
      await session.close();
      return { closed };
    },
    [INVOKE.fileSetDirty]: ([dirty]) => {
      guard.setDirty(dirty);
      return { dirty };
    },
    [INVOKE.importPickFiles]: async () => {
      const paths = await askOpenPaths(
        deps,
        'Import CSV exports',
        ['openFile', 'multiSelections'],
        [
          { name: 'CSV exports', extensions: ['csv', 'txt', 'tsv'] },
          { name: 'All files', extensions: ['*'] },
        ],
      );
      return paths ? readImportFiles(paths) : null;
    },
    [INVOKE.importPickFolder]: async () => {
      const dirs = await askOpenPaths(deps, 'Import a folder of CSV exports', ['openDirectory']);
      if (!dirs) return null;
      const files = await listImportFolder(dirs[0]).catch((e: Error) => {
        throw new IpcFailure('io', `could not list ${dirs[0]}: ${e.message}`);
      });
      return readImportFiles(files, dirs[0]);
    },
    [INVOKE.printList]: (_args, event) =>
      new Promise<{ printed: boolean }>((resolve) => {
        event.sender.print({ silent: false, printBackground: true }, (success) =>
          resolve({ printed: success }),
        );
      }),
    [INVOKE.printPdf]: async ([suggested], event) => {
      const name = suggested ?? `maintenance-list-${today()}.pdf`;
      const p = await askSavePath(deps, 'Save maintenance list as PDF', name, [
        { name: 'PDF', extensions: ['pdf'] },
      ]);
      if (!p) return null;
      const path = /\.pdf$/i.test(p) ? p : `${p}.pdf`;
      const pdf = await event.sender.printToPDF({ printBackground: true, pageSize: 'A4' });
      try {
        await saveFileAtomic(path, new Uint8Array(pdf), 0);
      } catch (e) {
        throw new IpcFailure('io', (e as Error).message);
      }
      return { path, bytes: pdf.byteLength };
    },
    [INVOKE.notify]: ([title, body]) => {
      if (!Notification.isSupported()) return { shown: false };
      const n = new Notification({ title, body, icon: deps.iconPath, silent: false });
      n.on('click', () => {
        const win = deps.window();
        if (win) {
          if (win.isMinimized()) win.restore();
          win.focus();
        }
      });
      n.show();
      return { shown: true };
    },
    [INVOKE.schedulePickFolder]: async ([purpose, current]) => {
      const confirming = current !== undefined && folderSyntaxProblem(current) === null;
      const win = deps.window();
      const opts = {
        title: folderTitle(purpose, confirming),
        ...(confirming ? { defaultPath: current } : {}),
        properties: ['openDirectory', 'createDirectory'] as Array<
          'openDirectory' | 'createDirectory'
        >,
      };
      const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
      if (r.canceled || r.filePaths.length === 0) return null;
      const dir = r.filePaths[0];
      const real = await realScheduleFolder(dir, deps.folderEnv ?? hostFolderEnv());
      await folders.grant(await plantKey(session), real).catch((e: Error) => {
        throw new IpcFailure('io', `could not remember the folder: ${e.message}`);
      });
      return dir;
    },
    [INVOKE.scheduleFolderStatus]: async ([paths]) => {
      const out: FolderStatus[] = [];
      for (const p of paths) out.push(await folderStatus(deps, p));
      return out;
    },
    [INVOKE.scheduleScanFolder]: async ([path, known]) =>
      scanWatchedFolder(await confirmedFolder(deps, path), known),
    [INVOKE.scheduleWriteList]: async ([folder, files]) =>
      writeListFiles(await confirmedFolder(deps, folder), files, deps.htmlToPdf),
    [INVOKE.modelSave]: async ([suggested, text]) => {
      const p = await askSavePath(deps, 'Export model', suggested, MODEL_FILTERS);
      if (!p) return null;
      const path = /\.json$/i.test(p) ? p : `${p}.json`;
      const bytes = new TextEncoder().encode(text);
      try {
        await saveFileAtomic(path, bytes, 0);
      } catch (e) {
        throw new IpcFailure('io', (e as Error).message);
      }
      return { path, bytes: bytes.byteLength };
    },
    [INVOKE.modelOpen]: async () => {
      const paths = await askOpenPaths(deps, 'Import model', ['openFile'], MODEL_FILTERS);
      if (!paths) return null;
      return readModelFile(paths[0]);
    },
  };
}
