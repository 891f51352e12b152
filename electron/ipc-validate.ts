/**
 * Validators for every IPC payload and for the sender, as pure functions.
 *
 * Why: the renderer is treated as untrusted (a compromised page must not be able to
 * read or write arbitrary files through main). Every invoke goes through
 * {@link validateSender} and {@link validateArgs} before a handler sees it; a bad
 * payload becomes a typed `bad-payload` / `path-not-allowed` / `untrusted-sender`
 * result, never an exception. No electron or node imports here, so tests run it as is.
 */
import {
  INVOKE,
  LIMITS,
  type FolderPurpose,
  type InvokeArgs,
  type InvokeChannel,
  type IpcError,
  type ListFile,
} from './ipc-contract';
import { folderSyntaxProblem } from './folder-policy';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Where the app's own page may be loaded from. */
export interface TrustedPage {
  /** The custom scheme serving dist/renderer, without colon (default 'app'). */
  scheme: string;
  /** Its host (default 'pdm'). */
  host: string;
  /** Dev server URL (loopback only), when running `npm start` against Vite in dev. */
  devServerUrl?: string;
}

/** The frame an IPC message came from (the part of Electron's WebFrameMain we check). */
export interface SenderFrameLike {
  url: string;
  /** null for the top frame; sub-frames are never trusted. */
  parent: unknown;
}

export interface ValidateContext {
  /** True for paths chosen in a dialog or listed in recent files (the allow-list in main). */
  isAllowedPath(path: string): boolean;
}

const SQLITE_HEADER = 'SQLite format 3\u0000';

function fail(code: IpcError['code'], message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}

/** True when `url` is a loopback http(s) URL, the only dev server main will load. */
export function isLoopbackDevUrl(url: string | undefined): boolean {
  if (typeof url !== 'string' || url.length > LIMITS.maxPathLength) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return (
    (u.protocol === 'http:' || u.protocol === 'https:') &&
    (u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]') &&
    u.username === '' &&
    u.password === ''
  );
}

/** True when `url` is a page of the app itself (custom scheme, or the loopback dev server). */
export function isTrustedPageUrl(url: unknown, page: TrustedPage): boolean {
  if (typeof url !== 'string' || url.length === 0 || url.length > LIMITS.maxPathLength) {
    return false;
  }
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === `${page.scheme}:` && u.host === page.host) return u.username === '';
  if (page.devServerUrl && isLoopbackDevUrl(page.devServerUrl)) {
    const dev = new URL(page.devServerUrl);
    return u.protocol === dev.protocol && u.host === dev.host;
  }
  return false;
}

/** Accepts only the top frame of the app's own page (GitHub Desktop's trusted sender check). */
export function validateSender(
  frame: SenderFrameLike | null | undefined,
  page: TrustedPage,
): Checked<true> {
  if (!frame) return fail('untrusted-sender', 'the sending frame is gone');
  if (frame.parent !== null && frame.parent !== undefined) {
    return fail('untrusted-sender', 'IPC from a sub-frame is refused');
  }
  if (!isTrustedPageUrl(frame.url, page)) {
    return fail('untrusted-sender', `IPC from ${describe(frame.url)} is refused`);
  }
  return { ok: true, value: true };
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 80 ? v.slice(0, 80) + '…' : v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Uint8Array) return `${v.byteLength} bytes`;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') {
    return `${typeof v} ${String(v)}`;
  }
  return typeof v === 'object' ? 'an object' : String(typeof v);
}

/** A string of 1..max characters with no NUL (NUL truncates paths in C APIs). */
export function checkString(v: unknown, what: string, max: number): Checked<string> {
  if (typeof v !== 'string')
    return fail('bad-payload', `${what} must be a string, got ${describe(v)}`);
  if (v.length === 0) return fail('bad-payload', `${what} must not be empty`);
  if (v.length > max) {
    return fail('bad-payload', `${what} is ${v.length} characters, the limit is ${max}`);
  }
  if (v.includes('\u0000')) return fail('bad-payload', `${what} contains a NUL character`);
  return { ok: true, value: v };
}

/** True for an absolute POSIX, Windows drive or UNC path. */
export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

