/**
 * The browser build's plants: several named plant databases in the origin-private file
 * system (OPFS), one file per plant in `plants/` plus a small index (`plants/index.json`:
 * id, name, created, last opened, size). Opening or creating a plant adds a new file and
 * never writes over another plant. Every file is written whole to a temporary name and
 * then moved over the old one, so a crash mid-write leaves the previous copy intact.
 *
 * Each browser tab runs its own engine worker, so the index is changed only under one
 * Web Lock (read, change, write back), and two tabs creating plants at once both keep
 * theirs. The single `plant.sqlite` of earlier versions is moved into the list on first
 * start; it is removed only after its copy and the index entry are written.
 */
import type { Persister } from './opfs-persister';

/** One stored plant as the Start screen lists it. Times are epoch milliseconds. */
export interface StoredPlant {
  id: string;
  name: string;
  created: number;
  lastOpened: number;
  /** Bytes of the saved database. */
  size: number;
}

const DIR = 'plants';
const INDEX = 'index.json';
const INDEX_LOCK = 'pdm-plant-index';
/** The single plant file of earlier versions, at the OPFS root. */
const OLD_DB = 'plant.sqlite';
const OLD_TMP = 'plant.sqlite.tmp';
const OLD_META = 'plant.json';

interface SyncHandle {
  write(buf: Uint8Array, opts?: { at: number }): number;
  truncate(size: number): void;
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

/** Writes `name` through `name.tmp` and a move, so the old content stays until the new is whole. */
async function writeAtomic(dir: FileSystemDirectoryHandle, name: string, bytes: Uint8Array) {
  const tmpName = `${name}.tmp`;
  const tmp = await writeWhole(dir, tmpName, bytes);
  if (typeof tmp.move === 'function') {
    try {
      await tmp.move(name);
      return;
    } catch {
      // Some versions refuse to move onto an existing name: remove, then move. A reader
      // falls back to the temporary file if we stop in between.
      try {
        await dir.removeEntry(name).catch(() => undefined);
        await tmp.move(name);
        return;
      } catch {
        /* fall through: write in place */
      }
    }
  }
  await writeWhole(dir, name, bytes);
  await dir.removeEntry(tmpName).catch(() => undefined);
}

/** The bytes of `name` (or of its temporary copy when a move was cut short), or null. */
async function readFile(dir: FileSystemDirectoryHandle, name: string): Promise<Uint8Array | null> {
  for (const n of [name, `${name}.tmp`]) {
    try {
      const file = await (await dir.getFileHandle(n)).getFile();
      if (file.size > 0) return new Uint8Array(await file.arrayBuffer());
    } catch {
      /* missing: try the next */
    }
  }
  return null;
}

/** Runs fn holding the index lock (Web Locks are shared by every tab's worker). */
async function underIndexLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  if (!locks) return fn();
  return locks.request(INDEX_LOCK, fn) as Promise<T>;
}

function newId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c?.randomUUID) return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

function validEntry(x: unknown): x is StoredPlant {
  const p = x as Partial<StoredPlant> | null;
  return (
    !!p &&
    typeof p.id === 'string' &&
    /^[\w-]+$/.test(p.id) &&
    typeof p.name === 'string' &&
    typeof p.created === 'number' &&
    typeof p.lastOpened === 'number' &&
    typeof p.size === 'number'
  );
}

export class PlantLibrary {
  private constructor(
    private readonly root: FileSystemDirectoryHandle,
    private readonly dir: FileSystemDirectoryHandle,
    private readonly now: () => number,
  ) {}

  /** The library in `root` (an OPFS root, or a stand-in in tests); moves an old single plant in. */
  static async open(
    root: FileSystemDirectoryHandle,
    now: () => number = Date.now,
  ): Promise<PlantLibrary> {
    const dir = await root.getDirectoryHandle(DIR, { create: true });
    const lib = new PlantLibrary(root, dir, now);
    await lib.migrateSinglePlant();
    return lib;
  }

  private async readIndex(): Promise<StoredPlant[]> {
    const bytes = await readFile(this.dir, INDEX);
    if (!bytes) return [];
    try {
      const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { plants?: unknown };
      return Array.isArray(parsed.plants) ? parsed.plants.filter(validEntry) : [];
    } catch {
      return [];
    }
  }

  private async writeIndex(plants: StoredPlant[]): Promise<void> {
    const text = JSON.stringify({ version: 1, plants });
    await writeAtomic(this.dir, INDEX, new TextEncoder().encode(text));
  }

  /** Reads, changes and writes back the index under the lock; returns what fn returns. */
  private change<T>(fn: (plants: StoredPlant[]) => T | Promise<T>): Promise<T> {
    return underIndexLock(async () => {
      const plants = await this.readIndex();
      const out = await fn(plants);
      await this.writeIndex(plants);
      return out;
    });
  }

