import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../cli/cli-kit';
import { withPlant } from '../../../cli/plant';
import { acquireLock, lockPathFor, type LockFs } from '../../../workers/store/lock-node';
import { PlantFile } from '../../../workers/store/plant-file-node';

let dir: string;
let db: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'pdm-with-'));
  db = join(dir, 'plant.pdm');
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const machines = (p: { store: { scalar(sql: string): unknown } }) =>
  p.store.scalar('SELECT count(*) FROM machines');

describe('withPlant', () => {
  it('holds the lock while a writing command runs and releases it after saving', async () => {
    await withPlant(db, { write: true, create: true, owner: 'pdm import' }, async (p) => {
      const lock = JSON.parse(await fsp.readFile(lockPathFor(db), 'utf8'));
      expect(lock.owner).toBe('pdm import');
      p.store.db.run("INSERT INTO machines VALUES(1, 'model1', 3)");
    });
    await expect(fsp.access(lockPathFor(db))).rejects.toThrow();
    expect(await withPlant(db, { write: false }, async (p) => machines(p))).toBe(1);
  });

  it('sweeps temp files that killed saves left behind', async () => {
    const stale = join(dir, '.plant.pdm.999999999.1.tmp');
    await fsp.writeFile(stale, 'half a file');
    await withPlant(db, { write: true, create: true }, async () => undefined);
    expect((await fsp.readdir(dir)).sort()).toEqual(['plant.pdm']);
  });

  it('PlantFile.save (pdm run-due, the demo) sweeps them too, and keeps live ones', async () => {
    await withPlant(db, { write: true, create: true }, async () => undefined);
    const stale = join(dir, '.plant.pdm.999999999.1.tmp');
    const live = join(dir, `.plant.pdm.${process.pid}.1.tmp`);
    await fsp.writeFile(stale, 'half a file');
    await fsp.writeFile(live, 'a save running in this process');
    const p = await PlantFile.open(db);
    await p.save();
    p.close();
    expect((await fsp.readdir(dir)).sort()).toEqual([
      '.plant.pdm.' + process.pid + '.1.tmp',
      'plant.pdm',
      'plant.pdm.bak1',
    ]);
  });

  it('stores nothing and releases the lock when the work fails', async () => {
    await withPlant(db, { write: true, create: true }, async () => undefined);
    const before = await fsp.readFile(db);
    await expect(
      withPlant(db, { write: true }, async (p) => {
        p.store.db.run("INSERT INTO machines VALUES(1, 'model1', 3)");
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(Buffer.from(await fsp.readFile(db)).equals(before)).toBe(true);
    await expect(fsp.access(lockPathFor(db))).rejects.toThrow();
  });

  it('refuses to write while someone else holds the lock, and reads need no lock', async () => {
    await withPlant(db, { write: true, create: true }, async () => undefined);
    const app = await acquireLock(db, 'the desktop app');
    try {
      const err = await withPlant(db, { write: true, owner: 'pdm import' }, async () => 1).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(UserError);
      expect((err as Error).message).toMatch(/is open in the desktop app \(pid \d+\) since/);
      expect(await withPlant(db, { write: false }, async (p) => machines(p))).toBe(0);
    } finally {
      await app.release();
    }
  });

  it('names the file when its folder does not exist', async () => {
    const err = await withPlant(
      join(dir, 'no', 'p.pdm'),
      { write: true, create: true },
      async () => 1,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(`${join(dir, 'no', 'p.pdm')}: its folder does not exist`);
  });

  it('releases the lock when the file cannot be opened', async () => {
    await fsp.writeFile(db, 'machineID,model\n');
    await expect(withPlant(db, { write: true }, async () => 1)).rejects.toThrow(
      /not a plant database/,
    );
    await expect(fsp.access(lockPathFor(db))).rejects.toThrow();
  });

  it('a full disk at the start: exit-1 error saying "disk full", no empty lock left', async () => {
    const fullDisk: LockFs = {
      open: async (p, flags) => {
        const fh = await fsp.open(p, flags);
        return {
          writeFile: async () => {
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
              code: 'ENOSPC',
            });
          },
          close: () => fh.close(),
        };
      },
      rm: (p, o) => fsp.rm(p, o),
    };
    const err = await withPlant(
      db,
      { write: true, create: true, lock: { fs: fullDisk } },
      async () => 1,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(`${db}: cannot write in its folder: disk full (ENOSPC)`);
    expect(await fsp.readdir(dir)).toEqual([]);
  });

  it('a save on a full disk is reported as "disk full"', async () => {
    await withPlant(db, { write: true, create: true }, async () => undefined);
    const p = await PlantFile.open(db);
    const err = await p
      .save({
        fs: {
          open: async () => {
            throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          },
          rename: fsp.rename,
          link: fsp.link,
          copyFile: fsp.copyFile,
          rm: fsp.rm,
          access: fsp.access,
        },
      })
      .catch((e: unknown) => e);
    p.close();
    expect((err as Error).message).toMatch(/^could not save .*: disk full \(ENOSPC\) while/);
  });

  it('a --db that is a symbolic link: saves into its target, keeps the link, locks the target', async () => {
    const realDir = join(dir, 'real');
    await fsp.mkdir(realDir);
    const target = join(realDir, 'plant.pdm');
    await withPlant(target, { write: true, create: true }, async () => undefined);
    const link = join(dir, 'link.pdm');
    await fsp.symlink(target, link);
    await withPlant(link, { write: true }, async (p) => {
      // The lock is on the real file, so a writer using the real path is refused.
      expect(JSON.parse(await fsp.readFile(lockPathFor(target), 'utf8')).pid).toBe(process.pid);
      await expect(fsp.access(lockPathFor(link))).rejects.toThrow();
      await expect(withPlant(target, { write: true }, async () => 1)).rejects.toThrow(/is open in/);
      p.store.db.run("INSERT INTO machines VALUES(1, 'model1', 3)");
    });
    expect((await fsp.lstat(link)).isSymbolicLink()).toBe(true);
    expect(await fsp.readlink(link)).toBe(target);
    expect(await withPlant(target, { write: false }, async (p) => machines(p))).toBe(1);
    expect((await fsp.readdir(dir)).sort()).toEqual(['link.pdm', 'real']);
    expect((await fsp.readdir(realDir)).sort()).toEqual(['plant.pdm', 'plant.pdm.bak1']);
  });

  it('a symbolic link to a file not made yet: create writes the target, keeps the link', async () => {
    const target = join(dir, 'target.pdm');
    const link = join(dir, 'new-link.pdm');
    await fsp.symlink(target, link);
    await withPlant(link, { write: true, create: true }, async () => undefined);
    expect((await fsp.lstat(link)).isSymbolicLink()).toBe(true);
    expect((await fsp.stat(target)).size).toBeGreaterThan(0);
  });
});