/** An absolute path string that the allow-list in main knows. */
export function checkPath(v: unknown, what: string, ctx: ValidateContext): Checked<string> {
  const s = checkString(v, what, LIMITS.maxPathLength);
  if (!s.ok) return s;
  if (!isAbsolutePath(s.value)) return fail('bad-payload', `${what} must be an absolute path`);
  let allowed = false;
  try {
    allowed = ctx.isAllowedPath(s.value) === true;
  } catch {
    allowed = false;
  }
  if (!allowed) {
    return fail(
      'path-not-allowed',
      `${what} ${describe(s.value)} was not chosen in a dialog nor listed in recent files`,
    );
  }
  return s;
}

/**
 * A schedule folder path as text: absolute, and passing the folder policy's syntax
 * rules (no UNC/device/8.3 paths, no trailing dots or spaces, no `.`/`..`). Whether the
 * user confirmed it for the open plant file, and what its real path is, main checks in
 * the handler (electron/schedule-folders.ts realScheduleFolder, folder-grants.ts).
 */
export function checkFolder(v: unknown, what: string): Checked<string> {
  const s = checkString(v, what, LIMITS.maxPathLength);
  if (!s.ok) return s;
  if (!isAbsolutePath(s.value)) return fail('bad-payload', `${what} must be an absolute path`);
  const why = folderSyntaxProblem(s.value);
  if (why) return fail('path-not-allowed', `${what} ${describe(s.value)} ${why}`);
  return s;
}

/** A bare file name (no folders, no leading dot), used only as a save-dialog suggestion. */
export function checkFileName(v: unknown, what: string): Checked<string> {
  const s = checkString(v, what, LIMITS.maxFileNameLength);
  if (!s.ok) return s;
  const hasControl = [...s.value].some((c) => c.charCodeAt(0) < 0x20);
  if (hasControl || /[\\/:*?"<>|]/.test(s.value) || s.value.startsWith('.')) {
    return fail('bad-payload', `${what} must be a plain file name without folders`);
  }
  return s;
}

/** A maintenance-list file name: a plain file name ending .html or .csv. */
export function checkListFileName(v: unknown, what: string): Checked<string> {
  const n = checkFileName(v, what);
  if (!n.ok) return n;
  if (!/\.(html|csv|pdf)$/i.test(n.value)) {
    return fail('bad-payload', `${what} ${describe(n.value)} must end in .html, .csv or .pdf`);
  }
  if (/^(con|prn|aux|nul|com\d|lpt\d)\./i.test(n.value) || /[ .]\.[^.]+$/.test(n.value)) {
    return fail('bad-payload', `${what} ${describe(n.value)} is not a portable file name`);
  }
  return n;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The list files of writeListFiles: 1..maxListFiles {name, text}, names unique. */
export function checkListFiles(v: unknown): Checked<ListFile[]> {
  if (!Array.isArray(v))
    return fail('bad-payload', `the list files must be an array, got ${describe(v)}`);
  if (v.length === 0 || v.length > LIMITS.maxListFiles) {
    return fail('bad-payload', `give 1..${LIMITS.maxListFiles} list files, got ${v.length}`);
  }
  const out: ListFile[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < v.length; i++) {
    const f: unknown = v[i];
    if (!isPlainObject(f)) return fail('bad-payload', `list file ${i + 1} must be an object`);
    const name = checkListFileName(f.name, `list file ${i + 1}'s name`);
    if (!name.ok) return name;
    if (typeof f.text !== 'string') {
      return fail('bad-payload', `list file ${i + 1}'s text must be a string`);
    }
    if (f.text.length > LIMITS.maxListTextLength) {
      return fail(
        'bad-payload',
        `list file ${i + 1}'s text is ${f.text.length} characters, the limit is ${LIMITS.maxListTextLength}`,
      );
    }
    const key = name.value.toLowerCase();
    if (seen.has(key))
      return fail('bad-payload', `list file name ${describe(name.value)} is given twice`);
    seen.add(key);
    out.push({ name: name.value, text: f.text });
  }
  return { ok: true, value: out };
}

/** Content hashes already recorded: at most maxKnownHashes sha-256 hex strings. */
export function checkKnownHashes(v: unknown): Checked<string[]> {
  if (!Array.isArray(v)) {
    return fail('bad-payload', `the known hashes must be an array, got ${describe(v)}`);
  }
  if (v.length > LIMITS.maxKnownHashes) {
    return fail('bad-payload', `${v.length} known hashes, the limit is ${LIMITS.maxKnownHashes}`);
  }
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'string' || !/^[0-9a-f]{64}$/.test(v[i] as string)) {
      return fail('bad-payload', `known hash ${i + 1} must be 64 lowercase hex digits`);
    }
  }
  return { ok: true, value: v as string[] };
}

