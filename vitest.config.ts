import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      '{common,main,platform,preload,renderer,scripts,test/unit,test/integration}/**/*.test.{ts,tsx}',
    ],
    exclude: ['**/node_modules/**', 'test/e2e/**', 'out/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
