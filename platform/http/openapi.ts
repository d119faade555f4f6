import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formatZodError } from '../../common/api/dispatch.ts';
import type { Role } from '../../common/officer.ts';
import { authenticate, type AuthenticatedOfficer } from './auth.ts';
import { OIDC_MOUNT_PATH } from '../config.ts';
import { ErrorBody, HttpError } from './errors.ts';
import { contractSchemaNames } from './openapi-schemas.ts';

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

/** 'public' = no token; otherwise an officer's bearer token with MFA (unless requireMfa: false) and one of the roles. */
export type Security = 'public' | { roles?: readonly Role[]; requireMfa?: boolean };

/**
 * What a documented operation takes: an officer's token or none (Security),
 * or 'unit': a camera or vehicle unit's machine credential (the ingest
 * route only; platform/ingest/units.ts).
 */
export type DocumentedSecurity = Security | 'unit';

/** Media types whose body is a sequence of JSON values, one per line: the schema describes one line. */
const LINE_DELIMITED = new Set(['application/x-ndjson', 'application/ndjson', 'application/jsonl']);

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
  /** Error statuses this route answers besides the common ones (400, 401, 403, 413, 429), and when. */
  errors?: Record<number, string>;
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

/**
 * One documented operation. route() adds it; a route Fastify serves by hand
 * (a stream, a non-JSON body) adds its own with `app.apiRegistry.add`, next
 * to the handler and with the same zod schemas.
 */
export interface RegisteredRoute {
  method: HttpMethod;
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  security: DocumentedSecurity;
  operationId?: string;
  body?: Schema;
  /** Request media types (default application/json). NDJSON types: one `body` value per line. */
  bodyTypes?: readonly string[];
  query?: Schema;
  params?: Schema;
  response: Schema;
  /** Response media type (default application/json). An NDJSON type: one `response` value per line. */
  responseType?: string;
  /** Sent with Content-Encoding: gzip when the request's Accept-Encoding allows it. */
  gzip?: boolean;
  /** Response headers worth documenting (name → meaning and JSON Schema). */
  responseHeaders?: Record<string, { description: string; schema: Record<string, unknown> }>;
  status: number;
  /** Error statuses besides the common ones, and when. */
  errors?: Record<number, string>;
}

/** The platform's licence, as package.json declares it (openapi.test.ts checks they agree). */
export const API_LICENSE = {
  name: 'European Union Public Licence v. 1.2',
  identifier: 'EUPL-1.2',
} as const;

/** Served but not in this document: the OpenID provider and its sign-in pages (see the document's description). */
export const UNDOCUMENTED_PREFIXES = [`${OIDC_MOUNT_PATH}/`, '/interaction/'] as const;

export interface DocumentInfo {
  title: string;
  version: string;
  description?: string;
  serverUrl?: string;
  issuer?: string;
}

export class ApiRegistry {
  readonly routes: RegisteredRoute[] = [];
  /** Every route Fastify serves (method and URL as registered), once observe() is on. */
  readonly served: Array<{ method: string; url: string }> = [];

  add(route: RegisteredRoute): void {
    if (this.routes.some((r) => r.method === route.method && r.path === route.path)) {
      throw new Error(`Route ${route.method} ${route.path} is registered twice.`);
    }
    this.routes.push(route);
  }

  /** Records every route registered on `app` from now on: what the parity test compares the document with. */
  observe(app: FastifyInstance): void {
    app.addHook('onRoute', (options) => {
      for (const method of [options.method].flat()) {
        this.served.push({ method: String(method).toUpperCase(), url: options.url });
      }
    });
  }

