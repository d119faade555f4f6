import { createPublicKey } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK } from 'jose';
import { z } from 'zod';
import { Case } from './case.ts';
import { Role } from './officer.ts';
import { Timestamp } from './read.ts';

/**
 * The offline grant (#15): what the platform signs after an online sign-in
 * with MFA so that one officer may work on one workstation without it for a
 * while. Both sides read it with these schemas: the platform issues it, the
 * workstation verifies it offline against the platform's public keys.
 *
 * A compact JWS (ES256, the platform's identity signing key) whose payload
 * names the officer, the device (RFC 7800 `cnf.jkt`: the RFC 7638
 * thumbprint of the workstation's Ed25519 audit key, so a grant copied to
 * another machine is worthless), the cases it covers and its end (`exp`).
 */
export const OFFLINE_GRANT_TYPE = 'anpr-offline-grant+jwt';
export const OFFLINE_GRANT_AUDIENCE = 'urn:anpr:workstation-offline';
export const OFFLINE_GRANTS_PATH = '/api/v1/offline-grants';

export const OfflineGrantRequest = z.object({
  deviceId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  /** The workstation's Ed25519 audit key (SPKI PEM), the same one its checkpoints are signed with. */
  publicKeyPem: z.string().min(40).max(2000),
});

export const OfflineGrantResponse = z.object({
  grant: z.string().min(20).max(500_000),
  notAfter: Timestamp,
});

export const OfflineGrantClaims = z.object({
  iss: z.string().min(1),
  aud: z.literal(OFFLINE_GRANT_AUDIENCE),
  jti: z.string().min(1).max(64),
  /** Officer id. */
  sub: z.string().min(1).max(64),
  preferred_username: z.string().min(1).max(64),
  name: z.string().min(1).max(120),
  roles: z.array(Role).min(1),
  amr: z.array(z.string()),
  /** Seconds since the epoch; the grant holds up to and including `exp`. */
  iat: z.number().int(),
  exp: z.number().int(),
  device_id: z.string().min(1).max(64),
  cnf: z.object({ jkt: z.string().min(20).max(100) }),
  policy: z.enum(['be', 'dk']),
  /** The cases the officer was assigned to at sign-in: the only ones usable offline. */
  cases: z.array(Case).max(1000),
});
export type OfflineGrantClaims = z.infer<typeof OfflineGrantClaims>;

/** RFC 7638 thumbprint (SHA-256) of an Ed25519 public key given as SPKI PEM. */
export async function deviceKeyThumbprint(publicKeyPem: string): Promise<string> {
  const jwk = await exportJWK(createPublicKey(publicKeyPem));
  return calculateJwkThumbprint(jwk, 'sha256');
}
