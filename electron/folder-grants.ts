/**
 * The schedule folders the user confirmed, per plant file, remembered by the main
 * process in the app's userData (schedule-folders.json).
 *
 * Why: a plant file carries its schedules' folder paths, and a plant file can come from
 * anywhere (a colleague, a download). Main therefore never takes a folder from the page
 * or from the file: a folder becomes usable for a plant file only after the user chose
 * it in the native folder dialog of this app while that plant file was open. The key
 * is the plant file's real path; the values are the folders' real paths, so a folder
 * later swapped for a link to somewhere else no longer matches. The policy of
 * electron/folder-policy.ts still applies on every use.
 *
 * A plant without a file (the demo, an unsaved plant) keeps its choices for this
 * session only; Save As carries them to the new file.
 */
import { promises as fsp } from 'node:fs';
import { saveFileAtomic } from '../workers/store/plant-file-node';
import { LIMITS } from './ipc-contract';
import { isAbsolutePath } from './ipc-validate';
import { pathKey } from './path-allow-list';

/** Plant files remembered (the least recently confirmed are forgotten first). */
export const MAX_GRANT_PLANTS = 200;

interface Entry {
  /** The plant file's real path, as given. */
  plant: string;
  /** Real paths of the confirmed folders. */
  folders: string[];
  /** When a folder was last confirmed, epoch ms (for dropping the oldest). */
  at: number;
}

const goodPath = (p: unknown): p is string =>
  typeof p === 'string' &&
  p.length > 0 &&
  p.length <= LIMITS.maxPathLength &&
  !p.includes('\u0000') &&
  isAbsolutePath(p);

/** Parses schedule-folders.json leniently: anything damaged or foreign is left out. */
export function parseGrants(text: string): Entry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  const plants = (data as { plants?: unknown } | null)?.plants;
  if (!Array.isArray(plants)) return [];
  const out: Entry[] = [];
  for (const e of plants.slice(0, MAX_GRANT_PLANTS)) {
    if (!e || typeof e !== 'object') continue;
    const { plant, folders, at } = e as Record<string, unknown>;
    if (!goodPath(plant) || !Array.isArray(folders)) continue;
    out.push({
      plant,
      folders: folders.filter(goodPath).slice(0, LIMITS.maxScheduleFolders),
      at: typeof at === 'number' && Number.isFinite(at) ? at : 0,
    });
  }
  return out;
}

export function serializeGrants(entries: readonly Entry[]): string {
  return JSON.stringify({ version: 1, plants: entries }, null, 2) + '\n';
}

export class FolderGrants {
  private entries: Entry[] = [];
  /** Choices for a plant without a file, this session only. */
  private unsaved: string[] = [];

  constructor(
    readonly file: string | null,
    private readonly opts: { platform?: string; now?: () => number } = {},
  ) {}

  private key(p: string): string {
    return pathKey(p, this.opts.platform);
  }

  private entry(plant: string): Entry | undefined {
    const k = this.key(plant);
    return this.entries.find((e) => this.key(e.plant) === k);
  }

  private foldersOf(plant: string | null): string[] {
    return plant === null ? this.unsaved : (this.entry(plant)?.folders ?? []);
  }

  async load(): Promise<void> {
    if (!this.file) return;
    const text = await fsp.readFile(this.file, 'utf8').catch(() => '');
    this.entries = parseGrants(text);
  }

  /** True when `realFolder` was confirmed for the plant file (real path; null: no file). */
  has(plant: string | null, realFolder: string): boolean {
    const k = this.key(realFolder);
    return this.foldersOf(plant).some((f) => this.key(f) === k);
  }

  /** The confirmed folders of a plant file (real paths). */
  list(plant: string | null): string[] {
    return [...this.foldersOf(plant)];
  }

  /** Remembers that the user chose `realFolder` for the plant file (null: no file). */
  async grant(plant: string | null, realFolder: string): Promise<void> {
    await this.addAll(plant, [realFolder]);
  }

  /** Save As: the new file keeps the folders confirmed for the old one (or the unsaved plant). */
  async copy(from: string | null, to: string): Promise<void> {
    const folders = this.list(from);
    if (folders.length) await this.addAll(to, folders);
  }

  private async addAll(plant: string | null, realFolders: readonly string[]): Promise<void> {
    const merge = (list: string[]) => {
      const out = [...list];
      for (const f of realFolders) {
        const k = this.key(f);
        const rest = out.filter((x) => this.key(x) !== k);
        out.length = 0;
        out.push(f, ...rest);
      }
      return out.slice(0, LIMITS.maxScheduleFolders);
    };
    if (plant === null) {
      this.unsaved = merge(this.unsaved);
      return;
    }
    const now = (this.opts.now ?? Date.now)();
    const e = this.entry(plant);
    const next: Entry = { plant, folders: merge(e?.folders ?? []), at: now };
    this.entries = [next, ...this.entries.filter((x) => x !== e)].slice(0, MAX_GRANT_PLANTS);
    if (this.file) {
      await saveFileAtomic(this.file, new TextEncoder().encode(serializeGrants(this.entries)), 0);
    }
  }
}
