import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formatZodError } from '../../common/api/dispatch.ts';
import type { Role } from '../../common/officer.ts';
import { authenticate, type AuthenticatedOfficer } from './auth.ts';
import { ErrorBody, HttpError } from './errors.ts';

/**
 * One source of truth for every platform route: the zod schemas that
 * validate a request (and the response, so nothing undeclared leaks out)
 * are the ones `/openapi.json` is generated from.
 *
 *   route(app, {
 *     method: 'POST', path: '/cases/:id/queries', summary: 'Run a query', tags: ['queries'],
 *     security: { roles: ['detective'] },
 *     params: z.object({ id: z.string() }), body: QueryRequest, response: QueryResult,
 *   }, async ({ params, body, officer }) => { ... });
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** 'public' = no token; otherwise a bearer token with MFA (unless requireMfa: false) and one of the roles. */
export type Security = 'public' | { roles?: readonly Role[]; requireMfa?: boolean };

type Schema = z.ZodType;
type Out<S> = S extends Schema ? z.output<S> : undefined;

export interface RouteSpec<
  B extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  P extends Schema | undefined = Schema | undefined,
  R extends Schema = Schema,
  S extends Security = Security,
> {
  method: HttpMethod;
  /** Fastify syntax: `/cases/:id`. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  security: S;
  operationId?: string;
  body?: B;
  query?: Q;
  params?: P;
  response: R;
  /** Success status (default 200; 201 for creations, 204 sends no body). */
  status?: number;
  /** Raises the body limit for this route (bytes). */
  bodyLimit?: number;
  /** Tighter per-IP limit for this route (@fastify/rate-limit). */
  rateLimit?: { max: number; timeWindowMs: number };
}

export interface RouteInput<B, Q, P, S extends Security> {
  body: Out<B>;
  query: Out<Q>;
  params: Out<P>;
  officer: S extends 'public' ? null : AuthenticatedOfficer;
  request: FastifyRequest;
  reply: FastifyReply;
}

export type RouteHandler<B, Q, P, R extends Schema, S extends Security> = (
  input: RouteInput<B, Q, P, S>,
) => Promise<z.input<R>> | z.input<R>;

interface RegisteredRoute {
  method: HttpMethod;
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  security: Security;
  operationId?: string;
  body?: Schema;
  query?: Schema;
  params?: Schema;
  response: Schema;
  status: number;
}

export class ApiRegistry {
  readonly routes: RegisteredRoute[] = [];

  add(route: RegisteredRoute): void {
    if (this.routes.some((r) => r.method === route.method && r.path === route.path)) {
      throw new Error(`Route ${route.method} ${route.path} is registered twice.`);
    }
    this.routes.push(route);
  }

  /** The OpenAPI 3.1 document (JSON Schema 2020-12 dialect, as 3.1 uses). */
  document(info: {
    title: string;
    version: string;
    description?: string;
    serverUrl?: string;
    issuer?: string;
  }) {
    const components: Record<string, unknown> = {};
    const convert = (schema: Schema, io: 'input' | 'output') =>
      hoist(toJsonSchema(schema, io), components);
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of this.routes) {
      const openApiPath = r.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
      const parameters = [
        ...objectParameters(r.params, 'path', convert),
        ...objectParameters(r.query, 'query', convert),
      ];
      const secured = r.security !== 'public';
      const responses: Record<string, unknown> = {
        [String(r.status)]:
          r.status === 204
            ? { description: 'Done.' }
            : {
                description: 'Success.',
                content: { 'application/json': { schema: convert(r.response, 'output') } },
              },
        '400': errorResponse('Invalid request (see error.message).'),
        '429': errorResponse('Too many requests.'),
      };
      if (secured) {
        responses['401'] = errorResponse(
          'No valid access token (unauthenticated), or no two-factor sign-in (mfa_required).',
        );
        responses['403'] = errorResponse('The officer lacks the required role.');
      }
      const operation: Record<string, unknown> = {
        operationId: r.operationId ?? operationId(r.method, r.path),
        summary: r.summary,
        ...(r.description ? { description: r.description } : {}),
        tags: r.tags,
        security: secured ? [{ bearerAuth: [] }] : [],
        ...(parameters.length ? { parameters } : {}),
        ...(r.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: convert(r.body, 'input') } },
              },
            }
          : {}),
        responses,
        ...(secured && r.security !== 'public' && r.security.roles?.length
          ? { 'x-roles': [...r.security.roles] }
          : {}),
        ...(secured && r.security !== 'public'
          ? { 'x-requires-mfa': r.security.requireMfa ?? true }
          : {}),
      };
      (paths[openApiPath] ??= {})[r.method.toLowerCase()] = operation;
    }
    hoist(toJsonSchema(ErrorBody, 'output'), components);
    return {
      openapi: '3.1.0',
      info: {
        title: info.title,
        version: info.version,
        ...(info.description ? { description: info.description } : {}),
      },
      ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
      paths,
      components: {
        schemas: components,
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: `Access token (RFC 9068 JWT) from the platform's OpenID provider${info.issuer ? ` ${info.issuer}` : ''}, signed in with password and TOTP.`,
          },
          ...(info.issuer
            ? {
                openIdConnect: {
                  type: 'openIdConnect',
                  openIdConnectUrl: `${info.issuer}/.well-known/openid-configuration`,
                },
              }
            : {}),
        },
      },
    };
  }
}