/** A plant database: a Uint8Array of at most maxPlantBytes starting with the SQLite header. */
export function checkPlantBytes(v: unknown, what: string): Checked<Uint8Array> {
  if (!(v instanceof Uint8Array)) {
    return fail('bad-payload', `${what} must be a Uint8Array, got ${describe(v)}`);
  }
  if (v.byteLength > LIMITS.maxPlantBytes) {
    return fail(
      'bad-payload',
      `${what} is ${v.byteLength} bytes, the limit is ${LIMITS.maxPlantBytes}`,
    );
  }
  if (!hasSqliteHeader(v)) {
    return fail('bad-payload', `${what} is not a SQLite database (header missing)`);
  }
  return { ok: true, value: v };
}

/** True when bytes start with "SQLite format 3\0" (what sql.js exports and main reads). */
export function hasSqliteHeader(bytes: Uint8Array): boolean {
  if (bytes.byteLength < SQLITE_HEADER.length) return false;
  for (let i = 0; i < SQLITE_HEADER.length; i++) {
    if (bytes[i] !== SQLITE_HEADER.charCodeAt(i)) return false;
  }
  return true;
}

function arity(args: unknown, min: number, max: number): Checked<unknown[]> {
  if (!Array.isArray(args)) return fail('bad-payload', 'arguments must be an array');
  if (args.length < min || args.length > max) {
    return fail(
      'bad-payload',
      min === max
        ? `expected ${min} argument(s), got ${args.length}`
        : `expected ${min}..${max} arguments, got ${args.length}`,
    );
  }
  return { ok: true, value: args };
}

type ArgValidator<C extends InvokeChannel> = (
  args: unknown[],
  ctx: ValidateContext,
) => Checked<InvokeArgs<C>>;

const none =
  <C extends InvokeChannel>(): ArgValidator<C> =>
  (args) => {
    const a = arity(args, 0, 0);
    return a.ok ? { ok: true, value: [] as unknown as InvokeArgs<C> } : a;
  };

const plantBytes =
  <C extends InvokeChannel>(): ArgValidator<C> =>
  (args) => {
    const a = arity(args, 1, 1);
    if (!a.ok) return a;
    const b = checkPlantBytes(args[0], 'the plant database');
    return b.ok ? { ok: true, value: [b.value] as unknown as InvokeArgs<C> } : b;
  };

