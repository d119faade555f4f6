import { compactVerify, createLocalJWKSet, errors as joseErrors, type JSONWebKeySet } from 'jose';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '../../../common/api/result.ts';
import { SIGNED_TIME_TYP, SignedTimePayload } from '../../../common/signed-time.ts';
import { platformFetch } from '../platform-fetch.ts';

/**
 * Audit entries carry our time; if our clock and the platform's disagree, an
 * auditor cannot line the two logs up, and retention deadlines shift. So the
 * workstation refuses to work when the difference exceeds a limit.
 */
export const DEFAULT_MAX_SKEW_SECONDS = 120;

const Health = z.object({ time: z.iso.datetime({ offset: true }) });

export interface SkewResult {
  skewMs: number;
  /** Plain-language reason to refuse work, or null when within the limit. */
  problem: string | null;
}

/** Pure: skew estimated at the midpoint of the request, as NTP does. */
export function assessSkew(
  sentAt: number,
  receivedAt: number,
  serverTime: number,
  maxSkewSeconds: number,
): SkewResult {
  const skewMs = serverTime - (sentAt + receivedAt) / 2;
  if (Math.abs(skewMs) <= maxSkewSeconds * 1000) return { skewMs, problem: null };
  const minutes = Math.round(Math.abs(skewMs) / 60_000);
  const amount =
    minutes >= 1
      ? `${minutes} minute${minutes === 1 ? '' : 's'}`
      : `${Math.round(Math.abs(skewMs) / 1000)} seconds`;
  return {
    skewMs,
    problem:
      `This computer's clock is ${amount} ${skewMs > 0 ? 'behind' : 'ahead of'} the platform's. ` +
      'Audit times and retention deadlines would be wrong, so the workstation will not work until the system clock is corrected (enable automatic time / NTP), then try again.',
  };
}

export async function checkPlatformClock(
  platformUrl: string,
  clock: () => Date,
  maxSkewSeconds = DEFAULT_MAX_SKEW_SECONDS,
  fetchImpl: typeof fetch = platformFetch,
): Promise<SkewResult> {
  const sentAt = clock().getTime();
  const res = await fetchImpl(new URL('/healthz', platformUrl), {
    signal: AbortSignal.timeout(10_000),
  });
  const receivedAt = clock().getTime();
  const body = Health.parse(await res.json());
  return assessSkew(sentAt, receivedAt, Date.parse(body.time), maxSkewSeconds);
}

// ---------------------------------------------------------------------------
// Signed time: the trusted clock's anchor (#15 item 3)
// ---------------------------------------------------------------------------

const SignedHealth = z.object({
  time: z.iso.datetime({ offset: true }),
  signedTime: z.string().min(1).max(4096),
});

export interface SignedPlatformTime {
  /** The platform's signed time, epoch ms. */
  serverMs: number;
  /** Monotonic reading at the request's midpoint: the instant serverMs is taken to describe. */
  monotonicMs: number;
  /** Wall clock at the same midpoint, for the skew check. */
  wallMs: number;
}

export interface SignedTimeOptions {
  /** The platform's OIDC issuer: its JWKS holds the key that signs the time. */
  issuer: string;
  wall: () => Date;
  monotonic: () => number;
  fetch?: typeof fetch;
  /** A nonce per request; injected only to test a replayed answer. */
  nonce?: () => string;
}

/**
 * Reads the platform's time signed for a fresh nonce and checks the JWS
 * against the issuer's published keys (fetched again once when an unknown key
 * id appears, as after a key rotation). Throws UNAVAILABLE when the platform
 * cannot be reached and PRECONDITION_FAILED when the answer is not a valid
 * signed time for this request: such a time is never used as an anchor.
 */
export function createSignedTimeReader(platformUrl: string, options: SignedTimeOptions) {
  const fetchImpl = options.fetch ?? platformFetch;
  const makeNonce = options.nonce ?? (() => randomBytes(18).toString('base64url'));
  let keys: ReturnType<typeof createLocalJWKSet> | null = null;

  const loadKeys = async () => {
    const jwksUrl = `${options.issuer.replace(/\/$/, '')}/jwks`;
    const res = await fetchImpl(jwksUrl, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`the platform's keys are not available (HTTP ${res.status})`);
    keys = createLocalJWKSet((await res.json()) as JSONWebKeySet);
    return keys;
  };

  const verify = async (jws: string) => {
    try {
      return await compactVerify(jws, keys ?? (await loadKeys()), { algorithms: ['ES256'] });
    } catch (error) {
      if (!(error instanceof joseErrors.JWKSNoMatchingKey)) throw error;
      return compactVerify(jws, await loadKeys(), { algorithms: ['ES256'] });
    }
  };

  return async function read(): Promise<SignedPlatformTime> {
    const nonce = makeNonce();
    const url = new URL('/healthz', platformUrl);
    url.searchParams.set('nonce', nonce);
    const sentMono = options.monotonic();
    const sentWall = options.wall().getTime();
    let body: z.infer<typeof SignedHealth>;
    try {
      const res = await fetchImpl(url, { signal: AbortSignal.timeout(10_000) });
      body = SignedHealth.parse(await res.json());
    } catch (error) {
      if (error instanceof z.ZodError) throw refused('it did not sign its time');
      throw error;
    }
    const receivedMono = options.monotonic();
    const receivedWall = options.wall().getTime();
    let payload: SignedTimePayload;
    try {
      const { payload: bytes, protectedHeader } = await verify(body.signedTime);
      if (protectedHeader.typ !== SIGNED_TIME_TYP) throw new Error('not a signed time');
      payload = SignedTimePayload.parse(JSON.parse(new TextDecoder().decode(bytes)));
    } catch (error) {
      if (error instanceof TypeError || (error as Error).name === 'TimeoutError') throw error;
      throw refused('its signature does not verify with the platform’s keys');
    }
    if (payload.nonce !== nonce) throw refused('it answers another request (replayed)');
    if (payload.iss !== options.issuer) throw refused('it was signed for another issuer');
    return {
      serverMs: Date.parse(payload.time),
      monotonicMs: (sentMono + receivedMono) / 2,
      wallMs: (sentWall + receivedWall) / 2,
    };
  };
}

function refused(why: string): ApiError {
  return new ApiError(
    'PRECONDITION_FAILED',
    `The platform's time could not be trusted: ${why}. The workstation does not work on an ` +
      'unconfirmed clock; contact your IT support.',
  );
}
