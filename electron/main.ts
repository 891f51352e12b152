/**
 * Electron main process: one secure window, the app:// protocol serving dist/renderer,
 * session hardening, the File menu, the plant file session (lock + atomic saves), the
 * scheduler clock and the IPC handlers. Logic lives in the pure modules beside it; this
 * file only wires Electron to them.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  powerMonitor,
  protocol,
  session as electronSession,
} from 'electron';
import { existsSync, promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireLock } from '../workers/store/lock-node';
import { removeStaleTemps, saveFileAtomic } from '../workers/store/plant-file-node';
import { resolveAppFile, mimeType } from './app-protocol';
import { CloseGuard } from './close-guard';
import { plantPathFromArgv } from './launch-args';
import { FileSession } from './file-session';
import { EVENTS, type EventChannel, type EventMap } from './ipc-contract';
import { registerHandlers } from './ipc-handle';
import { isTrustedPageUrl } from './ipc-validate';
import { createHandlers } from './main-handlers';
import { buildMenuTemplate } from './menu-template';
import { FolderGrants } from './folder-grants';
import { PathAllowList } from './path-allow-list';
import { RecentFiles } from './recent-files';
import { startScheduleClock, type ScheduleClock } from './schedule-clock';
import {
  APP_HOST,
  APP_INDEX_URL,
  APP_SCHEME,
  contentSecurityPolicy,
  isAllowedRequestUrl,
  isNavigationAllowed,
  isPermissionGranted,
  pdfRenderWindowOptions,
  trustedPage,
  windowOpenDecision,
  windowOptions,
  withCspHeader,
} from './window-options';

const HERE = dirname(fileURLToPath(import.meta.url)); // dist/electron
const RENDERER_DIR = join(HERE, '..', 'renderer');
const PRELOAD = join(HERE, 'preload.cjs');
const ICON = [
  join(HERE, '..', '..', 'resources', 'icon.png'),
  join(process.resourcesPath ?? '', 'icon.png'),
].find((p) => existsSync(p));
const DEV_SERVER_URL = app.isPackaged ? undefined : process.env.VITE_DEV_SERVER_URL;
const PAGE = trustedPage(DEV_SERVER_URL);
const CSP = contentSecurityPolicy(PAGE.devServerUrl);
const LOCK_OWNER = 'the Plant PdM desktop app';

// Must run before 'ready': app:// gets a real, secure origin ('self' in the CSP, module workers, fetch of .wasm).
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: {
      standard: true,
      secure: true,
      supportFetchAPI: true,
      stream: true,
      codeCache: true,
    },
  },
]);

let mainWindow: BrowserWindow | null = null;
let clock: ScheduleClock | null = null;
let lockReleased = false;
/** A plant file named on the command line, opened once the page has loaded. */
let pendingOpen: string | null = plantPathFromArgv(process.argv, process.cwd());

const guard = new CloseGuard();
const allow = new PathAllowList();
/** Schedule folders the user confirmed per plant file (see electron/folder-grants.ts). */
const folders = new FolderGrants(join(app.getPath('userData'), 'schedule-folders.json'));
const recent = new RecentFiles(join(app.getPath('userData'), 'recent.json'));
const fileSession = new FileSession({
  acquireLock: (path) => acquireLock(path, LOCK_OWNER),
  readFile: async (path) => new Uint8Array(await fsp.readFile(path)),
  // Under the plant lock: after a successful save, sweep temp files of killed saves.
  saveFileAtomic: (path, bytes) =>
    saveFileAtomic(path, bytes).then(() => removeStaleTemps(path).then(() => undefined)),
  onCurrent: async (ref) => {
    if (ref) {
      allow.add(ref.path);
      await recent.add(ref.path).catch((e: Error) => console.warn(`[recent] ${e.message}`));
    }
    mainWindow?.setTitle(ref ? `${ref.name} — Plant PdM` : 'Plant PdM');
    await refreshMenu();
  },
});

function send<K extends EventChannel>(channel: K, payload: EventMap[K]): void {
  const wc = mainWindow?.webContents;
  if (wc && !wc.isDestroyed()) wc.send(channel, payload);
}

