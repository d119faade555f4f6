import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../cli.ts';
import { createAuditLog } from '../audit/log.ts';
import { AccountStore } from '../identity/accounts.ts';
import { totpCode } from '../identity/totp.ts';
import { openPlatformDb } from '../store/sqlite.ts';

/**
 * `platform officers …` and `platform cases …`: scripted set-up by an agency
 * through the same administration functions as the API, each change logged
 * under the administrator named with --as and the justification given.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

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
const run = async (...args: string[]) => {
  out = [];
  err = [];
  return runCli([...args, '--data-dir', dataDir], io());
};
const WHY = [
  '--justification',
  'Setting up the Antwerp drugs unit for the new investigation team.',
];
const AS = ['--as', 'boss'];

function withDb<T>(fn: (db: ReturnType<typeof openPlatformDb>) => T): T {
  const db = openPlatformDb(dataDir, {});
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
const platformEntries = () =>
  withDb((db) => createAuditLog(db, () => now).list({ chain: 'platform', limit: 500 }).entries);

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'anpr-admin-cli-'));
  expect(
    await run('users', 'add', '--username', 'boss', '--name', 'Admin Boss', '--roles', 'admin'),
  ).toBe(0);
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('officers and cases on the command line', () => {
  it('adds an officer who can sign in, changes roles, disables and enables, resets MFA; each logged', async () => {
    expect(
      await run(
        'officers',
        'add',
        '--username',
        'j.peeters',
        '--name',
        'Jan Peeters',
        '--roles',
        'detective',
        ...WHY,
        ...AS,
        '--json',
      ),
    ).toBe(0);
    const created = JSON.parse(out[0]!);
    expect(created.officer).toMatchObject({ username: 'j.peeters', roles: ['detective'] });
    // The officer signs in with the printed password and a code of the enrolled authenticator.
    const db = openPlatformDb(dataDir, {});
    try {
      const logon = await new AccountStore(db, () => now).logon({
        username: 'j.peeters',
        password: created.initialPassword,
        code: await totpCode(created.mfa.totpSecret, now),
      });
      expect(logon.ok).toBe(true);
    } finally {
      db.close();
    }

    expect(
      await run('officers', 'roles', 'j.peeters', '--roles', 'detective,supervisor', ...WHY, ...AS),
    ).toBe(0);
    expect(await run('officers', 'disable', 'j.peeters', ...WHY, ...AS)).toBe(0);
    expect(await run('officers', 'list', ...AS)).toBe(0);
    expect(out.join('\n')).toMatch(/j\.peeters\s+detective,supervisor\s+Jan Peeters\s+DISABLED/);
    expect(await run('officers', 'enable', 'j.peeters', ...WHY, ...AS)).toBe(0);
    expect(await run('officers', 'reset-mfa', 'j.peeters', ...WHY, ...AS, '--json')).toBe(0);
    expect(JSON.parse(out[0]!).mfa.totpSecret).not.toBe(created.mfa.totpSecret);

    const actions = platformEntries()
      .filter((e) => e.body.actor.username === 'boss')
      .map((e) => e.body.action);
    for (const action of [
      'admin.officer-create',
      'admin.officer-roles',
      'admin.officer-disable',
      'admin.officers-list',
      'admin.officer-enable',
      'admin.officer-reset-mfa',
    ])
      expect(actions).toContain(action);
    const create = platformEntries().find((e) => e.body.action === 'admin.officer-create')!.body;
    expect(create).toMatchObject({
      actor: { username: 'boss', role: 'admin' },
      justification: WHY[1],
      parameters: { via: 'cli' },
    });
  });

  it('creates a case on a listed basis, assigns, unassigns and closes it; refuses free text', async () => {
    for (const u of ['d.one', 'd.two'])
      expect(
        await run(
          'officers',
          'add',
          '--username',
          u,
          '--name',
          u,
          '--roles',
          'detective',
          ...WHY,
          ...AS,
        ),
      ).toBe(0);
    expect(await run('cases', 'bases', ...AS)).toBe(0);
    expect(out.join('\n')).toContain('be-judicial-inquiry');

    expect(
      await run(
        'cases',
        'add',
        '--number',
        'AN/1',
        '--title',
        'Free text basis',
        '--purpose',
        'judicial',
        '--basis',
        'Art. 1 of my own law',
        ...WHY,
        ...AS,
      ),
    ).toBe(1);
    expect(err.join('\n')).toMatch(/legalBasis/);

    expect(
      await run(
        'cases',
        'add',
        '--number',
        'AN/2',
        '--title',
        'Stolen vans',
        '--purpose',
        'judicial',
        '--basis',
        'be-judicial-inquiry',
        '--officers',
        'd.one,d.two',
        ...WHY,
        ...AS,
        '--json',
      ),
    ).toBe(0);
    const c = JSON.parse(out[0]!);
    expect([...c.assignedOfficerNames].sort()).toEqual(['d.one', 'd.two']);

    expect(
      await run('cases', 'unassign', c.id, '--username', 'd.two', ...WHY, ...AS, '--json'),
    ).toBe(0);
    expect(JSON.parse(out[0]!).assignedOfficerNames).toEqual(['d.one']);
    expect(await run('cases', 'assign', c.id, '--username', 'd.two', ...WHY, ...AS)).toBe(0);
    expect(
      await run('cases', 'close', c.id, '--reason', 'Suspects convicted.', ...WHY, ...AS),
    ).toBe(0);
    expect(await run('cases', 'list', '--status', 'closed', ...AS)).toBe(0);
    expect(out.join('\n')).toMatch(/AN\/2.*CLOSED .*Suspects convicted\./);

    const byCase = platformEntries()
      .filter((e) => e.body.caseId === c.id)
      .map((e) => e.body.action);
    expect(byCase).toEqual(
      expect.arrayContaining([
        'admin.case-create',
        'admin.case-unassign',
        'admin.case-assign',
        'admin.case-close',
      ]),
    );
    const rows = withDb((db) => db.prepare('SELECT COUNT(*) AS n FROM cases').get() as Json);
    expect(rows.n).toBe(1); // the refused case left nothing behind
  });

  it('refuses to act without an administrator, or without a justification', async () => {
    expect(await run('officers', 'list')).toBe(2);
    expect(err.join('\n')).toMatch(/--as is required/);
    expect(
      await run(
        'officers',
        'add',
        '--username',
        'd.x',
        '--name',
        'X',
        '--roles',
        'detective',
        ...WHY,
        ...AS,
      ),
    ).toBe(0);
    expect(await run('officers', 'list', '--as', 'd.x')).toBe(1);
    expect(err.join('\n')).toMatch(/reserved for the administrator role/);
    expect(await run('officers', 'disable', 'd.x', ...AS)).toBe(1);
    expect(err.join('\n')).toMatch(/justification/);
  });
});
