import { z } from 'zod';

/**
 * The platform's signed time (#15 trusted clock): what the workstation anchors
 * its clock to.
 *
 * Choice: `/healthz?nonce=N` answers, besides its plain `time`, a compact JWS
 * (ES256) made with the platform's OIDC signing key (the key published at the
 * issuer's JWKS) over `{ iss, time, nonce }`. Not the `iat` of the access
 * token: that only changes when the token is refreshed (minutes apart), the
 * workstation does not verify token signatures, and a captured token could be
 * replayed to anchor an old time. A fresh nonce per contact makes every
 * answer usable once, the JWS makes it the platform's, and /healthz is
 * reachable before sign-in, where the first anchor is taken.
 */

/** JWS `typ` header: a signed time is never mistaken for a token, nor a token for it. */
export const SIGNED_TIME_TYP = 'anpr-time+jws';

/** 128 to 256 bits of randomness in base64url, made by the workstation per request. */
export const TimeNonce = z.string().regex(/^[A-Za-z0-9_-]{22,43}$/, 'expected a base64url nonce');

export const SignedTimePayload = z.strictObject({
  /** The issuer whose key signed it (the platform's OIDC issuer). */
  iss: z.string().min(1),
  /** The platform's time when it answered, UTC. */
  time: z.iso.datetime(),
  /** The workstation's nonce, echoed. */
  nonce: TimeNonce,
});
export type SignedTimePayload = z.infer<typeof SignedTimePayload>;
