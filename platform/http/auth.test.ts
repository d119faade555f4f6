import { importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestPlatform, testClock, type TestPlatform } from '../testing/platform.ts';
import { route } from './openapi.ts';

let tp: TestPlatform;
const clock = testClock();

beforeAll(async () => {
  tp = await startTestPlatform({
    clock,
    limits: { perOfficerPerMinute: 6 },
    routes: [
      (app) => {
        route(
          app,
          {
            method: 'GET',
            path: '/test/detective-only',
            summary: 'detective-only',
            tags: ['test'],
            security: { roles: ['detective'] },
            response: z.object({ ok: z.literal(true) }),
          },
          () => ({ ok: true as const }),
        );
        route(
          app,
          {
            method: 'GET',
            path: '/test/approvals',
            summary: 'prosecutor or commissioner',
            tags: ['test'],
            security: { roles: ['prosecutor', 'commissioner'] },
            response: z.object({ by: z.string() }),
          },
          ({ officer }) => ({ by: officer.username }),
        );
      },
    ],
  });
});

afterAll(async () => {
  await tp?.close();
});

async function call(path: string, token?: string) {
  const response = await fetch(
    `${tp.url}${path}`,
    token ? { headers: { authorization: `Bearer ${token}` } } : {},
  );
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as { error?: { code: string; message: string } },
  };
}

/** A token signed with the provider's own key: valid in every way except what we vary. */
async function forge(claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const jwk = tp.ctx.identity.secrets.jwks.keys[0]!;
  const key = await importJWK(jwk, 'ES256');
  const account = tp.accounts.detective1!;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: tp.issuer,
    aud: 'urn:anpr:platform',
    sub: account.id,
    jti: `jti-${Math.random()}`,
    iat: now,
    exp: now + 300,
    client_id: 'anpr-workstation',
    roles: account.roles,
    preferred_username: account.username,
    name: account.displayName,
    amr: ['pwd'],
    ...claims,
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: jwk.kid, ...header })
    .sign(key);
}

describe('authenticate()', () => {
  it('refuses calls without a token, with a clear message and a Bearer challenge', async () => {
    const res = await call('/test/detective-only');
    expect(res.status).toBe(401);
    expect(res.body.error).toEqual({
      code: 'unauthenticated',
      message: expect.stringContaining('Sign in'),
    });
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('refuses a token without a second factor (amr lacks otp) with mfa_required', async () => {
    const res = await call('/test/detective-only', await forge({ amr: ['pwd'] }));
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe('mfa_required');
    expect(res.body.error?.message).toMatch(/authenticator code/);
    expect(res.headers.get('www-authenticate')).toContain('insufficient_user_authentication');
    // The same token with otp passes: only the factor made the difference.
    expect((await call('/test/detective-only', await forge({ amr: ['pwd', 'otp'] }))).status).toBe(
      200,
    );
  });

  it('refuses a prosecutor on a detective-only route with 403 and lets them through their own', async () => {
    const { accessToken } = await tp.login('prosecutor1');
    const refused = await call('/test/detective-only', accessToken);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual({
      code: 'forbidden',
      message: expect.stringContaining('detective role'),
    });
    const allowed = await call('/test/approvals', accessToken);
    expect(allowed).toMatchObject({ status: 200, body: { by: 'prosecutor1' } });
  });

  it('refuses tokens from another issuer, for another audience, expired, or not typed at+jwt', async () => {
    const cases = [
      await forge({ amr: ['pwd', 'otp'], iss: 'http://127.0.0.1:1/oidc' }),
      await forge({ amr: ['pwd', 'otp'], aud: 'urn:other' }),
      await forge({ amr: ['pwd', 'otp'], exp: Math.floor(Date.now() / 1000) - 60 }),
      await forge({ amr: ['pwd', 'otp'] }, { typ: 'JWT' }),
      'not-a-jwt',
    ];
    for (const token of cases) {
      const res = await call('/test/detective-only', token);
      expect(res.status).toBe(401);
      expect(res.body.error?.code).toBe('unauthenticated');
    }
  });

  it('limits requests per officer', async () => {
    const token = await forge({
      amr: ['pwd', 'otp'],
      sub: tp.accounts.detective2!.id,
      preferred_username: 'detective2',
    });
    // Start of a fresh rate window, so the count cannot straddle two windows.
    clock.set(new Date(Math.ceil(clock().getTime() / 60_000) * 60_000 + 1_000));
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await call('/test/detective-only', token)).status);
    expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(statuses[6]).toBe(429);
    // Another officer is not affected.
    expect((await call('/test/detective-only', await forge({ amr: ['pwd', 'otp'] }))).status).toBe(
      200,
    );
  });
});
