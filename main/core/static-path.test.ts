import { describe, expect, it } from 'vitest';
import { tileUrlOrigin } from '../../common/settings.ts';
import { contentSecurityPolicy, resolveStaticPath } from './static-path.ts';

const root = '/srv/app/renderer';

describe('resolveStaticPath (app:// protocol and browser host)', () => {
  it('maps app paths under the root', () => {
    expect(resolveStaticPath(root, '/')).toBe('/srv/app/renderer/index.html');
    expect(resolveStaticPath(root, '/assets/index-abc.js')).toBe(
      '/srv/app/renderer/assets/index-abc.js',
    );
    expect(resolveStaticPath(root, '/assets/a%20b.css?v=1')).toBe(
      '/srv/app/renderer/assets/a b.css',
    );
  });

  it('refuses every way out of the root', () => {
    for (const p of [
      '/../package.json',
      '/assets/../../secret',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2fetc/passwd',
      '/assets/..%5c..%5cwin.ini',
      '/a\\..\\b',
      '/index.html%00.js',
      '/%E0%A4%A',
      'relative/path',
    ]) {
      expect(resolveStaticPath(root, p), p).toBeNull();
    }
  });
});

describe('content security policy', () => {
  it('allows scripts only from self and no third-party network by default', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("connect-src 'self';");
  });

  it('follows a configured tile server, and only its origin', () => {
    const origin = tileUrlOrigin('https://tiles.police.example/osm/{z}/{x}/{y}.png');
    expect(origin).toBe('https://tiles.police.example');
    expect(contentSecurityPolicy({ tileOrigin: origin })).toContain(
      "img-src 'self' data: blob: https://tiles.police.example",
    );
    expect(tileUrlOrigin('javascript:alert(1)')).toBeNull();
    expect(tileUrlOrigin('')).toBeNull();
    // A template without placeholders is not a tile server, whatever its scheme.
    expect(tileUrlOrigin('https://tiles.police.example/static.png')).toBeNull();
    expect(tileUrlOrigin('https://user:pw@tiles.police.example/{z}/{x}/{y}.png')).toBeNull();
  });
});
