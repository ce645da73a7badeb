// @ts-check
import tseslint from 'typescript-eslint'
import importX, { createNodeResolver } from 'eslint-plugin-import-x'

/** Who may import whom (docs/ARCHITECTURE.md): each zone says where the code should go instead. */
const importZones = [
  {
    target: './common',
    from: ['./main', './preload', './renderer', './relay', './test'],
    message: 'common/ is runtime-neutral: move the shared part into common/.',
  },
  {
    target: './relay',
    from: ['./main', './preload', './renderer'],
    message: 'The relay talks to desktops only through common/relay.',
  },
  {
    target: './main',
    from: ['./relay', './renderer', './preload'],
    message: 'main/ reaches the relay over the network and the renderer over IPC (common/ipc).',
  },
  {
    target: './renderer',
    from: ['./main', './relay', './preload'],
    message: 'The renderer sees only window.api (common/ipc).',
  },
  {
    target: './preload',
    from: ['./main', './relay', './renderer'],
    message: 'The preload needs only common/ipc.',
  },
  // Inside the relay: transport (relay/http, relay/hub) → domain → store (relay/store), never back up.
  {
    target: './relay/store',
    from: './relay',
    except: ['./store', './logger.ts', './relay-error.ts'],
    message:
      'relay/store holds the SQL and nothing above it: take the domain value as a parameter, or move the rule into the domain module that calls the store.',
  },
  {
    // Every folder of relay/ but the transport itself; relay/app.ts is the composition root, free to wire both.
    target: './relay/!(http|hub|app.ts)/**',
    from: ['./relay/http', './relay/hub'],
    message:
      'The domain never reaches back into the transport: put the type or rule the domain needs in the domain (or relay/store) and let relay/http or relay/hub import it; relay/app.ts wires them.',
  },
]

/** main/core is plain Node, tested under Node: Electron stays in main/electron. */
const electronFreeCore = {
  files: ['main/core/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: [
          {
            name: 'electron',
            message: 'main/core is plain Node: put what needs Electron in main/electron and pass it in.',
          },
        ],
      },
    ],
  },
}

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'out',
      'dist',
      'renderer/dist',
      'test-results',
      'playwright-report',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      // Sources import `./x.js` for `./x.ts` (NodeNext): without the alias no import resolves and no zone holds.
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.js'],
          extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
        }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: importZones }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain'],
              message: 'Only main/electron/ipc-handle.ts registers IPC handlers.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', 'react', 'react-dom'],
              message: 'common/ is runtime-neutral: no Node, DOM or Electron.',
            },
          ],
        },
      ],
    },
  },
  electronFreeCore,
  {
    // The relay's store is asynchronous: a promise nobody awaits is a write that may land after its
    // transaction, or an error nobody hears.
    files: ['relay/**/*.ts', 'test/**/*.ts'],
    ignores: ['test/e2e/**'],
    languageOptions: {
      parserOptions: { project: './tsconfig.node.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['main/electron/ipc-handle.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron'],
              message: 'The renderer is DOM only: ask main through window.api.',
            },
          ],
        },
      ],
    },
  },
)
