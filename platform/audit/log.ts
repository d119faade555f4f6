import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '../../common/api/result.ts';
import {
  AuditBody,
  AuditOperation,
  AuditOutcome,
  RawChainEntry,
  SignedCheckpoint,
  SYSTEM_ACTOR,
  type ChainPosition,
} from '../../common/audit.ts';
import {
  GENESIS_HASH,
  canonicalJson,
  chainEntry,
  verifyChain,
  verifyCheckpoint,
  type ChainEntry,
  type ChainProblem,
  type VerifyOptions,
  type VerifyResult,
} from '../../common/audit-chain.node.ts';
import type { Db } from '../store/sqlite.ts';
import {
  DEFAULT_CHECKPOINT_EVERY,
  checkAgainstCheckpoint,
  createCheckpointStore,
  type CheckpointCheck,
  type CheckpointReason,
  type CheckpointSettings,
  type PlatformCheckpointKey,
} from './checkpoints.ts';
import { entryTimesAnnouncement, previousEntryAt, uploadFindings } from './entry-times.ts';
import { migrateAudit } from './migrations.ts';

/**
 * The platform's audit log: its own hash chain (every platform operation on
 * personal data), the chains uploaded by workstations (verified on arrival,
 * kept verbatim), and the record of what never arrived (gaps).
 *
 * All writes go through transactions that read the current head and insert
 * in one step (BEGIN IMMEDIATE), so two connections or processes appending
 * at once serialise on SQLite's write lock instead of forking the chain.
 */

/** What a platform service supplies; `at` (from the clock) and `source` are filled in here. */
export type AuditAppendInput = Omit<AuditBody, 'at' | 'source'>;

export const DeviceId = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
    'device id: 1-128 letters, digits, dot, dash or underscore',
  )
  .refine((id) => id !== 'platform', 'device id "platform" is reserved');

export const AuditListFilter = z.strictObject({
  /** 'platform', a device id, or absent for all chains. */
  chain: z.string().min(1).max(128).optional(),
  officerId: z.string().min(1).max(64).optional(),
  caseId: z.string().min(1).max(64).optional(),
  /** Inclusive bounds on the entry's `at`. */
  from: z.date().optional(),
  to: z.date().optional(),
  operation: AuditOperation.optional(),
  outcome: AuditOutcome.optional(),
  limit: z.number().int().min(1).max(500),
  /** `nextCursor` of the previous page. */
  cursor: z.string().max(400).optional(),
});
export type AuditListFilter = z.input<typeof AuditListFilter>;

export interface AuditListItem extends ChainEntry<AuditBody> {
  /** 'platform' or the workstation's device id. */
  chain: string;
  /** When the platform stored it (device entries); null for platform entries. */
  receivedAt: string | null;
}

export interface AuditListPage {
  /** Newest first (by `at`, then chain, then seq). */
  entries: AuditListItem[];
  nextCursor: string | null;
}

export interface ChainStatus {
  chain: string;
  ok: boolean;
  /** Entries stored for this chain. */
  count: number;
  head: ChainPosition | null;
  firstBadSeq?: number;
  problem?: ChainProblem;
  message?: string;
  /** Platform chain only: the checkpoints workstations hold of it. */
  witnesses?: WitnessSummary;
}

/** How the platform chain compares with the checkpoints workstations hold of it. */
export interface WitnessSummary {
  /** Workstations that showed back a checkpoint of the platform chain. */
  count: number;
  consistent: boolean;
  /** The inconsistency reaching furthest back, or null. */
  firstInconsistency: {
    deviceId: string;
    size: number;
    reportedAt: string;
    firstBadSeq: number;
    problem: ChainProblem;
    message: string;
  } | null;
}

export interface AuditLogOptions {
  checkpoints?: CheckpointSettings;
}

export interface DeviceRegistration {
  deviceId: string;
  officerId: string;
  registeredAt: string;
}

export interface AuditGap {
  deviceId: string;
  fromSeq: number;
  toSeq: number;
  detectedAt: string;
  platformSeq: number;
}

export interface UploadResult {
  /** Entries newly stored (entries already received are skipped). */
  accepted: number;
  head: ChainPosition;
  gaps: Array<{ fromSeq: number; toSeq: number }>;
}

