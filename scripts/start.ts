import { spawn, spawnSync } from 'node:child_process';
import { findElectronBinary, NO_ELECTRON_HELP } from './electron-binary.ts';

/** `npm start`: build the three Electron targets and launch the desktop app. */
const electron = findElectronBinary();
if ('missing' in electron) {
  console.error(`${electron.missing}\n\n${NO_ELECTRON_HELP}`);
  process.exit(1);
}
const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const child = spawn(electron.path, ['.'], { stdio: 'inherit', env: process.env });
child.on('exit', (code) => process.exit(code ?? 0));
