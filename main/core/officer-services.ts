import type { AuditStatus } from '../../common/api/contract.ts';
import type { AuditActor } from '../../common/audit.ts';
import { createAuditLog, type AuditLog, type AuditRecordInput } from './audit/audit-log.ts';
import { createAuditUploader, startAuditSync, type AuditSyncSchedule } from './audit/uploader.ts';
import type { Session } from './auth/session.ts';
import type { SecretStore } from './keychain.ts';
import { startRetentionSchedule, type RetentionSchedule } from './retention/retention.ts';
import type { CaseStores } from './store/case-stores.ts';

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

  async function start(officerId: string, actor: AuditActor): Promise<Running> {
    const workstation = await stores.openWorkstation();
    const audit = await createAuditLog({
      workstation,
      secrets: options.secrets,
      clock,
      limits: options.limits,
    });
    const uploader = createAuditUploader({
      baseUrl: options.platformUrl,
      accessToken: () => session.accessToken(),
      fetch: options.fetch,
    });
    const sync = startAuditSync(audit, uploader, clock, options.syncIntervalMs ?? 60_000);
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
  };
}

export type OfficerServices = ReturnType<typeof createOfficerServices>;
