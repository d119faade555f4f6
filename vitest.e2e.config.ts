import { defineConfig } from 'vitest/config';

/** End-to-end tests: real Chromium against the browser shell (and the reference platform). */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
