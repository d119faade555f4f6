/* Runs against the real Secret Service: scripts/with-keyring.sh npx vitest run main/core/audit/audit-failure.test.ts */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeytarStore, type SecretStore } from '../keychain.ts';
import type { RemoteWorkstationStore } from '../store/client.ts';
import { newStoreKey } from '../store/open.ts';
import { WORKSTATION_METHODS } from '../store/protocol.ts';
import { WorkstationStore } from '../store/workstation-store.ts';
import {
  AuditWriteError,
  createFailureQueue,
  FAILURE_FILE,
  type AuditFailureReport,
} from './audit-failure.ts';
import { createAuditLog, type AuditRecordInput } from './audit-log.ts';

let dataDir: string;
let secrets: SecretStore;
let store: WorkstationStore;
let now: Date;
const clock = () => new Date(now.getTime());

/**
 * The workstation database in this thread (the worker does nothing more than
 * call these methods), so the test can put its own SQLite connection in the
 * state a full disk or a read-only file leaves it in.
 */
function inThread(s: WorkstationStore): RemoteWorkstationStore {
  const remote: Record<string, unknown> = {};
  for (const m of WORKSTATION_METHODS)
    remote[m] = async (...args: unknown[]) => (s[m] as (...a: unknown[]) => unknown).apply(s, args);
  return remote as RemoteWorkstationStore;
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'anpr-audit-failure-'));
  secrets = createKeytarStore(`ANPR Workstation (test ${randomBytes(4).toString('hex')})`);
  store = WorkstationStore.open(join(dataDir, 'workstation.db'), newStoreKey());
  now = new Date('2026-03-10T12:00:00.000Z');
});
afterEach(() => {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const entry = (i: number): AuditRecordInput => ({
  actor: { officerId: 'off-1', username: 'detective1', role: 'detective' },
  operation: 'consultation',
  action: 'reads.plate-history',
  caseId: 'case-1',
  purpose: 'judicial',
  reasonCode: 'suspect-vehicle',
  justification: 'Suspect vehicle of the burglary seen near the scene',
  parameters: { query: i, note: 'n'.repeat(300) },
  resultCount: i,
  outcome: 'allowed',
  outcomeReason: null,
  recipient: null,
});

async function openLog() {
  const failures: Array<{ error: AuditWriteError; action: string }> = [];
  const log = await createAuditLog({
    workstation: inThread(store),
    secrets,
    clock,
    limits: { maxUnsyncedEntries: 100_000, maxUnsyncedAgeMinutes: 100_000 },
    onWriteFailure: (error, e) => failures.push({ error, action: e.action }),
  });
  return { log, failures };
}

describe('an audit entry that cannot be written', () => {
  it('on a read-only database: refused with a plain message, nothing written, the failure handed on', async () => {
    const { log, failures } = await openLog();
    await log.record(entry(1));
    store.db.pragma('query_only = ON'); // SQLite refuses every write: SQLITE_READONLY
    const attempt = log.record(entry(2));
    await expect(attempt).rejects.toBeInstanceOf(AuditWriteError);
    await expect(attempt).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      failure: 'read-only',
      detail: 'SQLITE_READONLY',
      message: expect.stringMatching(/^This action was not carried out: .*cannot be written/),
    });
    await expect(attempt).rejects.not.toMatchObject({ message: expect.stringMatching(/SQLITE/) });
    expect(failures).toEqual([
      { error: expect.objectContaining({ failure: 'read-only' }), action: 'reads.plate-history' },
    ]);
    store.db.pragma('query_only = OFF');
    expect((await log.record(entry(3))).seq).toBe(2); // the refused entry left no hole
    expect(await log.verify()).toMatchObject({ ok: true, count: 2 });
  });

  it('on a full disk: refused with a plain message once the pages run out, and the chain stays whole', async () => {
    const { log, failures } = await openLog();
    await log.record(entry(0));
    // The database may not grow beyond its present size: SQLite fails with SQLITE_FULL
    // at the first write that needs another page.
    store.db.pragma(
      `max_page_count = ${store.db.pragma('page_count', { simple: true }) as number}`,
    );
    let written = 1;
    let refused: unknown = null;
    for (let i = 1; i < 500 && refused === null; i++) {
      await log.record(entry(i)).then(
        () => written++,
        (error: unknown) => (refused = error),
      );
    }
    expect(refused).toBeInstanceOf(AuditWriteError);
    expect(refused).toMatchObject({
      failure: 'disk-full',
      message: expect.stringContaining('because the disk is full'),
    });
    expect(failures.map((f) => f.error.failure)).toEqual(['disk-full']);
    expect((await store.lastAudit())?.seq).toBe(written);
    store.db.pragma('max_page_count = 1073741823');
    await log.record(entry(999));
    expect(await log.verify()).toMatchObject({ ok: true, count: written + 1 });
  });
});

describe('the queue of failure reports', () => {
  const report: Omit<AuditFailureReport, 'id'> = {
    at: '2026-03-10T12:00:00.000Z',
    officerId: 'off-1',
    username: 'detective1',
    action: 'case.pull',
    caseId: 'case-1',
    cause: 'read-only',
    detail: 'SQLITE_READONLY',
  };

  it('survives a restart in its file and is gone once delivered', () => {
    const first = createFailureQueue(dataDir);
    const added = first.add(report);
    const again = createFailureQueue(dataDir); // the next start
    expect(again.pending()).toEqual([added]);
    again.acknowledge([added.id]);
    expect(createFailureQueue(dataDir).pending()).toEqual([]);
    expect(existsSync(join(dataDir, FAILURE_FILE))).toBe(false);
  });

  it('keeps a report in memory when its file cannot be written', () => {
    const queue = createFailureQueue(join(dataDir, 'no-such-folder'));
    const added = queue.add(report);
    expect(queue.pending()).toEqual([added]);
  });
});
