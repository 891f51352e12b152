import { spawn, spawnSync } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  acquireLock,
  LockedError,
  lockPathFor,
  parseLock,
  type LockFs,
  type LockInfo,
} from '../../../workers/store/lock-node';
import { isZombie, pidAlive } from '../../../workers/store/plant-file-node';
import { spawnTs, waitExit, waitForLine } from './fixtures/spawn-ts';

const CHILD = fileURLToPath(new URL('./fixtures/lock-child.ts', import.meta.url));

let dir: string;
let db: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'pdm-lock-'));
  db = join(dir, 'plant.pdm');
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

/** A pid that certainly ran on this machine and has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

async function writeLock(info: Partial<LockInfo> | string) {
  await fsp.writeFile(lockPathFor(db), typeof info === 'string' ? info : JSON.stringify(info));
}

async function readLockFile(): Promise<LockInfo | null> {
  return parseLock(await fsp.readFile(lockPathFor(db), 'utf8'));
}

describe('acquireLock', () => {
  it('creates <db>.lock holding pid, hostname, owner and start time; release removes it', async () => {
    const lock = await acquireLock(db, 'pdm import');
    const info = await readLockFile();
    expect(info).toEqual({
      pid: process.pid,
      hostname: hostname(),
      owner: 'pdm import',
      started: lock.info.started,
    });
    expect(Number.isNaN(Date.parse(info!.started))).toBe(false);
    await lock.release();
    await expect(fsp.access(lockPathFor(db))).rejects.toThrow();
    await lock.release(); // idempotent
  });

  it('refuses a second holder in the same process, naming the holder', async () => {
    const lock = await acquireLock(db, 'the desktop app');
    const err = await acquireLock(db, 'pdm import').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockedError);
    expect((err as Error).message).toContain(
      `${db} is open in the desktop app (pid ${process.pid}) since ${lock.info.started}`,
    );
    expect((err as LockedError).holder.owner).toBe('the desktop app');
    await lock.release();
    const again = await acquireLock(db, 'pdm import');
    await again.release();
  });

  it('release never removes a lock that is no longer ours', async () => {
    const lock = await acquireLock(db, 'pdm import');
    const other = { pid: 1, hostname: 'elsewhere', owner: 'x', started: 'y' };
    await writeLock(other);
    await lock.release();
    expect(await readLockFile()).toEqual(other);
  });

  it('replaces a stale lock left by a process that has exited', async () => {
    const pid = deadPid();
    await writeLock({ pid, hostname: hostname(), owner: 'pdm import', started: '2020-01-01' });
    const lock = await acquireLock(db, 'pdm stats');
    expect((await readLockFile())?.pid).toBe(process.pid);
    expect((await fsp.readdir(dir)).sort()).toEqual(['plant.pdm.lock']);
    await lock.release();
  });

  it('replaces an empty or garbage lock once it is a few seconds old', async () => {
    for (const garbage of ['', '{"pid":', 'not json', '{"pid":"12"}', '[]']) {
      await writeLock(garbage);
      const old = new Date(Date.now() - 10_000);
      await fsp.utimes(lockPathFor(db), old, old);
      const lock = await acquireLock(db, 'pdm import');
      expect((await readLockFile())?.owner).toBe('pdm import');
      await lock.release();
    }
  });

  it('waits for a just-created lock to be filled in instead of taking it', async () => {
    await writeLock(''); // created a moment ago by another writer, contents not yet written
    const info = { pid: process.pid, hostname: hostname(), owner: 'slow writer', started: 's' };
    setTimeout(() => void writeLock(info), 100);
    await expect(acquireLock(db, 'pdm import')).rejects.toThrow(/open in slow writer/);
  });

  it('never treats a lock from another machine as stale', async () => {
    await writeLock({
      pid: deadPid(),
      hostname: 'plant-pc-7',
      owner: 'the desktop app',
      started: 's',
    });
    await expect(acquireLock(db, 'pdm import')).rejects.toThrow(/on plant-pc-7/);
  });

  it('of many racing takeovers of a stale lock exactly one wins', async () => {
    await writeLock({ pid: deadPid(), hostname: hostname(), owner: 'old', started: 's' });
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => acquireLock(db, `racer ${i}`)),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(LockedError);
    }
    const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireLock>>>)
      .value;
    expect((await readLockFile())?.owner).toBe(winner.info.owner);
    expect((await fsp.readdir(dir)).sort()).toEqual(['plant.pdm.lock']);
    await winner.release();
  });

  it('is refused while another live process holds it, and taken once that process is killed', async () => {
    const child = spawnTs(CHILD, [db]);
    try {
      const m = await waitForLine(child, /^locked (\d+)$/);
      expect(Number(m[1])).toBe(child.pid);
      const err = await acquireLock(db, 'pdm import').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LockedError);
      expect((err as Error).message).toMatch(
        new RegExp(`is open in the lock test child \\(pid ${child.pid}\\) since \\d{4}-`),
      );
    } finally {
      child.kill('SIGKILL');
      await waitExit(child);
    }
    const lock = await acquireLock(db, 'pdm import'); // the child's lock is now stale
    expect((await readLockFile())?.pid).toBe(process.pid);
    await lock.release();
  });

  it.runIf(process.platform === 'linux')(
    'takes over at once a lock whose holder is a zombie (exited, not reaped)',
    async () => {
      // sh starts a short sleep, then becomes a long one that never reaps it: a zombie.
      const sh = spawn('sh', ['-c', 'sleep 0.05 & echo $!; exec sleep 30'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      try {
        const zombie = Number((await waitForLine(sh, /^(\d+)$/))[1]);
        await vi.waitFor(() => expect(isZombie(zombie)).toBe(true), { timeout: 2_000 });
        expect(() => process.kill(zombie, 0)).not.toThrow(); // kill(pid, 0) alone says alive
        expect(pidAlive(zombie)).toBe(false);
        await writeLock({ pid: zombie, hostname: hostname(), owner: 'pdm import', started: 's' });
        const lock = await acquireLock(db, 'pdm stats');
        expect((await readLockFile())?.pid).toBe(process.pid);
        await lock.release();
      } finally {
        sh.kill('SIGKILL');
        await waitExit(sh);
      }
    },
  );

  it('reads the process state after the last parenthesis of /proc/PID/stat', () => {
    expect(isZombie(1, () => '12 (a) b) Z 1 2')).toBe(true);
    expect(isZombie(1, () => '12 (sleep) S 1 2')).toBe(false);
    expect(
      isZombie(1, () => {
        throw new Error('ENOENT');
      }),
    ).toBe(false);
  });

  describe('on a full disk (ENOSPC)', () => {
    const enospc = () =>
      Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    /** Creates files for real, but every write fails as on a full disk. */
    const fullDisk: LockFs = {
      open: async (p, flags) => {
        const fh = await fsp.open(p, flags);
        return {
          writeFile: async () => {
            throw enospc();
          },
          close: () => fh.close(),
        };
      },
      rm: (p, o) => fsp.rm(p, o),
    };

    it('leaves no empty .lock behind', async () => {
      const err = await acquireLock(db, 'pdm import', { fs: fullDisk }).catch((e: unknown) => e);
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
      expect(await fsp.readdir(dir)).toEqual([]);
    });

    it('leaves no .lock.takeover behind when replacing a stale lock', async () => {
      const stale = { pid: deadPid(), hostname: hostname(), owner: 'old', started: 's' };
      await writeLock(stale);
      const err = await acquireLock(db, 'pdm import', { fs: fullDisk }).catch((e: unknown) => e);
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
      expect(await fsp.readdir(dir)).toEqual(['plant.pdm.lock']);
      expect(await readLockFile()).toEqual(stale);
    });
  });

  it('locks the target of a symbolic link, so the link and the target exclude each other', async () => {
    await fsp.writeFile(db, 'x');
    const link = join(dir, 'link.pdm');
    await fsp.symlink(db, link);
    const lock = await acquireLock(link, 'pdm import');
    try {
      expect(lock.path).toBe(lockPathFor(db));
      await expect(acquireLock(db, 'pdm stats')).rejects.toThrow(
        new RegExp(`delete ${lockPathFor(db).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\.$`),
      );
    } finally {
      await lock.release();
    }
    expect((await fsp.readdir(dir)).sort()).toEqual(['link.pdm', 'plant.pdm']);
  });

  it('validates the owner', async () => {
    await expect(acquireLock(db, '')).rejects.toThrow(RangeError);
  });
});
