import { app, BrowserWindow, ipcMain, protocol, session, shell } from 'electron';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { LOCAL_PMTILES_PATH } from '../../common/settings.ts';
import { pmtilesResponse } from '../core/pmtiles-file.ts';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFromEnv } from '../core/config.ts';
import { contentSecurityPolicy, contentType, resolveStaticPath } from '../core/static-path.ts';
import { createWorkstation } from '../core/workstation.ts';
import { registerIpc } from './ipc.ts';
import {
  APP_HOST,
  APP_ORIGIN,
  APP_SCHEME,
  decidePermission,
  isAllowedNavigation,
  isAllowedRendererRequest,
  isSafeExternalUrl,
  secureWebPreferences,
} from './policy.ts';

/**
 * Electron shell: windows, the app:// protocol and IPC wiring only. All logic
 * lives in main/core and is tested in plain Node; this file is type-checked
 * but cannot run on machines without the Electron binary.
 */
const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '../renderer');
const preloadPath = join(here, '../preload/index.cjs');

protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
  },
]);
app.enableSandbox();

const config = configFromEnv(process.env, app.getVersion());
const workstation = createWorkstation(config, {
  // Sign-in happens in the system browser (RFC 8252), never in an embedded web view.
  openExternal: async (url) => {
    if (!isSafeExternalUrl(url)) throw new Error('Refusing to open a non-http(s) sign-in URL.');
    await shell.openExternal(url);
  },
});
// Per response, from the current settings: the CSP follows the basemap setting.
const csp = () => contentSecurityPolicy({ tileOrigin: workstation.settings.tileOrigin() });

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
});

void app.whenReady().then(() => {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback) =>
    callback(decidePermission(permission)),
  );
  ses.setPermissionCheckHandler((_wc, permission) => decidePermission(permission));
  ses.webRequest.onBeforeRequest((details, callback) =>
    callback({
      cancel: !isAllowedRendererRequest(details.url, workstation.settings.tileOrigin()),
    }),
  );

  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const pmtiles = workstation.settings.pmtilesFile();
    if (url.host === APP_HOST && url.pathname === LOCAL_PMTILES_PATH && pmtiles) {
      const method = request.method === 'HEAD' ? 'HEAD' : 'GET';
      const out = await pmtilesResponse(pmtiles, request.headers.get('range') ?? undefined, method);
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

  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'ANPR Workstation',
    webPreferences: { ...secureWebPreferences, preload: preloadPath },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
});

app.on('window-all-closed', () => {
  void workstation.close().finally(() => app.quit());
});
