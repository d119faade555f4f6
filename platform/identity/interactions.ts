import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { InteractionDetails } from 'oidc-provider';
import { z } from 'zod';
import { API_AUDIENCE, MFA_ACR, WORKSTATION_CLIENT_ID, WORKSTATION_SCOPES } from '../config.ts';
import type { AccountStore } from './accounts.ts';
import { pickLocale, TEXTS, type Locale } from './i18n.ts';
import { loginPage, messagePage, PAGE_HEADERS, type LoginErrors } from './pages.ts';

/**
 * The provider's interaction endpoints: our own sign-in pages (password +
 * TOTP on one form). They live at /interaction/:uid, outside the provider's
 * mount, because the provider scopes its interaction cookie to that path.
 */

export type IdentityEvent =
  | { type: 'logon.succeeded'; at: Date; accountId: string; clientId: string | null }
  | {
      type: 'logon.failed';
      at: Date;
      /** Null when the username does not exist (never the typed username itself). */
      accountId: string | null;
      replayedCode: boolean;
    }
  | { type: 'account.locked'; at: Date; accountId: string; until: Date }
  | { type: 'logon.refused-locked'; at: Date; accountId: string; until: Date }
  | { type: 'grant.revoked'; at: Date; grantId: string };

export interface InteractionDeps {
  provider: Provider;
  accounts: AccountStore;
  clock: () => Date;
  loginRateLimit: { max: number; timeWindowMs: number };
  onEvent: (event: IdentityEvent) => void;
}

const LoginForm = z.object({
  username: z.string().max(64).default(''),
  password: z.string().max(256).default(''),
  code: z.string().max(12).default(''),
  lang: z.string().max(5).optional(),
});

const UidParams = z.object({ uid: z.string().min(1).max(128) });

function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(html);
}

function localeOf(
  request: FastifyRequest,
  explicit: unknown,
  details?: InteractionDetails,
): Locale {
  return pickLocale(explicit, details?.params.ui_locales, request.headers['accept-language']);
}

