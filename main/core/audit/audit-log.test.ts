/* Runs against the real Secret Service: scripts/with-keyring.sh npx vitest run main/core/audit */
import { createPrivateKey, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../common/api/result.ts';
import { verifyChain, verifyCheckpoint } from '../../../common/audit-chain.node.ts';
import { createKeytarStore, KeychainAccounts, type SecretStore } from '../keychain.ts';
import { CaseStores } from '../store/case-stores.ts';
import type { RemoteWorkstationStore } from '../store/client.ts';
import { allFiles, plaintextHits } from '../store/fixtures/scan.ts';
import { openEncryptedStore } from '../store/open.ts';
import { workstationDbPath } from '../store/paths.ts';
import {
  createAuditLog,
  type AuditLimits,
  type AuditLog,
  type AuditRecordInput,
} from './audit-log.ts';
import { DEVICE_ID_SETTING } from './device-identity.ts';
import { startTestAuditPlatform, type TestAuditPlatform } from './fixtures/audit-platform.ts';
import { createAuditUploader, startAuditSync } from './uploader.ts';

let dataDir: string;
let secrets: SecretStore;
let stores: CaseStores;
let ws: RemoteWorkstationStore;
let now: Date;
const clock = () => new Date(now.getTime());
const minutes = (n: number) => {
  now = new Date(now.getTime() + n * 60_000);
};
const LIMITS: AuditLimits = { maxUnsyncedEntries: 3, maxUnsyncedAgeMinutes: 60 };

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'anpr-audit-'));
  secrets = createKeytarStore(`ANPR Workstation (test ${randomBytes(4).toString('hex')})`);
  stores = new CaseStores({ dataDir, secrets });
  ws = await stores.openWorkstation();
  now = new Date('2026-03-10T12:00:00.000Z');
});
afterEach(async () => {
  await stores.shutdown();
  rmSync(dataDir, { recursive: true, force: true });
});

const open = (limits: AuditLimits = { maxUnsyncedEntries: 1000, maxUnsyncedAgeMinutes: 600 }) =>
  createAuditLog({ workstation: ws, secrets, clock, limits });

/** Closes everything (as when the application quits) and opens it again. */
async function restart(limits?: AuditLimits): Promise<AuditLog> {
  await stores.shutdown();
  stores = new CaseStores({ dataDir, secrets });
  ws = await stores.openWorkstation();
  return open(limits);
}

function consultation(i: number): AuditRecordInput {
  return {
    actor: { officerId: 'off-1', username: 'detective1', role: 'detective' },
    operation: 'consultation',
    action: 'reads.plate-history',
    caseId: 'case-1',
    purpose: 'judicial',
    reasonCode: 'suspect-vehicle',
    justification: 'Suspect vehicle of the burglary seen near the scene',
    parameters: { plate: '1-ABC-123', query: i, limit: undefined },
    resultCount: i,
    outcome: 'allowed',
    outcomeReason: null,
    recipient: null,
  };
}

async function recordMany(log: AuditLog, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await log.record(consultation(i));
    minutes(1);
  }
}

