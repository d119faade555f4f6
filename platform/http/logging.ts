import type { FastifyRequest } from 'fastify';
import type { FastifyServerOptions } from 'fastify';

/**
 * Structured JSON logs that can be handed to operations without leaking
 * investigation data. Two layers:
 * 1. request lines carry the *route pattern* (`/reads/:id`), never the raw
 *    URL, query string, headers or body, so a plate in a path or query, a
 *    bearer token or a session cookie cannot reach a log line at all;
 * 2. a redaction list censors sensitive keys in any object a module logs.
 */

const SENSITIVE_KEYS = [
  'password',
  'newPassword',
  'otp',
  'totp',
  'totpCode',
  'totpSecret',
  'secret',
  'code',
  'code_verifier',
  'plate',
  'plates',
  'plateText',
  'justification',
  'reason',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'access_token',
  'refresh_token',
  'id_token',
  'authorization',
  'cookie',
  'set-cookie',
  'body',
  'query',
];

export const REDACT_PATHS = [
  ...SENSITIVE_KEYS.map((k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`)),
  ...SENSITIVE_KEYS.map((k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? `*.${k}` : `*["${k}"]`)),
  'req.headers',
];

/** Route pattern for matched routes; unmatched paths are not echoed. */
export function loggablePath(request: Pick<FastifyRequest, 'url' | 'routeOptions'>): string {
  const pattern = request.routeOptions?.url;
  if (pattern) return pattern;
  const path = request.url.split('?')[0] ?? '';
  // OIDC endpoints: the first segment names the endpoint (auth, token, jwks);
  // the rest may hold interaction or session ids.
  const oidc = /^\/oidc(\/[a-z_.-]+)?/.exec(path);
  if (oidc) return oidc[0];
  return '(unmatched)';
}

export interface LogOptions {
  /** Where JSON lines go (default stdout). Tests pass a capture stream. */
  stream?: NodeJS.WritableStream;
  level?: string;
}

export function loggerOptions(
  option: boolean | LogOptions | undefined,
): FastifyServerOptions['logger'] {
  if (option === false || option === undefined) return false;
  const opts = option === true ? {} : option;
  return {
    level: opts.level ?? 'info',
    ...(opts.stream ? { stream: opts.stream } : {}),
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        route: loggablePath(request),
        remoteAddress: request.ip,
      }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
    },
  } as FastifyServerOptions['logger'];
}
