/**
 * A bundle written to a folder on disk, whole or not at all: files go into a hidden
 * temp folder beside the target, each fsynced, and the temp folder is renamed over
 * the target at the end (an earlier bundle there is replaced only then). A folder that
 * holds anything but an earlier bundle is refused, so an export never deletes files
 * it did not write.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { checkBundlePath, type BundleFile, type BundleSink } from './bundle-sink';

/** True when `dir` holds a bundle this program wrote (its manifest says so). */
function isBundle(dir: string): boolean {
  try {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { format?: unknown };
    return m.format === 'plant-pdm-bundle';
  } catch {
    return false;
  }
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms cannot open folders; the rename is still atomic there.
  }
}

export class FolderSink implements BundleSink {
  readonly dir: string;
  private readonly tmp: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
    if (existsSync(this.dir)) {
      if (!statSync(this.dir).isDirectory()) {
        throw new RangeError(`${dir} is a file; give a folder for the bundle`);
      }
      if (readdirSync(this.dir).length > 0 && !isBundle(this.dir)) {
        throw new RangeError(
          `${dir} holds other files; give a new or empty folder (or an earlier bundle to replace)`,
        );
      }
    }
    const parent = dirname(this.dir);
    if (!existsSync(parent)) throw new RangeError(`the folder ${parent} does not exist`);
    this.tmp = join(parent, `.${basename(this.dir)}.tmp-${process.pid}-${Date.now()}`);
    mkdirSync(this.tmp);
  }

  open(path: string): BundleFile {
    const full = join(this.tmp, ...checkBundlePath(path).split('/'));
    mkdirSync(dirname(full), { recursive: true });
    const fd = openSync(full, 'wx');
    return {
      write: (chunk) => {
        let o = 0;
        while (o < chunk.length) o += writeSync(fd, chunk, o, chunk.length - o);
      },
      close: () => {
        fsyncSync(fd);
        closeSync(fd);
      },
    };
  }

  commit(): Promise<void> {
    const old = `${this.tmp}.old`;
    const replacing = existsSync(this.dir);
    if (replacing) renameSync(this.dir, old);
    try {
      renameSync(this.tmp, this.dir);
    } catch (e) {
      if (replacing) renameSync(old, this.dir);
      throw e;
    }
    if (replacing) rmSync(old, { recursive: true, force: true });
    syncDir(dirname(this.dir));
    return Promise.resolve();
  }

  abort(): Promise<void> {
    rmSync(this.tmp, { recursive: true, force: true });
    return Promise.resolve();
  }
}
