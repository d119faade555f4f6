import { describe, expect, it } from 'vitest';
import {
  applicationMenuTemplate,
  bringToFront,
  createQuitGuard,
  decidePermission,
  isAllowedNavigation,
  isAllowedRendererRequest,
  isPlatformPageUrl,
  isSafeExternalUrl,
  isTrustedSenderUrl,
  loadFailurePage,
  secureWebPreferences,
  webPreferencesFor,
  type FrontWindow,
} from './policy.ts';

describe('Electron security policy', () => {
  it('trusts only frames showing app://workstation', () => {
    expect(isTrustedSenderUrl('app://workstation/index.html')).toBe(true);
    expect(isTrustedSenderUrl('app://workstation/cases/12?x=1#y')).toBe(true);
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:5173/',
      'file:///etc/passwd',
      'app://evil/index.html',
      'app://workstation.evil.example/',
      'app://user:pw@workstation/',
      'about:blank',
      'devtools://devtools/bundled/inspector.html',
      '',
      null,
      undefined,
      'not a url',
    ]) {
      expect(isTrustedSenderUrl(url), String(url)).toBe(false);
    }
  });

  it('denies navigation away from the app', () => {
    expect(isAllowedNavigation('app://workstation/index.html')).toBe(true);
    expect(isAllowedNavigation('https://platform.police.example/')).toBe(false);
    expect(isAllowedNavigation('file:///home/officer/')).toBe(false);
  });

  it('opens only plain http(s) URLs externally', () => {
    expect(isSafeExternalUrl('https://platform.police.example/oidc/auth?x=1')).toBe(true);
    expect(isSafeExternalUrl('http://127.0.0.1:7443/oidc/auth')).toBe(true);
    for (const url of [
      'file:///etc/passwd',
      'smb://share/x',
      'javascript:alert(1)',
      'ms-msdt:/id',
      'https://user:pass@example.org/',
      'https://example.org/' + 'a'.repeat(5000),
      'nonsense',
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });

  it('lets the renderer reach only the app and the configured tile server', () => {
    expect(isAllowedRendererRequest('app://workstation/assets/index.js', null)).toBe(true);
    expect(isAllowedRendererRequest('app://workstation/pmtiles/basemap.pmtiles', null)).toBe(true);
    expect(isAllowedRendererRequest('app://elsewhere/x', null)).toBe(false);
    // Offline basemap: no third-party request at all.
    expect(isAllowedRendererRequest('https://tile.openstreetmap.org/1/0/0.png', null)).toBe(false);
    const tiles = 'https://tiles.police.example';
    expect(isAllowedRendererRequest('https://tiles.police.example/osm/5/16/10.png', tiles)).toBe(
      true,
    );
    expect(isAllowedRendererRequest('https://tiles.police.example.evil.test/x.png', tiles)).toBe(
      false,
    );
    expect(isAllowedRendererRequest('http://tiles.police.example/x.png', tiles)).toBe(false);
    expect(isAllowedRendererRequest('file:///etc/passwd', tiles)).toBe(false);
    expect(isAllowedRendererRequest('not a url', tiles)).toBe(false);
  });

  it('cancels every renderer request but the app and the tile origin: not the platform, not DevTools when packaged', () => {
    const tiles = 'https://tiles.police.example';
    // The renderer never calls the platform itself (the main process does, over IPC), so a
    // request to it from the page can only be injected script: cancelled like any other.
    const cancelled = [
      'https://platform.police.example/api/v1/cases',
      'https://platform.police.example/oidc/auth?client_id=workstation',
      'http://127.0.0.1:7443/api/v1/pulls',
      'http://localhost:5173/src/main.tsx',
      'wss://tiles.police.example/socket',
      'https://tiles.police.example:8443/osm/1/0/0.png',
      'https://sub.tiles.police.example/osm/1/0/0.png',
      'https://tile.openstreetmap.org/1/0/0.png',
      'devtools://devtools/bundled/inspector.html',
      'chrome-extension://abcdefghijklmnop/content.js',
      'chrome://settings/',
      'file:///home/officer/.ssh/id_ed25519',
      'ftp://tiles.police.example/osm/1/0/0.png',
      'app://workstation.evil.example/x.js',
    ];
    for (const url of cancelled) {
      // A packaged build: DevTools off, whatever the tile setting.
      expect(isAllowedRendererRequest(url, tiles, false), url).toBe(false);
      expect(isAllowedRendererRequest(url, null, false), url).toBe(false);
    }
    for (const url of [
      'app://workstation/index.html',
      'https://tiles.police.example/osm/12/2100/1370.png',
      'data:image/png;base64,iVBORw0KGgo=',
      'blob:app://workstation/5b1c0e0e-0000-4000-8000-000000000000',
    ])
      expect(isAllowedRendererRequest(url, tiles, false), url).toBe(true);
    // Without a tile server the configured origin's tiles go too.
    expect(isAllowedRendererRequest('https://tiles.police.example/osm/1/0/0.png', null)).toBe(
      false,
    );
  });

  it('lets DevTools load its own pages only in development builds', () => {
    const inspector = 'devtools://devtools/bundled/inspector.html';
    expect(isAllowedRendererRequest(inspector, null)).toBe(false);
    expect(isAllowedRendererRequest(inspector, null, false)).toBe(false);
    expect(isAllowedRendererRequest(inspector, null, true)).toBe(true);
    expect(webPreferencesFor({ packaged: true, preload: '/p.cjs' })).toMatchObject({
      devTools: false,
      sandbox: true,
      contextIsolation: true,
      preload: '/p.cjs',
    });
    expect(webPreferencesFor({ packaged: false, preload: '/p.cjs' }).devTools).toBe(true);
  });

  it("opens only the platform's own pages in the system browser", () => {
    const platform = 'https://platform.police.example';
    expect(isPlatformPageUrl(`${platform}/oidc/auth?client_id=x`, platform)).toBe(true);
    expect(isPlatformPageUrl(`${platform}/help`, `${platform}/`)).toBe(true);
    for (const url of [
      'https://evil.example/oidc/auth',
      'https://platform.police.example.evil.example/',
      'http://platform.police.example/oidc/auth', // another origin: the scheme differs
      'https://platform.police.example:8443/',
      'https://user:pw@platform.police.example/',
      'file:///etc/passwd',
      'nonsense',
    ]) {
      expect(isPlatformPageUrl(url, platform), url).toBe(false);
    }
    expect(isPlatformPageUrl('http://127.0.0.1:7443/oidc/auth', 'http://127.0.0.1:7443')).toBe(
      true,
    );
    expect(isPlatformPageUrl('https://platform.police.example/', 'not a url')).toBe(false);
  });

  it('denies every permission and keeps the checklist settings', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      expect(decidePermission(p)).toBe(false);
    }
    expect(secureWebPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
  });
});

