/**
 * The layering rules of eslint.config.js fire: each restriction on a deliberately bad
 * snippet, linted in memory under a path of the layer (no bad file in the tree), and one
 * good snippet per layer passes with no message at all.
 */
import { join } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared';

const STATIC = '@typescript-eslint/no-restricted-imports';
const DYNAMIC = 'no-restricted-syntax';

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({
    cwd: REPO_ROOT,
    overrideConfigFile: join(REPO_ROOT, 'eslint.config.js'),
  });
});

async function lint(file: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: join(REPO_ROOT, file) });
  return result.messages;
}

interface Bad {
  name: string;
  file: string;
  code: string;
  rule: string;
  /** A fragment of the expected message. */
  says: string;
}

const bad: Bad[] = [
  // workers/, platform-neutral
  {
    name: 'workers: the electron package',
    file: 'workers/app/x.ts',
    code: "import { app } from 'electron';\nexport const a = app;\n",
    rule: STATIC,
    says: 'Only electron/',
  },
  {
    name: 'workers: electron/',
    file: 'workers/app/x.ts',
    code: "export { INVOKE } from '../../electron/ipc-contract';\n",
    rule: STATIC,
    says: 'desktop shell',
  },
  {
    name: 'workers: renderer/',
    file: 'workers/app/x.ts',
    code: "import { App } from '../../renderer/app';\nexport const a = App;\n",
    rule: STATIC,
    says: 'renderer/ is a leaf',
  },
  {
    name: 'workers: cli/',
    file: 'workers/app/x.ts',
    code: "import { parseArgs } from '../../cli/cli-kit';\nexport const a = parseArgs;\n",
    rule: STATIC,
    says: 'cli/ is a leaf',
  },
  {
    name: 'workers: a Node built-in off the old short list (util)',
    file: 'workers/shared/x.ts',
    code: "import { inspect } from 'util';\nexport const a = inspect;\n",
    rule: STATIC,
    says: 'Node built-ins',
  },
  {
    name: 'workers: events',
    file: 'workers/shared/x.ts',
    code: "import { EventEmitter } from 'events';\nexport const a = EventEmitter;\n",
    rule: STATIC,
    says: 'Node built-ins',
  },
  {
    name: 'workers: a built-in subpath (fs/promises)',
    file: 'workers/shared/x.ts',
    code: "import { readFile } from 'fs/promises';\nexport const a = readFile;\n",
    rule: STATIC,
    says: 'Node built-ins',
  },
  {
    name: 'workers: node: ids',
    file: 'workers/shared/x.ts',
    code: "import { Buffer } from 'node:buffer';\nexport const a = Buffer;\n",
    rule: STATIC,
    says: 'Node built-ins',
  },
  {
    name: 'workers: dynamic import of a built-in',
    file: 'workers/shared/x.ts',
    code: "export const load = () => import('node:fs');\n",
    rule: DYNAMIC,
    says: 'Node built-ins',
  },
  {
    name: 'workers: dynamic import through a template literal',
    file: 'workers/shared/x.ts',
    code: 'export const load = () => import(`worker_threads`);\n',
    rule: DYNAMIC,
    says: 'Node built-ins',
  },
  {
    name: 'workers: dynamic import of renderer/',
    file: 'workers/shared/x.ts',
    code: "export const load = () => import('../../renderer/app');\n",
    rule: DYNAMIC,
    says: 'renderer/ is a leaf',
  },
  // workers/, Node-only files
  {
    name: 'workers *-node.ts: cli/',
    file: 'workers/store/x-node.ts',
    code: "import { run } from '../../cli/main';\nexport const a = run;\n",
    rule: STATIC,
    says: 'cli/ is a leaf',
  },
  {
    name: 'workers node/: dynamic import of electron',
    file: 'workers/forest/node/x.ts',
    code: "export const load = () => import('electron');\n",
    rule: DYNAMIC,
    says: 'Only electron/',
  },
  // renderer/
  {
    name: 'renderer: a runtime value from workers/',
    file: 'renderer/screens/x.tsx',
    code: "import { EngineApi } from '../../workers/app/engine-api';\nexport const a = EngineApi;\n",
    rule: STATIC,
    says: 'only types from workers/',
  },
  {
    name: 'renderer: a runtime value beside a type from workers/',
    file: 'renderer/x.ts',
    code: "import { formatEpoch, type Zone } from '../workers/shared/time';\nexport const a: Zone | typeof formatEpoch = formatEpoch;\n",
    rule: STATIC,
    says: 'only types from workers/',
  },
  {
    name: 'renderer: dynamic import of workers/',
    file: 'renderer/x.ts',
    code: "export const load = () => import('../workers/app/engine-api');\n",
    rule: DYNAMIC,
    says: 'only types from workers/',
  },
  {
    name: 'renderer: even types of Node-only code of workers/',
    file: 'renderer/x.ts',
    code: "import type { PlantFile } from '../workers/store/plant-file-node';\nexport type A = PlantFile;\n",
    rule: STATIC,
    says: 'Node-only code of workers/',
  },
  {
    name: 'renderer: a Node built-in',
    file: 'renderer/x.ts',
    code: "import { join } from 'path';\nexport const a = join;\n",
    rule: STATIC,
    says: 'Node built-ins',
  },
  {
    name: 'renderer: the electron package',
    file: 'renderer/x.ts',
    code: "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n",
    rule: STATIC,
    says: 'Only electron/',
  },
  {
    name: 'renderer: electron/ other than the contract',
    file: 'renderer/x.ts',
    code: "import { createHandlers } from '../electron/main-handlers';\nexport const a = createHandlers;\n",
    rule: STATIC,
    says: 'only the typed contract',
  },
  {
    name: 'renderer: cli/',
    file: 'renderer/x.ts',
    code: "import { EXIT } from '../cli/cli-kit';\nexport const a = EXIT;\n",
    rule: STATIC,
    says: 'cli/ is a leaf',
  },
  // cli/
  {
    name: 'cli: renderer/',
    file: 'cli/commands/x.ts',
    code: "import { en } from '../../renderer/i18n/en';\nexport const a = en;\n",
    rule: STATIC,
    says: 'renderer/ is a leaf',
  },
  {
    name: 'cli: electron/',
    file: 'cli/x.ts',
    code: "import { INVOKE } from '../electron/ipc-contract';\nexport const a = INVOKE;\n",
    rule: STATIC,
    says: 'desktop shell',
  },
  {
    name: 'cli: dynamic import of renderer/',
    file: 'cli/x.ts',
    code: "export const load = () => import('../renderer/app');\n",
    rule: DYNAMIC,
    says: 'renderer/ is a leaf',
  },
  // electron/
  {
    name: 'electron: renderer/',
    file: 'electron/x.ts',
    code: "import { platform } from '../renderer/platform';\nexport const a = platform;\n",
    rule: STATIC,
    says: 'renderer/ is a leaf',
  },
  {
    name: 'electron: cli/',
    file: 'electron/x.ts',
    code: "import { userError } from '../cli/errors';\nexport const a = userError;\n",
    rule: STATIC,
    says: 'cli/ is a leaf',
  },
  {
    name: 'electron main.ts: dynamic import of cli/',
    file: 'electron/main.ts',
    code: "export const load = () => import('../cli/main');\n",
    rule: DYNAMIC,
    says: 'cli/ is a leaf',
  },
  {
    name: 'electron: raw ipcMain outside main.ts',
    file: 'electron/main-handlers.ts',
    code: "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n",
    rule: STATIC,
    says: 'Raw ipcMain/ipcRenderer',
  },
  {
    name: 'electron: raw ipcRenderer outside preload.ts',
    file: 'electron/preload-api.ts',
    code: "import * as electron from 'electron';\nexport const a = electron;\n",
    rule: STATIC,
    says: 'Raw ipcMain/ipcRenderer',
  },
  // the IPC contract
  {
    name: 'ipc-contract: the electron package',
    file: 'electron/ipc-contract.ts',
    code: "import type { IpcMainInvokeEvent } from 'electron';\nexport type A = IpcMainInvokeEvent;\n",
    rule: STATIC,
    says: 'ipc-contract.ts is imported by the renderer',
  },
  {
    name: 'ipc-contract: node:fs',
    file: 'electron/ipc-contract.ts',
    code: "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n",
    rule: STATIC,
    says: 'ipc-contract.ts is imported by the renderer',
  },
  {
    name: 'ipc-contract: a built-in without node: (path)',
    file: 'electron/ipc-contract.ts',
    code: "import { sep } from 'path';\nexport const a = sep;\n",
    rule: STATIC,
    says: 'ipc-contract.ts is imported by the renderer',
  },
  // elsewhere
  {
    name: 'scripts: raw ipcRenderer',
    file: 'scripts/x.ts',
    code: "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n",
    rule: STATIC,
    says: 'Raw ipcMain/ipcRenderer',
  },
];

