/**
 * The schedule folder IPC handlers (electron/main-handlers.ts) against a fake 'electron'
 * module: a folder is usable only after the user chose it in the folder dialog for the
 * open plant file; main remembers it per plant file; the page cannot allow anything.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { INVOKE } from '../../../electron/ipc-contract';
import type { FolderEnv } from '../../../electron/folder-policy';

const dialogs = vi.hoisted(() => ({
  next: [] as Array<string | null>,
  shown: [] as Array<{ title?: string; defaultPath?: string }>,
}));

vi.mock('electron', () => ({
  app: { getPath: () => '/nonexistent', getName: () => 'x', getVersion: () => '0' },
  dialog: {
    showOpenDialog: async (...args: unknown[]) => {
      const opts = args[args.length - 1] as { title?: string; defaultPath?: string };
      dialogs.shown.push(opts);
      const p = dialogs.next.shift() ?? null;
      return p ? { canceled: false, filePaths: [p] } : { canceled: true, filePaths: [] };
    },
    showMessageBox: async () => ({ response: 0 }),
  },
  Notification: class {
    static isSupported = () => false;
  },
}));

const { createHandlers } = await import('../../../electron/main-handlers');
const { FolderGrants } = await import('../../../electron/folder-grants');

const root = mkdtempSync(join(tmpdir(), 'pdm-folder-handlers-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const ENV: FolderEnv = {
  platform: process.platform,
  home: '/home/pdm-test-user',
  uid: typeof process.getuid === 'function' ? process.getuid() : undefined,
};

async function setup(grantsFile: string | null = null) {
  const session = {
    current: { path: join(root, 'north.pdm'), name: 'north.pdm' } as null | {
      path: string;
      name: string;
    },
  };
  const folders = new FolderGrants(grantsFile);
  await folders.load();
  const handlers = createHandlers({
    window: () => null,
    session: session as never,
    recent: {} as never,
    allow: {} as never,
    folders,
    folderEnv: ENV,
    guard: {} as never,
  }) as unknown as Record<string, (args: unknown[]) => Promise<unknown>>;
  const call = (channel: string, ...args: unknown[]) => handlers[channel](args);
  return { session, folders, call };
}

const exportsDir = join(root, 'exports');
mkdirSync(exportsDir);
writeFileSync(join(exportsDir, 'a.csv'), 'machineID\n1\n');

beforeEach(() => {
  dialogs.next = [];
  dialogs.shown = [];
});

describe('schedule folder handlers', () => {
  it('refuse a folder never picked, for scanning, writing and status', async () => {
    const { call } = await setup();
    await expect(call(INVOKE.scheduleScanFolder, exportsDir, [])).rejects.toMatchObject({
      code: 'path-not-allowed',
      message: expect.stringContaining('has not been confirmed'),
    });
    await expect(
      call(INVOKE.scheduleWriteList, exportsDir, [{ name: 'x.html', text: '' }]),
    ).rejects.toMatchObject({ code: 'path-not-allowed' });
    expect(await call(INVOKE.scheduleFolderStatus, [exportsDir])).toEqual([
      { path: exportsDir, state: 'unconfirmed', message: expect.any(String) },
    ]);
  });

  it('allow a folder once the user chose it in the dialog, for that plant file only', async () => {
    const file = join(root, 'grants.json');
    const { call } = await setup(file);
    dialogs.next = [exportsDir];
    expect(await call(INVOKE.schedulePickFolder, 'watch', exportsDir)).toBe(exportsDir);
    expect(dialogs.shown[0]).toMatchObject({
      defaultPath: exportsDir,
      title: expect.stringContaining('Confirm'),
    });
    expect(await call(INVOKE.scheduleFolderStatus, [exportsDir])).toEqual([
      { path: exportsDir, state: 'confirmed' },
    ]);
    expect(
      await call(INVOKE.scheduleWriteList, exportsDir, [{ name: 'list.csv', text: 'a\n' }]),
    ).toEqual([join(exportsDir, 'list.csv')]);

    // Remembered by main across restarts, for this plant file...
    const later = await setup(file);
    expect(await later.call(INVOKE.scheduleFolderStatus, [exportsDir])).toEqual([
      { path: exportsDir, state: 'confirmed' },
    ]);
    // ...but a plant file from elsewhere naming the same folder must confirm it again.
    later.session.current = { path: join(root, 'from-a-colleague.pdm'), name: 'x.pdm' };
    expect(await later.call(INVOKE.scheduleFolderStatus, [exportsDir])).toEqual([
      { path: exportsDir, state: 'unconfirmed', message: expect.any(String) },
    ]);
    await expect(
      later.call(INVOKE.scheduleWriteList, exportsDir, [{ name: 'x.html', text: '' }]),
    ).rejects.toMatchObject({ code: 'path-not-allowed' });
  });

  it('refuse a picked folder the policy forbids, remembering nothing', async () => {
    const { call, folders } = await setup();
    const link = join(root, 'etc-link');
    symlinkSync('/etc', link);
    for (const p of ['/etc', link]) {
      dialogs.next = [p];
      await expect(call(INVOKE.schedulePickFolder, 'list')).rejects.toMatchObject({
        code: 'path-not-allowed',
      });
    }
    expect(folders.list(join(root, 'north.pdm'))).toEqual([]);
    expect(await call(INVOKE.scheduleFolderStatus, ['/etc', join(root, 'gone'), 'rel'])).toEqual([
      { path: '/etc', state: 'refused', message: expect.stringContaining('system') },
      { path: join(root, 'gone'), state: 'missing', message: expect.any(String) },
      { path: 'rel', state: 'refused', message: expect.stringContaining('absolute') },
    ]);
  });

  it('refuse a picked folder later swapped for a link elsewhere', async () => {
    const { call } = await setup();
    const d = join(root, 'swap');
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(d);
    mkdirSync(elsewhere);
    dialogs.next = [d];
    await call(INVOKE.schedulePickFolder, 'list');
    expect(await call(INVOKE.scheduleWriteList, d, [{ name: 'm.csv', text: 'a\n' }])).toEqual([
      join(d, 'm.csv'),
    ]);
    rmSync(d, { recursive: true });
    symlinkSync(elsewhere, d);
    await expect(
      call(INVOKE.scheduleWriteList, d, [{ name: 'm.csv', text: 'a\n' }]),
    ).rejects.toMatchObject({ code: 'path-not-allowed' });
  });

  it('keep choices of a plant without a file for the session, with the plain dialog title', async () => {
    const { call, session } = await setup();
    session.current = null;
    dialogs.next = [exportsDir];
    await call(INVOKE.schedulePickFolder, 'watch', 'maintenance-lists');
    expect(dialogs.shown[0].title).not.toContain('Confirm');
    expect(dialogs.shown[0].defaultPath).toBeUndefined();
    expect(await call(INVOKE.scheduleFolderStatus, [exportsDir])).toEqual([
      { path: exportsDir, state: 'confirmed' },
    ]);
    dialogs.next = [];
    expect(await call(INVOKE.schedulePickFolder, 'watch')).toBeNull();
  });
});
