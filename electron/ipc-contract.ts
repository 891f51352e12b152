/**
 * The one IPC contract between the Electron main process, the preload and the renderer.
 *
 * Why one file: main, preload and renderer must agree on channel names, argument and
 * result shapes; keeping them here (GitHub Desktop's ipc-shared.ts pattern) makes a
 * mismatch a type error instead of a runtime surprise. This file is plain TypeScript:
 * types, channel constants and limits only. It must not import 'electron' or node
 * modules, because the renderer imports it (the lint rule allows exactly this file).
 *
 * Results: every invoke resolves to an {@link IpcResult}; a handler never rejects.
 * A dialog the user cancelled resolves to `{ ok: true, value: null }`.
 */

/** Invoke channels (renderer -> main, with a result). Namespaced `pdm:<area>:<verb>`. */
export const INVOKE = {
  appInfo: 'pdm:app:info',
  fileNew: 'pdm:file:new',
  fileOpen: 'pdm:file:open',
  fileOpenRecent: 'pdm:file:open-recent',
  fileRecent: 'pdm:file:recent',
  fileSave: 'pdm:file:save',
  fileSaveAs: 'pdm:file:save-as',
  fileSetDirty: 'pdm:file:set-dirty',
  fileClose: 'pdm:file:close',
  importPickFiles: 'pdm:import:pick-files',
  importPickFolder: 'pdm:import:pick-folder',
  printList: 'pdm:print:list',
  printPdf: 'pdm:print:pdf',
  notify: 'pdm:notify:show',
  schedulePickFolder: 'pdm:schedule:pick-folder',
  scheduleFolderStatus: 'pdm:schedule:folder-status',
  scheduleScanFolder: 'pdm:schedule:scan-folder',
  scheduleWriteList: 'pdm:schedule:write-list',
  modelSave: 'pdm:model:save',
  modelOpen: 'pdm:model:open',
} as const;

/** Event channels (main -> renderer, no result). */
export const EVENTS = {
  /** The scheduler clock: at launch, every {@link SCHEDULE_TICK_MS}, and on resume from sleep. */
  scheduleTick: 'pdm:schedule:tick',
  /** A File menu item was chosen; the renderer performs it through the API below. */
  menuCommand: 'pdm:menu:command',
} as const;

export type InvokeChannel = (typeof INVOKE)[keyof typeof INVOKE];
export type EventChannel = (typeof EVENTS)[keyof typeof EVENTS];

/** Limits enforced by the validators in main (and worth knowing in the renderer). */
export const LIMITS = {
  /** Largest plant database the renderer may hand to main for saving (1 GiB). */
  maxPlantBytes: 1024 * 1024 * 1024,
  /** Largest single file returned by the import pickers (512 MiB). */
  maxImportFileBytes: 512 * 1024 * 1024,
  /** Largest total of one import pick (1 GiB). */
  maxImportTotalBytes: 1024 * 1024 * 1024,
  /** Most files one import pick returns. */
  maxImportFiles: 500,
  /** Longest path string accepted from the renderer. */
  maxPathLength: 4096,
  /** Longest suggested file name (no folders) accepted from the renderer. */
  maxFileNameLength: 200,
  /** Longest notification title. */
  maxTitleLength: 200,
  /** Longest notification body. */
  maxBodyLength: 2000,
  /** Recent files kept. */
  maxRecentFiles: 10,
  /** Most folders one scheduleFolderStatus call names (and folders remembered per plant file). */
  maxScheduleFolders: 100,
  /** Most content hashes one scanWatchedFolder call passes as already known. */
  maxKnownHashes: 100_000,
  /** Most files one writeListFiles call writes. */
  maxListFiles: 8,
  /** Longest text of one written list file (64 MiB of UTF-16 code units). */
  maxListTextLength: 64 * 1024 * 1024,
  /** Largest model file written or read (256 MiB; a 200-tree forest is a few MiB). */
  maxModelFileBytes: 256 * 1024 * 1024,
} as const;

/** How often the main process ticks the scheduler clock while the app runs. */
export const SCHEDULE_TICK_MS = 30_000;

/**
 * The desktop app serves the built renderer (dist/renderer) at `app://pdm/`, index.html
 * at the root, so both absolute (`/assets/...`) and relative (`./assets/...`) asset URLs
 * work; workers and sql.js's .wasm load from the same origin.
 */
