import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { findElectronBinary, NO_ELECTRON_HELP } from './electron-binary.ts';

/**
 * The build step as [command, args]: electron-vite's own bin script run by
 * this Node. Spawning `npx` without a shell fails on Windows (it is
 * npx.cmd), and a shell would re-parse the arguments; Node itself runs
 * everywhere.
 */
export function electronViteBuild(): [string, string[]] {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('electron-vite/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { bin: Record<string, string> };
  return [process.execPath, [join(dirname(pkgFile), pkg.bin['electron-vite']!), 'build']];
}

/** `npm start`: build the three Electron targets and launch the desktop app. */
if (import.meta.main) {
  const electron = findElectronBinary();
  if ('missing' in electron) {
    console.error(`${electron.missing}\n\n${NO_ELECTRON_HELP}`);
    process.exit(1);
  }
  const [command, args] = electronViteBuild();
  const build = spawnSync(command, args, { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // The Electron binary is an executable on every OS (electron.exe on Windows): no shell needed.
  const child = spawn(electron.path, ['.'], { stdio: 'inherit', env: process.env });
  child.on('exit', (code) => process.exit(code ?? 0));
}
