import { describe, expect, it, vi } from 'vitest';
import { desktopPlatform } from '../../../renderer/platform/desktop';
import { browserPlatform } from '../../../renderer/platform/browser';
import type { PdmApi } from '../../../renderer/ipc-types';
import { foldersOfSchedules } from '../../../renderer/screens/schedules/folder-confirm';
import type { ScheduleView } from '../../../workers/app/schedule-types';

const ok = <T>(value: T) => Promise.resolve({ ok: true as const, value });
const EMPTY = { files: [], notStable: [], skipped: [] };

describe('desktop schedule folders', () => {
  it('reads and writes through main, which decides (the page allows nothing)', async () => {
    const scanWatchedFolder = vi.fn(() => ok(EMPTY));
    const writeListFiles = vi.fn(() => ok(['/srv/lists/a.html']));
    const p = desktopPlatform({ scanWatchedFolder, writeListFiles } as unknown as PdmApi);
    const f = p.scheduleFolders!;
    expect(await f.access.scan('/srv/in', ['h'])).toEqual(EMPTY);
    expect(await f.access.writeFiles('/srv/lists', [{ name: 'a.html', text: 'x' }])).toEqual([
      '/srv/lists/a.html',
    ]);
    expect(scanWatchedFolder).toHaveBeenCalledWith('/srv/in', ['h']);
    expect(Object.keys(f)).not.toContain('allow');
  });

  it("passes on main's refusal of an unconfirmed folder, naming it", async () => {
    const p = desktopPlatform({
      scanWatchedFolder: () =>
        Promise.resolve({
          ok: false,
          error: {
            code: 'path-not-allowed',
            message: 'the folder /srv/in has not been confirmed for this plant file',
          },
        }),
    } as unknown as PdmApi);
    await expect(p.scheduleFolders!.access.scan('/srv/in', [])).rejects.toThrow(
      /\/srv\/in has not been confirmed/,
    );
  });

  it('asks main which folders need confirming and opens the dialog at one', async () => {
    const scheduleFolderStatus = vi.fn((paths: string[]) =>
      ok(paths.map((path) => ({ path, state: 'unconfirmed' as const }))),
    );
    const pickFolder = vi.fn(() => ok('/srv/in'));
    const p = desktopPlatform({ scheduleFolderStatus, pickFolder } as unknown as PdmApi);
    const f = p.scheduleFolders!;
    expect(await f.status([])).toEqual([]);
    expect(scheduleFolderStatus).not.toHaveBeenCalled();
    expect(await f.status(['/srv/in'])).toEqual([{ path: '/srv/in', state: 'unconfirmed' }]);
    expect(await f.pick('watch', '/srv/in')).toBe('/srv/in');
    expect(pickFolder).toHaveBeenCalledWith('watch', '/srv/in');
    expect(browserPlatform.scheduleFolders).toBeNull();
  });

  it('lists each folder the schedules name once, with its purpose', () => {
    const views = [
      { action: { score: 'latest', watchDir: '/srv/in', listDir: '/srv/lists' } },
      { action: { score: 'latest', listDir: '/srv/in' } },
      { action: { score: 'latest' } },
    ] as unknown as ScheduleView[];
    expect([...foldersOfSchedules(views)]).toEqual([
      ['/srv/in', 'watch'],
      ['/srv/lists', 'list'],
    ]);
  });
});
