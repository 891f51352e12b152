// Lint rules, including the layering of docs/ARCHITECTURE.md ("Dependency direction").
//
// Each layer gets one block below, with its restrictions written once (a regex on the
// import specifier and a message) and applied twice:
//   - @typescript-eslint/no-restricted-imports: static `import`/`export ... from`; a
//     restriction with allowTypeImports lets `import type` through (erased at runtime);
//   - no-restricted-syntax on ImportExpression: dynamic `import('...')` with a string
//     (or plain template) literal; a computed specifier cannot be checked statically.
// Folder restrictions match a path segment of a relative specifier (`../renderer/x`),
// the way every file here imports another layer. The file globs of the layer blocks do
// not overlap: in a flat config the last block setting a rule replaces its options.
// test/unit/lint/layering.test.ts lints one bad snippet per restriction.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every Node built-in (`fs`, `util`, `events`, `fs/promises`, ...) and any `node:` id. */
const NODE_BUILTIN = `^(?:node:.*|(?:${builtinModules.map(escape).join('|')})(?:/.*)?)$`;
/** The electron npm package. */
const ELECTRON_PKG = '^electron(?:/.*)?$';
/** A relative import that goes through a folder named `name` (`../electron/x`). */
const folder = (name, rest = '') => `^\\.\\.?/(?:.*/)?${name}(?:/${rest}|$)`;
/** Node-only code of workers/: `*-node` files and `node/` folders. */
const NODE_ONLY_ENGINE = '^\\.\\.?/.*(?:-node$|/node/.*$)';

/**
 * Modules of workers/ the renderer imports at runtime, not just their types. Each is a
 * pure helper with no I/O and no Node, also used by the modules of workers/, so the UI and the
 * engine cannot drift apart:
 * - shared/cadence: parse and describe reading intervals and horizons (the plant
 *   settings form shows and validates what the engine stores);
 * - shared/csv-cell: CSV quoting of the print view's CSV download (same as `pdm print`);
 * - report/maintenance-list: `pageOfContent`, the paging of the printed list (same as
 *   the HTML of `pdm print`);
 * - report/reason-text: `featureParts`, how a feature key is read (the app's reason
 *   words and `pdm risks`/`pdm print` read keys the same way);
 * - features/split: `defaultTrainCutoff`, the default train-to date the model screen
 *   proposes (same as `pdm train` and the demo);
 * - shared/field-error: FieldError and fieldProblemOf, the typed refusal the engine
 *   throws and forms place next to their field;
 * - shared/said: `saidOf`, the code of an engine error (given by the engine or known by
 *   its class), which the UI words in its language as the schedule runner records it.
 * Not an import: the engine worker's entry, `new Worker(new URL('../workers/app/
 * engine.worker.ts', import.meta.url))` in renderer/engine-client.ts, which Vite bundles
 * as a separate worker chunk. Anything else crosses to the engine through comlink.
 */
const RENDERER_RUNTIME_FROM_WORKERS = [
  'shared/cadence',
  'shared/csv-cell',
  'report/maintenance-list',
  'report/reason-text',
  'features/split',
  'shared/field-error',
  'shared/said',
];

const R = {
  nodeBuiltin: {
    regex: NODE_BUILTIN,
    message:
      'Platform-neutral code must not import Node built-ins: put Node-only code of workers/ in a *-node.ts file or a node/ folder (docs/ARCHITECTURE.md).',
  },
  electronPkg: { regex: ELECTRON_PKG, message: 'Only electron/ may import the electron package.' },
  electronDir: {
    regex: folder('electron'),
    message: 'Only the desktop shell depends on electron/ (docs/ARCHITECTURE.md).',
  },
  rendererDir: {
    regex: folder('renderer'),
    message: 'Nothing imports the UI: renderer/ is a leaf (docs/ARCHITECTURE.md).',
  },
  cliDir: {
    regex: folder('cli'),
    message: 'Nothing imports the command line: cli/ is a leaf (docs/ARCHITECTURE.md).',
  },
  nodeOnlyEngine: {
    regex: NODE_ONLY_ENGINE,
    message: 'renderer/ must not import Node-only code of workers/ (*-node, node/).',
  },
  // electron/ except ipc-contract.ts (types, channel constants, limits).
  electronDirButContract: {
    regex: folder('electron', '(?!ipc-contract$)'),
    message: 'renderer/ may import only the typed contract electron/ipc-contract from electron/.',
  },
  workersRuntime: {
    // workers/ except the runtime exceptions above and except Node-only files (which
    // nodeOnlyEngine forbids even as types: a matching allowTypeImports pattern would
    // let their types through).
    regex: folder(
      'workers',
      `(?!(?:${RENDERER_RUNTIME_FROM_WORKERS.map(escape).join('|')})$)(?!.*(?:-node$|/node/))`,
    ),
    allowTypeImports: true,
    message:
      'renderer/ imports only types from workers/ (`import type`); the engine runs in the worker behind renderer/engine-client.ts. Runtime exceptions are listed in eslint.config.js.',
  },
  nodeOrElectronInContract: {
    regex: `(?:${NODE_BUILTIN})|(?:${ELECTRON_PKG})`,
    message:
      'electron/ipc-contract.ts is imported by the renderer: types, constants and limits only, no electron or Node.',
  },
};

