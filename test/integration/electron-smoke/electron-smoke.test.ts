import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeAuthorization } from '../../../platform/testing/browser-login.ts';
import { startTestPlatform, type TestPlatform } from '../../../platform/testing/platform.ts';
import type { SmokeRecord } from './electron-stub.ts';

/**
 * Smoke test of the BUILT Electron app: `electron-vite build` output, the
 * files an installer ships, run under Node with a tiny stand-in for the
 * electron module (electron-stub.ts; the Electron binary cannot run here).
 * The bundle's storage worker, SQLCipher, the OS keychain (vitest runs under
 * scripts/with-keyring.sh) and the platform over HTTP are all real, so this
 * catches what unit tests of the sources cannot: a worker file left out of
 * the build, a path that only resolves from source, wiring in index.ts.
 */
const repo = resolve(import.meta.dirname, '../../..');
const register = join(import.meta.dirname, 'register.ts');

let outDir: string;
let tp: TestPlatform;
const userDirs: string[] = [];

beforeAll(async () => {
  // Inside the repository (.vite/ is git-ignored) so that the bundle's
  // external packages resolve from node_modules, as they do from out/.
  mkdirSync(join(repo, '.vite'), { recursive: true });
  outDir = mkdtempSync(join(repo, '.vite', 'electron-smoke-'));
  execFileSync(
    process.execPath,
    [
      join(repo, 'node_modules/electron-vite/bin/electron-vite.js'),
      'build',
      '--outDir',
      outDir,
      '--logLevel',
      'error',
    ],
    { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  // The app uses the real clock, so the platform does too (its clock-skew check compares them).
  tp = await startTestPlatform({ clock: () => new Date() });
}, 240_000);

afterAll(async () => {
  await tp?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
  for (const dir of userDirs) rmSync(dir, { recursive: true, force: true });
});

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
type Notice = { event: string; url?: string; code?: number; record?: SmokeRecord };

/** Starts out/main/index.js as Electron would, and drives it through the stub. */
function launch(env: Record<string, string>) {
  const userData = mkdtempSync(join(tmpdir(), 'anpr-electron-userdata-'));
  userDirs.push(userData);
  // No ANPR_* from the outer environment: the app must find its data folder itself.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('ANPR_')),
  );
  const child: ChildProcess = fork(join(outDir, 'main', 'index.js'), [], {
    cwd: repo,
    execArgv: ['--import', register],
    env: { ...base, SMOKE_USER_DATA: userData, ...env },
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  let nextId = 0;
  const replies = new Map<number, (reply: Reply) => void>();
  const notices: Notice[] = [];
  const waiters: { event: string; resolve: (n: Notice) => void }[] = [];
  child.on('message', (message: Reply | Notice) => {
    if ('id' in message) return replies.get(message.id)?.(message);
    notices.push(message);
    for (const w of waiters.filter((w) => w.event === message.event)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(message);
    }
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const failOnExit = <T>(promise: Promise<T>, what: string): Promise<T> =>
    Promise.race([
      promise,
      exited.then((code) => {
        throw new Error(`the app exited (${code}) before ${what}\n${stderr}`);
      }),
    ]);

  const send = async <T = unknown>(op: string, rest: Record<string, unknown> = {}): Promise<T> => {
    const id = ++nextId;
    const reply = new Promise<Reply>((done) => replies.set(id, done));
    child.send({ id, op, ...rest });
    const r = await failOnExit(reply, `answering ${op}`);
    if (!r.ok) throw new Error(r.error);
    return r.value as T;
  };
  return {
    userData,
    exited,
    stderr: () => stderr,
    send,
    /** An API call as the renderer makes it; resolves to the ApiResult. */
    invoke: <T = unknown>(method: string, input: unknown = {}, senderUrl?: string) =>
      send<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>(
        'invoke',
        { method, input, senderUrl },
      ),
    next: (event: string): Promise<Notice> => {
      const seen = notices.find((n) => n.event === event);
      if (seen) return Promise.resolve(seen);
      return failOnExit(
        new Promise<Notice>((done) => waiters.push({ event, resolve: done })),
        `'${event}'`,
      );
    },
    record: () => send<SmokeRecord>('record'),
  };
}

describe('the built Electron app', () => {
  it('starts, signs an officer in, opens the audit store through its bundled worker, and closes it before quitting', async () => {
    const app = launch({ ANPR_PLATFORM_URL: tp.url, SMOKE_PACKAGED: '1' });
    await app.next('window-ready');

    // Startup: one instance, sandbox, the app:// scheme, no menu (Linux), hardened window.
    const started = await app.record();
    expect(started.singleInstanceLockRequested).toBe(true);
    expect(started.sandboxEnabled).toBe(true);
    expect(started.privilegedSchemes).toEqual(['app']);
    if (process.platform !== 'darwin') expect(started.menu).toBeNull();
    expect(started.windows).toHaveLength(1);
    expect(started.windows[0]!.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      devTools: false,
    });
    expect(started.windows[0]!.webPreferences!.preload).toBe(join(outDir, 'preload', 'index.cjs'));
    expect(started.windows[0]!.shown).toBe(1);

    // The app:// protocol serves the built renderer with its CSP, and nothing outside it.
    const page = await app.send<{ status: number; headers: Record<string, string>; body: string }>(
      'get',
      { url: 'app://workstation/index.html' },
    );
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('<div id="root">');
    for (const url of ['app://workstation/../../main/index.js', 'app://elsewhere/index.html'])
      expect((await app.send<{ status: number }>('get', { url })).status, url).toBe(404);

    // Hardening as wired in the bundle: no DevTools requests, no navigation away, only
    // the platform's own pages open in the system browser.
    expect(await app.send('requestAllowed', { url: 'devtools://devtools/bundled/x.html' })).toBe(
      false,
    );
    expect(
      await app.send('requestAllowed', { url: 'https://tile.openstreetmap.org/1/0/0.png' }),
    ).toBe(false);
    expect(await app.send('permission', { name: 'geolocation' })).toBe(false);
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect'])
      expect(await app.send('navigate', { event, url: 'https://evil.example/' }), event).toEqual({
        prevented: true,
      });
    expect(
      await app.send('navigate', { event: 'will-navigate', url: 'app://workstation/index.html' }),
    ).toEqual({ prevented: false });
    expect(await app.send('windowOpen', { url: 'https://evil.example/help' })).toBe('deny');
    expect(await app.send('windowOpen', { url: `${tp.url}/help` })).toBe('deny');
    expect((await app.record()).openedExternally).toEqual([`${tp.url}/help`]);

    // IPC from a foreign frame is refused before any service runs.
    expect(await app.invoke('app.info', {}, 'https://evil.example/')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    // Data lives in Electron's userData folder.
    expect(await app.invoke('app.info')).toMatchObject({
      ok: true,
      value: { transport: 'electron', dataDir: app.userData, platformUrl: tp.url },
    });

    // Sign-in in the system browser, while the officer has minimised the app.
    await app.send('minimize');
    const focusedBefore = (await app.record()).windows[0]!.focused;
    expect(await app.invoke('session.beginSignIn')).toMatchObject({
      ok: true,
      value: { openedBy: 'workstation' },
    });
    // beginSignIn has opened the authorization URL (after the help page above).
    const authorizationUrl = (await app.record()).openedExternally.at(-1)!;
    expect(authorizationUrl).toMatch(new RegExp(`^${tp.url}/oidc/`));
    const account = tp.accounts.detective1!;
    const browser = await completeAuthorization({ authorizationUrl, ...account, at: new Date() });
    expect(browser.status).toBe(200);
    let status: { ok: boolean; value?: { state: string } } = { ok: false };
    for (let i = 0; i < 100; i++) {
      status = (await app.invoke('session.status')) as typeof status;
      if (status.ok && status.value?.state === 'active') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toMatchObject({ ok: true, value: { state: 'active' } });
    // The browser came back: the app window is in front again, restored.
    const afterSignIn = (await app.record()).windows[0]!;
    expect(afterSignIn.focused).toBeGreaterThan(focusedBefore);
    expect(afterSignIn.minimized).toBe(false);

    // Opens the workstation database through the bundled storage worker (key from the
    // OS keychain) and verifies the local audit chain.
    const audit = await app.invoke<{ deviceId: string; chain: { ok: boolean } | null }>(
      'audit.status',
      { verify: true },
    );
    expect(audit, `${JSON.stringify(audit)}\n${app.stderr()}`).toMatchObject({
      ok: true,
      value: { chain: { ok: true } },
    });
    expect(existsSync(join(app.userData, 'workstation.anprdb'))).toBe(true);

    // Every platform request of the main process went through Electron's net.fetch.
    const fetched = (await app.record()).netFetches;
    // The signed-time check asks /healthz with a fresh nonce each time.
    expect(fetched.some((f) => f.startsWith(`GET ${tp.url}/healthz?nonce=`))).toBe(true);
    expect(fetched.some((f) => f.includes('/oidc/.well-known/openid-configuration'))).toBe(true);
    expect(fetched.some((f) => f.startsWith('POST ') && f.includes('/oidc/'))).toBe(true);

    // A second start of the app brings this window to the front.
    const focusedNow = (await app.record()).windows[0]!.focused;
    await app.send('emit', { target: 'app', event: 'second-instance', args: [[], repo, {}] });
    expect((await app.record()).windows[0]!.focused).toBe(focusedNow + 1);

    // A failed load shows the window with an explanation instead of leaving it invisible.
    const shownBefore = (await app.record()).windows[0]!.shown;
    await app.send('emit', {
      target: 'webContents',
      event: 'did-fail-load',
      args: [-6, 'ERR_FILE_NOT_FOUND', 'app://workstation/index.html', true],
    });
    const failed = (await app.record()).windows[0]!;
    expect(failed.shown).toBe(shownBefore + 1);
    const errorPage = decodeURIComponent(failed.loads.at(-1)!);
    expect(errorPage).toMatch(/^data:text\/html/);
    expect(errorPage).toContain('ERR_FILE_NOT_FOUND');

    // Quit (Cmd+Q, menu, app.quit()): held until the workstation has closed (session
    // ended, audit written, stores closed by the worker), then exit.
    await app.send('quit');
    const exit = await app.next('exit');
    expect(exit.record!.beforeQuitPrevented).toBe(true);
    expect(exit.record!.sessionAtExit).toBe('signed-out');
    expect(exit.code).toBe(0);
    expect(await app.exited).toBe(0);
  }, 120_000);

  it('a second instance hands over to the first and leaves without touching data', async () => {
    const app = launch({ ANPR_PLATFORM_URL: tp.url, SMOKE_SECOND_INSTANCE: '1' });
    const exit = await app.next('exit');
    expect(await app.exited).toBe(0);
    expect(exit.record!.singleInstanceLockRequested).toBe(true);
    expect(exit.record!.windows).toEqual([]);
    expect(exit.record!.privilegedSchemes).toEqual([]);
    expect(readdirSync(app.userData)).toEqual([]);
  }, 60_000);
});
