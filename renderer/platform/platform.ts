/**
 * What the screens need from the host, whichever it is: the browser build (OPFS, file
 * inputs, downloads, window.print) or the desktop app (window.pdm, the typed bridge of
 * electron/ipc-contract.ts). Screens call these functions and never test for the host
 * themselves.
 */
import type { ImportSource } from '../../workers/app/api-types';
import type { ScheduleFolderAccess } from '../../workers/app/schedule-folders';
import type { FolderStatus, MenuCommand } from '../ipc-types';

export interface OpenedFile {
  name: string;
  bytes: Uint8Array;
}

/** A text file the user chose (a model file). */
export interface OpenedText {
  name: string;
  text: string;
}

export interface Platform {
  kind: 'browser' | 'desktop';
  /** Where the engine worker keeps the plant between sessions. */
  persistMode: 'opfs' | 'none';
  /** Native dialogs for import (desktop); null in the browser, which uses file inputs. */
  pickImport: ((folder: boolean) => Promise<ImportSource[] | null>) | null;
  /** Opens a plant file through a native dialog (desktop); null in the browser. */
  openPlant: (() => Promise<OpenedFile | null>) | null;
  /** Creates a new plant file through a native dialog (desktop); null in the browser. */
  newPlant: (() => Promise<{ name: string } | null>) | null;
  /** Called after every change with a way to get the bytes (desktop saves the file). */
  afterChange(getBytes: () => Promise<Uint8Array>): Promise<void>;
  /**
   * True when the open plant has changes kept nowhere but in the app (desktop: the demo
   * plant or a plant whose file could not be written), so replacing it must ask first.
   * Always false in the browser build, where every plant is kept in the browser.
   */
  unsavedChanges(): boolean;
  /**
   * The app no longer shows the open file's plant (the demo was opened, the plant was
   * closed): the desktop lets go of the file, so no later save writes over it.
   */
  detachFile(): Promise<void>;
  /** Save as: a download in the browser, a save dialog on the desktop. */
  saveAs(bytes: Uint8Array, name: string): Promise<void>;
  /** Saves a text file (CSV export). */
  saveText(name: string, text: string, mime: string): Promise<void>;
  /** Prints the page as shown (the print view). */
  print(): Promise<void>;
  /** Saves the page as PDF where the host can (desktop); null otherwise. */
  savePdf: ((name: string) => Promise<void>) | null;
  /** Opens a recently used plant file by path (desktop); null in the browser. */
  openRecent: ((path: string) => Promise<OpenedFile | null>) | null;
  /**
   * Schedule folders (desktop): a folder dialog for a schedule's watched or list folder
   * (at `current` to confirm a folder a plant file names), which folders of the open
   * plant file's schedules are usable here, and the access the engine worker's runs use
   * to import and write. Null in the browser, which cannot read folders (`pdm run-due`
   * does it there).
   */
  scheduleFolders: {
    pick(purpose: 'watch' | 'list', current?: string): Promise<string | null>;
    status(dirs: string[]): Promise<FolderStatus[]>;
    access: ScheduleFolderAccess;
  } | null;
  /**
   * Exports a model file: a download in the browser, a save dialog on the desktop.
   * Resolves false when the user cancelled the dialog.
   */
  saveModelFile(name: string, text: string): Promise<boolean>;
  /** Open dialog for a model file (desktop); null in the browser, which uses a file input. */
  openModelFile: (() => Promise<OpenedText | null>) | null;
  /** Subscribes to the native File menu (desktop); null in the browser. */
  onMenuCommand: ((callback: (command: HostMenuCommand) => void) => () => void) | null;
}

/** A command from the desktop app's File menu. */
export type HostMenuCommand = MenuCommand;

/** Downloads bytes as a file (browser). */
export function download(name: string, data: BlobPart, mime: string): void {
  const url = URL.createObjectURL(new Blob([data], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
