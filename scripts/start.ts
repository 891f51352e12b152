/**
 * `npm start`: builds the renderer (`npm run build:web`) and the Electron main/preload
 * (`npm run build:electron`), then launches the desktop app.
 *
 * The Electron binary is not downloaded by `npm install` (the project's .npmrc turns
 * dependency install scripts off, so installing needs nothing but the npm registry).
 * On first use this script runs Electron's own installer to fetch it; when that fails
 * (no network to its download host), a plain message points to the browser build
 * instead of a stack trace.
 * Options: --no-build (launch what is in dist/), extra arguments go to Electron.
 * PDM_ELECTRON_PATH overrides the binary location (used by tests); it is never
 * downloaded.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const USE_BROWSER = 'You can use the same app in your browser: npm run web';

export const MISSING_BINARY_MESSAGE = `The Electron desktop binary is not installed. ${USE_BROWSER}`;

export const DOWNLOAD_FAILED_MESSAGE =
  'The Electron desktop binary could not be downloaded: there is no network connection to ' +
  `its download host. ${USE_BROWSER}`;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Electron's installer script, which downloads the binary into node_modules/electron/dist. */
export const ELECTRON_INSTALLER = join(ROOT, 'node_modules', 'electron', 'install.js');

/**
 * The Electron executable path, or null when it is not installed. `require('electron')`
 * returns the path from node_modules/electron/path.txt and throws when the download was
 * skipped; a path that does not exist counts as missing too.
 */
export function findElectronBinary(
  env: NodeJS.ProcessEnv = process.env,
  requireElectron: () => unknown = () => createRequire(join(ROOT, 'package.json'))('electron'),
  exists: (p: string) => boolean = existsSync,
): string | null {
  let candidate: unknown;
  if (env.PDM_ELECTRON_PATH !== undefined) {
    candidate = env.PDM_ELECTRON_PATH;
  } else {
    try {
      candidate = requireElectron();
    } catch {
      return null;
    }
  }
  return typeof candidate === 'string' && candidate.length > 0 && exists(candidate)
    ? candidate
    : null;
}

/** What Electron's installer did: ok, or the first line of its error and whether it was the network. */
export type InstallOutcome = { ok: true } | { ok: false; reason: string; network: boolean };

const NETWORK_ERROR =
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|socket hang up|getaddrinfo|Timeout awaiting|certificate|self[- ]signed|Response code (403|407|502|503|504)/i;

/**
 * Reads the installer's stderr (which ends in a stack trace on failure): the first line
 * that is not a stack frame, and whether the error is a network one.
 */
export function describeInstallerFailure(
  stderr: string,
  status: number | null,
): { reason: string; network: boolean } {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !/^at\s/.test(l));
  const reason = lines[0] ?? `Electron's installer exited with code ${status ?? 'unknown'}`;
  return { reason, network: NETWORK_ERROR.test(lines.join('\n')) };
}

/**
 * Runs Electron's installer (`node node_modules/electron/install.js`) in its package
 * folder, with its output on stdout and its stderr captured for the message.
 */
export function runElectronInstaller(
  script: string = ELECTRON_INSTALLER,
  env: NodeJS.ProcessEnv = process.env,
): InstallOutcome {
  if (!existsSync(script)) {
    return {
      ok: false,
      reason: 'the electron package is not in node_modules (run npm install)',
      network: false,
    };
  }
  const r = spawnSync(process.execPath, [script], {
    cwd: dirname(script),
    env,
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (r.error) return { ok: false, reason: r.error.message, network: false };
  if (r.status === 0) return { ok: true };
  return { ok: false, ...describeInstallerFailure(r.stderr ?? '', r.status) };
}

export interface EnsureDeps {
  env: NodeJS.ProcessEnv;
  find: () => string | null;
  install: () => InstallOutcome;
  /** Progress lines (stderr). */
  note: (line: string) => void;
}

/**
 * The Electron binary, fetched with Electron's installer on first use; or the lines to
 * print when there is none.
 */
export function ensureElectronBinary(
  deps: EnsureDeps,
): { binary: string } | { binary: null; lines: string[] } {
  const found = deps.find();
  if (found) return { binary: found };
  if (deps.env.PDM_ELECTRON_PATH !== undefined) {
    return {
      binary: null,
      lines: [
        MISSING_BINARY_MESSAGE,
        `(PDM_ELECTRON_PATH names ${deps.env.PDM_ELECTRON_PATH}, which does not exist.)`,
      ],
    };
  }
  if (deps.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return {
      binary: null,
      lines: [
        MISSING_BINARY_MESSAGE,
        '(ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is not downloaded; unset it and run ' +
          'npm start again to download it.)',
      ],
    };
  }
  deps.note(
    'npm start: downloading the Electron desktop binary (first use only, about 100 MB) ' +
      "with Electron's installer...",
  );
  const outcome = deps.install();
  if (!outcome.ok) {
    return {
      binary: null,
      lines: outcome.network
        ? [
            DOWNLOAD_FAILED_MESSAGE,
            `(Electron's installer said: ${outcome.reason}. Where the network has a mirror ` +
              'of Electron releases, set ELECTRON_MIRROR to it and run npm start again.)',
          ]
        : [`The Electron desktop binary could not be installed: ${outcome.reason}. ${USE_BROWSER}`],
    };
  }
  const binary = deps.find();
  return binary ? { binary } : { binary: null, lines: [MISSING_BINARY_MESSAGE] };
}

function npmRun(script: string): void {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', script], {
    cwd: ROOT,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (r.status !== 0) {
    console.error(`npm start: \`npm run ${script}\` failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status || 1);
  }
}

export function main(
  argv: string[],
  deps: EnsureDeps = {
    env: process.env,
    find: () => findElectronBinary(),
    install: () => runElectronInstaller(),
    note: (line) => console.error(line),
  },
): void {
  const ensured = ensureElectronBinary(deps);
  if (ensured.binary === null) {
    for (const line of ensured.lines) console.error(line);
    process.exit(1);
  }
  const binary = ensured.binary;
  const build = !argv.includes('--no-build');
  const passThrough = argv.filter((a) => a !== '--no-build');
  if (build) {
    npmRun('build:web');
    npmRun('build:electron');
  }
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would make the binary behave as plain node
  const child = spawn(binary, ['.', ...passThrough], { cwd: ROOT, stdio: 'inherit', env });
  child.on('error', (e) => {
    console.error(`npm start: could not launch Electron (${binary}): ${e.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => child.kill(sig));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2));
}
