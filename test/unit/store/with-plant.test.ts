import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../cli/cli-kit';
import { withPlant } from '../../../cli/plant';
import { acquireLock, lockPathFor } from '../../../workers/store/lock-node';

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
});
