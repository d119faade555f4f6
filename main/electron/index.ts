import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  net,
  protocol,
  session,
  shell,
  type Event as ElectronEvent,
} from 'electron';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { LOCAL_PMTILES_PATH } from '../../common/settings.ts';
import { pmtilesResponse } from '../core/pmtiles-file.ts';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onBrowserReturn } from '../core/auth/loopback-signin.ts';
import { configFromEnv } from '../core/config.ts';
import { usePlatformFetch } from '../core/platform-fetch.ts';
import { contentSecurityPolicy, contentType, resolveStaticPath } from '../core/static-path.ts';
import { createWorkstation } from '../core/workstation.ts';
import { registerIpc } from './ipc.ts';
import {
  APP_HOST,
  APP_ORIGIN,
  APP_SCHEME,
  applicationMenuTemplate,
  bringToFront,
  createQuitGuard,
  decidePermission,
  isAllowedNavigation,
  isAllowedRendererRequest,
  isPlatformPageUrl,
  loadFailurePage,
  webPreferencesFor,
} from './policy.ts';

/**
 * Electron shell: windows, the app:// protocol, lifecycle and IPC wiring
 * only. All logic lives in main/core and in policy.ts, tested in plain Node;
 * this file runs in test/integration/electron-smoke (the built bundle, with a
 * stand-in for the electron module) since the Electron binary cannot run on CI.
 */
const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '../renderer');
const preloadPath = join(here, '../preload/index.cjs');
/** How long quitting waits for the audit chain and stores to close before exiting anyway. */
const CLOSE_TIMEOUT_MS = 15_000;

// One instance per user: a second one would open the same case stores,
// workstation database and audit chain. It hands over to the first (which
// comes to the front, see 'second-instance') and leaves before touching data.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

function start(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
  app.enableSandbox();
  const devTools = !app.isPackaged;

  // Platform traffic goes through Chromium's network stack: the OS certificate
  // store (agency CAs) and the system proxy, as in the officer's browser.
  const electronFetch: typeof fetch = (input, init) =>
    net.fetch(input instanceof URL ? input.href : input, init);
  usePlatformFetch(electronFetch);

  const config = configFromEnv(process.env, app.getVersion(), {
    dataDir: app.getPath('userData'),
  });
  const workstation = createWorkstation(config, {
    // Sign-in happens in the system browser (RFC 8252), never in an embedded web view.
    openExternal: async (url) => {
      if (!isPlatformPageUrl(url, config.platformUrl))
        throw new Error('Refusing to open a sign-in URL outside the platform.');
      await shell.openExternal(url);
    },
    fetch: electronFetch,
  });
  // Per response, from the current settings: the CSP follows the basemap setting.
  const csp = () => contentSecurityPolicy({ tileOrigin: workstation.settings.tileOrigin() });

  let win: BrowserWindow | null = null;
  const toFront = () => bringToFront(win, process.platform, () => app.focus({ steal: true }));
  // After the browser sign-in, and when the officer starts the app again.
  onBrowserReturn(toFront);
  app.on('second-instance', toFront);

  const quit = createQuitGuard({
    close: () => workstation.close(),
    exit: (code) => app.exit(code),
    timeoutMs: CLOSE_TIMEOUT_MS,
    onError: (message, error) => console.error(`[quit] ${message}`, error ?? ''),
  });
  app.on('before-quit', (event) => quit.beforeQuit(event));
  app.on('window-all-closed', () => app.quit());

  const denyUnlessInApp = (event: ElectronEvent<{ url: string }>) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  };
  app.on('web-contents-created', (_event, contents) => {
    // will-navigate: the main frame; will-frame-navigate: every frame.
    contents.on('will-navigate', denyUnlessInApp);
    contents.on('will-frame-navigate', denyUnlessInApp);
    contents.on('will-redirect', denyUnlessInApp);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isPlatformPageUrl(url, config.platformUrl)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });

  void app.whenReady().then(() => {
    const menu = applicationMenuTemplate(process.platform);
    Menu.setApplicationMenu(menu ? Menu.buildFromTemplate(menu) : null);
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_wc, permission, callback) =>
      callback(decidePermission(permission)),
    );
    ses.setPermissionCheckHandler((_wc, permission) => decidePermission(permission));
    ses.webRequest.onBeforeRequest((details, callback) =>
      callback({
        cancel: !isAllowedRendererRequest(details.url, workstation.settings.tileOrigin(), devTools),
      }),
    );

    protocol.handle(APP_SCHEME, async (request) => {
      const url = new URL(request.url);
      const pmtiles = workstation.settings.pmtilesFile();
      if (url.host === APP_HOST && url.pathname === LOCAL_PMTILES_PATH && pmtiles) {
        const method = request.method === 'HEAD' ? 'HEAD' : 'GET';
        const out = await pmtilesResponse(
          pmtiles,
          request.headers.get('range') ?? undefined,
          method,
        );
        return new Response(out.body ? (Readable.toWeb(out.body) as ReadableStream) : null, {
          status: out.status,
          headers: out.headers,
        });
      }
      const file = url.host === APP_HOST ? resolveStaticPath(rendererDir, url.pathname) : null;
      if (!file) return new Response('Not found', { status: 404 });
      try {
        const body = await readFile(file);
        return new Response(body, {
          headers: {
            'Content-Type': contentType(file),
            'Content-Security-Policy': csp(),
            'X-Content-Type-Options': 'nosniff',
          },
        });
      } catch {
        return new Response('Not found', { status: 404 });
      }
    });

    registerIpc(ipcMain, workstation, (method, error) => console.error(`[ipc] ${method}:`, error));

    win = new BrowserWindow({
      width: 1440,
      height: 900,
      minWidth: 1024,
      minHeight: 700,
      show: false,
      title: 'ANPR Workstation',
      webPreferences: webPreferencesFor({ packaged: app.isPackaged, preload: preloadPath }),
    });
    const shown = win;
    shown.once('ready-to-show', () => shown.show());
    // A failed load never emits ready-to-show: show the window with an explanation instead.
    shown.webContents.on(
      'did-fail-load',
      (_event, errorCode, errorDescription, validatedURL, isMainFrame) => {
        const page = loadFailurePage({ errorCode, errorDescription, validatedURL, isMainFrame });
        if (!page) return;
        console.error(
          `[window] ${validatedURL} failed to load: ${errorDescription} (${errorCode})`,
        );
        shown.show();
        shown.loadURL(page).catch(() => {});
      },
    );
    // Windows ends the session (log off, shutdown) without before-quit: close what we can.
    shown.on('session-end', () => void quit.shutdown());
    shown.on('closed', () => {
      if (win === shown) win = null;
    });
    // A failure is handled by did-fail-load above; the rejection carries nothing more.
    shown.loadURL(`${APP_ORIGIN}/index.html`).catch(() => {});
  });
}
