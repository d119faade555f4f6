import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runBrowserShell } from '../main/host/index.ts';
import { startReferencePlatform } from '../platform/reference.ts';
import { findElectronBinary } from './electron-binary.ts';
import { seedDemoWorld } from './demo-seed.ts';

/**
 * `npm run demo`: the reference platform with synthetic Belgian data on
 * 127.0.0.1, plus the workstation (Electron when its binary is installed,
 * otherwise the browser shell, opened in Chromium when one is found).
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    policy: { type: 'string', default: 'be' },
    port: { type: 'string', default: '7443' },
    'browser-shell': { type: 'boolean', default: false },
    'no-open': { type: 'boolean', default: false },
  },
});
const policy = values.policy === 'dk' ? 'dk' : 'be';
const dataDir = values['data-dir'] ?? join(root, '.data', `demo-${policy}`);
const platformDir = join(dataDir, 'platform');
mkdirSync(platformDir, { recursive: true });

console.log('Building the renderer…');
const build = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules/vite/bin/vite.js'),
    'build',
    '-c',
    'vite.renderer.config.ts',
    '--logLevel',
    'warn',
  ],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (build.status !== 0) process.exit(build.status ?? 1);

const start = (port: number) =>
  startReferencePlatform({ dataDir: platformDir, policy, port, seedAccounts: true, logger: false });
const ref = await start(Number(values.port)).catch(async (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EADDRINUSE') throw error;
  console.log(`Port ${values.port} is taken; using a free port instead.`);
  return start(0);
});
const platform = ref.platform;
await seedDemoWorld(ref, { log: (m) => console.log(m) });

const accounts = platform.ctx.demoAccounts ?? [];
console.log(
  `\nReference platform: ${platform.url}  (policy pack: ${policy}, data: ${platformDir})`,
);
console.log(
  'Demo accounts (password, then the current code from `npm run demo:code -- USERNAME`):',
);
for (const a of accounts)
  console.log(`  ${a.username.padEnd(14)} ${a.password.padEnd(26)} ${a.roles.join(', ')}`);
console.log(`Accounts with TOTP secrets: ${join(platformDir, 'demo-accounts.json')}\n`);

const env = {
  ...process.env,
  ANPR_PLATFORM_URL: platform.url,
  ANPR_POLICY: policy,
  ANPR_DATA_DIR: join(dataDir, 'workstation'),
};
const electron = findElectronBinary();
const stops: Array<() => Promise<void>> = [() => ref.close()];
if (!values['browser-shell'] && 'path' in electron) {
  const built = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  const child = spawn(electron.path, ['.'], { cwd: root, stdio: 'inherit', env });
  child.on('exit', () => void shutdown());
} else {
  if (!('path' in electron))
    console.log(`Electron is not available (${electron.missing}); starting the browser shell.`);
  const shell = await runBrowserShell({ env, open: !values['no-open'] });
  stops.push(shell.stop);
  console.log(`Workstation (browser shell): ${shell.host.launchUrl}`);
  console.log('Open that URL in Chromium or Firefox on this machine. Ctrl+C stops everything.');
}

async function shutdown() {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
