import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RecipientRegister } from '../../common/api/detective-contract.ts';
import { usePlatformFetch } from '../../main/core/platform-fetch.ts';
import type { Workstation } from '../../main/core/workstation.ts';
import { retireRecipient } from '../../platform/recipients/register.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { call, makeWorkstation, signIn } from './support.ts';

/**
 * The workstation's copy of the recipient register (#14 item 6): fetched
 * from the platform whenever it is reachable (a retirement there shows at
 * once), kept in the encrypted workstation database with its fetch time, and
 * that copy served, marked offline, when the platform cannot be reached.
 */
let t: TestReference;
let ws: Workstation;

/** The network boundary: offline, every request fails as a refused connection would. */
let online = true;
const switchableFetch: typeof fetch = async (input, init) => {
  if (!online) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
  return fetch(input, init);
};

beforeAll(async () => {
  t = await startTestReference();
  usePlatformFetch(switchableFetch);
  ws = makeWorkstation(t.url, { clock: t.clock, deps: { fetch: switchableFetch } }).ws;
  await signIn(ws, t.accounts.detective1!, t.clock);
}, 180_000);
afterAll(async () => {
  usePlatformFetch(null);
  await ws?.close();
  await t?.close();
});
afterEach(() => {
  online = true;
});

describe('recipient register on the workstation', () => {
  it('is fetched from the platform, and its copy with the fetch time serves when the platform is out of reach', async () => {
    const fresh = await call<RecipientRegister>(ws, 'detective.recipients', { refresh: true });
    expect(fresh.offline).toBe(false);
    expect(fresh.recipients.map((r) => r.id)).toEqual(
      expect.arrayContaining(['be-parquet-anvers', 'us-king-county-pao', 'be-private-allianz']),
    );

    // Retired on the platform: the next fetch says so (the picker no longer offers it).
    retireRecipient(
      {
        db: t.ref.deps.ctx.db,
        audit: t.ref.deps.audit,
        actor: { officerId: 'admin1', username: 'admin1', role: 'admin' },
        now: t.clock(),
        via: { via: 'test' },
      },
      'nl-politie-zeeland-west-brabant',
      { reason: 'Cooperation agreement with the unit ended.' },
    );
    t.clock.advance(60_000);
    const again = await call<RecipientRegister>(ws, 'detective.recipients', { refresh: true });
    expect(again.fetchedAt).not.toBe(fresh.fetchedAt);
    expect(
      again.recipients.find((r) => r.id === 'nl-politie-zeeland-west-brabant')?.retiredAt,
    ).not.toBeNull();

    online = false;
    t.clock.advance(60_000);
    const offline = await call<RecipientRegister>(ws, 'detective.recipients', { refresh: true });
    expect(offline).toEqual({ ...again, offline: true });
  });
});
