import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/** The renderer alone, for the browser shell and tests: relative asset paths so file:// and any mount work. */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome120',
  },
})
