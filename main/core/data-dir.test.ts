import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromEnv, defaultDataDir, LEGACY_DATA_DIR } from './config.ts';

describe('the data folder', () => {
  const userData = join('/home/officer/.config', 'anpr-workstation');
  const holding =
    (...dirs: string[]) =>
    (dir: string) =>
      dirs.includes(dir);

  it("is Electron's userData folder for a new installation", () => {
    expect(defaultDataDir(userData, holding())).toBe(userData);
    expect(defaultDataDir(userData, holding(userData, LEGACY_DATA_DIR))).toBe(userData);
  });

  it('stays where an earlier release kept the workstation database (audit chain, case stores)', () => {
    expect(defaultDataDir(userData, holding(LEGACY_DATA_DIR))).toBe(LEGACY_DATA_DIR);
  });

  it('is ~/.local/share/anpr-workstation for the browser shell, and ANPR_DATA_DIR always wins', () => {
    expect(defaultDataDir(undefined, holding())).toBe(LEGACY_DATA_DIR);
    expect(configFromEnv({ ANPR_DATA_DIR: '/srv/anpr' }, 't', { dataDir: userData }).dataDir).toBe(
      '/srv/anpr',
    );
  });
});
