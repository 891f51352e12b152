/**
 * The plant-file lock: `<dbPath>.lock`, created exclusively by whoever writes the
 * plant file (a `pdm` command, the desktop app, the scheduler runner), so two writers
 * never save over each other. A lock left by a crashed process is detected as stale
 * (same machine, pid gone or a zombie; or unreadable) and replaced at once. A full
 * disk leaves no empty lock file: one this process created but could not fill is removed.
 */
import { promises as fsp, readFileSync, rmSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { followLinks, pidAlive } from './plant-file-node';

/** What the lock file holds (JSON). */
export interface LockInfo {
  pid: number;
  hostname: string;
  /** Who holds it, for the message others see, e.g. 'the desktop app', 'pdm import'. */
  owner: string;
  /** ISO time the lock was taken. */
  started: string;
}

/** The plant file is held by someone else; the message says who, since when. */
export class LockedError extends Error {
  constructor(
    message: string,
    readonly lockPath: string,
    readonly holder: LockInfo,
  ) {
    super(message);
    this.name = 'LockedError';
  }
}

export interface Lock {
  readonly path: string;
  readonly info: LockInfo;
  /** Removes the lock file if it is still ours (never someone else's). Idempotent. */
  release(): Promise<void>;
}

export interface LockOptions {
  /** Hostname written and compared; default os.hostname(). */
  hostname?: string;
  /** Liveness check for a pid on this machine; default pidAlive (zombies are not alive). */
  isAlive?: (pid: number) => boolean;
  /** How lock files are created and removed; tests inject ENOSPC here. Default node:fs. */
  fs?: LockFs;
}

/** The file-system calls that create lock files (node:fs/promises fits). */
export interface LockFs {
  open(
    path: string,
    flags: 'wx',
  ): Promise<{ writeFile(text: string): Promise<void>; close(): Promise<void> }>;
  rm(path: string, opts: { force: boolean }): Promise<void>;
}

const nodeLockFs: LockFs = {
  open: (p, flags) => fsp.open(p, flags),
  rm: (p, o) => fsp.rm(p, o),
};

/**
 * Creates `path` exclusively holding `text`. When creating succeeds but writing or
 * closing fails (a full disk: ENOSPC), the empty file just made is removed again, so
 * no empty lock is left to block others; the error is rethrown.
 */
async function createExclusive(fs: LockFs, path: string, text: string): Promise<void> {
  const fh = await fs.open(path, 'wx'); // EEXIST and friends: nothing of ours to remove
  try {
    await fh.writeFile(text);
  } catch (e) {
    await fh.close().catch(() => undefined);
    await fs.rm(path, { force: true }).catch(() => undefined);
    throw e;
  }
  try {
    await fh.close();
  } catch (e) {
    await fs.rm(path, { force: true }).catch(() => undefined);
    throw e;
  }
}

export function lockPathFor(dbPath: string): string {
  return `${dbPath}.lock`;
}

/**
 * Takes the lock for `dbPath`, replacing a stale one. Throws LockedError naming the
 * holder when another live process (or another machine) holds it; also when this
 * same process holds it already (a second window on the same file).
 */
export async function acquireLock(
  dbPath: string,
  owner: string,
  opts: LockOptions = {},
): Promise<Lock> {
  if (!owner) throw new RangeError('owner must be a non-empty description of the lock holder');
  // A plant file reached through a symbolic link is locked where it really is, so two
  // writers using the link and the target still exclude each other.
  const path = lockPathFor(await followLinks(dbPath));
  const host = opts.hostname ?? osHostname();
  const isAlive = opts.isAlive ?? pidAlive;
  const fs = opts.fs ?? nodeLockFs;
  const info: LockInfo = {
    pid: process.pid,
    hostname: host,
    owner,
    started: new Date().toISOString(),
  };
  const text = JSON.stringify(info);
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await createExclusive(fs, path, text);
      return makeLock(path, info, text);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const existing = await readLock(path);
    if (existing === 'gone') continue;
    if (existing.info && !isStale(existing.info, host, isAlive)) {
      throw new LockedError(lockedMessage(dbPath, path, existing.info, host), path, existing.info);
    }
    if (!existing.info && existing.ageMs < HALF_WRITTEN_MS) {
      // Possibly a lock another process created a moment ago and is still writing.
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    if (!(await removeStale(fs, path, existing.raw, text, host, isAlive))) {
      await new Promise((r) => setTimeout(r, 10 + attempt)); // another process is replacing it
    }
  }
  throw new Error(`could not take the lock ${path}: another process keeps replacing it`);
}

/** Locks this process holds now (path -> the text it wrote), for releaseHeldLocksSync. */
const held = new Map<string, string>();

function makeLock(path: string, info: LockInfo, text: string): Lock {
  let released = false;
  held.set(path, text);
  return {
    path,
    info,
    async release() {
      if (released) return;
      released = true;
      held.delete(path);
      const now = await readLock(path);
      if (now !== 'gone' && now.raw === text) await fsp.rm(path, { force: true });
    },
  };
}

/**
 * Removes, synchronously, every lock this process still holds (each only if it is still
 * ours). For a process about to exit at once (its launcher died, a second Ctrl-C), so
 * the next writer need not wait for a stale-lock check. Returns the paths removed.
 */
export function releaseHeldLocksSync(): string[] {
  const removed: string[] = [];
  for (const [path, text] of held) {
    held.delete(path);
    try {
      if (readFileSync(path, 'utf8') === text) {
        rmSync(path, { force: true });
        removed.push(path);
      }
    } catch {
      /* gone already, or unreadable: not ours to remove */
    }
  }
  return removed;
}

/**
 * A lock file that does not parse is garbage only once it is this old; younger, it
 * may be one that its writer created and has not filled in yet.
 */
const HALF_WRITTEN_MS = 2000;

type ReadResult = 'gone' | { raw: string; info: LockInfo | null; ageMs: number };

async function readLock(path: string): Promise<ReadResult> {
  let raw = '';
  let ageMs = Infinity;
  try {
    ageMs = Date.now() - (await fsp.stat(path)).mtimeMs;
    raw = await fsp.readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    // unreadable (permissions, I/O error): treated as garbage
  }
  return { raw, info: parseLock(raw), ageMs };
}

/** The lock's JSON, or null when it is not a lock we can trust (garbage, half-written). */
export function parseLock(raw: string): LockInfo | null {
  try {
    const o = JSON.parse(raw) as Partial<LockInfo>;
    if (
      Number.isInteger(o.pid) &&
      (o.pid as number) > 0 &&
      typeof o.hostname === 'string' &&
      typeof o.owner === 'string' &&
      typeof o.started === 'string'
    ) {
      return o as LockInfo;
    }
  } catch {
    /* garbage */
  }
  return null;
}

/** Stale: written on this machine by a process that no longer runs. Other machines: never. */
function isStale(info: LockInfo, host: string, isAlive: (pid: number) => boolean): boolean {
  if (info.hostname !== host) return false;
  if (info.pid === process.pid) return false;
  return !isAlive(info.pid);
}

/**
 * Removes a stale lock. Only the process that exclusively creates `<lock>.takeover`
 * may remove the lock, and it checks the lock is still the stale one first, so of
 * several processes replacing a stale lock exactly one wins and no live lock is ever
 * removed. Returns false when someone else is replacing it (the caller retries).
 */
async function removeStale(
  fs: LockFs,
  path: string,
  staleRaw: string,
  ourText: string,
  host: string,
  isAlive: (pid: number) => boolean,
): Promise<boolean> {
  const guard = `${path}.takeover`;
  try {
    await createExclusive(fs, guard, ourText);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // A guard whose writer died mid-takeover (a window of microseconds) is removed.
    const g = await readLock(guard);
    if (g !== 'gone' && (g.info ? isStale(g.info, host, isAlive) : g.ageMs > HALF_WRITTEN_MS)) {
      await fsp.rm(guard, { force: true });
    }
    return false;
  }
  try {
    const now = await readLock(path);
    if (now !== 'gone' && now.raw === staleRaw) await fsp.rm(path, { force: true });
    return true;
  } finally {
    await fsp.rm(guard, { force: true });
  }
}

function lockedMessage(dbPath: string, lockPath: string, h: LockInfo, host: string): string {
  const where = h.hostname === host ? `pid ${h.pid}` : `pid ${h.pid} on ${h.hostname}`;
  return (
    `${dbPath} is open in ${h.owner} (${where}) since ${h.started}. ` +
    `Close it there first. If that program is no longer running, delete ${lockPath}.`
  );
}
