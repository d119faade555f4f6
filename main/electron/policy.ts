/**
 * Security decisions of the Electron shell, as pure functions so that each is
 * unit-tested without the Electron binary (which cannot run on CI).
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
 * A request the renderer makes may go to our own `app://` content, to the
 * developer tools' internal schemes, or to the agency tile server the
 * officer configured, and nowhere else. The CSP says the same; this is the
 * second lock, in the main process, should a CSP ever be bypassed.
 */
export function isAllowedRendererRequest(url: string, tileOrigin: string | null): boolean {
  const u = parse(url);
  if (!u) return false;
  if (u.protocol === `${APP_SCHEME}:`) return u.host === APP_HOST;
  if (u.protocol === 'devtools:' || u.protocol === 'data:' || u.protocol === 'blob:') return true;
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