export interface AuditLog {
  append(input: AuditAppendInput): ChainEntry<AuditBody>;
  list(filter: AuditListFilter): AuditListPage;
  verify(): VerifyResult;
  head(): ChainPosition | null;
  registerDevice(deviceId: string, officerId: string, publicKeyPem: string): DeviceRegistration;
  /** The registered public key of a device, or null if unknown. */
  devicePublicKey(deviceId: string): string | null;
  acceptWorkstationUpload(
    deviceId: string,
    publicKeyPem: string,
    entries: unknown[],
    checkpoint: unknown,
  ): UploadResult;
  deviceHead(deviceId: string): ChainPosition | null;
  gaps(deviceId?: string): AuditGap[];
  verifyAll(): ChainStatus[];
  /**
   * Signs a checkpoint of the current head (unless the latest covers it) and
   * returns the latest checkpoint as a signed note; null while the chain is empty.
   */
  checkpoint(reason: CheckpointReason): string | null;
  /** The published key that verifies the platform's checkpoints. */
  checkpointKey(): PlatformCheckpointKey;
  /** Keeps a checkpoint a workstation shows back; false if the platform did not sign it. */
  recordWitness(deviceId: string, note: string): boolean;
  /** The platform chain compared with every workstation's latest witness. */
  witnessSummary(): WitnessSummary;
}

/** Largest upload accepted at once; a workstation sends its backlog in batches. */
export const MAX_UPLOAD_ENTRIES = 5000;

const PLATFORM = 'platform';
const deviceChain = (deviceId: string): string => `device:${deviceId}`;

interface EntryRow {
  seq: number;
  prev_hash: string;
  hash: string;
  body: string;
}

function rowToEntry(row: EntryRow): ChainEntry {
  let body: unknown;
  try {
    body = JSON.parse(row.body);
  } catch {
    // Unparseable text cannot hash to the stored value: verifyChain reports it as edited.
    body = { unparseable: row.body.length };
  }
  return { seq: row.seq, prevHash: row.prev_hash, hash: row.hash, body };
}

/** Re-exports a PEM through node:crypto so formatting differences do not matter; null if not Ed25519. */
function canonicalEd25519Pem(pem: string): string | null {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') return null;
    return key.export({ type: 'spki', format: 'pem' }).toString();
  } catch {
    return null;
  }
}

function encodeCursor(atMs: number, chain: string, seq: number): string {
  return Buffer.from(JSON.stringify([atMs, chain, seq]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [number, string, number] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 3 &&
      Number.isSafeInteger(v[0]) &&
      typeof v[1] === 'string' &&
      Number.isSafeInteger(v[2])
    ) {
      return v as [number, string, number];
    }
  } catch {
    // fall through
  }
  throw new ApiError('INVALID_ARGUMENT', 'cursor: not a cursor returned by a previous page');
}