export const DESKTOP_ORIGIN = 'app://pdm';

/** File extension of plant databases (SQLite files). */
export const PLANT_FILE_EXTENSION = 'pdm';

/**
 * Content-Security-Policy of the renderer. The main process sends it as a header and
 * the renderer's index.html must carry the same value in a
 * `<meta http-equiv="Content-Security-Policy">` tag (belt and braces: the meta tag also
 * covers the browser build). `'wasm-unsafe-eval'` is in script-src only because sql.js
 * compiles its WebAssembly module; it allows WebAssembly compilation, not JS eval.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export type IpcErrorCode =
  /** The payload had the wrong type, size or shape. */
  | 'bad-payload'
  /** The call came from a frame that is not the app's own page. */
  | 'untrusted-sender'
  /**
   * A path the user has not chosen in a dialog nor listed in recent files; for schedule
   * folders, one not confirmed in the folder dialog for the open plant file, or one the
   * folder policy refuses (system, program, profile, hidden, network folders).
   */
  | 'path-not-allowed'
  /** Another instance of the app or the headless runner holds the plant file. */
  | 'locked'
  /** Save/PDF without an open plant file. */
  | 'no-file'
  /** Reading or writing a file failed (message says which and why). */
  | 'io'
  /** Anything else; the message explains. */
  | 'internal';

