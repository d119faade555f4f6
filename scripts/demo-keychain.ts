import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * The demo's keychain. The workstation refuses to store anything without the
 * OS keychain, and a headless machine (SSH, container, CI) has no Secret
 * Service: there the demo starts its own, as scripts/with-keyring.sh does for
 * the tests (a private D-Bus session with gnome-keyring-daemon, unlocked with
 * an empty password). Its keyring file lives in the demo's data directory, so
 * the store keys outlive a restart just as the stores do.
 */
export function desktopHasSecretService(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.platform !== 'linux') return true; // macOS Keychain, Windows Credential Vault
  const runtimeBus = env.XDG_RUNTIME_DIR && join(env.XDG_RUNTIME_DIR, 'bus');
  const bus =
    env.DBUS_SESSION_BUS_ADDRESS ||
    (runtimeBus && existsSync(runtimeBus) ? `unix:path=${runtimeBus}` : '');
  if (!bus) return false;
  const names = (method: string) =>
    spawnSync(
      'dbus-send',
      [
        '--session',
        '--print-reply',
        '--reply-timeout=3000',
        '--dest=org.freedesktop.DBus',
        '/org/freedesktop/DBus',
        `org.freedesktop.DBus.${method}`,
      ],
      { env: { ...env, DBUS_SESSION_BUS_ADDRESS: bus }, encoding: 'utf8', timeout: 5000 },
    );
  const running = names('ListNames');
  // Without dbus-send we cannot look; a session bus usually means a desktop.
  if (running.error) return true;
  const listed = (r: { stdout: string }) => r.stdout?.includes('"org.freedesktop.secrets"');
  if (listed(running)) return true;
  // Activatable only: a desktop can unlock it with a prompt; over SSH on a server
  // (a systemd user bus, no display) it would start locked with nobody to ask.
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY) && listed(names('ListActivatableNames'));
}

export interface PrivateKeychain {
  /** Environment for the workstation: the private session bus. */
  env: Record<string, string>;
  stop(): void;
}

/** Starts a private session bus and an unlocked gnome-keyring on it; `dir` keeps the keyring. */
export async function startPrivateKeychain(dir: string): Promise<PrivateKeychain> {
  for (const tool of ['dbus-daemon', 'gnome-keyring-daemon'])
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      throw new Error(
        `No desktop keychain here and ${tool} is missing to start one: apt-get install dbus gnome-keyring`,
      );
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o700);
  const children: ChildProcess[] = [];
  // The daemon removes its control socket when it stops.
  const stop = () => {
    for (const c of children.reverse()) c.kill('SIGTERM');
  };
  try {
    const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    children.push(bus);
    const address = await firstLine(bus, 'dbus-daemon');
    const env = { DBUS_SESSION_BUS_ADDRESS: address };
    // --foreground keeps it our child, so it stops with the demo. Without
    // XDG_RUNTIME_DIR it makes a private control socket and prints its path
    // (with one, it would look for a desktop daemon there instead).
    const keyringEnv: NodeJS.ProcessEnv = { ...process.env, ...env, XDG_DATA_HOME: dir };
    delete keyringEnv.XDG_RUNTIME_DIR;
    const keyring = spawn(
      'gnome-keyring-daemon',
      ['--foreground', '--unlock', '--components=secrets'],
      { env: keyringEnv, stdio: ['pipe', 'pipe', 'ignore'] },
    );
    children.push(keyring);
    // An empty password creates the "login" collection, or unlocks the kept one.
    keyring.stdin!.end('\n');
    const control = await firstLine(keyring, 'gnome-keyring-daemon');
    return {
      env: { ...env, GNOME_KEYRING_CONTROL: control.replace(/^GNOME_KEYRING_CONTROL=/, '') },
      stop,
    };
  } catch (error) {
    stop();
    throw error;
  }
}

function firstLine(child: ChildProcess, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 15 s.`)), 15_000);
    child.once('error', (e) => reject(new Error(`${name} could not start: ${e.message}`)));
    child.once('exit', (code) => reject(new Error(`${name} exited at start (code ${code}).`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
  });
}
