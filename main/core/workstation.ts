import type { Handlers } from '../../common/api/dispatch.ts';
import type { WorkstationContract } from '../../common/api/contract.ts';
import { ApiError } from '../../common/api/result.ts';
import { assessSkew, createSignedTimeReader } from './auth/clock-skew.ts';
import { createClockGuard } from './clock-guard.ts';
import { createSession, type Session } from './auth/session.ts';
import { existsSync } from 'node:fs';
import { loadDeviceIdentity } from './audit/device-identity.ts';
import { createOfflineAccess, grantOfficer, withOfflineCases } from './auth/offline-grant.ts';
import { workstationDbPath } from './store/paths.ts';
import { createCaseService } from './cases.ts';
import type { WorkstationConfig } from './config.ts';
import { detectiveHandlers } from './detective.ts';
import { oversightHandlers } from './oversight.ts';
import { adminHandlers } from './admin.ts';
import type { CallContext, WorkstationServices } from './services.ts';
import { toApiError } from './errors.ts';
import { AuditWriteError } from './audit/audit-failure.ts';
import { createKeytarStore, type SecretStore } from './keychain.ts';
import { createPlatformClient, networkReason } from './platform-client.ts';
import { createPullManager, pullCompletedParameters } from './pulls.ts';
import { CaseStores } from './store/case-stores.ts';
import { StoreHost } from './store/client.ts';
import { createOfficerServices } from './officer-services.ts';
import { shredCase } from './retention/retention.ts';
import { defaultSettings, openSettings, type SettingsService } from './settings.ts';
import { POLICY_PACKS } from '../../common/policy.ts';

/**
 * The workstation's services behind the API contract. Both shells (Electron
 * and the browser host) build exactly one of these and hand it to their
 * transport; nothing here knows which transport is in use except `app.info`.
 */
export interface Workstation {
  handlers: Handlers<WorkstationContract, CallContext>;
  session: Session;
  pulls: ReturnType<typeof createPullManager>;
  /** The encrypted case stores (for tests and the shells' shutdown). */
  stores: CaseStores;
  /** The officer's settings; the shells derive the CSP and the PMTiles route from them. */
  settings: SettingsService;
  close(): Promise<void>;
}

export type { CallContext } from './services.ts';

export interface WorkstationDeps {
  /** The system clock; the workstation works on trusted time derived from it (clock-guard.ts). */
  clock?: () => Date;
  /** A clock no one can set (ms); default performance.now(), or `clock` itself when only that is injected. */
  monotonic?: () => number;
  /** Electron: shell.openExternal; browser shell: none (the renderer opens the sign-in page itself). */
  openExternal?: ((url: string) => Promise<void>) | null;
  /** The OS keychain (default: keytar). */
  secrets?: SecretStore;
  /** Injected in tests that simulate a dropped network. */
  fetch?: typeof fetch;
  pullBatchSize?: number;
  /** Another storage worker module (tests: one whose disk can be made to fail). */
  storeWorkerUrl?: URL;
  /** Delay before retrying a dropped pull (ms, by attempt); tests shorten it. */
  pullRetryDelayMs?: (attempt: number) => number;
}

