import { mkdtempSync, promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importWatchedFolder } from '../../../workers/schedule/schedule-watch-node';
import { listWatchedFiles } from '../../../workers/schedule/watched-files';
import { newStore } from './helpers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pdm-watch-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const MACHINES = 'machineID,model,age\n1,model3,18\n2,model4,7\n';

function recorder(fail?: (path: string) => string | null) {
  const imported: string[] = [];
  return {
    imported,
    importFile: async (path: string) => {
      const why = fail?.(path);
      if (why) throw new Error(why);
      imported.push(path);
    },
  };
}

describe('watched folder', () => {
  it('imports the same file dropped twice only once (by content)', async () => {
    const store = await newStore();
    const rec = recorder();
    await fsp.writeFile(join(dir, 'machines.csv'), MACHINES);
    const noWait = async () => undefined;
    const s1 = await importWatchedFolder(store, dir, { importFile: rec.importFile, sleep: noWait });
    expect(s1).toMatchObject({ imported: 1, duplicates: 0, failed: [], notStable: [] });
    // Dropped again under another name, and again under the same name (new mtime).
    await fsp.writeFile(join(dir, 'machines (copy).csv'), MACHINES);
    await fsp.utimes(join(dir, 'machines.csv'), new Date(), new Date(Date.now() + 5000));
    const s2 = await importWatchedFolder(store, dir, { importFile: rec.importFile, sleep: noWait });
    expect(s2).toMatchObject({ imported: 0, duplicates: 2 });
    expect(rec.imported).toEqual([join(dir, 'machines.csv')]);
    expect(listWatchedFiles(store)).toHaveLength(1);
    expect(listWatchedFiles(store)[0]).toMatchObject({ status: 'imported', size: MACHINES.length });
  });

  it('does not read a file that is still being written until it is stable', async () => {
    const store = await newStore();
    const rec = recorder();
    const path = join(dir, 'telemetry.csv');
    await fsp.writeFile(path, 'datetime,machineID,volt\n');
    let waits = 0;
    // The exporter keeps appending while we wait between the two looks.
    const growing = async (ms: number) => {
      waits++;
      expect(ms).toBe(3000);
      await fsp.appendFile(path, '2015-01-01 06:00:00,1,170.2\n');
    };
    const s1 = await importWatchedFolder(store, dir, {
      importFile: rec.importFile,
      sleep: growing,
    });
    expect(s1.notStable).toEqual([path]);
    expect(rec.imported).toEqual([]);
    expect(listWatchedFiles(store)).toHaveLength(0);
    // The exporter has finished: the next run imports it.
    const s2 = await importWatchedFolder(store, dir, {
      importFile: rec.importFile,
      sleep: async () => undefined,
    });
    expect(s2.imported).toBe(1);
    expect(rec.imported).toEqual([path]);
    expect(waits).toBe(1);
  });

  it('records a bad file as failed with its message without blocking the others', async () => {
    const store = await newStore();
    const rec = recorder((p) =>
      p.endsWith('bad.csv') ? 'bad.csv line 2, column age: not a number' : null,
    );
    await fsp.writeFile(join(dir, 'bad.csv'), 'machineID,model,age\n1,model3,old\n');
    await fsp.writeFile(join(dir, 'good.csv'), MACHINES);
    await fsp.writeFile(join(dir, 'notes.txt'), 'not an export');
    await fsp.writeFile(join(dir, '.~lock.good.csv#'), 'office lock');
    const s = await importWatchedFolder(store, dir, {
      importFile: rec.importFile,
      sleep: async () => undefined,
    });
    expect(s.imported).toBe(1);
    expect(s.failed).toEqual([
      { path: join(dir, 'bad.csv'), message: 'bad.csv line 2, column age: not a number' },
    ]);
    const rows = listWatchedFiles(store);
    expect(rows.map((r) => [r.path.slice(dir.length + 1), r.status]).sort()).toEqual([
      ['bad.csv', 'failed'],
      ['good.csv', 'imported'],
    ]);
    // A failed file is reported once, not retried every run.
    const again = await importWatchedFolder(store, dir, {
      importFile: rec.importFile,
      sleep: async () => undefined,
    });
    expect(again).toMatchObject({ imported: 0, duplicates: 2, failed: [] });
  });

  it('says which folder cannot be read', async () => {
    const store = await newStore();
    await expect(
      importWatchedFolder(store, join(dir, 'nope'), { importFile: async () => undefined }),
    ).rejects.toThrow(/watch folder .*nope cannot be read: ENOENT/);
  });
});
