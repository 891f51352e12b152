import { describe, expect, it } from 'vitest';
import { INVOKE, LIMITS, type InvokeChannel } from '../../../electron/ipc-contract';
import {
  ARG_VALIDATORS,
  checkFileName,
  checkPath,
  hasSqliteHeader,
  isTrustedPageUrl,
  validateArgs,
  validateSender,
} from '../../../electron/ipc-validate';
import { trustedPage } from '../../../electron/window-options';
import { badValues, sqliteBytes } from './fuzz';

const ALLOWED = '/home/planner/plants/north.pdm';
const ctx = { isAllowedPath: (p: string) => p === ALLOWED };
const page = trustedPage(undefined);

describe('sender validation', () => {
  it("accepts only the app's own top frame", () => {
    expect(validateSender({ url: 'app://pdm/index.html', parent: null }, page).ok).toBe(true);
    expect(validateSender({ url: 'app://pdm/index.html#/risk', parent: null }, page).ok).toBe(true);
    for (const frame of [
      null,
      undefined,
      { url: 'app://pdm/index.html', parent: {} },
      { url: 'https://example.com/', parent: null },
      { url: 'file:///home/x/dist/renderer/index.html', parent: null },
      { url: 'app://evil/index.html', parent: null },
      { url: 'http://localhost:5173/', parent: null },
      { url: '', parent: null },
      { url: 'javascript:alert(1)', parent: null },
      { url: 42 as unknown as string, parent: null },
    ]) {
      const r = validateSender(frame, page);
      expect(r.ok, JSON.stringify(frame)).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('untrusted-sender');
    }
  });

  it('accepts the loopback dev server only when configured', () => {
    const dev = trustedPage('http://localhost:5173');
    expect(isTrustedPageUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isTrustedPageUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedPageUrl('http://localhost:5173/', page)).toBe(false);
  });
});

