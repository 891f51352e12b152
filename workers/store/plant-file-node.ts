/**
 * Node persistence for the plant database: the adapter used by the CLI and the
 * Electron main process. A save writes a temp file in the same folder, fsyncs it,
 * rotates backups (.bak1 newest .. .bak3), renames the temp file over the target and
 * fsyncs the folder, so a crash at any point leaves either the old or the new file.
 */
import { promises as fsp, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Store, StoreOpenError } from './store';

export const BACKUPS = 3;

/** The steps of a save, in order; a SaveError names the one that failed. */
export type SaveStep =
  'open-temp' | 'write' | 'fsync' | 'close' | 'backup' | 'rename' | 'fsync-dir';

/** The part of a file handle a save uses (node:fs/promises FileHandle fits). */
export interface SaveFileHandle {
  writeFile(data: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The file-system calls a save makes, injectable so tests can fail any step with
 * ENOSPC or EIO. Defaults to node:fs/promises.
 */
export interface SaveFs {
  open(path: string, flags: string): Promise<SaveFileHandle>;
  rename(from: string, to: string): Promise<void>;
  link(existing: string, newPath: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  rm(path: string, opts: { force: boolean }): Promise<void>;
  access(path: string): Promise<void>;
}

export const nodeSaveFs: SaveFs = {
  open: (p, flags) => fsp.open(p, flags),
  rename: (a, b) => fsp.rename(a, b),
  link: (a, b) => fsp.link(a, b),
  copyFile: (a, b) => fsp.copyFile(a, b),
  rm: (p, o) => fsp.rm(p, o),
  access: (p) => fsp.access(p),
};

export interface SaveOptions {
  /** Rotated copies of the previous file kept as `<path>.bak1` (newest) .. `.bakN`. Default 3. */
  backups?: number;
  /** File-system calls; default node:fs/promises. */
  fs?: SaveFs;
  /** Platform, for the folder fsync that Windows cannot do. Default process.platform. */
  platform?: string;
}

/** A save that failed; the file at `path` still holds the previous bytes. */
export class SaveError extends Error {
  constructor(
    message: string,
    readonly path: string,
    readonly step: SaveStep,
    /** errno code such as ENOSPC or EIO, when the OS gave one. */
    readonly code: string | undefined,
    readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'SaveError';
  }
}

const STEP_TEXT: Record<SaveStep, string> = {
  'open-temp': 'creating the temporary file',
  write: 'writing the temporary file',
  fsync: 'flushing the temporary file to disk',
  close: 'closing the temporary file',
  backup: 'rotating the backups',
  rename: 'replacing the file',
  'fsync-dir': 'flushing the folder to disk',
};

/** Errors from link() that mean "this file system has no hard links": copy instead. */
const NO_LINK = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/**
 * Writes bytes to path atomically, keeping rotated copies of the previous file.
 * Either the save completes, or it throws a SaveError (naming path, step and errno
 * code) with the previous file byte-for-byte in place and the temp file removed:
 * a failing final folder fsync undoes the rename from the `.bak1` it just made.
 * Accepts a number as the third argument for the backup count (older callers).
 */
export async function saveFileAtomic(
  path: string,
  bytes: Uint8Array,
  options: SaveOptions | number = {},
): Promise<void> {
  const opts = typeof options === 'number' ? { backups: options } : options;
  const backups = opts.backups ?? BACKUPS;
  if (!Number.isInteger(backups) || backups < 0 || backups > 99) {
    throw new RangeError(`backups must be a whole number from 0 to 99, got ${backups}`);
  }
  const fs = opts.fs ?? nodeSaveFs;
  const platform = opts.platform ?? process.platform;
  // A path that is a symbolic link saves into the file it points to, keeping the link.
  path = await followLinks(path);
  const dir = dirname(path);
  const tmp = join(dir, tempName(path, process.pid));
  let fh: SaveFileHandle | null = null;
  let step: SaveStep = 'open-temp';
  let previousExists = false;
  let backedUp = false;
  activeTemps.add(tmp);
  try {
    fh = await fs.open(tmp, 'wx');
    step = 'write';
    await fh.writeFile(bytes);
    step = 'fsync';
    await fh.sync();
    step = 'close';
    const closing = fh;
    fh = null;
    await closing.close();
    step = 'backup';
    previousExists = await exists(fs, path);
    if (backups > 0 && previousExists) {
      for (let i = backups - 1; i >= 1; i--) {
        const from = `${path}.bak${i}`;
        if (await exists(fs, from)) await fs.rename(from, `${path}.bak${i + 1}`);
      }
      await linkOrCopy(fs, path, `${path}.bak1`);
      backedUp = true;
    }
    step = 'rename';
    await fs.rename(tmp, path);
    step = 'fsync-dir';
    await syncDir(fs, dir, platform);
  } catch (e) {
    if (fh) await fh.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    let undone = '';
    if (step === 'fsync-dir')
      undone = await undoRename(fs, path, backedUp, previousExists, backups);
    const code = (e as NodeJS.ErrnoException)?.code;
    throw new SaveError(
      `could not save ${path}: ${code ? errnoText(code) + ' ' : ''}while ${STEP_TEXT[step]} ` +
        `(${(e as Error)?.message ?? String(e)}). ${undone || 'The previous file is unchanged.'}`,
      path,
      step,
      code,
      e,
    );
  } finally {
    activeTemps.delete(tmp);
  }
}

/** Temp files of saves running in this process now, for removeActiveTempsSync. */
const activeTemps = new Set<string>();

/**
 * Removes, synchronously, the temp files of saves this process is running, for a
 * process about to exit at once (the file itself is untouched: a save is atomic).
 */
export function removeActiveTempsSync(): void {
  for (const tmp of activeTemps) {
    activeTemps.delete(tmp);
    try {
      rmSync(tmp, { force: true });
    } catch {
      /* best effort: the next save sweeps it */
    }
  }
}

/** An errno code in words for messages: 'disk full (ENOSPC)'; other codes as they are. */
export function errnoText(code: string): string {
  const words: Record<string, string> = {
    ENOSPC: 'disk full',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'read-only file system',
    ENOENT: 'folder or file does not exist',
    ENOTDIR: 'a part of the path is not a folder',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'is a folder',
  };
  return words[code] ? `${words[code]} (${code})` : code;
}

/**
 * The file a path names once symbolic links in its last part are followed (the link's
 * target, even when that does not exist yet); the path itself when it is no link.
 * Saving and locking use it, so a link to a plant file stays a link.
 */
export async function followLinks(path: string): Promise<string> {
  let p = path;
  for (let hops = 0; hops < 40; hops++) {
    let isLink = false;
    try {
      isLink = (await fsp.lstat(p)).isSymbolicLink();
    } catch {
      return p;
    }
    if (!isLink) return p;
    p = resolve(dirname(p), await fsp.readlink(p));
  }
  throw Object.assign(new Error(`${path}: too many levels of symbolic links`), { code: 'ELOOP' });
}

/** `.<name>.<pid>.<ms>.tmp`: hidden, in the same folder (so rename is atomic), owner visible. */
function tempName(path: string, pid: number): string {
  return `.${basename(path)}.${pid}.${Date.now()}.tmp`;
}

/**
 * After a failed folder fsync the new file is already in place: put the previous one
 * back (rename .bak1 over it, then shift the other backups down) so that a SaveError
 * always means "nothing changed". Only the oldest backup is lost.
 */
async function undoRename(
  fs: SaveFs,
  path: string,
  backedUp: boolean,
  previousExists: boolean,
  backups: number,
): Promise<string> {
  try {
    if (backedUp) {
      await fs.rename(`${path}.bak1`, path);
      for (let i = 2; i <= backups; i++) {
        const from = `${path}.bak${i}`;
        if (await exists(fs, from)) await fs.rename(from, `${path}.bak${i - 1}`);
      }
    } else if (!previousExists) {
      await fs.rm(path, { force: true });
    } else {
      return 'The new file may be in place; there was no backup to restore from.';
    }
    return 'The previous file was restored.';
  } catch (e) {
    return `Restoring the previous file also failed (${(e as Error).message}); see ${path}.bak1.`;
  }
}

/** A hard link costs no space and no copy; file systems without links get a copy. */
async function linkOrCopy(fs: SaveFs, from: string, to: string): Promise<void> {
  await fs.rm(to, { force: true });
  try {
    await fs.link(from, to);
  } catch (e) {
    if (!NO_LINK.has((e as NodeJS.ErrnoException)?.code ?? '')) throw e;
    await fs.copyFile(from, to);
  }
}

async function syncDir(fs: SaveFs, dir: string, platform: string): Promise<void> {
  let dh: SaveFileHandle | null = null;
  try {
    dh = await fs.open(dir, 'r');
    await dh.sync();
  } catch (e) {
    // Windows cannot open or fsync a directory; the rename is still atomic there.
    if (platform !== 'win32') throw e;
  } finally {
    await dh?.close().catch(() => undefined);
  }
}

async function exists(fs: SaveFs, p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes temp files a killed save left beside `path` (`.<name>.<pid>.<ms>.tmp` whose
 * process is gone). Best effort; returns the names removed. Call it while holding the
 * plant lock so no live writer's temp file can be mistaken for a stale one.
 */
export async function removeStaleTemps(path: string): Promise<string[]> {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const m = /^(\d+)\.(\d+)\.tmp$/.exec(name.slice(prefix.length));
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || pidAlive(pid)) continue;
    await fsp
      .rm(join(dir, name), { force: true })
      .then(() => removed.push(name))
      .catch(() => undefined);
  }
  return removed;
}

/**
 * True when a process with this pid runs on this machine (EPERM: exists, not ours).
 * A zombie (exited, not yet reaped by its parent) does not run: kill(pid, 0) succeeds
 * on it, so on Linux its state in /proc/<pid>/stat is checked too.
 */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

/** Linux: the process state in /proc/<pid>/stat is Z (zombie) or X (dead). Elsewhere false. */
export function isZombie(pid: number, readStat = (p: string) => readFileSync(p, 'utf8')): boolean {
  let stat: string;
  try {
    stat = readStat(`/proc/${pid}/stat`);
  } catch {
    return false; // no /proc (macOS, Windows) or the process is gone already
  }
  // "pid (comm) S ...": comm may hold spaces and parentheses; the state follows the last ')'.
  const state = stat.slice(stat.lastIndexOf(')') + 1).trim()[0];
  return state === 'Z' || state === 'X';
}

/** A plant database opened from a file on disk. */
export class PlantFile {
  private constructor(
    readonly path: string,
    readonly store: Store,
  ) {}

  /**
   * Opens `path`; with `create`, a missing or empty (0-byte) file becomes a new empty
   * plant database (written on the first save). Without `create`, a missing file, an
   * empty file, a file that is not SQLite, fails `PRAGMA integrity_check`, or comes
   * from a newer schema is refused with a StoreOpenError. The file on disk is never
   * modified by opening it.
   */
  static async open(path: string, opts: { create?: boolean } = {}): Promise<PlantFile> {
    path = await followLinks(path);
    let bytes: Uint8Array | null = null;
    try {
      bytes = await fsp.readFile(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' || !opts.create) {
        throw new StoreOpenError(
          code === 'ENOENT'
            ? `${path} does not exist`
            : code === 'EISDIR'
              ? `${path} is a folder, not a plant database file`
              : `${path} could not be read: ${(e as Error).message}`,
        );
      }
    }
    if (bytes && bytes.length === 0 && !opts.create) {
      throw new StoreOpenError(`${path} is empty (0 bytes), not a plant database.`);
    }
    return new PlantFile(path, await Store.open(bytes, path));
  }

  /**
   * Saves atomically (see saveFileAtomic); options are for tests and special folders.
   * After a successful save, temp files that killed saves of this file left behind are
   * removed (removeStaleTemps; the caller holds the plant lock).
   */
  async save(options?: SaveOptions): Promise<void> {
    await saveFileAtomic(this.path, this.store.export(), options);
    await removeStaleTemps(this.path);
  }

  close(): void {
    this.store.close();
  }
}
