import type { AuditStatus } from '../../common/api/contract.ts';
import type { AuditActor } from '../../common/audit.ts';
import { ApiError } from '../../common/api/result.ts';
import {
  classifyAuditFailure,
  createFailureQueue,
  type AuditWriteError,
} from './audit/audit-failure.ts';
import { createAuditLog, type AuditLog, type AuditRecordInput } from './audit/audit-log.ts';
import { createDeviceClient } from './audit/device-client.ts';
import { createAuditUploader, startAuditSync, type AuditSyncSchedule } from './audit/uploader.ts';
import type { Session } from './auth/session.ts';
import type { SecretStore } from './keychain.ts';
import { assertNotDeprovisioned, deprovision } from './retention/deprovision.ts';
import { rotateDueKeys, type RotationResult } from './retention/key-rotation.ts';
import { startRetentionSchedule, type RetentionSchedule } from './retention/retention.ts';
import type { CaseStores } from './store/case-stores.ts';
import { StoreError, StoreFullError } from './store/errors.ts';

/**
 * What runs while an officer is signed in: the local audit chain (every
 * consultation, export and erasure), its upload to the platform, and the
 * retention purge. Started on first use after sign-in, stopped on lock or
 * sign-out together with the stores, so no key outlives the session.
 */
export interface OfficerServicesOptions {
  stores: CaseStores;
  secrets: SecretStore;
  session: Session;
  clock: () => Date;
  platformUrl: string;
  limits: { maxUnsyncedEntries: number; maxUnsyncedAgeMinutes: number };
  syncIntervalMs?: number;
  purgeIntervalMs?: number;
  fetch?: typeof fetch;
  /** Store keys older than this are rotated at the next contact (default 90). */
  keyRotationDays?: number;
  /** Stops running work (pulls) before a revoked workstation shreds its data. */
  stopWork?: () => Promise<void>;
}

interface Running {
  officerId: string;
  /** Who these services run for: used for entries written while the session winds down. */
  actor: AuditActor;
  audit: AuditLog;
  sync: AuditSyncSchedule;
  retention: RetentionSchedule;
}

