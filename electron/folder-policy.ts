/**
 * Which folders a schedule may read from or write into, as pure functions (no electron,
 * no node imports, so tests run every case on any OS).
 *
 * Why: main reads every CSV of a schedule's watched folder and writes .html/.csv/.pdf
 * files into its list folder. Even a folder the user picked in the native dialog must
 * not be a place where reading leaks secrets or writing plants files that something
 * else runs or trusts. Two checks, both must pass:
 *
 * - {@link folderSyntaxProblem}, on the path as given (by the dialog, by a plant file's
 *   schedule, by the renderer) and again on its real path: absolute; no UNC or device
 *   path (`\\server\share`, `\\?\`, `\\.\`, `//server`); no 8.3 short name
 *   (`PROGRA~1`); no segment ending in a dot or a space (Windows drops them, so
 *   `C:\Windows.` is `C:\Windows`); no `.`/`..`; no stream or drive colon after the
 *   drive; no reserved device name (CON, NUL, COM1...).
 * - {@link realFolderProblem}, on the real path (symlinks and junctions resolved by the
 *   caller): not a file-system root, not a system, program or profile folder, not
 *   another user's home, no hidden segment (`.ssh`, `.gnupg`, `.aws`, `.config`...).
 *   WSL mounts (`/mnt/c/...`) get the Windows rules.
 */

/** What the policy needs to know about the running user. */
export interface FolderEnv {
  /** process.platform of the app. */
  platform: string;
  /** The user's home folder (os.homedir()). */
  home: string;
  /** The user's id on POSIX (process.getuid()); absent on Windows. */
  uid?: number;
  /** The Windows user name, for WSL paths into C:\Users (default: the home's last segment). */
  windowsUser?: string;
}

/** What the caller learnt about the folder on disk. */
export interface FolderFacts {
  /** Owner of the folder (stat.uid) on POSIX. */
  ownerUid?: number;
}

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)(\..*)?$/i;

/** Splits on both separators; empty segments (doubled separators) dropped. */
function segments(path: string): string[] {
  return path.split(/[\\/]+/).filter((s) => s.length > 0);
}

function isDrivePath(path: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(path);
}

/**
 * Why a folder path may not be used, judged on its text alone; null when acceptable.
 * Run it on what the renderer or dialog gave and on the real path.
 */