  private async migrateSinglePlant(): Promise<void> {
    await underIndexLock(async () => {
      const bytes = await readFile(this.root, OLD_DB);
      if (!bytes) return;
      let name = 'plant';
      try {
        const meta = await (await this.root.getFileHandle(OLD_META)).getFile();
        name = String((JSON.parse(await meta.text()) as { name?: unknown }).name ?? name);
      } catch {
        /* no name saved: keep the default */
      }
      const plants = await this.readIndex();
      const id = newId();
      await writeAtomic(this.dir, `${id}.sqlite`, bytes);
      const t = this.now();
      plants.push({ id, name, created: t, lastOpened: t, size: bytes.length });
      await this.writeIndex(plants);
      for (const f of [OLD_DB, OLD_TMP, OLD_META]) {
        await this.root.removeEntry(f).catch(() => undefined);
      }
    });
  }

  /** Every stored plant, the most recently opened first. */
  async list(): Promise<StoredPlant[]> {
    const plants = await this.readIndex();
    return plants.sort((a, b) => b.lastOpened - a.lastOpened);
  }

  /** Adds a plant with these bytes under a new id (never replaces another). */
  async add(name: string, bytes: Uint8Array): Promise<StoredPlant> {
    const id = newId();
    await writeAtomic(this.dir, `${id}.sqlite`, bytes);
    const t = this.now();
    const entry: StoredPlant = { id, name, created: t, lastOpened: t, size: bytes.length };
    await this.change((plants) => {
      plants.push(entry);
    });
    return entry;
  }

  /** The saved bytes of plant `id` (marked as opened now when `opening`), or null. */
  async load(
    id: string,
    opening = false,
  ): Promise<{ entry: StoredPlant; bytes: Uint8Array } | null> {
    const entry = (await this.readIndex()).find((p) => p.id === id);
    if (!entry) return null;
    const bytes = await readFile(this.dir, `${id}.sqlite`);
    if (!bytes) return null;
    if (opening) {
      const t = this.now();
      await this.change((plants) => {
        const p = plants.find((x) => x.id === id);
        if (p) p.lastOpened = t;
      });
      entry.lastOpened = t;
    }
    return { entry, bytes };
  }

  /**
   * Saves plant `id` whole; its entry's size follows. The entry keeps its name (a
   * rename from another tab is not undone by this tab's next save).
   */
  async save(id: string, bytes: Uint8Array, name: string): Promise<void> {
    await writeAtomic(this.dir, `${id}.sqlite`, bytes);
    await this.change((plants) => {
      const p = plants.find((x) => x.id === id);
      if (p) {
        p.size = bytes.length;
      } else {
        // Deleted by another tab while open here: saving brings it back rather than
        // losing this tab's work.
        const t = this.now();
        plants.push({ id, name, created: t, lastOpened: t, size: bytes.length });
      }
    });
  }

  /** Renames plant `id`; false when there is no such plant. */
  async rename(id: string, name: string): Promise<boolean> {
    return this.change((plants) => {
      const p = plants.find((x) => x.id === id);
      if (p) p.name = name;
      return !!p;
    });
  }

  /** Deletes plant `id` and its file. */
  async remove(id: string): Promise<void> {
    await this.change((plants) => {
      const i = plants.findIndex((x) => x.id === id);
      if (i >= 0) plants.splice(i, 1);
    });
    for (const f of [`${id}.sqlite`, `${id}.sqlite.tmp`]) {
      await this.dir.removeEntry(f).catch(() => undefined);
    }
  }

  /** The persister the engine saves plant `id` through. */
  persisterFor(id: string): Persister {
    return {
      load: async () => {
        const got = await this.load(id);
        return got ? { bytes: got.bytes, name: got.entry.name } : null;
      },
      save: (bytes, name) => this.save(id, bytes, name),
      clear: () => this.remove(id),
    };
  }
}

/** The OPFS plant library, or null where the browser has no OPFS (then nothing persists). */
export async function opfsLibrary(): Promise<PlantLibrary | null> {
  // Navigator in a page, WorkerNavigator in the engine worker: both have `storage`.
  const storage = (globalThis.navigator as { storage?: StorageManager } | undefined)?.storage;
  if (!storage?.getDirectory) return null;
  try {
    return await PlantLibrary.open(await storage.getDirectory());
  } catch {
    return null;
  }
}

/**
 * A change refused because another tab holds the open plant. Its name crosses the
 * worker boundary (comlink keeps an Error's name), so the UI words it in the user's
 * language without reading the English message.
 */
export class ReadOnlyPlantError extends Error {
  constructor() {
    super(
      'This tab shows the plant read-only: it is open in another tab. Take it over to make changes.',
    );
    this.name = 'ReadOnlyPlantError';
  }
}

/** The stored plant asked for is gone (deleted in another tab). Named like ReadOnlyPlantError. */
export class PlantGoneError extends Error {
  constructor() {
    super('That plant is no longer kept in this browser (it was deleted, perhaps in another tab).');
    this.name = 'PlantGoneError';
  }
}

/** BroadcastChannel the tabs' engine workers announce saves on (a read-only tab reloads). */
export const PLANT_CHANNEL = 'pdm-plants';

/** Tells the other tabs that plant `id` was saved. */
export function announceSaved(id: string): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const ch = new BroadcastChannel(PLANT_CHANNEL);
  ch.postMessage({ type: 'saved', id });
  ch.close();
}