/** A raw SQLite handle on the workstation database, opened with the key from the keychain (what an attacker with the key has). */
async function raw<T>(fn: (db: ReturnType<typeof openEncryptedStore>) => T): Promise<T> {
  const key = await secrets.get(KeychainAccounts.workstationDb);
  const db = openEncryptedStore(workstationDbPath(dataDir), key!, { check: 'none' });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe('recording and verification', () => {
  it('records entries with UTC time from the clock and the device as source, and verifies them', async () => {
    const log = await open();
    const e1 = await log.record(consultation(1));
    minutes(5);
    const e2 = await log.record(consultation(2));
    expect(e1.seq).toBe(1);
    expect(e2.prevHash).toBe(e1.hash);
    expect(e1.body.at).toBe('2026-03-10T12:00:00.000Z');
    expect(e2.body.at).toBe('2026-03-10T12:05:00.000Z');
    expect(e1.body.source).toEqual({ kind: 'workstation', deviceId: log.deviceId });
    expect(e1.body.parameters).toEqual({ plate: '1-ABC-123', query: 1 });
    expect(await log.verify()).toEqual({ ok: true, count: 2, head: { seq: 2, hash: e2.hash } });

    // The device id is kept in the workstation settings, the key in the keychain; both survive a restart.
    expect(await ws.getSetting(DEVICE_ID_SETTING)).toBe(log.deviceId);
    const pem = await secrets.get(KeychainAccounts.deviceSigningKey);
    expect(createPrivateKey(pem!).asymmetricKeyType).toBe('ed25519');
    const again = await restart();
    expect(again.deviceId).toBe(log.deviceId);
    expect(again.publicKeyPem).toBe(log.publicKeyPem);
    expect(again.syncState().head).toEqual({ seq: 2, hash: e2.hash });
    expect((await again.record(consultation(3))).prevHash).toBe(e2.hash);
    expect((await again.verify()).ok).toBe(true);
  });

  it('refuses an entry the audit schema refuses, and writes nothing', async () => {
    const log = await open();
    const bad = { ...consultation(1), justification: null };
    await expect(log.record(bad)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const erasureWithPlate: AuditRecordInput = {
      ...consultation(1),
      operation: 'erasure',
      parameters: { plates: ['1-ABC-123'] },
    };
    await expect(log.record(erasureWithPlate)).rejects.toThrow(/never the erased data/);
    expect(log.syncState().head).toBeNull();
    expect(await ws.lastAudit()).toBeNull();
  });

  it('names the entry whose body was edited through a raw database handle', async () => {
    const log = await open();
    await recordMany(log, 5);
    await raw((db) =>
      db
        .prepare(
          "UPDATE audit_entries SET body = replace(body, 'detective1', 'detective2') WHERE seq = 3",
        )
        .run(),
    );
    expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'edited' });
  });

  it('names a deleted entry', async () => {
    const log = await open();
    await recordMany(log, 5);
    await raw((db) => db.prepare('DELETE FROM audit_entries WHERE seq = 2').run());
    const result = await log.verify();
    expect(result).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'deleted' });
    expect(result.ok || result.message).toMatch(/Entry 2 is missing/);
  });

  it('names the first of two swapped entries', async () => {
    const log = await open();
    await recordMany(log, 5);
    await raw((db) => {
      db.prepare('UPDATE audit_entries SET seq = -1 WHERE seq = 2').run();
      db.prepare('UPDATE audit_entries SET seq = 2 WHERE seq = 3').run();
      db.prepare('UPDATE audit_entries SET seq = 3 WHERE seq = -1').run();
    });
    expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('detects a truncated tail against the last signed checkpoint after a restart', async () => {
    const first = await open();
    await recordMany(first, 6);
    const cp = first.checkpoint();
    expect(cp).toMatchObject({ deviceId: first.deviceId, seq: 6 });
    expect(verifyCheckpoint(first.publicKeyPem, cp)).toBe(true);
    await first.flush();
    await stores.shutdown();

    await raw((db) => db.prepare('DELETE FROM audit_entries WHERE seq >= 5').run());
    const log = await restart();
    const result = await log.verify();
    expect(result).toMatchObject({ ok: false, firstBadSeq: 5, problem: 'truncated' });
    expect(result.ok || result.message).toMatch(/Entries 5 to 6 are missing from the end/);
  });

  it('detects a truncated tail whose checkpoint was rewritten to match (the signature no longer fits)', async () => {
    const first = await open();
    await recordMany(first, 6);
    first.checkpoint();
    await first.flush();
    await stores.shutdown();

    await raw((db) => {
      const h4 = (
        db.prepare('SELECT hash FROM audit_entries WHERE seq = 4').get() as { hash: string }
      ).hash;
      db.prepare('DELETE FROM audit_entries WHERE seq >= 5').run();
      db.prepare('UPDATE checkpoints SET seq = 4, hash = ? WHERE seq = 6').run(h4);
    });
    const log = await restart();
    expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'edited' });
  });

  it('detects a tail cut off while the application runs, even before any checkpoint', async () => {
    const log = await open();
    await recordMany(log, 4);
    await raw((db) => db.prepare('DELETE FROM audit_entries WHERE seq = 4').run());
    expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'truncated' });
  });

  it('signs a checkpoint every N entries on its own', async () => {
    const log = await createAuditLog({
      workstation: ws,
      secrets,
      clock,
      limits: LIMITS,
      checkpointEvery: 3,
    });
    await recordMany(log, 7);
    const cp = await ws.lastCheckpoint();
    expect(cp?.seq).toBe(6);
    expect(cp?.signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });
});

