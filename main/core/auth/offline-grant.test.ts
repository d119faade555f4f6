import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, SignJWT, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateDeviceKeyPair } from '../../../common/audit-chain.node.ts';
import {
  deviceKeyThumbprint,
  OFFLINE_GRANT_AUDIENCE,
  OFFLINE_GRANT_TYPE,
} from '../../../common/offline-grant.node.ts';
import {
  grantOpen,
  hashUnlockSecret,
  unlockSecretProblem,
  verifyOfflineGrant,
  verifyUnlockSecret,
} from './offline-grant.ts';

const ISSUER = 'https://platform.example/oidc';
/** A fixed instant: these checks never depend on the day they run. */
const NOW_S = Math.floor(Date.parse('2026-11-18T08:00:00Z') / 1000);

async function platformKeys() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  return { privateKey, jwks: { keys: [jwk] } };
}

async function grantFor(
  privateKey: Parameters<SignJWT['sign']>[0],
  devicePem: string,
  overrides: { typ?: string; issuer?: string } = {},
) {
  const now = NOW_S;
  return new SignJWT({
    preferred_username: 'detective1',
    name: 'Detective One',
    roles: ['detective'],
    amr: ['pwd', 'otp'],
    device_id: 'ws-0123456789abcdef',
    cnf: { jkt: await deviceKeyThumbprint(devicePem) },
    policy: 'be',
    cases: [],
  })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: overrides.typ ?? OFFLINE_GRANT_TYPE })
    .setIssuer(overrides.issuer ?? ISSUER)
    .setAudience(OFFLINE_GRANT_AUDIENCE)
    .setSubject('officer-1')
    .setJti('grant-1')
    .setIssuedAt(now)
    .setExpirationTime(now + 12 * 3600)
    .sign(privateKey);
}

describe('the offline grant, checked on the workstation', () => {
  it('accepts a grant the platform signed for this device, and nothing else', async () => {
    const { privateKey, jwks } = await platformKeys();
    const device = generateDeviceKeyPair();
    const expected = {
      issuer: ISSUER,
      deviceThumbprint: await deviceKeyThumbprint(device.publicKeyPem),
    };
    const grant = await grantFor(privateKey, device.publicKeyPem);
    await expect(verifyOfflineGrant(grant, jwks, expected)).resolves.toMatchObject({
      sub: 'officer-1',
      roles: ['detective'],
    });

    // Copied to another workstation: its device key is not the one named.
    const other = generateDeviceKeyPair();
    await expect(
      verifyOfflineGrant(grant, jwks, {
        ...expected,
        deviceThumbprint: await deviceKeyThumbprint(other.publicKeyPem),
      }),
    ).rejects.toThrow(/another workstation/);

    // Longer by editing the payload: the signature no longer holds.
    const [header, payload, signature] = grant.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { exp: number };
    claims.exp += 86_400;
    const stretched = [
      header,
      Buffer.from(JSON.stringify(claims)).toString('base64url'),
      signature,
    ];
    await expect(verifyOfflineGrant(stretched.join('.'), jwks, expected)).rejects.toThrow(
      /signature/,
    );

    // Signed by someone else's key.
    const forger = await platformKeys();
    await expect(
      verifyOfflineGrant(await grantFor(forger.privateKey, device.publicKeyPem), jwks, expected),
    ).rejects.toThrow(/signature/);

    // Another token type from the same key (an access token) is no grant.
    await expect(
      verifyOfflineGrant(
        await grantFor(privateKey, device.publicKeyPem, { typ: 'at+jwt' }),
        jwks,
        expected,
      ),
    ).rejects.toThrow(/not an offline grant/);

    // Another platform's grant.
    await expect(
      verifyOfflineGrant(
        await grantFor(privateKey, device.publicKeyPem, { issuer: 'https://elsewhere/oidc' }),
        jwks,
        expected,
      ),
    ).rejects.toThrow(/another platform/);
  });

  it('holds up to and including its end, not a millisecond longer', () => {
    const exp = NOW_S;
    expect(grantOpen({ exp }, new Date(exp * 1000))).toBe(true);
    expect(grantOpen({ exp }, new Date(exp * 1000 + 1))).toBe(false);
  });
});

describe('the offline unlock secret', () => {
  it('is kept as a salted scrypt hash that only the same secret matches', async () => {
    const secret = 'harbour-night-7';
    const hash = await hashUnlockSecret(secret);
    expect(hash).toMatch(/^scrypt\$/);
    expect(hash).not.toContain(secret);
    expect(await hashUnlockSecret(secret)).not.toBe(hash); // a new salt each time
    expect(await verifyUnlockSecret(secret, hash)).toBe(true);
    expect(await verifyUnlockSecret('harbour-night-8', hash)).toBe(false);
    expect(await verifyUnlockSecret(secret, 'plain:' + secret)).toBe(false);
  });

  it('refuses secrets too weak to guard case data', () => {
    for (const weak of ['12345', '111111', '123456', '987654', 'aaaaaaaa'])
      expect(unlockSecretProblem(weak), weak).not.toBeNull();
    for (const fine of ['482913', 'harbour-night-7']) expect(unlockSecretProblem(fine)).toBeNull();
  });
});
