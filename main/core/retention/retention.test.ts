/* Runs against the real Secret Service: scripts/with-keyring.sh npx vitest run main/core/retention */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POLICY_PACKS } from '../../../common/policy.ts';
import { createAuditLog, type AuditLog } from '../audit/audit-log.ts';
import { createKeytarStore, KeychainAccounts, type SecretStore } from '../keychain.ts';
import { CaseStores } from '../store/case-stores.ts';
import type { RemoteWorkstationStore } from '../store/client.ts';
import { allFiles } from '../store/fixtures/scan.ts';
import { fakeReads } from '../store/fixtures/reads.ts';
import {
  purgeAll,
  retentionFor,
  shredCase,
  startRetentionSchedule,
  type PurgeTotals,
} from './retention.ts';

describe('retentionFor', () => {
  const be = POLICY_PACKS.be;
  const dk = POLICY_PACKS.dk;
  const read = {
    capturedAt: '2026-01-10T08:00:00Z',
    hit: false,
    hitCategory: null,
    unitType: 'fixed' as const,
  };

  it('gives the policy pack deadline for a read pulled within the normal window', () => {
    expect(retentionFor(be, read)).toBe('2027-01-10T08:00:00.000Z');
    expect(retentionFor(dk, { ...read, hit: true, hitCategory: 2 })).toBe(
      '2026-04-10T08:00:00.000Z',
    );
    expect(retentionFor(dk, { ...read, unitType: 'mobile-manned' })).toBe(
      '2026-01-11T08:00:00.000Z',
    );
    expect(retentionFor(dk, { ...read, targetedOperation: true })).toBe('2026-02-09T08:00:00.000Z');
  });

  it('ends a read pulled under an extended-access approval when the approval expires, if that comes first', () => {
    expect(retentionFor(be, read, { expiresAt: '2026-04-01T00:00:00Z' })).toBe(
      '2026-04-01T00:00:00.000Z',
    );
    expect(retentionFor(be, read, { expiresAt: new Date('2027-06-01T00:00:00Z') })).toBe(
      '2027-01-10T08:00:00.000Z',
    );
    expect(retentionFor(be, read, null)).toBe('2027-01-10T08:00:00.000Z');
  });

  it('refuses an invalid capture time instead of storing a read with no deadline', () => {
    expect(() => retentionFor(be, { ...read, capturedAt: 'yesterday' })).toThrow(RangeError);
  });
});

