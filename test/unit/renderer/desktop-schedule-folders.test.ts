import { describe, expect, it, vi } from 'vitest';
import { desktopPlatform } from '../../../renderer/platform/desktop';
import { browserPlatform } from '../../../renderer/platform/browser';
import type { PdmApi } from '../../../renderer/ipc-types';

const ok = <T>(value: T) => Promise.resolve({ ok: true as const, value });
const EMPTY = { files: [], notStable: [], skipped: [] };

describe('desktop schedule folders', () => {
  it('re-registers a stored folder once per session before reading or writing it', async () => {
    const allowScheduleFolders = vi.fn((paths: string[]) => ok({ allowed: paths }));
    const scanWatchedFolder = vi.fn(() => ok(EMPTY));
    const writeListFiles = vi.fn(() => ok(['/srv/lists/a.html']));
    const p = desktopPlatform({
      allowScheduleFolders,
      scanWatchedFolder,
      writeListFiles,
    } as unknown as PdmApi);
    const f = p.scheduleFolders!;
    expect(await f.access.scan('/srv/in', ['h'])).toEqual(EMPTY);
    await f.access.scan('/srv/in', []);
    expect(await f.access.writeFiles('/srv/lists', [{ name: 'a.html', text: 'x' }])).toEqual([
      '/srv/lists/a.html',
    ]);
    expect(allowScheduleFolders.mock.calls).toEqual([[['/srv/in']], [['/srv/lists']]]);
    expect(scanWatchedFolder).toHaveBeenCalledWith('/srv/in', ['h']);
  });

  it('refuses a folder main did not allow, with a message naming it', async () => {
    const scanWatchedFolder = vi.fn(() => ok(EMPTY));
    const p = desktopPlatform({
      allowScheduleFolders: () => ok({ allowed: [] }),
      scanWatchedFolder,
    } as unknown as PdmApi);
    await expect(p.scheduleFolders!.access.scan('/etc', [])).rejects.toThrow(
      /\/etc cannot be used/,
    );
    expect(scanWatchedFolder).not.toHaveBeenCalled();
  });

  it('a folder picked in the dialog needs no re-registration; the browser has none', async () => {
    const allowScheduleFolders = vi.fn(() => ok({ allowed: [] }));
    const p = desktopPlatform({
      pickFolder: () => ok('/var/exports'),
      allowScheduleFolders,
      scanWatchedFolder: () => ok(EMPTY),
    } as unknown as PdmApi);
    expect(await p.scheduleFolders!.pick('watch')).toBe('/var/exports');
    await p.scheduleFolders!.access.scan('/var/exports', []);
    expect(allowScheduleFolders).not.toHaveBeenCalled();
    expect(browserPlatform.scheduleFolders).toBeNull();
  });
});
