import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../common/api/result.ts';
import { AuditBody } from '../../common/audit.ts';
import {
  chainEntry,
  generateDeviceKeyPair,
  signCheckpoint,
  type ChainEntry,
} from '../../common/audit-chain.node.ts';
import {
  openCheckpointNote,
  parseVerifierKey,
  signCheckpointNote,
} from '../../common/signed-note.node.ts';
import { openPlatformDb, type Db } from '../store/sqlite.ts';
import { createAuditLog, type AuditAppendInput, type AuditLog } from './log.ts';

let dir: string;
let db: Db;
let now: Date;
const clock = (): Date => new Date(now.getTime());
const tick = (ms = 1000): void => {
  now = new Date(now.getTime() + ms);
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'anpr-audit-'));
  db = openPlatformDb(dir, {}); // generates a key file: a real encrypted database
  now = new Date('2026-03-01T09:00:00.000Z');
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function consultation(officerId: string, caseId: string | null, plate: string): AuditAppendInput {
  return {
    actor: { officerId, username: `user-${officerId}`, role: 'detective' },
    operation: 'consultation',
    action: 'reads.plate-history',
    caseId,
    purpose: 'judicial',
    reasonCode: 'suspect-vehicle',
    justification: 'Vehicle of the main suspect seen near the scene',
    parameters: { plate, from: '2026-02-01T00:00:00Z' },
    resultCount: 3,
    outcome: 'allowed',
    outcomeReason: null,
    recipient: null,
  };
}

function appendMany(log: AuditLog, n: number): void {
  for (let i = 0; i < n; i++) {
    log.append(consultation(i % 2 ? 'o-2' : 'o-1', `case-${i % 3}`, `1ABC${100 + i}`));
    tick();
  }
}

/** What a tamperer with the database key does: remove the guard, then edit. */
function tamper(sql: string, table = 'audit_entries'): void {
  db.exec(`DROP TRIGGER ${table}_no_update; DROP TRIGGER ${table}_no_delete;`);
  db.exec(sql);
}

describe('platform chain', () => {
  it('appends a verifiable chain stamped with the platform clock', () => {
    const log = createAuditLog(db, clock);
    expect(log.head()).toBeNull();
    expect(log.verify()).toEqual({ ok: true, count: 0, head: null });
    const first = log.append(consultation('o-1', 'case-1', '1ABC123'));
    expect(first.seq).toBe(1);
    expect(first.body.at).toBe('2026-03-01T09:00:00.000Z');
    expect(first.body.source).toEqual({ kind: 'platform' });
    appendMany(log, 4);
    expect(log.head()?.seq).toBe(5);
    expect(log.verify()).toEqual({ ok: true, count: 5, head: log.head() });
  });

  it('refuses an entry that breaks the art. 25 schema', () => {
    const log = createAuditLog(db, clock);
    expect(() =>
      log.append({ ...consultation('o-1', 'c', '1ABC123'), justification: null }),
    ).toThrow(/justification/);
    expect(log.head()).toBeNull();
  });

  it('cannot be changed through SQL while the triggers stand', () => {
    const log = createAuditLog(db, clock);
    appendMany(log, 2);
    expect(() =>
      db.exec(`UPDATE audit_entries SET body = json_set(body, '$.resultCount', 0) WHERE seq = 1`),
    ).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit_entries WHERE seq = 2')).toThrow(/append-only/);
    expect(log.verify().ok).toBe(true);
  });

  it('names the entry whose parameters were edited', () => {
    const log = createAuditLog(db, clock);
    appendMany(log, 5);
    tamper(
      `UPDATE audit_entries SET body = json_set(body, '$.parameters.plate', '9ZZZ999') WHERE seq = 3`,
    );
    expect(log.verify()).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'edited' });
  });

  it('names a deleted entry, and one cut from the end', () => {
    const log = createAuditLog(db, clock);
    appendMany(log, 5);
    tamper('DELETE FROM audit_entries WHERE seq = 2');
    expect(log.verify()).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'deleted' });
    db.exec('DELETE FROM audit_entries WHERE seq = 5');
    expect(log.verify()).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('detects the newest entries cut off while the stored head still names them, and keeps the hole visible after further appends', () => {
    const log = createAuditLog(db, clock);
    appendMany(log, 5);
    tamper('DELETE FROM audit_entries WHERE seq >= 4');
    expect(log.verify()).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'truncated' });
    const next = log.append(consultation('o-1', 'case-1', '1ABC123'));
    expect(next.seq).toBe(6);
    expect(log.verify()).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'deleted' });
  });

  // audit_heads sits in the same database as the entries, so whoever can
  // delete rows can rewrite the head too (#15). The platform's signed
  // checkpoint (here signed every 5 entries) still names the longer chain.
  it('detects the newest entries cut off when the stored head was rewritten to match', () => {
    const log = createAuditLog(db, clock, { checkpoints: { everyEntries: 5 } });
    appendMany(log, 3);
    const kept = log.head()!;
    appendMany(log, 2);
    // An attacker with the database key: cut entries 4 and 5, then move the
    // recorded head back to entry 3 so the remaining chain is consistent.
    tamper('DELETE FROM audit_entries WHERE seq >= 4');
    db.prepare(`UPDATE audit_heads SET seq = ?, hash = ? WHERE chain = 'platform'`).run(
      kept.seq,
      kept.hash,
    );
    expect(log.head()).toEqual(kept);
    expect(log.verify()).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'truncated' });
  });

  it('stays one chain when two connections append in turn', () => {
    const other = openPlatformDb(dir, {});
    try {
      const a = createAuditLog(db, clock);
      const b = createAuditLog(other, clock);
      for (let i = 0; i < 6; i++) {
        (i % 2 ? b : a).append(consultation('o-1', 'case-1', `1ABC${i}`));
        tick();
      }
      expect(a.verify()).toMatchObject({ ok: true, count: 6 });
      expect(b.head()).toEqual(a.head());
    } finally {
      other.close();
    }
  });
});