describe('Electron menu', () => {
  const roles = (items: ReturnType<typeof applicationMenuTemplate>): string[] =>
    (items ?? []).flatMap((i) => [String(i.role ?? ''), ...roles(i.submenu as never)]);

  it('has no menu on Windows and Linux, and no reload or DevTools entry on macOS', () => {
    expect(applicationMenuTemplate('win32')).toBeNull();
    expect(applicationMenuTemplate('linux')).toBeNull();
    const mac = roles(applicationMenuTemplate('darwin'));
    // Copy and paste shortcuts only work on macOS when an Edit menu exists.
    expect(mac).toEqual(expect.arrayContaining(['appMenu', 'editMenu']));
    for (const risky of ['viewMenu', 'toggleDevTools', 'reload', 'forceReload'])
      expect(mac).not.toContain(risky);
  });
});

describe('bringing the window to the front', () => {
  function fakeWindow(state: { minimized?: boolean; destroyed?: boolean } = {}) {
    const calls: string[] = [];
    const win: FrontWindow = {
      isDestroyed: () => !!state.destroyed,
      isMinimized: () => !!state.minimized,
      restore: () => void calls.push('restore'),
      show: () => void calls.push('show'),
      focus: () => void calls.push('focus'),
    };
    return { win, calls };
  }

  it('restores a minimised window, shows and focuses it; macOS also activates the app', () => {
    const activated: string[] = [];
    const minimised = fakeWindow({ minimized: true });
    expect(bringToFront(minimised.win, 'linux', () => activated.push('app'))).toBe(true);
    expect(minimised.calls).toEqual(['restore', 'show', 'focus']);
    expect(activated).toEqual([]);
    const mac = fakeWindow();
    expect(bringToFront(mac.win, 'darwin', () => activated.push('app'))).toBe(true);
    expect(mac.calls).toEqual(['show', 'focus']);
    expect(activated).toEqual(['app']);
  });

  it('does nothing without a live window', () => {
    expect(bringToFront(null, 'win32', () => {})).toBe(false);
    const gone = fakeWindow({ destroyed: true });
    expect(bringToFront(gone.win, 'win32', () => {})).toBe(false);
    expect(gone.calls).toEqual([]);
  });
});

