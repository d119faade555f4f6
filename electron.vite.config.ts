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
        input: {
          index: resolve(import.meta.dirname, 'main/electron/index.ts'),
          // The storage worker thread is started from a file, not imported, so
          // the bundler cannot follow it: it is an entry of its own, emitted as
          // out/main/worker.js beside index.js, where storeWorkerUrl() looks.
          worker: resolve(import.meta.dirname, 'main/core/store/worker.ts'),
        },
        external: ['better-sqlite3-multiple-ciphers', 'keytar'],
        output: {
          entryFileNames: '[name].js',
          // Code shared by both entries goes to chunks in the same folder, so
          // import.meta.url of any emitted file resolves ./worker.js correctly.
          chunkFileNames: '[name]-[hash].js',
        },
      },
    },
  },
  preload: {
    build: {
      // Bundle everything: a sandboxed preload cannot require() packages. It
      // imports only a plain list of method names (preload/api-methods.ts).
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