/** One validator per invoke channel; a missing entry is a type error. */
export const ARG_VALIDATORS: { [C in InvokeChannel]: ArgValidator<C> } = {
  [INVOKE.appInfo]: none(),
  [INVOKE.fileNew]: none(),
  [INVOKE.fileClose]: none(),
  [INVOKE.fileOpen]: none(),
  [INVOKE.fileOpenRecent]: (args, ctx) => {
    const a = arity(args, 1, 1);
    if (!a.ok) return a;
    const p = checkPath(args[0], 'the recent file path', ctx);
    return p.ok ? { ok: true, value: [p.value] } : p;
  },
  [INVOKE.fileRecent]: none(),
  [INVOKE.fileSave]: plantBytes(),
  [INVOKE.fileSaveAs]: plantBytes(),
  [INVOKE.fileSetDirty]: (args) => {
    const a = arity(args, 1, 1);
    if (!a.ok) return a;
    if (typeof args[0] !== 'boolean') {
      return fail('bad-payload', `the dirty flag must be a boolean, got ${describe(args[0])}`);
    }
    return { ok: true, value: [args[0]] };
  },
  [INVOKE.importPickFiles]: none(),
  [INVOKE.importPickFolder]: none(),
  [INVOKE.printList]: none(),
  [INVOKE.printPdf]: (args) => {
    const a = arity(args, 0, 1);
    if (!a.ok) return a;
    if (args.length === 0 || args[0] === undefined) return { ok: true, value: [] };
    const n = checkFileName(args[0], 'the suggested PDF name');
    return n.ok ? { ok: true, value: [n.value] } : n;
  },
  [INVOKE.notify]: (args) => {
    const a = arity(args, 2, 2);
    if (!a.ok) return a;
    const t = checkString(args[0], 'the notification title', LIMITS.maxTitleLength);
    if (!t.ok) return t;
    const b = checkString(args[1], 'the notification body', LIMITS.maxBodyLength);
    return b.ok ? { ok: true, value: [t.value, b.value] } : b;
  },
  [INVOKE.schedulePickFolder]: (args) => {
    const a = arity(args, 1, 2);
    if (!a.ok) return a;
    if (args[0] !== 'watch' && args[0] !== 'list') {
      return fail(
        'bad-payload',
        `the folder purpose must be 'watch' or 'list', got ${describe(args[0])}`,
      );
    }
    const purpose = args[0] as FolderPurpose;
    if (args.length < 2 || args[1] === undefined) return { ok: true, value: [purpose] };
    // Only where the dialog opens; main uses it when the policy's syntax rules pass.
    const c = checkString(args[1], 'the folder to confirm', LIMITS.maxPathLength);
    return c.ok ? { ok: true, value: [purpose, c.value] } : c;
  },
  [INVOKE.scheduleFolderStatus]: (args) => {
    const a = arity(args, 1, 1);
    if (!a.ok) return a;
    const list: unknown = args[0];
    if (!Array.isArray(list)) {
      return fail('bad-payload', `the schedule folders must be an array, got ${describe(list)}`);
    }
    if (list.length === 0 || list.length > LIMITS.maxScheduleFolders) {
      return fail(
        'bad-payload',
        `give 1..${LIMITS.maxScheduleFolders} schedule folders, got ${list.length}`,
      );
    }
    const out: string[] = [];
    for (let i = 0; i < list.length; i++) {
      const s = checkString(list[i], `schedule folder ${i + 1}`, LIMITS.maxPathLength);
      if (!s.ok) return s;
      out.push(s.value);
    }
    return { ok: true, value: [out] };
  },
  [INVOKE.scheduleScanFolder]: (args) => {
    const a = arity(args, 2, 2);
    if (!a.ok) return a;
    const p = checkFolder(args[0], 'the watched folder');
    if (!p.ok) return p;
    const k = checkKnownHashes(args[1]);
    return k.ok ? { ok: true, value: [p.value, k.value] } : k;
  },
  [INVOKE.modelSave]: (args) => {
    const a = arity(args, 2, 2);
    if (!a.ok) return a;
    const n = checkFileName(args[0], 'the suggested model file name');
    if (!n.ok) return n;
    const t = checkString(args[1], 'the model file', LIMITS.maxModelFileBytes);
    return t.ok ? { ok: true, value: [n.value, t.value] } : t;
  },
  [INVOKE.modelOpen]: none(),
  [INVOKE.scheduleWriteList]: (args) => {
    const a = arity(args, 2, 2);
    if (!a.ok) return a;
    const p = checkFolder(args[0], 'the list folder');
    if (!p.ok) return p;
    const f = checkListFiles(args[1]);
    return f.ok ? { ok: true, value: [p.value, f.value] } : f;
  },
};

/** Validates the arguments of `channel`; unknown channels are refused. */
export function validateArgs<C extends InvokeChannel>(
  channel: C,
  args: unknown,
  ctx: ValidateContext,
): Checked<InvokeArgs<C>> {
  if (!Object.prototype.hasOwnProperty.call(ARG_VALIDATORS, channel)) {
    return fail('bad-payload', `unknown channel ${describe(channel)}`);
  }
  const a = arity(args, 0, 8);
  if (!a.ok) return a;
  return (ARG_VALIDATORS[channel] as ArgValidator<C>)(a.value, ctx);
}
