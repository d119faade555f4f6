import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import type { SessionStatus } from '../../../common/api/contract.ts';
import { ApiError } from '../../../common/api/result.ts';
import { Role, type Officer } from '../../../common/officer.ts';
import type { OfflineGrantView } from './offline-grant.ts';
import {
  beginLoopbackSignIn,
  discover,
  refresh,
  type PendingSignIn,
  type TokenSet,
} from './loopback-signin.ts';

/**
 * The officer's session in the main process. Tokens live only here, in
 * memory: never on disk, never sent to the renderer. State is derived from the
 * injected clock at every question, so idle locking is exact and testable.
 */
export interface SessionOptions {
  issuer: string;
  clock: () => Date;
  idleLockMinutes: number;
  /** Opens a URL in the system browser (Electron); null = the renderer opens it (browser shell). */
  openExternal: ((url: string) => Promise<void>) | null;
  /** Called when the session ends or locks: close case stores, forget keys. */
  onEnd?: (
    reason: 'signed-out' | 'locked',
    why?: SessionStatus['lockReason'],
  ) => void | Promise<void>;
  /** After an online sign-in with MFA: the workstation asks for an offline grant (offline-grant.ts). */
  onSignedIn?: () => void;
  /** The offline grant this workstation holds, or null: what lets the session work without the platform. */
  offlineGrant?: () => OfflineGrantView | null;
}

export interface Session {
  status(): SessionStatus;
  beginSignIn(
    locale: string,
  ): Promise<{ authorizationUrl: string; openedBy: 'workstation' | 'renderer' }>;
  cancelSignIn(): void;
  switchRole(role: Role): SessionStatus;
  /** Officer activity: postpones the idle lock. */
  touch(): void;
  lock(): Promise<void>;
  signOut(): Promise<void>;
  /** A valid access token for the platform, refreshed when close to expiry. Throws when locked or signed out. */
  accessToken(): Promise<string>;
  /** The active officer, or an ApiError explaining why there is none. */
  requireOfficer(roles?: Role[]): Officer & { activeRole: Role };
  setBlockedReason(reason: string | null): void;
  /** The platform's public keys (from discovery at sign-in), to verify an offline grant with. */
  jwksUri(): string | null;
  /** After the offline secret was verified (offline-grant.ts): work on under the grant. */
  unlockOffline(officer: Officer): SessionStatus;
  /** Settles once the last lock or sign-out has finished closing stores. */
  ended(): Promise<void>;
}

/** After a failed attempt to reach the platform offline, the next one waits this long. */
const OFFLINE_RETRY_MS = 30_000;

/**
 * A refresh that did not reach the platform (no network, refused, timed
 * out, a server error) as opposed to one the platform answered with a
 * refusal (revoked, reused or expired refresh token).
 */
function unreachable(error: unknown): boolean {
  if (error instanceof oidc.ResponseBodyError) return error.status >= 500;
  if (error instanceof oidc.WWWAuthenticateChallengeError) return false;
  return true;
}

