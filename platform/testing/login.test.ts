import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './login.ts';

let tp: TestPlatform;
beforeAll(async () => {
  tp = await startTestPlatform();
});
afterAll(async () => {
  await tp?.close();
});

describe('startTestPlatform + loginHeadless', () => {
  it('provides the seven demo officers with their roles', () => {
    expect(
      Object.fromEntries(Object.values(tp.accounts).map((a) => [a.username, a.roles])),
    ).toEqual({
      detective1: ['detective', 'supervisor'],
      detective2: ['detective'],
      prosecutor1: ['prosecutor'],
      supervisor1: ['supervisor'],
      commissioner1: ['commissioner'],
      admin1: ['admin'],
      abuser1: ['detective'],
    });
    for (const a of Object.values(tp.accounts)) {
      expect(a.password).toMatch(/^[\w]{5}-[\w]{5}-[\w]{5}-[\w]{5}$/);
      expect(a.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    }
  });

  it('signs the same officer in twice in a row without waiting (next TOTP step)', async () => {
    const first = await tp.login('abuser1');
    const second = await tp.login('abuser1');
    expect(decodeJwt(first.accessToken).sub).toBe(tp.accounts.abuser1!.id);
    expect(decodeJwt(second.accessToken).jti).not.toBe(decodeJwt(first.accessToken).jti);
    expect(second.refreshToken).not.toBe(first.refreshToken);
  });

  it('lets a workstation-style client cancel the sign-in', async () => {
    // Cancelling on the form sends the officer back with access_denied, no code.
    const { CookieJar, fetchWithJar } = await import('./login.ts');
    const jar = new CookieJar();
    const auth = new URL(`${tp.issuer}/auth`);
    for (const [k, v] of Object.entries({
      client_id: 'anpr-workstation',
      response_type: 'code',
      scope: 'openid profile offline_access',
      redirect_uri: 'http://127.0.0.1:50999/callback',
      code_challenge: 'b'.repeat(43),
      code_challenge_method: 'S256',
      state: 'cancel-state-123',
    }))
      auth.searchParams.set(k, v);
    const page = new URL((await fetchWithJar(jar, auth)).headers.get('location')!, tp.url);
    await fetchWithJar(jar, page);
    const abort = await fetchWithJar(jar, new URL(`${page.pathname}/abort`, tp.url), {
      method: 'POST',
    });
    expect(abort.status).toBe(303);
    const resume = await fetchWithJar(jar, new URL(abort.headers.get('location')!, tp.url));
    const back = new URL(resume.headers.get('location')!);
    expect(back.origin + back.pathname).toBe('http://127.0.0.1:50999/callback');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.has('code')).toBe(false);
  });
});
