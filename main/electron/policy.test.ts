import { describe, expect, it } from 'vitest';
import {
  decidePermission,
  isAllowedNavigation,
  isAllowedRendererRequest,
  isSafeExternalUrl,
  isTrustedSenderUrl,
  secureWebPreferences,
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
