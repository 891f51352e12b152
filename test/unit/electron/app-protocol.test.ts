import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mimeType, resolveAppFile } from '../../../electron/app-protocol';

const ROOT = resolve('/opt/pdm/dist/renderer');

describe('app:// protocol', () => {
  it('serves files under the renderer folder', () => {
    expect(resolveAppFile('app://pdm/', ROOT, 'pdm')).toBe(join(ROOT, 'index.html'));
    expect(resolveAppFile('app://pdm/index.html?x=1#/risk', ROOT, 'pdm')).toBe(
      join(ROOT, 'index.html'),
    );
    expect(resolveAppFile('app://pdm/assets/sql%20wasm.wasm', ROOT, 'pdm')).toBe(
      join(ROOT, 'assets', 'sql wasm.wasm'),
    );
  });

  it('refuses other hosts, traversal and malformed URLs', () => {
    for (const url of [
      'app://other/index.html',
      'app://pdm/..%2F..%2Fetc%2Fpasswd',
      'app://pdm/%2e%2e/%2e%2e/etc/passwd',
      'app://pdm/assets/..%5c..%5csecret',
      'app://pdm/a%00.js',
      'app://pdm/%E0%A4%A',
      'not a url',
    ]) {
      const r = resolveAppFile(url, ROOT, 'pdm');
      if (r !== null) expect(r.startsWith(ROOT + '/')).toBe(true);
      else expect(r).toBeNull();
    }
    expect(resolveAppFile('app://pdm/..%2F..%2Fetc%2Fpasswd', ROOT, 'pdm')).toBeNull();
    expect(resolveAppFile('app://other/index.html', ROOT, 'pdm')).toBeNull();
    expect(resolveAppFile('app://pdm/a%00.js', ROOT, 'pdm')).toBeNull();
  });

  it('sends the right content types (wasm must be application/wasm)', () => {
    expect(mimeType('/x/sql-wasm.wasm')).toBe('application/wasm');
    expect(mimeType('/x/index.HTML')).toMatch(/^text\/html/);
    expect(mimeType('/x/worker.js')).toMatch(/^text\/javascript/);
    expect(mimeType('/x/unknown.bin')).toBe('application/octet-stream');
  });
});