describe('purge and crypto-shredding (real stores, real keychain)', () => {
  let dataDir: string;
  let secrets: SecretStore;
  let stores: CaseStores;
  let ws: RemoteWorkstationStore;
  let audit: AuditLog;
  const now = new Date('2026-03-10T12:00:00.000Z');
  const clock = () => new Date(now.getTime());
  const PLATE = '1XYZ987';

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'anpr-retention-'));
    secrets = createKeytarStore(`ANPR Workstation (test ${randomBytes(4).toString('hex')})`);
    stores = new CaseStores({ dataDir, secrets });
    ws = await stores.openWorkstation();
    audit = await createAuditLog({
      workstation: ws,
      secrets,
      clock,
      limits: { maxUnsyncedEntries: 1000, maxUnsyncedAgeMinutes: 600 },
    });
  });
  afterEach(async () => {
    await stores.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function pull(caseId: string, expired: number, kept: number) {
    const store = await stores.open(caseId);
    await store.beginPull({ id: 'p1', params: { kind: 'plates' }, now });
    const reads = [
      ...fakeReads(0, expired, {
        plate: PLATE,
        plateRaw: '1-XYZ-987',
        retentionUntil: '2026-03-10T11:59:59.000Z',
      }),
      ...fakeReads(expired, kept, { retentionUntil: '2026-03-10T12:00:01.000Z' }),
    ];
    await store.insertReads(reads, 'p1', null, { now });
    return store;
  }

  const entries = async () =>
    (await ws.auditEntries(0, 100)).map((e) => ({ text: e.body, body: JSON.parse(e.body) }));

  it('removes only reads whose deadline passed, and logs one erasure per case with counts and no plate', async () => {
    const a = await pull('case-a', 10, 5);
    const b = await pull('case-b', 0, 7);
    await stores.close('case-a'); // the purge opens stores nobody has open

    const totals = await purgeAll({ stores, now, audit });
    expect(totals).toMatchObject({ cases: 2, deleted: 10, remaining: 12, failures: [] });
    expect(totals.perCase).toEqual([
      { caseId: 'case-a', deleted: 10, remaining: 5 },
      { caseId: 'case-b', deleted: 0, remaining: 7 },
    ]);
    expect(await a.readsByPlate({ plate: PLATE })).toEqual([]);
    expect(await a.readCount()).toBe(5);
    expect(await b.readCount()).toBe(7);

    const logged = await entries();
    expect(logged).toHaveLength(1); // case-b lost nothing and is not logged
    expect(logged[0]!.body).toMatchObject({
      operation: 'erasure',
      action: 'retention.purge',
      caseId: 'case-a',
      actor: { role: 'system' },
      parameters: { deleted: 10, remaining: 5, deadlineBefore: now.toISOString() },
      resultCount: 10,
      outcome: 'allowed',
      source: { kind: 'workstation', deviceId: audit.deviceId },
    });
    expect(logged[0]!.text).not.toMatch(/XYZ/);
    expect((await audit.verify()).ok).toBe(true);

    // A second run finds nothing more to delete and logs nothing.
    expect(await purgeAll({ stores, now, audit })).toMatchObject({ deleted: 0, remaining: 12 });
    expect(await entries()).toHaveLength(1);
  });

  it('keeps purging the other cases when one store cannot be opened, and logs the failure', async () => {
    await pull('case-a', 3, 1);
    await pull('case-b', 2, 0);
    await stores.close('case-a');
    await secrets.delete(KeychainAccounts.case('case-a')); // keychain entry lost: the store is unreadable

    const totals = await purgeAll({ stores, now, audit });
    expect(totals).toMatchObject({ cases: 2, deleted: 2 });
    expect(totals.failures).toEqual([
      { caseId: 'case-a', message: expect.stringMatching(/^StoreKeyMissingError/) },
    ]);
    const logged = (await entries()).map((e) => e.body);
    expect(logged).toMatchObject([
      {
        caseId: 'case-a',
        operation: 'erasure',
        outcome: 'error',
        outcomeReason: expect.stringMatching(/StoreKeyMissingError/),
      },
      { caseId: 'case-b', operation: 'erasure', outcome: 'allowed', resultCount: 2 },
    ]);
  });

  it('runs at start on its own schedule', async () => {
    await pull('case-a', 4, 1);
    // The first run is awaited, not timed: only the test's own timeout bounds it.
    let first!: (totals: PurgeTotals) => void;
    const firstRun = new Promise<PurgeTotals>((resolve) => (first = resolve));
    const schedule = startRetentionSchedule({
      stores,
      audit,
      clock,
      intervalMs: 60_000,
      onResult: (t) => first(t),
    });
    try {
      expect(await firstRun).toMatchObject({ deleted: 4, remaining: 1 });
    } finally {
      schedule.stop();
    }
  });

  it('crypto-shreds a closed case: key and files gone, erasure logged', async () => {
    await pull('case-closed', 0, 20);
    expect(await secrets.get(KeychainAccounts.case('case-closed'))).not.toBeNull();

    const record = await shredCase('case-closed', 'case-closed', { stores, audit, clock });
    expect(record).toMatchObject({ complete: true, keyRemoved: true });
    expect(await secrets.get(KeychainAccounts.case('case-closed'))).toBeNull();
    expect(allFiles(dataDir).filter((f) => f.includes('case-closed'))).toEqual([]);
    expect(await stores.listLocal()).toEqual([]);

    const logged = await entries();
    expect(logged).toHaveLength(1);
    expect(logged[0]!.body).toMatchObject({
      operation: 'erasure',
      action: 'case.shred',
      caseId: 'case-closed',
      reasonCode: 'case-closed',
      parameters: {
        reason: 'case-closed',
        keyRemoved: true,
        complete: true,
        filesRemoved: record.filesRemoved.length,
      },
      outcome: 'allowed',
      outcomeReason: null,
    });
    expect(record.filesRemoved.length).toBeGreaterThanOrEqual(1);
  });
});
