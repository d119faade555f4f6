/**
 * The workstation's local audit log: every consultation, export and erasure
 * done on this device goes into a hash chain in the encrypted workstation
 * database, is signed with the device key at checkpoints, and is delivered to
 * the platform by `sync`. Until it is delivered the log is the only record of
 * what the officer did offline, so the workstation refuses new queries once
 * too much is undelivered (`assertCanQuery`): an officer cannot keep
 * consulting data whose consultation the platform has not seen.
 *
 * All writes are serialised in this process (one queue), and the store itself
 * refuses an entry that does not extend its last one, so the chain on disk can
 * never fork. Time comes from the injected clock; entries carry UTC times.
 */
import { ApiError, type ErrorCode } from '../../../common/api/result.ts';
import { AuditBody, type AuditSource, type SignedCheckpoint } from '../../../common/audit.ts';
import {
  canonicalJson,
  chainEntry,
  signCheckpoint,
  type ChainEntry,
  type ChainPosition,
  type VerifyResult,
} from '../../../common/audit-chain.node.ts';
import type {
  AuditUploadRequest,
  AuditUploadResponse,
  PlatformCheckpointKey,
} from '../../../common/platform-api.ts';
import type { z } from 'zod';
import type { SecretStore } from '../keychain.ts';
import type { RemoteWorkstationStore } from '../store/client.ts';
import { AuditChainConflictError } from '../store/errors.ts';
import { classifyAuditFailure, type AuditWriteError } from './audit-failure.ts';
import { loadDeviceIdentity } from './device-identity.ts';
import { toChainEntry, verifyLocalChain } from './local-chain.ts';
import { createPlatformWitness } from './platform-witness.ts';

/** What the caller supplies: time and source are filled in here. */
export type AuditRecordInput = Omit<AuditBody, 'at' | 'source'>;

export interface AuditLimits {
  /** Queries are refused while MORE than this many entries are undelivered. */
  maxUnsyncedEntries: number;
  /** Queries are refused once the oldest undelivered entry is OLDER than this. */
  maxUnsyncedAgeMinutes: number;
}

export interface SyncError {
  at: string;
  code: ErrorCode;
  message: string;
}

export interface AuditSyncState {
  deviceId: string;
  /** Entries recorded here and not yet acknowledged by the platform. */
  unsynced: number;
  oldestUnsyncedAt: string | null;
  lastSyncAt: string | null;
  lastError: SyncError | null;
  head: ChainPosition | null;
  /** Why queries are refused right now (the assertCanQuery message), or null. */
  queriesBlocked: string | null;
}

export interface SyncResult {
  /** Entries sent in this run (the platform skips ones it already had). */
  uploaded: number;
  batches: number;
  /** The platform's head for this device after the run (null: nothing ever uploaded). */
  head: ChainPosition | null;
  /** Ranges the platform recorded as missing from this device's chain. */
  gaps: Array<{ fromSeq: number; toSeq: number }>;
}

/** The platform side of the sync, as the uploader (uploader.ts) provides it. */
export interface AuditUploaderLike {
  registerDevice(deviceId: string, publicKeyPem: string): Promise<unknown>;
  upload(req: z.input<typeof AuditUploadRequest>): Promise<z.output<typeof AuditUploadResponse>>;
  /** The platform's checkpoint key; without it the platform's checkpoints are not kept. */
  checkpointKey?(): Promise<PlatformCheckpointKey>;
}

export interface AuditLog {
  readonly deviceId: string;
  readonly publicKeyPem: string;
  record(body: AuditRecordInput): Promise<ChainEntry<AuditBody>>;
  verify(): Promise<VerifyResult>;
  syncState(): AuditSyncState;
  assertCanQuery(): void;
  sync(uploader: AuditUploaderLike): Promise<SyncResult>;
  /** Signs the current head now; the checkpoint is stored in the background (awaited by verify, sync, flush). */
  checkpoint(): SignedCheckpoint;
  /** Waits until every queued write (entries, checkpoints) is on disk. */
  flush(): Promise<void>;
}

