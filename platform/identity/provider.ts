import Provider from 'oidc-provider';
import type { KoaLikeContext } from 'oidc-provider';
import {
  API_AUDIENCE,
  MFA_ACR,
  WORKSTATION_CLIENT_ID,
  WORKSTATION_REDIRECT_URI,
  WORKSTATION_SCOPES,
  type IdentitySettings,
} from '../config.ts';
import type { AccountStore } from './accounts.ts';
import type { IdentitySecrets } from './keys.ts';
import { errorPage, PAGE_CSP } from './pages.ts';

/**
 * The OpenID provider configuration. Choices that matter for an auditor:
 * - one first-party public client, the workstation: authorization code with
 *   PKCE (S256) only, loopback redirect on any port (RFC 8252), no secret;
 * - access tokens are 5-minute JWTs for the platform API, carrying the
 *   officer's roles and how they signed in (amr/acr), so every API call can
 *   check MFA and role without a lookup;
 * - refresh tokens rotate; presenting a rotated one again revokes the whole
 *   grant (a stolen token is useless once either party uses it).
 */

export interface ProviderOptions {
  issuer: string;
  accounts: AccountStore;
  secrets: IdentitySecrets;
  settings: IdentitySettings;
  adapter: new (model: string) => unknown;
  onServerError?: (error: Error) => void;
}

type Entity = Record<string, unknown> & {
  amr?: string[];
  acr?: string;
  accountId?: string;
  grantId?: string;
  remainingTTL?: number;
};

export function createProvider(options: ProviderOptions): Provider {
  const { accounts, settings } = options;

  const configuration = {
    adapter: options.adapter,
    jwks: options.secrets.jwks,
    cookies: { keys: options.secrets.cookieKeys },
    clients: [
      {
        client_id: WORKSTATION_CLIENT_ID,
        client_name: 'ANPR Workstation',
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: [WORKSTATION_REDIRECT_URI],
        post_logout_redirect_uris: [WORKSTATION_REDIRECT_URI.replace('/callback', '/signed-out')],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        scope: WORKSTATION_SCOPES.join(' '),
        id_token_signed_response_alg: 'ES256',
      },
    ],
    clientDefaults: { id_token_signed_response_alg: 'ES256' },
    pkce: { required: () => true },
    acrValues: [MFA_ACR],
    scopes: [...WORKSTATION_SCOPES],
    claims: {
      openid: ['sub', 'acr', 'amr', 'auth_time', 'sid'],
      profile: ['name', 'preferred_username', 'roles'],
    },
    discovery: { ui_locales_supported: ['nl', 'fr', 'en'] },
    clientBasedCORS: () => false,
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, indicator: string) => {
          if (indicator !== API_AUDIENCE) throw new Error('unknown resource');
          return {
            scope: 'api',
            audience: API_AUDIENCE,
            accessTokenFormat: 'jwt',
            accessTokenTTL: settings.accessTokenSeconds,
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    // The workstation asks for offline_access; keep refresh tokens even when
    // it forces a fresh log-on with prompt=login (which drops offline_access).
    issueRefreshToken: (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    async findAccount(_ctx: unknown, sub: string) {
      const account = accounts.byId(sub);
      if (!account) return undefined;
      return {
        accountId: account.id,
        async claims() {
          const current = accounts.byId(sub) ?? account;
          return {
            sub: current.id,
            name: current.displayName,
            preferred_username: current.username,
            roles: current.roles,
          };
        },
      };
    },
    async extraTokenClaims(ctx: KoaLikeContext, token: Entity) {
      // Roles are read at issue time, so a role change reaches the API within
      // one access-token lifetime; amr/acr come from the sign-in itself.
      const account = token.accountId ? accounts.byId(token.accountId) : null;
      if (!account) return undefined;
      const source = (ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken) as
        Entity | undefined;
      return {
        roles: account.roles,
        preferred_username: account.username,
        name: account.displayName,
        amr: source?.amr ?? [],
        ...(source?.acr ? { acr: source.acr } : {}),
        ...(token.grantId ? { gid: token.grantId } : {}),
      };
    },
    ttl: {
      AccessToken: settings.accessTokenSeconds,
      AuthorizationCode: 60,
      IdToken: settings.accessTokenSeconds,
      Interaction: settings.interactionSeconds,
      Session: settings.sessionSeconds,
      Grant: settings.sessionSeconds,
      RefreshToken: (ctx: KoaLikeContext) => {
        // A rotated token inherits what is left: rotation never extends a sign-in.
        const rotated = ctx?.oidc?.entities.RotatedRefreshToken as Entity | undefined;
        return typeof rotated?.remainingTTL === 'number'
          ? rotated.remainingTTL
          : settings.sessionSeconds;
      },
    },
    renderError: async (
      ctx: KoaLikeContext,
      out: { error?: string; error_description?: string },
    ) => {
      ctx.type = 'html';
      ctx.set('content-security-policy', PAGE_CSP);
      ctx.body = errorPage(
        out.error ?? 'error',
        out.error_description ?? 'The sign-in request was refused.',
      );
    },
  };

  const provider = new Provider(options.issuer, configuration);
  provider.on('server_error', (_ctx: never, error: Error) => options.onServerError?.(error));
  return provider;
}
