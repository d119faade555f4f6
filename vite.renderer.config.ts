import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** Renderer-only build for the browser shell and E2E tests (no Electron involved). */
export default defineConfig({
  root: resolve(import.meta.dirname, 'renderer'),
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'out/renderer'),
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      input: {
        main: resolve(import.meta.dirname, 'renderer/index.html'),
        // Synthetic-data map page for the render benchmark and visual checks.
        'map-demo': resolve(import.meta.dirname, 'renderer/map-demo.html'),
      },
    },
  },
});
