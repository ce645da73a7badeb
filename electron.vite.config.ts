import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

/**
 * The Electron build: main (ESM, the plain-Node core plus the thin Electron layer), the sandboxed
 * preload (CommonJS: sandboxed preloads cannot be ES modules) and the renderer.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('main/electron/index.ts'),
          // Runs on its own thread: the search index of a cold snapshot (main/core/search/parallel-index-build).
          'search-index-build-worker': resolve('main/core/search/search-index-build-worker.ts'),
        },
        // The addon is loaded from out/native through better-sqlite3's nativeBinding option.
        external: ['better-sqlite3', 'electron'],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      target: 'chrome120',
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
})
