#!/usr/bin/env node
// Launcher for the `pdm` CLI: runs cli/main.ts through tsx so the same TypeScript
// engines serve the CLI, the desktop app and the tests without a separate build.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const tsx = pathToFileURL(require.resolve('tsx')).href;
const r = spawnSync(
  process.execPath,
  ['--import', tsx, join(here, '..', 'cli', 'main.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
if (r.signal) process.kill(process.pid, r.signal);
process.exit(r.status ?? 2);
