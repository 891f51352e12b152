/**
 * The recent plant files list (File > Open Recent), persisted as JSON in the user data
 * folder. The list logic is pure: most recent first, no duplicates, at most
 * {@link LIMITS.maxRecentFiles}, entries whose file is gone dropped when listed.
 */
import { promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import { saveFileAtomic } from '../workers/store/plant-file-node';
import { LIMITS, type RecentFile } from './ipc-contract';
import { isAbsolutePath } from './ipc-validate';
import { pathKey } from './path-allow-list';

/** Puts `path` first, removing an earlier entry for the same file, and caps the list. */
export function addRecent(
  list: readonly string[],
  path: string,
  max: number = LIMITS.maxRecentFiles,
  platform: string = process.platform,
): string[] {
  const key = pathKey(path, platform);
  const rest = list.filter((p) => pathKey(p, platform) !== key);
  return [path, ...rest].slice(0, Math.max(0, max));
}

/** Removes `path` from the list. */
export function removeRecent(
  list: readonly string[],
  path: string,
  platform: string = process.platform,
): string[] {
  const key = pathKey(path, platform);
  return list.filter((p) => pathKey(p, platform) !== key);
}

/**
 * Parses recent.json leniently: a damaged or foreign file yields an empty list (the
 * list is a convenience, never a reason to fail start-up). Keeps absolute string paths
 * only, deduplicated, capped.
 */
export function parseRecent(
  text: string,
  max: number = LIMITS.maxRecentFiles,
  platform: string = process.platform,
): string[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  const items =
    data && typeof data === 'object' && Array.isArray((data as { files?: unknown }).files)
      ? ((data as { files: unknown[] }).files as unknown[])
      : [];
  let out: string[] = [];
  for (const p of items) {
    if (
      typeof p !== 'string' ||
      p.length === 0 ||
      p.length > LIMITS.maxPathLength ||
      p.includes('\u0000') ||
      !isAbsolutePath(p)
    ) {
      continue;
    }
    if (out.some((q) => pathKey(q, platform) === pathKey(p, platform))) continue;
    out.push(p);
    if (out.length >= max) break;
  }
  out = out.slice(0, max);
  return out;
}

/** The JSON written to recent.json. */
export function serializeRecent(list: readonly string[]): string {
  return JSON.stringify({ version: 1, files: list }, null, 2) + '\n';
}

/** Keeps the entries whose file still exists. */
export async function dropMissing(
  list: readonly string[],
  exists: (p: string) => Promise<boolean>,
): Promise<string[]> {
  const keep = await Promise.all(list.map((p) => exists(p).catch(() => false)));
  return list.filter((_, i) => keep[i]);
}

export function toRecentFile(path: string): RecentFile {
  return { path, name: basename(path) };
}

async function fileExists(p: string): Promise<boolean> {
  try {
    return (await fsp.stat(p)).isFile();
  } catch {
    return false;
  }
}

/** recent.json on disk: loaded once, saved atomically (no backups) after each change. */
export class RecentFiles {
  private list: string[] = [];

  constructor(
    readonly file: string,
    private readonly opts: {
      max?: number;
      platform?: string;
      exists?: (p: string) => Promise<boolean>;
    } = {},
  ) {}

  async load(): Promise<string[]> {
    let text = '';
    try {
      text = await fsp.readFile(this.file, 'utf8');
    } catch {
      text = '';
    }
    this.list = parseRecent(text, this.opts.max, this.opts.platform);
    return [...this.list];
  }

  /** The list with missing files dropped (and the drop persisted). */
  async current(): Promise<string[]> {
    const kept = await dropMissing(this.list, this.opts.exists ?? fileExists);
    if (kept.length !== this.list.length) {
      this.list = kept;
      await this.persist();
    }
    return [...this.list];
  }

  async add(path: string): Promise<string[]> {
    this.list = addRecent(this.list, path, this.opts.max, this.opts.platform);
    await this.persist();
    return [...this.list];
  }

  async remove(path: string): Promise<string[]> {
    this.list = removeRecent(this.list, path, this.opts.platform);
    await this.persist();
    return [...this.list];
  }

  private async persist(): Promise<void> {
    await saveFileAtomic(this.file, new TextEncoder().encode(serializeRecent(this.list)), 0);
  }
}