export function createWorkstation(
  config: WorkstationConfig,
  deps: WorkstationDeps = {},
): Workstation {
  const wallClock = deps.clock ?? (() => new Date());
  // Every service works on trusted time: the platform's signed time plus a monotonic offset.
  // An injected clock stands for time itself unless a monotonic clock is injected as well
  // (tests that move time move both; a test of a changed system clock injects `monotonic`).
  const monotonic = deps.monotonic ?? (deps.clock ? () => wallClock().getTime() : undefined);
  const clockGuard = createClockGuard({
    wall: wallClock,
    maxSkewSeconds: config.maxClockSkewSeconds,
    ...(monotonic ? { monotonic } : {}),
  });
  const clock = clockGuard.now;
  const settings = openSettings(config.dataDir, defaultSettings(config));
  const secrets = deps.secrets ?? createKeytarStore();
  const stores = new CaseStores({
    dataDir: config.dataDir,
    secrets,
    ...(deps.storeWorkerUrl
      ? { host: new StoreHost({ dataDir: config.dataDir, workerUrl: deps.storeWorkerUrl }) }
      : {}),
  });
  const pack = POLICY_PACKS[config.policyPack];
  // Tokens and store keys leave memory together: on lock or sign-out, running
  // pulls stop (they resume later from their cursor) and the worker holding
  // the keys is shut down.
  const endWork = async () => {
    await pulls.stopAll();
    // The offline grant asked for at sign-in writes to the workstation database
    // in the background: stopping the worker under it failed that write and
    // whatever else was queued behind it ("storage worker stopped
    // unexpectedly"). Wait for it, but never let a slow platform hold the lock.
    await Promise.race([offlineReady, new Promise((r) => setTimeout(r, 5_000).unref())]);
    await officer.stop();
    await stores.shutdown();
  };
  const issuer = new URL('/oidc', config.platformUrl).href;
  // Work without the platform (#15, auth/offline-grant.ts): a signed grant
  // obtained at each online sign-in, kept in the workstation database.
  const offlineAccess = createOfflineAccess({
    issuer,
    platformUrl: config.platformUrl,
    pack,
    clock,
    openWorkstation: () => stores.openWorkstation(),
    deviceKey: async () =>
      loadDeviceIdentity({ workstation: await stores.openWorkstation(), secrets, now: clock() }),
    fetch: deps.fetch,
  });
  let offlineReady: Promise<void> = Promise.resolve();
  let offlineLoaded = false;
  const session = createSession({
    issuer,
    clock,
    idleLockMinutes: config.idleLockMinutes,
    openExternal: deps.openExternal ?? null,
    onEnd: async (reason, why) => {
      // The grant's end is logged while the officer's chain is still open.
      if (why === 'offline-ended')
        await recordSessionEvent('session.offline-ended', {}).catch(() => {});
      await endWork();
    },
    offlineGrant: () => offlineAccess.current(),
    onSignedIn: () => {
      offlineReady = obtainOfflineGrant().catch((error: unknown) =>
        console.error('[offline] no offline grant:', (error as Error).message),
      );
    },
  });
  /** After an online sign-in of a detective: the grant for working offline later. */
  const obtainOfflineGrant = async () => {
    const me = session.requireOfficer();
    const jwksUri = session.jwksUri();
    if (!me.roles.includes('detective') || !jwksUri) return;
    // The audit log first: it creates the workstation database and the device key, once.
    const { audit } = await officer.get();
    const { endedLockout } = await offlineAccess.obtain(await session.accessToken(), jwksUri, {
      deviceId: audit.deviceId,
      publicKeyPem: audit.publicKeyPem,
    });
    offlineLoaded = true;
    if (endedLockout)
      await recordSessionEvent('session.offline-locked-out', { ...endedLockout }, 'denied');
  };
  /** Session events in the local chain (security events, not consultations of reads). */
  const recordSessionEvent = (
    action: string,
    parameters: Record<string, unknown>,
    outcome: 'allowed' | 'denied' = 'allowed',
  ) =>
    officer.record({
      operation: 'consultation',
      action,
      caseId: null,
      purpose: null,
      reasonCode: null,
      justification:
        'Offline work on this workstation (security event, not a consultation of reads).',
      parameters,
      resultCount: null,
      outcome,
      outcomeReason: null,
      recipient: null,
    });
  const platform = createPlatformClient({
    baseUrl: config.platformUrl,
    accessToken: () => session.accessToken(),
    fetch: deps.fetch,
  });
  const officer = createOfficerServices({
    stores,
    secrets,
    session,
    clock,
    platformUrl: config.platformUrl,
    limits: {
      maxUnsyncedEntries: config.auditMaxUnsynced,
      maxUnsyncedAgeMinutes: config.auditMaxUnsyncedMinutes,
    },
    fetch: deps.fetch,
    // A revoked workstation stops its pulls before shredding their stores.
    stopWork: () => pulls.stopAll(),
  });
  const cases = createCaseService({
    // Offline under the grant, the grant says which cases exist (and no others).
    platform: withOfflineCases(platform, () =>
      session.status().offline?.working ? (offlineAccess.current()?.cases ?? null) : null,
    ),
    stores,
    officerId: () => session.requireOfficer().id,
    // Crypto-shred (key, then file) and log the erasure in the local chain.
    shred: async (caseId, reason) => {
      // A pull still writing into the case stops before its store goes.
      await pulls.stopCase(caseId);
      const { audit } = await officer.get();
      await shredCase(caseId, reason, { stores, audit, clock, actor: officer.actor() });
    },
    // Counts as every view shows them: the age gate on the workstation's clock.
    ageGate: (c) => ({ now: clock().toISOString(), purpose: c.purpose, pack }),
  });
  const pulls = createPullManager({
    stores,
    platform,
    clock,
    pack,
    batchSize: deps.pullBatchSize,
    retryDelayMs: deps.pullRetryDelayMs,
    onFinished: async (p, c) => {
      await officer.record({
        operation: 'collection',
        action: 'case.pull-completed',
        caseId: c.id,
        purpose: c.purpose,
        reasonCode: null,
        justification: null,
        parameters: pullCompletedParameters(p),
        resultCount: p.stored,
        outcome: p.state === 'done' ? 'allowed' : 'error',
        outcomeReason: p.error,
        recipient: null,
      });
    },
  });
  const detective = () => session.requireOfficer(['detective']);

  const readPlatformTime = createSignedTimeReader(config.platformUrl, {
    issuer: new URL('/oidc', config.platformUrl).href,
    wall: wallClock,
    monotonic: clockGuard.trusted.monotonic,
  });
  /** Refuses to start a session when our clock and the platform's disagree; else anchors trusted time. */
  const verifyClock = async () => {
    let time;
    try {
      time = await readPlatformTime();
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError(
        'UNAVAILABLE',
        `The platform is not reachable at ${config.platformUrl} (${networkReason(error)}).`,
      );
    }
    const result = assessSkew(time.wallMs, time.wallMs, time.serverMs, config.maxClockSkewSeconds);
    session.setBlockedReason(result.problem);
    if (result.problem) throw new ApiError('PRECONDITION_FAILED', result.problem);
    clockGuard.anchor(time);
    clockGuard.startAnchoring(readPlatformTime);
  };

  const services: WorkstationServices = {
    config,
    clock,
    pack,
    session,
    platform,
    stores,
    cases,
    pulls,
    officer,
    settings,
  };
  const handlers: Workstation['handlers'] = {
    ...detectiveHandlers(services),
    ...oversightHandlers(services),
    ...adminHandlers(services),
    'app.info': (_input, ctx) => ({
      name: 'ANPR Workstation',
      version: config.version,
      transport: ctx.transport,
      platformUrl: config.platformUrl,
      policyPack: config.policyPack,
      dataDir: config.dataDir,
      settingsNotice: settings.loadProblem,
    }),
    'session.status': async () => {
      // A grant a previous run obtained (an officer restarting in the car): read once, never created here.
      if (!offlineLoaded && existsSync(workstationDbPath(config.dataDir))) {
        offlineLoaded = true;
        await offlineAccess
          .load()
          .catch((error: unknown) =>
            console.error('[offline] stored grant unusable:', (error as Error).message),
          );
      }
      return session.status();
    },
    'session.beginSignIn': async () => {
      await verifyClock();
      return session.beginSignIn(settings.get().locale);
    },
    'session.cancelSignIn': () => {
      session.cancelSignIn();
      return session.status();
    },
    'session.switchRole': ({ role }) => session.switchRole(role),
    'session.touch': () => {
      session.touch();
      return session.status();
    },
    'session.lock': async () => {
      await session.lock();
      return session.status();
    },
    'session.signOut': async () => {
      // Signing out ends the shift: no offline unlock afterwards.
      await offlineAccess
        .forget()
        .catch((error: unknown) => console.error('[offline]', (error as Error).message));
      await session.signOut();
      return session.status();
    },
    'session.setOfflineSecret': async ({ secret }) => {
      await offlineReady;
      const me = session.requireOfficer(['detective']);
      if (session.status().offline?.working)
        throw new ApiError(
          'PRECONDITION_FAILED',
          'The offline unlock secret is set while signed in online.',
        );
      await offlineAccess.setSecret(me.id, secret);
      await recordSessionEvent('session.offline-secret-set', {
        notAfter: offlineAccess.current()?.notAfter.toISOString() ?? null,
      });
      return session.status();
    },
    'session.unlockOffline': async ({ secret }) => {
      // A lock still closing the stores (the grant's end, the idle lock) finishes first.
      session.status();
      await session.ended();
      const { claims, failedBefore } = await offlineAccess.unlock(secret);
      session.unlockOffline(grantOfficer(claims));
      // After a restart the case service knows no case yet: the grant's cases it is.
      for (const c of claims.cases) await cases.caseOf(c.id).catch(() => null);
      await recordSessionEvent('session.offline-unlock', {
        notAfter: new Date(claims.exp * 1000).toISOString(),
        failedAttempts: failedBefore,
        cases: claims.cases.map((c) => c.id),
      });
      return session.status();
    },
    'cases.list': async () => {
      detective();
      return cases.list();
    },
    'cases.get': async ({ caseId }) => {
      detective();
      return cases.get(caseId);
    },
    'cases.dismissNotice': async ({ caseId }) => {
      detective();
      return cases.dismissNotice(caseId);
    },
    'cases.discardLocal': async ({ caseId, justification }) => {
      detective();
      const c = await cases.caseOf(caseId);
      await pulls.stopCase(caseId);
      const record = await stores.shred(caseId, 'recovery', clock());
      await officer.record({
        operation: 'erasure',
        action: 'case.discard-local',
        caseId,
        purpose: c.purpose,
        reasonCode: null,
        justification,
        parameters: { reason: 'recovery', complete: record.complete },
        resultCount: null,
        outcome: record.complete ? 'allowed' : 'error',
        outcomeReason: record.problem,
        recipient: null,
      });
      return cases.get(caseId);
    },
    'pulls.start': async (request) => {
      detective();
      await officer.assertCanQuery();
      const c = await cases.caseOf(request.caseId);
      const entry = {
        operation: 'collection' as const,
        action: 'case.pull',
        caseId: c.id,
        purpose: c.purpose,
        reasonCode: request.reasonCode,
        justification: request.justification,
        recipient: null,
      };
      try {
        // Audit first, then act: the entry is written before any read is stored
        // here; if it cannot be written, the pull does not start (AuditWriteError).
        return await pulls.start(request, c, (created) =>
          officer.record({
            ...entry,
            parameters: {
              query: request.query,
              offenceType: request.offenceType,
              pullId: created.pullId,
              withheld: created.withheld.count,
            },
            resultCount: created.total,
            outcome: 'allowed',
            outcomeReason: null,
          }),
        );
      } catch (error) {
        // An audit failure is already reported; a second entry would fail the same way.
        if (error instanceof AuditWriteError) throw error;
        // Refused attempts are logged too: supervisors look for them.
        await officer.record({
          ...entry,
          parameters: { query: request.query, offenceType: request.offenceType },
          resultCount: null,
          outcome: error instanceof ApiError && error.code !== 'UNAVAILABLE' ? 'denied' : 'error',
          outcomeReason: (error as Error).message.slice(0, 500),
        });
        throw error;
      }
    },
    'pulls.list': async ({ caseId }) => {
      detective();
      return { pulls: await pulls.list(caseId) };
    },
    'pulls.cancel': async ({ pullId }) => {
      detective();
      return pulls.cancel(pullId);
    },
    'pulls.resume': async ({ pullId }) => {
      detective();
      return pulls.resume(pullId, (id) => cases.caseOf(id));
    },
    'audit.status': async ({ verify }) => officer.status(verify),
    'audit.sync': async () => {
      await officer.syncNow();
      return officer.status(false);
    },
    'keys.rotate': async ({ justification }) => {
      // Any signed-in officer: it re-encrypts what this workstation holds, it reads nothing.
      session.requireOfficer();
      const result = await officer.rotateKeys(justification || undefined);
      return { ...result, at: clock().toISOString() };
    },
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
  };

  // Every call the officer makes counts as activity for the idle lock, except
  // the status poll (which would otherwise keep an abandoned session alive).
  const passive = new Set<string>(['session.status']);
  const table = handlers as unknown as Record<
    string,
    (input: unknown, ctx: CallContext) => unknown
  >;
  for (const [name, handler] of Object.entries(table)) {
    if (passive.has(name)) continue;
    table[name] = async (input, ctx) => {
      session.touch();
      try {
        // Jumps of the system clock are logged, and refuse data calls (clock-guard.ts).
        await clockGuard.beforeCall(
          name,
          session.status().state === 'active' ? (entry) => officer.record(entry) : null,
        );
        return await handler(input, ctx);
      } catch (error) {
        throw toApiError(error);
      }
    };
  }

  return {
    handlers,
    session,
    pulls,
    stores,
    settings,
    async close() {
      // A grant being obtained finishes (or fails) before the stores close under it.
      await offlineReady;
      clockGuard.stop();
      session.cancelSignIn();
      await session.signOut();
      await endWork();
    },
  };
}
