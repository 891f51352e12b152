/**
 * Where an export bundle's files go. The export writes every file through this small
 * interface, so the CLI can write a folder on disk (bundle-sink-node.ts: a temp folder
 * renamed into place at the end, so a bundle is whole or absent) and the browser build
 * can collect the files in memory for a download.
 */

/** One file being written, in chunks, in order. */
export interface BundleFile {
  write(chunk: Uint8Array): void;
  close(): void;
}

export interface BundleSink {
  /** A new file at a bundle-relative path with `/` separators (`tables/telemetry.parquet`). */
  open(path: string): BundleFile;
  /** Every file is written: make the bundle visible. */
  commit(): Promise<void>;
  /** The export failed or was cancelled: leave nothing behind. */
  abort(): Promise<void>;
}

/** Paths the bundle writes: relative, `/`-separated, no `..` or empty parts. */
export function checkBundlePath(path: string): string {
  const parts = path.split('/');
  if (path === '' || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\'))) {
    throw new RangeError(`bundle file path '${path}' must be relative, with / between names`);
  }
  return path;
}

/** A sink that keeps the files in memory (browser downloads, tests). */
export class MemorySink implements BundleSink {
  readonly files = new Map<string, Uint8Array>();
  committed = false;

  open(path: string): BundleFile {
    checkBundlePath(path);
    const chunks: Uint8Array[] = [];
    return {
      write: (chunk) => void chunks.push(chunk.slice()),
      close: () => {
        const size = chunks.reduce((n, c) => n + c.length, 0);
        const all = new Uint8Array(size);
        let o = 0;
        for (const c of chunks) {
          all.set(c, o);
          o += c.length;
        }
        this.files.set(path, all);
      },
    };
  }

  commit(): Promise<void> {
    this.committed = true;
    return Promise.resolve();
  }

  abort(): Promise<void> {
    this.files.clear();
    return Promise.resolve();
  }
}
