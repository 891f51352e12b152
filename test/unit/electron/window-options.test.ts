import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, DESKTOP_ORIGIN } from '../../../electron/ipc-contract';
import {
  APP_INDEX_URL,
  contentSecurityPolicy,
  isAllowedRequestUrl,
  isNavigationAllowed,
  isPermissionGranted,
  secureWebPreferences,
  trustedPage,
  windowOpenDecision,
  windowOptions,
  withCspHeader,
} from '../../../electron/window-options';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );
}

describe('window options', () => {
  it('meet the security checklist', () => {
    const wp = secureWebPreferences('/app/dist/electron/preload.cjs');
    expect(wp).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      preload: '/app/dist/electron/preload.cjs',
    });
    expect(wp.preload).toMatch(/\.cjs$/);
    const win = windowOptions('/p/preload.cjs', '/p/icon.png');
    expect(win.webPreferences).toEqual(secureWebPreferences('/p/preload.cjs'));
    expect(win.show).toBe(false);
    expect(win.icon).toBe('/p/icon.png');
  });

  it('have devtools only in an unpackaged run (app.isPackaged false)', () => {
    expect(windowOptions('/p/preload.cjs', undefined, true).webPreferences?.devTools).toBe(false);
    expect(windowOptions('/p/preload.cjs', undefined, false).webPreferences?.devTools).toBe(true);
    // Not told: the packaged answer, devtools off.
    expect(secureWebPreferences('/p/preload.cjs').devTools).toBe(false);
    expect(windowOptions('/p/preload.cjs').webPreferences?.devTools).toBe(false);
  });
});

describe('desktop origin', () => {
  it('is the one the contract tells the renderer about', () => {
    expect(APP_INDEX_URL).toBe(`${DESKTOP_ORIGIN}/index.html`);
  });
});

describe('content security policy', () => {
  const d = directives(CONTENT_SECURITY_POLICY);

  it("allows scripts only from 'self' (plus WebAssembly compilation for sql.js)", () => {
    expect(d.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('connect-src')).toEqual(["'self'"]);
    expect(d.get('worker-src')).toEqual(["'self'", 'blob:']);
  });

  it('names nothing remote and no eval', () => {
    for (const [, values] of d) {
      for (const v of values) {
        expect(v).not.toMatch(/^(https?:|wss?:|\*|'unsafe-eval')/);
      }
      expect(values).not.toContain("'unsafe-eval'");
    }
    expect(d.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('is the strict policy unless a loopback dev server is given', () => {
    expect(contentSecurityPolicy()).toBe(CONTENT_SECURITY_POLICY);
    expect(contentSecurityPolicy('https://evil.example:5173')).toBe(CONTENT_SECURITY_POLICY);
    const dev = directives(contentSecurityPolicy('http://localhost:5173'));
    expect(dev.get('connect-src')).toEqual([
      "'self'",
      'http://localhost:5173',
      'ws://localhost:5173',
    ]);
    expect(dev.get('object-src')).toEqual(["'none'"]);
  });

  it('replaces any CSP header in responses', () => {
    const h = withCspHeader(
      { 'content-security-policy': ['default-src *'], 'Content-Type': 'text/html' },
      CONTENT_SECURITY_POLICY,
    );
    expect(h['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(h['content-security-policy']).toBeUndefined();
    expect(h['Content-Type']).toEqual(['text/html']);
  });
});

describe('navigation, window.open, permissions', () => {
  it('deny everything', () => {
    for (const url of [
      APP_INDEX_URL,
      'https://example.com',
      'file:///etc/passwd',
      'app://pdm/other.html',
    ]) {
      expect(isNavigationAllowed(url)).toBe(false);
    }
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'fullscreen',
      'openExternal',
      'unknown',
    ]) {
      expect(isPermissionGranted(p)).toBe(false);
    }
  });
});

describe('request filter (no remote content)', () => {
  const prod = trustedPage(undefined);
  const dev = trustedPage('http://localhost:5173');

  it('allows the app scheme, devtools, data and blob only', () => {
    expect(isAllowedRequestUrl('app://pdm/index.html', prod)).toBe(true);
    expect(isAllowedRequestUrl('app://pdm/assets/sql-wasm.wasm', prod)).toBe(true);
    expect(isAllowedRequestUrl('devtools://devtools/bundled/inspector.html', prod)).toBe(true);
    expect(isAllowedRequestUrl('data:image/png;base64,AAAA', prod)).toBe(true);
    expect(isAllowedRequestUrl('blob:app://pdm/1234', prod)).toBe(true);
  });

  it('blocks the network, other hosts, file: and garbage', () => {
    for (const url of [
      'https://example.com/x.js',
      'http://localhost:5173/',
      'ws://localhost:5173/',
      'app://evil/index.html',
      'file:///etc/passwd',
      'ftp://x/y',
      'chrome-extension://abc/x',
      'not a url',
      '',
    ]) {
      expect(isAllowedRequestUrl(url, prod), url).toBe(false);
    }
  });

  it('allows only the loopback dev server in development', () => {
    expect(isAllowedRequestUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAllowedRequestUrl('ws://localhost:5173/', dev)).toBe(true);
    expect(isAllowedRequestUrl('http://localhost:8080/', dev)).toBe(false);
    expect(isAllowedRequestUrl('https://cdn.example.com/x.js', dev)).toBe(false);
    expect(trustedPage('http://192.168.1.5:5173').devServerUrl).toBeUndefined();
    expect(trustedPage('http://user:pw@localhost:5173').devServerUrl).toBeUndefined();
  });
});

describe('PDF render window', () => {
  it('is hidden, isolated, sandboxed, without preload or JavaScript', async () => {
    const { pdfRenderWindowOptions } = await import('../../../electron/window-options');
    const o = pdfRenderWindowOptions();
    expect(o.show).toBe(false);
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      javascript: false,
    });
    expect(o.webPreferences?.preload).toBeUndefined();
  });
});
