import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFromEnv } from '../core/config.ts';
import { createWorkstation, type Workstation } from '../core/workstation.ts';
import { startHost, type RunningHost } from './server.ts';

/**
 * Browser shell entry: the workstation's main-process services plus the
 * loopback host, for machines without Electron and for tests.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

export async function runBrowserShell(options: {
  env?: NodeJS.ProcessEnv;
  port?: number;
  open?: boolean;
  /** Injected clock (tests share the test platform's). */
  clock?: () => Date;
}): Promise<{ host: RunningHost; workstation: Workstation; stop: () => Promise<void> }> {
  const env = options.env ?? process.env;
  const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
  const config = configFromEnv(env, version);
  const rendererDir = join(root, 'out/renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error('The renderer is not built yet: run `npm run build:renderer` first.');
  }
  const workstation = createWorkstation(config, options.clock ? { clock: options.clock } : {});
  const host = await startHost({
    workstation,
    rendererDir,
    port: options.port ?? 0,
    onError: (where, error) => console.error(`[host] ${where}:`, error),
  });
  if (options.open) openInBrowser(host.launchUrl, env);
  return {
    host,
    workstation,
    stop: async () => {
      await host.close();
      await workstation.close();
    },
  };
}

/** Opens the launch URL in the system's Chromium (or default browser), if one is found. */
export function openInBrowser(url: string, env: NodeJS.ProcessEnv): boolean {
  const candidates = [
    env.ANPR_BROWSER,
    env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/xdg-open',
  ];
  const browser = candidates.find((c): c is string => !!c && existsSync(c));
  if (!browser || (!env.DISPLAY && !env.WAYLAND_DISPLAY && process.platform === 'linux'))
    return false;
  const args = browser.endsWith('xdg-open')
    ? [url]
    : [`--app=${url}`, '--disable-background-networking', '--no-first-run'];
  spawn(browser, args, { detached: true, stdio: 'ignore' }).unref();
  return true;
}

if (import.meta.main) {
  const port = Number(process.env.ANPR_HOST_PORT ?? 0);
  runBrowserShell({ port, open: process.argv.includes('--open') }).then(
    ({ host, stop }) => {
      console.log(`ANPR Workstation (browser shell) at ${host.origin}`);
      console.log(`Open: ${host.launchUrl}`);
      const quit = () => void stop().then(() => process.exit(0));
      process.on('SIGINT', quit);
      process.on('SIGTERM', quit);
    },
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