export function createSession(options: SessionOptions): Session {
  const { clock } = options;
  const idleMs = options.idleLockMinutes * 60_000;
  let config: oidc.Configuration | null = null;
  let tokens: TokenSet | null = null;
  let officer: Officer | null = null;
  let activeRole: Role | null = null;
  let lastActivity = clock().getTime();
  let locked = false;
  let lockReason: SessionStatus['lockReason'] = null;
  let pending: PendingSignIn | null = null;
  let blockedReason: string | null = null;
  let refreshing: Promise<void> | null = null;
  // Working under the offline grant: no platform, the grant's end locks.
  let offline = false;
  let nextOnlineAttempt = 0;
  let ending: Promise<void> = Promise.resolve();

  /** The grant of the officer at the workstation, while it is still open. */
  const openGrant = (now = clock()) => {
    const grant = options.offlineGrant?.() ?? null;
    if (!grant || !officer || grant.officer.id !== officer.id) return null;
    return now.getTime() <= grant.notAfter.getTime() ? grant : null;
  };
  const offlineMessage = () => {
    const grant = openGrant();
    return grant
      ? `Working offline until ${grant.notAfter.toISOString()}: this needs the platform.`
      : 'The platform is not reachable.';
  };

  const end = async (
    reason: 'signed-out' | 'locked',
    why: SessionStatus['lockReason'] = 'manual',
  ) => {
    // Drop the tokens first: whatever onEnd does, nothing usable stays in memory.
    tokens = null;
    offline = false;
    if (reason === 'signed-out') {
      officer = null;
      activeRole = null;
      locked = false;
      lockReason = null;
    } else {
      locked = true;
      lockReason = why;
    }
    const run = Promise.resolve(options.onEnd?.(reason, reason === 'locked' ? why : null));
    // Whoever unlocks next waits for this (stores closed) before opening anything.
    ending = run.catch(() => undefined);
    await run;
  };

  const idleExpired = () =>
    (tokens !== null || offline) && clock().getTime() - lastActivity >= idleMs;

  const state = (): SessionStatus['state'] => {
    if (pending) return 'signing-in';
    if (locked || (officer && !tokens && !offline)) return 'locked';
    if (!tokens && !offline) return 'signed-out';
    if (idleExpired()) {
      void end('locked', 'idle');
      return 'locked';
    }
    // The grant's end locks the case data until the officer is online again.
    if (offline && !openGrant()) {
      void end('locked', 'offline-ended');
      return 'locked';
    }
    return 'active';
  };

  const offlineStatus = (s: SessionStatus['state']): SessionStatus['offline'] => {
    const grant = options.offlineGrant?.() ?? null;
    // Another officer's grant is not shown to whoever is at the workstation now.
    if (!grant || (officer && grant.officer.id !== officer.id)) return null;
    const open = clock().getTime() <= grant.notAfter.getTime();
    return {
      officerName: grant.officer.displayName,
      notAfter: grant.notAfter.toISOString(),
      working: s === 'active' && offline,
      secretSet: grant.secretSet,
      unlockAvailable: s !== 'active' && open && grant.secretSet && !grant.lockedOut,
      lockedOut: grant.lockedOut,
    };
  };

  const status = (): SessionStatus => {
    const s = state();
    return {
      state: s,
      officer: s === 'signed-out' ? null : officer,
      activeRole: s === 'active' ? activeRole : null,
      lockReason: s === 'locked' ? (lockReason ?? 'expired') : null,
      idleLockMinutes: options.idleLockMinutes,
      blockedReason,
      now: clock().toISOString(),
      offline: offlineStatus(s),
    };
  };

  const adopt = (next: TokenSet) => {
    const claims = decodeJwt(next.accessToken);
    const roles = Role.array().safeParse(claims.roles);
    const amr = Array.isArray(claims.amr) ? claims.amr.map(String) : [];
    const incoming: Officer = {
      id: String(claims.sub),
      username: String(claims.preferred_username ?? claims.sub),
      displayName: String(claims.name ?? claims.preferred_username ?? claims.sub),
      roles: roles.success && roles.data.length ? roles.data : [],
      amr,
    };
    if (!incoming.roles.length)
      throw new ApiError('FORBIDDEN', 'This account has no officer role on the platform.');
    if (!amr.includes('otp'))
      throw new ApiError('FORBIDDEN', 'The platform did not confirm a second factor (TOTP).');
    if (officer && officer.id !== incoming.id) {
      // Another officer at a locked workstation: the previous session ends completely.
      void options.onEnd?.('signed-out');
      activeRole = null;
    }
    officer = incoming;
    activeRole =
      activeRole && incoming.roles.includes(activeRole) ? activeRole : incoming.roles[0]!;
    tokens = next;
    offline = false;
    locked = false;
    lockReason = null;
    lastActivity = clock().getTime();
  };

  return {
    status,

    async beginSignIn(locale) {
      if (blockedReason) throw new ApiError('PRECONDITION_FAILED', blockedReason);
      pending?.cancel();
      config ??= await discover(options.issuer);
      const started = await beginLoopbackSignIn({ config, clock, locale });
      pending = started;
      started.result.then(
        (t) => {
          if (pending !== started) return;
          pending = null;
          try {
            adopt(t);
          } catch (error) {
            blockedReason = null;
            console.error('[session] refused sign-in:', (error as Error).message);
            return;
          }
          options.onSignedIn?.();
        },
        () => {
          if (pending === started) pending = null;
        },
      );
      if (options.openExternal) {
        await options.openExternal(started.authorizationUrl);
        return { authorizationUrl: started.authorizationUrl, openedBy: 'workstation' as const };
      }
      return { authorizationUrl: started.authorizationUrl, openedBy: 'renderer' as const };
    },

    cancelSignIn() {
      pending?.cancel();
      pending = null;
    },

    switchRole(role) {
      const me = this.requireOfficer();
      if (!me.roles.includes(role))
        throw new ApiError('FORBIDDEN', `You do not hold the role ${role}.`);
      activeRole = role;
      return status();
    },

    touch() {
      if (state() === 'active') lastActivity = clock().getTime();
    },

    lock: () => end('locked', 'manual'),
    signOut: () => end('signed-out'),

    async accessToken() {
      const s = state();
      if (s === 'locked')
        throw new ApiError('LOCKED', 'The session is locked: sign in again to continue.');
      // Unlocked offline: there is no token to send until an online sign-in.
      if (s === 'active' && offline && !tokens) throw new ApiError('UNAVAILABLE', offlineMessage());
      if (s !== 'active' || !tokens)
        throw new ApiError('UNAUTHENTICATED', 'You are not signed in.');
      if (blockedReason) throw new ApiError('PRECONDITION_FAILED', blockedReason);
      if (tokens.expiresAt.getTime() - clock().getTime() < 30_000) {
        if (!tokens.refreshToken || !config)
          throw new ApiError('LOCKED', 'The session expired: sign in again.');
        if (offline && clock().getTime() < nextOnlineAttempt)
          throw new ApiError('UNAVAILABLE', offlineMessage());
        const current = tokens;
        refreshing ??= refresh(config, current.refreshToken!, clock)
          .then(adopt)
          .catch(async (error: unknown) => {
            // The platform out of reach with an open offline grant: work goes
            // on under the grant (the refresh is tried again later); a refusal
            // from the platform, or no grant, locks as before.
            if (unreachable(error) && openGrant()) {
              offline = true;
              nextOnlineAttempt = clock().getTime() + OFFLINE_RETRY_MS;
              return;
            }
            await end('locked', 'expired');
          })
          .finally(() => (refreshing = null));
        await refreshing;
        if (!tokens) throw new ApiError('LOCKED', 'The session expired: sign in again.');
        if (offline) throw new ApiError('UNAVAILABLE', offlineMessage());
      }
      return tokens.accessToken;
    },

    requireOfficer(roles) {
      const s = state();
      if (s === 'locked')
        throw new ApiError('LOCKED', 'The session is locked: sign in again to continue.');
      if (s !== 'active' || !officer || !activeRole)
        throw new ApiError('UNAUTHENTICATED', 'You are not signed in.');
      if (roles && !roles.includes(activeRole)) {
        throw new ApiError(
          'FORBIDDEN',
          `This needs the ${roles.join(' or ')} workspace; you are working as ${activeRole}.`,
        );
      }
      return { ...officer, activeRole };
    },

    setBlockedReason(reason) {
      blockedReason = reason;
    },

    jwksUri: () => config?.serverMetadata().jwks_uri ?? null,

    ended: () => ending,

    unlockOffline(next) {
      if (officer && officer.id !== next.id) {
        // Another officer at a locked workstation: the previous session ends completely.
        void options.onEnd?.('signed-out', null);
      }
      pending?.cancel();
      pending = null;
      officer = next;
      activeRole = next.roles[0]!;
      tokens = null;
      offline = true;
      locked = false;
      lockReason = null;
      lastActivity = clock().getTime();
      if (!openGrant()) {
        offline = false;
        locked = true;
        lockReason = 'offline-ended';
      }
      return status();
    },
  };
}
