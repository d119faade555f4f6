import type { FastifyRequest } from 'fastify';
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet } from 'jose';
import { z } from 'zod';
import { Role, type Officer } from '../../common/officer.ts';
import { HttpError } from './errors.ts';
import { WindowCounter } from './ratelimit.ts';

/**
 * Bearer-token check for platform routes. Tokens are the provider's JWT
 * access tokens (RFC 9068); they are verified in-process against the
 * provider's public keys, then the authentication strength (MFA) and the
 * officer's role are checked on every call, whatever the workstation shows.
 */

export interface AuthenticatedOfficer extends Officer {
  /** Authentication context class, e.g. urn:anpr:mfa. */
  acr: string | null;
  clientId: string | null;
  /** Access token id (jti), for the audit trail. */
  tokenId: string;
  grantId: string | null;
  expiresAt: Date;
}

export interface AuthOptions {
  /** Any one of these roles suffices; omitted = any signed-in officer. */
  roles?: readonly Role[];
  /** Default true: password alone is not enough to reach personal data. */
  requireMfa?: boolean;
}

export type Authenticator = ((
  request: FastifyRequest,
  options?: AuthOptions,
) => Promise<AuthenticatedOfficer>) & {
  /**
   * The officer id behind a request's valid access token, or null (no token,
   * a forged, expired or revoked one). Counts nothing and checks no role: it
   * only picks the rate-limit bucket, so an officer's calls are counted per
   * officer and never in the per-IP bucket that anonymous callers spend.
   */
  officerOf(request: FastifyRequest): Promise<string | null>;
};

export interface AuthenticatorDeps {
  issuer: string;
  audience: string;
  acr: string;
  publicJwks: JSONWebKeySet;
  /** Drives the per-officer rate window only; token times follow the issuer's clock. */
  clock: () => Date;
  perOfficerPerMinute: number;
  /** False once the grant behind the token was revoked (logout, refresh-token reuse). */
  grantActive?: (grantId: string) => boolean;
  /** Seconds of clock difference tolerated on exp/iat. */
  clockToleranceSeconds?: number;
}

const AccessTokenClaims = z.object({
  sub: z.string().min(1).max(64),
  jti: z.string().min(1),
  exp: z.number(),
  client_id: z.string().optional(),
  roles: z.array(z.string()).default([]),
  amr: z.array(z.string()).default([]),
  acr: z.string().optional(),
  preferred_username: z.string().min(1).max(64),
  name: z.string().min(1).max(120),
  gid: z.string().optional(),
});

const ROLE_LABELS: Record<Role, string> = {
  detective: 'detective',
  prosecutor: 'prosecutor',
  supervisor: 'supervisor',
  commissioner: 'police commissioner',
  admin: 'administrator',
};

function bearer(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header) {
    throw new HttpError(
      401,
      'unauthenticated',
      'Sign in first: this call needs a bearer access token.',
      {
        'www-authenticate': 'Bearer realm="anpr-platform"',
      },
    );
  }
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
  if (!match) {
    throw new HttpError(
      401,
      'unauthenticated',
      'The Authorization header must be "Bearer <access token>".',
      {
        'www-authenticate': 'Bearer realm="anpr-platform", error="invalid_request"',
      },
    );
  }
  return match[1]!;
}

function invalidToken(message: string): HttpError {
  return new HttpError(401, 'unauthenticated', message, {
    'www-authenticate': 'Bearer realm="anpr-platform", error="invalid_token"',
  });
}

export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  const keys = createLocalJWKSet(deps.publicJwks);
  const perOfficer = new WindowCounter(deps.perOfficerPerMinute, 60_000, deps.clock);

  // One verification per request, shared by the rate-limit key and the route's check.
  const verified = new WeakMap<FastifyRequest, Promise<z.infer<typeof AccessTokenClaims>>>();
  const verify = (request: FastifyRequest) => {
    let claims = verified.get(request);
    if (!claims) {
      claims = verifyClaims(request);
      verified.set(request, claims);
    }
    return claims;
  };

  async function verifyClaims(request: FastifyRequest) {
    const token = bearer(request);
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: deps.issuer,
        audience: deps.audience,
        typ: 'at+jwt',
        algorithms: ['ES256'],
        clockTolerance: deps.clockToleranceSeconds ?? 5,
        requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired)
        throw invalidToken('The access token has expired; refresh it or sign in again.');
      throw invalidToken('The access token is not valid for this platform.');
    }
    const parsed = AccessTokenClaims.safeParse(payload);
    if (!parsed.success)
      throw invalidToken('The access token lacks the officer claims this platform needs.');
    const claims = parsed.data;
    if (claims.gid && deps.grantActive && !deps.grantActive(claims.gid)) {
      throw invalidToken('This sign-in was ended (signed out or revoked); sign in again.');
    }
    return claims;
  }

  const authenticator = async (request: FastifyRequest, options: AuthOptions = {}) => {
    const claims = await verify(request);

    const wait = perOfficer.hit(claims.sub);
    if (wait > 0) {
      throw new HttpError(
        429,
        'rate_limited',
        `Too many requests from your account; try again in ${wait} s.`,
        {
          'retry-after': String(wait),
        },
      );
    }

    if ((options.requireMfa ?? true) && !claims.amr.includes('otp')) {
      throw new HttpError(
        401,
        'mfa_required',
        'This action needs a sign-in with password and authenticator code (two-factor). Sign in again with your code.',
        {
          'www-authenticate': `Bearer realm="anpr-platform", error="insufficient_user_authentication", acr_values="${deps.acr}"`,
        },
      );
    }

    const roles = claims.roles.flatMap((r) => {
      const role = Role.safeParse(r);
      return role.success ? [role.data] : [];
    });
    if (
      options.roles &&
      options.roles.length > 0 &&
      !options.roles.some((r) => roles.includes(r))
    ) {
      const needed = options.roles.map((r) => ROLE_LABELS[r]).join(' or ');
      throw new HttpError(
        403,
        'forbidden',
        `This action is reserved for the ${needed} role; your account does not hold it.`,
      );
    }
    if (roles.length === 0)
      throw new HttpError(403, 'forbidden', 'Your account holds no role on this platform.');

    return {
      id: claims.sub,
      username: claims.preferred_username,
      displayName: claims.name,
      roles,
      amr: claims.amr,
      acr: claims.acr ?? null,
      clientId: claims.client_id ?? null,
      tokenId: claims.jti,
      grantId: claims.gid ?? null,
      expiresAt: new Date(claims.exp * 1000),
    } satisfies AuthenticatedOfficer;
  };
  return Object.assign(authenticator, {
    officerOf: (request: FastifyRequest) =>
      verify(request).then(
        (claims) => claims.sub,
        () => null,
      ),
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    platformAuthenticator: Authenticator | null;
  }
}

/**
 * The guard for data routes: `const officer = await authenticate(request, { roles: ['detective'] })`.
 * Throws HttpError (401 unauthenticated / 401 mfa_required / 403 forbidden /
 * 429 rate_limited), which the platform's error handler turns into the envelope.
 */
export function authenticate(
  request: FastifyRequest,
  options?: AuthOptions,
): Promise<AuthenticatedOfficer> {
  const authenticator = request.server.platformAuthenticator;
  if (!authenticator)
    throw new Error('authenticate() used on a Fastify instance without the platform identity.');
  return authenticator(request, options);
}
