import middie from '@fastify/middie';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { IdentitySettings, OIDC_MOUNT_PATH, PlatformLimits, type PolicyId } from './config.ts';
import type { Authenticator } from './http/auth.ts';
import { HttpError, installErrorHandlers } from './http/errors.ts';
import { loggerOptions, type LogOptions } from './http/logging.ts';
import { ApiRegistry, route, serveOpenApi } from './http/openapi.ts';
import { WindowCounter } from './http/ratelimit.ts';
import { createTimeSigner } from './http/signed-time.ts';
import { TimeNonce } from '../common/signed-time.ts';
import {
  createIdentity,
  seedDemoAccounts,
  type DemoAccount,
  type Identity,
  type IdentityEvent,
} from './identity/index.ts';
import { registerInteractionRoutes } from './identity/interactions.ts';
import { openPlatformDb, type Db } from './store/sqlite.ts';

/**
 * The reference central platform: one Fastify server with the OpenID
 * provider mounted under /oidc, the sign-in pages, and the JSON API that
 * other modules add with `route()` (see http/openapi.ts).
 */

export const PLATFORM_VERSION = '0.1.0';

export interface PlatformContext {
  db: Db;
  policy: PolicyId;
  dataDir: string;
  clock: () => Date;
  /** Base URL, e.g. http://127.0.0.1:43123 (no trailing slash). */
  url: string;
  /** OIDC issuer, `${url}/oidc`. */
  issuer: string;
  /** Bearer-token guard; same as `authenticate` from http/auth.ts. */
  authenticate: Authenticator;
  identity: Identity;
  registry: ApiRegistry;
  limits: PlatformLimits;
  log: FastifyBaseLogger;
  /** Demo officers with their credentials when built with seedAccounts. */
  demoAccounts: DemoAccount[] | null;
  /** Sign-in events (for the audit trail); returns an unsubscribe function. */
  onIdentityEvent(listener: (event: IdentityEvent) => void): () => void;
}

/** A module that adds its routes (e.g. platform/data's HTTP layer). */
export type PlatformRoutes = (app: FastifyInstance, ctx: PlatformContext) => void | Promise<void>;

export interface BuildPlatformOptions {
  dataDir: string;
  policy: PolicyId;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** External base URL when behind a reverse proxy or bound to 0.0.0.0. */
  publicUrl?: string;
  clock?: () => Date;
  tls?: { key: string | Buffer; cert: string | Buffer } | null;
  /** true = JSON lines on stdout; an object to pick the stream (tests) and level. */
  logger?: boolean | LogOptions;
  /** Create the demo officers and write <dataDir>/demo-accounts.json. */
  seedAccounts?: boolean;
  limits?: Partial<PlatformLimits>;
  identity?: Partial<IdentitySettings>;
  routes?: PlatformRoutes[];
  /** Environment for the database key (ANPR_PLATFORM_DB_KEY). */
  env?: NodeJS.ProcessEnv;
}

export interface Platform {
  app: FastifyInstance;
  url: string;
  issuer: string;
  /** The server is already bound when buildPlatform resolves; returns the URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
  ctx: PlatformContext;
}

export const Health = z.object({
  status: z.literal('ok'),
  /** Server time, for the workstation's clock-skew check. */
  time: z.iso.datetime(),
  /** With `?nonce=`: the same time signed for that nonce (common/signed-time.ts), the workstation's clock anchor. */
  signedTime: z.string().optional(),
  policy: z.enum(['be', 'dk']),
  issuer: z.string(),
  version: z.string(),
});

export const Me = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  amr: z.array(z.string()),
  acr: z.string().nullable(),
  expiresAt: z.iso.datetime(),
});

