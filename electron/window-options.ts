/**
 * Window security as pure data and predicates (Electron security checklist), so tests
 * can assert each item without the Electron binary. main.ts only wires these in.
 *
 * - webPreferences: contextIsolation, sandbox, no nodeIntegration, webSecurity, no
 *   webview, no insecure content, a sandboxed CJS preload.
 * - CSP: the contract's policy ({@link CONTENT_SECURITY_POLICY}), sent as a header by the
 *   app protocol and by onHeadersReceived.
 * - Navigation, window.open and every permission are denied.
 * - No remote content: requests leave only to the app's own scheme, devtools, data:/blob:,
 *   and the loopback dev server in development.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY } from './ipc-contract';
import { isLoopbackDevUrl, type TrustedPage } from './ipc-validate';

/** The privileged custom scheme serving dist/renderer (avoids file:// and its opaque origin). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'pdm';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The page main trusts for IPC, given the optional dev server URL. */
export function trustedPage(devServerUrl?: string): TrustedPage {
  return {
    scheme: APP_SCHEME,
    host: APP_HOST,
    devServerUrl: isLoopbackDevUrl(devServerUrl) ? devServerUrl : undefined,
  };
}

/**
 * The hidden window that turns a maintenance-list page into a PDF for scheduled runs:
 * the same isolation as the app window, no preload, no JavaScript at all (the page is
 * plain HTML and CSS with its own `default-src 'none'` policy).
 */
export function pdfRenderWindowOptions(): BrowserWindowConstructorOptions {
  const { preload: _preload, ...prefs } = secureWebPreferences('');
  return { show: false, webPreferences: { ...prefs, javascript: false, devTools: false } };
}

/**
 * webPreferences for the one app window; every security item is explicit, not a default.
 * Devtools only in an unpackaged run (`npm start`): a packaged build (`app.isPackaged`)
 * has none, so nobody at the plant PC can open a console into the page and call
 * window.pdm by hand. The default is the packaged (safe) answer.
 */
export function secureWebPreferences(preloadPath: string, packaged = true): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: !packaged,
  };
}

/**
 * The BrowserWindow options (hidden until ready-to-show to avoid a white flash).
 * `packaged` is `app.isPackaged`: devtools only when false.
 */
export function windowOptions(
  preloadPath: string,
  iconPath?: string,
  packaged = true,
): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Plant PdM',
    backgroundColor: '#f4f6f8',
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: secureWebPreferences(preloadPath, packaged),
  };
}

/**
 * The CSP for the page. In development the Vite dev server needs its own origin and
 * websocket (HMR) and an inline React-refresh preamble; the packaged app gets the
 * contract's strict policy unchanged.
 */
export function contentSecurityPolicy(devServerUrl?: string): string {
  if (!isLoopbackDevUrl(devServerUrl)) return CONTENT_SECURITY_POLICY;
  const dev = new URL(devServerUrl as string);
  const ws = `${dev.protocol === 'https:' ? 'wss' : 'ws'}://${dev.host}`;
  return CONTENT_SECURITY_POLICY.replace(
    "script-src 'self' 'wasm-unsafe-eval'",
    `script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline' ${dev.origin}`,
  ).replace("connect-src 'self'", `connect-src 'self' ${dev.origin} ${ws}`);
}

/** Adds/overrides the CSP header in a response header map (for onHeadersReceived). */
export function withCspHeader(
  headers: Record<string, string[] | string> | undefined,
  csp: string,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() === 'content-security-policy') continue;
    out[k] = Array.isArray(v) ? v : [v];
  }
  out['Content-Security-Policy'] = [csp];
  return out;
}

/**
 * True when the renderer may make this request. Everything else is cancelled in
 * session.webRequest.onBeforeRequest, so the app never reaches the network.
 */
export function isAllowedRequestUrl(url: string, page: TrustedPage): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  switch (u.protocol) {
    case `${page.scheme}:`:
      return u.host === page.host;
    case 'devtools:':
    case 'data:':
    case 'blob:':
      return true;
    case 'http:':
    case 'https:':
    case 'ws:':
    case 'wss:': {
      if (!page.devServerUrl || !isLoopbackDevUrl(page.devServerUrl)) return false;
      return u.host === new URL(page.devServerUrl).host;
    }
    default:
      return false;
  }
}

/** will-navigate: the app is a single page; any navigation (links, drops, redirects) is refused. */
export function isNavigationAllowed(_url: string): false {
  return false;
}

/** setWindowOpenHandler: no new windows, ever (links are not opened either). */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/** setPermissionRequestHandler / setPermissionCheckHandler: every permission is denied. */
export function isPermissionGranted(_permission: string): false {
  return false;
}
