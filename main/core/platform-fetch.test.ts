import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPlatformClock } from './auth/clock-skew.ts';
import { usePlatformFetch } from './platform-fetch.ts';
import { createPlatformClient } from './platform-client.ts';

describe('the fetch the main process reaches the platform with', () => {
  it('is the one the shell installs (Electron: net.fetch), for the health check and the API alike', async () => {
    const seen: string[] = [];
    usePlatformFetch(async (input) => {
      seen.push(String(input instanceof Request ? input.url : input));
      return Response.json({ time: new Date().toISOString(), cases: [] });
    });
    try {
      const skew = await checkPlatformClock('https://platform.test', () => new Date(), 120);
      expect(skew.problem).toBeNull();
      const client = createPlatformClient({
        baseUrl: 'https://platform.test',
        accessToken: async () => 'token',
      });
      await client.listCases();
      expect(seen).toEqual(['https://platform.test/healthz', 'https://platform.test/api/v1/cases']);
    } finally {
      usePlatformFetch(null);
    }
  });
});

/**
 * The browser shell keeps Node's fetch. An agency's own CA is installed in
 * the OS store, which Node ignores unless ANPR_USE_SYSTEM_CA=1. The "OS
 * store" here is a file named by SSL_CERT_FILE, which is where Node reads it
 * from on Linux; each case runs in a fresh Node, as the setting is per process.
 */
describe('ANPR_USE_SYSTEM_CA', () => {
  let dir: string;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'anpr-system-ca-'));
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'],
        ...['-days', '2', '-subj', '/CN=Agency Test CA', '-addext', 'subjectAltName=IP:127.0.0.1'],
        ...['-keyout', join(dir, 'agency.key'), '-out', join(dir, 'agency.crt')],
      ],
      { stdio: 'ignore' },
    );
    mkdirSync(join(dir, 'no-certs'));
    server = createServer(
      { key: readFileSync(join(dir, 'agency.key')), cert: readFileSync(join(dir, 'agency.crt')) },
      (_req, res) => res.end(JSON.stringify({ time: new Date().toISOString() })),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`;
  });
  afterAll(() => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const fetchInFreshNode = async (env: Record<string, string>) => {
    const script =
      `const { platformFetch } = await import(${JSON.stringify(new URL('./platform-fetch.ts', import.meta.url).href)});` +
      `try { const res = await platformFetch(${JSON.stringify(url)}); console.log(res.status); }` +
      `catch (e) { console.log(e.cause?.code ?? e.message); }`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', script],
      {
        env: {
          PATH: process.env.PATH,
          SSL_CERT_FILE: join(dir, 'agency.crt'),
          SSL_CERT_DIR: join(dir, 'no-certs'),
          ...env,
        },
      },
    );
    return stdout.trim();
  };

  it("trusts the OS store's agency CA when set", async () => {
    expect(await fetchInFreshNode({ ANPR_USE_SYSTEM_CA: '1' })).toBe('200');
  });

  it("uses Node's own CA bundle otherwise", async () => {
    expect(await fetchInFreshNode({})).toMatch(/CERT|SIGNED/);
  });
});