describe('list', () => {
  it('filters by officer, case, time, operation and outcome, newest first, with a cursor', () => {
    const log = createAuditLog(db, clock);
    appendMany(log, 9); // o-1 at even i (5 entries), case-i%3
    log.append({
      ...consultation('o-1', 'case-0', '1ABC999'),
      outcome: 'denied',
      outcomeReason: 'needs-extended-access',
    });

    const o1 = log.list({ officerId: 'o-1', limit: 3 });
    expect(o1.entries.map((e) => e.seq)).toEqual([10, 9, 7]);
    expect(
      o1.entries.every((e) => e.chain === 'platform' && e.body.actor.officerId === 'o-1'),
    ).toBe(true);
    const rest = log.list({ officerId: 'o-1', limit: 3, cursor: o1.nextCursor! });
    expect(rest.entries.map((e) => e.seq)).toEqual([5, 3, 1]);
    expect(rest.nextCursor).toBeNull();

    expect(log.list({ caseId: 'case-0', limit: 50 }).entries.map((e) => e.seq)).toEqual([
      10, 7, 4, 1,
    ]);
    expect(log.list({ outcome: 'denied', limit: 50 }).entries.map((e) => e.seq)).toEqual([10]);
    expect(log.list({ operation: 'erasure', limit: 50 }).entries).toEqual([]);
    const window = log.list({
      from: new Date('2026-03-01T09:00:02.000Z'),
      to: new Date('2026-03-01T09:00:04.000Z'),
      limit: 50,
    });
    expect(window.entries.map((e) => e.seq)).toEqual([5, 4, 3]);
    expect(() => log.list({ limit: 10, cursor: 'garbage' })).toThrow(ApiError);
    expect(() => log.list({ limit: 0 })).toThrow(ApiError);
  });
});

// ---------------------------------------------------------------------------
// Workstation uploads
// ---------------------------------------------------------------------------

const DEVICE = 'ws-ixelles-01';

function deviceBody(i: number): AuditBody {
  return AuditBody.parse({
    at: `2026-03-01T08:${String(i).padStart(2, '0')}:00Z`,
    actor: { officerId: 'o-1', username: 'jdupont', role: 'detective' },
    operation: 'consultation',
    action: 'case.map-view',
    caseId: 'case-1',
    purpose: 'judicial',
    reasonCode: 'route-reconstruction',
    justification: 'Reconstruct the route of the suspect vehicle',
    parameters: { n: i },
    resultCount: i,
    outcome: 'allowed',
    outcomeReason: null,
    recipient: null,
    source: { kind: 'workstation', deviceId: DEVICE },
  });
}

function deviceChain(n: number): ChainEntry<AuditBody>[] {
  const out: ChainEntry<AuditBody>[] = [];
  for (let i = 1; i <= n; i++) out.push(chainEntry(out.at(-1) ?? null, deviceBody(i)));
  return out;
}

