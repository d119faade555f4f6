import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestPlatform, type TestPlatform } from '../testing/platform.ts';
import { route } from './openapi.ts';

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
    expect(camera.security).toEqual([{ bearerAuth: [] }]);
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
    expect(notes.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      required: ['caseId', 'text'],
      properties: { priority: { enum: ['low', 'high'] } },
    });
    expect(doc.paths['/healthz'].get.security).toEqual([]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({
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
