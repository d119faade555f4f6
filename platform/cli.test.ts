import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from './cli.ts';
import { AccountStore } from './identity/accounts.ts';
import { totpCode } from './identity/totp.ts';
import { openPlatformDb } from './store/sqlite.ts';
import { createAuditLog } from './audit/log.ts';
import { SYSTEM_ACTOR } from '../common/audit.ts';

// Test bodies are inspected loosely; the platform validates them with zod.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const readJson = (response: Response): Promise<Json> => response.json() as Promise<Json>;

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
  dataDir = mkdtempSync(join(tmpdir(), 'anpr-cli-'));
  out = [];
  err = [];
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('platform CLI', () => {
  it('adds an officer, printing the password and TOTP secret once, and the officer can sign in with them', async () => {
    expect(
      await run(
        'users',
        'add',
        '--username',
        'j.peeters',
        '--name',
        'Jan Peeters',
        '--roles',
        'detective,supervisor',
        '--json',
      ),
    ).toBe(0);
    const created = JSON.parse(out[0]!);
    expect(created).toMatchObject({ username: 'j.peeters', roles: ['detective', 'supervisor'] });
    expect(created.otpauthUri).toContain(`secret=${created.totpSecret}`);

    const db = openPlatformDb(dataDir, {});
    try {
      const store = new AccountStore(db, () => now);
      const result = await store.logon({
        username: 'j.peeters',
        password: created.password,
        code: await totpCode(created.totpSecret, now),
      });
      expect(result.ok).toBe(true);
    } finally {
      db.close();
    }

    out = [];
    expect(await run('users', 'list')).toBe(0);
    expect(out.join('\n')).toMatch(/j\.peeters\s+detective,supervisor\s+Jan Peeters/);
    expect(out.join('\n')).not.toContain(created.password);
  });

  it('unlocks a locked officer and resets a lost authenticator', async () => {
    await run(
      'users',
      'add',
      '--username',
      'k.maes',
      '--name',
      'Kim Maes',
      '--roles',
      'prosecutor',
      '--json',
    );
    const created = JSON.parse(out[0]!);
    const db = openPlatformDb(dataDir, {});
    try {
      const store = new AccountStore(db, () => now);
      for (let i = 0; i < 5; i++)
        await store.logon({ username: 'k.maes', password: 'wrong', code: '000000' });
      expect(store.isLocked(store.byUsername('k.maes')!)).toBe(true);
      out = [];
      await run('users', 'list');
      expect(out.join('\n')).toContain('LOCKED until 2026-04-01T09:10:00.000Z');

      expect(await run('users', 'unlock', 'k.maes')).toBe(0);
      expect(store.isLocked(store.byUsername('k.maes')!)).toBe(false);

      out = [];
      expect(await run('users', 'reset-totp', 'k.maes', '--json')).toBe(0);
      const reset = JSON.parse(out[0]!);
      expect(reset.totpSecret).not.toBe(created.totpSecret);
      expect(
        (
          await store.logon({
            username: 'k.maes',
            password: created.password,
            code: await totpCode(reset.totpSecret, now),
          })
        ).ok,
      ).toBe(true);
    } finally {
      db.close();
    }
  });

  it('explains bad input instead of failing obscurely', async () => {
    expect(await run('users', 'add', '--username', 'x1', '--name', 'X', '--roles', 'sheriff')).toBe(
      2,
    );
    expect(err.join('\n')).toContain('Unknown role "sheriff"');
    err = [];
    expect(await run('users', 'unlock', 'nobody')).toBe(1);
    expect(err.join('\n')).toContain('No account named "nobody"');
    err = [];
    expect(await runCli(['serve', '--bogus'], io())).toBe(2);
    expect(err.join('\n')).toMatch(/Unknown option '--bogus'/);
    err = [];
    expect(await run('serve', '--policy', 'fr')).toBe(2);
    expect(err.join('\n')).toContain('--policy must be "be" or "dk"');
  });

  it('seeds demo officers and a (small) synthetic world into the data dir', async () => {
    expect(await run('seed', '--days', '35', '--cameras', '200', '--vehicles', '150')).toBe(0);
    expect(out.join('\n')).toMatch(/detective1\s+detective,supervisor/);
    expect(out.join('\n')).toContain('demo-accounts.json');
    expect(out.join('\n')).toMatch(/Synthetic Belgium: 200 cameras, \d+ cases, \d+ reads/);
  });

  it('verifies the audit chains and names the first broken entry', async () => {
    expect(await run('seed', '--accounts-only')).toBe(0);
    const log = openPlatformDb(dataDir, {});
    createAuditLog(log, () => new Date()).append({
      actor: SYSTEM_ACTOR,
      operation: 'erasure',
      action: 'reads.retention-purge',
      caseId: null,
      purpose: null,
      reasonCode: null,
      justification: null,
      parameters: { deleted: 3 },
      resultCount: 3,
      outcome: 'allowed',
      outcomeReason: null,
      recipient: null,
    });
    log.close();
    out = [];
    expect(await run('verify')).toBe(0);
    expect(out.join('\n')).toMatch(/^OK\s+platform: 1 entries/m);
    // Tamper with a stored entry (the append-only trigger has to go first).
    const db = openPlatformDb(dataDir, {});
    for (const t of db
      .prepare("SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_entries'")
      .all() as Array<{ name: string }>)
      db.exec(`DROP TRIGGER ${t.name}`);
    db.prepare(
      "UPDATE audit_entries SET body = json_set(body, '$.resultCount', 999) WHERE seq = 1",
    ).run();
    db.close();
    out = [];
    expect(await run('verify')).toBe(1);
    expect(out.join('\n')).toMatch(/BROKEN\s+platform: first bad entry #1/);
  });

  it('serves until stopped', async () => {
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const running = runCli(['serve', '--port', '0', '--data-dir', dataDir, '--policy', 'dk'], {
      ...io(),
      untilStopped: () => stopped,
      logStream: new Writable({ write: (_c, _e, done) => done() }),
    });
    // The listening line carries the URL.
    let url: string | undefined;
    for (let i = 0; i < 100 && !url; i++) {
      url = /listening on (\S+)/.exec(err.join('\n'))?.[1];
      if (!url) await new Promise((r) => setTimeout(r, 50));
    }
    expect(url).toBeDefined();
    expect((await readJson(await fetch(`${url}/healthz`))).policy).toBe('dk');
    stop();
    expect(await running).toBe(0);
  });
});
