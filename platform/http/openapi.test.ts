import { Ajv2020 } from 'ajv/dist/2020.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UnitStore } from '../ingest/units.ts';
import { startReferencePlatform, type ReferencePlatform } from '../reference.ts';
import { startTestPlatform, testClock, type TestPlatform } from '../testing/platform.ts';
import { OPENAPI_31_STRUCTURE } from './openapi-structure.ts';
import { route, UNDOCUMENTED_PREFIXES } from './openapi.ts';

// Test bodies are inspected loosely; the platform validates them with zod.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const readJson = (response: Response): Promise<Json> => response.json() as Promise<Json>;

const Camera = z.object({ id: z.string(), name: z.string() }).meta({ id: 'TestCamera' });
const Note = z.object({
  caseId: z.string().min(1),
  text: z.string().min(1).max(2000_000),
  priority: z.enum(['low', 'high']).default('low'),
});

let tp: TestPlatform;
let token: string;

beforeAll(async () => {
  tp = await startTestPlatform({
    routes: [
      (app) => {
        route(
          app,
          {
            method: 'GET',
            path: '/test/cameras/:id',
            summary: 'One camera',
            tags: ['test'],
            security: { roles: ['detective'] },
            params: z.object({
              id: z
                .string()
                .regex(/^cam-\d+$/)
                .describe('Camera id'),
            }),
            query: z.object({ limit: z.coerce.number().int().min(1).max(10).optional() }),
            response: Camera,
          },
          ({ params, query }) => ({
            id: params.id,
            name: `limit ${query.limit ?? 'none'}`,
            internal: 'not declared',
          }),
        );
        route(
          app,
          {
            method: 'POST',
            path: '/test/notes',
            summary: 'Add a note',
            tags: ['test'],
            security: { roles: ['detective'] },
            body: Note,
            response: z.object({ priority: z.string(), length: z.number() }),
            status: 201,
          },
          ({ body }) => ({ priority: body.priority, length: body.text.length }),
        );
        route(
          app,
          {
            method: 'POST',
            path: '/test/big-notes',
            summary: 'Add a big note',
            tags: ['test'],
            security: { roles: ['detective'] },
            body: Note,
            bodyLimit: 4 * 1024 * 1024,
            response: z.object({ length: z.number() }),
          },
          ({ body }) => ({ length: body.text.length }),
        );
        route(
          app,
          {
            method: 'GET',
            path: '/test/broken',
            summary: 'Returns what it did not declare',
            tags: ['test'],
            security: 'public',
            response: z.object({ count: z.number() }),
          },
          () => ({ count: 'many' }) as never,
        );
      },
    ],
  });
  token = (await tp.login('detective1')).accessToken;
});

afterAll(async () => {
  await tp?.close();
});

