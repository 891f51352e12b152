import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addRecent,
  dropMissing,
  parseRecent,
  RecentFiles,
  removeRecent,
  serializeRecent,
} from '../../../electron/recent-files';

describe('recent files list', () => {
  it('puts the latest first, without duplicates, capped at 10', () => {
    let list: string[] = [];
    for (let i = 0; i < 14; i++) list = addRecent(list, `/p/plant-${i}.pdm`, 10, 'linux');
    expect(list).toHaveLength(10);
    expect(list[0]).toBe('/p/plant-13.pdm');
    expect(list[9]).toBe('/p/plant-4.pdm');
    list = addRecent(list, '/p/plant-8.pdm', 10, 'linux');
    expect(list[0]).toBe('/p/plant-8.pdm');
    expect(list.filter((p) => p === '/p/plant-8.pdm')).toHaveLength(1);
    expect(list).toHaveLength(10);
    expect(addRecent(['/p/./a.pdm'], '/p/a.pdm', 10, 'linux')).toEqual(['/p/a.pdm']);
  });

  it('compares paths case-insensitively on Windows only', () => {
    expect(addRecent(['C:\\Plants\\A.pdm'], 'c:\\plants\\a.pdm', 10, 'win32')).toHaveLength(1);
    expect(addRecent(['/p/A.pdm'], '/p/a.pdm', 10, 'linux')).toHaveLength(2);
    expect(removeRecent(['/p/a.pdm', '/p/b.pdm'], '/p/a.pdm', 'linux')).toEqual(['/p/b.pdm']);
  });

  it('parses recent.json leniently', () => {
    expect(parseRecent('not json')).toEqual([]);
    expect(parseRecent('{"files": 3}')).toEqual([]);
    expect(parseRecent('[]')).toEqual([]);
    expect(
      parseRecent(
        JSON.stringify({
          files: [
            '/a.pdm',
            'relative.pdm',
            5,
            null,
            '/a.pdm',
            '/b\u0000.pdm',
            '/c.pdm',
            '/' + 'x'.repeat(5000),
          ],
        }),
        10,
        'linux',
      ),
    ).toEqual(['/a.pdm', '/c.pdm']);
    const many = Array.from({ length: 30 }, (_, i) => `/p/${i}.pdm`);
    expect(parseRecent(serializeRecent(many), 10, 'linux')).toEqual(many.slice(0, 10));
  });

  it('drops files that no longer exist', async () => {
    const exists = async (p: string) => p !== '/gone.pdm';
    expect(await dropMissing(['/a.pdm', '/gone.pdm', '/b.pdm'], exists)).toEqual([
      '/a.pdm',
      '/b.pdm',
    ]);
    const throwing = async (p: string) => {
      if (p === '/err.pdm') throw new Error('EACCES');
      return true;
    };
    expect(await dropMissing(['/err.pdm', '/a.pdm'], throwing)).toEqual(['/a.pdm']);
  });
});

describe('recent.json on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pdm-recent-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('persists atomically and forgets missing files', async () => {
    const file = join(dir, 'recent.json');
    const a = join(dir, 'a.pdm');
    const b = join(dir, 'b.pdm');
    writeFileSync(a, 'x');
    writeFileSync(b, 'x');
    const r = new RecentFiles(file);
    expect(await r.load()).toEqual([]);
    await r.add(a);
    await r.add(b);
    await r.add(a);
    expect(JSON.parse(readFileSync(file, 'utf8')).files).toEqual([a, b]);
    const again = new RecentFiles(file);
    expect(await again.load()).toEqual([a, b]);
    rmSync(b);
    expect(await again.current()).toEqual([a]);
    expect(JSON.parse(readFileSync(file, 'utf8')).files).toEqual([a]);
    writeFileSync(file, '{ broken');
    expect(await new RecentFiles(file).load()).toEqual([]);
  });
});