const good: { name: string; file: string; code: string }[] = [
  {
    name: 'workers, neutral: modules, shared code and npm packages',
    file: 'workers/score/x.ts',
    code: [
      "import Papa from 'papaparse';",
      "import { formatEpoch } from '../shared/time';",
      "import type { Store } from '../store/store';",
      "export const load = () => import('../forest/predict');",
      'export const a = [Papa, formatEpoch];',
      'export type S = Store;',
      '',
    ].join('\n'),
  },
  {
    name: 'workers, Node-only: Node built-ins',
    file: 'workers/store/x-node.ts',
    code: [
      "import { promises as fsp } from 'node:fs';",
      "import { inspect } from 'util';",
      "import { Store } from './store';",
      "export const load = () => import('node:worker_threads');",
      'export const a = [fsp, inspect, Store];',
      '',
    ].join('\n'),
  },
  {
    name: 'renderer: types from workers/, the listed helpers, the contract, npm packages',
    file: 'renderer/screens/x.tsx',
    code: [
      "import { useState } from 'react';",
      "import type { EngineApi } from '../../workers/app/engine-api';",
      "import { type Cadence, describeCadence } from '../../workers/shared/cadence';",
      "import { csvCell } from '../../workers/shared/csv-cell';",
      "import { pageOfContent } from '../../workers/report/maintenance-list';",
      "import { INVOKE } from '../../electron/ipc-contract';",
      "import { call } from '../engine-client';",
      'export type A = EngineApi | Cadence;',
      'export const b = [describeCadence, csvCell, pageOfContent, INVOKE, call];',
      'export function X() {',
      '  const [n, setN] = useState(0);',
      '  return <button onClick={() => setN(n + 1)}>{n}</button>;',
      '}',
      '',
    ].join('\n'),
  },
  {
    name: 'cli: workers/ (Node-only files included) and Node',
    file: 'cli/commands/x.ts',
    code: [
      "import { join } from 'node:path';",
      "import { PlantFile } from '../../workers/store/plant-file-node';",
      "import { withPlant } from '../plant';",
      "export const load = () => import('./train');",
      'export const a = [join, PlantFile, withPlant];',
      '',
    ].join('\n'),
  },
  {
    name: 'electron: electron, Node, workers/ and the contract',
    file: 'electron/x.ts',
    code: [
      "import { app, dialog } from 'electron';",
      "import { promises as fsp } from 'node:fs';",
      "import { saveFileAtomic } from '../workers/store/plant-file-node';",
      "import { INVOKE } from './ipc-contract';",
      'export const a = [app, dialog, fsp, saveFileAtomic, INVOKE];',
      '',
    ].join('\n'),
  },
  {
    name: 'electron main.ts and preload.ts: raw IPC',
    file: 'electron/main.ts',
    code: "import { ipcMain, ipcRenderer } from 'electron';\nexport const a = [ipcMain, ipcRenderer];\n",
  },
  {
    name: 'ipc-contract: types and constants',
    file: 'electron/ipc-contract.ts',
    code: "export const INVOKE = { openPlant: 'pdm:plant:open' } as const;\nexport type Channel = (typeof INVOKE)[keyof typeof INVOKE];\n",
  },
];

describe('layering lint rules (eslint.config.js)', () => {
  it.each(bad)('flags $name', async ({ file, code, rule, says }) => {
    const messages = await lint(file, code);
    const hits = messages.filter((m) => m.ruleId === rule);
    expect(hits, JSON.stringify(messages, null, 1)).toHaveLength(1);
    expect(hits[0].message).toContain(says);
    expect(hits[0].severity).toBe(2);
  });

  it.each(good)('passes $name', async ({ file, code }) => {
    expect(await lint(file, code)).toEqual([]);
  });

  it('flags a hook called conditionally in renderer/ (react-hooks)', async () => {
    const code = [
      "import { useState } from 'react';",
      'export function X({ on }: { on: boolean }) {',
      '  if (on) useState(0);',
      '  return null;',
      '}',
      '',
    ].join('\n');
    const messages = await lint('renderer/x.tsx', code);
    expect(messages.map((m) => m.ruleId)).toContain('react-hooks/rules-of-hooks');
  });
});