describe('a window whose page failed to load', () => {
  const failure = {
    errorCode: -6,
    errorDescription: 'ERR_FILE_NOT_FOUND',
    validatedURL: 'app://workstation/index.html',
    isMainFrame: true,
  };

  it('shows a plain explanation of our own page failing, with no script allowed', () => {
    const page = loadFailurePage(failure)!;
    expect(page).toMatch(/^data:text\/html;charset=utf-8,/);
    const html = decodeURIComponent(page.slice(page.indexOf(',') + 1));
    expect(html).toContain('could not start');
    expect(html).toContain('ERR_FILE_NOT_FOUND');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script/i);
  });

  it('escapes what Chromium reports', () => {
    const html = decodeURIComponent(
      loadFailurePage({ ...failure, errorDescription: '<img src=x onerror=alert(1)>' })!,
    );
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
  });

  it('ignores aborted loads, sub-frames and pages that are not ours (no error-page loop)', () => {
    expect(loadFailurePage({ ...failure, errorCode: -3 })).toBeNull();
    expect(loadFailurePage({ ...failure, isMainFrame: false })).toBeNull();
    expect(loadFailurePage({ ...failure, validatedURL: 'data:text/html,x' })).toBeNull();
  });
});

describe('quitting', () => {
  function guard(close: () => Promise<void>) {
    const exits: number[] = [];
    const errors: string[] = [];
    const g = createQuitGuard({
      close,
      exit: (code) => exits.push(code),
      timeoutMs: 20,
      onError: (message) => errors.push(message),
    });
    return { g, exits, errors };
  }
  const quitEvent = () => {
    const e = { prevented: false, preventDefault: () => (e.prevented = true) };
    return e;
  };

  it('holds every quit request until the workstation has closed, then exits once', async () => {
    let finish!: () => void;
    const closing = new Promise<void>((r) => (finish = r));
    let closes = 0;
    const { g, exits } = guard(() => {
      closes++;
      return closing;
    });
    const first = quitEvent();
    g.beforeQuit(first);
    const again = quitEvent(); // Cmd+Q pressed twice
    g.beforeQuit(again);
    expect(first.prevented && again.prevented).toBe(true);
    await Promise.resolve();
    expect(exits).toEqual([]);
    finish();
    await g.shutdown();
    expect(closes).toBe(1);
    expect(exits).toEqual([0]);
  });

  it('exits anyway, with an error code, when closing hangs or fails', async () => {
    const hung = guard(() => new Promise<void>(() => {}));
    await hung.g.shutdown();
    expect(hung.exits).toEqual([1]);
    expect(hung.errors[0]).toMatch(/longer than/);

    const failed = guard(() => Promise.reject(new Error('disk full')));
    await failed.g.shutdown();
    expect(failed.exits).toEqual([1]);
    expect(failed.errors[0]).toMatch(/failed/);
  });
});
