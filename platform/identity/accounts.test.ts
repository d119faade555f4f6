import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPlatformDb, type Db } from '../store/sqlite.ts';
import { AccountStore } from './accounts.ts';
import { migrateIdentity } from './migrations.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { totpCode } from './totp.ts';

let dir: string;
let db: Db;
let now: Date;
const clock = () => now;
let store: AccountStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'anpr-identity-'));
  now = new Date('2026-03-02T08:00:05Z');
  db = openPlatformDb(dir, {});
  migrateIdentity(db, clock);
  store = new AccountStore(db, clock, { scryptLog2N: 14 });
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const MIN = 60_000;

async function newOfficer() {
  return store.create({ username: 'Detective.A', displayName: 'An Peeters', roles: ['detective'] });
}

describe('passwords', () => {
  it('stores scrypt with a per-user salt and its parameters, never the password', async () => {
    const a = await hashPassword('correct horse', { log2N: 14, r: 8, p: 1 });
    const b = await hashPassword('correct horse', { log2N: 14, r: 8, p: 1 });
    expect(a).toMatch(/^scrypt\$14\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horsE', a)).toBe(false);
    expect(await verifyPassword('correct horse', 'garbage')).toBe(false);
  });
});

describe('log-on', () => {
  it('accepts password + current TOTP code and normalises the username', async () => {
    const { totpSecret, password, account } = await newOfficer();
    expect(account.username).toBe('detective.a');
    const result = await store.logon({
      username: ' DETECTIVE.A ',
      password,
      code: await totpCode(totpSecret, now),
    });
    expect(result).toMatchObject({ ok: true, account: { id: account.id, roles: ['detective'] } });
  });

  it('refuses a wrong code and a replayed code', async () => {
    const { totpSecret, password } = await newOfficer();
    const code = await totpCode(totpSecret, now);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(await store.logon({ username: 'detective.a', password, code: wrong })).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    expect((await store.logon({ username: 'detective.a', password, code })).ok).toBe(true);
    // Same code again, 10 s later, still inside its 30 s window: replay.
    now = new Date(now.getTime() + 10_000);
    expect(await store.logon({ username: 'detective.a', password, code })).toMatchObject({
      ok: false,
      reason: 'invalid',
      replayedCode: true,
    });
    // The next code is fine.
    now = new Date(now.getTime() + 30_000);
    expect(
      (
        await store.logon({
          username: 'detective.a',
          password,
          code: await totpCode(totpSecret, now),
        })
      ).ok,
    ).toBe(true);
  });

  it('gives the same answer for an unknown username as for a wrong password', async () => {
    await newOfficer();
    expect(await store.logon({ username: 'nobody', password: 'x', code: '123456' })).toMatchObject({
      ok: false,
      reason: 'invalid',
      accountId: null,
    });
  });

  it('locks after 5 failed log-ons for exactly 10 minutes', async () => {
    const { totpSecret, password, account } = await newOfficer();
    const good = async () => ({
      username: 'detective.a',
      password,
      code: await totpCode(totpSecret, now),
    });

    for (let i = 1; i <= 4; i++) {
      expect(await store.logon({ ...(await good()), password: `wrong${i}` })).toMatchObject({
        reason: 'invalid',
      });
    }
    expect(store.byId(account.id)?.failedLogons).toBe(4);
    const fifth = await store.logon({ ...(await good()), password: 'wrong5' });
    expect(fifth).toMatchObject({ ok: false, reason: 'locked', newlyLocked: true });
    const lockedAt = now.getTime();
    if (fifth.ok) throw new Error('unreachable');
    expect(fifth.lockedUntil?.getTime()).toBe(lockedAt + 10 * MIN);

    // Correct credentials are refused during the lock, up to the last millisecond.
    now = new Date(lockedAt + 10 * MIN - 1);
    expect(await store.logon(await good())).toMatchObject({
      ok: false,
      reason: 'locked',
      newlyLocked: false,
    });
    // At the boundary the account opens again and the counter starts from zero.
    now = new Date(lockedAt + 10 * MIN);
    expect((await store.logon(await good())).ok).toBe(true);
    expect(store.byId(account.id)).toMatchObject({ failedLogons: 0, lockedUntil: null });
  });

  it('counts wrong codes towards the lock and resets the counter on success', async () => {
    const { totpSecret, password } = await newOfficer();
    for (let i = 0; i < 4; i++) {
      expect((await store.logon({ username: 'detective.a', password, code: '000000' })).ok).toBe(
        false,
      );
    }
    expect(
      (
        await store.logon({
          username: 'detective.a',
          password,
          code: await totpCode(totpSecret, now),
        })
      ).ok,
    ).toBe(true);
    now = new Date(now.getTime() + 30_000);
    expect(
      await store.logon({ username: 'detective.a', password: 'nope', code: '000000' }),
    ).toMatchObject({ reason: 'invalid' });
  });

  it('unlock and reset-totp work as the administrator expects', async () => {
    const { totpSecret, password } = await newOfficer();
    for (let i = 0; i < 5; i++)
      await store.logon({ username: 'detective.a', password: 'bad', code: '000000' });
    expect(store.isLocked(store.byUsername('detective.a')!)).toBe(true);
    store.unlock('detective.a');
    expect(store.isLocked(store.byUsername('detective.a')!)).toBe(false);

    const reset = store.resetTotp('detective.a');
    expect(reset.totpSecret).not.toBe(totpSecret);
    expect(reset.otpauthUri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect(
      (
        await store.logon({
          username: 'detective.a',
          password,
          code: await totpCode(totpSecret, now),
        })
      ).ok,
    ).toBe(false);
    expect(
      (
        await store.logon({
          username: 'detective.a',
          password,
          code: await totpCode(reset.totpSecret, now),
        })
      ).ok,
    ).toBe(true);
  });
});
