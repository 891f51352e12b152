/**
 * `npm start`: builds the renderer (`npm run build:web`) and the Electron main/preload
 * (`npm run build:electron`), then launches the desktop app.
 *
 * The Electron binary is checked first: on machines where `npm install` could not
 * download it, a plain message points to the browser build instead of a stack trace.
 * Options: --no-build (launch what is in dist/), extra arguments go to Electron.
 * PDM_ELECTRON_PATH overrides the binary location (used by tests).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const MISSING_BINARY_MESSAGE =
  'The Electron desktop binary is not installed (it is downloaded by `npm install` on a machine ' +
  'with internet access). You can use the same app in your browser: npm run web';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

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

export function main(argv: string[]): void {
  const binary = findElectronBinary();
  if (!binary) {
    console.error(MISSING_BINARY_MESSAGE);
    process.exit(1);
  }
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
