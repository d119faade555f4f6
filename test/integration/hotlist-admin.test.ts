import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullStatus } from '../../common/api/contract.ts';
import type { CaseReads } from '../../common/api/detective-contract.ts';
import { UnitStore } from '../../platform/ingest/units.ts';
import { loginHeadless } from '../../platform/testing/login.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { call, makeWorkstation, signIn } from './support.ts';

/**
 * A hotlist an administrator sets up through the API (#14 item 4) reaches a
 * detective's case with its category: admin1 creates a list and an entry, a
 * camera unit delivers a read of the listed plate, detective1 pulls it into
 * the workstation's encrypted case store and sees the hit with its category
 * and list. Other roles are refused; every change is in the platform chain.
 */

// Response bodies are inspected loosely; the platform builds them from zod-typed code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let t: TestReference;
beforeAll(async () => {
  t = await startTestReference();
}, 180_000);
afterAll(() => t?.close());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(t.clock().getTime() - ms).toISOString();
const WHY = 'New SIS II list for the border checks of the convoy investigation';

async function token(username: string): Promise<string> {
  const account = t.accounts[username]!;
  t.clock.advance(30_000); // a fresh TOTP step for every sign-in
  const { accessToken } = await loginHeadless({
    issuer: t.issuer,
    username: account.username,
    password: account.password,
    totpSecret: account.totpSecret,
    totpTime: t.clock(),
  });
  return accessToken;
}

