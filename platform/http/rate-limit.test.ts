import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../testing/platform.ts';

/**
 * Officers and anonymous callers do not share a rate-limit bucket: a health
 * probe (or anyone) hammering the platform from the officer's own address
 * (one NAT for a whole police station) must not lock the officer out, and a
 * made-up token must not buy its sender an officer's budget.
 */
let tp: TestPlatform;
let token: string;

const PER_IP = 40;
const PER_OFFICER = 8;

beforeAll(async () => {
  tp = await startTestPlatform({
    limits: { perIpPerMinute: PER_IP, perOfficerPerMinute: PER_OFFICER },
  });
  // Signing in uses a few anonymous requests from this address too.
  token = (await tp.login('detective1')).accessToken;
}, 60_000);
afterAll(() => tp?.close());

type Json = { error: { code: string; message: string }; username?: string };
const json = async (res: Response) => (await res.json()) as Json;

const get = (path: string, authorization?: string) =>
  fetch(`${tp.url}${path}`, authorization ? { headers: { authorization } } : {});

async function untilRefused(call: () => Promise<Response>, bound: number): Promise<Response> {
  for (let i = 0; i < bound; i++) {
    const res = await call();
    if (res.status === 429) return res;
    await res.body?.cancel();
  }
  throw new Error(`no 429 within ${bound} calls`);
}

describe('platform rate limits', () => {
  it('refuses anonymous floods per IP, yet answers the officer on the same IP', async () => {
    // Bounded well past the bucket, in case a rate window turns over meanwhile.
    const refused = await untilRefused(() => get('/healthz'), PER_IP * 5);
    expect((await json(refused)).error.code).toBe('rate_limited');

    const me = await get('/me', `Bearer ${token}`);
    expect(me.status).toBe(200);
    expect((await json(me)).username).toBe('detective1');

    // A forged or broken token is anonymous: it spends the IP bucket, not an officer's.
    expect((await get('/me', 'Bearer eyJhbGciOiJFUzI1NiJ9.e30.AAAA')).status).toBe(429);
    expect((await get('/healthz', 'Bearer not-a-token')).status).toBe(429);
  });

  it('still limits each officer, on any route, with the error envelope', async () => {
    const refused = await untilRefused(() => get('/me', `Bearer ${token}`), PER_OFFICER * 5);
    const body = await json(refused);
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toMatch(/try again in \d+ s/);
  });
});
