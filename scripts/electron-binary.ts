import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Where Electron's binary is, or why it is not there. The `electron` npm
 * package downloads its binary separately (at install, or at first launch);
 * on offline build machines that download cannot happen, so callers fall back
 * to the browser shell instead of crashing.
 */
export function findElectronBinary(): { path: string } | { missing: string } {
  // Read electron's own path.txt rather than require('electron'): the latter
  // starts a download when the binary is missing, which hangs offline.
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { missing: 'The electron package is not installed (run npm ci).' };
  }
  const pathFile = join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const path = relative ? join(dir, 'dist', relative) : '';
  if (path && existsSync(path)) return { path };
  return { missing: `Electron's binary is not installed (${path || 'no path.txt in ' + dir}).` };
}

export const NO_ELECTRON_HELP = [
  'Electron downloads its binary from the internet at install time, which was skipped or impossible here',
  '(offline machine, or ELECTRON_SKIP_BINARY_DOWNLOAD=1).',
  'Options:',
  '  - run the same workstation in your browser:   npm run demo',
  '  - on a machine with internet access:          npx install-electron --no',
].join('\n');
