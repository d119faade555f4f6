import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../core/config.ts';
import { createWorkstation, type Workstation } from '../core/workstation.ts';
import { startHost, type RunningHost } from './server.ts';

/**
 * The browser shell's Content-Security-Policy, read from real responses, as
 * an auditor would: the page may load and fetch from its own origin and the
 * tile server the officer configured, and from nowhere else. Not even the
 * platform: the renderer never talks to it (every call goes through the
 * shell's /api, which the workstation forwards), so a platform origin in
 * the CSP would only widen what injected script could reach.
 */

const PLATFORM = 'https://platform.police.example';
const TILES = 'https://tiles.police.example';

let host: RunningHost;
let workstation: Workstation;
const dir = mkdtempSync(join(tmpdir(), 'anpr-host-csp-'));

beforeAll(async () => {
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  workstation = createWorkstation(
    configFromEnv({ ANPR_DATA_DIR: join(dir, 'data'), ANPR_PLATFORM_URL: PLATFORM }, '0.0.0-test'),
  );
  host = await startHost({ workstation, rendererDir });
});
afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

function cspOf(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path, headers: { host: `127.0.0.1:${host.port}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(String(res.headers['content-security-policy'] ?? '')));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** directive → its source list, as a browser splits them. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

/** Every source that names a network location, over all directives. */
function networkSources(csp: Map<string, string[]>): Set<string> {
  const keywords = new Set(["'self'", "'none'", 'data:', 'blob:']);
  return new Set([...csp.values()].flat().filter((s) => !keywords.has(s)));
}

describe('browser shell CSP', () => {
  it('names no network location but its own origin without a tile server, and never the platform', async () => {
    await workstation.settings.update({ basemap: { kind: 'offline' } });
    for (const path of ['/', '/index.html', '/no-such-file']) {
      const csp = directives(await cspOf(path));
      expect(networkSources(csp), path).toEqual(new Set());
      expect(csp.get('default-src')).toEqual(["'none'"]);
      expect(csp.get('connect-src')).toEqual(["'self'"]);
      expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    }
  });

  it('adds the configured tile origin to images and fetches only, and drops it when the setting goes', async () => {
    await workstation.settings.update({
      basemap: { kind: 'tiles', url: `${TILES}/osm/{z}/{x}/{y}.png` },
    });
    const csp = directives(await cspOf('/'));
    expect(networkSources(csp)).toEqual(new Set([TILES]));
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:', TILES]);
    expect(csp.get('connect-src')).toEqual(["'self'", TILES]);
    // Scripts, styles, fonts and workers never come from the tile server.
    for (const d of ['script-src', 'style-src', 'font-src', 'worker-src'])
      expect(csp.get(d), d).not.toContain(TILES);
    expect(await cspOf('/')).not.toContain(new URL(PLATFORM).host);

    await workstation.settings.update({ basemap: { kind: 'offline' } });
    expect(networkSources(directives(await cspOf('/')))).toEqual(new Set());
  });
});
