import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INVOKE, type InvokeChannel } from '../../../electron/ipc-contract';
import { registerHandlers, type Handlers } from '../../../electron/ipc-handle';
import {
  checkListFileName,
  scheduleFolderProblem,
  validateArgs,
} from '../../../electron/ipc-validate';
import {
  allowableFolders,
  scanWatchedFolder,
  writeListFiles,
} from '../../../electron/schedule-folders';
import { trustedPage } from '../../../electron/window-options';

const dir = mkdtempSync(join(tmpdir(), 'pdm-sched-folders-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FOLDER = '/srv/exports';
const ctx = { isAllowedPath: () => false, isAllowedFolder: (p: string) => p === FOLDER };
const HASH = 'a'.repeat(64);
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('schedule folder validators', () => {
  it('accepts only allowed absolute folders for scan and write', () => {
    expect(validateArgs(INVOKE.scheduleScanFolder, [FOLDER, [HASH]], ctx)).toEqual({
      ok: true,
      value: [FOLDER, [HASH]],
    });
    for (const p of ['/srv/other', '/srv/exports/..', 'srv/exports', '', 42, null]) {
      const r = validateArgs(INVOKE.scheduleScanFolder, [p, []], ctx);
      expect(r.ok, String(p)).toBe(false);
    }
    const unknown = validateArgs(INVOKE.scheduleScanFolder, ['/srv/other', []], ctx);
    expect(!unknown.ok && unknown.error.code).toBe('path-not-allowed');
    // no isAllowedFolder in the context: every folder is refused
    const none = validateArgs(INVOKE.scheduleScanFolder, [FOLDER, []], {
      isAllowedPath: () => true,
    });
    expect(!none.ok && none.error.code).toBe('path-not-allowed');
  });

  it('refuses bad known hashes', () => {
    for (const k of [['xyz'], [HASH.toUpperCase()], 'abc', [1], [HASH + '0']]) {
      expect(validateArgs(INVOKE.scheduleScanFolder, [FOLDER, k], ctx).ok).toBe(false);
    }
  });

  it('accepts list file names that are plain .html/.csv names only', () => {
    for (const n of ['maintenance-list-north-2025-06-04T0400Z.html', 'a.CSV', '목록.csv']) {
      expect(checkListFileName(n, 'name').ok, n).toBe(true);
    }
    for (const n of [
      '../x.html',
      'sub/x.html',
      'sub\\x.csv',
      'C:x.csv',
      '.hidden.csv',
      'x.pdm',
      'x.html.exe',
      'x',
      'con.csv',
      'x .csv',
      'a\u0001.csv',
      '',
    ]) {
      expect(checkListFileName(n, 'name').ok, n).toBe(false);
    }
  });

  it('validates writeListFiles payloads', () => {
    const ok = validateArgs(
      INVOKE.scheduleWriteList,
      [FOLDER, [{ name: 'a.html', text: '<p>' }]],
      ctx,
    );
    expect(ok.ok).toBe(true);
    const pdf = validateArgs(
      INVOKE.scheduleWriteList,
      [FOLDER, [{ name: 'a.pdf', text: '<p>' }]],
      ctx,
    );
    expect(pdf.ok).toBe(true);
    for (const files of [
      [],
      [{ name: 'a.exe', text: '' }],
      [{ name: 'a/b.html', text: '' }],
      [{ name: 'a.html', text: 3 }],
      [{ name: 'a.html' }],
      [
        { name: 'a.html', text: '' },
        { name: 'A.HTML', text: '' },
      ],
      'a.html',
      [null],
      Array.from({ length: 9 }, (_, i) => ({ name: `${i}.csv`, text: '' })),
    ]) {
      expect(validateArgs(INVOKE.scheduleWriteList, [FOLDER, files], ctx).ok).toBe(false);
    }
    const elsewhere = validateArgs(
      INVOKE.scheduleWriteList,
      ['/home/x', [{ name: 'a.html', text: '' }]],
      ctx,
    );
    expect(!elsewhere.ok && elsewhere.error.code).toBe('path-not-allowed');
  });

  it('allows stored schedule folders only outside roots and system folders', () => {
    expect(scheduleFolderProblem('/srv/exports')).toBeNull();
    expect(scheduleFolderProblem('D:\\plant\\lists')).toBeNull();
    expect(scheduleFolderProblem('\\\\nas\\share\\exports')).toBeNull();
    for (const p of [
      '/',
      '//',
      'C:\\',
      '\\\\nas\\share',
      '/etc',
      '/usr/local/x',
      '/proc/self',
      'C:\\Windows\\Temp',
      'c:\\program files\\x',
      '/srv/../etc',
      'relative/dir',
    ]) {
      expect(scheduleFolderProblem(p), p).not.toBeNull();
    }
    expect(validateArgs(INVOKE.schedulePickFolder, ['watch'], ctx).ok).toBe(true);
    expect(validateArgs(INVOKE.schedulePickFolder, ['etc'], ctx).ok).toBe(false);
    const root = validateArgs(INVOKE.scheduleAllowFolders, [['/srv/ok', '/']], ctx);
    expect(!root.ok && root.error.code).toBe('path-not-allowed');
  });

  it('answers unknown folders with a typed result through the wrapper, never a throw', async () => {
    const handlers = new Map<string, (e: unknown, ...a: unknown[]) => Promise<unknown>>();
    let reached = 0;
    const h = () => {
      reached++;
      return [];
    };
    registerHandlers(
      {
        handle: (c, l) => handlers.set(c, l as never),
        removeHandler: () => {},
      },
      { [INVOKE.scheduleWriteList]: h, [INVOKE.scheduleScanFolder]: h } as unknown as Handlers,
      { page: trustedPage(undefined), ...ctx, log: () => {} },
    );
    const ev = { senderFrame: { url: 'app://pdm/index.html', parent: null } };
    const write = handlers.get(INVOKE.scheduleWriteList as InvokeChannel)!;
    const scan = handlers.get(INVOKE.scheduleScanFolder as InvokeChannel)!;
    expect(await write(ev, '/home/me', [{ name: 'x.html', text: '' }])).toMatchObject({
      ok: false,
      error: { code: 'path-not-allowed' },
    });
    expect(await write(ev, FOLDER, [{ name: '../x.html', text: '' }])).toMatchObject({
      ok: false,
      error: { code: 'bad-payload' },
    });
    expect(await scan(ev, '/etc', [])).toMatchObject({ ok: false });
    expect(reached).toBe(0);
    expect(await scan(ev, FOLDER, [])).toEqual({ ok: true, value: [] });
    expect(reached).toBe(1);
  });
});

describe('main-side watched folder scan', () => {
  it('returns new stable exports once, skipping known hashes and growing files', async () => {
    const w = mkdtempSync(join(dir, 'watch-'));
    writeFileSync(join(w, 'a.csv'), 'machineID,datetime\n1,2025-01-01 00:00:00\n');
    writeFileSync(join(w, 'b.tsv'), 'x\ty\n');
    writeFileSync(join(w, 'growing.csv'), 'start\n');
    writeFileSync(join(w, 'notes.txt'), 'ignored');
    writeFileSync(join(w, '.hidden.csv'), 'ignored');
    writeFileSync(join(w, 'copy-of-a.csv'), readFileSync(join(w, 'a.csv')));
    let sleeps = 0;
    // The injected sleep is the "few seconds": the writer appends meanwhile.
    const sleep = async () => {
      sleeps++;
      appendFileSync(join(w, 'growing.csv'), 'more rows\n');
    };
    const first = await scanWatchedFolder(w, [sha('x\ty\n')], { sleep });
    expect(sleeps).toBe(1);
    expect(first.files.map((f) => f.name)).toEqual(['a.csv']); // copy has a's content
    expect(first.files[0]).toMatchObject({
      hash: sha('machineID,datetime\n1,2025-01-01 00:00:00\n'),
      size: 41,
    });
    expect(new TextDecoder().decode(first.files[0].bytes)).toContain('machineID');
    expect(first.notStable).toEqual(['growing.csv']);

    // Writing stopped: the next scan returns it, and a's hash is known now.
    const second = await scanWatchedFolder(w, [first.files[0].hash, sha('x\ty\n')], {
      sleep: async () => {},
    });
    expect(second.files.map((f) => f.name)).toEqual(['growing.csv']);
    expect(second.notStable).toEqual([]);
  });

  it('reports files over the size limit and an unreadable folder', async () => {
    const w = mkdtempSync(join(dir, 'big-'));
    writeFileSync(join(w, 'big.csv'), 'x'.repeat(100));
    writeFileSync(join(w, 'small.csv'), 'x');
    const r = await scanWatchedFolder(w, [], { sleep: async () => {}, maxFileBytes: 10 });
    expect(r.files.map((f) => f.name)).toEqual(['small.csv']);
    expect(r.skipped).toEqual([{ name: 'big.csv', message: expect.stringContaining('limit') }]);
    await expect(scanWatchedFolder(join(w, 'missing'), [])).rejects.toMatchObject({ code: 'io' });
  });

  it('writes list files atomically and allows only existing non-system folders', async () => {
    const l = mkdtempSync(join(dir, 'lists-'));
    const paths = await writeListFiles(l, [
      { name: 'm.html', text: '<h1>list</h1>' },
      { name: 'm.csv', text: 'a,b\n' },
    ]);
    expect(paths).toEqual([join(l, 'm.html'), join(l, 'm.csv')]);
    expect(readFileSync(join(l, 'm.csv'), 'utf8')).toBe('a,b\n');
    await expect(
      writeListFiles(join(l, 'nope'), [{ name: 'x.csv', text: '' }]),
    ).rejects.toMatchObject({ code: 'io' });
    // a .pdf is the page printed by the host; without a printer it is refused, not faked
    const printed: string[] = [];
    await writeListFiles(l, [{ name: 'm.pdf', text: '<h1>list</h1>' }], async (html) => {
      printed.push(html);
      return Uint8Array.from([37, 80, 68, 70]);
    });
    expect(printed).toEqual(['<h1>list</h1>']);
    expect(readFileSync(join(l, 'm.pdf'), 'latin1')).toBe('%PDF');
    await expect(writeListFiles(l, [{ name: 'n.pdf', text: '' }])).rejects.toMatchObject({
      code: 'io',
    });
    expect(await allowableFolders([l, join(l, 'm.csv'), join(l, 'missing'), '/', '/etc'])).toEqual([
      l,
    ]);
  });
});
