import { createHash } from 'node:crypto';
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INVOKE, type InvokeChannel } from '../../../electron/ipc-contract';
import { registerHandlers, type Handlers } from '../../../electron/ipc-handle';
import { checkListFileName, validateArgs } from '../../../electron/ipc-validate';
import {
  realScheduleFolder,
  scanWatchedFolder,
  writeListFiles,
} from '../../../electron/schedule-folders';
import type { FolderEnv } from '../../../electron/folder-policy';
import { trustedPage } from '../../../electron/window-options';

const dir = mkdtempSync(join(tmpdir(), 'pdm-sched-folders-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FOLDER = '/srv/exports';
const ctx = { isAllowedPath: () => false };
/** A user whose home is not the temp folder the tests use. */
const ENV: FolderEnv = {
  platform: process.platform,
  home: '/home/pdm-test-user',
  uid: typeof process.getuid === 'function' ? process.getuid() : undefined,
};
const HASH = 'a'.repeat(64);
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('schedule folder validators', () => {
  it('accepts absolute folder paths passing the syntax rules (confirming is for the handler)', () => {
    expect(validateArgs(INVOKE.scheduleScanFolder, [FOLDER, [HASH]], ctx)).toEqual({
      ok: true,
      value: [FOLDER, [HASH]],
    });
    for (const p of ['srv/exports', '', 42, null]) {
      const r = validateArgs(INVOKE.scheduleScanFolder, [p, []], ctx);
      expect(!r.ok && r.error.code, String(p)).toBe('bad-payload');
    }
    for (const p of [
      '/srv/exports/..',
      '\\\\server\\share\\in',
      '\\\\?\\C:\\in',
      'C:\\PROGRA~1',
      '/srv/exports.',
      'C:\\in \\x',
    ]) {
      const r = validateArgs(INVOKE.scheduleScanFolder, [p, []], ctx);
      expect(!r.ok && r.error.code, p).toBe('path-not-allowed');
    }
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
    const unc = validateArgs(
      INVOKE.scheduleWriteList,
      ['\\\\pc\\share', [{ name: 'a.html', text: '' }]],
      ctx,
    );
    expect(!unc.ok && unc.error.code).toBe('path-not-allowed');
  });

  it('validates the folder dialog and status payloads', () => {
    expect(validateArgs(INVOKE.schedulePickFolder, ['watch'], ctx).ok).toBe(true);
    expect(validateArgs(INVOKE.schedulePickFolder, ['list', '/srv/in'], ctx)).toEqual({
      ok: true,
      value: ['list', '/srv/in'],
    });
    expect(validateArgs(INVOKE.schedulePickFolder, ['watch', undefined], ctx)).toEqual({
      ok: true,
      value: ['watch'],
    });
    expect(validateArgs(INVOKE.schedulePickFolder, ['etc'], ctx).ok).toBe(false);
    expect(validateArgs(INVOKE.schedulePickFolder, ['watch', 5], ctx).ok).toBe(false);
    expect(validateArgs(INVOKE.scheduleFolderStatus, [['/srv/in', 'relative']], ctx).ok).toBe(true);
    for (const bad of [[], 'x', [3], Array.from({ length: 101 }, () => '/a')]) {
      expect(validateArgs(INVOKE.scheduleFolderStatus, [bad], ctx).ok).toBe(false);
    }
  });

  it('answers bad folders with a typed result through the wrapper, never a throw', async () => {
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
    expect(await write(ev, '\\\\nas\\x', [{ name: 'x.html', text: '' }])).toMatchObject({
      ok: false,
      error: { code: 'path-not-allowed' },
    });
    expect(await write(ev, FOLDER, [{ name: '../x.html', text: '' }])).toMatchObject({
      ok: false,
      error: { code: 'bad-payload' },
    });
    expect(await scan(ev, 'C:\\PROGRA~1', [])).toMatchObject({ ok: false });
    expect(reached).toBe(0);
    expect(await scan(ev, FOLDER, [])).toEqual({ ok: true, value: [] });
    expect(reached).toBe(1);
  });
});

describe('real schedule folders (links resolved, policy applied)', () => {
  it('returns the real path of an acceptable folder, following a link inside bounds', async () => {
    const d = mkdtempSync(join(dir, 'real-'));
    mkdirSync(join(d, 'data'));
    symlinkSync(join(d, 'data'), join(d, 'link'));
    expect(await realScheduleFolder(join(d, 'data'), ENV)).toBe(realpathSync(join(d, 'data')));
    expect(await realScheduleFolder(join(d, 'link'), ENV)).toBe(realpathSync(join(d, 'data')));
  });

  it('refuses links that lead to system or hidden folders, and missing folders', async () => {
    const d = mkdtempSync(join(dir, 'links-'));
    symlinkSync('/etc', join(d, 'to-etc'));
    mkdirSync(join(d, '.ssh'));
    symlinkSync(join(d, '.ssh'), join(d, 'keys'));
    writeFileSync(join(d, 'file.csv'), 'x');
    await expect(realScheduleFolder(join(d, 'to-etc'), ENV)).rejects.toMatchObject({
      code: 'path-not-allowed',
      message: expect.stringContaining('really /etc'),
    });
    await expect(realScheduleFolder(join(d, 'keys'), ENV)).rejects.toMatchObject({
      code: 'path-not-allowed',
    });
    await expect(realScheduleFolder(join(d, 'missing'), ENV)).rejects.toMatchObject({
      code: 'io',
    });
    await expect(realScheduleFolder(join(d, 'file.csv'), ENV)).rejects.toMatchObject({
      code: 'io',
    });
    await expect(realScheduleFolder('/etc', ENV)).rejects.toMatchObject({
      code: 'path-not-allowed',
    });
    await expect(realScheduleFolder(`${d}/x/../to-etc`, ENV)).rejects.toMatchObject({
      code: 'path-not-allowed',
    });
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

  it('does not follow a link to a file outside the folder', async () => {
    const w = mkdtempSync(join(dir, 'linked-'));
    const outside = mkdtempSync(join(dir, 'outside-'));
    writeFileSync(join(outside, 'secret.csv'), 'secret\n');
    writeFileSync(join(w, 'real.csv'), 'a\n');
    symlinkSync(join(outside, 'secret.csv'), join(w, 'leak.csv'));
    symlinkSync(join(w, 'real.csv'), join(w, 'alias.csv'));
    const r = await scanWatchedFolder(w, [], { sleep: async () => {} });
    // alias.csv is real.csv (same content): one export
    expect(r.files.map((f) => new TextDecoder().decode(f.bytes))).toEqual(['a\n']);
    expect(r.skipped).toEqual([{ name: 'leak.csv', message: expect.stringContaining('outside') }]);
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

  it('writes list files atomically into an existing folder', async () => {
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
  });
});