export function folderSyntaxProblem(path: string): string | null {
  if (typeof path !== 'string' || path.length === 0) return 'is empty';
  if ([...path].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    return 'contains control characters';
  }
  if (/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(path)) {
    return 'contains text-direction characters (they disguise names)';
  }
  if (/^[\\/]{2}/.test(path) || /^\\\?\?\\/.test(path)) {
    return 'is a network (UNC) or device path; choose a folder on a local drive';
  }
  const drive = isDrivePath(path);
  if (!drive && !path.startsWith('/')) return 'must be an absolute path';
  const parts = segments(path);
  const rest = drive ? parts.slice(1) : parts;
  for (const seg of rest) {
    if (seg === '.' || seg === '..') return "must not contain '.' or '..'";
    if (/[. ]$/.test(seg)) return `has a name ending in a dot or a space (${JSON.stringify(seg)})`;
    if (/~\d/.test(seg)) {
      return `uses a short 8.3 name (${JSON.stringify(seg)}); choose the folder by its full name`;
    }
    if (seg.includes(':')) return `has a colon in ${JSON.stringify(seg)}`;
    if (RESERVED.test(seg)) return `uses a reserved device name (${JSON.stringify(seg)})`;
    if (drive && /[<>"|?*]/.test(seg)) return `has a character Windows does not allow in names`;
  }
  return null;
}

/** Top-level Windows folders (of any drive) that belong to the system or to programs. */
const WINDOWS_TOP = new Set([
  'windows',
  'winnt',
  'programdata',
  'program files',
  'program files (x86)',
  'program files (arm)',
  'documents and settings',
  'system volume information',
  'recovery',
  'boot',
  'perflogs',
  'config.msi',
  'msocache',
  'intel',
]);
/** Folder names refused anywhere on Windows: application data, the Startup folder. */
const WINDOWS_ANYWHERE = new Set(['appdata', 'application data', 'start menu', 'startup']);

/** Top-level POSIX folders of the system, programs and devices (compared lower-case: macOS). */
const POSIX_TOP = new Set([
  'bin',
  'sbin',
  'boot',
  'dev',
  'etc',
  'lib',
  'lib32',
  'lib64',
  'libx32',
  'usr',
  'opt',
  'proc',
  'sys',
  'run',
  'root',
  'snap',
  'nix',
  'efi',
  'lost+found',
  'selinux',
  'system',
  'library',
  'applications',
  'cores',
  'network',
]);
/** Under /var only user-owned data folders pass, and never these. */
const VAR_SYSTEM = new Set([
  'lib',
  'log',
  'spool',
  'run',
  'lock',
  'db',
  'cache',
  'mail',
  'backups',
  'root',
  'empty',
  'audit',
  'vm',
]);

const lower = (xs: string[]) => xs.map((x) => x.toLowerCase());

function hiddenProblem(segs: string[]): string | null {
  const hidden = segs.find((s) => s.startsWith('.') || s.startsWith('$'));
  return hidden
    ? `is inside the hidden or system folder ${JSON.stringify(hidden)} (keys and settings live there)`
    : null;
}

/** `segs`: the lower-cased segments after the drive letter. */
function windowsProblem(segs: string[], env: FolderEnv): string | null {
  if (segs.length === 0) return 'is the root of a drive';
  const top = segs[0];
  if (WINDOWS_TOP.has(top) || top.startsWith('program files')) {
    return 'is a Windows system or program folder';
  }
  const anywhere = segs.find((s) => WINDOWS_ANYWHERE.has(s));
  if (anywhere) return `is inside ${JSON.stringify(anywhere)} (application data or Startup)`;
  const hidden = hiddenProblem(segs);
  if (hidden) return hidden;
  if (top === 'users') {
    if (segs.length < 2) return 'is the folder of all user profiles';
    const me = (env.windowsUser ?? segments(env.home).at(-1) ?? '').toLowerCase();
    if (!me || segs[1] !== me) return "is in another user's profile (or a shared one)";
  }
  return null;
}

function isWithin(segs: string[], base: string[]): boolean {
  return base.length > 0 && base.length <= segs.length && base.every((b, i) => segs[i] === b);
}

function posixProblem(all: string[], env: FolderEnv, facts: FolderFacts): string | null {
  let segs = all;
  // macOS: /etc, /var and /tmp are links into /private.
  if (segs[0] === 'private') {
    if (segs.length === 1) return 'is a system folder';
    segs = segs.slice(1);
  }
  if (segs.length === 0) return 'is the file-system root';
  // WSL: /mnt/c/... is drive C: of Windows.
  if (segs[0] === 'mnt' && segs.length >= 2 && /^[a-z]$/.test(segs[1])) {
    return windowsProblem(segs.slice(2), env);
  }
  const top = segs[0];
  if (POSIX_TOP.has(top)) return 'is a system or program folder';
  const hidden = hiddenProblem(segs);
  if (hidden) return hidden;
  const home = lower(segments(env.home));
  if (top === 'home' || top === 'users') {
    if (segs.length < 2) return 'is the folder of all home folders';
    if (!isWithin(segs, home)) return "is in another user's home folder";
  }
  if (isWithin(segs, home) && segs[home.length] === 'library') {
    return 'is inside Library (application data)';
  }
  if (top === 'var') {
    if (segs.length < 2 || VAR_SYSTEM.has(segs[1])) return 'is a system folder';
    const mine =
      env.uid !== undefined && env.uid !== 0 && facts.ownerUid !== undefined
        ? facts.ownerUid === env.uid
        : false;
    if (!mine) return 'is a system folder (under /var only your own folders can be used)';
  }
  if (top === 'mnt' || top === 'media' || top === 'volumes') {
    if (segs.length < 2) return 'is the folder of all mounted drives';
  }
  return null;
}

/**
 * Why a folder may not be used, judged on its real path (symlinks, junctions resolved);
 * null when acceptable. Call {@link folderSyntaxProblem} on the same path too.
 */
export function realFolderProblem(
  realPath: string,
  env: FolderEnv,
  facts: FolderFacts = {},
): string | null {
  const syntax = folderSyntaxProblem(realPath);
  if (syntax) return syntax;
  const segs = lower(segments(realPath));
  return isDrivePath(realPath)
    ? windowsProblem(segs.slice(1), env)
    : posixProblem(segs, env, facts);
}
