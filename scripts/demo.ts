import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runBrowserShell } from '../main/host/index.ts';
import { startReferencePlatform } from '../platform/reference.ts';
import { findElectronBinary } from './electron-binary.ts';
import { demoDataDir, recordLastDemo, resolveUserPath } from './demo-dirs.ts';
import { desktopHasSecretService, startPrivateKeychain } from './demo-keychain.ts';
import { DEMO_SIZES, isDemoSize, seedDemoWorld } from './demo-seed.ts';

/**
 * `npm run demo`: the reference platform with synthetic Belgian data on
 * 127.0.0.1, plus the workstation (Electron when its binary is installed and
 * a display is there, otherwise the browser shell, opened in Chromium when
 * one is found).
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const HELP = `Usage: npm run demo -- [options]     (or scripts/demo.sh [options], which sets up first)

  --size small|demo|large  world to load on first start (default demo):
                             small  ${describe('small')}, a first look in seconds
                             demo   ${describe('demo')}
                             large  ${describe('large')}
                           each size has its own data directory
  --policy be|dk           policy pack: Belgian (default) or Danish rules
  --data-dir DIR           keep the demo's data in DIR (default .data/demo-<policy>[-<size>])
  --fresh                  delete the demo data directory first and load the world again
  --port P                 the reference platform's port (default 7443; 0 = any free port;
                           a taken port falls back to a free one)
  --shell-port P           the browser shell's port (default 0 = any free port)
  --browser-shell          use the browser shell even when Electron is installed
  --no-open                do not open the browser shell in Chromium
  -h, --help               this help

Then: npm run demo:code -- USERNAME   prints the account's current sign-in code.`;

function describe(size: keyof typeof DEMO_SIZES): string {
  const s: { cameras?: number; vehicles?: number; days: number } = DEMO_SIZES[size];
  const reads = { small: '~40k', demo: '~3 M', large: '~15 M' }[size];
  return `${(s.cameras ?? 5000).toLocaleString('en')} cameras, ${s.days} days, ${reads} reads`;
}

function usageError(message: string): never {
  console.error(`${message}\n\n${HELP}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      size: { type: 'string', default: 'demo' },
      'data-dir': { type: 'string' },
      policy: { type: 'string', default: 'be' },
      port: { type: 'string', default: '7443' },
      'shell-port': { type: 'string', default: '0' },
      'browser-shell': { type: 'boolean', default: false },
      'no-open': { type: 'boolean', default: false },
      fresh: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (error) {
  usageError((error as Error).message);
}
const { values } = parsed;
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const port = (name: 'port' | 'shell-port'): number => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    usageError(`--${name} must be a port number (0 to 65535), not "${values[name]}".`);
  return n;
};
if (values.policy !== 'be' && values.policy !== 'dk')
  usageError(`--policy must be be or dk, not "${values.policy}".`);
if (!isDemoSize(values.size))
  usageError(`--size must be small, demo or large, not "${values.size}".`);
const policy = values.policy;
const size = values.size;
const platformPort = port('port');
const shellPort = port('shell-port');
const dataDir = values['data-dir']
  ? resolveUserPath(values['data-dir'])
  : demoDataDir(root, policy, size);
const platformDir = join(dataDir, 'platform');

if (values.fresh && existsSync(dataDir)) {
  // Only what the demo itself created: never an arbitrary directory given by mistake.
  const isDemoDir =
    readdirSync(dataDir).length === 0 || existsSync(join(platformDir, 'demo-accounts.json'));
  if (!isDemoDir)
    usageError(`--fresh: ${dataDir} does not look like a demo data directory; not deleting it.`);
  console.log(`--fresh: deleting ${dataDir}`);
  rmSync(dataDir, { recursive: true, force: true });
}
mkdirSync(platformDir, { recursive: true });
recordLastDemo(root, { dataDir, policy, size });

const stops: Array<() => Promise<void>> = [];
async function shutdown(code = 0): Promise<never> {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
process.on('SIGHUP', () => void shutdown());

// The keychain before anything opens a store: the workstation refuses to work without one.
if (!desktopHasSecretService()) {
  const keychain = await startPrivateKeychain(join(dataDir, 'keyring')).catch(
    async (error: Error) => {
      console.error(error.message);
      return shutdown(1);
    },
  );
  stops.push(async () => keychain.stop());
  Object.assign(process.env, keychain.env); // keytar (libsecret) reads the bus address from here
  console.log(
    `No desktop keychain on this machine: the demo runs its own (unlocked, kept in ${join(dataDir, 'keyring')}).`,
  );
}

if (!buildRendererIfChanged()) await shutdown(1);

const start = (p: number) =>
  startReferencePlatform({
    dataDir: platformDir,
    policy,
    port: p,
    seedAccounts: true,
    logger: false,
  });
const ref = await start(platformPort).catch(async (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EADDRINUSE') throw error;
  console.log(`Port ${platformPort} is taken; using a free port instead.`);
  return start(0);
});
stops.push(() => ref.close());
const platform = ref.platform;
await seedDemoWorld(ref, {
  size,
  log: (m) => console.log(m),
  tty: process.stdout.isTTY ? process.stdout : undefined,
});

const accounts = platform.ctx.demoAccounts ?? [];
console.log(
  `\nReference platform: ${platform.url}  (policy pack: ${policy}, size: ${size}, data: ${dataDir})`,
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
const headless =
  process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
if (!values['browser-shell'] && 'path' in electron && !headless) {
  const built = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) await shutdown(built.status ?? 1);
  const child = spawn(electron.path, ['.'], { cwd: root, stdio: 'inherit', env });
  child.on('exit', () => void shutdown());
} else {
  if (!values['browser-shell'])
    console.log(
      'path' in electron
        ? 'No display for Electron; starting the browser shell.'
        : `Electron is not available (${electron.missing}); starting the browser shell.`,
    );
  const shell = await runBrowserShell({ env, port: shellPort, open: !values['no-open'] }).catch(
    async (error: NodeJS.ErrnoException) => {
      console.error(
        error.code === 'EADDRINUSE'
          ? `The browser shell's port ${shellPort} is taken: choose another with --shell-port (0 = any free port).`
          : error.message,
      );
      return shutdown(1);
    },
  );
  stops.push(shell.stop);
  console.log(`Workstation (browser shell): ${shell.host.launchUrl}`);
  console.log('Open that URL in Chromium or Firefox on this machine. Ctrl+C stops everything.');
}

/**
 * Builds the browser shell's renderer unless out/renderer is newer than
 * everything it is built from: a restart of the demo then starts at once.
 */
function buildRendererIfChanged(): boolean {
  const built = join(root, 'out/renderer/index.html');
  const newest = (path: string): number => {
    const info = statSync(path);
    if (!info.isDirectory()) return info.mtimeMs;
    let m = info.mtimeMs;
    for (const name of readdirSync(path)) m = Math.max(m, newest(join(path, name)));
    return m;
  };
  const sources = ['renderer', 'common', 'vite.renderer.config.ts', 'package-lock.json'];
  if (
    existsSync(built) &&
    statSync(built).mtimeMs > Math.max(...sources.map((s) => newest(join(root, s))))
  )
    return true;
  console.log('Building the renderer…');
  const build = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '-c',
      'vite.renderer.config.ts',
      '--logLevel',
      'error', // chunk-size advice is for developers, not for someone starting the demo
    ],
    { cwd: root, stdio: 'inherit' },
  );
  return build.status === 0;
}
