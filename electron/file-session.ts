/**
 * The plant file the desktop app is working on: which path is current, the lock that
 * keeps other instances and the headless runner (`pdm run-due`) away from it, and the
 * atomic save (temp, fsync, rotated backups, rename) through saveFileAtomic.
 *
 * The renderer holds the database (sql.js) and hands main its bytes to save; main never
 * lets the renderer choose a path: paths come from native dialogs or the recent list.
 * Dependencies are injected so the logic is tested against a temp folder.
 */
import { basename } from 'node:path';
import type { OpenedPlant, PlantRef, SavedFile } from './ipc-contract';
import { IpcFailure } from './ipc-handle';
import { hasSqliteHeader } from './ipc-validate';
import { pathKey } from './path-allow-list';

/** A held plant-file lock (workers/store/lock-node.ts). */
export interface HeldLock {
  release(): Promise<void> | void;
}

export interface FileSessionDeps {
  /** Takes the lock of `path` or throws a message naming who holds it. */
  acquireLock(path: string): Promise<HeldLock>;
  readFile(path: string): Promise<Uint8Array>;
  saveFileAtomic(path: string, bytes: Uint8Array): Promise<void>;
  /** Called after a file became current (recent list, allow-list, window title). */
  onCurrent?(ref: PlantRef | null): Promise<void> | void;
  platform?: string;
}

function ref(path: string): PlantRef {
  return { path, name: basename(path) };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class FileSession {
  private currentPath: string | null = null;
  private lock: HeldLock | null = null;

  constructor(private readonly deps: FileSessionDeps) {}

  get current(): PlantRef | null {
    return this.currentPath ? ref(this.currentPath) : null;
  }

  private same(a: string, b: string): boolean {
    return pathKey(a, this.deps.platform) === pathKey(b, this.deps.platform);
  }

  /** Takes the lock of `path` (reusing ours when it is the current file). */
  private async lockFor(path: string): Promise<HeldLock> {
    if (this.lock && this.currentPath && this.same(path, this.currentPath)) return this.lock;
    try {
      return await this.deps.acquireLock(path);
    } catch (e) {
      // lock-node's LockedError already names the holder and what to do.
      if (e instanceof Error && e.name === 'LockedError') throw new IpcFailure('locked', e.message);
      throw new IpcFailure('io', `could not lock ${path}: ${message(e)}`);
    }
  }

  /** Makes `path` current under `lock`, releasing the previous file's lock. */
  private async switchTo(path: string, lock: HeldLock): Promise<void> {
    const previous = this.lock;
    this.lock = lock;
    this.currentPath = path;
    if (previous && previous !== lock) await Promise.resolve(previous.release()).catch(() => {});
    await this.deps.onCurrent?.(ref(path));
  }

  private async releaseIfNotCurrent(lock: HeldLock): Promise<void> {
    if (lock !== this.lock) await Promise.resolve(lock.release()).catch(() => {});
  }

  /** Opens an existing plant file: lock, read, check it is SQLite, make it current. */
  async open(path: string): Promise<OpenedPlant> {
    const lock = await this.lockFor(path);
    let bytes: Uint8Array;
    try {
      bytes = await this.deps.readFile(path);
    } catch (e) {
      await this.releaseIfNotCurrent(lock);
      throw new IpcFailure('io', `could not read ${path}: ${message(e)}`);
    }
    if (!hasSqliteHeader(bytes)) {
      await this.releaseIfNotCurrent(lock);
      throw new IpcFailure('io', `${path} is not a plant file (not a SQLite database)`);
    }
    await this.switchTo(path, lock);
    return { ...ref(path), bytes };
  }

  /** A new plant file at `path` (written by the first save, which the renderer does next). */
  async create(path: string): Promise<PlantRef> {
    const lock = await this.lockFor(path);
    await this.switchTo(path, lock);
    return ref(path);
  }

  /** Atomic save of `bytes` to the current file. */
  async save(bytes: Uint8Array): Promise<SavedFile> {
    if (!this.currentPath) {
      throw new IpcFailure('no-file', 'no plant file is open: use Save As to choose where to save');
    }
    return this.write(this.currentPath, bytes);
  }

  /** Atomic save to `path` (from the Save As dialog); `path` becomes current. */
  async saveAs(path: string, bytes: Uint8Array): Promise<SavedFile> {
    const lock = await this.lockFor(path);
    try {
      const saved = await this.write(path, bytes);
      await this.switchTo(path, lock);
      return saved;
    } catch (e) {
      await this.releaseIfNotCurrent(lock);
      throw e;
    }
  }

  private async write(path: string, bytes: Uint8Array): Promise<SavedFile> {
    try {
      await this.deps.saveFileAtomic(path, bytes);
    } catch (e) {
      throw new IpcFailure('io', message(e));
    }
    return { path, bytes: bytes.byteLength };
  }

  /** Releases the lock (window closed, app quitting). */
  async close(): Promise<void> {
    const lock = this.lock;
    this.lock = null;
    this.currentPath = null;
    if (lock) await Promise.resolve(lock.release()).catch(() => {});
    await this.deps.onCurrent?.(null);
  }
}
