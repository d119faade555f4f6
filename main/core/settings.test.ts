import { mkdtempSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, LOCAL_PMTILES_PATH } from '../../common/settings.ts';
import { configFromEnv } from './config.ts';
import { defaultSettings, openSettings, pmtilesProblem } from './settings.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'anpr-settings-'));

/** The smallest file that passes the PMTiles v3 header check (127-byte header). */
function fakePmtiles(path: string, version = 3): string {
  const b = Buffer.alloc(200);
  b.write('PMTiles', 0, 'latin1');
  b[7] = version;
  writeFileSync(path, b);
  return path;
}

describe('workstation settings', () => {
  it('survive a restart: what the officer chose is what the next start shows', async () => {
    const d = dir();
    const first = openSettings(d, DEFAULT_SETTINGS);
    await first.update({ locale: 'nl', theme: 'dark', timeZone: 'America/New_York' });
    const again = openSettings(d, DEFAULT_SETTINGS);
    expect(again.get()).toMatchObject({
      locale: 'nl',
      theme: 'dark',
      timeZone: 'America/New_York',
    });
    expect(again.loadProblem).toBeNull();
    // Not secret, but still the officer's: not world-readable.
    expect(statSync(join(d, 'settings.json')).mode & 0o077).toBe(0);
  });

  it('refuses a bad value with a message and keeps the previous settings', async () => {
    const s = openSettings(dir(), DEFAULT_SETTINGS);
    await expect(s.update({ timeZone: 'Mars/Olympus_Mons' })).rejects.toThrow(/Unknown time zone/);
    await expect(
      s.update({ basemap: { kind: 'tiles', url: 'ftp://tiles.example/{z}/{x}/{y}.png' } }),
    ).rejects.toThrow(/http\(s\) address with \{z\}, \{x\} and \{y\}/);
    await expect(s.update({ colour: 'red' })).rejects.toThrow(/colour/);
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
    expect(s.tileOrigin()).toBeNull();
  });

  it('a tile server becomes the one origin the CSP admits; offline admits none', async () => {
    const s = openSettings(dir(), DEFAULT_SETTINGS);
    await s.update({
      basemap: {
        kind: 'tiles',
        url: 'https://tiles.police.example/osm/{z}/{x}/{y}.png',
        attribution: '© Agency',
      },
    });
    expect(s.tileOrigin()).toBe('https://tiles.police.example');
    expect(s.mapBasemap()).toEqual({
      kind: 'tiles',
      url: 'https://tiles.police.example/osm/{z}/{x}/{y}.png',
      attribution: '© Agency',
    });
    await s.update({ basemap: { kind: 'offline' } });
    expect(s.tileOrigin()).toBeNull();
  });

  it('checks a PMTiles path when it is saved, and serves it under a same-origin URL', async () => {
    const d = dir();
    const s = openSettings(d, DEFAULT_SETTINGS);
    await expect(
      s.update({ basemap: { kind: 'pmtiles', path: join(d, 'missing.pmtiles') } }),
    ).rejects.toThrow(/No file at/);
    writeFileSync(join(d, 'not.pmtiles'), 'x'.repeat(300));
    await expect(
      s.update({ basemap: { kind: 'pmtiles', path: join(d, 'not.pmtiles') } }),
    ).rejects.toThrow(/Not a PMTiles file/);
    expect(pmtilesProblem(fakePmtiles(join(d, 'v2.pmtiles'), 2))).toMatch(/version 2/);
    await expect(
      s.update({ basemap: { kind: 'pmtiles', path: 'relative/map.pmtiles' } }),
    ).rejects.toThrow(/full path/);

    const file = fakePmtiles(join(d, 'be.pmtiles'));
    await s.update({ basemap: { kind: 'pmtiles', path: file } });
    expect(s.pmtilesFile()).toBe(file);
    // The renderer gets a URL of its own origin, never the file system path.
    expect(s.mapBasemap()).toEqual({ kind: 'pmtiles', url: LOCAL_PMTILES_PATH });
    expect(s.tileOrigin()).toBeNull();
  });

  it('sets an unreadable settings file aside and says so, instead of failing to start', () => {
    const d = dir();
    writeFileSync(join(d, 'settings.json'), '{"locale": "de", "theme": "dark"}');
    const s = openSettings(d, DEFAULT_SETTINGS);
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
    expect(s.loadProblem).toMatch(/locale/);
    expect(readFileSync(join(d, 'settings.invalid.json'), 'utf8')).toContain('"de"');
    expect(existsSync(join(d, 'settings.json'))).toBe(false);

    writeFileSync(join(d, 'settings.json'), '{ not json');
    expect(openSettings(d, DEFAULT_SETTINGS).loadProblem).toMatch(/not valid JSON/);
  });

  it('an older file without the newer fields keeps its choices and gains the defaults', () => {
    const d = dir();
    writeFileSync(join(d, 'settings.json'), '{"locale": "fr", "theme": "light"}');
    expect(openSettings(d, DEFAULT_SETTINGS).get()).toEqual({
      ...DEFAULT_SETTINGS,
      locale: 'fr',
      theme: 'light',
    });
  });

  it('defaults come from the deployment: tile server, PMTiles file, zone by policy pack', () => {
    const base = { ANPR_DATA_DIR: '/tmp/x' };
    expect(defaultSettings(configFromEnv(base, 't'))).toEqual(DEFAULT_SETTINGS);
    expect(defaultSettings(configFromEnv({ ...base, ANPR_POLICY: 'dk' }, 't')).timeZone).toBe(
      'Europe/Copenhagen',
    );
    expect(
      defaultSettings(
        configFromEnv({ ...base, ANPR_TILE_URL: 'https://t.example/{z}/{x}/{y}.png' }, 't'),
      ).basemap,
    ).toEqual({ kind: 'tiles', url: 'https://t.example/{z}/{x}/{y}.png', attribution: '' });
    expect(() => configFromEnv({ ...base, ANPR_TILE_URL: 'https://t.example/' }, 't')).toThrow(
      /tileUrl/,
    );
    expect(() => configFromEnv({ ...base, ANPR_TIME_ZONE: 'Nowhere/City' }, 't')).toThrow(
      /timeZone/,
    );
  });
});
