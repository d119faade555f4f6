import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import * as client from 'openid-client';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { route } from './http/openapi.ts';
import { totpCode } from './identity/totp.ts';
import { buildPlatform, type Platform } from './server.ts';
import { discoverWorkstation, loginHeadless } from './testing/login.ts';
import { startTestPlatform, testClock, type TestPlatform } from './testing/platform.ts';

// Test bodies are inspected loosely; the platform validates them with zod.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const readJson = (response: Response): Promise<Json> => response.json() as Promise<Json>;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'anpr-server-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function started(tp: TestPlatform): Promise<TestPlatform> {
  cleanups.push(() => tp.close());
  return tp;
}

describe('platform server', () => {
  it('answers /healthz with status and server time (for clock-skew checks), and 404s in the error envelope', async () => {
    // A clock that stands still: the health time must be the platform's clock, to the millisecond.
    const clock = () => new Date('2026-05-04T10:00:00Z');
    const tp = await started(await startTestPlatform({ clock, policy: 'dk' }));
    const health = await fetch(`${tp.url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('cache-control')).toBe('no-store');
    const body = await readJson(health);
    expect(body).toMatchObject({ status: 'ok', policy: 'dk', issuer: tp.issuer });
    expect(body.time).toBe('2026-05-04T10:00:00.000Z');
    expect(tp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(tp.issuer).toBe(`${tp.url}/oidc`);

    const discovery = await readJson(await fetch(`${tp.issuer}/.well-known/openid-configuration`));
    expect(discovery.issuer).toBe(tp.issuer);
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    expect(discovery.acr_values_supported).toEqual(['urn:anpr:mfa']);

    const missing = await fetch(`${tp.url}/no/such/thing`);
    expect(missing.status).toBe(404);
    expect(await readJson(missing)).toEqual({
      error: { code: 'not_found', message: expect.any(String) },
    });
  });

  it('keeps plates, passwords, TOTP codes, tokens and justifications out of the logs', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const clock = testClock();
    const tp = await started(
      await startTestPlatform({
        clock,
        logger: { stream, level: 'trace' },
        routes: [
          (app) =>
            route(
              app,
              {
                method: 'POST',
                path: '/test/plates/:plate/queries',
                summary: 'query with a plate in path, query and body',
                tags: ['test'],
                security: { roles: ['detective'] },
                params: z.object({ plate: z.string() }),
                query: z.object({ plate: z.string().optional() }),
                body: z.object({ plate: z.string(), justification: z.string() }),
                response: z.object({ ok: z.boolean() }),
              },
              ({ body, request }) => {
                // A careless module logging the body: the redaction list still applies.
                request.log.info(
                  {
                    plate: body.plate,
                    justification: body.justification,
                    nested: { plate: body.plate },
                  },
                  'query received',
                );
                return { ok: true };
              },
            ),
        ],
      }),
    );
    const account = tp.accounts.detective1!;
    const wrongPassword = 'Wr0ng-Pa55word-Guess';
    await expect(
      loginHeadless({
        issuer: tp.issuer,
        username: 'detective1',
        password: wrongPassword,
        totpSecret: account.totpSecret,
      }),
    ).rejects.toThrow();
    const code = await totpCode(account.totpSecret, clock());
    const tokens = await loginHeadless({
      issuer: tp.issuer,
      username: 'detective1',
      password: account.password,
      totpSecret: account.totpSecret,
      totpCode: code,
    });
    const refreshed = await client.refreshTokenGrant(
      await discoverWorkstation(tp.issuer),
      tokens.refreshToken,
    );

    const secrets = {
      plateInPath: '1ABC123',
      plateInQuery: '2DEF456',
      plateInBody: '3GHI789',
      plateInUnknownPath: '4JKL012',
      justification: 'Suspect vehicle seen leaving the jewellery burglary',
    };
    const response = await fetch(
      `${tp.url}/test/plates/${secrets.plateInPath}/queries?plate=${secrets.plateInQuery}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${refreshed.access_token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ plate: secrets.plateInBody, justification: secrets.justification }),
      },
    );
    expect(response.status).toBe(200);
    await fetch(
      `${tp.url}/reads/${secrets.plateInUnknownPath}?plate=${secrets.plateInUnknownPath}`,
    );
    await fetch(`${tp.url}/test/plates/x/queries`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${refreshed.access_token}`,
        'content-type': 'application/json',
      },
      body: `{"plate":"${secrets.plateInBody}",`,
    });

    const log = lines.join('');
    // The log is there and useful...
    expect(log).toContain('"route":"/test/plates/:plate/queries"');
    expect(log).toContain('"event":"logon.failed"');
    expect(log).toContain('"event":"logon.succeeded"');
    expect(log).toContain('query received');
    expect(log).toContain('[redacted]');
    // ...and holds none of these.
    const forbidden = {
      password: account.password,
      wrongPassword,
      totpSecret: account.totpSecret,
      totpCode: code,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      idToken: tokens.idToken,
      refreshedAccess: refreshed.access_token,
      refreshedRefresh: refreshed.refresh_token!,
      ...secrets,
    };
    for (const [what, value] of Object.entries(forbidden)) {
      expect(log.includes(value), `${what} leaked into the log`).toBe(false);
    }
    // Token fragments either (a JWT's signature part alone identifies it).
    expect(log.includes(tokens.accessToken.split('.')[2]!)).toBe(false);
  });

  it('limits requests per IP with the error envelope', async () => {
    const tp = await started(await startTestPlatform({ limits: { perIpPerMinute: 5 } }));
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${tp.url}/healthz`)).status);
    expect(statuses.slice(0, 5).every((s) => s === 200)).toBe(true);
    const limited = await fetch(`${tp.url}/healthz`);
    expect(limited.status).toBe(429);
    expect((await readJson(limited)).error.code).toBe('rate_limited');
  });

  it('keeps signing keys, sessions and refresh tokens across a restart', async () => {
    const dataDir = tempDir();
    const clock = testClock();
    let platform: Platform = await buildPlatform({
      dataDir,
      policy: 'be',
      clock,
      seedAccounts: true,
      identity: { scryptLog2N: 14 },
    });
    cleanups.push(() => platform.close());
    const accounts = JSON.parse(readFileSync(join(dataDir, 'demo-accounts.json'), 'utf8'))
      .accounts as Array<{
      username: string;
      password: string;
      totpSecret: string;
    }>;
    expect(statSync(join(dataDir, 'demo-accounts.json')).mode & 0o777).toBe(0o600);
    const officer = accounts.find((a) => a.username === 'detective2')!;
    const tokens = await loginHeadless({ issuer: platform.issuer, ...officer, totpTime: clock() });
    const port = Number(new URL(platform.url).port);
    await platform.close();

    platform = await buildPlatform({
      dataDir,
      policy: 'be',
      clock,
      port,
      seedAccounts: true,
      identity: { scryptLog2N: 14 },
    });
    expect(platform.issuer).toBe(`http://127.0.0.1:${port}/oidc`);
    // Seeding again is idempotent: same credentials for the same data dir.
    expect(platform.ctx.demoAccounts!.find((a) => a.username === 'detective2')).toMatchObject(
      officer,
    );
    const me = await fetch(`${platform.url}/me`, {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    });
    expect(me.status).toBe(200);
    const refreshed = await client.refreshTokenGrant(
      await discoverWorkstation(platform.issuer),
      tokens.refreshToken,
    );
    expect(refreshed.access_token).toBeTruthy();
  });

  it('serves HTTPS with a key and certificate given as files', async () => {
    const dir = tempDir();
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'dev.key'),
        '-out',
        join(dir, 'dev.crt'),
      ],
      { stdio: 'ignore' },
    );
    const cert = readFileSync(join(dir, 'dev.crt'));
    const platform = await buildPlatform({
      dataDir: join(dir, 'data'),
      policy: 'be',
      tls: { key: readFileSync(join(dir, 'dev.key')), cert },
    });
    cleanups.push(() => platform.close());
    expect(platform.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/oidc$/);
    const body = await new Promise<string>((resolve, reject) => {
      httpsRequest(`${platform.url}/healthz`, { ca: cert }, (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => resolve(data));
      })
        .on('error', reject)
        .end();
    });
    expect(JSON.parse(body)).toMatchObject({ status: 'ok', issuer: platform.issuer });
  });
});