export function createOfficerServices(options: OfficerServicesOptions) {
  const { stores, session, clock } = options;
  let running: Promise<Running> | null = null;
  let runningFor: string | null = null;
  // Audit entries that could not be written, until the platform has them (audit-failure.ts).
  const failures = createFailureQueue(stores.dataDir);
  const device = createDeviceClient({
    baseUrl: options.platformUrl,
    accessToken: () => session.accessToken(),
    fetch: options.fetch,
  });
  let knownDeviceId: string | null = null;
  let delivering: Promise<void> | null = null;
  const deliverFailures = (): Promise<void> => {
    const pending = failures.pending();
    if (pending.length === 0) return Promise.resolve();
    delivering ??= device
      .reportFailures(knownDeviceId, pending)
      .then(() => failures.acknowledge(pending.map((r) => r.id)))
      .finally(() => {
        delivering = null;
      });
    return delivering;
  };
  const reportFailure = (
    error: AuditWriteError,
    entry: Pick<AuditRecordInput, 'actor' | 'action' | 'caseId'>,
  ): void => {
    failures.add({
      at: clock().toISOString(),
      officerId: entry.actor.officerId,
      username: entry.actor.username,
      action: entry.action,
      caseId: entry.caseId ?? null,
      cause: error.failure,
      detail: error.detail,
    });
    // Reported at once if the platform is reachable, else at the next contact.
    void deliverFailures().catch(() => undefined);
  };

  async function start(officerId: string, actor: AuditActor): Promise<Running> {
    assertNotDeprovisioned(stores.dataDir);
    let audit: AuditLog;
    try {
      const workstation = await stores.openWorkstation();
      audit = await createAuditLog({
        workstation,
        secrets: options.secrets,
        clock,
        limits: options.limits,
        onWriteFailure: reportFailure,
      });
    } catch (error) {
      // Without its audit log the workstation does nothing: say so plainly and report it.
      const failed = classifyAuditFailure(error);
      if (!failed) throw error;
      reportFailure(failed, { actor, action: 'audit.open', caseId: null });
      throw error instanceof StoreError && !(error instanceof StoreFullError) ? error : failed;
    }
    knownDeviceId = audit.deviceId;
    const uploader = createAuditUploader({
      baseUrl: options.platformUrl,
      accessToken: () => session.accessToken(),
      fetch: options.fetch,
    });
    const workstation = stores.host.workstation();
    let revoked = false;
    // Every contact with the platform: reports of unwritten entries first, then
    // whether this device was revoked, then the chain; keys due are rotated.
    const contact = async () => {
      if (revoked) throw new ApiError('FORBIDDEN', 'This workstation was revoked.');
      await deliverFailures().catch(() => undefined);
      const status = await device.status(audit.deviceId);
      if (status.revoked) {
        revoked = true;
        await options.stopWork?.().catch(() => undefined);
        failures.clear();
        await deprovision({
          stores,
          secrets: options.secrets,
          audit,
          uploader,
          device,
          clock,
          reason: status.reason,
        });
        await stores.shutdown();
        throw new ApiError('FORBIDDEN', 'This workstation was revoked: its local data was erased.');
      }
      const result = await audit.sync(uploader);
      await rotateDueKeys({
        stores,
        workstation,
        audit,
        now: clock(),
        maxAgeDays: options.keyRotationDays ?? 90,
      }).catch((e: unknown) => console.error('[keys]', (e as Error).message));
      return result;
    };
    const sync = startAuditSync(
      { sync: contact },
      uploader,
      clock,
      options.syncIntervalMs ?? 60_000,
    );
    const retention = startRetentionSchedule({
      stores,
      audit,
      clock,
      intervalMs: options.purgeIntervalMs ?? 15 * 60_000,
      onError: (error) => console.error('[retention]', (error as Error).message),
    });
    return { officerId, actor, audit, sync, retention };
  }

  async function get(): Promise<Running> {
    const me = session.requireOfficer();
    assertNotDeprovisioned(stores.dataDir);
    if (!running || runningFor !== me.id) {
      if (running) await stop();
      runningFor = me.id;
      running = start(me.id, { officerId: me.id, username: me.username, role: me.activeRole });
      running.catch(() => {
        running = null;
        runningFor = null;
      });
    }
    return running;
  }

  async function stop(): Promise<void> {
    const current = running;
    running = null;
    runningFor = null;
    if (!current) return;
    const r = await current.catch(() => null);
    if (!r) return;
    r.sync.stop();
    r.retention.stop();
    await r.audit.flush().catch(() => {});
  }

  const actor = (): AuditActor => {
    const me = session.requireOfficer();
    return { officerId: me.id, username: me.username, role: me.activeRole };
  };

  return {
    get,
    stop,
    actor,
    /** Records an entry in the local chain as the signed-in officer. */
    async record(entry: Omit<AuditRecordInput, 'actor'>): Promise<void> {
      // While the session winds down (lock, sign-out) the officer is no longer
      // "active", but entries for work they started must still be written.
      const current = running ? await running.catch(() => null) : null;
      if (current && session.status().state !== 'active') {
        await current.audit.record({ ...entry, actor: current.actor });
        return;
      }
      const { audit } = await get();
      await audit.record({ ...entry, actor: actor() });
    },
    /** Refuses new queries while unsynced audit entries are too many or too old. */
    async assertCanQuery(): Promise<void> {
      (await get()).audit.assertCanQuery();
    },
    async status(verify: boolean): Promise<AuditStatus> {
      const { audit } = await get();
      const s = audit.syncState();
      const chain = verify ? await audit.verify() : null;
      return {
        deviceId: s.deviceId,
        unsynced: s.unsynced,
        oldestUnsyncedAt: s.oldestUnsyncedAt,
        lastSyncAt: s.lastSyncAt,
        lastError: s.lastError?.message ?? null,
        queriesBlocked: s.queriesBlocked,
        chain: chain
          ? chain.ok
            ? { ok: true, count: chain.count, message: null }
            : { ok: false, count: null, message: chain.message }
          : null,
      };
    },
    async syncNow(): Promise<void> {
      await (await get()).sync.syncNow();
    },
    /** Rotates every local store key now (on demand), each rotation logged first. */
    async rotateKeys(justification?: string): Promise<RotationResult> {
      const { audit } = await get();
      return rotateDueKeys({
        stores,
        workstation: stores.host.workstation(),
        audit,
        now: clock(),
        maxAgeDays: options.keyRotationDays ?? 90,
        force: true,
        actor: actor(),
        justification,
      });
    },
    /** Audit failures not yet delivered to the platform (for status and tests). */
    pendingFailureReports: () => failures.pending(),
  };
}

export type OfficerServices = ReturnType<typeof createOfficerServices>;
