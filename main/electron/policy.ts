import type { MenuItemConstructorOptions } from 'electron';

/**
 * Security and lifecycle decisions of the Electron shell, as pure functions
 * (or over tiny interfaces) so that each is unit-tested without the Electron
 * binary (which cannot run on CI).
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'workstation';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

function parse(url: string | undefined | null): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * An IPC message is served only when it comes from a frame showing our own
 * `app://workstation` content: not a foreign page that somehow got loaded, not
 * a sub-frame of another origin, not a frame that is already gone (null).
 * (Custom schemes have an opaque `origin` in WHATWG URL, so compare parts.)
 */
export function isTrustedSenderUrl(url: string | undefined | null): boolean {
  const u = parse(url);
  return (
    !!u && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && !u.password
  );
}

/** In-app navigation stays inside the app; everything else is denied. */
export function isAllowedNavigation(url: string): boolean {
  return isTrustedSenderUrl(url);
}

/**
 * `shell.openExternal` gets only plain http(s) URLs without credentials:
 * never `file:`, `smb:`, `javascript:` or custom handlers that could start
 * programs on the officer's machine.
 */
export function isSafeExternalUrl(url: string): boolean {
  const u = parse(url);
  if (!u) return false;
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return false;
  if (u.username || u.password) return false;
  return url.length <= 4096;
}

/**
 * What the app opens in the system browser: the platform's own pages (the
 * sign-in page, links the platform sends), nothing else. A link in a read's
 * note or a compromised renderer cannot send the officer anywhere else.
 */
export function isPlatformPageUrl(url: string, platformUrl: string): boolean {
  const platform = parse(platformUrl);
  return !!platform && isSafeExternalUrl(url) && new URL(url).origin === platform.origin;
}

/**
 * A request the renderer makes may go to our own `app://` content, to the
 * agency tile server the officer configured, and (in development builds
 * only, where DevTools exist) to the developer tools' internal scheme, and
 * nowhere else. The CSP says the same; this is the second lock, in the main
 * process, should a CSP ever be bypassed.
 */
export function isAllowedRendererRequest(
  url: string,
  tileOrigin: string | null,
  devTools = false,
): boolean {
  const u = parse(url);
  if (!u) return false;
  if (u.protocol === `${APP_SCHEME}:`) return u.host === APP_HOST;
  if (u.protocol === 'devtools:') return devTools;
  if (u.protocol === 'data:' || u.protocol === 'blob:') return true;
  return tileOrigin !== null && (u.protocol === 'https:' || u.protocol === 'http:')
    ? u.origin === tileOrigin
    : false;
}

/** Every permission (camera, geolocation, notifications, ...) is denied: the app needs none. */
export function decidePermission(_permission: string): boolean {
  return false;
}

/** The BrowserWindow settings of the Electron security checklist, in one place. */
export const secureWebPreferences = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  spellcheck: false,
} as const;

/** The window's webPreferences: the checklist, plus DevTools only in unpackaged (development) runs. */
export function webPreferencesFor(options: { packaged: boolean; preload: string }) {
  return { ...secureWebPreferences, devTools: !options.packaged, preload: options.preload };
}

/**
 * The application menu. Windows and Linux get none (the app has its own
 * controls; Electron's default menu would offer Reload and Toggle Developer
 * Tools to anyone). macOS always shows a menu bar, and needs the Edit menu
 * for copy and paste shortcuts to work in text fields, so it gets the app,
 * Edit and Window menus and no View menu.
 */
export function applicationMenuTemplate(
  platform: NodeJS.Platform,
): MenuItemConstructorOptions[] | null {
  if (platform !== 'darwin') return null;
  return [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }];
}

/** The slice of BrowserWindow that bringToFront uses. */
export interface FrontWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/**
 * Brings the app's window back in front of the officer: after the browser
 * sign-in (the officer is looking at the browser), and when they start the
 * app a second time. macOS also needs the application itself activated.
 * Returns false when there is no window to show.
 */
export function bringToFront(
  win: FrontWindow | null,
  platform: NodeJS.Platform,
  activateApp: () => void,
): boolean {
  if (!win || win.isDestroyed()) return false;
  if (win.isMinimized()) win.restore();
  win.show();
  if (platform === 'darwin') activateApp();
  win.focus();
  return true;
}

/** Chromium's net::ERR_ABORTED: a load replaced by another one, not a failure to report. */
const ERR_ABORTED = -3;

/**
 * What to show when the app's own page fails to load (a missing renderer
 * file in a broken install, a protocol handler error): a plain page saying
 * so, as a data: URL, instead of a window that never appears (it is shown on
 * ready-to-show, which a failed load never emits). Null when there is
 * nothing to report: aborted loads, sub-frames, and other URLs (so the error
 * page failing cannot loop).
 */
export function loadFailurePage(failure: {
  errorCode: number;
  errorDescription: string;
  validatedURL: string;
  isMainFrame: boolean;
}): string | null {
  if (!failure.isMainFrame || failure.errorCode === ERR_ABORTED) return null;
  if (!isTrustedSenderUrl(failure.validatedURL)) return null;
  const esc = (text: string) =>
    text.replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
    );
  const html =
    '<!doctype html><html lang="en"><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    '<title>ANPR Workstation</title>' +
    '<body style="font:16px system-ui;margin:15vh auto;max-width:36em;color:#17202b">' +
    '<h1>The workstation could not start</h1>' +
    `<p>Its window content did not load (${esc(failure.errorDescription)}, code ${failure.errorCode}).</p>` +
    '<p>Quit and start it again. If this persists, the installation is damaged: reinstall it, or call your IT support with this message.</p>' +
    '</body></html>';
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}

/**
 * Orderly shutdown, whatever starts it (last window closed, Cmd+Q, the menu,
 * app.quit(), Windows ending the session). The first quit request is held
 * (preventDefault) until the workstation has closed: pending audit entries
 * and checkpoints written, stores closed by the worker rather than killed
 * mid-write. Should closing hang, the app exits anyway after timeoutMs
 * rather than stay running without a window.
 */
export function createQuitGuard(options: {
  close: () => Promise<void>;
  exit: (code: number) => void;
  timeoutMs: number;
  onError?: (message: string, error?: unknown) => void;
}) {
  let done: Promise<void> | null = null;
  const shutdown = (): Promise<void> => {
    done ??= (async () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
      });
      let code = 0;
      try {
        const outcome = await Promise.race([
          options.close().then(() => 'closed' as const),
          timedOut,
        ]);
        if (outcome === 'timeout') {
          code = 1;
          options.onError?.(`closing took longer than ${options.timeoutMs} ms; exiting anyway`);
        }
      } catch (error) {
        code = 1;
        options.onError?.('closing failed; exiting anyway', error);
      } finally {
        clearTimeout(timer);
      }
      options.exit(code);
    })();
    return done;
  };
  return {
    /** For app's before-quit: hold the quit until shutdown() has run (it then exits itself). */
    beforeQuit(event: { preventDefault(): void }): void {
      event.preventDefault();
      void shutdown();
    },
    shutdown,
  };
}
