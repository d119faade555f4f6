import { defineConfig } from 'vitest/config';

/** End-to-end tests: real Chromium against the browser shell (and the reference platform). */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    // Generous: waits are bounded only to stop a hung test, never to assert speed (CI may be loaded).
    testTimeout: 300_000,
    hookTimeout: 180_000,
  },
});