const json = (body: unknown, extra: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...extra },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('route()', () => {
  it('validates params and query with the same schemas and strips undeclared response fields', async () => {
    const ok = await fetch(`${tp.url}/test/cameras/cam-12?limit=3`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(ok.status).toBe(200);
    expect(await readJson(ok)).toEqual({ id: 'cam-12', name: 'limit 3' });

    const badParam = await fetch(`${tp.url}/test/cameras/nope`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(badParam.status).toBe(400);
    expect((await readJson(badParam)).error).toMatchObject({
      code: 'invalid_request',
      message: expect.stringContaining('id'),
    });

    const badQuery = await fetch(`${tp.url}/test/cameras/cam-1?limit=99`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect((await readJson(badQuery)).error.message).toMatch(/^Invalid query: limit:/);
  });

  it('authenticates before it validates', async () => {
    const res = await fetch(`${tp.url}/test/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
  });

  it('answers bad bodies with 400 and a message naming the field', async () => {
    const created = await fetch(`${tp.url}/test/notes`, json({ caseId: 'c1', text: 'hello' }));
    expect(created.status).toBe(201);
    expect(await readJson(created)).toEqual({ priority: 'low', length: 5 });

    const missing = await fetch(
      `${tp.url}/test/notes`,
      json({ text: 'hello', priority: 'urgent' }),
    );
    expect(missing.status).toBe(400);
    const { error } = await readJson(missing);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('Invalid request body');
    expect(error.message).toContain('caseId');
    expect(error.message).toContain('priority');

    const broken = await fetch(`${tp.url}/test/notes`, json('{"caseId": "1ABC123",'));
    expect(broken.status).toBe(400);
    const brokenBody = await readJson(broken);
    expect(brokenBody.error.code).toBe('invalid_json');
    expect(JSON.stringify(brokenBody)).not.toContain('1ABC123');
  });

  it('limits bodies to 1 MiB unless the route raises its limit', async () => {
    const big = { caseId: 'c1', text: 'x'.repeat(1.5 * 1024 * 1024) };
    const refused = await fetch(`${tp.url}/test/notes`, json(big));
    expect(refused.status).toBe(413);
    expect((await readJson(refused)).error.code).toBe('payload_too_large');
    const accepted = await fetch(`${tp.url}/test/big-notes`, json(big));
    expect(accepted.status).toBe(200);
  });

  it('refuses to send a response that breaks its own schema', async () => {
    const res = await fetch(`${tp.url}/test/broken`);
    expect(res.status).toBe(500);
    expect((await readJson(res)).error.code).toBe('internal');
  });
});

describe('/openapi.json', () => {
  it('is an OpenAPI 3.1 document listing every registered route with its schemas', async () => {
    const res = await fetch(`${tp.url}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await readJson(res);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.servers).toEqual([{ url: tp.url }]);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/healthz',
        '/me',
        '/test/cameras/{id}',
        '/test/notes',
        '/test/big-notes',
      ]),
    );

    const camera = doc.paths['/test/cameras/{id}'].get;
    expect(camera.security).toEqual([{ officerToken: [] }]);
    expect(camera['x-roles']).toEqual(['detective']);
    expect(camera.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'id',
          in: 'path',
          required: true,
          description: 'Camera id',
        }),
        expect.objectContaining({ name: 'limit', in: 'query', required: false }),
      ]),
    );
    expect(camera.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/TestCamera',
    });
    expect(camera.responses['403'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Error',
    });

    const notes = doc.paths['/test/notes'].post;
    expect(notes.responses['201']).toBeDefined();
    // An inline body schema is still a named component, after its operation.
    expect(notes.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/PostTestNotesBody',
    });
    expect(doc.components.schemas.PostTestNotesBody).toMatchObject({
      type: 'object',
      required: ['caseId', 'text'],
      properties: { priority: { enum: ['low', 'high'] } },
    });
    expect(doc.paths['/healthz'].get.security).toEqual([]);
    expect(doc.components.securitySchemes.officerToken).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    expect(doc.components.securitySchemes.openIdConnect.openIdConnectUrl).toBe(
      `${tp.issuer}/.well-known/openid-configuration`,
    );

    // Every $ref resolves and every operation id is unique.
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const name = /#\/components\/schemas\/([^"]+)/.exec(ref)?.[1];
      expect(name && doc.components.schemas[name], ref).toBeTruthy();
    }
    const ids = Object.values(doc.paths).flatMap((ops) =>
      Object.values(ops as Record<string, { operationId: string }>).map((o) => o.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });
});

/**
 * The document of the platform as shipped (every route module in
 * API_ROUTES): an integrator generating a client from it, or an auditor
 * reading it, must get what the platform really does.
 */
