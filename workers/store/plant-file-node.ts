/**
 * Node persistence for the plant database: the adapter used by the CLI and the
 * Electron main process. A save writes a temp file in the same folder, fsyncs it,
 * rotates backups (.bak1 newest .. .bak3), renames the temp file over the target and
 * fsyncs the folder, so a crash at any point leaves either the old or the new file.
 */
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Store, StoreOpenError } from './store';

export const BACKUPS = 3;

export class SaveError extends Error {
  constructor(
    message: string,
    readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'SaveError';
  }
}

/** Writes bytes to path atomically, keeping `backups` rotated copies of the previous file. */
export async function saveFileAtomic(
  path: string,
  bytes: Uint8Array,
  backups = BACKUPS,
): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  let fh: fsp.FileHandle | null = null;
  try {
    fh = await fsp.open(tmp, 'wx');
    await fh.writeFile(bytes);
    await fh.sync();
    await fh.close();
    fh = null;
    if (backups > 0 && (await exists(path))) {
      for (let i = backups - 1; i >= 1; i--) {
        const from = `${path}.bak${i}`;
        if (await exists(from)) await fsp.rename(from, `${path}.bak${i + 1}`);
      }
      await fsp.copyFile(path, `${path}.bak1`);
    }
    await fsp.rename(tmp, path);
    await syncDir(dir);
  } catch (e) {
    if (fh) await fh.close().catch(() => undefined);
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    const code = (e as NodeJS.ErrnoException).code;
    throw new SaveError(
      `could not save ${path}: ${code ? code + ' ' : ''}${(e as Error).message}. The previous file is unchanged.`,
      e,
    );
  }
}

async function syncDir(dir: string): Promise<void> {
  let dh: fsp.FileHandle | null = null;
  try {
    dh = await fsp.open(dir, 'r');
    await dh.sync();
  } catch (e) {
    // Windows cannot open or fsync a directory; the rename is still atomic there.
    if (process.platform !== 'win32') throw e;
  } finally {
    await dh?.close().catch(() => undefined);
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fsp.access(p);
    return true;
  } catch {
    return false;
  }
}

/** A plant database opened from a file on disk. */
export class PlantFile {
  private constructor(
    readonly path: string,
    readonly store: Store,
  ) {}

  /**
   * Opens `path`; with `create`, a missing file becomes a new empty plant database
   * (written on the first save). The file on disk is never modified by opening it.
   */
  static async open(path: string, opts: { create?: boolean } = {}): Promise<PlantFile> {
    let bytes: Uint8Array | null = null;
    try {
      bytes = await fsp.readFile(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || !opts.create) {
        throw new StoreOpenError(
          (e as NodeJS.ErrnoException).code === 'ENOENT'
            ? `${path} does not exist`
            : `${path} could not be read: ${(e as Error).message}`,
        );
      }
    }
    return new PlantFile(path, await Store.open(bytes, path));
  }

  async save(): Promise<void> {
    await saveFileAtomic(this.path, this.store.export());
  }

  close(): void {
    this.store.close();
  }
}
