// @ts-check
import tseslint from 'typescript-eslint'
import importX from 'eslint-plugin-import-x'

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
]

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
