import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../main/core/config.ts';
import { createWorkstation, type Workstation } from '../../main/core/workstation.ts';
import { completeAuthorization } from '../../platform/testing/browser-login.ts';
import {
  startTestPlatform,
  testClock,
  type TestPlatform,
} from '../../platform/testing/platform.ts';

/**
 * Officer sign-in end to end in Node: the workstation's real loopback OIDC
 * flow against the real reference platform (PKCE, password + TOTP), with the
 * workstation's clock injected so the idle lock is tested to the minute.
 */
let tp: TestPlatform;
beforeAll(async () => {
  tp = await startTestPlatform({});
});
afterAll(() => tp?.close());

function workstation(options: { skewMs?: number; idle?: number } = {}) {
  // The workstation's clock starts from the platform's (which tests move forward), plus any skew.
  const clock = testClock(new Date(tp.clock().getTime() + (options.skewMs ?? 0)));
  const config = configFromEnv(
    {
      ANPR_PLATFORM_URL: tp.url,
      ANPR_DATA_DIR: mkdtempSync(join(tmpdir(), 'anpr-session-')),
      ANPR_IDLE_LOCK_MINUTES: String(options.idle ?? 15),
    },
    'test',
  );
  return { ws: createWorkstation(config, { clock }), clock };
}

const call = async <T>(
  ws: Workstation,
  name: keyof Workstation['handlers'],
  input: unknown = {},
): Promise<T> =>
  (await (ws.handlers[name] as (i: unknown, c: unknown) => Promise<T>)(input, {
    transport: 'browser',
  })) as T;

/** A TOTP code is accepted once: move the platform clock to a fresh step for each sign-in. */
async function signIn(ws: Workstation, username: string) {
  const account = tp.accounts[username]!;
  const started = await call<{ authorizationUrl: string; openedBy: string }>(
    ws,
    'session.beginSignIn',
  );
  expect(started.openedBy).toBe('renderer');
  const url = new URL(started.authorizationUrl);
  expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  (tp.clock as ReturnType<typeof testClock>).advance(30_000);
  const result = await completeAuthorization({
    authorizationUrl: started.authorizationUrl,
    ...account,
    at: tp.clock(),
  });
  expect(result.status).toBe(200);
  for (let i = 0; i < 50 && ws.session.status().state !== 'active'; i++)
    await new Promise((r) => setTimeout(r, 20));
  return ws.session.status();
}

describe('officer sign-in through the platform', () => {
  it('signs a detective in with password + TOTP and shows who and with which roles', async () => {
    const { ws } = workstation();
    const status = await signIn(ws, 'detective1');
    expect(status.state).toBe('active');
    expect(status.officer).toMatchObject({
      username: 'detective1',
      amr: expect.arrayContaining(['pwd', 'otp']),
    });
    expect(status.officer!.roles).toEqual(expect.arrayContaining(['detective', 'supervisor']));
    expect(status.activeRole).toBe('detective');
    // Tokens never leave the main process: the status the renderer sees has none.
    expect(JSON.stringify(status)).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    await ws.close();
  });

  it('switches workspace among the roles the officer holds, and only those', async () => {
    const { ws } = workstation();
    await signIn(ws, 'detective1');
    expect(
      (await call<{ activeRole: string }>(ws, 'session.switchRole', { role: 'supervisor' }))
        .activeRole,
    ).toBe('supervisor');
    await expect(call(ws, 'session.switchRole', { role: 'prosecutor' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await ws.close();
  });

  it('locks after the idle time, hides data, and needs a new sign-in', async () => {
    const { ws, clock } = workstation({ idle: 15 });
    await signIn(ws, 'detective2');
    clock.advance(14 * 60_000);
    expect(ws.session.status().state).toBe('active');
    await call(ws, 'session.touch'); // activity postpones the lock
    clock.advance(14 * 60_000);
    expect(ws.session.status().state).toBe('active');
    clock.advance(60_000 + 1);
    const locked = ws.session.status();
    expect(locked.state).toBe('locked');
    expect(locked.activeRole).toBeNull();
    expect(locked.lockReason).toBe('idle');
    await expect(ws.session.accessToken()).rejects.toMatchObject({ code: 'LOCKED' });
    await expect(call(ws, 'cases.list')).rejects.toMatchObject({ code: 'LOCKED' });
    // Time passed for the platform too (else the clock-skew guard rightly refuses).
    (tp.clock as ReturnType<typeof testClock>).advance(29 * 60_000);
    const again = await signIn(ws, 'detective2');
    expect(again.state).toBe('active');
    await ws.close();
  });

  it('signs out: tokens gone, nothing usable left', async () => {
    const { ws } = workstation();
    await signIn(ws, 'detective1');
    const out = await call<{ state: string; officer: unknown }>(ws, 'session.signOut');
    expect(out).toMatchObject({ state: 'signed-out', officer: null });
    await expect(ws.session.accessToken()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await ws.close();
  });

  it('refuses to work when its clock is far from the platform clock, and says why', async () => {
    const { ws } = workstation({ skewMs: -10 * 60_000 });
    await expect(call(ws, 'session.beginSignIn')).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/clock is 10 minutes behind/),
    });
    expect(ws.session.status().blockedReason).toMatch(/NTP/);
    await ws.close();
  });
});