describe('workstation uploads', () => {
  const keys = generateDeviceKeyPair();
  const checkpointFor = (e: ChainEntry) =>
    signCheckpoint(keys.privateKeyPem, {
      deviceId: DEVICE,
      seq: e.seq,
      hash: e.hash,
      at: '2026-03-01T08:30:00Z',
    });

  function setup(): AuditLog {
    const log = createAuditLog(db, clock);
    log.registerDevice(DEVICE, 'o-1', keys.publicKeyPem);
    return log;
  }

  it('accepts a chain in batches, skips resent entries, and lists them with the platform entries', () => {
    const log = setup();
    const chain = deviceChain(6);
    expect(
      log.acceptWorkstationUpload(
        DEVICE,
        keys.publicKeyPem,
        chain.slice(0, 3),
        checkpointFor(chain[2]!),
      ),
    ).toEqual({
      accepted: 3,
      head: { seq: 3, hash: chain[2]!.hash },
      gaps: [],
    });
    // The response was lost: the device resends from entry 2.
    const second = log.acceptWorkstationUpload(
      DEVICE,
      keys.publicKeyPem,
      chain.slice(1),
      checkpointFor(chain[5]!),
    );
    expect(second).toMatchObject({ accepted: 3, head: { seq: 6 }, gaps: [] });
    expect(log.deviceHead(DEVICE)).toEqual({ seq: 6, hash: chain[5]!.hash });
    log.append(consultation('o-1', 'case-1', '1ABC123'));
    const listed = log.list({ caseId: 'case-1', limit: 50 });
    expect(listed.entries.map((e) => `${e.chain}#${e.seq}`)).toEqual([
      'platform#1',
      `${DEVICE}#6`,
      `${DEVICE}#5`,
      `${DEVICE}#4`,
      `${DEVICE}#3`,
      `${DEVICE}#2`,
      `${DEVICE}#1`,
    ]);
    expect(log.list({ chain: DEVICE, limit: 2 }).entries.map((e) => e.seq)).toEqual([6, 5]);
    expect(log.verifyAll()).toEqual([
      {
        chain: 'platform',
        ok: true,
        count: 1,
        head: log.head(),
        witnesses: { count: 0, consistent: true, firstInconsistency: null },
      },
      { chain: DEVICE, ok: true, count: 6, head: { seq: 6, hash: chain[5]!.hash } },
    ]);
  });

  it('records missing entries as a gap, in the gap table and in the platform chain', () => {
    const log = setup();
    const chain = deviceChain(7);
    log.acceptWorkstationUpload(
      DEVICE,
      keys.publicKeyPem,
      chain.slice(0, 2),
      checkpointFor(chain[1]!),
    );
    const result = log.acceptWorkstationUpload(
      DEVICE,
      keys.publicKeyPem,
      chain.slice(4),
      checkpointFor(chain[6]!),
    );
    expect(result).toEqual({
      accepted: 3,
      head: { seq: 7, hash: chain[6]!.hash },
      gaps: [{ fromSeq: 3, toSeq: 4 }],
    });
    const [gap] = log.gaps(DEVICE);
    expect(gap).toMatchObject({ deviceId: DEVICE, fromSeq: 3, toSeq: 4 });
    const announced = log
      .list({ chain: 'platform', limit: 10 })
      .entries.find((e) => e.seq === gap!.platformSeq);
    expect(announced?.body).toMatchObject({
      action: 'audit.device-gap',
      outcome: 'error',
      outcomeReason: 'entries-missing',
      parameters: { deviceId: DEVICE, officerId: 'o-1', fromSeq: 3, toSeq: 4 },
    });
    // The recorded gap is known, so the stored device chain still verifies.
    expect(log.verifyAll().map((s) => [s.chain, s.ok])).toEqual([
      ['platform', true],
      [DEVICE, true],
    ]);
  });

  it('refuses a bad checkpoint signature, stores nothing, and logs the refusal', () => {
    const log = setup();
    const chain = deviceChain(3);
    const forged = { ...checkpointFor(chain[2]!), hash: 'f'.repeat(64) };
    const otherKey = generateDeviceKeyPair();
    const wrongSigner = signCheckpoint(otherKey.privateKeyPem, {
      deviceId: DEVICE,
      seq: 3,
      hash: chain[2]!.hash,
      at: '2026-03-01T08:30:00Z',
    });
    for (const cp of [forged, wrongSigner]) {
      expect(() => log.acceptWorkstationUpload(DEVICE, keys.publicKeyPem, chain, cp)).toThrow(
        expect.objectContaining({ code: 'FORBIDDEN' }),
      );
    }
    expect(log.deviceHead(DEVICE)).toBeNull();
    expect(log.list({ chain: DEVICE, limit: 10 }).entries).toEqual([]);
    const refusals = log.list({ outcome: 'denied', limit: 10 }).entries;
    expect(refusals).toHaveLength(2);
    expect(refusals[0]!.body).toMatchObject({
      outcomeReason: 'bad-checkpoint-signature',
      parameters: { deviceId: DEVICE },
    });
    // Another key cannot be slipped in by presenting it with the upload.
    expect(() =>
      log.acceptWorkstationUpload(DEVICE, otherKey.publicKeyPem, chain, wrongSigner),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('refuses an upload whose chain was tampered with, or that rewrites what was received', () => {
    const log = setup();
    const chain = deviceChain(4);
    const edited = structuredClone(chain);
    edited[1]!.body.resultCount = 99;
    expect(() =>
      log.acceptWorkstationUpload(DEVICE, keys.publicKeyPem, edited, checkpointFor(chain[3]!)),
    ).toThrow(
      expect.objectContaining({
        code: 'CONFLICT',
        message: expect.stringMatching(/Entry 2 was altered/),
      }),
    );
    log.acceptWorkstationUpload(
      DEVICE,
      keys.publicKeyPem,
      chain.slice(0, 2),
      checkpointFor(chain[1]!),
    );
    const rewritten = [chain[0]!, chainEntry(chain[0]!, deviceBody(42))];
    expect(() =>
      log.acceptWorkstationUpload(
        DEVICE,
        keys.publicKeyPem,
        rewritten,
        checkpointFor(rewritten[1]!),
      ),
    ).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    // A checkpoint that does not sign the resulting head is refused too.
    expect(() =>
      log.acceptWorkstationUpload(
        DEVICE,
        keys.publicKeyPem,
        chain.slice(2),
        checkpointFor(chain[2]!),
      ),
    ).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(log.deviceHead(DEVICE)?.seq).toBe(2);
  });

  it('refuses unregistered devices, entries of another device, and a second key for a device', () => {
    const log = setup();
    const chain = deviceChain(1);
    expect(() =>
      log.acceptWorkstationUpload('ws-unknown', keys.publicKeyPem, chain, checkpointFor(chain[0]!)),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    const foreign = [
      chainEntry(null, { ...deviceBody(1), source: { kind: 'workstation', deviceId: 'ws-other' } }),
    ];
    expect(() =>
      log.acceptWorkstationUpload(DEVICE, keys.publicKeyPem, foreign, checkpointFor(foreign[0]!)),
    ).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => log.registerDevice(DEVICE, 'o-1', generateDeviceKeyPair().publicKeyPem)).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    expect(log.registerDevice(DEVICE, 'o-1', keys.publicKeyPem).deviceId).toBe(DEVICE); // idempotent
    expect(() => log.registerDevice('platform', 'o-1', keys.publicKeyPem)).toThrow(ApiError);
  });

  it('reports a device chain edited after it was stored', () => {
    const log = setup();
    const chain = deviceChain(4);
    log.acceptWorkstationUpload(DEVICE, keys.publicKeyPem, chain, checkpointFor(chain[3]!));
    tamper(
      `UPDATE audit_device_entries SET body = json_set(body, '$.justification', 'routine') WHERE seq = 2`,
      'audit_device_entries',
    );
    const status = log.verifyAll().find((s) => s.chain === DEVICE);
    expect(status).toMatchObject({ ok: false, count: 4, firstBadSeq: 2, problem: 'edited' });
  });
});

// ---------------------------------------------------------------------------
// Platform checkpoints and workstation witnesses (#15)
// ---------------------------------------------------------------------------

describe('platform checkpoints and witnesses', () => {
  const verifierOf = (log: AuditLog) => parseVerifierKey(log.checkpointKey().vkey)!;

  it('signs checkpoints every N entries and on request, verifiable with the published key', () => {
    const log = createAuditLog(db, clock, { checkpoints: { everyEntries: 3 } });
    expect(log.checkpoint('request')).toBeNull(); // nothing to sign yet
    appendMany(log, 4);
    const key = verifierOf(log);
    // The checkpoint after entry 3 was signed on its own; a request signs the current head.
    const note = log.checkpoint('shutdown')!;
    expect(openCheckpointNote(note, key)).toEqual({
      origin: log.checkpointKey().origin,
      size: 4,
      hash: log.head()!.hash,
    });
    // Nothing new: the same checkpoint again, not another signature.
    expect(log.checkpoint('request')).toBe(note);
    expect(db.prepare('SELECT size, reason FROM audit_checkpoints ORDER BY size').all()).toEqual([
      { size: 3, reason: 'interval' },
      { size: 4, reason: 'shutdown' },
    ]);
    // The key survives a restart: a new log instance publishes the same one.
    expect(createAuditLog(db, clock).checkpointKey()).toEqual(log.checkpointKey());
  });

  it('reports a checkpoint record altered to name a shorter chain', () => {
    const log = createAuditLog(db, clock, { checkpoints: { everyEntries: 2 } });
    appendMany(log, 4);
    tamper(`UPDATE audit_checkpoints SET size = 1 WHERE size = 4`, 'audit_checkpoints');
    expect(log.verify()).toMatchObject({ ok: false, firstBadSeq: 1, problem: 'edited' });
  });

  it('does not sign a cut chain, and keeps handing out the longer checkpoint', () => {
    const log = createAuditLog(db, clock);
    appendMany(log, 5);
    const whole = log.checkpoint('request')!;
    const kept = log.list({ chain: 'platform', limit: 10 }).entries.find((e) => e.seq === 3)!;
    tamper('DELETE FROM audit_entries WHERE seq >= 4');
    db.prepare(`UPDATE audit_heads SET seq = 3, hash = ? WHERE chain = 'platform'`).run(kept.hash);
    expect(log.checkpoint('request')).toBe(whole);
  });

  it('detects a cut through a workstation witness when the platform’s own checkpoints were deleted too', () => {
    const log = createAuditLog(db, clock);
    appendMany(log, 5);
    const handedOut = log.checkpoint('witness')!;
    const kept = log.list({ chain: 'platform', limit: 10 }).entries.find((e) => e.seq === 3)!;
    // The workstation shows its checkpoint back with its next upload.
    expect(log.recordWitness(DEVICE, handedOut)).toBe(true);
    expect(log.witnessSummary()).toEqual({ count: 1, consistent: true, firstInconsistency: null });

    // A tamperer cuts entries 4-5, moves the head back and deletes the
    // platform's own checkpoints: the platform chain verifies on its own...
    tamper('DELETE FROM audit_entries WHERE seq >= 4');
    db.prepare(`UPDATE audit_heads SET seq = 3, hash = ? WHERE chain = 'platform'`).run(kept.hash);
    tamper('DELETE FROM audit_checkpoints', 'audit_checkpoints');
    expect(log.verify()).toMatchObject({ ok: true, count: 3 });

    // ...but not against what the workstation holds.
    const [platform] = log.verifyAll();
    expect(platform).toMatchObject({
      chain: 'platform',
      ok: false,
      firstBadSeq: 4,
      problem: 'truncated',
      witnesses: {
        count: 1,
        consistent: false,
        firstInconsistency: { deviceId: DEVICE, size: 5, firstBadSeq: 4, problem: 'truncated' },
      },
    });
    expect(platform!.message).toMatch(new RegExp(`Entries 4 to 5 are missing.*${DEVICE}`));
  });

  it('names an entry rewritten under a witness, and ignores a note the platform did not sign', () => {
    const log = createAuditLog(db, clock);
    appendMany(log, 4);
    expect(log.recordWitness(DEVICE, log.checkpoint('witness')!)).toBe(true);
    const forged = signCheckpointNote(
      { origin: log.checkpointKey().origin, size: 99, hash: 'a'.repeat(64) },
      generateDeviceKeyPair().privateKeyPem,
    );
    expect(log.recordWitness('ws-other-01', forged)).toBe(false);
    tamper(`UPDATE audit_entries SET hash = '${'b'.repeat(64)}' WHERE seq = 4`);
    expect(log.witnessSummary()).toMatchObject({
      count: 1,
      consistent: false,
      firstInconsistency: { deviceId: DEVICE, firstBadSeq: 4, problem: 'edited' },
    });
  });
});
