import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IpcFailure } from '../../../electron/ipc-handle';
import { isImportable, listImportFolder, readImportFiles } from '../../../electron/import-files';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pdm-import-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('import pickers', () => {
  it('lists CSV exports in a folder and one level of subfolders', async () => {
    writeFileSync(join(dir, 'PdM_machines.csv'), 'machineID,model,age\n1,model3,18\n');
    writeFileSync(join(dir, 'notes.docx'), 'x');
    writeFileSync(join(dir, '.hidden.csv'), 'x');
    mkdirSync(join(dir, '2024-06'));
    writeFileSync(join(dir, '2024-06', 'PdM_errors.csv'), 'datetime,machineID,errorID\n');
    mkdirSync(join(dir, '2024-06', 'deeper'));
    writeFileSync(join(dir, '2024-06', 'deeper', 'x.csv'), 'x');
    const paths = await listImportFolder(dir);
    expect(paths).toEqual([join(dir, '2024-06', 'PdM_errors.csv'), join(dir, 'PdM_machines.csv')]);
    const files = await readImportFiles(paths, dir);
    expect(files.map((f) => f.name)).toEqual(['2024-06/PdM_errors.csv', 'PdM_machines.csv']);
    expect(new TextDecoder().decode(files[1].bytes)).toContain('model3');
    expect(isImportable('a.TSV')).toBe(true);
    expect(isImportable('a.exe')).toBe(false);
  });

  it('refuses picks over the size and count limits before reading', async () => {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    writeFileSync(a, 'x'.repeat(100));
    writeFileSync(b, 'x'.repeat(100));
    const limits = { maxFileBytes: 150, maxTotalBytes: 150, maxFiles: 5 };
    await expect(readImportFiles([a, b], undefined, limits)).rejects.toThrow(/total 200 bytes/);
    await expect(
      readImportFiles([a], undefined, { ...limits, maxFileBytes: 50 }),
    ).rejects.toBeInstanceOf(IpcFailure);
    await expect(
      readImportFiles([a, b], undefined, { ...limits, maxFiles: 1, maxTotalBytes: 1000 }),
    ).rejects.toThrow(/at most 1/);
    await expect(readImportFiles([join(dir, 'missing.csv')])).rejects.toThrow(/could not read/);
    expect((await readImportFiles([a])).map((f) => f.name)).toEqual(['a.csv']);
  });
});
