import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { electronViteBuild } from './start.ts';

describe('npm start', () => {
  // The build step must not depend on a shell (npx is npx.cmd on Windows):
  // it is Node running electron-vite's own script, which must answer.
  it('runs electron-vite through Node itself, without npx or a shell', () => {
    const [command, args] = electronViteBuild();
    expect(command).toBe(process.execPath);
    expect(args.at(-1)).toBe('build');
    const version = spawnSync(command, [args[0]!, '--version'], { encoding: 'utf8' });
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout).toMatch(/\d+\.\d+\.\d+/);
  });
});