// Raw IPC: only main.ts (registerHandlers(ipcMain, ...)) and preload.ts (the contextBridge
// over ipcRenderer) touch it; everything else gets validated, typed wrappers.
const RAW_IPC = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message:
    'Raw ipcMain/ipcRenderer only in electron/main.ts and electron/preload.ts: use ipc-handle.ts (registerHandlers) or preload-api.ts.',
};

/** A regex for an esquery attribute selector: no bare `/` (esquery ends the regex there). */
const esqueryRegex = (regex) => regex.replaceAll('/', '\\x2F');

/** The rules of one layer, from its restrictions (see the top of this file). */
function restrict(restrictions, paths = []) {
  const rules = {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        paths,
        patterns: restrictions.map(({ regex, message, allowTypeImports }) => ({
          regex,
          message,
          caseSensitive: true,
          ...(allowTypeImports ? { allowTypeImports: true } : {}),
        })),
      },
    ],
  };
  if (restrictions.length > 0) {
    rules['no-restricted-syntax'] = [
      'error',
      ...restrictions.flatMap(({ regex, message }) => [
        {
          selector: `ImportExpression[source.value=/${esqueryRegex(regex)}/]`,
          message: `${message} (dynamic import)`,
        },
        {
          selector: `ImportExpression[source.type='TemplateLiteral'][source.expressions.length=0][source.quasis.0.value.cooked=/${esqueryRegex(regex)}/]`,
          message: `${message} (dynamic import)`,
        },
      ]),
    ];
  }
  return rules;
}

const NODE_ONLY_WORKERS = ['workers/**/*-node.ts', 'workers/**/node/**'];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'release', 'demo', 'test-results', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },

  // workers/, platform-neutral: runs in a Web Worker and in Node. No Node built-ins
  // (tsconfig.workers.json also keeps Node globals out), no other layer.
  {
    files: ['workers/**/*.ts'],
    ignores: NODE_ONLY_WORKERS,
    rules: restrict([R.nodeBuiltin, R.electronPkg, R.electronDir, R.rendererDir, R.cliDir]),
  },
  // workers/, Node-only files: Node is fine, other layers are not.
  {
    files: NODE_ONLY_WORKERS,
    rules: restrict([R.electronPkg, R.electronDir, R.rendererDir, R.cliDir]),
  },
  // renderer/: a browser page. The engine through comlink (types only, plus the listed pure
  // helpers), the desktop host through the preload's window.pdm (typed by ipc-contract).
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: restrict([
      R.nodeBuiltin,
      R.electronPkg,
      R.electronDirButContract,
      R.cliDir,
      R.nodeOnlyEngine,
      R.workersRuntime,
    ]),
  },
  // cli/: Node; uses workers/, never the UI or the desktop shell.
  {
    files: ['cli/**/*.ts'],
    rules: restrict([R.rendererDir, R.electronPkg, R.electronDir], [RAW_IPC]),
  },
  // electron/: the desktop shell; uses workers/ (Node-only files included), never the
  // UI's code (it serves dist/renderer as files) nor the command line.
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/ipc-contract.ts', 'electron/main.ts', 'electron/preload.ts'],
    rules: restrict([R.rendererDir, R.cliDir], [RAW_IPC]),
  },
  {
    files: ['electron/main.ts', 'electron/preload.ts'],
    rules: restrict([R.rendererDir, R.cliDir]),
  },
  // The IPC contract: shared by main, preload and renderer, so nothing platform-bound.
  {
    files: ['electron/ipc-contract.ts'],
    rules: restrict([R.nodeOrElectronInContract, R.rendererDir, R.cliDir]),
  },
  // Everything else (scripts, tests, configs): only the raw IPC ban.
  {
    files: ['scripts/**/*.ts', 'test/**/*.ts', 'test/**/*.tsx', '*.ts', '*.js', 'bin/**/*.js'],
    rules: restrict([], [RAW_IPC]),
  },

  // React hooks and the React Compiler's checks, for the UI.
  {
    ...reactHooks.configs.flat['recommended-latest'],
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
  },
);