export interface AuditLogOptions {
  /** The workstation database, from CaseStores.openWorkstation(). */
  workstation: RemoteWorkstationStore;
  secrets: SecretStore;
  /** Normally omitted: a random id is created once and kept in the workstation settings. */
  deviceId?: string;
  clock: () => Date;
  limits: AuditLimits;
  /**
   * Sign and store a checkpoint every N entries (default 20), so a tail cut
   * off while the application was closed is detected by the next verify.
   */
  checkpointEvery?: number;
  /** Told of every entry that could not be written (the entry's action is then refused). */
  onWriteFailure?: (error: AuditWriteError, entry: AuditRecordInput) => void;
}

const LAST_SYNC_AT = 'audit.lastSyncAt';
const LAST_ERROR = 'audit.lastError';
/** Entries read per upload; a batch is further cut to stay well under common HTTP body limits. */
const BATCH_ENTRIES = 500;
const BATCH_CHARS = 512 * 1024;

export async function createAuditLog(options: AuditLogOptions): Promise<AuditLog> {
  const { workstation: ws, clock, limits } = options;
  const checkpointEvery = options.checkpointEvery ?? 20;
  if (!(limits.maxUnsyncedEntries >= 0) || !(limits.maxUnsyncedAgeMinutes >= 0)) {
    throw new TypeError('audit limits must be non-negative numbers');
  }

  const identity = await loadDeviceIdentity({
    workstation: ws,
    secrets: options.secrets,
    now: clock(),
    ...(options.deviceId === undefined ? {} : { deviceId: options.deviceId }),
  });
  const { deviceId, publicKeyPem, privateKeyPem } = identity;
  const source: AuditSource = { kind: 'workstation', deviceId };

  // In-memory state: syncState() and assertCanQuery() are synchronous because
  // they sit on the path of every query.
  const last = await ws.lastAudit();
  let head: ChainPosition | null = last ? { seq: last.seq, hash: last.hash } : null;
  let writtenHead: ChainPosition | null = null; // what THIS process appended (trusted by verify)
  let firstUnsynced: { seq: number; at: string } | null = null;
  let lastCheckpointSeq = (await ws.lastCheckpoint())?.seq ?? 0;
  let lastSyncAt = asString(await ws.getSyncState(LAST_SYNC_AT));
  let lastError = asSyncError(await ws.getSyncState(LAST_ERROR));
  let registered = false;
  let syncing: Promise<SyncResult> | null = null;
  const witness = createPlatformWitness(ws, clock);

  const refreshUnsynced = async (): Promise<void> => {
    const next = (await ws.unsyncedAudit(1))[0];
    firstUnsynced = next ? { seq: next.seq, at: next.createdAt } : null;
  };
  await refreshUnsynced();

  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };

  const sign = (position: ChainPosition): SignedCheckpoint =>
    signCheckpoint(privateKeyPem, { deviceId, ...position, at: clock().toISOString() });

  /** Stores a checkpoint unless one at or beyond its position is stored already. Call inside serial(). */
  const storeCheckpoint = async (cp: SignedCheckpoint): Promise<void> => {
    if (cp.seq <= lastCheckpointSeq) return;
    await ws.addCheckpoint({
      seq: cp.seq,
      hash: cp.hash,
      createdAt: cp.at,
      signature: cp.signature,
    });
    lastCheckpointSeq = cp.seq;
  };

  const unsyncedCount = (): number =>
    firstUnsynced && head ? head.seq - firstUnsynced.seq + 1 : 0;

  const blockedReason = (): string | null => {
    const count = unsyncedCount();
    if (count === 0 || !firstUnsynced) return null;
    const ageMinutes = (clock().getTime() - Date.parse(firstUnsynced.at)) / 60_000;
    const tooMany = count > limits.maxUnsyncedEntries;
    const tooOld = ageMinutes > limits.maxUnsyncedAgeMinutes;
    if (!tooMany && !tooOld) return null;
    const what = tooMany
      ? `${count} audit entries recorded on this workstation have not reached the platform yet ` +
        `(at most ${limits.maxUnsyncedEntries} may wait)`
      : `audit entries recorded on this workstation have not reached the platform for ` +
        `${Math.floor(ageMinutes)} minutes (at most ${limits.maxUnsyncedAgeMinutes} minutes may pass)`;
    const why = lastError ? ` The last attempt to deliver them failed: ${lastError.message}` : '';
    return (
      `New queries are paused: ${what}. Every consultation must be logged on the platform, so queries ` +
      `resume as soon as the audit log has been synchronised. Check the network connection and your ` +
      `sign-in, then synchronise.${why}`
    );
  };

  const setError = async (error: unknown): Promise<SyncError> => {
    const e: SyncError = {
      at: clock().toISOString(),
      code: error instanceof ApiError ? error.code : 'UNAVAILABLE',
      message: messageOf(error),
    };
    lastError = e;
    await ws.setSyncState(LAST_ERROR, e, clock()).catch(() => undefined);
    return e;
  };

  async function record(input: AuditRecordInput): Promise<ChainEntry<AuditBody>> {
    return serial(async () => {
      const at = clock().toISOString();
      const parsed = AuditBody.safeParse({
        ...input,
        parameters: jsonData(input.parameters),
        at,
        source,
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ApiError(
          'INVALID_ARGUMENT',
          `The audit entry was refused (${issue?.path.join('.') || 'entry'}: ${issue?.message ?? 'invalid'}); ` +
            'the operation was not carried out.',
        );
      }
      const body = parsed.data;
      const text = canonicalJson(body);
      let entry = chainEntry(head, body);
      try {
        await ws.appendAudit({
          seq: entry.seq,
          prevHash: entry.prevHash,
          hash: entry.hash,
          body: text,
          createdAt: at,
        });
      } catch (error) {
        if (!(error instanceof AuditChainConflictError)) throw error;
        // Someone else extended the chain (a second instance on the same
        // database): re-chain after the stored head once rather than fork.
        const stored = await ws.lastAudit();
        head = stored ? { seq: stored.seq, hash: stored.hash } : null;
        entry = chainEntry(head, body);
        await ws.appendAudit({
          seq: entry.seq,
          prevHash: entry.prevHash,
          hash: entry.hash,
          body: text,
          createdAt: at,
        });
      }
      head = { seq: entry.seq, hash: entry.hash };
      writtenHead = head;
      firstUnsynced ??= { seq: entry.seq, at };
      if (entry.seq - lastCheckpointSeq >= checkpointEvery) await storeCheckpoint(sign(head));
      return entry;
    }).catch((error: unknown) => {
      // No entry, no action: the caller gets a plain message instead of the
      // storage error, and the failure is handed on to be reported.
      const failed = classifyAuditFailure(error);
      if (!failed) throw error;
      options.onWriteFailure?.(failed, input);
      throw failed;
    });
  }

  function checkpoint(): SignedCheckpoint {
    if (!head) {
      throw new ApiError(
        'PRECONDITION_FAILED',
        'The local audit log is empty: there is nothing to sign yet.',
      );
    }
    const cp = sign(head);
    void serial(() => storeCheckpoint(cp)).catch((error: unknown) =>
      setError(new Error(`the signed checkpoint could not be saved (${messageOf(error)})`)),
    );
    return cp;
  }

  async function verify(): Promise<VerifyResult> {
    await flush();
    return verifyLocalChain(ws, { deviceId, publicKeyPem, knownHead: writtenHead });
  }

  async function flush(): Promise<void> {
    await serial(async () => undefined);
  }

  async function runSync(uploader: AuditUploaderLike): Promise<SyncResult> {
    const result: SyncResult = { uploaded: 0, batches: 0, head: null, gaps: [] };
    try {
      await flush();
      // This workstation's witness of the platform chain goes with every upload (#15).
      const shown = uploader.checkpointKey ? (await witness.held())?.note : undefined;
      let received: string | undefined;
      for (;;) {
        const batch = cut(await ws.unsyncedAudit(BATCH_ENTRIES));
        const end = batch.at(-1);
        if (!end) break;
        if (!registered) {
          await uploader.registerDevice(deviceId, publicKeyPem);
          registered = true;
        }
        const cp = sign({ seq: end.seq, hash: end.hash });
        await serial(() => storeCheckpoint(cp));
        const response = await uploader.upload({
          deviceId,
          entries: batch.map(toChainEntry),
          checkpoint: cp,
          ...(shown === undefined ? {} : { platformCheckpoint: shown }),
        });
        received = response.platformCheckpoint ?? received;
        if (response.head?.seq !== end.seq || response.head.hash !== end.hash) {
          throw new ApiError(
            'CONFLICT',
            `The platform acknowledged the audit log up to entry ${response.head?.seq ?? 'none'}, ` +
              `but entry ${end.seq} was sent: the platform's copy and this workstation's log disagree. Contact your IT support.`,
          );
        }
        result.uploaded += batch.length;
        result.batches++;
        result.head = response.head;
        result.gaps.push(...response.gaps);
        const now = clock();
        await serial(async () => {
          await ws.markAuditSynced(end.seq, now);
          await ws.acknowledgeCheckpoint(end.seq, response, now);
          await refreshUnsynced();
        });
      }
      // Nothing to deliver: an empty upload still shows the held checkpoint and
      // takes a fresh one, so an idle workstation keeps witnessing.
      if (result.batches === 0 && head && shown !== undefined) {
        if (!registered) {
          await uploader.registerDevice(deviceId, publicKeyPem);
          registered = true;
        }
        const idle = await uploader.upload({
          deviceId,
          entries: [],
          checkpoint: sign(head),
          platformCheckpoint: shown,
        });
        received = idle.platformCheckpoint;
      }
      if (received !== undefined && uploader.checkpointKey) {
        await witness.accept(received, () => uploader.checkpointKey!());
      }
      const now = clock();
      lastSyncAt = now.toISOString();
      lastError = null;
      await ws.setSyncState(LAST_SYNC_AT, lastSyncAt, now);
      await ws.setSyncState(LAST_ERROR, null, now);
      return result;
    } catch (error) {
      const e = await setError(error);
      // The platform may have dropped the registration (new officer session, reset): register again next time.
      if (e.code === 'FORBIDDEN' || e.code === 'UNAUTHENTICATED') registered = false;
      throw error instanceof ApiError ? error : new ApiError('UNAVAILABLE', e.message);
    }
  }

  return {
    deviceId,
    publicKeyPem,
    record,
    verify,
    checkpoint,
    flush,
    syncState: () => ({
      deviceId,
      unsynced: unsyncedCount(),
      oldestUnsyncedAt: firstUnsynced?.at ?? null,
      lastSyncAt,
      lastError,
      head,
      queriesBlocked: blockedReason(),
    }),
    assertCanQuery: () => {
      const reason = blockedReason();
      if (reason !== null) throw new ApiError('PRECONDITION_FAILED', reason);
    },
    sync: (uploader) => {
      syncing ??= runSync(uploader).finally(() => {
        syncing = null;
      });
      return syncing;
    },
  };
}

/** The leading entries of a page that fit in one upload (at least one). */
function cut<T extends { body: string }>(page: T[]): T[] {
  let chars = 0;
  let n = 0;
  for (const e of page) {
    chars += e.body.length + 300;
    if (n > 0 && chars > BATCH_CHARS) break;
    n++;
  }
  return page.slice(0, n);
}

/**
 * Parameters as JSON data: undefined properties dropped and Dates written as
 * ISO strings (what callers naturally pass); anything else that is not JSON
 * is left for canonicalJson to refuse, loudly.
 */
function jsonData(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(jsonData);
  if (
    value !== null &&
    typeof value === 'object' &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = jsonData(v);
    return out;
  }
  return value;
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim().slice(0, 500) || 'unknown error';
}

function asString(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function asSyncError(v: unknown): SyncError | null {
  if (v === null || typeof v !== 'object') return null;
  const { at, code, message } = v as Record<string, unknown>;
  return typeof at === 'string' && typeof code === 'string' && typeof message === 'string'
    ? { at, code: code as ErrorCode, message }
    : null;
}