  /** The OpenAPI 3.1 document (JSON Schema 2020-12 dialect, as 3.1 uses). */
  document(info: DocumentInfo) {
    const schemas = new SchemaComponents(contractNames());
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of this.routes) {
      const id = r.operationId ?? operationId(r.method, r.path);
      const base = componentBase(id);
      const openApiPath = r.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
      const parameters = [
        ...schemas.parameters(r.params, 'path'),
        ...schemas.parameters(r.query, 'query'),
        ...(r.gzip
          ? [
              {
                name: 'Accept-Encoding',
                in: 'header',
                required: false,
                description: 'With gzip, the response is sent compressed (Content-Encoding: gzip).',
                schema: { type: 'string' },
              },
            ]
          : []),
      ];
      const operation: Record<string, unknown> = {
        operationId: id,
        summary: r.summary,
        ...(r.description ? { description: r.description } : {}),
        tags: r.tags,
        security: securityRequirement(r.security),
        ...(parameters.length ? { parameters } : {}),
        ...(r.body
          ? { requestBody: requestBody(r, schemas.ref(r.body, 'input', `${base}Body`)) }
          : {}),
        responses: responses(r, () => schemas.ref(r.response, 'output', `${base}Response`)),
        ...(r.security !== 'public' && r.security !== 'unit'
          ? {
              ...(r.security.roles?.length ? { 'x-roles': [...r.security.roles] } : {}),
              'x-requires-mfa': r.security.requireMfa ?? true,
            }
          : {}),
      };
      (paths[openApiPath] ??= {})[r.method.toLowerCase()] = operation;
    }
    schemas.ref(ErrorBody, 'output', 'Error');
    const { components, resolve } = schemas.finish();
    const excluded =
      `Not listed here: the OpenID provider under ${OIDC_MOUNT_PATH}/ (authorization, token, JWKS, revocation…), ` +
      `described by its discovery document${info.issuer ? ` ${info.issuer}/.well-known/openid-configuration` : ''}, ` +
      'and its sign-in pages under /interaction/ (HTML, reached only through its redirect). Every GET also answers HEAD.';
    return {
      openapi: '3.1.0',
      info: {
        title: info.title,
        version: info.version,
        description: info.description ? `${info.description}\n\n${excluded}` : excluded,
        license: { ...API_LICENSE },
      },
      ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
      paths: resolve(paths),
      components: {
        schemas: components,
        securitySchemes: securitySchemes(info.issuer),
      },
    };
  }
}

let cachedNames: Map<Schema, string> | null = null;
const contractNames = () => (cachedNames ??= contractSchemaNames());

function securityRequirement(security: DocumentedSecurity): Array<Record<string, string[]>> {
  if (security === 'public') return [];
  if (security === 'unit') return [{ unitToken: [] }];
  return [{ officerToken: [] }];
}

function securitySchemes(issuer: string | undefined): Record<string, unknown> {
  const provider = issuer
    ? `the platform's OpenID provider ${issuer} (discovery: ${issuer}/.well-known/openid-configuration)`
    : "the platform's OpenID provider";
  return {
    officerToken: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        `An officer's access token (RFC 9068 JWT) from ${provider}, authorization code flow with PKCE, ` +
        'signed in with password and TOTP. An operation with x-requires-mfa: true refuses a token ' +
        'without the second factor (401 mfa_required); x-roles lists the roles it admits (403 forbidden otherwise).',
    },
    unitToken: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'anpr-unit',
      description:
        "A camera or vehicle unit's machine credential (Authorization: Bearer anpr-unit.…), created with " +
        '`platform units add` and revocable. Accepted by the ingest operation only; an officer token is not.',
    },
    ...(issuer
      ? {
          openIdConnect: {
            type: 'openIdConnect',
            openIdConnectUrl: `${issuer}/.well-known/openid-configuration`,
            description: 'The OpenID provider that issues officerToken.',
          },
        }
      : {}),
  };
}

function requestBody(r: RegisteredRoute, schema: Record<string, unknown>) {
  const types = r.bodyTypes ?? ['application/json'];
  const lines = types.some((t) => LINE_DELIMITED.has(t));
  return {
    required: true,
    ...(lines
      ? { description: 'One JSON value per line (NDJSON); the schema describes one line.' }
      : {}),
    content: Object.fromEntries(types.map((t) => [t, { schema }])),
  };
}

