/**
 * Runs electron/main.ts against a fake 'electron' module (the real binary cannot be
 * installed here) to check the wiring: security handlers, window options, IPC
 * registration, single instance, schedule ticks, lock release on quit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { INVOKE, EVENTS } from '../../../electron/ipc-contract';

type Fn = (...args: any[]) => any;

const h = vi.hoisted(() => {
  const listeners = new Map<string, Fn[]>();
  const on = (map: Map<string, Fn[]>) => (ev: string, fn: Fn) => {
    map.set(ev, [...(map.get(ev) ?? []), fn]);
  };
  const state = {
    userData: '',
    appListeners: listeners,
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, Fn>(),
    ipc: new Map<string, Fn>(),
    windows: [] as any[],
    sent: [] as Array<[string, unknown]>,
    permissionRequest: null as Fn | null,
    permissionCheck: null as Fn | null,
    beforeRequest: null as Fn | null,
    powerListeners: new Map<string, Fn[]>(),
    quit: 0,
    order: [] as string[],
  };
  class FakeWindow {
    listeners = new Map<string, Fn[]>();
    contentsListeners = new Map<string, Fn[]>();
    loaded: string[] = [];
    focused = 0;
    webContents = {
      on: on(this.contentsListeners),
      send: (channel: string, payload: unknown) => state.sent.push([channel, payload]),
      isDestroyed: () => false,
    };
    constructor(readonly options: any) {
      state.windows.push(this);
    }
    on = on(this.listeners);
    once = on(this.listeners);
    loadURL = async (url: string) => {
      this.loaded.push(url);
    };
    show() {}
    isMinimized = () => false;
    restore() {}
    focus() {
      this.focused++;
    }
    setTitle() {}
    close() {}
  }
  const electron = {
    app: {
      isPackaged: false,
      getPath: () => state.userData,
      getName: () => 'plant-pdm',
      getVersion: () => '0.1.0',
      requestSingleInstanceLock: () => true,
      on: on(listeners),
      whenReady: async () => {
        state.order.push('ready');
      },
      setAppUserModelId() {},
      quit: () => {
        state.quit++;
      },
      exit: () => {},
    },
    BrowserWindow: FakeWindow,
    dialog: {
      showErrorBox: () => {},
      showMessageBox: async () => ({ response: 0 }),
      showMessageBoxSync: () => 2,
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showSaveDialog: async () => ({ canceled: true }),
    },
    ipcMain: {
      handle: (channel: string, fn: Fn) => state.ipc.set(channel, fn),
      removeHandler: (channel: string) => state.ipc.delete(channel),
    },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => {} },
    Notification: class {
      static isSupported = () => false;
    },
    powerMonitor: { on: on(state.powerListeners) },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => {
        state.order.push('schemes');
        state.schemes.push(...s);
      },
      handle: (scheme: string, fn: Fn) => state.protocolHandlers.set(scheme, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Fn) => (state.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Fn) => (state.permissionCheck = fn),
        webRequest: {
          onBeforeRequest: (fn: Fn) => (state.beforeRequest = fn),
          onHeadersReceived: () => {},
        },
      },
    },
  };
  return { state, electron };
});

vi.mock('electron', () => ({ ...h.electron, default: h.electron }));

const DEV = 'http://localhost:5173/';
const emit = (map: Map<string, Fn[]>, ev: string, ...args: unknown[]) =>
  (map.get(ev) ?? []).map((fn) => fn(...args));

beforeAll(async () => {
  h.state.userData = mkdtempSync(`${tmpdir()}/pdm-main-`);
  process.env.VITE_DEV_SERVER_URL = DEV;
  await import('../../../electron/main');
  await vi.waitFor(() => expect(h.state.windows.length).toBe(1));
});
afterAll(() => {
  delete process.env.VITE_DEV_SERVER_URL;
  rmSync(h.state.userData, { recursive: true, force: true });
});

describe('main process wiring (fake electron)', () => {
  it('registers the privileged app:// scheme before ready and serves it', () => {
    expect(h.state.order.slice(0, 2)).toEqual(['schemes', 'ready']);
    expect(h.state.schemes).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
    expect(h.state.protocolHandlers.has('app')).toBe(true);
  });

  it('serves only files under the renderer folder, with the CSP header', async () => {
    const serve = h.state.protocolHandlers.get('app')!;
    const ok = (await serve({ url: 'app://pdm/index.html' })) as Response;
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(ok.headers.get('content-type')).toMatch(/^text\/html/);
    for (const url of [
      'app://pdm/..%2Fpackage.json',
      'app://pdm/../package.json',
      'app://pdm/nope.js',
      'app://x/index.html',
    ]) {
      expect(((await serve({ url })) as Response).status, url).toBe(404);
    }
  });

  it('opens one secure window on the dev server', () => {
    const win = h.state.windows[0];
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: true, // the fake app is not packaged
    });
    expect(win.options.webPreferences.preload).toMatch(/preload\.cjs$/);
    expect(win.loaded).toEqual([DEV]);
  });

  it('denies permissions and remote requests session-wide', () => {
    const granted: boolean[] = [];
    h.state.permissionRequest!(null, 'media', (g: boolean) => granted.push(g));
    expect(granted).toEqual([false]);
    expect(h.state.permissionCheck!(null, 'notifications')).toBe(false);
    const decide = (url: string) => {
      let cancel: boolean | undefined;
      h.state.beforeRequest!({ url }, (r: { cancel: boolean }) => (cancel = r.cancel));
      return cancel;
    };
    expect(decide('https://example.com/track.js')).toBe(true);
    expect(decide('app://pdm/index.html')).toBe(false);
    expect(decide(DEV + 'src/main.tsx')).toBe(false);
  });

  it('denies navigation, new windows and webviews on every web contents', () => {
    const contents = { listeners: new Map<string, Fn[]>(), openHandler: null as Fn | null };
    const wc = {
      on: (ev: string, fn: Fn) =>
        contents.listeners.set(ev, [...(contents.listeners.get(ev) ?? []), fn]),
      setWindowOpenHandler: (fn: Fn) => (contents.openHandler = fn),
    };
    emit(h.state.appListeners, 'web-contents-created', {}, wc);
    for (const ev of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const e = { preventDefault: vi.fn() };
      emit(contents.listeners, ev, e, 'https://example.com/');
      expect(e.preventDefault, ev).toHaveBeenCalled();
    }
    expect(contents.openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it('registers every IPC channel behind the sender check', async () => {
    expect([...h.state.ipc.keys()].sort()).toEqual(Object.values(INVOKE).sort());
    const info = h.state.ipc.get(INVOKE.appInfo)!;
    expect(await info({ senderFrame: { url: DEV, parent: null } })).toMatchObject({
      ok: true,
      value: { version: '0.1.0', desktop: true },
    });
    expect(
      await info({ senderFrame: { url: 'https://evil.example/', parent: null } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'untrusted-sender' },
    });
    const recent = await h.state.ipc.get(INVOKE.fileOpenRecent)!(
      { senderFrame: { url: DEV, parent: null } },
      '/etc/passwd',
    );
    expect(recent).toMatchObject({ ok: false, error: { code: 'path-not-allowed' } });
    // A schedule folder the user never chose in the folder dialog is refused by main,
    // and the page has no channel that could allow it.
    const folder = mkdtempSync(`${tmpdir()}/pdm-never-picked-`);
    try {
      const scan = await h.state.ipc.get(INVOKE.scheduleScanFolder)!(
        { senderFrame: { url: DEV, parent: null } },
        folder,
        [],
      );
      expect(scan).toMatchObject({ ok: false, error: { code: 'path-not-allowed' } });
      expect(Object.values(INVOKE).some((c) => /allow/.test(c))).toBe(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('ticks the scheduler at page load and on resume', () => {
    const win = h.state.windows[0];
    emit(win.contentsListeners, 'did-finish-load');
    emit(h.state.powerListeners, 'resume');
    const ticks = h.state.sent
      .filter(([c]) => c === EVENTS.scheduleTick)
      .map(([, t]) => (t as { reason: string }).reason);
    expect(ticks).toEqual(['launch', 'resume']);
  });

  it('focuses the first window when a second instance starts, opening its file', async () => {
    const win = h.state.windows[0];
    const before = win.focused;
    emit(h.state.appListeners, 'second-instance', {}, ['plant-pdm'], '/tmp');
    expect(win.focused).toBe(before + 1);
    // Double-clicking a .pdm file while the app runs: the first instance opens it.
    emit(h.state.appListeners, 'second-instance', {}, ['plant-pdm', 'north.pdm'], '/plants');
    expect(h.state.sent.at(-1)).toEqual([
      EVENTS.menuCommand,
      { kind: 'open-recent', path: '/plants/north.pdm' },
    ]);
    expect(win.focused).toBe(before + 2);
  });

  it('lets the renderer open the file from the second instance (allow-listed)', async () => {
    const r = await h.state.ipc.get(INVOKE.fileOpenRecent)!(
      { senderFrame: { url: DEV, parent: null } },
      '/plants/north.pdm',
    );
    // Allowed, so it reaches the file session, which reports the missing file.
    expect(r).toMatchObject({ ok: false, error: { code: 'io' } });
  });

  it('releases the plant file lock before quitting', async () => {
    const e = { preventDefault: vi.fn() };
    emit(h.state.appListeners, 'will-quit', e);
    expect(e.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(h.state.quit).toBe(1));
    const again = { preventDefault: vi.fn() };
    emit(h.state.appListeners, 'will-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });
});
