import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FolderGrants,
  MAX_GRANT_PLANTS,
  parseGrants,
  serializeGrants,
} from '../../../electron/folder-grants';

const dir = mkdtempSync(join(tmpdir(), 'pdm-grants-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('folder grants (per plant file, in userData)', () => {
  it('remembers a folder for the plant file it was chosen for, across restarts', async () => {
    const file = join(dir, 'a.json');
    const g = new FolderGrants(file);
    await g.load();
    expect(g.has('/plants/north.pdm', '/srv/in')).toBe(false);
    await g.grant('/plants/north.pdm', '/srv/in');
    expect(g.has('/plants/north.pdm', '/srv/in')).toBe(true);
    expect(g.has('/plants/south.pdm', '/srv/in')).toBe(false);
    expect(g.has(null, '/srv/in')).toBe(false);
    const again = new FolderGrants(file);
    await again.load();
    expect(again.has('/plants/north.pdm', '/srv/in')).toBe(true);
    expect(again.list('/plants/north.pdm')).toEqual(['/srv/in']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('keeps choices for a plant without a file in memory, and Save As carries them', async () => {
    const file = join(dir, 'b.json');
    const g = new FolderGrants(file);
    await g.grant(null, '/srv/lists');
    expect(g.has(null, '/srv/lists')).toBe(true);
    expect(() => readFileSync(file)).toThrow(); // nothing persisted for "no file"
    await g.copy(null, '/plants/new.pdm');
    expect(g.has('/plants/new.pdm', '/srv/lists')).toBe(true);
    await g.copy('/plants/new.pdm', '/plants/copy.pdm');
    expect(g.list('/plants/copy.pdm')).toEqual(['/srv/lists']);
  });

  it('compares paths case-insensitively on Windows and macOS only', async () => {
    const win = new FolderGrants(null, { platform: 'win32' });
    await win.grant('C:\\Plants\\North.pdm', 'D:\\Exports');
    expect(win.has('c:\\plants\\north.pdm', 'd:\\exports')).toBe(true);
    const linux = new FolderGrants(null, { platform: 'linux' });
    await linux.grant('/plants/North.pdm', '/srv/Exports');
    expect(linux.has('/plants/north.pdm', '/srv/Exports')).toBe(false);
    expect(linux.has('/plants/North.pdm', '/srv/exports')).toBe(false);
  });

  it('reads a damaged or foreign file as empty, dropping bad entries', async () => {
    expect(parseGrants('not json')).toEqual([]);
    expect(parseGrants('{"plants": 3}')).toEqual([]);
    const mixed = parseGrants(
      JSON.stringify({
        plants: [
          { plant: 'relative.pdm', folders: ['/x'] },
          { plant: '/p.pdm', folders: ['/ok', 'relative', 7, '/nul\u0000'], at: 5 },
          null,
        ],
      }),
    );
    expect(mixed).toEqual([{ plant: '/p.pdm', folders: ['/ok'], at: 5 }]);
    const file = join(dir, 'c.json');
    writeFileSync(file, '{{{');
    const g = new FolderGrants(file);
    await g.load();
    expect(g.has('/p.pdm', '/ok')).toBe(false);
  });

  it('forgets the least recently confirmed plant files beyond the cap', async () => {
    let t = 0;
    const g = new FolderGrants(null, { now: () => ++t });
    for (let i = 0; i <= MAX_GRANT_PLANTS; i++) await g.grant(`/p/${i}.pdm`, '/srv/in');
    expect(g.has('/p/0.pdm', '/srv/in')).toBe(false);
    expect(g.has(`/p/${MAX_GRANT_PLANTS}.pdm`, '/srv/in')).toBe(true);
    expect(parseGrants(serializeGrants([]))).toEqual([]);
  });
});
