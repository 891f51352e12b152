/**
 * Opening the plant file for a command: read it, run the command's work, and save
 * atomically only when the work finished (a failure or Ctrl-C stores nothing).
 * Writing commands hold the plant lock (`<file>.lock`) throughout, so a command never
 * saves over the desktop app or the scheduler runner, nor they over it.
 */
import { acquireLock, LockedError, type Lock, type LockOptions } from '../workers/store/lock-node';
import { errnoText, followLinks, PlantFile, SaveError } from '../workers/store/plant-file-node';
import { UserError } from './cli-kit';

export interface PlantOptions {
  /** The command changes the database: take the lock, and save when fn resolves. */
  write: boolean;
  /** A missing file becomes a new empty plant database. */
  create?: boolean;
  /** Who holds the lock, shown to others refused by it; default 'pdm'. Use 'pdm <command>'. */
  owner?: string;
  /** For tests: how the lock is taken (e.g. an fs that fails with ENOSPC). */
  lock?: LockOptions;
}

/** Errors of the disk or folder rather than of pdm: reported in words, exit 1. */
const DISK_CODES = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EIO']);

export async function withPlant<T>(
  path: string,
  opts: PlantOptions,
  fn: (plant: PlantFile) => Promise<T>,
): Promise<T> {
  let lock: Lock | null = null;
  // A --db that is a symbolic link: lock and save the file it points to, keep the link.
  const real = await followLinks(path);
  if (opts.write) {
    try {
      lock = await acquireLock(real, opts.owner ?? 'pdm', opts.lock);
    } catch (e) {
      if (e instanceof LockedError) throw new UserError(e.message);
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new UserError(`${path}: its folder does not exist`);
      if (code && DISK_CODES.has(code)) {
        throw new UserError(`${path}: cannot write in its folder: ${errnoText(code)}`);
      }
      throw e;
    }
  }
  try {
    const plant = await PlantFile.open(real, { create: opts.create });
    try {
      const result = await fn(plant);
      if (opts.write) {
        // A failed save (disk full, I/O error) is reported plainly, not as a crash.
        await plant.save().catch((e: unknown) => {
          throw e instanceof SaveError ? new UserError(e.message) : e;
        });
        // (The save also swept temp files of earlier killed saves, under our lock.)
      }
      return result;
    } finally {
      plant.close();
    }
  } finally {
    await lock?.release();
  }
}
