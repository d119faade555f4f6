import { totpCode } from '../identity/totp.ts';
import { CookieJar, fetchWithJar } from './login.ts';

/**
 * Plays the browser's part of a sign-in that someone else started (the
 * workstation's loopback flow): opens the authorization URL, submits the
 * platform's sign-in form, follows the redirects and finally requests the
 * loopback callback, where the workstation exchanges the code itself.
 * Returns the callback's HTTP status and page.
 */
export async function completeAuthorization(input: {
  authorizationUrl: string;
  username: string;
  password: string;
  totpSecret: string;
  /** Platform time for the TOTP code (defaults to now). */
  at?: Date;
}): Promise<{ status: number; body: string }> {
  const jar = new CookieJar();
  const auth = new URL(input.authorizationUrl);
  let res = await fetchWithJar(jar, auth);
  let url = new URL(res.headers.get('location') ?? '', auth);
  res = await fetchWithJar(jar, url);
  const html = await res.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`No sign-in form (HTTP ${res.status}).`);
  const code = await totpCode(input.totpSecret, input.at ?? new Date());
  res = await fetchWithJar(jar, new URL(action.replace(/&#38;/g, '&'), url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      username: input.username,
      password: input.password,
      code,
    }).toString(),
  });
  for (let hops = 0; hops < 8; hops++) {
    const to = res.headers.get('location');
    if (!to) break;
    url = new URL(to, url);
    if (url.hostname === '127.0.0.1' && url.pathname === '/callback') {
      const final = await fetch(url);
      return { status: final.status, body: await final.text() };
    }
    res = await fetchWithJar(jar, url);
  }
  return { status: res.status, body: await res.text() };
}
