import { deviceRoutes } from './api/device-routes.ts';
import { adminHotlistRoutes } from './api/admin-hotlists-routes.ts';
import { adminCasesRoutes } from './api/admin-cases-routes.ts';
import { adminOfficersRoutes } from './api/admin-officers-routes.ts';
import { SYSTEM_ACTOR } from '../common/audit.ts';
import { POLICY_PACKS } from '../common/policy.ts';
import { dataRoutes } from './api/data-routes.ts';
import { oversightRoutes } from './api/oversight-routes.ts';
import { ingestRoutes } from './api/ingest-routes.ts';
import { offlineGrantRoutes } from './api/offline-grant-routes.ts';
import { adminCamerasRoutes } from './api/admin-cameras-routes.ts';
import { recipientsRoutes } from './api/recipients-routes.ts';
import type { ApiDeps, ApiRoutes } from './api/deps.ts';
import { createAuditLog, type AuditLog } from './audit/log.ts';
import {
  DEFAULT_CHECKPOINT_INTERVAL_MS,
  startCheckpointSchedule,
  type CheckpointSettings,
} from './audit/checkpoints.ts';
import { startPurgeSchedule } from './data/purge.ts';
import type { DataLimits } from './data/queries.ts';
import { createSqliteStore, type PlatformStore } from './data/store.ts';
import { buildPlatform, type BuildPlatformOptions, type Platform } from './server.ts';

/**
 * The reference central platform as shipped: identity (server.ts), the data
 * store behind its interface, the audit log, every HTTP route module, the
 * scheduled purge, and sign-in events written to the audit chain.
 */
export const API_ROUTES: ApiRoutes[] = [
  dataRoutes,
  ingestRoutes,
  oversightRoutes,
  offlineGrantRoutes,
  deviceRoutes,
  adminHotlistRoutes,
  adminOfficersRoutes,
  adminCasesRoutes,
  adminCamerasRoutes,
  recipientsRoutes,
];

export interface ReferencePlatform {
  platform: Platform;
  deps: ApiDeps;
  store: PlatformStore;
  audit: AuditLog;
  url: string;
  close(): Promise<void>;
}

export interface ReferenceOptions extends Omit<BuildPlatformOptions, 'routes'> {
  /** Purge interval; 0 disables the schedule (tests purge explicitly). Default 10 minutes. */
  purgeIntervalMs?: number;
  extraRoutes?: ApiRoutes[];
  /** Per-query size limits (defaults in platform/data/queries.ts); benches raise them. */
  dataLimits?: Partial<DataLimits>;
  /**
   * Signed checkpoints of the platform's audit chain: every N entries
   * (default 100), every `everyMs` when the chain moved (default 10 minutes;
   * 0: none), on shutdown, and with every workstation upload.
   */
  auditCheckpoints?: CheckpointSettings & { everyMs?: number };
}

export async function startReferencePlatform(
  options: ReferenceOptions,
): Promise<ReferencePlatform> {
  let deps: ApiDeps | null = null;
  const platform = await buildPlatform({
    ...options,
    routes: [
      async (app, ctx) => {
        // A larger page cache keeps the hot index pages decrypted in memory:
        // ingest into a populated store writes to randomly ordered indexes.
        const store = createSqliteStore(ctx.db, {
          pack: POLICY_PACKS[ctx.policy],
          limits: options.dataLimits,
          cacheMiB: 256,
        });
        const audit = createAuditLog(ctx.db, ctx.clock, {
          checkpoints: options.auditCheckpoints,
        });
        const checkpoints = startCheckpointSchedule(
          (reason) => audit.checkpoint(reason),
          options.auditCheckpoints?.everyMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS,
          (error) => ctx.log.error({ err: (error as Error).message }, 'audit checkpoint failed'),
        );
        // Before the database closes: the last head is signed, so a cut made
        // while the platform was down shows against it.
        app.addHook('onClose', async () => {
          checkpoints.stop();
          try {
            audit.checkpoint('shutdown');
          } catch (error) {
            ctx.log.error({ err: (error as Error).message }, 'shutdown audit checkpoint failed');
          }
        });
        deps = { ctx, store, audit };
        for (const add of [...API_ROUTES, ...(options.extraRoutes ?? [])]) await add(app, deps);
      },
    ],
  });
  const { store, audit, ctx } = deps!;
  const unsubscribe = ctx.onIdentityEvent((event) => {
    // Sign-ins and refusals are security events: account ids only, never usernames typed.
    // A failure to log must not break sign-in itself; it is reported in the platform log.
    try {
      appendIdentityEvent(event);
    } catch (error) {
      ctx.log.error(
        { err: (error as Error).message, event: event.type },
        'could not audit identity event',
      );
    }
  });
  function appendIdentityEvent(
    event: Parameters<Parameters<typeof ctx.onIdentityEvent>[0]>[0],
  ): void {
    audit.append({
      actor:
        'accountId' in event && event.accountId
          ? { officerId: event.accountId, username: event.accountId, role: 'system' }
          : SYSTEM_ACTOR,
      operation: 'consultation',
      action: `identity.${event.type}`,
      caseId: null,
      purpose: null,
      reasonCode: null,
      justification: 'Officer authentication (security event, not a consultation of reads).',
      parameters: event.type === 'grant.revoked' ? { grantId: event.grantId } : {},
      resultCount: null,
      outcome:
        event.type === 'logon.succeeded'
          ? 'allowed'
          : event.type === 'grant.revoked'
            ? 'allowed'
            : 'denied',
      outcomeReason: event.type === 'logon.succeeded' ? null : event.type,
      recipient: null,
    });
  }
  const purge =
    (options.purgeIntervalMs ?? 600_000) > 0
      ? startPurgeSchedule(store, ctx.clock, options.purgeIntervalMs ?? 600_000, {
          onReport: (report) => {
            if (report.deleted === 0) return;
            audit.append({
              actor: SYSTEM_ACTOR,
              operation: 'erasure',
              action: 'reads.retention-purge',
              caseId: null,
              purpose: null,
              reasonCode: null,
              justification: null,
              parameters: { byRule: report.byReason, capturedRange: report.capturedRange },
              resultCount: report.deleted,
              outcome: 'allowed',
              outcomeReason: null,
              recipient: null,
            });
          },
          onError: (error) => ctx.log.error({ err: (error as Error).message }, 'purge failed'),
        })
      : null;
  return {
    platform,
    deps: deps!,
    store,
    audit,
    url: platform.url,
    async close() {
      purge?.stop();
      unsubscribe();
      await platform.close();
    },
  };
}
