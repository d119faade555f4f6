import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { z } from 'zod';
import { ApiError } from '../../../common/api/result.ts';
import type { Case } from '../../../common/case.ts';
import type { Officer } from '../../../common/officer.ts';
import {
  deviceKeyThumbprint,
  OFFLINE_GRANT_AUDIENCE,
  OFFLINE_GRANT_TYPE,
  OFFLINE_GRANTS_PATH,
  OfflineGrantClaims,
  OfflineGrantRequest,
  OfflineGrantResponse,
} from '../../../common/offline-grant.node.ts';
import type { PolicyPack } from '../../../common/policy.ts';
import { platformFetch } from '../platform-fetch.ts';
import type { PlatformClient } from '../platform-client.ts';
import type { RemoteWorkstationStore } from '../store/client.ts';

/**
 * Work without the platform (#15). After an online sign-in with MFA the
 * workstation obtains a signed offline grant (officer, this device's audit
 * key, cases, end) and keeps it with the platform's public keys in the
 * encrypted workstation database. Within the grant the officer unlocks with
 * a secret set at sign-in, checked here against a scrypt hash (the secret is
 * never stored); too many wrong secrets end offline unlocking until the next
 * online sign-in. The session (session.ts) locks the data when the grant ends.
 */

// ---------------------------------------------------------------------------
// Pure parts: grant verification, times, the unlock secret
// ---------------------------------------------------------------------------

/**
 * Checks the grant's signature against the platform's public keys, its type,
 * issuer and audience, and that it names this device's key. Says nothing
 * about time: `grantOpen` does, with the injected clock.
 */
export async function verifyOfflineGrant(
  jws: string,
  jwks: JSONWebKeySet,
  expected: { issuer: string; deviceThumbprint: string },
): Promise<OfflineGrantClaims> {
  let payload: Uint8Array;
  let typ: string | undefined;
  try {
    const verified = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: ['ES256'] });
    payload = verified.payload;
    typ = verified.protectedHeader.typ;
  } catch {
    throw new ApiError(
      'PRECONDITION_FAILED',
      "The offline grant does not carry the platform's signature: sign in online.",
    );
  }
  const parsed = OfflineGrantClaims.safeParse(JSON.parse(new TextDecoder().decode(payload)));
  if (typ !== OFFLINE_GRANT_TYPE || !parsed.success)
    throw new ApiError('PRECONDITION_FAILED', 'This is not an offline grant: sign in online.');
  const claims = parsed.data;
  if (claims.iss !== expected.issuer || claims.aud !== OFFLINE_GRANT_AUDIENCE)
    throw new ApiError(
      'PRECONDITION_FAILED',
      'The offline grant was issued by another platform: sign in online.',
    );
  if (claims.cnf.jkt !== expected.deviceThumbprint)
    throw new ApiError(
      'PRECONDITION_FAILED',
      'The offline grant was issued to another workstation: sign in online.',
    );
  return claims;
}

/** The grant's end; like the policy pack's limits, it is inclusive. */
export const grantNotAfter = (claims: Pick<OfflineGrantClaims, 'exp'>): Date =>
  new Date(claims.exp * 1000);

export const grantOpen = (claims: Pick<OfflineGrantClaims, 'exp'>, now: Date): boolean =>
  now.getTime() <= claims.exp * 1000;

/** The officer as the grant names them. Offline, only case work is possible: the detective role. */
export function grantOfficer(claims: OfflineGrantClaims): Officer {
  return {
    id: claims.sub,
    username: claims.preferred_username,
    displayName: claims.name,
    roles: ['detective'],
    amr: claims.amr,
  };
}

/** Why a secret is too weak to guard case data, or null. */
export function unlockSecretProblem(secret: string): string | null {
  if (secret.length < 6 || secret.length > 128)
    return 'The offline unlock secret needs 6 to 128 characters.';
  if (new Set(secret).size === 1) return 'The offline unlock secret must not repeat one character.';
  if (/^\d+$/.test(secret) && isRun(secret))
    return 'The offline unlock secret must not be a run of digits such as 123456.';
  return null;
}

function isRun(digits: string): boolean {
  const steps = new Set<number>();
  for (let i = 1; i < digits.length; i++)
    steps.add((digits.charCodeAt(i) - digits.charCodeAt(i - 1) + 10) % 10);
  return steps.size === 1 && (steps.has(1) || steps.has(9));
}