function errorResponse(description: string) {
  return {
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
}

function operationId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .map((s) => (s.startsWith(':') ? `by-${s.slice(1)}` : s))
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('');
}

function toJsonSchema(schema: Schema, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/** Moves `$defs` (schemas with a `.meta({ id })`) into components and rewrites the refs. */
function hoist(
  json: Record<string, unknown>,
  components: Record<string, unknown>,
): Record<string, unknown> {
  const defs = (json.$defs ?? {}) as Record<string, unknown>;
  delete json.$defs;
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) {
        out[k] =
          k === '$ref' && typeof v === 'string'
            ? v.replace('#/$defs/', '#/components/schemas/')
            : rewrite(v);
      }
      return out;
    }
    return node;
  };
  for (const [name, def] of Object.entries(defs)) components[name] ??= rewrite(def);
  // The top-level schema itself may carry an id: then it *is* a component.
  const root = rewrite(json) as Record<string, unknown>;
  const id = typeof root.id === 'string' ? root.id : undefined;
  if (id) {
    delete root.id;
    components[id] ??= root;
    return { $ref: `#/components/schemas/${id}` };
  }
  return root;
}

function objectParameters(
  schema: Schema | undefined,
  location: 'path' | 'query',
  convert: (s: Schema, io: 'input' | 'output') => Record<string, unknown>,
) {
  if (!schema) return [];
  const json = convert(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    apiRegistry: ApiRegistry | null;
  }
}

function parse(schema: Schema | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new HttpError(
      400,
      'invalid_request',
      `Invalid ${where}: ${formatZodError(result.error)}`,
    );
  }
  return result.data;
}

/**
 * Registers a route on `app` and in its OpenAPI registry. Bad input gets 400
 * `invalid_request` naming the fields; a secured route authenticates before
 * the handler runs and passes the officer in.
 */
export function route<
  B extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  P extends Schema | undefined = undefined,
  R extends Schema = Schema,
  S extends Security = Security,
>(
  app: FastifyInstance,
  spec: RouteSpec<B, Q, P, R, S>,
  handler: RouteHandler<B, Q, P, R, S>,
): void {
  const registry = app.apiRegistry;
  if (!registry)
    throw new Error('route() needs a Fastify instance built by buildPlatform (no API registry).');
  const status = spec.status ?? 200;
  registry.add({
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    tags: spec.tags,
    security: spec.security,
    response: spec.response,
    status,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.operationId ? { operationId: spec.operationId } : {}),
    ...(spec.body ? { body: spec.body } : {}),
    ...(spec.query ? { query: spec.query } : {}),
    ...(spec.params ? { params: spec.params } : {}),
  });
  app.route({
    method: spec.method,
    url: spec.path,
    ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
    ...(spec.rateLimit
      ? {
          config: {
            rateLimit: { max: spec.rateLimit.max, timeWindow: spec.rateLimit.timeWindowMs },
          },
        }
      : {}),
    handler: async (request, reply) => {
      // Authenticate first: an anonymous caller learns nothing about the input rules.
      const officer =
        spec.security === 'public' ? null : await authenticate(request, spec.security);
      const params = parse(spec.params, request.params, 'path parameters') as Out<P>;
      const query = parse(spec.query, request.query ?? {}, 'query') as Out<Q>;
      const body = parse(spec.body, request.body, 'request body') as Out<B>;
      const result = await handler({
        body,
        query,
        params,
        officer: officer as RouteInput<B, Q, P, S>['officer'],
        request,
        reply,
      });
      if (status === 204) return reply.code(204).send();
      const checked = spec.response.safeParse(result);
      if (!checked.success) {
        request.log.error(
          { route: spec.path, issues: checked.error.issues.length },
          'response failed its schema',
        );
        throw new HttpError(
          500,
          'internal',
          'Internal error: the response did not match its declared schema.',
        );
      }
      return reply.code(status).send(checked.data);
    },
  });
}
