import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../core/config.ts';
import { createWorkstation, type Workstation } from '../core/workstation.ts';
import { startHost, type RunningHost } from './server.ts';

let host: RunningHost;
let workstation: Workstation;
const dir = mkdtempSync(join(tmpdir(), 'anpr-host-'));

beforeAll(async () => {
  const rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  workstation = createWorkstation(
    configFromEnv({ ANPR_DATA_DIR: join(dir, 'data') }, '0.0.0-test'),
  );
  host = await startHost({ workstation, rendererDir });
});
afterAll(() => host.close());

/** Raw HTTP so the test controls Host and Origin exactly (fetch would not let it). */
function raw(opts: {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          method: opts.method ?? 'GET',
          path: opts.path,
          headers: opts.headers,
        },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end(opts.body);
    },
  );
}

const good = () => ({
  host: `127.0.0.1:${host.port}`,
  origin: host.origin,
  authorization: `Bearer ${host.token}`,
  'content-type': 'application/json',
});

const callApi = (method: string, body: unknown, headers = good()) =>
  raw({ method: 'POST', path: `/api/${method}`, headers, body: JSON.stringify(body) });

describe('browser host', () => {
  it('serves the renderer with a strict CSP and binds to loopback only', async () => {
    const res = await raw({ path: '/', headers: { host: `127.0.0.1:${host.port}` } });
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(host.launchUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#launch=/);
  });

  it('does not serve files outside the renderer', async () => {
    const res = await raw({
      path: '/%2e%2e/secret.txt',
      headers: { host: `127.0.0.1:${host.port}` },
    });
    expect(res.body).not.toContain('outside the renderer');
  });

  it('answers API calls from its own origin with the launch token', async () => {
    const res = await callApi('app.info', {});
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      ok: true,
      value: { transport: 'browser', name: 'ANPR Workstation' },
    });
  });

  it('refuses a call from a foreign origin', async () => {
    const res = await callApi(
      'settings.update',
      { theme: 'dark' },
      { ...good(), origin: 'http://evil.example' },
    );
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const settings = JSON.parse((await callApi('settings.get', {})).body);
    expect(settings.value.theme).toBe('system');
  });

  it('refuses another local page (other port) and a rebinding Host', async () => {
    expect(
      (await callApi('app.info', {}, { ...good(), origin: 'http://127.0.0.1:1' })).status,
    ).toBe(403);
    expect((await callApi('app.info', {}, { ...good(), host: 'evil.example' })).status).toBe(403);
  });

  it('refuses a missing or wrong token', async () => {
    const { authorization: _drop, ...noToken } = good();
    expect((await callApi('app.info', {}, noToken as ReturnType<typeof good>)).status).toBe(401);
    expect(
      (await callApi('app.info', {}, { ...good(), authorization: 'Bearer wrong' })).status,
    ).toBe(401);
  });

  it('refuses an invalid argument with a clear error', async () => {
    const res = JSON.parse((await callApi('settings.update', { locale: 'klingon' })).body);
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(res.error.message).toMatch(/locale/);
    const notJson = await raw({
      method: 'POST',
      path: '/api/app.info',
      headers: good(),
      body: '{oops',
    });
    expect(JSON.parse(notJson.body)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
  });

  it('refuses oversized bodies and non-POST API calls', async () => {
    const big = await raw({
      method: 'POST',
      path: '/api/app.info',
      headers: good(),
      body: 'x'.repeat(2 * 1024 * 1024),
    });
    // A readable answer in the envelope, not a reset connection.
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect((await raw({ method: 'GET', path: '/api/app.info', headers: good() })).status).toBe(405);
  });

  it('derives the CSP per response from the current map setting', async () => {
    const csp = async () => (await raw({ path: '/', headers: { host: good().host } })).headers;
    expect((await csp())['content-security-policy']).toContain("connect-src 'self';");
    await workstation.settings.update({
      basemap: { kind: 'tiles', url: 'https://tiles.police.example/{z}/{x}/{y}.png' },
    });
    expect((await csp())['content-security-policy']).toContain(
      "connect-src 'self' https://tiles.police.example;",
    );
    await workstation.settings.update({ basemap: { kind: 'offline' } });
    expect((await csp())['content-security-policy']).not.toContain('tiles.police.example');
  });
});
