import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import type { Db } from '../store/sqlite.ts';

/**
 * Secrets the identity provider needs to survive a restart: the token signing
 * key (else every issued token and session becomes invalid) and the cookie
 * keys. Generated on first start, kept in the encrypted database.
 */

export interface SigningJwk extends JsonWebKey {
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

export interface IdentitySecrets {
  /** Private JWKS handed to oidc-provider. */
  jwks: { keys: SigningJwk[] };
  /** Public half, for verifying access tokens in-process. */
  publicJwks: { keys: JsonWebKey[] };
  cookieKeys: string[];
}

export function loadOrCreateSecret(
  db: Db,
  name: string,
  create: () => string,
  now: () => Date,
): string {
  const row = db.prepare('SELECT value FROM identity_secrets WHERE name = ?').get(name) as
    { value: string } | undefined;
  if (row) return row.value;
  const value = create();
  // INSERT OR IGNORE + re-read: two processes starting at once agree on one value.
  db.prepare(
    'INSERT OR IGNORE INTO identity_secrets (name, value, created_at) VALUES (?, ?, ?)',
  ).run(name, value, now().toISOString());
  return (
    db.prepare('SELECT value FROM identity_secrets WHERE name = ?').get(name) as { value: string }
  ).value;
}

function newSigningKey(): SigningJwk {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'ES256', use: 'sig' };
}

export function loadIdentitySecrets(db: Db, now: () => Date): IdentitySecrets {
  const jwks = JSON.parse(
    loadOrCreateSecret(db, 'oidc.jwks', () => JSON.stringify({ keys: [newSigningKey()] }), now),
  ) as { keys: SigningJwk[] };
  const cookieKeys = JSON.parse(
    loadOrCreateSecret(
      db,
      'oidc.cookie-keys',
      () => JSON.stringify([randomBytes(32).toString('base64url')]),
      now,
    ),
  ) as string[];
  const publicJwks = {
    keys: jwks.keys.map(({ kty, crv, x, y, kid, alg, use }) => ({ kty, crv, x, y, kid, alg, use })),
  };
  return { jwks, publicJwks, cookieKeys };
}
