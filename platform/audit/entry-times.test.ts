import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditBody } from '../../common/audit.ts';
import {
  chainEntry,
  generateDeviceKeyPair,
  signCheckpoint,
  type ChainEntry,
} from '../../common/audit-chain.node.ts';
import { entryTimeFlags } from '../oversight/flags.ts';
import { testNow } from '../testing/platform.ts';
import { openPlatformDb, type Db } from '../store/sqlite.ts';
import { entryTimeFindings, entryTimeProblem, OFFLINE_GRANT_MAX_MS } from './entry-times.ts';
import { createAuditLog } from './log.ts';

/**
 * Workstation entries whose times cannot be right: stored (the chain is
 * evidence), announced in the platform chain at receipt, and found again by
 * receipt time for the supervisor's flags. Real encrypted database.
 */
const DEVICE = 'ws-car-07';
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

let dir: string;
let db: Db;
let now: Date;
const clock = () => new Date(now.getTime());

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'anpr-entry-times-'));
  db = openPlatformDb(dir, {});
  now = testNow();
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function body(at: Date, i: number): AuditBody {
  return AuditBody.parse({
    at: at.toISOString(),
    actor: { officerId: 'o-1', username: 'jdupont', role: 'detective' },
    operation: 'consultation',
    action: 'case.map-view',
    caseId: 'case-1',
    purpose: 'judicial',
    reasonCode: 'route-reconstruction',
    justification: 'Reconstruct the route of the suspect vehicle',
    parameters: { n: i },
    resultCount: 1,
    outcome: 'allowed',
    outcomeReason: null,
    recipient: null,
    source: { kind: 'workstation', deviceId: DEVICE },
  });
}

describe('entry times', () => {
  it('tells backwards, ahead-of-receipt and older-than-the-offline-grant apart, and tolerates the skew limit', () => {
    const received = testNow().getTime();
    expect(entryTimeProblem(received - MIN, received - 2 * MIN, received)).toBeNull();
    // Within the workstation's own skew limit: not evidence.
    expect(entryTimeProblem(received - 3 * MIN, received - 2 * MIN, received)).toBeNull();
    expect(entryTimeProblem(received + MIN, null, received)).toBeNull();
    expect(entryTimeProblem(received - 400 * DAY, received - MIN, received)).toEqual({
      problem: 'backwards',
      byMs: 400 * DAY - MIN,
    });
    expect(entryTimeProblem(received + HOUR, null, received)).toEqual({
      problem: 'ahead-of-receipt',
      byMs: HOUR,
    });
    // A whole offline shift, uploaded on return: fine; longer than any grant: not.
    expect(entryTimeProblem(received - OFFLINE_GRANT_MAX_MS, null, received)).toBeNull();
    expect(entryTimeProblem(received - OFFLINE_GRANT_MAX_MS - HOUR, null, received)).toEqual({
      problem: 'older-than-offline-grant',
      byMs: OFFLINE_GRANT_MAX_MS + HOUR,
    });
  });

  it('stores a back-dated upload, announces it in the platform chain and flags it for the officer', () => {
    const log = createAuditLog(db, clock);
    const keys = generateDeviceKeyPair();
    log.registerDevice(DEVICE, 'o-1', keys.publicKeyPem);
    const upload = (entries: ChainEntry<AuditBody>[]) => {
      const head = entries.at(-1)!;
      return log.acceptWorkstationUpload(
        DEVICE,
        keys.publicKeyPem,
        entries,
        signCheckpoint(keys.privateKeyPem, {
          deviceId: DEVICE,
          seq: head.seq,
          hash: head.hash,
          at: now.toISOString(),
        }),
      );
    };
    // Two honest entries, then the workstation clock is set back 400 days for two more.
    const chain: ChainEntry<AuditBody>[] = [];
    const add = (at: Date) => chain.push(chainEntry(chain.at(-1) ?? null, body(at, chain.length)));
    add(new Date(now.getTime() - 2 * MIN));
    add(new Date(now.getTime() - MIN));
    expect(upload(chain.slice(0, 2)).accepted).toBe(2);
    now = new Date(now.getTime() + 10 * MIN);
    add(new Date(now.getTime() - 400 * DAY));
    add(new Date(now.getTime() - 400 * DAY + MIN));
    expect(upload(chain.slice(2)).accepted).toBe(2);

    // Stored as uploaded: the chain still verifies (the times are evidence).
    expect(log.verifyAll().find((c) => c.chain === DEVICE)).toMatchObject({ ok: true, count: 4 });
    // Announced by the platform, at receipt.
    const announced = log
      .list({ chain: 'platform', limit: 10 })
      .entries.filter((e) => e.body.action === 'audit.device-entry-times');
    expect(announced).toHaveLength(1);
    expect(announced[0]!.body).toMatchObject({
      at: now.toISOString(),
      parameters: { deviceId: DEVICE, officerId: 'o-1', fromSeq: 3, toSeq: 4, backwards: 2 },
      outcome: 'error',
    });

    // Found by receipt, although the entries claim a date 400 days before the period.
    const findings = entryTimeFindings(db, { from: new Date(now.getTime() - HOUR), to: now });
    expect(findings.map((f) => [f.seq, f.problem])).toEqual([
      [3, 'backwards'],
      [4, 'backwards'],
    ]);
    const flags = entryTimeFlags(findings, new Map([['o-1', { username: 'jdupont' }]]), 12);
    expect(flags).toEqual([
      expect.objectContaining({
        kind: 'entry-times',
        severity: 'high',
        officerId: 'o-1',
        username: 'jdupont',
        count: 2,
        entryRefs: [`${DEVICE}:3`, `${DEVICE}:4`],
        params: expect.objectContaining({ backwards: 2, largestDays: 400 }),
      }),
    ]);
    // The honest upload's period has nothing to show.
    expect(
      entryTimeFindings(db, { from: testNow(), to: new Date(testNow().getTime() + MIN) }),
    ).toEqual([]);
  });
});
