/* Runs against the real Secret Service: scripts/with-keyring.sh npx vitest run main/core/retention/key-rotation.test.ts */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../audit/audit-log.ts';
import { createKeytarStore, KeychainAccounts, type SecretStore } from '../keychain.ts';
import { CaseStore } from '../store/case-store.ts';
import { CaseStores } from '../store/case-stores.ts';
import { fakeReads } from '../store/fixtures/reads.ts';
import { caseStorePath } from '../store/paths.ts';
import { rotateDueKeys, rotationDue } from './key-rotation.ts';

let dataDir: string;
let secrets: SecretStore;
let stores: CaseStores;
let now: Date;
const DAY = 86_400_000;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'anpr-key-schedule-'));
  secrets = createKeytarStore(`ANPR Workstation (test ${randomBytes(4).toString('hex')})`);
  stores = new CaseStores({ dataDir, secrets });
  now = new Date('2026-03-10T12:00:00.000Z');
});
afterEach(async () => {
  await stores.shutdown();
  rmSync(dataDir, { recursive: true, force: true });
});

async function setUp() {
  const store = await stores.open('case-a');
  await store.beginPull({ id: 'p1', params: {}, now });
  await store.insertReads(fakeReads(0, 100), 'p1', { offset: 100 }, { now });
  const workstation = await stores.openWorkstation();
  const audit = await createAuditLog({
    workstation,
    secrets,
    clock: () => new Date(now.getTime()),
    limits: { maxUnsyncedEntries: 1000, maxUnsyncedAgeMinutes: 100_000 },
  });
  const run = (force = false) =>
    rotateDueKeys({ stores, workstation, audit, now, maxAgeDays: 90, force });
  const rotations = async () =>
    (await workstation.auditEntries(0, 1000))
      .map(
        (e) =>
          JSON.parse(e.body) as {
            action: string;
            caseId: string | null;
            outcome: string;
            outcomeReason: string | null;
          },
      )
      .filter((b) => b.action === 'keys.rotate');
  return { run, rotations };
}

describe('key rotation on a schedule and on demand', () => {
  it('rotates every key 90 days (on the injected clock) after it was first seen, each rotation logged', async () => {
    const { run, rotations } = await setUp();
    const before = await secrets.get(KeychainAccounts.case('case-a'));
    expect((await run()).rotated).toEqual([]); // first sight: the count starts
    now = new Date(now.getTime() + 89 * DAY);
    expect((await run()).rotated).toEqual([]);
    now = new Date(now.getTime() + DAY);
    expect((await run()).rotated).toEqual(['workstation', 'case-a']);
    expect(await secrets.get(KeychainAccounts.case('case-a'))).not.toBe(before);
    expect((await rotations()).map((r) => r.caseId)).toEqual([null, 'case-a']);
    expect(await (await stores.open('case-a')).readCount()).toBe(100);
    // The next rotation is due 90 days after this one, not before.
    now = new Date(now.getTime() + DAY);
    expect((await run()).rotated).toEqual([]);
  });

  it('rotates every key at once on demand', async () => {
    const { run, rotations } = await setUp();
    expect((await run(true)).rotated).toEqual(['workstation', 'case-a']);
    expect(await rotations()).toHaveLength(2);
  });

  it('runs an officer’s rotation and the schedule’s one after the other, so the key kept opens the store', async () => {
    const { run, rotations } = await setUp();
    // Both at once, as when the officer clicks while a platform contact rotates what is due.
    const results = await Promise.all([run(true), run(true), run(true)]);
    for (const r of results) expect(r.rotated).toEqual(['workstation', 'case-a']);
    expect(await rotations()).toHaveLength(6);
    const key = (await secrets.get(KeychainAccounts.case('case-a')))!;
    const direct = CaseStore.open(caseStorePath(dataDir, 'case-a'), key);
    try {
      expect(direct.readCount()).toBe(100);
    } finally {
      direct.close();
    }
    expect(await secrets.get(KeychainAccounts.pending(KeychainAccounts.case('case-a')))).toBeNull();
  });

  it('logs a rotation that failed as such, after the entry that announced it', async () => {
    const { run, rotations } = await setUp();
    // The case's key is gone from the keychain: its store cannot be re-encrypted.
    await secrets.delete(KeychainAccounts.case('case-a'));
    const result = await run(true);
    expect(result.rotated).toEqual(['workstation']);
    expect(result.failures.map((f) => f.store)).toEqual(['case-a']);
    expect((await rotations()).map((r) => [r.caseId, r.outcome, r.outcomeReason !== null])).toEqual(
      [
        [null, 'allowed', false],
        ['case-a', 'allowed', false],
        ['case-a', 'error', true],
      ],
    );
  });

  it('counts age from the last rotation (pure rule)', () => {
    const at = new Date('2026-06-08T12:00:00.000Z');
    expect(rotationDue('2026-03-10T12:00:00.000Z', at, 90)).toBe(true);
    expect(rotationDue('2026-03-10T12:00:01.000Z', at, 90)).toBe(false);
    expect(rotationDue(undefined, at, 90)).toBe(false);
  });
});
