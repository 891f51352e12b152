/**
 * The file close handler (electron/main-handlers.ts): when the window stops showing
 * the open plant file (the demo opened, the plant closed), main lets go of the file, so
 * the next save of the demo finds no file instead of writing the demo over the plant.
 */
import { describe, expect, it, vi } from 'vitest';
import { INVOKE } from '../../../electron/ipc-contract';

vi.mock('electron', () => ({
  app: { getPath: () => '/nonexistent', getName: () => 'x', getVersion: () => '0' },
  dialog: {},
  Notification: class {
    static isSupported = () => false;
  },
}));

const { createHandlers } = await import('../../../electron/main-handlers');
const { FileSession } = await import('../../../electron/file-session');

describe('file close handler', () => {
  it('lets go of the file and its lock; a later save finds no file', async () => {
    const written: string[] = [];
    let released = 0;
    const session = new FileSession({
      acquireLock: async () => ({ release: () => void released++ }),
      readFile: async () => new Uint8Array(0),
      saveFileAtomic: async (path) => void written.push(path),
    });
    await session.create('/plants/north.pdm');
    const handlers = createHandlers({
      window: () => null,
      session,
      recent: {} as never,
      allow: {} as never,
      folders: {} as never,
      folderEnv: {} as never,
      guard: { onSaved: () => false, onSaveFailed: () => undefined } as never,
    }) as unknown as Record<string, (args: unknown[]) => Promise<unknown>>;

    await handlers[INVOKE.fileSave]([Uint8Array.from([1])]);
    expect(written).toEqual(['/plants/north.pdm']);
    expect(await handlers[INVOKE.fileClose]([])).toEqual({ closed: true });
    expect(released).toBe(1);
    expect(session.current).toBeNull();
    await expect(handlers[INVOKE.fileSave]([Uint8Array.from([2])])).rejects.toMatchObject({
      code: 'no-file',
    });
    expect(written).toEqual(['/plants/north.pdm']);
    expect(await handlers[INVOKE.fileClose]([])).toEqual({ closed: false });
  });
});