export function registerInteractionRoutes(app: FastifyInstance, deps: InteractionDeps): void {
  const { provider, accounts, clock, onEvent } = deps;

  async function details(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<InteractionDetails | null> {
    const uid = UidParams.safeParse(request.params);
    try {
      const found = await provider.interactionDetails(request.raw, reply.raw);
      return uid.success && found.uid === uid.data.uid ? found : null;
    } catch {
      // No or expired interaction cookie: the sign-in must restart from the client.
      return null;
    }
  }

  function expired(request: FastifyRequest, reply: FastifyReply, explicit: unknown) {
    const locale = localeOf(request, explicit);
    return sendHtml(
      reply,
      400,
      messagePage(locale, TEXTS[locale].errorTitle, TEXTS[locale].sessionExpired),
    );
  }

  /** The workstation is first-party: consent is recorded here instead of asked. */
  async function grantFor(found: InteractionDetails, accountId: string): Promise<string> {
    const clientId = String(found.params.client_id ?? '');
    if (clientId !== WORKSTATION_CLIENT_ID)
      throw new Error('consent is only automatic for the workstation');
    const existing = found.grantId ? await provider.Grant.find(found.grantId) : undefined;
    // A grant left by another officer who signed in earlier in this browser is
    // not reused: the provider refuses a grant whose account differs ("accountId mismatch").
    const grant =
      existing && existing.accountId === accountId
        ? existing
        : new provider.Grant({ accountId, clientId });
    const requested = String(found.params.scope ?? '')
      .split(' ')
      .filter((s) => (WORKSTATION_SCOPES as readonly string[]).includes(s));
    grant.addOIDCScope(requested.join(' '));
    grant.addResourceScope(API_AUDIENCE, 'api');
    return grant.save();
  }

  app.register(async (scope) => {
    // HTML forms post urlencoded; parsed here only, not for the JSON API.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 8 * 1024 },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );

    scope.get('/interaction/:uid', async (request, reply) => {
      const lang = (request.query as { lang?: unknown }).lang;
      const found = await details(request, reply);
      if (!found) return expired(request, reply, lang);
      if (found.prompt.name === 'consent' && found.session?.accountId) {
        // Signed in already (session cookie), only consent missing: grant it.
        const grantId = await grantFor(found, found.session.accountId);
        const to = await provider.interactionResult(request.raw, reply.raw, {
          consent: { grantId },
        });
        return reply.code(303).header('cache-control', 'no-store').redirect(to, 303);
      }
      return sendHtml(
        reply,
        200,
        loginPage({ locale: localeOf(request, lang, found), uid: found.uid }),
      );
    });

    scope.post(
      '/interaction/:uid/login',
      {
        config: {
          rateLimit: { max: deps.loginRateLimit.max, timeWindow: deps.loginRateLimit.timeWindowMs },
        },
      },
      async (request, reply) => {
        const form = LoginForm.safeParse(request.body ?? {});
        const found = await details(request, reply);
        const lang = form.success ? form.data.lang : undefined;
        if (!found) return expired(request, reply, lang);
        const locale = localeOf(request, lang, found);
        const t = TEXTS[locale];
        if (!form.success) {
          return sendHtml(
            reply,
            400,
            loginPage({ locale, uid: found.uid, errors: { form: t.invalidCredentials } }),
          );
        }
        const { username, password } = form.data;
        const code = form.data.code.replace(/\s+/g, '');

        const errors: LoginErrors = {};
        if (!username.trim()) errors.username = t.required;
        if (!password) errors.password = t.required;
        if (!code) errors.code = t.required;
        else if (!/^\d{6}$/.test(code)) errors.code = t.codeFormat;
        if (Object.keys(errors).length > 0) {
          // Incomplete forms are not log-on attempts: nothing was checked.
          return sendHtml(reply, 400, loginPage({ locale, uid: found.uid, username, errors }));
        }

        const result = await accounts.logon({ username, password, code });
        const now = clock();
        if (!result.ok) {
          if (result.reason === 'locked' && result.accountId && result.lockedUntil) {
            onEvent({
              type: result.newlyLocked ? 'account.locked' : 'logon.refused-locked',
              at: now,
              accountId: result.accountId,
              until: result.lockedUntil,
            });
            const minutes = Math.max(
              1,
              Math.ceil((result.lockedUntil.getTime() - now.getTime()) / 60_000),
            );
            return sendHtml(
              reply,
              423,
              loginPage({ locale, uid: found.uid, username, errors: { form: t.locked(minutes) } }),
            );
          }
          onEvent({
            type: 'logon.failed',
            at: now,
            accountId: result.accountId,
            replayedCode: result.replayedCode,
          });
          return sendHtml(
            reply,
            401,
            loginPage({ locale, uid: found.uid, username, errors: { form: t.invalidCredentials } }),
          );
        }

        const grantId = await grantFor(found, result.account.id);
        onEvent({
          type: 'logon.succeeded',
          at: now,
          accountId: result.account.id,
          clientId: typeof found.params.client_id === 'string' ? found.params.client_id : null,
        });
        const to = await provider.interactionResult(
          request.raw,
          reply.raw,
          {
            login: {
              accountId: result.account.id,
              amr: ['pwd', 'otp'],
              acr: MFA_ACR,
              remember: false,
            },
            consent: { grantId },
          },
          { mergeWithLastSubmission: false },
        );
        return reply.header('cache-control', 'no-store').redirect(to, 303);
      },
    );

    scope.post('/interaction/:uid/abort', async (request, reply) => {
      const found = await details(request, reply);
      if (!found)
        return expired(request, reply, (request.body as { lang?: unknown } | undefined)?.lang);
      const to = await provider.interactionResult(
        request.raw,
        reply.raw,
        { error: 'access_denied', error_description: 'The officer cancelled the sign-in.' },
        { mergeWithLastSubmission: false },
      );
      return reply.header('cache-control', 'no-store').redirect(to, 303);
    });
  });
}