async function refreshMenu(): Promise<void> {
  const list = await recent.current().catch(() => [] as string[]);
  for (const p of list) allow.add(p);
  const template = buildMenuTemplate({
    platform: process.platform,
    recent: list,
    send: (command) => {
      if (mainWindow?.isMinimized()) mainWindow.restore();
      mainWindow?.focus();
      send(EVENTS.menuCommand, command);
    },
    quit: () => app.quit(),
    about: () => {
      void dialog.showMessageBox({
        type: 'info',
        title: 'About Plant PdM',
        message: `Plant PdM ${app.getVersion()}`,
        detail: 'Offline predictive maintenance for plant teams.',
      });
    },
    clearRecent: () => {
      void (async () => {
        for (const p of await recent.current()) await recent.remove(p);
        await refreshMenu();
      })();
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** Session-wide denials: permissions, remote requests, CSP header on the dev server's responses. */
function hardenSession(): void {
  const ses = electronSession.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback) =>
    callback(isPermissionGranted(permission)),
  );
  ses.setPermissionCheckHandler((_wc, permission) => isPermissionGranted(permission));
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequestUrl(details.url, PAGE);
    if (!allowed) console.warn(`[security] blocked request to ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
  // app:// responses carry the CSP from the protocol handler; this covers the dev server's
  // pages (and leaves devtools' own pages alone).
  ses.webRequest.onHeadersReceived((details, callback) =>
    callback(
      isTrustedPageUrl(details.url, PAGE)
        ? { responseHeaders: withCspHeader(details.responseHeaders, CSP) }
        : {},
    ),
  );
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(request.url, RENDERER_DIR, APP_HOST);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await fsp.readFile(file);
      return new Response(new Uint8Array(body), {
        headers: {
          'Content-Type': mimeType(file),
          'Content-Security-Policy': CSP,
          'X-Content-Type-Options': 'nosniff',
          'Cross-Origin-Opener-Policy': 'same-origin',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

/** Opens a file the user chose in the OS shell (allowed, then opened by the renderer). */
function openFromShell(path: string): void {
  allow.add(path);
  send(EVENTS.menuCommand, { kind: 'open-recent', path });
}

/** A scheduled run's maintenance list as PDF: the page printed in a hidden, script-less window. */
async function htmlToPdf(html: string): Promise<Uint8Array> {
  const win = new BrowserWindow(pdfRenderWindowOptions());
  try {
    await win.loadURL(
      `data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`,
    );
    const pdf = await win.webContents.printToPDF({
      printBackground: true,
      pageSize: 'A4',
      landscape: true,
    });
    return new Uint8Array(pdf);
  } finally {
    win.destroy();
  }
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(windowOptions(PRELOAD, ICON, app.isPackaged));
  win.once('ready-to-show', () => win.show());
  win.on('close', (event) => {
    if (guard.onCloseRequested() === 'close') return;
    event.preventDefault();
    const answer = dialog.showMessageBoxSync(win, {
      type: 'question',
      title: 'Unsaved changes',
      message: `Save the changes to ${fileSession.current?.name ?? 'this plant'} before closing?`,
      detail: 'If you do not save, the changes since the last save are lost.',
      buttons: ['Save', "Don't save", 'Cancel'],
      defaultId: 0,
      cancelId: 2,
    });
    const action = guard.onChoice(CloseGuard.choiceFromButton(answer));
    if (action === 'close') win.close();
    else if (action === 'save-then-close') send(EVENTS.menuCommand, { kind: 'save' });
  });
  win.webContents.on('did-finish-load', () => {
    clock?.tick('launch');
    if (pendingOpen) openFromShell(pendingOpen);
    pendingOpen = null;
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  if (PAGE.devServerUrl) {
    void win.loadURL(PAGE.devServerUrl);
  } else if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    dialog.showErrorBox(
      'Plant PdM is not built',
      `${join(RENDERER_DIR, 'index.html')} is missing. Run \`npm run build:web\` (or \`npm start\`, which builds it).`,
    );
    app.exit(1);
  } else {
    void win.loadURL(APP_INDEX_URL);
  }
  return win;
}

async function main(): Promise<void> {
  // Every web contents (window, devtools, anything else): no navigation, no new windows, no webviews.
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isNavigationAllowed(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isNavigationAllowed(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => windowOpenDecision());
  });

  await app.whenReady();
  if (process.platform === 'win32') app.setAppUserModelId('com.plantpdm.desktop');
  hardenSession();
  for (const p of await recent.load()) allow.add(p);
  await folders.load();
  registerHandlers(
    ipcMain,
    createHandlers({
      window: () => mainWindow,
      session: fileSession,
      recent,
      allow,
      folders,
      guard,
      iconPath: ICON,
      htmlToPdf,
    }),
    {
      page: PAGE,
      isAllowedPath: (p) => allow.has(p),
    },
  );
  await refreshMenu();
  clock = startScheduleClock({ send: (tick) => send(EVENTS.scheduleTick, tick) });
  powerMonitor.on('resume', () => clock?.tick('resume'));
  mainWindow = createWindow();

  app.on('activate', () => {
    if (!mainWindow) mainWindow = createWindow();
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another instance runs: it gets 'second-instance' and focuses its window.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (!mainWindow) return;
    const path = plantPathFromArgv(argv, workingDirectory);
    if (path) openFromShell(path);
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    // All windows have closed (unsaved-changes prompts answered). Release the plant
    // file lock before exiting, so the headless runner can take the file.
    if (lockReleased) return;
    event.preventDefault();
    clock?.stop();
    void fileSession.close().finally(() => {
      lockReleased = true;
      app.quit();
    });
  });
  main().catch((e: unknown) => {
    dialog.showErrorBox(
      'Plant PdM could not start',
      e instanceof Error ? (e.stack ?? e.message) : String(e),
    );
    app.exit(2);
  });
}
