import * as client from 'openid-client';
import { generate } from 'otplib';
import { WORKSTATION_CLIENT_ID, WORKSTATION_SCOPES } from '../config.ts';

export {
  startTestPlatform,
  type TestPlatform,
  type TestPlatformOptions,
  type TestClock,
} from './platform.ts';

/**
 * Headless sign-in for integration tests: the real authorization-code flow
 * with PKCE against the real provider, through the real sign-in form, with a
 * real TOTP code, using openid-client as the workstation does. Only the
 * browser is replaced by fetch with a small cookie jar.
 */

export interface LoginInput {
  issuer: string;
  username: string;
  password: string;
  totpSecret: string;
  /** Port of the (never contacted) loopback redirect; any port is allowed. */
  redirectPort?: number;
  /** Time for the TOTP code (default now); pass the platform clock's time. */
  totpTime?: Date;
  /** Override the code itself (e.g. a replayed or wrong one). */
  totpCode?: string;
  uiLocales?: string;
}

export interface LoginTokens {
  accessToken: string;
  refreshToken: string;
  idToken: string;
  expiresIn: number;
}

export class LoginFailed extends Error {
  readonly status: number;
  readonly page: string;
  constructor(status: number, message: string, page: string) {
    super(message);
    this.name = 'LoginFailed';
    this.status = status;
    this.page = page;
  }
}

/** Cookies by name, with the path they were set for (the interaction cookie is path-scoped). */
export class CookieJar {
  readonly #cookies = new Map<string, { value: string; path: string }>();

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((p) => p.trim());
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) || '/';
      const expired = attributes.some(
        (a) => /^max-age=0$/i.test(a) || /^expires=Thu, 01 Jan 1970/i.test(a),
      );
      if (expired || value === '') this.#cookies.delete(`${name};${path}`);
      else this.#cookies.set(`${name};${path}`, { value, path });
    }
  }

  header(url: URL): string {
    return [...this.#cookies.entries()]
      .filter(
        ([, c]) =>
          url.pathname === c.path ||
          url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) ||
          c.path === '/',
      )
      .map(([key, c]) => `${key.split(';')[0]}=${c.value}`)
      .join('; ');
  }
}

export async function fetchWithJar(
  jar: CookieJar,
  url: URL,
  init: RequestInit = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  const cookie = jar.header(url);
  if (cookie) headers.set('cookie', cookie);
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.store(response);
  return response;
}

/** The workstation client as openid-client sees it (plain HTTP allowed for loopback tests). */
export async function discoverWorkstation(issuer: string): Promise<client.Configuration> {
  const url = new URL(issuer);
  return client.discovery(
    url,
    WORKSTATION_CLIENT_ID,
    undefined,
    client.None(),
    url.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined,
  );
}

function location(response: Response, base: URL): URL {
  const to = response.headers.get('location');
  if (!to) throw new Error(`Expected a redirect, got HTTP ${response.status}.`);
  return new URL(to, base);
}

/** Extracts the visible error text of a re-rendered sign-in page. */
function pageError(html: string): string {
  const summary =
    /<div class="summary"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ??
    /<p role="alert">([\s\S]*?)<\/p>/.exec(html)?.[1];
  return (summary ?? html.slice(0, 200))
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export async function loginHeadless(input: LoginInput): Promise<LoginTokens> {
  const config = await discoverWorkstation(input.issuer);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const redirectUri = `http://127.0.0.1:${input.redirectPort ?? 49152 + Math.floor(Math.random() * 10000)}/callback`;
  const params: Record<string, string> = {
    redirect_uri: redirectUri,
    scope: WORKSTATION_SCOPES.join(' '),
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  };
  if (input.uiLocales) params.ui_locales = input.uiLocales;
  const jar = new CookieJar();

  // 1. Authorization request → redirect to our sign-in page.
  const authUrl = client.buildAuthorizationUrl(config, params);
  const start = await fetchWithJar(jar, authUrl);
  if (start.status !== 303 && start.status !== 302) {
    throw new LoginFailed(
      start.status,
      `Authorization request refused (HTTP ${start.status}).`,
      await start.text(),
    );
  }
  const pageUrl = location(start, authUrl);

  // 2. The sign-in page; post to the form's own action, as a browser would.
  const page = await fetchWithJar(jar, pageUrl);
  const html = await page.text();
  if (page.status !== 200) throw new LoginFailed(page.status, pageError(html), html);
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error('No sign-in form on the interaction page.');
  const code =
    input.totpCode ??
    (await generate({
      secret: input.totpSecret,
      epoch: Math.floor((input.totpTime ?? new Date()).getTime() / 1000),
    }));
  const submitted = await fetchWithJar(jar, new URL(action.replace(/&#38;/g, '&'), pageUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      username: input.username,
      password: input.password,
      code,
    }).toString(),
  });
  if (submitted.status !== 303) {
    const body = await submitted.text();
    throw new LoginFailed(submitted.status, pageError(body), body);
  }

  // 3. Resume at the provider → redirect to the loopback callback with the code.
  let next = location(submitted, pageUrl);
  for (let hops = 0; hops < 5 && next.href.startsWith(input.issuer); hops++) {
    const response = await fetchWithJar(jar, next);
    if (response.status !== 303 && response.status !== 302) {
      throw new LoginFailed(
        response.status,
        `Provider refused to resume (HTTP ${response.status}).`,
        await response.text(),
      );
    }
    next = location(response, next);
  }
  if (!next.href.startsWith(redirectUri))
    throw new Error(`Unexpected redirect target ${next.origin}${next.pathname}.`);

  // 4. Code exchange with the PKCE verifier, as the workstation does.
  const tokens = await client.authorizationCodeGrant(config, next, {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
  if (!tokens.refresh_token || !tokens.id_token)
    throw new Error('The provider issued no refresh or ID token.');
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    idToken: tokens.id_token,
    expiresIn: tokens.expires_in ?? 0,
  };
}
