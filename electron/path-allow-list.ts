/**
 * The paths the renderer may name: only those the user chose in a dialog in this
 * session, plus the recent-files list. Why: a compromised renderer must not be able to
 * open or overwrite arbitrary files by sending a path; it can only refer back to a
 * choice the user made in a native dialog.
 */
import { resolve } from 'node:path';

/** Normalises a path for comparison (absolute, resolved; case-folded on Windows and macOS). */
export function pathKey(p: string, platform: string = process.platform): string {
  const r = resolve(p);
  return platform === 'win32' || platform === 'darwin' ? r.toLowerCase() : r;
}

export class PathAllowList {
  private readonly keys = new Set<string>();

  constructor(private readonly platform: string = process.platform) {}

  /** Allows `p` (call with paths returned by a native dialog or read from recent.json). */
  add(p: string): void {
    this.keys.add(pathKey(p, this.platform));
  }

  remove(p: string): void {
    this.keys.delete(pathKey(p, this.platform));
  }

  has(p: string): boolean {
    if (typeof p !== 'string' || p.length === 0 || p.includes('\u0000')) return false;
    return this.keys.has(pathKey(p, this.platform));
  }

  get size(): number {
    return this.keys.size;
  }
}
