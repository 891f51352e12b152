// Lint rules, including the layer rule of docs/ARCHITECTURE.md: workers never import
// electron/renderer/cli, and the renderer never imports node or electron.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'url'];
const nodePatterns = ['node:*', ...nodeBuiltins, ...nodeBuiltins.map((m) => `${m}/*`)];

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
  {
    files: ['workers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/electron/**', 'electron', '**/renderer/**', '**/cli/**'],
              message:
                'workers/ must not depend on electron/, renderer/ or cli/ (docs/ARCHITECTURE.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['workers/**/*.ts'],
    ignores: ['workers/**/node/**', 'workers/**/*-node.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/electron/**', 'electron', '**/renderer/**', '**/cli/**'],
              message:
                'workers/ must not depend on electron/, renderer/ or cli/ (docs/ARCHITECTURE.md).',
            },
            {
              group: nodePatterns,
              message:
                'Platform-neutral engine code: put Node-only code in a *-node.ts file or a node/ folder.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/cli/**', ...nodePatterns],
              message:
                'renderer/ talks to engines only through typed clients; never node or electron (docs/ARCHITECTURE.md).',
            },
            {
              // The electron package, and electron/ except ipc-contract.ts (types and validators only).
              regex: '^electron(/|$)|(^|/)electron/(?!ipc-contract$)',
              message:
                'renderer/ may import only the typed contract electron/ipc-contract from electron/.',
            },
            {
              group: ['**/*-node', '**/node/**'],
              message: 'renderer/ must not import Node-only engine code.',
            },
          ],
        },
      ],
    },
  },
);
