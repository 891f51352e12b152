#!/usr/bin/env node
// Launcher for the `pdm` CLI: runs cli/main.ts through tsx so the same TypeScript
// engines serve the CLI, the desktop app and the tests without a separate build.
//
// Stop means stop: SIGINT, SIGTERM and SIGHUP sent to this launcher are passed on to
// the command, which cancels and stores nothing partial. The command also holds an
// IPC channel to the launcher; when the launcher dies (even by SIGKILL) the channel
// closes and the command ends at once without saving and releases the plant lock.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const tsx = pathToFileURL(require.resolve('tsx')).href;
const child = spawn(
  process.execPath,
  ['--import', tsx, join(here, '..', 'cli', 'main.ts'), ...process.argv.slice(2)],
  { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] },
);
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const forward = (sig) => {
  if (child.exitCode === null && child.signalCode === null) child.kill(sig);
};
for (const sig of SIGNALS) process.on(sig, forward);
child.on('error', (e) => {
  process.stderr.write(`pdm: could not start: ${e.message}\n`);
  process.exit(2);
});
child.on('exit', (code, signal) => {
  for (const sig of SIGNALS) process.off(sig, forward);
  if (signal) process.kill(process.pid, signal);
  process.exit(code ?? 2);
});
