/**
 * The schedule folder policy (electron/folder-policy.ts): the named cases of the
 * hardening issue, then a seeded fuzz-ish corpus of mutations around them.
 */
import { describe, expect, it } from 'vitest';
import {
  folderSyntaxProblem,
  realFolderProblem,
  type FolderEnv,
  type FolderFacts,
} from '../../../electron/folder-policy';
import { mulberry32 } from './fuzz';

const WIN: FolderEnv = { platform: 'win32', home: 'C:\\Users\\alice' };
const LINUX: FolderEnv = { platform: 'linux', home: '/home/alice', uid: 1000 };
const MAC: FolderEnv = { platform: 'darwin', home: '/Users/alice', uid: 501 };

/** Both checks, as main runs them on a real path. */
const problem = (p: string, env: FolderEnv, facts: FolderFacts = {}) =>
  folderSyntaxProblem(p) ?? realFolderProblem(p, env, facts);

describe('folder policy: the named cases', () => {
  it('refuses UNC and device paths', () => {
    for (const p of [
      '\\\\server\\share\\exports',
      '\\\\otherpc\\C$\\Windows\\System32',
      '\\\\?\\C:\\data',
      '\\\\?\\UNC\\server\\share',
      '\\\\.\\PhysicalDrive0',
      '\\\\.\\C:\\data',
      '\\??\\C:\\data',
      '//server/share/exports',
      '/\\server\\share',
    ]) {
      expect(folderSyntaxProblem(p), p).toMatch(/network|device/);
    }
  });

  it('refuses 8.3 short names, trailing dots and spaces, dot segments', () => {
    for (const p of [
      'C:\\PROGRA~1',
      'C:\\PROGRA~2\\App',
      'C:\\Users\\alice\\DOCUME~1\\exports',
      '/mnt/c/PROGRA~1',
      'C:\\Windows.',
      'C:\\Windows .',
      'C:\\data\\exports \\in',
      'C:\\data\\exports.\\in',
      '/home/alice/exports.',
      '/home/alice/exports ',
      'C:\\data\\..\\Windows',
      '/home/alice/../bob',
      '/home/alice/./exports',
    ]) {
      expect(folderSyntaxProblem(p), p).not.toBeNull();
    }
  });

  it('refuses streams, device names, relative and odd paths', () => {
    for (const p of [
      '',
      'exports',
      'C:exports',
      '~/exports',
      'C:\\data:hidden',
      'C:\\data\\CON',
      'C:\\data\\nul.txt',
      'C:\\data\\COM1',
      'C:\\da<ta',
      'C:\\da|ta',
      '/home/alice/ex\u0001ports',
      '/home/alice/ex\nports',
      '/home/alice/\u202eslx.stropxe',
    ]) {
      expect(folderSyntaxProblem(p), JSON.stringify(p)).not.toBeNull();
    }
  });

  it('refuses Windows system, program and profile folders', () => {
    for (const p of [
      'C:\\',
      'D:/',
      'C:\\Windows',
      'c:\\windows\\temp',
      'C:\\Windows\\System32\\drivers\\etc',
      'C:\\Program Files',
      'C:\\Program Files\\Plant PdM',
      'C:\\Program Files (x86)\\x',
      'D:\\Program Files\\x',
      'C:\\ProgramData',
      'C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\StartUp',
      'C:\\Users\\alice\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup',
      'C:\\Users\\alice\\AppData\\Local\\Temp',
      'C:\\Users\\alice\\.ssh',
      'C:\\Users\\alice\\.aws',
      'C:\\Users',
      'C:\\Users\\bob',
      'C:\\Users\\bob\\.ssh',
      'C:\\Users\\bob\\Documents\\exports',
      'C:\\Users\\Public\\Desktop',
      'C:\\Users\\Default',
      'C:\\$Recycle.Bin',
      'C:\\System Volume Information',
    ]) {
      expect(problem(p, WIN), p).not.toBeNull();
    }
  });

  it('refuses POSIX system folders, other homes, secret folders and WSL Windows folders', () => {
    for (const p of [
      '/',
      '/etc',
      '/etc/cron.d',
      '/bin',
      '/sbin',
      '/usr',
      '/usr/local/share/x',
      '/proc/self/cwd',
      '/sys/kernel',
      '/dev/shm',
      '/boot',
      '/root',
      '/root/exports',
      '/run/user/1000',
      '/opt/plant',
      '/var',
      '/var/log',
      '/var/lib/plant',
      '/var/spool/cron',
      '/home',
      '/home/bob',
      '/home/bob/exports',
      '/home/alice/.ssh',
      '/home/alice/.gnupg/private',
      '/home/alice/.aws',
      '/home/alice/.config/autostart',
      '/srv/share/.ssh',
      '/mnt',
      '/mnt/c',
      '/mnt/c/Windows',
      '/mnt/c/Windows/System32',
      '/mnt/c/Program Files/x',
      '/mnt/c/ProgramData',
      '/mnt/c/Users/bob/Documents',
      '/mnt/c/Users/alice/AppData/Roaming',
      '/media',
    ]) {
      expect(problem(p, LINUX), p).not.toBeNull();
    }
    for (const p of [
      '/System/Library',
      '/Library/LaunchDaemons',
      '/Applications/Plant PdM.app',
      '/private',
      '/private/etc',
      '/private/var/root',
      '/Users',
      '/Users/bob/Documents',
      '/Users/Shared',
      '/Users/alice/Library/LaunchAgents',
      '/Volumes',
    ]) {
      expect(problem(p, MAC), p).not.toBeNull();
    }
  });

  it('allows /var only for folders the user owns (and never its system parts)', () => {
    expect(problem('/var/exports', LINUX, { ownerUid: 1000 })).toBeNull();
    expect(problem('/var/exports', LINUX, { ownerUid: 0 })).not.toBeNull();
    expect(problem('/var/exports', LINUX)).not.toBeNull();
    expect(problem('/var/lib/x', LINUX, { ownerUid: 1000 })).not.toBeNull();
    expect(problem('/var/exports', { ...LINUX, uid: 0 }, { ownerUid: 0 })).not.toBeNull();
  });

  it('accepts ordinary data folders', () => {
    for (const p of [
      'C:\\Users\\alice\\Documents\\exports',
      'C:\\Users\\ALICE\\Desktop\\lists',
      'C:\\PlantData\\in',
      'D:\\plant\\lists',
      'D:/plant/lists',
      'C:\\Users\\alice\\Documents\\Plant Lists (2025)',
    ]) {
      expect(problem(p, WIN), p).toBeNull();
    }
    for (const p of [
      '/home/alice',
      '/home/alice/exports',
      '/home/alice/Documents/plant lists',
      '/srv/exports',
      '/tmp/pdm-exports',
      '/data/plant/lists',
      '/mnt/c/Users/alice/Documents/exports',
      '/mnt/d/plant',
      '/mnt/usb/exports',
      '/media/alice/USB/exports',
    ]) {
      expect(problem(p, LINUX), p).toBeNull();
    }
    for (const p of ['/Users/alice/Documents', '/private/tmp/x', '/Volumes/USB/exports']) {
      expect(problem(p, MAC), p).toBeNull();
    }
  });
});

