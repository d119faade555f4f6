import { CompactSign, importJWK, type JWK } from 'jose';
import { SIGNED_TIME_TYP, type SignedTimePayload } from '../../common/signed-time.ts';
import type { SigningJwk } from '../identity/keys.ts';

/**
 * Signs the platform's time for a workstation's nonce (common/signed-time.ts
 * says why /healthz and not the token's iat). The key is the OIDC signing
 * key: the workstation already finds its public half at the issuer's JWKS.
 */
export type TimeSigner = (time: Date, nonce: string) => Promise<string>;

export async function createTimeSigner(jwk: SigningJwk, issuer: string): Promise<TimeSigner> {
  const key = await importJWK(jwk as JWK, jwk.alg);
  const header = { alg: jwk.alg, kid: jwk.kid, typ: SIGNED_TIME_TYP };
  return (time, nonce) => {
    const payload: SignedTimePayload = { iss: issuer, time: time.toISOString(), nonce };
    return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader(header)
      .sign(key);
  };
}