export function createAuditLog(db: Db, clock: () => Date, options: AuditLogOptions = {}): AuditLog {
  migrateAudit(db, clock);
  const checkpoints = createCheckpointStore(db, clock, options.checkpoints);
  const checkpointEvery = options.checkpoints?.everyEntries ?? DEFAULT_CHECKPOINT_EVERY;

  const stmt = {
    head: db.prepare<[string], { seq: number; hash: string; checkpoint: string | null }>(
      'SELECT seq, hash, checkpoint FROM audit_heads WHERE chain = ?',
    ),
    setHead: db.prepare(
      `INSERT INTO audit_heads (chain, seq, hash, checkpoint, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (chain) DO UPDATE SET seq = excluded.seq, hash = excluded.hash,
         checkpoint = COALESCE(excluded.checkpoint, audit_heads.checkpoint), updated_at = excluded.updated_at`,
    ),
    lastPlatform: db.prepare<[], { seq: number; hash: string }>(
      'SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1',
    ),
    insertPlatform: db.prepare(
      'INSERT INTO audit_entries (seq, prev_hash, hash, body) VALUES (?, ?, ?, ?)',
    ),
    platformEntries: db.prepare<[], EntryRow>(
      'SELECT seq, prev_hash, hash, body FROM audit_entries ORDER BY seq',
    ),
    platformCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM audit_entries'),
    platformHash: db.prepare<[number], { hash: string }>(
      'SELECT hash FROM audit_entries WHERE seq = ?',
    ),
    device: db.prepare<
      [string],
      { device_id: string; officer_id: string; public_key_pem: string; registered_at: string }
    >(
      'SELECT device_id, officer_id, public_key_pem, registered_at FROM audit_devices WHERE device_id = ?',
    ),
    devices: db.prepare<[], { device_id: string }>(
      'SELECT device_id FROM audit_devices ORDER BY device_id',
    ),
    insertDevice: db.prepare(
      'INSERT INTO audit_devices (device_id, officer_id, public_key_pem, registered_at) VALUES (?, ?, ?, ?)',
    ),
    deviceHash: db.prepare<[string, number], { hash: string }>(
      'SELECT hash FROM audit_device_entries WHERE device_id = ? AND seq = ?',
    ),
    insertDeviceEntry: db.prepare(
      'INSERT INTO audit_device_entries (device_id, seq, prev_hash, hash, body, received_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    deviceEntries: db.prepare<[string], EntryRow>(
      'SELECT seq, prev_hash, hash, body FROM audit_device_entries WHERE device_id = ? ORDER BY seq',
    ),
    deviceCount: db.prepare<[string], { n: number }>(
      'SELECT count(*) AS n FROM audit_device_entries WHERE device_id = ?',
    ),
    insertGap: db.prepare(
      'INSERT INTO audit_gaps (device_id, from_seq, to_seq, detected_at, platform_seq) VALUES (?, ?, ?, ?, ?)',
    ),
    gapsOf: db.prepare<
      [string],
      {
        device_id: string;
        from_seq: number;
        to_seq: number;
        detected_at: string;
        platform_seq: number;
      }
    >(
      'SELECT device_id, from_seq, to_seq, detected_at, platform_seq FROM audit_gaps WHERE device_id = ? ORDER BY from_seq',
    ),
    allGaps: db.prepare<
      [],
      {
        device_id: string;
        from_seq: number;
        to_seq: number;
        detected_at: string;
        platform_seq: number;
      }
    >(
      'SELECT device_id, from_seq, to_seq, detected_at, platform_seq FROM audit_gaps ORDER BY device_id, from_seq',
    ),
  };

  // --- platform chain -------------------------------------------------------

  /**
   * Appends after the recorded head, not after the last row: if rows were cut
   * from the end, the next entry leaves a visible hole instead of silently
   * reusing their sequence numbers.
   */
  const appendTx = db.transaction((body: AuditBody): ChainEntry<AuditBody> => {
    const recorded = stmt.head.get(PLATFORM);
    const prev = recorded
      ? { seq: recorded.seq, hash: recorded.hash }
      : (stmt.lastPlatform.get() ?? null);
    const entry = chainEntry(prev, body);
    stmt.insertPlatform.run(entry.seq, entry.prevHash, entry.hash, canonicalJson(entry.body));
    stmt.setHead.run(PLATFORM, entry.seq, entry.hash, null, clock().toISOString());
    const signed = checkpoints.latest()?.size ?? 0;
    if (entry.seq - signed >= checkpointEvery) {
      checkpoints.sign({ seq: entry.seq, hash: entry.hash }, 'interval', clock());
    }
    return entry;
  });

  function append(input: AuditAppendInput): ChainEntry<AuditBody> {
    const parsed = AuditBody.safeParse({
      ...input,
      at: clock().toISOString(),
      source: { kind: 'platform' },
    });
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      // A bug in the caller, never user input: audit entries are built by services.
      throw new Error(`invalid audit entry: ${issues}`);
    }
    return appendTx.immediate(parsed.data);
  }

  function head(): ChainPosition | null {
    const h = stmt.head.get(PLATFORM);
    return h ? { seq: h.seq, hash: h.hash } : null;
  }

  /**
   * Verifies a chain against its recorded head: rows cut from the end show as
   * `truncated`, rows added after the head outside this module as `inserted`.
   */
  function verifyStored(
    rows: Iterable<EntryRow>,
    recorded: ChainPosition | null,
    options: VerifyOptions,
  ): VerifyResult {
    const entries = (function* () {
      for (const r of rows) yield rowToEntry(r);
    })();
    const result = verifyChain(
      entries,
      recorded ? { ...options, expectedHead: recorded } : options,
    );
    if (result.ok && recorded && result.head && result.head.seq > recorded.seq) {
      return {
        ok: false,
        firstBadSeq: recorded.seq + 1,
        problem: 'inserted',
        message: `Entries after ${recorded.seq} were added outside the audit log (the recorded head is ${recorded.seq}).`,
      };
    }
    if (result.ok && !recorded && result.head) {
      return {
        ok: false,
        firstBadSeq: 1,
        problem: 'inserted',
        message:
          'The log has entries but no recorded head: they were not written by the audit log.',
      };
    }
    return result;
  }

  const platformHashAt = (seq: number): string | null => stmt.platformHash.get(seq)?.hash ?? null;

  /** The failure reaching furthest back among checks, or null when all hold. */
  const firstFailure = <T extends CheckpointCheck>(checks: T[]): Exclude<T, { ok: true }> | null =>
    (checks.filter((c) => !c.ok) as Array<Exclude<T, { ok: true }>>).reduce<Exclude<
      T,
      { ok: true }
    > | null>((a, c) => (a === null || c.firstBadSeq < a.firstBadSeq ? c : a), null);

  /**
   * The stored chain against its recorded head, then against every signed
   * checkpoint of it: the recorded head can be rewritten with the entries,
   * a signed checkpoint that names a longer chain cannot be forged without the key.
   */
  function verify(): VerifyResult {
    const result = verifyStored(stmt.platformEntries.iterate(), head(), {});
    if (!result.ok) return result;
    const { valid, forged } = checkpoints.all();
    if (forged.length > 0) {
      return {
        ok: false,
        firstBadSeq: Math.min(...forged),
        problem: 'edited',
        message: `The stored checkpoint of entry ${Math.min(...forged)} does not carry a valid signature of the platform's checkpoint key: the checkpoint record was altered.`,
      };
    }
    const failed = firstFailure(
      valid.map((cp) =>
        checkAgainstCheckpoint(
          result.head,
          platformHashAt,
          cp,
          `the checkpoint the platform signed at ${cp.signedAt}`,
        ),
      ),
    );
    return failed ?? result;
  }

  function checkpoint(reason: CheckpointReason): string | null {
    return db
      .transaction(() => checkpoints.sign(head(), reason, clock())?.note ?? null)
      .immediate();
  }

  function recordWitness(deviceId: string, note: string): boolean {
    if (!DeviceId.safeParse(deviceId).success) return false;
    return checkpoints.recordWitness(deviceId, note, clock());
  }

  function witnessSummary(): WitnessSummary {
    const last = stmt.lastPlatform.get() ?? null;
    const reports = checkpoints.witnesses();
    const failed = firstFailure(
      reports.map((w) => ({
        ...checkAgainstCheckpoint(
          last,
          platformHashAt,
          w,
          `the checkpoint workstation ${w.deviceId} holds`,
        ),
        w,
      })),
    );
    return {
      count: reports.length,
      consistent: failed === null,
      firstInconsistency: failed && {
        deviceId: failed.w.deviceId,
        size: failed.w.size,
        reportedAt: failed.w.reportedAt,
        firstBadSeq: failed.firstBadSeq,
        problem: failed.problem,
        message: failed.message,
      },
    };
  }

  // --- list -----------------------------------------------------------------

  function list(rawFilter: AuditListFilter): AuditListPage {
    const parsed = AuditListFilter.safeParse(rawFilter);
    if (!parsed.success) {
      throw new ApiError(
        'INVALID_ARGUMENT',
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    }
    const f = parsed.data;
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown): void => {
      where.push(clause);
      params.push(value);
    };
    if (f.officerId !== undefined) add('officer_id = ?', f.officerId);
    if (f.caseId !== undefined) add('case_id = ?', f.caseId);
    if (f.operation !== undefined) add('operation = ?', f.operation);
    if (f.outcome !== undefined) add('outcome = ?', f.outcome);
    if (f.from !== undefined) add('at_ms >= ?', f.from.getTime());
    if (f.to !== undefined) add('at_ms <= ?', f.to.getTime());
    const cond = where.length ? ` WHERE ${where.join(' AND ')}` : '';

    const arms: string[] = [];
    const armParams: unknown[] = [];
    if (f.chain === undefined || f.chain === PLATFORM) {
      arms.push(
        `SELECT 'platform' AS chain, seq, prev_hash, hash, body, at_ms, NULL AS received_at FROM audit_entries${cond}`,
      );
      armParams.push(...params);
    }
    if (f.chain !== PLATFORM) {
      const deviceCond =
        f.chain === undefined ? cond : cond ? `${cond} AND device_id = ?` : ' WHERE device_id = ?';
      arms.push(
        `SELECT device_id AS chain, seq, prev_hash, hash, body, at_ms, received_at FROM audit_device_entries${deviceCond}`,
      );
      armParams.push(...params, ...(f.chain === undefined ? [] : [f.chain]));
    }

    let sql = `SELECT * FROM (${arms.join(' UNION ALL ')})`;
    const outerParams: unknown[] = [];
    if (f.cursor !== undefined) {
      const [atMs, chain, seq] = decodeCursor(f.cursor);
      sql += ' WHERE (at_ms, chain, seq) < (?, ?, ?)';
      outerParams.push(atMs, chain, seq);
    }
    sql += ' ORDER BY at_ms DESC, chain DESC, seq DESC LIMIT ?';

    const rows = db.prepare(sql).all(...armParams, ...outerParams, f.limit + 1) as Array<
      EntryRow & { chain: string; at_ms: number; received_at: string | null }
    >;
    const page = rows.slice(0, f.limit);
    const last = page.at(-1);
    return {
      entries: page.map((r) => ({
        ...(rowToEntry(r) as ChainEntry<AuditBody>),
        chain: r.chain,
        receivedAt: r.received_at,
      })),
      nextCursor:
        rows.length > f.limit && last ? encodeCursor(last.at_ms, last.chain, last.seq) : null,
    };
  }

  // --- devices ----------------------------------------------------------------

  function registerDevice(
    deviceId: string,
    officerId: string,
    publicKeyPem: string,
  ): DeviceRegistration {
    const id = DeviceId.safeParse(deviceId);
    if (!id.success)
      throw new ApiError('INVALID_ARGUMENT', id.error.issues[0]?.message ?? 'invalid device id');
    if (!officerId || officerId.length > 64)
      throw new ApiError('INVALID_ARGUMENT', 'officer id: 1-64 characters');
    const pem = canonicalEd25519Pem(publicKeyPem);
    if (pem === null)
      throw new ApiError('INVALID_ARGUMENT', 'public key: expected an Ed25519 public key in PEM');
    const register = db.transaction((): DeviceRegistration => {
      const existing = stmt.device.get(deviceId);
      if (existing) {
        // A workstation is shared by officers: the device key is its identity,
        // so the same key registering again (another officer signing in) is
        // fine; a different key for a known device is a substitution attempt.
        if (existing.public_key_pem === pem) {
          return { deviceId, officerId: existing.officer_id, registeredAt: existing.registered_at };
        }
        throw new ApiError('CONFLICT', 'this device is already registered with another key');
      }
      const registeredAt = clock().toISOString();
      stmt.insertDevice.run(deviceId, officerId, pem, registeredAt);
      return { deviceId, officerId, registeredAt };
    });
    return register.immediate();
  }

  function devicePublicKey(deviceId: string): string | null {
    return stmt.device.get(deviceId)?.public_key_pem ?? null;
  }

  function deviceHead(deviceId: string): ChainPosition | null {
    const h = stmt.head.get(deviceChain(deviceId));
    return h ? { seq: h.seq, hash: h.hash } : null;
  }

  function gaps(deviceId?: string): AuditGap[] {
    const rows = deviceId === undefined ? stmt.allGaps.all() : stmt.gapsOf.all(deviceId);
    return rows.map((r) => ({
      deviceId: r.device_id,
      fromSeq: r.from_seq,
      toSeq: r.to_seq,
      detectedAt: r.detected_at,
      platformSeq: r.platform_seq,
    }));
  }

  /** A refused upload is itself a security event and goes into the platform chain. */
  function refuse(
    code: 'INVALID_ARGUMENT' | 'FORBIDDEN' | 'CONFLICT' | 'NOT_FOUND',
    reason: string,
    message: string,
    parameters: Record<string, unknown>,
  ): never {
    append({
      actor: SYSTEM_ACTOR,
      operation: 'collection',
      action: 'audit.device-upload',
      caseId: null,
      purpose: null,
      reasonCode: null,
      justification: null,
      parameters,
      resultCount: null,
      outcome: 'denied',
      outcomeReason: reason,
      recipient: null,
    });
    throw new ApiError(code, message);
  }

  const UploadEntries = z.array(RawChainEntry).max(MAX_UPLOAD_ENTRIES);

  function acceptWorkstationUpload(
    deviceId: string,
    publicKeyPem: string,
    entries: unknown[],
    checkpoint: unknown,
  ): UploadResult {
    if (!DeviceId.safeParse(deviceId).success)
      throw new ApiError('INVALID_ARGUMENT', 'invalid device id');
    const device = stmt.device.get(deviceId);
    if (!device) {
      refuse('FORBIDDEN', 'unregistered-device', 'this device is not registered', { deviceId });
    }
    const base = { deviceId, officerId: device.officer_id };
    if (canonicalEd25519Pem(publicKeyPem) !== device.public_key_pem) {
      refuse(
        'FORBIDDEN',
        'key-mismatch',
        'the key does not match the one registered for this device',
        base,
      );
    }
    const cp = SignedCheckpoint.safeParse(checkpoint);
    if (
      !cp.success ||
      cp.data.deviceId !== deviceId ||
      !verifyCheckpoint(device.public_key_pem, cp.data)
    ) {
      refuse(
        'FORBIDDEN',
        'bad-checkpoint-signature',
        'the checkpoint signature is not valid for this device',
        base,
      );
    }
    const parsed = UploadEntries.safeParse(entries);
    if (!parsed.success) {
      refuse(
        'INVALID_ARGUMENT',
        'malformed-entries',
        'the upload is not a list of chain entries',
        base,
      );
    }
    const uploaded = parsed.data as ChainEntry[];
    for (const e of uploaded) {
      const body = AuditBody.safeParse(e.body);
      // Only the device's own entries belong in its chain.
      if (
        !body.success ||
        body.data.source.kind !== 'workstation' ||
        body.data.source.deviceId !== deviceId
      ) {
        refuse(
          'INVALID_ARGUMENT',
          'invalid-entry-body',
          `entry ${e.seq} is not a valid audit entry of this device`,
          {
            ...base,
            seq: e.seq,
          },
        );
      }
    }

    type Outcome =
      | { ok: true; result: UploadResult }
      | {
          ok: false;
          code: 'CONFLICT' | 'INVALID_ARGUMENT';
          reason: string;
          message: string;
          extra: Record<string, unknown>;
        };

    const store = db.transaction((): Outcome => {
      const chain = deviceChain(deviceId);
      const recorded = stmt.head.get(chain);
      const start: ChainPosition = recorded
        ? { seq: recorded.seq, hash: recorded.hash }
        : { seq: 0, hash: GENESIS_HASH };

      // Resent entries (a lost response) must be exactly what was stored.
      for (const e of uploaded) {
        if (e.seq > start.seq) continue;
        const stored = stmt.deviceHash.get(deviceId, e.seq);
        if (stored?.hash !== e.hash) {
          return {
            ok: false,
            code: 'CONFLICT',
            reason: 'device-chain-conflict',
            message: stored
              ? `entry ${e.seq} differs from the one received before: the device chain was rewritten`
              : `entry ${e.seq} falls in a range already recorded as missing`,
            extra: { seq: e.seq },
          };
        }
      }

      const fresh = uploaded.filter((e) => e.seq > start.seq);
      const found: Array<{ fromSeq: number; toSeq: number }> = [];
      let expected = start.seq + 1;
      for (const e of fresh) {
        if (e.seq > expected) found.push({ fromSeq: expected, toSeq: e.seq - 1 });
        expected = Math.max(expected, e.seq + 1);
      }
      const check = verifyChain(fresh, { startAfter: start, knownGaps: found });
      if (!check.ok) {
        return {
          ok: false,
          code: 'CONFLICT',
          reason: `chain-${check.problem}`,
          message: `the uploaded chain does not verify: ${check.message}`,
          extra: { firstBadSeq: check.firstBadSeq, problem: check.problem },
        };
      }
      const newHead = check.head ?? start;
      // The signature must cover exactly what the platform now holds.
      if (cp.data!.seq !== newHead.seq || cp.data!.hash !== newHead.hash) {
        return {
          ok: false,
          code: 'INVALID_ARGUMENT',
          reason: 'checkpoint-mismatch',
          message: `the checkpoint (entry ${cp.data!.seq}) does not match the head of the uploaded chain (entry ${newHead.seq})`,
          extra: { checkpointSeq: cp.data!.seq, headSeq: newHead.seq },
        };
      }

      const now = clock().toISOString();
      // Times a changed clock or a held-back upload explain: stored, announced and flagged (entry-times.ts).
      const badTimes = uploadFindings(
        fresh.map((e) => ({ seq: e.seq, at: (e.body as AuditBody).at })),
        fresh.length ? previousEntryAt(db, deviceId, fresh[0]!.seq) : null,
        Date.parse(now),
      );
      for (const e of fresh) {
        stmt.insertDeviceEntry.run(deviceId, e.seq, e.prevHash, e.hash, canonicalJson(e.body), now);
      }
      if (badTimes.length > 0) append(entryTimesAnnouncement(base, badTimes));
      for (const g of found) {
        const announced = append({
          actor: SYSTEM_ACTOR,
          operation: 'collection',
          action: 'audit.device-gap',
          caseId: null,
          purpose: null,
          reasonCode: null,
          justification: null,
          parameters: { ...base, fromSeq: g.fromSeq, toSeq: g.toSeq },
          resultCount: g.toSeq - g.fromSeq + 1,
          outcome: 'error',
          outcomeReason: 'entries-missing',
          recipient: null,
        });
        stmt.insertGap.run(deviceId, g.fromSeq, g.toSeq, now, announced.seq);
      }
      stmt.setHead.run(chain, newHead.seq, newHead.hash, JSON.stringify(cp.data), now);
      return { ok: true, result: { accepted: fresh.length, head: newHead, gaps: found } };
    });

    const outcome = store.immediate();
    if (!outcome.ok) {
      refuse(outcome.code, outcome.reason, outcome.message, { ...base, ...outcome.extra });
    }
    return outcome.result;
  }

  // --- whole-store verification -------------------------------------------------

  function verifyDevice(deviceId: string): VerifyResult {
    const recorded = deviceHead(deviceId);
    const knownGaps = gaps(deviceId).map((g) => ({ fromSeq: g.fromSeq, toSeq: g.toSeq }));
    return verifyStored(stmt.deviceEntries.iterate(deviceId), recorded, { knownGaps });
  }

  function status(
    chain: string,
    count: number,
    result: VerifyResult,
    recorded: ChainPosition | null,
  ): ChainStatus {
    return result.ok
      ? { chain, ok: true, count, head: result.head }
      : {
          chain,
          ok: false,
          count,
          head: recorded,
          firstBadSeq: result.firstBadSeq,
          problem: result.problem,
          message: result.message,
        };
  }

  function verifyAll(): ChainStatus[] {
    const witnesses = witnessSummary();
    const own = verify();
    const platform = status(PLATFORM, stmt.platformCount.get()!.n, own, head());
    const w = witnesses.firstInconsistency;
    const out: ChainStatus[] = [
      // A chain that verifies on its own but not against a workstation's
      // witness was cut or rewritten by someone who also fixed the head.
      own.ok && w
        ? {
            ...platform,
            ok: false,
            firstBadSeq: w.firstBadSeq,
            problem: w.problem,
            message: w.message,
            witnesses,
          }
        : { ...platform, witnesses },
    ];
    for (const { device_id } of stmt.devices.all()) {
      out.push(
        status(
          device_id,
          stmt.deviceCount.get(device_id)!.n,
          verifyDevice(device_id),
          deviceHead(device_id),
        ),
      );
    }
    return out;
  }

  return {
    append,
    list,
    verify,
    head,
    registerDevice,
    devicePublicKey,
    acceptWorkstationUpload,
    deviceHead,
    gaps,
    verifyAll,
    checkpoint,
    checkpointKey: () => checkpoints.key,
    recordWitness,
    witnessSummary,
  };
}
