/**
 * Keeps the browser build's plant database in the origin-private file system (OPFS),
 * so a reload finds the data again. Runs inside the engine worker, where synchronous
 * access handles exist. A save writes a temporary file completely and then moves it
 * over the old one, so a crash mid-write leaves the previous database intact; where
 * move() is missing it falls back to writing the file in place.
 */

/** Where the engine persists the open plant; the desktop shell saves through its own adapter. */
export interface Persister {
  load(): Promise<{ bytes: Uint8Array; name: string } | null>;
  save(bytes: Uint8Array, name: string): Promise<void>;
  clear(): Promise<void>;
}

const DB_FILE = 'plant.sqlite';
const TMP_FILE = 'plant.sqlite.tmp';
const META_FILE = 'plant.json';

interface SyncHandle {
  write(buf: Uint8Array, opts?: { at: number }): number;
  read(buf: Uint8Array, opts?: { at: number }): number;
  truncate(size: number): void;
  getSize(): number;
  flush(): void;
  close(): void;
}

type MovableHandle = FileSystemFileHandle & {
  createSyncAccessHandle?: () => Promise<SyncHandle>;
  move?: (name: string) => Promise<void>;
};

async function writeWhole(dir: FileSystemDirectoryHandle, name: string, bytes: Uint8Array) {
  const fh = (await dir.getFileHandle(name, { create: true })) as MovableHandle;
  if (fh.createSyncAccessHandle) {
    const h = await fh.createSyncAccessHandle();
    try {
      h.truncate(0);
      let at = 0;
      while (at < bytes.length) at += h.write(bytes.subarray(at), { at });
      h.flush();
    } finally {
      h.close();
    }
  } else {
    const w = await fh.createWritable();
    await w.write(bytes as Uint8Array<ArrayBuffer>);
    await w.close();
  }
  return fh;
}

/** The OPFS persister, or null where the browser has no OPFS (then nothing persists). */
export async function opfsPersister(): Promise<Persister | null> {
  // Navigator in a page, WorkerNavigator in the engine worker: both have `storage`.
  const storage = (globalThis.navigator as { storage?: StorageManager } | undefined)?.storage;
  if (!storage?.getDirectory) return null;
  let dir: FileSystemDirectoryHandle;
  try {
    dir = await storage.getDirectory();
  } catch {
    return null;
  }
  return {
    async load() {
      try {
        const fh = await dir.getFileHandle(DB_FILE).catch(() => dir.getFileHandle(TMP_FILE));
        const file = await fh.getFile();
        if (file.size === 0) return null;
        const bytes = new Uint8Array(await file.arrayBuffer());
        let name = 'plant';
        try {
          const meta = await (await dir.getFileHandle(META_FILE)).getFile();
          name = String(JSON.parse(await meta.text()).name ?? name);
        } catch {
          /* no name saved: keep the default */
        }
        return { bytes, name };
      } catch {
        return null;
      }
    },
    async save(bytes, name) {
      const tmp = await writeWhole(dir, TMP_FILE, bytes);
      if (typeof tmp.move === 'function') {
        try {
          await tmp.move(DB_FILE);
        } catch {
          // Some versions refuse to move onto an existing name: remove, then move.
          // load() falls back to the temporary file if we stop in between.
          try {
            await dir.removeEntry(DB_FILE).catch(() => undefined);
            await tmp.move(DB_FILE);
          } catch {
            await writeWhole(dir, DB_FILE, bytes);
          }
        }
      } else {
        await writeWhole(dir, DB_FILE, bytes);
        await dir.removeEntry(TMP_FILE).catch(() => undefined);
      }
      await writeWhole(dir, META_FILE, new TextEncoder().encode(JSON.stringify({ name })));
    },
    async clear() {
      for (const f of [DB_FILE, TMP_FILE, META_FILE]) {
        await dir.removeEntry(f).catch(() => undefined);
      }
    },
  };
}