function responses(r: RegisteredRoute, schema: () => Record<string, unknown>) {
  const type = r.responseType ?? 'application/json';
  const lines = LINE_DELIMITED.has(type);
  const headers: Record<string, unknown> = {
    ...(r.gzip
      ? {
          'Content-Encoding': {
            description: 'gzip when the request sent Accept-Encoding: gzip; absent otherwise.',
            schema: { type: 'string', enum: ['gzip'] },
          },
        }
      : {}),
    ...(r.responseHeaders ?? {}),
  };
  const success =
    r.status === 204
      ? { description: 'Done.' }
      : {
          description: lines
            ? `A stream of JSON values, one per line (${type}); the schema describes one line.${r.gzip ? ' Compressed with gzip when asked for.' : ''}`
            : 'Success.',
          ...(Object.keys(headers).length ? { headers } : {}),
          content: { [type]: { schema: schema() } },
        };
  const out: Record<string, unknown> = { [String(r.status)]: success };
  if (r.params || r.query || r.body) {
    out['400'] = errorResponse('Invalid request: error.message names the field.');
  }
  if (r.security === 'unit') {
    out['401'] = errorResponse(
      'No valid unit credential (unauthenticated), or a revoked one (credential_revoked).',
    );
  } else if (r.security !== 'public') {
    out['401'] = errorResponse(
      'No valid access token (unauthenticated), or no two-factor sign-in (mfa_required).',
    );
    out['403'] = errorResponse('The officer lacks the required role.');
  }
  if (r.body) out['413'] = errorResponse('The request body is larger than this operation accepts.');
  out['429'] = errorResponse('Too many requests (see Retry-After).');
  for (const [status, description] of Object.entries(r.errors ?? {})) {
    out[status] = errorResponse(description);
  }
  out.default = errorResponse(
    'Any other failure (404 not_found, 409 conflict, 500 internal…): error.code says which.',
  );
  return out;
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

/** `getApiV1OversightSummary` → `GetOversightSummary`: the stem of an unnamed body's component name. */
function componentBase(id: string): string {
  return (id[0]!.toUpperCase() + id.slice(1)).replace(/^(Get|Post|Put|Patch|Delete)ApiV1/, '$1');
}

const COMPONENTS = '#/components/schemas/';
/** Input-side refs wait under this prefix until finish() knows whether input and output forms agree. */
const INPUT_PENDING = '#/components/schemas/~input/';

type Json = Record<string, unknown>;

function mapRefs(node: unknown, map: (ref: string) => string): unknown {
  if (Array.isArray(node)) return node.map((n) => mapRefs(n, map));
  if (node && typeof node === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] = k === '$ref' && typeof v === 'string' ? map(v) : mapRefs(v, map);
    }
    return out;
  }
  return node;
}

/**
 * Converts zod schemas into components.schemas: every named schema (see
 * openapi-schemas.ts) becomes one component referenced by `$ref`. A schema
 * whose request (input) form differs from its response (output) form, say a
 * field with a default that a client may omit, gets both: `Name` for what
 * the platform sends and `NameInput` for what it accepts.
 */
class SchemaComponents {
  private readonly output = new Map<string, unknown>();
  private readonly input = new Map<string, unknown>();
  private readonly fallback = new Map<Schema, string>();
  private readonly names: Map<Schema, string>;

  constructor(names: Map<Schema, string>) {
    this.names = names;
  }

  private nameOf(schema: Schema): string | undefined {
    const id = z.globalRegistry.get(schema)?.id;
    return typeof id === 'string' ? id : (this.names.get(schema) ?? this.fallback.get(schema));
  }

