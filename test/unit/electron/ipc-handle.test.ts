import { describe, expect, it } from 'vitest';
import { INVOKE, type InvokeChannel, type IpcResult } from '../../../electron/ipc-contract';
import {
  IpcFailure,
  registerHandlers,
  type Handlers,
  type InvokeEventLike,
  type IpcMainLike,
} from '../../../electron/ipc-handle';
import { trustedPage } from '../../../electron/window-options';
import { badValues, sqliteBytes } from './fuzz';

/** A stand-in for Electron's ipcMain that records handlers and lets tests invoke them. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<IpcResult<unknown>> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return (await h(event, ...args)) as IpcResult<unknown>;
  }
}

const APP = {
  senderFrame: { url: 'app://pdm/index.html', parent: null },
} satisfies InvokeEventLike;
const ALLOWED = '/plants/a.pdm';

function setup(overrides: Partial<Handlers> = {}) {
  const calls: string[] = [];
  const logs: string[] = [];
  const rec =
    <T>(name: string, value: T) =>
    () => {
      calls.push(name);
      return value;
    };
  const saved = { path: ALLOWED, bytes: 1 };
  const handlers: Handlers = {
    [INVOKE.appInfo]: rec('appInfo', {
      name: 'x',
      version: '1',
      platform: 'linux',
      desktop: true as const,
    }),
    [INVOKE.fileNew]: rec('fileNew', null),
    [INVOKE.fileOpen]: rec('fileOpen', null),
    [INVOKE.fileOpenRecent]: rec('fileOpenRecent', {
      path: ALLOWED,
      name: 'a.pdm',
      bytes: sqliteBytes(),
    }),
    [INVOKE.fileRecent]: rec('fileRecent', []),
    [INVOKE.fileSave]: rec('fileSave', saved),
    [INVOKE.fileSaveAs]: rec('fileSaveAs', null),
    [INVOKE.fileSetDirty]: rec('fileSetDirty', { dirty: true }),
    [INVOKE.fileClose]: rec('fileClose', { closed: true }),
    [INVOKE.importPickFiles]: rec('importPickFiles', null),
    [INVOKE.importPickFolder]: rec('importPickFolder', null),
    [INVOKE.printList]: rec('printList', { printed: true }),
    [INVOKE.printPdf]: rec('printPdf', null),
    [INVOKE.notify]: rec('notify', { shown: true }),
    [INVOKE.schedulePickFolder]: rec('schedulePickFolder', null),
    [INVOKE.scheduleFolderStatus]: rec('scheduleFolderStatus', []),
    [INVOKE.scheduleScanFolder]: rec('scheduleScanFolder', {
      files: [],
      notStable: [],
      skipped: [],
    }),
    [INVOKE.scheduleWriteList]: rec('scheduleWriteList', []),
    [INVOKE.modelSave]: rec('modelSave', null),
    [INVOKE.modelOpen]: rec('modelOpen', null),
    ...overrides,
  };
  const ipc = new FakeIpcMain();
  const remove = registerHandlers(ipc, handlers, {
    page: trustedPage(undefined),
    isAllowedPath: (p) => p === ALLOWED,
    log: (m) => logs.push(m),
  });
  return { ipc, calls, logs, remove };
}

describe('validated IPC wrapper', () => {
  it('registers every contract channel and removes them again', () => {
    const { ipc, remove } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.values(INVOKE).sort());
    remove();
    expect(ipc.handlers.size).toBe(0);
  });

  it('runs handlers for valid calls and wraps their value', async () => {
    const { ipc, calls } = setup();
    expect(await ipc.invoke(INVOKE.fileSave, APP, sqliteBytes())).toEqual({
      ok: true,
      value: { path: ALLOWED, bytes: 1 },
    });
    expect((await ipc.invoke(INVOKE.fileOpenRecent, APP, ALLOWED)).ok).toBe(true);
    expect(calls).toEqual(['fileSave', 'fileOpenRecent']);
  });

  it('refuses untrusted senders before the handler runs', async () => {
    const { ipc, calls, logs } = setup();
    const events: unknown[] = [
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      { senderFrame: { url: 'app://pdm/index.html', parent: { url: 'app://pdm/' } } },
      { senderFrame: null },
      {},
      null,
      undefined,
      {
        get senderFrame() {
          throw new Error('Render frame was disposed');
        },
      },
    ];
    for (const e of events) {
      const r = await ipc.invoke(INVOKE.appInfo, e);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('untrusted-sender');
    }
    expect(calls).toEqual([]);
    expect(logs.length).toBe(events.length);
  });

  it('turns handler failures into typed results', async () => {
    const { ipc } = setup({
      [INVOKE.fileSave]: () => {
        throw new IpcFailure('locked', 'a.pdm is open in pdm run-due');
      },
      [INVOKE.fileRecent]: async () => {
        throw new TypeError('x is undefined');
      },
      [INVOKE.appInfo]: () => {
        throw 'a string, not an Error';
      },
    });
    expect(await ipc.invoke(INVOKE.fileSave, APP, sqliteBytes())).toEqual({
      ok: false,
      error: { code: 'locked', message: 'a.pdm is open in pdm run-due' },
    });
    expect(await ipc.invoke(INVOKE.fileRecent, APP)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'x is undefined' },
    });
    const r = await ipc.invoke(INVOKE.appInfo, APP);
    expect(r).toEqual({
      ok: false,
      error: { code: 'internal', message: 'a string, not an Error' },
    });
  });

  it('never throws out and never reaches a handler with a fuzzed bad payload', async () => {
    const { ipc, calls } = setup();
    const values = badValues(7, 300);
    const channels = Object.values(INVOKE) as InvokeChannel[];
    let results = 0;
    for (const channel of channels) {
      for (const v of values) {
        const argLists: unknown[][] =
          channel === INVOKE.notify || channel === INVOKE.modelSave
            ? [
                [v, 5],
                [5, v],
                [v, v, v],
              ]
            : channel === INVOKE.printPdf || channel === INVOKE.fileSetDirty
              ? [
                  [5, v],
                  [v, v],
                ]
              : [[v], [v, v]];
        for (const args of argLists) {
          // Folder status only reports on paths (it allows nothing): a list of strings may pass.
          if (
            channel === INVOKE.scheduleFolderStatus &&
            args.length === 1 &&
            Array.isArray(args[0]) &&
            (args[0] as unknown[]).every((a) => typeof a === 'string')
          ) {
            continue;
          }
          const r = await ipc.invoke(channel, APP, ...args);
          expect(r.ok, `${channel}`).toBe(false);
          results++;
        }
      }
    }
    expect(results).toBeGreaterThan(channels.length * values.length);
    expect(calls).toEqual([]);
  });
});