async function api(bearer: string, method: string, path: string, body?: unknown) {
  const res = await fetch(new URL(path, t.url), {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

describe('hotlist administration end to end', () => {
  it('refuses every role but admin, with nothing created', async () => {
    const detective = await token('detective1');
    const supervisor = await token('supervisor1');
    for (const bearer of [detective, supervisor]) {
      expect((await api(bearer, 'GET', '/api/v1/admin/hotlists')).status).toBe(403);
      const created = await api(bearer, 'POST', '/api/v1/admin/hotlists', {
        name: 'Not mine',
        owner: 'Nobody',
        legalBasis: 'None at all',
        purpose: 'Should never be created by this role',
        category: 4,
        reason: WHY,
      });
      expect(created.status).toBe(403);
      expect((await api(bearer, 'POST', '/api/v1/admin/operations', {})).status).toBe(403);
    }
    const admin = await token('admin1');
    const lists = await api(admin, 'GET', '/api/v1/admin/hotlists');
    expect(lists.body.hotlists.map((h: Json) => h.name)).not.toContain('Not mine');
    // Each attempt is on record: who tried which administration call.
    const refused = t.ref.audit
      .list({ limit: 500 })
      .entries.filter(
        (e) =>
          e.body.action === 'admin.refused' &&
          String(e.body.parameters.route).startsWith('/api/v1/admin/hotlists'),
      );
    expect(new Set(refused.map((e) => e.body.actor.username))).toEqual(
      new Set(['detective1', 'supervisor1']),
    );
    expect(refused.every((e) => e.body.outcome === 'denied')).toBe(true);
  });

  it('bad input gets a 400 naming the field', async () => {
    const admin = await token('admin1');
    const res = await api(admin, 'POST', '/api/v1/admin/hotlists', {
      name: 'SIS',
      owner: 'SIRENE',
      legalBasis: 'Regulation (EU) 2018/1862, art. 36',
      purpose: 'Discreet checks of SIS II alerts',
      category: 42,
      reason: WHY,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/category/);
    // Refused by the domain (a list that would be born expired): logged as
    // denied, with the reason and the justification given.
    const expired = await api(admin, 'POST', '/api/v1/admin/hotlists', {
      name: 'SIS',
      owner: 'SIRENE',
      legalBasis: 'Regulation (EU) 2018/1862, art. 36',
      purpose: 'Discreet checks of SIS II alerts',
      category: 10,
      expiresAt: ago(HOUR),
      reason: WHY,
    });
    expect(expired.status).toBe(400);
    expect(expired.body.error.message).toMatch(/expiresAt/);
    const denied = t.ref.audit
      .list({ limit: 500 })
      .entries.find((e) => e.body.action === 'hotlist.create' && e.body.outcome === 'denied');
    expect(denied?.body).toMatchObject({
      actor: { username: 'admin1' },
      justification: WHY,
      outcomeReason: expect.stringMatching(/expiresAt/),
    });
    const entryRes = await api(admin, 'POST', '/api/v1/admin/hotlists/no-such-list/entries', {
      plate: '1ABC123',
      entryReason: 'Reported stolen on the ANG',
      validFrom: ago(DAY),
      reason: WHY,
    });
    expect(entryRes.status).toBe(404);
  });

  it("a hit on an admin's list arrives in the detective's case store with its category and list", async () => {
    const admin = await token('admin1');
    const created = await api(admin, 'POST', '/api/v1/admin/hotlists', {
      id: 'it-sis',
      name: 'Schengen SIS II discreet checks',
      owner: 'SIRENE Belgium',
      legalBasis: 'Regulation (EU) 2018/1862, art. 36',
      purpose: 'Discreet checks of vehicles with an SIS II alert at the border',
      category: 10,
      reason: WHY,
    });
    expect(created.status).toBe(201);
    const plate = '1HIT001';
    const entry = await api(admin, 'POST', '/api/v1/admin/hotlists/it-sis/entries', {
      plate,
      country: 'BE',
      entryReason: 'SIS II alert art. 36 from the Dutch SIRENE bureau',
      validFrom: ago(2 * DAY),
      reason: WHY,
    });
    expect(entry.status).toBe(201);

    const units = new UnitStore(t.ref.platform.ctx.db, t.clock);
    const { token: unitToken } = units.create(
      { id: 'HIT-E40-01', unitType: 'fixed', operator: 'federal', source: 'VendorX' },
      'admin',
    );
    const read = {
      id: randomUUID(),
      plateRaw: plate,
      country: 'BE',
      capturedAt: ago(HOUR),
      lat: 50.88,
      lon: 4.47,
      confidence: 0.97,
      lane: 1,
    };
    const ingested = await fetch(`${t.url}/api/v1/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${unitToken}` },
      body: JSON.stringify(read),
    });
    expect(await ingested.json()).toMatchObject({ accepted: 1, hits: 1 });

    const { ws } = makeWorkstation(t.url, { clock: t.clock });
    try {
      await signIn(ws, t.accounts.detective1!, t.clock);
      const caseId = t.groundTruth.convoy.caseId;
      const now = t.clock().getTime();
      const started = await call<PullStatus>(ws, 'pulls.start', {
        caseId,
        offenceType: 'be-drugs',
        reasonCode: 'suspect-vehicle',
        justification: 'Vehicle flagged by an SIS II alert near the convoy route; check its hit.',
        query: {
          kind: 'plates',
          plates: [plate],
          range: { from: new Date(now - 7 * DAY).toISOString(), to: new Date(now).toISOString() },
        },
      });
      await ws.pulls.settled(started.pullId);
      expect(await ws.pulls.status(caseId, started.pullId)).toMatchObject({
        state: 'done',
        stored: 1,
      });
      const stored = await (await ws.stores.open(caseId)).readsByPlate({ plate });
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({
        id: read.id,
        hit: true,
        hitCategory: 10,
        hitListId: 'it-sis',
      });
      // The case reads the workstation's screens are built from carry it too.
      const view = await call<CaseReads>(ws, 'detective.reads', { caseId, limit: 20_000 });
      expect(view.reads.find((r) => r.id === read.id)).toMatchObject({
        hit: true,
        hitCategory: 10,
        hitListId: 'it-sis',
      });
    } finally {
      await ws.close();
    }

    // Who did what and why, in the platform chain.
    const logged = t.ref.audit
      .list({ limit: 500 })
      // The seed builds its own lists through the same functions (via: seed): not admin1's.
      .entries.filter(
        (e) =>
          e.body.action.startsWith('hotlist.') &&
          e.body.outcome === 'allowed' &&
          e.body.parameters.via !== 'seed',
      );
    expect(logged.map((e) => e.body.action)).toEqual(
      expect.arrayContaining(['hotlist.create', 'hotlist.entry-add']),
    );
    for (const e of logged) {
      expect(e.body.actor).toMatchObject({ username: 'admin1', role: 'admin' });
      expect(e.body.justification).toBe(WHY);
    }
  });
});