  private convert(schema: Schema, io: 'input' | 'output', inlineRoot: boolean): Json {
    const metadata = {
      get: (s: Schema) => {
        const meta = z.globalRegistry.get(s) as Json | undefined;
        const id = inlineRoot && s === schema ? undefined : this.nameOf(s);
        if (id) return { ...meta, id };
        if (meta && 'id' in meta) {
          const { id: _dropped, ...rest } = meta;
          return rest;
        }
        return meta;
      },
    };
    const json = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      metadata: metadata as unknown as z.core.$ZodRegistry<z.core.JSONSchemaMeta>,
    }) as Json;
    const { $defs, $schema: _schema, ...root } = json;
    const prefix = io === 'input' ? INPUT_PENDING : COMPONENTS;
    const local = (ref: string) => ref.replace('#/$defs/', prefix);
    const pool = io === 'input' ? this.input : this.output;
    for (const [name, def] of Object.entries(($defs ?? {}) as Json)) {
      if (!pool.has(name)) pool.set(name, mapRefs(def, local));
    }
    return mapRefs(root, local) as Json;
  }

  /** A `$ref` to the schema's component; an unnamed schema is named `fallbackName`. */
  ref(schema: Schema, io: 'input' | 'output', fallbackName: string): Json {
    if (!this.nameOf(schema)) this.fallback.set(schema, fallbackName);
    return this.convert(schema, io, false);
  }

  /** An object schema's properties as OpenAPI parameters. */
  parameters(schema: Schema | undefined, location: 'path' | 'query') {
    if (!schema) return [];
    const json = this.convert(schema, 'input', true);
    const properties = (json.properties ?? {}) as Record<string, Json>;
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

  finish(): { components: Json; resolve: <T>(node: T) => T } {
    const split = new Set<string>();
    const settle = (ref: string) => {
      if (!ref.startsWith(INPUT_PENDING)) return ref;
      const name = ref.slice(INPUT_PENDING.length);
      return COMPONENTS + (split.has(name) ? `${name}Input` : name);
    };
    // Until stable: a split inside a schema changes its refs, which may split its users.
    for (let changed = true; changed;) {
      changed = false;
      for (const [name, def] of this.input) {
        if (split.has(name) || !this.output.has(name)) continue;
        if (JSON.stringify(mapRefs(def, settle)) !== JSON.stringify(this.output.get(name))) {
          split.add(name);
          changed = true;
        }
      }
    }
    const all = new Map<string, unknown>(this.output);
    for (const [name, def] of this.input) {
      const target = split.has(name) ? `${name}Input` : name;
      if (split.has(name) && all.has(target)) {
        throw new Error(`Component ${target} is taken; rename the schema named ${name}.`);
      }
      if (!all.has(target)) all.set(target, mapRefs(def, settle));
    }
    const components = Object.fromEntries([...all].sort(([a], [b]) => a.localeCompare(b)));
    return { components, resolve: <T>(node: T) => mapRefs(node, settle) as T };
  }
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
    ...(spec.errors ? { errors: spec.errors } : {}),
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

/** The document's own schema: enough to say what it is; its content is OpenAPI 3.1. */
export const OpenApiDocument = z
  .looseObject({
    openapi: z.string(),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'OpenApiDocument' });

/** Serves the registry's document at GET /openapi.json, itself documented like any route. */
export function serveOpenApi(app: FastifyInstance, info: DocumentInfo): void {
  // Built at the first request, when every route is in (none can be added once
  // the server is ready), then kept: an anonymous caller cannot make the
  // platform redo ~100 ms of schema conversion per request.
  let document: ReturnType<ApiRegistry['document']> | null = null;
  route(
    app,
    {
      method: 'GET',
      path: '/openapi.json',
      summary: 'This description of the API (OpenAPI 3.1)',
      tags: ['platform'],
      security: 'public',
      response: OpenApiDocument,
    },
    () => (document ??= app.apiRegistry!.document(info)),
  );
}
