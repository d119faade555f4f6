import * as client from 'openid-client';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { route } from '../http/openapi.ts';
import {
  CookieJar,
  discoverWorkstation,
  fetchWithJar,
  LoginFailed,
  loginHeadless,
} from '../testing/login.ts';
import { startTestPlatform, testClock, type TestPlatform } from '../testing/platform.ts';
import { totpCode } from './totp.ts';

// Test bodies are inspected loosely; the platform validates them with zod.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const readJson = (response: Response): Promise<Json> => response.json() as Promise<Json>;

/** Real HTTP, real provider, real TOTP: what the workstation will do. */

const clock = testClock();
let tp: TestPlatform;

beforeAll(async () => {
  tp = await startTestPlatform({
    clock,
    routes: [
      (app) =>
        route(
          app,
          {
            method: 'GET',
            path: '/test/cases',
            summary: 'detective-only test route',
            tags: ['test'],
            security: { roles: ['detective'] },
            response: z.object({ officer: z.string(), roles: z.array(z.string()) }),
          },
          ({ officer }) => ({ officer: officer.username, roles: officer.roles }),
        ),
    ],
  });
});

afterAll(async () => {
  await tp?.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function authUrl(params: Record<string, string>): URL {
  const url = new URL(`${tp.issuer}/auth`);
  const base = {
    client_id: 'anpr-workstation',
    response_type: 'code',
    scope: 'openid profile offline_access',
    redirect_uri: 'http://127.0.0.1:51000/callback',
    state: 'st4te-value-1234',
  };
  for (const [k, v] of Object.entries({ ...base, ...params }))
    if (v !== '') url.searchParams.set(k, v);
  return url;
}

describe('officer sign-in', () => {
  it('a detective signs in with password + TOTP and gets a JWT access token with MFA and roles', async () => {
    const tokens = await tp.login('detective1');
    expect(tokens.expiresIn).toBeLessThanOrEqual(300);
    expect(decodeProtectedHeader(tokens.accessToken)).toMatchObject({
      typ: 'at+jwt',
      alg: 'ES256',
    });
    const claims = decodeJwt(tokens.accessToken);
    expect(claims).toMatchObject({
      iss: tp.issuer,
      aud: 'urn:anpr:platform',
      client_id: 'anpr-workstation',
      sub: tp.accounts.detective1!.id,
      preferred_username: 'detective1',
      roles: ['detective', 'supervisor'],
      amr: ['pwd', 'otp'],
      acr: 'urn:anpr:mfa',
    });
    expect(claims.exp! - claims.iat!).toBe(300);

    const ok = await fetch(`${tp.url}/test/cases`, { headers: bearer(tokens.accessToken) });
    expect(ok.status).toBe(200);
    expect(await readJson(ok)).toEqual({
      officer: 'detective1',
      roles: ['detective', 'supervisor'],
    });
  });

  it('refuses a wrong password, then locks the account after 5 failures for 10 minutes', async () => {
    const { password, totpSecret } = tp.accounts.detective2!;
    const attempt = (pw: string) =>
      loginHeadless({
        issuer: tp.issuer,
        username: 'detective2',
        password: pw,
        totpSecret,
        totpTime: clock(),
      });

    for (let i = 1; i <= 4; i++) {
      await expect(attempt(`wrong-${i}`)).rejects.toMatchObject({
        status: 401,
        message: expect.stringContaining('password or authenticator code is incorrect'),
      });
    }
    await expect(attempt('wrong-5')).rejects.toMatchObject({
      status: 423,
      message: expect.stringContaining('locked'),
    });
    const lockedAt = clock().getTime();

    // The right password is refused throughout the lock.
    clock.set(new Date(lockedAt + 10 * 60_000 - 1_000));
    await expect(attempt(password)).rejects.toMatchObject({
      status: 423,
      message: expect.stringContaining('1 minute'),
    });
    clock.set(new Date(lockedAt + 10 * 60_000));
    const tokens = await attempt(password);
    expect(decodeJwt(tokens.accessToken).preferred_username).toBe('detective2');
  });

  it('refuses a wrong TOTP code and a replayed one', async () => {
    const { password, totpSecret } = tp.accounts.prosecutor1!;
    const at = clock();
    const code = await totpCode(totpSecret, at);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const base = { issuer: tp.issuer, username: 'prosecutor1', password, totpSecret };
    await expect(loginHeadless({ ...base, totpCode: wrong })).rejects.toBeInstanceOf(LoginFailed);
    await loginHeadless({ ...base, totpCode: code });
    await expect(loginHeadless({ ...base, totpCode: code })).rejects.toMatchObject({
      status: 401,
      message: expect.stringContaining('incorrect'),
    });
  });

  it('shows the sign-in page in NL/FR/EN, accessible and under a strict CSP', async () => {
    const jar = new CookieJar();
    const start = await fetchWithJar(
      jar,
      authUrl({ code_challenge: 'x'.repeat(43), code_challenge_method: 'S256', ui_locales: 'fr' }),
    );
    expect(start.status).toBe(303);
    const page = new URL(start.headers.get('location')!, tp.url);
    const fr = await fetchWithJar(jar, page);
    const html = await fr.text();
    expect(fr.headers.get('content-security-policy')).toMatch(
      /default-src 'none'.*style-src 'sha256-/,
    );
    expect(fr.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Mot de passe');
    expect(html).toMatch(
      /<label for="username">[^<]+<\/label>\s*<input id="username" name="username"[^>]*autocomplete="username"/,
    );
    expect(html).toMatch(/autocomplete="current-password"/);
    expect(html).toMatch(/autocomplete="one-time-code"/);
    expect(html).not.toContain('<script');

    const nl = await fetchWithJar(jar, new URL(`${page.pathname}?lang=nl`, tp.url));
    expect(await nl.text()).toContain('<html lang="nl">');

    const en = await fetchWithJar(jar, new URL(`${page.pathname}?lang=en`, tp.url), {
      headers: { 'accept-language': 'nl-BE' },
    });
    expect(await en.text()).toContain('<html lang="en">');

    // Missing fields: messages tied to the fields, no log-on attempt counted.
    const post = await fetchWithJar(jar, new URL(`${page.pathname}/login`, tp.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=detective1&password=&code=12&lang=en',
    });
    expect(post.status).toBe(400);
    const errorHtml = await post.text();
    expect(errorHtml).toMatch(
      /id="password"[^>]*aria-describedby="password-error"[^>]*aria-invalid="true"/,
    );
    expect(errorHtml).toMatch(/<p class="field-error" id="code-error">Enter the 6 digits/);
    expect(errorHtml).toContain('role="alert"');
    expect(errorHtml).toContain('value="detective1"');
  });

  it('requires PKCE with S256', async () => {
    for (const params of [
      {},
      { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' },
    ] as Array<Record<string, string>>) {
      const response = await fetch(authUrl(params), { redirect: 'manual' });
      const target = response.headers.get('location') ?? '';
      // Refused back to the client with an error: no sign-in page, no code.
      expect(response.status).toBe(303);
      expect(target).toMatch(/^http:\/\/127\.0\.0\.1:51000\/callback\?/);
      const back = new URL(target);
      expect(back.searchParams.get('error')).toBe('invalid_request');
      expect(back.searchParams.get('error_description')).toMatch(/PKCE|code_challenge/i);
      expect(back.searchParams.has('code')).toBe(false);
    }
  });

  it('refuses redirects other than the loopback callback', async () => {
    for (const redirect of [
      'https://evil.example/callback',
      'http://localhost:51000/callback',
      'http://127.0.0.1:51000/other',
      'http://127.0.0.1:51000/callback?x=1',
    ]) {
      const response = await fetch(
        authUrl({
          redirect_uri: redirect,
          code_challenge: 'a'.repeat(43),
          code_challenge_method: 'S256',
        }),
        { redirect: 'manual' },
      );
      expect(response.status, redirect).toBe(400);
      expect(await response.text()).toContain('redirect_uri');
    }
  });

  it('rotates refresh tokens; reusing a rotated one revokes the whole sign-in', async () => {
    const first = await tp.login('supervisor1');
    const config = await discoverWorkstation(tp.issuer);

    const second = await client.refreshTokenGrant(config, first.refreshToken);
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refreshToken);
    // MFA and roles survive the refresh.
    expect(decodeJwt(second.access_token)).toMatchObject({
      amr: ['pwd', 'otp'],
      roles: ['supervisor'],
    });
    const me = await fetch(`${tp.url}/me`, { headers: bearer(second.access_token) });
    expect(me.status).toBe(200);

    // Someone replays the old refresh token: refused, and the grant is gone.
    await expect(client.refreshTokenGrant(config, first.refreshToken)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(client.refreshTokenGrant(config, second.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    const after = await fetch(`${tp.url}/me`, { headers: bearer(second.access_token) });
    expect(after.status).toBe(401);
    expect((await readJson(after)).error.code).toBe('unauthenticated');
  });
});
