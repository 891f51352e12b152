/**
 * The `app://pdm/` protocol that serves dist/renderer to the window.
 *
 * Why not file://: a file:// page has an opaque origin, so `'self'` in the CSP, module
 * workers and fetching sql.js's .wasm behave badly, and any file on disk is one URL
 * away. A privileged custom scheme (Electron security checklist) gives the page a real
 * origin and serves only files under one folder. The mapping is pure and tested.
 */
import { extname, resolve, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Content type by extension; unknown types are served as opaque bytes. */
export function mimeType(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps `app://<host>/<path>` to a file under `root`, or null when the URL is for another
 * host, escapes the root (`..`, encoded separators) or is malformed. `/` is index.html.
 */
export function resolveAppFile(url: string, root: string, host: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.host !== host) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\u0000') || pathname.includes('\\')) return null;
  if (pathname === '' || pathname === '/') pathname = '/index.html';
  const base = resolve(root);
  const file = resolve(base, '.' + pathname);
  if (file !== base && !file.startsWith(base + sep)) return null;
  return file;
}