export async function buildPlatform(options: BuildPlatformOptions): Promise<Platform> {
  const clock = options.clock ?? (() => new Date());
  const limits = PlatformLimits.parse(options.limits ?? {});
  const identitySettings = IdentitySettings.parse(options.identity ?? {});
  const host = options.host ?? '127.0.0.1';
  const db = openPlatformDb(options.dataDir, options.env);

  // The issuer must be known before the provider exists, and it contains the
  // port: bind our own server first (port 0 → a free port, no probe race),
  // and let Fastify handle its requests through serverFactory.
  let server: Server | undefined;
  const app = Fastify({
    logger: loggerOptions(options.logger),
    bodyLimit: limits.bodyLimitBytes,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    forceCloseConnections: true,
    serverFactory: (handler) => {
      const listener = (req: IncomingMessage, res: ServerResponse) => handler(req, res);
      server = options.tls
        ? (createHttpsServer(
            { key: options.tls.key, cert: options.tls.cert },
            listener,
          ) as unknown as Server)
        : createHttpServer(listener);
      return server;
    },
  });
  const httpServer = server!;
  httpServer.headersTimeout = 20_000;
  httpServer.requestTimeout = 60_000;
  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port ?? 0, host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    db.close();
    throw error;
  }
  const { port } = httpServer.address() as AddressInfo;
  const scheme = options.tls ? 'https' : 'http';
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = (options.publicUrl ?? `${scheme}://${urlHost}:${port}`).replace(/\/$/, '');
  const issuer = `${url}${OIDC_MOUNT_PATH}`;

  const listeners = new Set<(event: IdentityEvent) => void>();
  const emit = (event: IdentityEvent) => {
    // Ids and outcome only: never a username as typed, a code or a password.
    app.log.info(
      { event: event.type, accountId: 'accountId' in event ? event.accountId : undefined },
      'identity event',
    );
    for (const listener of listeners) listener(event);
  };
  const identity = createIdentity({
    db,
    issuer,
    clock,
    settings: identitySettings,
    perOfficerPerMinute: limits.perOfficerPerMinute,
    onServerError: (error) =>
      app.log.error({ err: { type: error.name, message: error.message } }, 'oidc server error'),
    onEvent: emit,
  });

  const registry = new ApiRegistry();
  app.decorate('apiRegistry', registry);
  // Before any route: the OpenAPI parity test compares every served route with the document.
  registry.observe(app);
  app.decorate('platformAuthenticator', identity.authenticator);
  installErrorHandlers(app);
  app.addHook('onSend', async (_request, reply, payload) => {
    // Responses carry personal data: no caching anywhere on the way.
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
    return payload;
  });

  // Two kinds of bucket: one per officer for calls carrying a valid access
  // token, one per IP for everything else (anonymous, forged or expired
  // tokens). Officers behind one NAT, or beside a noisy health probe, are
  // then never refused because anonymous traffic from their address used up
  // its bucket; a forged token only spends its sender's IP bucket.
  await app.register(rateLimit, {
    global: true,
    max: (_request, key) =>
      key.startsWith('officer:') ? limits.perOfficerPerMinute : limits.perIpPerMinute,
    timeWindow: 60_000,
    keyGenerator: async (request) => {
      const officer = request.headers.authorization
        ? await identity.authenticator.officerOf(request)
        : null;
      return officer ? `officer:${officer}` : `ip:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) =>
      new HttpError(
        429,
        'rate_limited',
        `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s.`,
      ),
  });

  await app.register(middie);
  const oidcLimiter = new WindowCounter(limits.oidcPerIpPerMinute, 60_000, clock);
  // The provider is a Koa app: without an 'error' listener Koa prints every
  // failed request to stderr (a client that breaks its chunked body, say).
  // To the platform log instead, type and message only, never request data.
  identity.provider.on('error', (error: Error) =>
    app.log.warn({ err: { type: error.name, message: error.message } }, 'oidc request failed'),
  );
  const oidcHandler = identity.provider.callback();
  app.use(OIDC_MOUNT_PATH, (req: IncomingMessage, res: ServerResponse) => {
    const wait = oidcLimiter.hit(req.socket.remoteAddress ?? 'unknown');
    if (wait > 0) {
      res.statusCode = 429;
      res.setHeader('retry-after', String(wait));
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          error: 'rate_limited',
          error_description: 'Too many requests; try again later.',
        }),
      );
      return;
    }
    oidcHandler(req, res);
  });

  const demoAccounts = options.seedAccounts
    ? await seedDemoAccounts(db, clock, {
        dataDir: options.dataDir,
        scryptLog2N: identitySettings.scryptLog2N,
      })
    : null;

  const ctx: PlatformContext = {
    db,
    policy: options.policy,
    dataDir: options.dataDir,
    clock,
    url,
    issuer,
    authenticate: identity.authenticator,
    identity,
    registry,
    limits,
    log: app.log,
    demoAccounts,
    onIdentityEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  registerInteractionRoutes(app, {
    provider: identity.provider,
    accounts: identity.accounts,
    clock,
    loginRateLimit: { max: limits.loginPerIpPerMinute, timeWindowMs: 60_000 },
    onEvent: emit,
  });

  const signTime = await createTimeSigner(identity.secrets.jwks.keys[0]!, issuer);
  route(
    app,
    {
      method: 'GET',
      path: '/healthz',
      summary:
        'Liveness and server time (the workstation checks clock skew against it; with a nonce, the time signed)',
      tags: ['platform'],
      security: 'public',
      query: z.object({ nonce: TimeNonce.optional() }),
      response: Health,
    },
    async ({ query }) => {
      const now = clock();
      return {
        status: 'ok' as const,
        time: now.toISOString(),
        ...(query.nonce ? { signedTime: await signTime(now, query.nonce) } : {}),
        policy: options.policy,
        issuer,
        version: PLATFORM_VERSION,
      };
    },
  );

  route(
    app,
    {
      method: 'GET',
      path: '/me',
      summary: 'The signed-in officer as the platform sees them (roles, sign-in strength)',
      tags: ['identity'],
      security: { requireMfa: false },
      response: Me,
    },
    ({ officer }) => ({
      id: officer.id,
      username: officer.username,
      displayName: officer.displayName,
      roles: officer.roles,
      amr: officer.amr,
      acr: officer.acr,
      expiresAt: officer.expiresAt.toISOString(),
    }),
  );

  serveOpenApi(app, {
    title: 'ANPR reference platform API',
    version: PLATFORM_VERSION,
    description: `Central platform for the ANPR workstation (policy pack: ${options.policy}).`,
    serverUrl: url,
    issuer,
  });

  for (const addRoutes of options.routes ?? []) await addRoutes(app, ctx);

  const sweeper = setInterval(() => {
    try {
      identity.sweep();
    } catch (error) {
      app.log.error({ err: { message: (error as Error).message } }, 'oidc sweep failed');
    }
  }, 10 * 60_000);
  sweeper.unref();

  let closed: Promise<void> | null = null;
  const close = () =>
    (closed ??= (async () => {
      clearInterval(sweeper);
      await app.close();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) =>
        httpServer.listening ? httpServer.close(() => resolve()) : resolve(),
      );
      db.close();
    })());

  try {
    await app.ready();
  } catch (error) {
    await close();
    throw error;
  }
  return { app, url, issuer, listen: async () => url, close, ctx };
}
