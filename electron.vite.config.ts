import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

/**
 * Three Electron targets. Native modules (better-sqlite3-multiple-ciphers,
 * keytar) stay external: they are N-API builds loaded at run time, never
 * rebuilt or bundled. The preload is CommonJS because sandboxed preloads
 * cannot load ES modules.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'main/electron/index.ts') },
        external: ['better-sqlite3-multiple-ciphers', 'keytar'],
      },
    },
  },
  preload: {
    build: {
      // Bundle everything (zod included): a sandboxed preload cannot require() packages.
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      emptyOutDir: true,
      minify: true,
      rollupOptions: { input: resolve(import.meta.dirname, 'renderer/index.html') },
    },
  },
});
