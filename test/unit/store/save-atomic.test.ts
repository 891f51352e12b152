import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  nodeSaveFs,
  PlantFile,
  removeStaleTemps,
  SaveError,
  saveFileAtomic,
  type SaveFileHandle,
  type SaveFs,
  type SaveStep,
} from '../../../workers/store/plant-file-node';

const enc = (s: string) => new TextEncoder().encode(s);
const errno = (code: string) => Object.assign(new Error(`${code}: injected`), { code });

/** Where a fault is injected: which call, and the step the SaveError must name. */
interface FaultPoint {
  name: string;
  step: SaveStep;
  /** Builds an fs that throws `err` at this point and behaves like node:fs otherwise. */
  fs(err: Error): SaveFs;
}

function handle(real: SaveFileHandle, fail: Partial<Record<keyof SaveFileHandle, Error>>) {
  return {
    writeFile: (d: Uint8Array) =>
      fail.writeFile ? Promise.reject(fail.writeFile) : real.writeFile(d),
    sync: () => (fail.sync ? Promise.reject(fail.sync) : real.sync()),
    // A failing close still releases the real descriptor, as the OS does.
    close: () => real.close().then(() => (fail.close ? Promise.reject(fail.close) : undefined)),
  };
}

const isTemp = (p: string) => p.endsWith('.tmp');

const POINTS: FaultPoint[] = [
  {
    name: 'open temp',
    step: 'open-temp',
    fs: (err) => ({
      ...nodeSaveFs,
      open: (p, f) => (isTemp(p) ? Promise.reject(err) : nodeSaveFs.open(p, f)),
    }),
  },
  ...(['writeFile', 'sync', 'close'] as const).map((op): FaultPoint => ({
    name: `temp ${op}`,
    step: op === 'writeFile' ? 'write' : op === 'sync' ? 'fsync' : 'close',
    fs: (err) => ({
      ...nodeSaveFs,
      open: async (p, f) => {
        const h = await nodeSaveFs.open(p, f);
        return isTemp(p) ? handle(h, { [op]: err }) : h;
      },
    }),
  })),
  {
    name: 'backup rotation rename',
    step: 'backup',
    fs: (err) => ({
      ...nodeSaveFs,
      rename: (a, b) => (a.endsWith('.bak1') ? Promise.reject(err) : nodeSaveFs.rename(a, b)),
    }),
  },
  {
    name: 'backup link',
    step: 'backup',
    fs: (err) => ({ ...nodeSaveFs, link: () => Promise.reject(err) }),
  },
  {
    name: 'backup copy (no hard links)',
    step: 'backup',
    fs: (err) => ({
      ...nodeSaveFs,
      link: () => Promise.reject(errno('EXDEV')),
      copyFile: async (a, b) => {
        await fsp.writeFile(b, 'partial'); // a copy that ran out of space half-way
        throw err;
      },
    }),
  },
  {
    name: 'rename over target',
    step: 'rename',
    fs: (err) => ({
      ...nodeSaveFs,
      rename: (a, b) => (isTemp(a) ? Promise.reject(err) : nodeSaveFs.rename(a, b)),
    }),
  },
  {
    name: 'open folder',
    step: 'fsync-dir',
    fs: (err) => ({
      ...nodeSaveFs,
      open: (p, f) => (f === 'r' ? Promise.reject(err) : nodeSaveFs.open(p, f)),
    }),
  },
  {
    name: 'fsync folder',
    step: 'fsync-dir',
    fs: (err) => ({
      ...nodeSaveFs,
      open: async (p, f) => {
        const h = await nodeSaveFs.open(p, f);
        return f === 'r' ? handle(h, { sync: err }) : h;
      },
    }),
  },
];

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'pdm-save-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

async function snapshot(path: string) {
  const st = await fsp.stat(path);
  return { bytes: await fsp.readFile(path), mtimeMs: st.mtimeMs, ino: st.ino };
}