/** scrypt parameters: 2^15 x 8 takes about 0.1 s, so guessing a 6-digit PIN offline costs about a day per core. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

const derive = (secret: string, salt: Buffer, n: number, r: number, p: number) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(secret.normalize('NFC'), salt, 32, { N: n, r, p, maxmem: SCRYPT.maxmem }, (e, key) =>
      e ? reject(e) : resolve(key),
    ),
  );

/** `scrypt$N$r$p$salt$hash` (base64url): the parameters travel with the hash. */
export async function hashUnlockSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p);
  return [
    'scrypt',
    SCRYPT.N,
    SCRYPT.r,
    SCRYPT.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

export async function verifyUnlockSecret(secret: string, encoded: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = encoded.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(secret, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// ---------------------------------------------------------------------------
// The service: obtain, keep, set the secret, unlock
// ---------------------------------------------------------------------------

/** What the workstation database holds (settings, encrypted at rest). */
const GRANT_SETTING = 'offline.grant';
const SECRET_SETTING = 'offline.secret';
const FAILURES_SETTING = 'offline.failures';

const StoredGrant = z.object({ jws: z.string(), jwks: z.object({ keys: z.array(z.any()) }) });
const StoredSecret = z.object({ officerId: z.string(), hash: z.string() });
const StoredFailures = z.object({
  officerId: z.string(),
  count: z.number().int().min(0),
  lockedOutAt: z.string().nullable(),
});

/** What the session and the UI learn about the grant held on this workstation. */
export interface OfflineGrantView {
  officer: Officer;
  notAfter: Date;
  cases: Case[];
  /** The officer set an unlock secret for it. */
  secretSet: boolean;
  /** Too many wrong secrets: no offline unlock until an online sign-in. */
  lockedOut: boolean;
}

/** An offline lock-out that happened since the last online sign-in, for the audit chain. */
export interface OfflineLockout {
  officerId: string;
  failures: number;
  at: string;
}

export interface OfflineAccessOptions {
  issuer: string;
  platformUrl: string;
  pack: PolicyPack;
  clock: () => Date;
  openWorkstation: () => Promise<RemoteWorkstationStore>;
  /** This device's audit key (the Ed25519 key of the local chain's checkpoints), once it exists. */
  deviceKey: () => Promise<{ deviceId: string; publicKeyPem: string }>;
  fetch?: typeof fetch;
}

export type OfflineAccess = ReturnType<typeof createOfflineAccess>;

export function createOfflineAccess(options: OfflineAccessOptions) {
  const { clock } = options;
  const doFetch = options.fetch ?? platformFetch;
  let view: OfflineGrantView | null = null;

  const setting = async <S extends z.ZodType>(key: string, schema: S) => {
    const value = await (await options.openWorkstation()).getSetting(key);
    const parsed = schema.safeParse(value);
    return parsed.success ? (parsed.data as z.output<S>) : null;
  };
  const put = async (key: string, value: unknown) =>
    (await options.openWorkstation()).setSetting(key, value, clock());

  /** Reads and re-verifies the stored grant (the database could come from elsewhere). */
  async function stored(): Promise<OfflineGrantClaims | null> {
    const grant = await setting(GRANT_SETTING, StoredGrant);
    if (!grant) return null;
    const { publicKeyPem } = await options.deviceKey();
    return verifyOfflineGrant(grant.jws, grant.jwks as JSONWebKeySet, {
      issuer: options.issuer,
      deviceThumbprint: await deviceKeyThumbprint(publicKeyPem),
    });
  }

  async function refreshView(claims: OfflineGrantClaims | null): Promise<OfflineGrantView | null> {
    if (!claims) return (view = null);
    const secret = await setting(SECRET_SETTING, StoredSecret);
    const failures = await setting(FAILURES_SETTING, StoredFailures);
    view = {
      officer: grantOfficer(claims),
      notAfter: grantNotAfter(claims),
      cases: claims.cases,
      secretSet: secret?.officerId === claims.sub,
      lockedOut: failures?.officerId === claims.sub && failures.lockedOutAt !== null,
    };
    return view;
  }

  return {
    /** The grant held now (kept in memory for the session's synchronous status). */
    current: (): OfflineGrantView | null => view,

    /** At start: the grant a previous run obtained, if it is still this device's. */
    async load(): Promise<OfflineGrantView | null> {
      return refreshView(await stored());
    },

    /**
     * After an online sign-in: asks the platform for a grant, checks it
     * against the platform's JWKS (fetched now, kept for offline checks) and
     * stores both. An online sign-in ends a lock-out; the lock-out it ends is
     * returned, for the audit chain. `device` is the key of the running audit
     * log: the workstation database and the key exist by then.
     */
    async obtain(
      accessToken: string,
      jwksUri: string,
      device: { deviceId: string; publicKeyPem: string },
    ): Promise<{ view: OfflineGrantView; endedLockout: OfflineLockout | null }> {
      const res = await doFetch(new URL(OFFLINE_GRANTS_PATH, options.platformUrl), {
        method: 'POST',
        headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(
          OfflineGrantRequest.parse({
            deviceId: device.deviceId,
            publicKeyPem: device.publicKeyPem,
          }),
        ),
        signal: AbortSignal.timeout(30_000),
      });
      if (!res.ok)
        throw new ApiError(
          'UNAVAILABLE',
          `The platform did not issue an offline grant (HTTP ${res.status}).`,
        );
      const { grant } = OfflineGrantResponse.parse(await res.json());
      const keys = await doFetch(jwksUri, { signal: AbortSignal.timeout(30_000) });
      if (!keys.ok)
        throw new ApiError(
          'UNAVAILABLE',
          `The platform's public keys are not available (HTTP ${keys.status}).`,
        );
      const jwks = (await keys.json()) as JSONWebKeySet;
      const claims = await verifyOfflineGrant(grant, jwks, {
        issuer: options.issuer,
        deviceThumbprint: await deviceKeyThumbprint(device.publicKeyPem),
      });
      const previous = await setting(FAILURES_SETTING, StoredFailures);
      await put(GRANT_SETTING, { jws: grant, jwks });
      await put(FAILURES_SETTING, { officerId: claims.sub, count: 0, lockedOutAt: null });
      // A secret belongs to one officer: another officer's grant makes it useless.
      const secret = await setting(SECRET_SETTING, StoredSecret);
      if (secret && secret.officerId !== claims.sub) await put(SECRET_SETTING, null);
      return {
        view: (await refreshView(claims))!,
        endedLockout:
          previous?.lockedOutAt != null
            ? { officerId: previous.officerId, failures: previous.count, at: previous.lockedOutAt }
            : null,
      };
    },

    /** The officer (signed in online, grant held) chooses the secret that unlocks offline. */
    async setSecret(officerId: string, secret: string): Promise<OfflineGrantView> {
      const problem = unlockSecretProblem(secret);
      if (problem) throw new ApiError('INVALID_ARGUMENT', problem);
      const claims = await stored();
      if (!claims || claims.sub !== officerId || !grantOpen(claims, clock()))
        throw new ApiError(
          'PRECONDITION_FAILED',
          'This workstation holds no offline grant for you yet: sign in online again.',
        );
      await put(SECRET_SETTING, { officerId, hash: await hashUnlockSecret(secret) });
      await put(FAILURES_SETTING, { officerId, count: 0, lockedOutAt: null });
      return (await refreshView(claims))!;
    },

    /**
     * The offline unlock: a grant of this device, still open by the injected
     * clock, and the right secret. Each wrong secret counts (kept on disk, so
     * a restart does not reset it); the last allowed one deletes the hash.
     */
    async unlock(secret: string): Promise<{ claims: OfflineGrantClaims; failedBefore: number }> {
      const claims = await stored();
      if (!claims)
        throw new ApiError(
          'PRECONDITION_FAILED',
          'This workstation holds no offline grant: connect to the platform and sign in.',
        );
      if (!grantOpen(claims, clock()))
        throw new ApiError(
          'LOCKED',
          'The offline period has ended: connect to the platform and sign in to unlock case data.',
        );
      const failures = (await setting(FAILURES_SETTING, StoredFailures)) ?? {
        officerId: claims.sub,
        count: 0,
        lockedOutAt: null,
      };
      const hash = await setting(SECRET_SETTING, StoredSecret);
      if (failures.lockedOutAt !== null || !hash || hash.officerId !== claims.sub)
        throw new ApiError(
          'LOCKED',
          failures.lockedOutAt !== null
            ? 'Offline unlock is blocked after too many wrong secrets: connect to the platform and sign in.'
            : 'No offline unlock secret was set at sign-in: connect to the platform and sign in.',
        );
      if (await verifyUnlockSecret(secret, hash.hash)) {
        await put(FAILURES_SETTING, { officerId: claims.sub, count: 0, lockedOutAt: null });
        await refreshView(claims);
        return { claims, failedBefore: failures.count };
      }
      const count = failures.count + 1;
      const max = options.pack.offline.maxUnlockFailures;
      const lockedOut = count >= max;
      if (lockedOut) await put(SECRET_SETTING, null);
      await put(FAILURES_SETTING, {
        officerId: claims.sub,
        count,
        lockedOutAt: lockedOut ? clock().toISOString() : null,
      });
      await refreshView(claims);
      throw new ApiError(
        lockedOut ? 'LOCKED' : 'UNAUTHENTICATED',
        lockedOut
          ? `Wrong offline unlock secret ${count} times: offline unlock is blocked until you sign in online.`
          : `Wrong offline unlock secret (${max - count} ${max - count === 1 ? 'try' : 'tries'} left).`,
      );
    },

    /** Sign-out ends the shift: the grant and the secret are deleted. */
    async forget(): Promise<void> {
      view = null;
      await put(GRANT_SETTING, null);
      await put(SECRET_SETTING, null);
    },
  };
}

// ---------------------------------------------------------------------------
// Cases while offline
// ---------------------------------------------------------------------------

/**
 * The platform client as the case service sees it: while the session works
 * offline, a case the grant covers is answered from the grant, any other is
 * refused. Online, nothing changes.
 */
export function withOfflineCases(
  platform: PlatformClient,
  offlineCases: () => Case[] | null,
): PlatformClient {
  return {
    ...platform,
    async getCase(caseId: string) {
      try {
        return await platform.getCase(caseId);
      } catch (error) {
        const cases = offlineCases();
        if (!(error instanceof ApiError && error.code === 'UNAVAILABLE') || cases === null)
          throw error;
        const c = cases.find((x) => x.id === caseId);
        if (!c)
          throw new ApiError(
            'FORBIDDEN',
            'This case is not covered by your offline grant: it needs the platform.',
          );
        return c;
      }
    },
  };
}