export interface IpcError {
  code: IpcErrorCode;
  message: string;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export interface AppInfo {
  name: string;
  version: string;
  platform: 'linux' | 'win32' | 'darwin' | string;
  /** True when the renderer runs under Electron (always true through window.pdm). */
  desktop: true;
}

/** A plant file the main process now considers current (and holds the lock of). */
export interface PlantRef {
  path: string;
  /** File name without folders, for titles. */
  name: string;
}

/** A plant file read from disk. */
export interface OpenedPlant extends PlantRef {
  bytes: Uint8Array;
}

/** A file picked for import, read by main (the renderer never names paths to read). */
export interface ImportFile {
  /** Name relative to the picked folder (or the bare file name). */
  name: string;
  bytes: Uint8Array;
}

export interface RecentFile {
  path: string;
  name: string;
}

export interface SavedFile {
  path: string;
  bytes: number;
}

/** What a schedule folder is for: its watched import folder or its maintenance-list folder. */
export type FolderPurpose = 'watch' | 'list';

/** A new, stable export found in a watched folder (read by main). */
export interface WatchedExport {
  /** Bare file name inside the folder. */
  name: string;
  /** sha-256 of the bytes, lowercase hex. */
  hash: string;
  size: number;
  /** Modification time, epoch ms (rounded), as recorded in watched_files. */
  mtimeMs: number;
  bytes: Uint8Array;
}

/**
 * Whether a schedule folder can be used with the open plant file on this computer:
 * - confirmed: the user chose it in the folder dialog for this plant file;
 * - unconfirmed: it has not been chosen here for this plant file (a plant file from
 *   elsewhere, or a folder typed in); choose it in the folder dialog to confirm it;
 * - refused: the folder policy never allows it (message says why);
 * - missing: it does not exist or is not a folder.
 */
export interface FolderStatus {
  path: string;
  state: 'confirmed' | 'unconfirmed' | 'refused' | 'missing';
  message?: string;
}

/** What one look at a watched folder found. */
export interface FolderScan {
  /** New exports (content hash not among the known ones), in name order. */
  files: WatchedExport[];
  /** Names still being written (size or time changed between the looks); next run. */
  notStable: string[];
  /** Names left out with the reason (too large, over the per-scan limits, unreadable). */
  skipped: { name: string; message: string }[];
}

/** A maintenance-list file to write into a schedule's list folder. */
export interface ListFile {
  /** Plain file name ending .html or .csv (no folders). */
  name: string;
  text: string;
}

/** Why the scheduler clock ticked. */
export type ScheduleTickReason = 'launch' | 'timer' | 'resume';

export interface ScheduleTick {
  /** Wall-clock time of the tick, epoch milliseconds. */
  now: number;
  reason: ScheduleTickReason;
}

/**
 * Commands sent by the application menu; the renderer carries them out via
 * {@link PdmApi}. 'open-recent' also arrives when the user opens a .pdm file from the
 * OS (file association, second instance): call openRecent(path), the path is allowed.
 */
export type MenuCommand =
  | { kind: 'new' }
  | { kind: 'open' }
  | { kind: 'open-recent'; path: string }
  | { kind: 'save' }
  | { kind: 'save-as' }
  | { kind: 'print' }
  | { kind: 'save-pdf' };

/** Arguments and results of every invoke channel. */
export interface InvokeMap {
  'pdm:app:info': { args: []; result: AppInfo };
  'pdm:file:new': { args: []; result: PlantRef | null };
  'pdm:file:open': { args: []; result: OpenedPlant | null };
  'pdm:file:open-recent': { args: [path: string]; result: OpenedPlant };
  'pdm:file:recent': { args: []; result: RecentFile[] };
  'pdm:file:save': { args: [bytes: Uint8Array]; result: SavedFile };
  'pdm:file:save-as': { args: [bytes: Uint8Array]; result: SavedFile | null };
  'pdm:file:set-dirty': { args: [dirty: boolean]; result: { dirty: boolean } };
  'pdm:file:close': { args: []; result: { closed: boolean } };
  'pdm:import:pick-files': { args: []; result: ImportFile[] | null };
  'pdm:import:pick-folder': { args: []; result: ImportFile[] | null };
  'pdm:print:list': { args: []; result: { printed: boolean } };
  'pdm:print:pdf': { args: [suggestedName?: string]; result: SavedFile | null };
  'pdm:notify:show': { args: [title: string, body: string]; result: { shown: boolean } };
  'pdm:schedule:pick-folder': {
    args: [purpose: FolderPurpose, current?: string];
    result: string | null;
  };
  'pdm:schedule:folder-status': { args: [paths: string[]]; result: FolderStatus[] };
  'pdm:schedule:scan-folder': {
    args: [path: string, knownHashes: string[]];
    result: FolderScan;
  };
  'pdm:schedule:write-list': { args: [folder: string, files: ListFile[]]; result: string[] };
  'pdm:model:save': { args: [suggestedName: string, text: string]; result: SavedFile | null };
  'pdm:model:open': { args: []; result: ModelFileText | null };
}

/** A model file main read after the user chose it in the open dialog. */
export interface ModelFileText {
  name: string;
  text: string;
}

export type InvokeArgs<C extends InvokeChannel> = InvokeMap[C]['args'];
export type InvokeResult<C extends InvokeChannel> = InvokeMap[C]['result'];

export interface EventMap {
  'pdm:schedule:tick': ScheduleTick;
  'pdm:menu:command': MenuCommand;
}

/** Removes a listener added through the API. */
export type Unsubscribe = () => void;

/**
 * The object the preload exposes as `window.pdm` (desktop only; absent in the browser
 * build, so the renderer checks `window.pdm` before using it).
 */
export interface PdmApi {
  appInfo(): Promise<IpcResult<AppInfo>>;
  /** Save dialog for a new plant file; main takes the file's lock and makes it current. */
  newPlant(): Promise<IpcResult<PlantRef | null>>;
  /** Open dialog; main takes the lock, reads the file and makes it current. */
  openPlant(): Promise<IpcResult<OpenedPlant | null>>;
  /** Opens a path from {@link recentFiles} (any other path is refused). */
  openRecent(path: string): Promise<IpcResult<OpenedPlant>>;
  recentFiles(): Promise<IpcResult<RecentFile[]>>;
  /** Atomic save (temp, fsync, backups, rename) of the database to the current path. */
  savePlant(bytes: Uint8Array): Promise<IpcResult<SavedFile>>;
  /** Save dialog, then atomic save; the new path becomes current. */
  savePlantAs(bytes: Uint8Array): Promise<IpcResult<SavedFile | null>>;
  /**
   * Tells main whether the database has unsaved changes, so closing the window asks
   * Save / Don't save / Cancel. "Save" arrives as the menu command `{ kind: 'save' }`;
   * the window closes after the next successful savePlant/savePlantAs.
   */
  setDirty(dirty: boolean): Promise<IpcResult<{ dirty: boolean }>>;
  /**
   * The window no longer shows the current file's plant (the demo was opened, the plant
   * closed): main lets go of the file and its lock, so no later save writes that plant
   * over the file.
   */
  closePlantFile(): Promise<IpcResult<{ closed: boolean }>>;
  /** Open dialog for CSV exports; main reads them. */
  pickImportFiles(): Promise<IpcResult<ImportFile[] | null>>;
  /** Folder dialog; main reads the CSV files in it (and one level of subfolders). */
  pickImportFolder(): Promise<IpcResult<ImportFile[] | null>>;
  /** System print dialog for the page as shown (the renderer shows the print view first). */
  printMaintenanceList(): Promise<IpcResult<{ printed: boolean }>>;
  /** printToPDF, save dialog, atomic write. */
  savePdf(suggestedName?: string): Promise<IpcResult<SavedFile | null>>;
  /** Desktop notification (e.g. a run found risks above the high threshold). */
  notify(title: string, body: string): Promise<IpcResult<{ shown: boolean }>>;
  /**
   * Folder dialog for a schedule's watched folder or list folder (opening at `current`,
   * a folder to confirm, when given). The chosen folder is remembered by main for the
   * open plant file and usable by {@link scanWatchedFolder} / {@link writeListFiles};
   * a folder the policy refuses (system, program, profile, hidden, network) fails with
   * 'path-not-allowed'.
   */
  pickFolder(purpose: FolderPurpose, current?: string): Promise<IpcResult<string | null>>;
  /**
   * Which of these folders (named in the open plant's schedules) can be used; the page
   * asks the user to confirm the 'unconfirmed' ones with {@link pickFolder}. Main only
   * reports: nothing becomes usable through this call.
   */
  scheduleFolderStatus(paths: string[]): Promise<IpcResult<FolderStatus[]>>;
  /**
   * New stable CSV/TSV exports of a confirmed folder (not its subfolders) whose content
   * hash is not in `knownHashes`: size and time must not change between two looks a few
   * seconds apart; import size limits apply.
   */
  scanWatchedFolder(path: string, knownHashes: string[]): Promise<IpcResult<FolderScan>>;
  /** Writes .html/.csv/.pdf files atomically into a confirmed folder; resolves with their paths. */
  writeListFiles(folder: string, files: ListFile[]): Promise<IpcResult<string[]>>;
  /** The scheduler clock; the renderer starts the runs that are due. */
  /** Save dialog for a model file (.json), then an atomic write of its text. */
  saveModelFile(suggestedName: string, text: string): Promise<IpcResult<SavedFile | null>>;
  /** Open dialog for a model file; main reads it (at most {@link LIMITS.maxModelFileBytes}). */
  openModelFile(): Promise<IpcResult<ModelFileText | null>>;
  onDueRuns(callback: (tick: ScheduleTick) => void): Unsubscribe;
  onMenuCommand(callback: (command: MenuCommand) => void): Unsubscribe;
}

/** Maps each API method to its invoke channel, so the preload is a loop, not hand-written calls. */
export const API_CHANNELS = {
  appInfo: INVOKE.appInfo,
  newPlant: INVOKE.fileNew,
  openPlant: INVOKE.fileOpen,
  openRecent: INVOKE.fileOpenRecent,
  recentFiles: INVOKE.fileRecent,
  savePlant: INVOKE.fileSave,
  savePlantAs: INVOKE.fileSaveAs,
  setDirty: INVOKE.fileSetDirty,
  closePlantFile: INVOKE.fileClose,
  pickImportFiles: INVOKE.importPickFiles,
  pickImportFolder: INVOKE.importPickFolder,
  printMaintenanceList: INVOKE.printList,
  savePdf: INVOKE.printPdf,
  notify: INVOKE.notify,
  pickFolder: INVOKE.schedulePickFolder,
  scheduleFolderStatus: INVOKE.scheduleFolderStatus,
  scanWatchedFolder: INVOKE.scheduleScanFolder,
  writeListFiles: INVOKE.scheduleWriteList,
  saveModelFile: INVOKE.modelSave,
  openModelFile: INVOKE.modelOpen,
} as const satisfies Record<Exclude<keyof PdmApi, 'onDueRuns' | 'onMenuCommand'>, InvokeChannel>;

declare global {
  interface Window {
    /** Present only in the desktop app (see electron/preload.ts). */
    pdm?: PdmApi;
  }
}