describe('saveFileAtomic under injected write errors', () => {
  for (const point of POINTS) {
    for (const code of ['ENOSPC', 'EIO']) {
      it(`${code} at ${point.name}: previous file intact, temp removed, error names path and code`, async () => {
        const path = join(dir, 'plant.pdm');
        // Three earlier saves so every backup exists and rotation really runs.
        for (const v of ['v1', 'v2', 'v3', 'previous']) await saveFileAtomic(path, enc(v));
        const before = await snapshot(path);
        const err = await saveFileAtomic(path, enc('new content'), { fs: point.fs(errno(code)) })
          .then(() => null)
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(SaveError);
        const se = err as SaveError;
        expect(se.step).toBe(point.step);
        expect(se.code).toBe(code);
        expect(se.path).toBe(path);
        expect(se.message).toContain(path);
        expect(se.message).toContain(code);
        const after = await snapshot(path);
        expect(Buffer.from(after.bytes).toString()).toBe('previous');
        expect(after.mtimeMs).toBe(before.mtimeMs);
        expect((await fsp.readdir(dir)).filter(isTemp)).toEqual([]);
        // The next save works normally.
        await saveFileAtomic(path, enc('later'));
        expect(await fsp.readFile(path, 'utf8')).toBe('later');
        expect(await fsp.readFile(`${path}.bak1`, 'utf8')).toBe('previous');
      });
    }
  }

  it('a first save that fails leaves no file behind', async () => {
    const path = join(dir, 'new.pdm');
    // No previous file means no backup step to fail.
    for (const point of POINTS.filter((p) => p.step !== 'backup')) {
      await expect(
        saveFileAtomic(path, enc('x'), { fs: point.fs(errno('EIO')) }),
      ).rejects.toBeInstanceOf(SaveError);
      expect(await fsp.readdir(dir)).toEqual([]);
    }
  });

  it('skips the folder fsync on Windows, where folders cannot be fsynced', async () => {
    const path = join(dir, 'w.pdm');
    const fs = POINTS.find((p) => p.name === 'open folder')!.fs(errno('EISDIR'));
    await saveFileAtomic(path, enc('ok'), { fs, platform: 'win32' });
    expect(await fsp.readFile(path, 'utf8')).toBe('ok');
  });
});

describe('saveFileAtomic backups', () => {
  it('keeps exactly the last 3 previous versions, .bak1 newest', async () => {
    const path = join(dir, 'plant.pdm');
    for (let v = 1; v <= 6; v++) await saveFileAtomic(path, enc(`v${v}`));
    expect(await fsp.readFile(path, 'utf8')).toBe('v6');
    expect(await fsp.readFile(`${path}.bak1`, 'utf8')).toBe('v5');
    expect(await fsp.readFile(`${path}.bak2`, 'utf8')).toBe('v4');
    expect(await fsp.readFile(`${path}.bak3`, 'utf8')).toBe('v3');
    expect((await fsp.readdir(dir)).sort()).toEqual(
      ['plant.pdm', 'plant.pdm.bak1', 'plant.pdm.bak2', 'plant.pdm.bak3'].sort(),
    );
  });

  it('copies instead of linking on file systems without hard links', async () => {
    const path = join(dir, 'plant.pdm');
    const fs: SaveFs = { ...nodeSaveFs, link: () => Promise.reject(errno('EPERM')) };
    for (let v = 1; v <= 3; v++) await saveFileAtomic(path, enc(`v${v}`), { fs });
    expect(await fsp.readFile(`${path}.bak1`, 'utf8')).toBe('v2');
    expect(await fsp.readFile(`${path}.bak2`, 'utf8')).toBe('v1');
  });

  it('honours backups: 0 and 1, and validates the count', async () => {
    const path = join(dir, 'plant.pdm');
    for (let v = 1; v <= 3; v++) await saveFileAtomic(path, enc(`v${v}`), { backups: 0 });
    expect(await fsp.readdir(dir)).toEqual(['plant.pdm']);
    for (let v = 4; v <= 5; v++) await saveFileAtomic(path, enc(`v${v}`), { backups: 1 });
    expect(await fsp.readFile(`${path}.bak1`, 'utf8')).toBe('v4');
    await expect(saveFileAtomic(path, enc('x'), { backups: -1 })).rejects.toThrow(RangeError);
  });
});

describe('removeStaleTemps', () => {
  it('removes temp files of dead processes only', async () => {
    const path = join(dir, 'plant.pdm');
    const dead = `.plant.pdm.999999999.1.tmp`; // no such pid
    const mine = `.plant.pdm.${process.pid}.2.tmp`;
    await fsp.writeFile(join(dir, dead), 'x');
    await fsp.writeFile(join(dir, mine), 'x');
    await fsp.writeFile(join(dir, 'other.tmp'), 'x');
    expect(await removeStaleTemps(path)).toEqual([dead]);
    expect((await fsp.readdir(dir)).sort()).toEqual([mine, 'other.tmp'].sort());
  });
});

describe('PlantFile', () => {
  it('creates, saves and reopens a plant database', async () => {
    const path = join(dir, 'p.pdm');
    const pf = await PlantFile.open(path, { create: true });
    pf.store.db.run("INSERT INTO machines VALUES(1, 'model3', 18)");
    await pf.save();
    pf.close();
    const again = await PlantFile.open(path);
    expect(again.store.scalar('SELECT model FROM machines WHERE machine_id=1')).toBe('model3');
    again.close();
  });
});
