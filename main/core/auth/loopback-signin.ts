import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { ApiError } from '../../../common/api/result.ts';
import { platformFetch } from '../platform-fetch.ts';

/**
 * Officer sign-in as a native app (RFC 8252): authorization code + PKCE S256
 * in the system browser, redirect to a one-shot listener on 127.0.0.1. The
 * workstation never sees the password or the TOTP code, and there is no
 * embedded login web view to phish with.
 */

export const CLIENT_ID = 'anpr-workstation';
export const SCOPES = 'openid profile offline_access';
/** Resource indicator (RFC 8707) of the platform's data API: tokens are minted for it. */
export const PLATFORM_RESOURCE = 'urn:anpr:platform';

export interface TokenSet {
  accessToken: string;
  refreshToken: string | null;
  idToken: string | null;
  /** Absolute expiry of the access token (local clock). */
  expiresAt: Date;
}

export interface PendingSignIn {
  authorizationUrl: string;
  /** Resolves with tokens once the browser comes back to the loopback listener. */
  result: Promise<TokenSet>;
  cancel(): void;
}

/** Plain http is acceptable only to a platform on this machine (dev, demo, tests). */
export function isLoopbackUrl(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/**
 * Discovery, and through the returned configuration every later token and
 * refresh request, go through `fetchImpl`: platformFetch (Electron's net
 * stack in the desktop app), never openid-client's built-in use of Node's fetch.
 */
export async function discover(
  issuer: string,
  fetchImpl: typeof fetch = platformFetch,
): Promise<oidc.Configuration> {
  const url = new URL(issuer);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackUrl(url))) {
    throw new ApiError(
      'PRECONDITION_FAILED',
      `The platform must be reached over HTTPS (${url.origin}).`,
    );
  }
  try {
    return await oidc.discovery(url, CLIENT_ID, undefined, oidc.None(), {
      execute: url.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
      timeout: 10,
      // openid-client types its body more loosely than DOM RequestInit (the e2e project has DOM).
      [oidc.customFetch]: (target, init) => fetchImpl(target, init as RequestInit),
    });
  } catch (error) {
    throw new ApiError(
      'UNAVAILABLE',
      `The platform's sign-in service is not reachable at ${issuer} (${(error as Error).message}).`,
    );
  }
}

const browserReturnListeners = new Set<() => void>();

/**
 * Called whenever the officer's browser comes back to a sign-in listener,
 * whether sign-in worked or not: the Electron shell brings its window back in
 * front, since the officer is still looking at the browser. Returns an
 * unsubscribe function.
 */
export function onBrowserReturn(listener: () => void): () => void {
  browserReturnListeners.add(listener);
  return () => browserReturnListeners.delete(listener);
}

function notifyBrowserReturn(): void {
  for (const listener of browserReturnListeners) {
    try {
      listener();
    } catch (error) {
      console.error('[sign-in] browser-return listener failed:', (error as Error).message);
    }
  }
}

export async function beginLoopbackSignIn(options: {
  config: oidc.Configuration;
  clock: () => Date;
  locale: string;
  /** How long the listener waits for the browser before giving up. */
  timeoutMs?: number;
}): Promise<PendingSignIn> {
  const { config, clock } = options;
  const verifier = oidc.randomPKCECodeVerifier();
  const challenge = await oidc.calculatePKCECodeChallenge(verifier);
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();

  let server: Server | null = null;
  let settle: { resolve: (t: TokenSet) => void; reject: (e: Error) => void } | null = null;
  const result = new Promise<TokenSet>((resolve, reject) => (settle = { resolve, reject }));
  const finish = (error: Error | null, tokens?: TokenSet) => {
    clearTimeout(timer);
    server?.close();
    server?.closeAllConnections();
    server = null;
    if (error) settle?.reject(error);
    else settle?.resolve(tokens!);
    settle = null;
  };

  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname !== '/callback' || req.method !== 'GET') {
      res.writeHead(404).end();
      return;
    }
    try {
      const response = await oidc.authorizationCodeGrant(config, url, {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true,
      });
      const tokens: TokenSet = {
        accessToken: response.access_token,
        refreshToken: response.refresh_token ?? null,
        idToken: response.id_token ?? null,
        expiresAt: new Date(clock().getTime() + (response.expires_in ?? 300) * 1000),
      };
      page(res, 200, options.locale, 'done');
      finish(null, tokens);
      notifyBrowserReturn();
    } catch (error) {
      page(res, 400, options.locale, 'failed');
      const code = url.searchParams.get('error');
      finish(
        new ApiError(
          'UNAUTHENTICATED',
          code === 'access_denied'
            ? 'Sign-in was cancelled.'
            : `Sign-in failed: ${(error as Error).message}`,
        ),
      );
      notifyBrowserReturn();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server!.once('error', reject);
    server!.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const timer = setTimeout(
    () => finish(new ApiError('UNAUTHENTICATED', 'Sign-in timed out: no answer from the browser.')),
    options.timeoutMs ?? 5 * 60_000,
  );
  timer.unref();

  // Keys with undefined values would be sent literally ("prompt=undefined"): list only real ones.
  const authorizationUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: `http://127.0.0.1:${port}/callback`,
    scope: SCOPES,
    response_type: 'code',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    nonce,
    resource: PLATFORM_RESOURCE,
    ui_locales: options.locale,
    // 'login': every sign-in (also unlocking after the idle lock) asks for password and code again.
    prompt: 'login consent',
  });

  return {
    authorizationUrl: authorizationUrl.href,
    result,
    cancel: () => finish(new ApiError('CANCELLED', 'Sign-in was cancelled.')),
  };
}

export async function refresh(
  config: oidc.Configuration,
  refreshToken: string,
  clock: () => Date,
): Promise<TokenSet> {
  const response = await oidc.refreshTokenGrant(config, refreshToken, {
    resource: PLATFORM_RESOURCE,
  });
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? null,
    idToken: response.id_token ?? null,
    expiresAt: new Date(clock().getTime() + (response.expires_in ?? 300) * 1000),
  };
}

const PAGES: Record<string, Record<'done' | 'failed', [string, string]>> = {
  en: {
    done: [
      'Signed in',
      'You are signed in. You can close this tab and return to the ANPR Workstation.',
    ],
    failed: [
      'Sign-in failed',
      'Sign-in did not complete. Return to the ANPR Workstation and try again.',
    ],
  },
  nl: {
    done: [
      'Aangemeld',
      'U bent aangemeld. U kunt dit tabblad sluiten en terugkeren naar het ANPR-werkstation.',
    ],
    failed: [
      'Aanmelden mislukt',
      'De aanmelding is niet voltooid. Keer terug naar het ANPR-werkstation en probeer opnieuw.',
    ],
  },
  fr: {
    done: [
      'Connecté',
      'Vous êtes connecté. Vous pouvez fermer cet onglet et revenir au poste de travail ANPR.',
    ],
    failed: [
      'Échec de la connexion',
      'La connexion n’a pas abouti. Revenez au poste de travail ANPR et réessayez.',
    ],
  },
};

function page(res: ServerResponse, status: number, locale: string, kind: 'done' | 'failed') {
  const [title, text] = (PAGES[locale] ?? PAGES.en!)[kind];
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
  });
  res.end(
    `<!doctype html><html lang="${locale}"><meta charset="utf-8"><title>${title}</title>` +
      `<body style="font:16px system-ui;margin:15vh auto;max-width:34em;color:#17202b">` +
      `<h1 data-testid="signin-result">${title}</h1><p>${text}</p></body></html>`,
  );
}