describe("the reference platform's /openapi.json", () => {
  let ref: ReferencePlatform;
  let dataDir: string;
  let doc: Json;
  const DOC_ID = 'urn:anpr:platform-openapi';
  const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'anpr-openapi-test-'));
    ref = await startReferencePlatform({
      dataDir,
      policy: 'be',
      clock: testClock(),
      seedAccounts: true,
      logger: false,
      identity: { scryptLog2N: 14 },
      purgeIntervalMs: 0,
    });
    doc = await readJson(await fetch(`${ref.url}/openapi.json`));
  });

  afterAll(async () => {
    await ref?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const operations = (): Array<{ path: string; method: string; op: Json }> =>
    Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] })),
    );

  it('is a valid OpenAPI 3.1 document whose schemas are valid JSON Schema 2020-12', () => {
    // Structure: fields, required parts, enums (see openapi-structure.ts).
    const structure = new Ajv2020({ strict: false, allErrors: true });
    const valid = structure.validate(OPENAPI_31_STRUCTURE, doc);
    expect(structure.errorsText(structure.errors, { separator: '\n' }), 'OpenAPI structure').toBe(
      'No errors',
    );
    expect(valid).toBe(true);

    // Every Schema Object, named or inline, compiles against the 2020-12
    // meta-schema with its $refs resolved inside the document.
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema(doc, DOC_ID);
    const pointer = (...parts: string[]) =>
      '#/' + parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
    const locations = Object.keys(doc.components.schemas).map((name) =>
      pointer('components', 'schemas', name),
    );
    for (const { path, method, op } of operations()) {
      (op.parameters ?? []).forEach((_: Json, i: number) =>
        locations.push(pointer('paths', path, method, 'parameters', String(i), 'schema')),
      );
      for (const type of Object.keys(op.requestBody?.content ?? {})) {
        locations.push(pointer('paths', path, method, 'requestBody', 'content', type, 'schema'));
      }
      for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
        for (const type of Object.keys(response.content ?? {})) {
          locations.push(
            pointer('paths', path, method, 'responses', status, 'content', type, 'schema'),
          );
        }
        for (const header of Object.keys(response.headers ?? {})) {
          locations.push(
            pointer('paths', path, method, 'responses', status, 'headers', header, 'schema'),
          );
        }
      }
    }
    expect(locations.length).toBeGreaterThan(100);
    for (const location of locations) {
      expect(() => ajv.getSchema(`${DOC_ID}${location}`), location).not.toThrow();
      expect(ajv.getSchema(`${DOC_ID}${location}`), location).toBeTypeOf('function');
    }

    // What a schema cannot say: ids unique, path templates match their
    // parameters, every security scheme named exists.
    const ids = operations().map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of operations()) {
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? [])
        .filter((p: Json) => p.in === 'path')
        .map((p: Json) => p.name)
        .sort();
      expect(declared, `${method} ${path}`).toEqual(templated);
      for (const requirement of op.security) {
        for (const scheme of Object.keys(requirement)) {
          expect(doc.components.securitySchemes[scheme], scheme).toBeDefined();
        }
      }
    }
  });

  it('names a component schema for every request and response body, and carries the licence', () => {
    const unnamed: string[] = [];
    const named = (where: string, schema: Json) => {
      const ref = /^#\/components\/schemas\/(.+)$/.exec(schema?.$ref ?? '')?.[1];
      if (!ref || Object.keys(schema).length !== 1 || !doc.components.schemas[ref]) {
        unnamed.push(where);
      }
    };
    for (const { path, method, op } of operations()) {
      for (const [type, media] of Object.entries((op.requestBody?.content ?? {}) as Json)) {
        named(`${method} ${path} request ${type}`, (media as Json).schema);
      }
      for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
        for (const [type, media] of Object.entries((response.content ?? {}) as Json)) {
          named(`${method} ${path} ${status} ${type}`, (media as Json).schema);
        }
      }
    }
    expect(unnamed).toEqual([]);
    // Contract schemas keep their names, wherever they are used.
    expect(doc.paths['/api/v1/pulls'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CreatePullRequest',
    });
    expect(doc.components.schemas.QueryResult.properties.reads.items).toEqual({
      $ref: '#/components/schemas/Read',
    });
    const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
      license: string;
    };
    expect(doc.info.license).toMatchObject({ identifier: pkg.license, name: expect.any(String) });
  });

  it('lists every route the platform serves and nothing it does not', () => {
    const served = new Set(
      ref.platform.ctx.registry.served
        .filter(({ url }) => !UNDOCUMENTED_PREFIXES.some((prefix) => url.startsWith(prefix)))
        .map(({ method, url }) => `${method} ${url.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}')}`),
    );
    // Fastify answers HEAD for every GET by itself; the document says so once.
    for (const entry of [...served]) {
      if (entry.startsWith('HEAD ') && served.has(`GET ${entry.slice(5)}`)) served.delete(entry);
    }
    const documented = new Set(
      operations().map(({ path, method }) => `${method.toUpperCase()} ${path}`),
    );
    expect(
      [...served].filter((r) => !documented.has(r)),
      'served but not documented',
    ).toEqual([]);
    expect(
      [...documented].filter((r) => !served.has(r)),
      'documented but not served',
    ).toEqual([]);
    expect(doc.info.description).toContain('/.well-known/openid-configuration');
  });

  it('states the security each operation really enforces', async () => {
    const { token: unitToken } = new UnitStore(ref.platform.ctx.db, testClock()).create(
      { id: 'OPENAPI-1', unitType: 'fixed', source: 'test' },
      'test',
    );
    const mismatches: string[] = [];
    for (const { path, method, op } of operations()) {
      const url = `${ref.url}${path.replace(/\{[^}]+\}/g, 'x')}`;
      const call = (authorization?: string) =>
        fetch(url, {
          method: method.toUpperCase(),
          headers: {
            ...(authorization ? { authorization } : {}),
            ...(method === 'get' ? {} : { 'content-type': 'application/json' }),
          },
          ...(method === 'get' ? {} : { body: '{}' }),
        }).then(async (res) => {
          await res.arrayBuffer();
          return res.status;
        });
      const scheme = Object.keys(op.security[0] ?? {})[0] ?? 'none';
      const anonymous = await call();
      if (scheme === 'none' && anonymous === 401)
        mismatches.push(`${method} ${path}: public but 401`);
      if (scheme !== 'none' && anonymous !== 401) {
        mismatches.push(`${method} ${path}: ${scheme} but ${anonymous} without a token`);
      }
      // A unit's credential opens the ingest operations and nothing else.
      if (scheme === 'officerToken' && (await call(`Bearer ${unitToken}`)) !== 401) {
        mismatches.push(`${method} ${path}: officer-only but a unit credential got in`);
      }
      if (scheme === 'unitToken' && (await call(`Bearer ${unitToken}`)) === 401) {
        mismatches.push(`${method} ${path}: unit credential refused`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(
      operations()
        .filter(({ op }) => op.security.length === 0)
        .map(({ path }) => path),
    ).toEqual(
      expect.arrayContaining(['/healthz', '/openapi.json', '/api/v1/audit/checkpoint-key']),
    );
  });

  it('documents ingest as an NDJSON upload with the unit credential and the pull as a gzip-able NDJSON stream', () => {
    const ingest = doc.paths['/api/v1/ingest'].post;
    expect(ingest.security).toEqual([{ unitToken: [] }]);
    expect(Object.keys(ingest.requestBody.content)).not.toContain('application/json');
    expect(ingest.requestBody.content['application/x-ndjson'].schema).toEqual({
      $ref: '#/components/schemas/IngestRecord',
    });
    expect(ingest.responses['415']).toBeDefined();
    expect(ingest.responses['503']).toBeDefined();
    expect(doc.components.securitySchemes.unitToken).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });

    const stream = doc.paths['/api/v1/pulls/{id}/reads'].get;
    expect(stream.security).toEqual([{ officerToken: [] }]);
    expect(stream['x-requires-mfa']).toBe(true);
    expect(Object.keys(stream.responses['200'].content)).toEqual(['application/x-ndjson']);
    expect(stream.responses['200'].content['application/x-ndjson'].schema).toEqual({
      $ref: '#/components/schemas/PullLine',
    });
    expect(stream.responses['200'].headers['Content-Encoding'].schema.enum).toEqual(['gzip']);
    expect(stream.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Accept-Encoding', in: 'header' })]),
    );
  });
});