describe('folder policy: fuzz-ish corpus', () => {
  const rnd = mulberry32(20261129);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const BENIGN = ['exports', 'lists', 'in', 'Plant A', 'line-2', '2025', 'données', '목록', 'x_y'];
  const benignTail = (sep: string) =>
    Array.from({ length: Math.floor(rnd() * 4) }, () => sep + pick(BENIGN)).join('');
  const randomCase = (s: string) =>
    [...s].map((c) => (rnd() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join('');

  // Refused folders whose subfolders are refused too (not roots, not /home or C:\Users).
  const WIN_CLOSED = [
    'C:\\Windows',
    'C:\\Program Files',
    'C:\\Program Files (x86)',
    'C:\\ProgramData',
    'C:\\Users\\bob',
    'C:\\Users\\alice\\AppData',
    'C:\\Users\\alice\\.ssh',
    'E:\\Users\\alice\\Documents\\Start Menu\\Programs\\Startup',
  ];
  const POSIX_CLOSED = [
    '/etc',
    '/usr',
    '/bin',
    '/proc',
    '/sys',
    '/dev',
    '/boot',
    '/root',
    '/var/log',
    '/home/bob',
    '/home/alice/.ssh',
    '/home/alice/.gnupg',
    '/home/alice/.aws',
    '/mnt/c/Windows',
    '/mnt/c/Users/bob',
    '/private/etc',
  ];
  const ACCEPTED_WIN = ['C:\\Users\\alice\\Documents', 'D:\\plant', 'C:\\PlantData'];
  const ACCEPTED_POSIX = ['/home/alice/exports', '/srv/exports', '/tmp/plant', '/data'];

  it('keeps refusing subfolders of refused folders, in any case and with either separator', () => {
    let n = 0;
    for (let i = 0; i < 600; i++) {
      const base = randomCase(pick(WIN_CLOSED));
      const mixed = rnd() < 0.5 ? base : base.replace(/\\/g, '/');
      const p = mixed + benignTail(rnd() < 0.5 ? '\\' : '/');
      expect(problem(p, WIN), p).not.toBeNull();
      const q = pick(POSIX_CLOSED) + benignTail('/');
      expect(problem(q, LINUX, { ownerUid: 1000 }), q).not.toBeNull();
      n += 2;
    }
    expect(n).toBe(1200);
  });

  it('refuses an accepted folder once any segment is mutated into a dangerous form', () => {
    const mutations: Array<(seg: string) => string> = [
      (s) => `${s}.`,
      (s) => `${s} `,
      (s) => `${s}. .`,
      (s) => `${s.slice(0, 6).toUpperCase()}~1`,
      () => '..',
      () => '.',
      (s) => `${s}:stream`,
      () => 'CON',
      () => 'aux.txt',
      () => '.ssh',
      () => '.gnupg',
      () => '.aws',
      (s) => `${s}\u0000`,
      (s) => `${s}\u001f`,
    ];
    for (let i = 0; i < 800; i++) {
      const win = rnd() < 0.5;
      const base = pick(win ? ACCEPTED_WIN : ACCEPTED_POSIX) + benignTail(win ? '\\' : '/');
      const sep = win ? '\\' : '/';
      const head = win ? base.slice(0, 2) : '';
      const segs = (win ? base.slice(3) : base.slice(1)).split(sep);
      const at = Math.floor(rnd() * segs.length);
      segs[at] = pick(mutations)(segs[at]);
      const p = win ? `${head}\\${segs.join(sep)}` : `/${segs.join(sep)}`;
      expect(problem(p, win ? WIN : LINUX), JSON.stringify(p)).not.toBeNull();
    }
  });

  it('refuses any path made to look remote or device-like', () => {
    const prefixes = ['\\\\', '//', '\\\\?\\', '\\\\.\\', '\\??\\', '\\/', '/\\'];
    for (let i = 0; i < 300; i++) {
      const rest = pick([...ACCEPTED_WIN, ...ACCEPTED_POSIX]).replace(/^[\\/]+/, '');
      const p = pick(prefixes) + rest + benignTail('\\');
      expect(problem(p, rnd() < 0.5 ? WIN : LINUX), p).not.toBeNull();
    }
  });

  it('never throws on random strings, and answers a string or null', () => {
    const alphabet = [
      'a',
      'Z',
      '.',
      ' ',
      '~',
      '1',
      ':',
      '\\',
      '/',
      '$',
      '?',
      '\u0000',
      '한',
      '\u202e',
    ];
    for (let i = 0; i < 2000; i++) {
      const s = Array.from({ length: Math.floor(rnd() * 40) }, () => pick(alphabet)).join('');
      for (const env of [WIN, LINUX, MAC]) {
        const r = problem(s, env);
        expect(r === null || typeof r === 'string').toBe(true);
        // Whatever passes is absolute, local and free of the refused markers.
        if (r === null) {
          expect(s).toMatch(/^(\/|[A-Za-z]:[\\/])/);
          expect(s).not.toMatch(/^[\\/]{2}|~\d|[. ](?=[\\/]|$)|\u202e/);
          expect(s.includes('\u0000')).toBe(false);
        }
      }
    }
  });
});
