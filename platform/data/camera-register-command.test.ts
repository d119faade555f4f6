import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../cli.ts';
import { createAuditLog } from '../audit/log.ts';
import { openPlatformDb } from '../store/sqlite.ts';
import { testNow } from '../testing/platform.ts';
import { listCameras } from './cameras.ts';

/**
 * `platform cameras|outages` (issue #14 item 8): an agency scripts its camera
 * register and outages through the same domain functions as the API, each
 * change audited with who, what and why, bad input refused naming the field.
 */

let dataDir: string;
let out: string[];
let err: string[];
let now: Date;
const io = (): CliIo => ({
  out: (l) => out.push(l),
  err: (l) => err.push(l),
  env: {},
  clock: () => now,
});
const run = (...args: string[]) => runCli([...args, '--data-dir', dataDir], io());

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'anpr-cameras-cli-'));
  out = [];
  err = [];
  now = testNow();
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function withDb<T>(fn: (db: ReturnType<typeof openPlatformDb>) => T): T {
  const db = openPlatformDb(dataDir, {});
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe('platform cameras and outages', () => {
  it('imports a register file, lists it, edits and retires a camera, and audits each change', async () => {
    const file = join(dataDir, 'register.csv');
    writeFileSync(
      file,
      [
        'id;site name;lat;lon;direction;road;operator;type',
        'GNT-01;Gent Dampoort;51,0563;3,7402;towards Antwerpen;R40;local;fixed',
        'GNT-02;Gent Zuid;51.0430;3.7270;;R40;local;fixed',
        'GNT-03;;51.05;3.73;;;local;fixed',
      ].join('\r\n'),
    );
    // A rejected row makes the exit code 1 (a script notices) but the good rows are in.
    expect(await run('cameras', 'import', file, '--reason', 'Gent register from the city')).toBe(1);
    expect(out[0]).toContain('2 added, 0 updated, 0 unchanged, 1 rejected');
    expect(out[1]).toMatch(/line 4: site: /);
    out = [];
    expect(await run('cameras', 'import', file)).toBe(1);
    expect(out[0]).toContain('0 added, 0 updated, 2 unchanged');

    out = [];
    expect(await run('cameras', 'set', 'GNT-02', '--lanes', '2', '--road', 'B401', '--json')).toBe(
      0,
    );
    expect(JSON.parse(out[0]!)).toMatchObject({ id: 'GNT-02', lanes: 2, road: 'B401' });

    expect(await run('cameras', 'set', 'GNT-02', '--lat', '100')).toBe(1);
    expect(err.at(-1)).toMatch(/lat/);

    out = [];
    expect(await run('cameras', 'retire', 'GNT-02', '--json')).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject({ status: 'retired' });

    out = [];
    expect(await run('cameras', 'list', '--json')).toBe(0);
    expect(
      JSON.parse(out[0]!).map((c: { id: string; status: string }) => [c.id, c.status]),
    ).toEqual([
      ['GNT-01', 'active'],
      ['GNT-02', 'retired'],
    ]);
    withDb((db) => {
      expect(listCameras(db).find((c) => c.id === 'GNT-01')).toMatchObject({
        lat: 51.0563,
        lon: 3.7402,
      });
      const entries = createAuditLog(db, () => now)
        .list({ limit: 100 })
        .entries.map((e) => e.body)
        .reverse();
      expect(entries.map((e) => `${e.action}:${e.outcome}`)).toEqual([
        'camera.import:allowed',
        'camera.import:allowed',
        'camera.edit:allowed',
        'camera.edit:error',
        'camera.retire:allowed',
      ]);
      expect(entries[0]).toMatchObject({
        actor: { officerId: 'platform-cli', role: 'system' },
        justification: 'Gent register from the city',
        parameters: { inserted: 2, rejected: 1, via: 'cli' },
      });
    });
  });

  it('adds an outage by hand with its reason, lists it and ends it', async () => {
    const file = join(dataDir, 'register.geojson');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [5.5797, 50.6326] },
            properties: {
              id: 'LIE-1',
              'site name': 'Liège Guillemins',
              operator: 'regional',
              type: 'fixed',
            },
          },
        ],
      }),
    );
    expect(await run('cameras', 'import', file)).toBe(0);
    const from = new Date(now.getTime() - 2 * 3_600_000).toISOString();

    expect(await run('outages', 'add', 'LIE-1', '--from', from)).toBe(2);
    expect(err.at(-1)).toContain('--reason is required');
    expect(
      await run('outages', 'add', 'LIE-1', '--from', 'yesterday', '--reason', 'Fibre cut'),
    ).toBe(1);
    expect(err.at(-1)).toMatch(/from:/);

    out = [];
    expect(
      await run(
        'outages',
        'add',
        'LIE-1',
        '--from',
        from,
        '--reason',
        'Fibre cut by roadworks',
        '--json',
      ),
    ).toBe(0);
    const added = JSON.parse(out[0]!);
    expect(added).toMatchObject({
      cameraId: 'LIE-1',
      from,
      to: null,
      reason: 'Fibre cut by roadworks',
    });

    now = new Date(now.getTime() + 30 * 60_000);
    out = [];
    expect(await run('outages', 'end', added.id, '--json')).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject({ to: now.toISOString() });

    out = [];
    expect(await run('outages', 'list')).toBe(0);
    expect(out[0]).toContain(`LIE-1`);
    expect(out[0]).toContain('Fibre cut by roadworks');
    withDb((db) => expect(listCameras(db)[0]!.outages).toEqual([{ from, to: now.toISOString() }]));
  });
});
