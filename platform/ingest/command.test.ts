import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../audit/log.ts';
import { runCli, type CliIo } from '../cli.ts';
import { openPlatformDb } from '../store/sqlite.ts';
import { UnitStore } from './units.ts';

let dataDir: string;
let out: string[];
let err: string[];
const now = new Date('2026-04-01T09:00:00Z');
const io = (): CliIo => ({
  out: (l) => out.push(l),
  err: (l) => err.push(l),
  env: {},
  clock: () => now,
});
const run = (...args: string[]) => runCli([...args, '--data-dir', dataDir], io());

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'anpr-units-cli-'));
  out = [];
  err = [];
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('platform units', () => {
  it('adds a unit with a credential shown once, lists it, revokes it, and audits each change', async () => {
    expect(
      await run(
        'units',
        'add',
        '--id',
        'DK-VAN-3',
        '--type',
        'mobile-manned',
        '--source',
        'NordCam',
        '--operator',
        'federal',
        '--json',
      ),
    ).toBe(0);
    const added = JSON.parse(out[0]!);
    expect(added).toMatchObject({
      id: 'DK-VAN-3',
      unitType: 'mobile-manned',
      operator: 'federal',
      activeCredentials: 1,
    });
    out = [];
    expect(await run('units', 'list')).toBe(0);
    expect(out.join('\n')).toContain('DK-VAN-3');
    expect(out.join('\n')).not.toContain(added.token);

    expect(await run('units', 'revoke', 'DK-VAN-3')).toBe(0);
    const db = openPlatformDb(dataDir, {});
    try {
      expect(new UnitStore(db, () => now).authenticate(added.token).status).toBe('revoked');
      const actions = createAuditLog(db, () => now)
        .list({ officerId: 'platform-cli', limit: 10 })
        .entries.map((e) => e.body.action)
        .reverse();
      expect(actions).toEqual(['ingest.unit-added', 'ingest.unit-revoked']);
    } finally {
      db.close();
    }
  });

  it('rotates a credential: the old token stops working', async () => {
    await run('units', 'add', '--id', 'CAM-1', '--type', 'fixed', '--source', 'Acme', '--json');
    const first = JSON.parse(out[0]!).token as string;
    out = [];
    expect(await run('units', 'rotate', 'CAM-1', '--json')).toBe(0);
    const second = JSON.parse(out[0]!).token as string;
    const db = openPlatformDb(dataDir, {});
    try {
      const units = new UnitStore(db, () => now);
      expect(units.authenticate(first).status).toBe('revoked');
      expect(units.authenticate(second).status).toBe('ok');
    } finally {
      db.close();
    }
  });

  it('explains bad arguments', async () => {
    expect(await run('units', 'add', '--id', 'X', '--type', 'drone', '--source', 'Y')).toBe(2);
    expect(err.join('\n')).toMatch(/--type must be one of fixed, mobile-unmanned, mobile-manned/);
    expect(await run('units', 'add', '--id', 'bad id!', '--type', 'fixed', '--source', 'Y')).toBe(
      1,
    );
    expect(await run('units', 'revoke', 'NOPE')).toBe(1);
    expect(err.join('\n')).toMatch(/No unit NOPE/);
  });
});