describe('sync with the platform', () => {
  let platform: TestAuditPlatform;
  beforeEach(async () => {
    platform = await startTestAuditPlatform();
  });
  afterEach(async () => {
    await platform.stop();
  });
  const uploader = () =>
    createAuditUploader({ baseUrl: platform.baseUrl, accessToken: async () => platform.token });

  it('refuses new queries beyond N unsynced entries, and allows them again after a sync', async () => {
    const log = await open(LIMITS);
    await recordMany(log, 3);
    expect(() => log.assertCanQuery()).not.toThrow();
    await log.record(consultation(4));
    let error: unknown;
    try {
      log.assertCanQuery();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect((error as Error).message).toMatch(
      /New queries are paused: 4 audit entries .* not reached the platform/,
    );
    expect(log.syncState()).toMatchObject({
      unsynced: 4,
      oldestUnsyncedAt: '2026-03-10T12:00:00.000Z',
    });
    expect(log.syncState().queriesBlocked).toBe((error as Error).message);

    const result = await log.sync(uploader());
    expect(result).toMatchObject({ uploaded: 4, batches: 1, head: { seq: 4 } });
    expect(() => log.assertCanQuery()).not.toThrow();
    expect(log.syncState()).toMatchObject({
      unsynced: 0,
      oldestUnsyncedAt: null,
      lastSyncAt: now.toISOString(),
      lastError: null,
      queriesBlocked: null,
    });
  });

  it('refuses new queries once the oldest unsynced entry is older than M minutes', async () => {
    const log = await open(LIMITS);
    await log.record(consultation(1));
    minutes(60);
    expect(() => log.assertCanQuery()).not.toThrow();
    minutes(1);
    expect(() => log.assertCanQuery()).toThrow(/have not reached the platform for 61 minutes/);
    // The limits hold across a restart: the undelivered entries are still on disk.
    const again = await restart(LIMITS);
    expect(() => again.assertCanQuery()).toThrow(/61 minutes/);
    await again.sync(uploader());
    expect(() => again.assertCanQuery()).not.toThrow();
  });

  it('shows the last error when the platform is down, keeps it across a restart, and clears it after a sync', async () => {
    const log = await open(LIMITS);
    await log.record(consultation(1));
    await platform.stop();
    minutes(2);
    await expect(log.sync(uploader())).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    const state = log.syncState();
    expect(state.lastError).toMatchObject({ at: now.toISOString(), code: 'UNAVAILABLE' });
    expect(state.lastError?.message).toMatch(/platform is not reachable \(connection refused\)/);
    expect(state).toMatchObject({ unsynced: 1, lastSyncAt: null });
    minutes(60);
    expect(() => log.assertCanQuery()).toThrow(
      /The last attempt to deliver them failed: The platform is not reachable/,
    );

    const again = await restart(LIMITS);
    expect(again.syncState().lastError?.message).toMatch(/not reachable/);
    await platform.start();
    await again.sync(uploader());
    expect(again.syncState()).toMatchObject({ lastError: null, unsynced: 0 });
  });

  it('uploads a chain the platform verifies; the next upload continues from the last head', async () => {
    const log = await open();
    await recordMany(log, 5);
    await log.sync(uploader());
    await recordMany(log, 3);
    const second = await log.sync(uploader());
    expect(second).toMatchObject({ uploaded: 3, head: { seq: 8 } });

    expect(platform.uploads.map((u) => [u.firstSeq, u.lastSeq, u.status])).toEqual([
      [1, 5, 200],
      [6, 8, 200],
    ]);
    const onPlatform = platform.chains.get(log.deviceId)!;
    expect(verifyChain(onPlatform)).toMatchObject({
      ok: true,
      count: 8,
      head: log.syncState().head,
    });
    expect(platform.devices.get(log.deviceId)).toBe(log.publicKeyPem);

    // Acknowledged checkpoints are kept locally, and nothing is sent twice.
    expect(await ws.lastCheckpoint()).toMatchObject({ seq: 8 });
    expect((await ws.lastCheckpoint())?.acknowledgedAt).not.toBeNull();
    expect(await log.sync(uploader())).toMatchObject({ uploaded: 0, batches: 0 });
    expect(platform.uploads).toHaveLength(2);
  });

  it('is refused by the platform when an undelivered entry was tampered with, and says so', async () => {
    const log = await open();
    await recordMany(log, 2);
    await log.sync(uploader());
    await recordMany(log, 2);
    await raw((db) =>
      db
        .prepare(
          'UPDATE audit_entries SET body = replace(body, \'"query":0\', \'"query":9\') WHERE seq = 3',
        )
        .run(),
    );
    await expect(log.sync(uploader())).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(log.syncState().lastError?.message).toMatch(
      /refused the audit log upload: the uploaded chain does not verify: Entry 3 was altered/,
    );
    expect(platform.heads.get(log.deviceId)?.seq).toBe(2);
  });

  it('refuses a platform answer that does not match the contract', async () => {
    const log = await open();
    await log.record(consultation(1));
    platform.misbehave = 'garbage';
    await expect(log.sync(uploader())).rejects.toThrow(/does not understand/);
    expect(log.syncState().unsynced).toBe(1);
  });

  it('an expired sign-in is reported as such', async () => {
    const log = await open();
    await log.record(consultation(1));
    const bad = createAuditUploader({
      baseUrl: platform.baseUrl,
      accessToken: async () => 'expired',
    });
    await expect(log.sync(bad)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('syncs periodically on its own, backs off while the platform is down, and recovers', async () => {
    const log = await open();
    await log.record(consultation(1));
    const schedule = startAuditSync(log, uploader(), clock, 25, { maxBackoffMs: 100 });
    try {
      await until(() => log.syncState().unsynced === 0);
      await platform.stop();
      await log.record(consultation(2));
      await until(() => schedule.state().consecutiveFailures >= 2);
      expect(log.syncState().lastError?.message).toMatch(/not reachable/);
      const s = schedule.state();
      // The clock is frozen in this test, so the next attempt shows the backoff delay exactly.
      expect(Date.parse(s.nextAttemptAt!) - now.getTime()).toBe(
        Math.min(25 * 2 ** s.consecutiveFailures, 100),
      );
      await platform.start();
      await schedule.syncNow();
      expect(schedule.state().consecutiveFailures).toBe(0);
      expect(log.syncState()).toMatchObject({ unsynced: 0, lastError: null });
    } finally {
      schedule.stop();
    }
    expect(schedule.state().nextAttemptAt).toBeNull();
  });
});

describe('the device signing key', () => {
  it('never appears in any file of the data directory', async () => {
    const platform = await startTestAuditPlatform();
    try {
      const log = await open();
      await recordMany(log, 3);
      log.checkpoint();
      await log.sync(
        createAuditUploader({ baseUrl: platform.baseUrl, accessToken: async () => platform.token }),
      );
    } finally {
      await platform.stop();
    }
    const pem = (await secrets.get(KeychainAccounts.deviceSigningKey))!;
    const der = createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' });
    const seed = der.subarray(der.length - 32); // the raw Ed25519 private key
    const base64Body = pem
      .split('\n')
      .filter((l) => l && !l.startsWith('-----'))
      .join('');
    const needles = [pem, base64Body, seed.toString('hex'), seed.toString('base64')];
    const check = () => {
      expect(allFiles(dataDir).length).toBeGreaterThanOrEqual(1);
      expect(plaintextHits(dataDir, needles)).toEqual([]);
      for (const f of allFiles(dataDir)) {
        const bytes = readFileSync(f);
        expect(bytes.includes(seed)).toBe(false);
        expect(bytes.includes(der)).toBe(false);
      }
    };
    check();
    await stores.shutdown();
    check();
  });
});

/** Waits for background work; the bound only stops a hung test, it asserts no speed. */
async function until(cond: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