describe('payload validation', () => {
  it('accepts well-formed payloads', () => {
    expect(validateArgs(INVOKE.appInfo, [], ctx)).toEqual({ ok: true, value: [] });
    expect(validateArgs(INVOKE.fileOpenRecent, [ALLOWED], ctx)).toEqual({
      ok: true,
      value: [ALLOWED],
    });
    const db = sqliteBytes();
    expect(validateArgs(INVOKE.fileSave, [db], ctx)).toEqual({ ok: true, value: [db] });
    expect(validateArgs(INVOKE.printPdf, [], ctx).ok).toBe(true);
    expect(validateArgs(INVOKE.printPdf, ['list-2024-01-02.pdf'], ctx).ok).toBe(true);
    expect(
      validateArgs(INVOKE.notify, ['3 high risks', 'Run daily: 3 machines above 0.7'], ctx).ok,
    ).toBe(true);
    expect(
      validateArgs(INVOKE.modelSave, ['plant-model-3.json', '{"format":"pdm-model"}'], ctx),
    ).toEqual({ ok: true, value: ['plant-model-3.json', '{"format":"pdm-model"}'] });
    expect(validateArgs(INVOKE.modelOpen, [], ctx).ok).toBe(true);
  });

  it('refuses a model file save without a plain name or text', () => {
    for (const args of [
      ['plant-model-3.json'],
      ['../../etc/passwd', '{}'],
      ['a/b.json', '{}'],
      ['m.json', ''],
      ['m.json', 5],
      ['m.json', '{}', 'x'],
    ]) {
      const r = validateArgs(INVOKE.modelSave, args, ctx);
      expect(r.ok, JSON.stringify(args)).toBe(false);
    }
    expect(validateArgs(INVOKE.modelOpen, ['/etc/passwd'], ctx).ok).toBe(false);
  });

  it('rejects extra arguments, unknown channels and non-arrays', () => {
    expect(validateArgs(INVOKE.fileNew, ['x'], ctx).ok).toBe(false);
    expect(validateArgs('pdm:shell:exec' as InvokeChannel, [], ctx).ok).toBe(false);
    expect(validateArgs('__proto__' as InvokeChannel, [], ctx).ok).toBe(false);
    expect(validateArgs(INVOKE.appInfo, 'nope', ctx).ok).toBe(false);
    expect(validateArgs(INVOKE.notify, ['only title'], ctx).ok).toBe(false);
  });

  it('rejects paths outside the allow-list, relative paths and NUL tricks', () => {
    for (const p of [
      '/etc/passwd',
      'north.pdm',
      ALLOWED + '\u0000',
      '../' + ALLOWED,
      ALLOWED + 'x',
    ]) {
      const r = checkPath(p, 'path', ctx);
      expect(r.ok, p).toBe(false);
    }
    const r = checkPath('/etc/passwd', 'path', ctx);
    expect(!r.ok && r.error.code).toBe('path-not-allowed');
    const throwing = {
      isAllowedPath: () => {
        throw new Error('boom');
      },
    };
    expect(checkPath(ALLOWED, 'path', throwing).ok).toBe(false);
  });

  it('rejects huge strings and byte payloads over the limit', () => {
    expect(validateArgs(INVOKE.notify, ['x'.repeat(LIMITS.maxTitleLength + 1), 'b'], ctx).ok).toBe(
      false,
    );
    expect(validateArgs(INVOKE.notify, ['t', 'x'.repeat(LIMITS.maxBodyLength + 1)], ctx).ok).toBe(
      false,
    );
    expect(
      validateArgs(INVOKE.fileOpenRecent, ['/' + 'a'.repeat(LIMITS.maxPathLength)], ctx).ok,
    ).toBe(false);
    // A view claiming more than the limit, without allocating a gigabyte.
    const huge = sqliteBytes();
    Object.defineProperty(huge, 'byteLength', { value: LIMITS.maxPlantBytes + 1 });
    const r = validateArgs(INVOKE.fileSave, [huge], ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/limit/);
  });

  it('rejects file names with folders or control characters', () => {
    for (const n of [
      '../x.pdf',
      'a/b.pdf',
      'a\\b.pdf',
      'C:x.pdf',
      '.hidden',
      'a\nb.pdf',
      'x'.repeat(201),
    ]) {
      expect(checkFileName(n, 'name').ok, n).toBe(false);
    }
  });

  it('checks the SQLite header', () => {
    expect(hasSqliteHeader(sqliteBytes())).toBe(true);
    expect(hasSqliteHeader(new Uint8Array(10))).toBe(false);
    expect(hasSqliteHeader(new TextEncoder().encode('SQLite format 2\u0000xxxxxxxx'))).toBe(false);
  });

  it('rejects a fuzzed set of bad payloads on every channel, never throwing', () => {
    const values = badValues(20240601, 400);
    const channels = Object.keys(ARG_VALIDATORS) as InvokeChannel[];
    // Strings may be acceptable titles or file names; everything else must be refused.
    const textChannels = new Set<InvokeChannel>([INVOKE.notify, INVOKE.printPdf]);
    let rejected = 0;
    for (const channel of channels) {
      const cases: unknown[] = [];
      for (const v of values) {
        cases.push([v], [v, v, v]);
        if (!Array.isArray(v)) cases.push(v);
        if (channel === INVOKE.notify) cases.push([v, v]);
      }
      for (const args of cases) {
        const r = validateArgs(channel, args, ctx);
        const all = Array.isArray(args) ? args : [args];
        const mayPass =
          textChannels.has(channel) &&
          Array.isArray(args) &&
          args.length <= 2 &&
          all.every((a) => typeof a === 'string');
        const booleanFlag =
          channel === INVOKE.fileSetDirty &&
          Array.isArray(args) &&
          args.length === 1 &&
          typeof args[0] === 'boolean';
        const optionalOmitted =
          channel === INVOKE.printPdf &&
          Array.isArray(args) &&
          args.length === 1 &&
          args[0] === undefined;
        // Folder status only reports on paths (it allows nothing): a list of strings may pass.
        const statusList =
          channel === INVOKE.scheduleFolderStatus &&
          Array.isArray(args) &&
          args.length === 1 &&
          Array.isArray(args[0]) &&
          (args[0] as unknown[]).every((a) => typeof a === 'string');
        if (mayPass || optionalOmitted || booleanFlag || statusList) continue;
        expect(r.ok, `${channel} ${all.map((a) => typeof a).join(',')}`).toBe(false);
        if (!r.ok) {
          expect(['bad-payload', 'path-not-allowed']).toContain(r.error.code);
          expect(r.error.message.length).toBeLessThan(400);
        }
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(channels.length * values.length * 2);
  });
});
