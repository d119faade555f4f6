import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { storeWorkerUrl } from './client.ts';

/**
 * Where the storage worker is started from. Getting this wrong leaves pulls,
 * analyses and the audit chain failing with "Cannot find module" in one of
 * the two ways the code runs; test/integration/electron-smoke runs the built
 * bundle end to end.
 */
describe('the storage worker module', () => {
  it('is worker.ts beside client.ts when running from source (tests, browser shell)', () => {
    const url = storeWorkerUrl(new URL('./client.ts', import.meta.url).href);
    expect(url.href).toBe(new URL('./worker.ts', import.meta.url).href);
    expect(existsSync(fileURLToPath(url))).toBe(true);
    expect(storeWorkerUrl().href).toBe(url.href);
  });

  it('is worker.js beside the bundle under Electron, in dev and inside app.asar', () => {
    expect(storeWorkerUrl('file:///home/dev/anpr/out/main/index.js').href).toBe(
      'file:///home/dev/anpr/out/main/worker.js',
    );
    expect(
      storeWorkerUrl('file:///C:/Program%20Files/ANPR/resources/app.asar/out/main/index.js').href,
    ).toBe('file:///C:/Program%20Files/ANPR/resources/app.asar/out/main/worker.js');
    expect(
      storeWorkerUrl(
        'file:///Applications/ANPR.app/Contents/Resources/app.asar/out/main/index-AbC.js',
      ).href,
    ).toBe('file:///Applications/ANPR.app/Contents/Resources/app.asar/out/main/worker.js');
  });
});
