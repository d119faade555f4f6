import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../common/case.ts';
import { POLICY_PACKS } from '../../common/policy.ts';
import type { Actor } from './actor.ts';
import { isDataError, type DataErrorKind } from './errors.ts';
import { areaWithin, type ExtendedAccessRequestInput } from './extended-access.ts';
import {
  ago,
  at,
  commissioner,
  DAY,
  detective,
  detectiveProsecutor,
  JUSTIFICATION,
  makeRead,
  NOW,
  otherDetective,
  prosecutor,
  seedWorld,
  supervisor,
  testEnv,
  type TestEnv,
} from './test-fixtures.ts';

const rejectsWith = async (p: Promise<unknown>, kind: DataErrorKind, message?: RegExp) => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(isDataError(e, kind), `expected DataError(${kind}), got ${String(e)}`).toBe(true);
  if (message) expect((e as Error).message).toMatch(message);
};

const REASONS = 'Necessary and proportionate for locating the suspect vehicle';
const as = (officer: Actor, now = NOW) => ({ officer, now });

let env: TestEnv;
let c: Case;

function request(over: Partial<ExtendedAccessRequestInput> = {}): ExtendedAccessRequestInput {
  return {
    caseId: c.id,
    plates: ['1ABC123'],
    area: null,
    periodFrom: ago(90 * DAY),
    periodTo: ago(31 * DAY),
    offence: 'Burglary',
    legalBasis: 'Art. 46sexies Sv.',
    justification: JUSTIFICATION,
    ...over,
  };
}

describe('extended access (be)', () => {
  beforeEach(async () => {
    env = testEnv(POLICY_PACKS.be);
    c = await seedWorld(env);
  });
  afterEach(() => env.cleanup());

  it('a prosecutor can decide; a detective or supervisor cannot', async () => {
    const r = await env.store.fileRequest(as(detective), request());
    expect(r.status).toBe('pending');
    const approve = {
      decision: 'approve' as const,
      reasons: REASONS,
      expiresAt: at(14 * DAY).toISOString(),
    };
    await rejectsWith(
      env.store.decideRequest(as(otherDetective), r.id, approve),
      'forbidden',
      /prosecutor/,
    );
    await rejectsWith(env.store.decideRequest(as(supervisor), r.id, approve), 'forbidden');
    const decided = await env.store.decideRequest(as(prosecutor), r.id, approve);
    expect(decided.status).toBe('approved');
    expect(decided.decision).toMatchObject({
      decision: 'approve',
      decidedBy: prosecutor.id,
      plates: ['1ABC123'],
      periodFrom: ago(90 * DAY),
      periodTo: ago(31 * DAY),
      expiresAt: at(14 * DAY).toISOString(),
      reasons: REASONS,
    });
  });

  it('the requester cannot decide their own request, even holding the prosecutor role', async () => {
    const r = await env.store.fileRequest(as(detectiveProsecutor), request());
    await rejectsWith(
      env.store.decideRequest(as(detectiveProsecutor), r.id, {
        decision: 'refuse',
        reasons: REASONS,
      }),
      'forbidden',
      /filed yourself/,
    );
  });

  it('decisions are final: no second decision, no edits in the database', async () => {
    const r = await env.store.fileRequest(as(detective), request());
    await env.store.decideRequest(as(prosecutor), r.id, { decision: 'refuse', reasons: REASONS });
    await rejectsWith(
      env.store.decideRequest(as(prosecutor), r.id, {
        decision: 'approve',
        reasons: REASONS,
        expiresAt: at(DAY).toISOString(),
      }),
      'conflict',
      /already refused/,
    );
    expect(() =>
      env.db.prepare("UPDATE extended_access_decisions SET decision = 'approve'").run(),
    ).toThrow(/immutable/);
    expect(() => env.db.prepare('DELETE FROM extended_access_decisions').run()).toThrow(
      /immutable/,
    );
    expect(() =>
      env.db.prepare("UPDATE extended_access_requests SET status = 'pending'").run(),
    ).toThrow(/cannot be changed/);
  });

  it('decisions need written reasons that say something, and an expiry within a year', async () => {
    const r = await env.store.fileRequest(as(detective), request());
    await rejectsWith(
      env.store.decideRequest(as(prosecutor), r.id, { decision: 'refuse', reasons: 'no' }),
      'invalid',
      /reasons/,
    );
    await rejectsWith(
      env.store.decideRequest(as(prosecutor), r.id, {
        decision: 'approve',
        reasons: REASONS,
        expiresAt: NOW.toISOString(),
      }),
      'invalid',
      /future/,
    );
    await rejectsWith(
      env.store.decideRequest(as(prosecutor), r.id, {
        decision: 'approve',
        reasons: REASONS,
        expiresAt: at(400 * DAY).toISOString(),
      }),
      'invalid',
      /one year/,
    );
  });

  it('narrowing stays within the request', async () => {
    const circle = { kind: 'circle' as const, lat: 50.8466, lon: 4.3528, radiusM: 2_000 };
    const r = await env.store.fileRequest(
      as(detective),
      request({ plates: ['1ABC123', '2XYZ987'], area: circle }),
    );
    const base = {
      decision: 'narrow' as const,
      reasons: REASONS,
      expiresAt: at(7 * DAY).toISOString(),
    };
    await rejectsWith(
      env.store.decideRequest(as(prosecutor), r.id, { ...base, plates: ['1ABC123', '9NEW999'] }),
      'invalid',
      /requested/,
    );
    await rejectsWith(
      env.store.decideRequest(as(prosecutor), r.id, { ...base, periodFrom: ago(100 * DAY) }),
      'invalid',
      /within the requested period/,
    );
    await rejectsWith(
      env.store.decideRequest(as(prosecutor), r.id, {
        ...base,
        area: { ...circle, radiusM: 3_000 },
      }),
      'invalid',
      /within the requested area/,
    );
    await rejectsWith(
      env.store.decideRequest(as(prosecutor), r.id, { ...base, area: null }),
      'invalid',
      /widen/,
    );
    await rejectsWith(
      env.store.decideRequest(as(prosecutor), r.id, { ...base, plates: [] }),
      'invalid',
      /widen/,
    );
    const ok = await env.store.decideRequest(as(prosecutor), r.id, {
      ...base,
      plates: ['2-xyz-987'],
      area: { ...circle, radiusM: 500 },
      periodFrom: ago(60 * DAY),
    });
    expect(ok.status).toBe('narrowed');
    expect(ok.decision).toMatchObject({
      plates: ['2XYZ987'],
      area: { radiusM: 500 },
      periodFrom: ago(60 * DAY),
      periodTo: ago(31 * DAY),
    });
  });

  it('filing checks: assignment, look-back, period, scope, role', async () => {
    await rejectsWith(
      env.store.fileRequest(as(otherDetective), request()),
      'forbidden',
      /not assigned/,
    );
    await rejectsWith(env.store.fileRequest(as(prosecutor), request()), 'forbidden');
    await rejectsWith(
      env.store.fileRequest(as(detective), request({ periodFrom: ago(400 * DAY) })),
      'legal-gate',
      /reach back/,
    );
    await rejectsWith(
      env.store.fileRequest(as(detective), request({ periodTo: at(DAY).toISOString() })),
      'invalid',
      /future/,
    );
    await rejectsWith(
      env.store.fileRequest(as(detective), request({ plates: [] })),
      'invalid',
      /plates, an area/,
    );
    await rejectsWith(
      env.store.fileRequest(as(detective), request({ plates: ['1ABC*'] })),
      'invalid',
      /exact/,
    );
    await rejectsWith(
      env.store.fileRequest(as(detective), request({ justification: 'because' })),
      'invalid',
      /justification/,
    );
  });

  it('lists for the prosecutor urgent first, with filters; a detective sees only their cases', async () => {
    const other = await env.store.createCase(
      {
        number: 'BR.77',
        title: 'Other',
        offence: 'Theft',
        legalBasis: 'x',
        purpose: 'judicial',
        assignedOfficers: [otherDetective.id],
      },
      { now: NOW },
    );
    const r1 = await env.store.fileRequest(
      as(detective, new Date(NOW.getTime() - 3 * DAY)),
      request({ periodTo: ago(34 * DAY) }),
    );
    const r2 = await env.store.fileRequest(
      as(otherDetective, new Date(NOW.getTime() - 2 * DAY)),
      request({ caseId: other.id, periodTo: ago(33 * DAY) }),
    );
    const r3 = await env.store.fileRequest(
      as(detective, new Date(NOW.getTime() - DAY)),
      request({ urgency: 'urgent', periodTo: ago(32 * DAY) }),
    );
    await env.store.decideRequest(as(prosecutor), r1.id, { decision: 'refuse', reasons: REASONS });

    const all = await env.store.listRequests(as(prosecutor));
    expect(all.map((r) => r.id)).toEqual([r3.id, r1.id, r2.id]);
    expect(
      (await env.store.listRequests(as(prosecutor), { status: 'pending' })).map((r) => r.id),
    ).toEqual([r3.id, r2.id]);
    expect(
      (await env.store.listRequests(as(prosecutor), { urgency: 'urgent' })).map((r) => r.id),
    ).toEqual([r3.id]);
    expect(
      (await env.store.listRequests(as(prosecutor), { caseId: other.id })).map((r) => r.id),
    ).toEqual([r2.id]);
    // Waiting more than 36 hours.
    expect(
      (await env.store.listRequests(as(prosecutor), { createdBefore: ago(36 * 3_600_000) })).map(
        (r) => r.id,
      ),
    ).toEqual([r1.id, r2.id]);
    expect((await env.store.listRequests(as(otherDetective))).map((r) => r.id)).toEqual([r2.id]);
    await rejectsWith(env.store.getRequestDetail(as(otherDetective), r3.id), 'forbidden');

    const detail = await env.store.getRequestDetail(as(prosecutor), r3.id);
    expect(detail.earlierRequests.map((r) => [r.id, r.status])).toEqual([[r1.id, 'refused']]);
    expect(detail.caseNumber).toBe(c.number);
  });

  it('the requester may withdraw a pending request; nobody else may', async () => {
    const r = await env.store.fileRequest(as(detective), request());
    await rejectsWith(env.store.withdrawRequest(as(detectiveProsecutor), r.id), 'forbidden');
    expect((await env.store.withdrawRequest(as(detective), r.id)).status).toBe('withdrawn');
    await rejectsWith(
      env.store.decideRequest(as(prosecutor), r.id, { decision: 'refuse', reasons: REASONS }),
      'conflict',
    );
  });

  it('postponement of deletion does not exist in Belgium', async () => {
    await rejectsWith(
      env.store.postponeDeletion(as(commissioner), {
        scope: { all: true },
        until: at(DAY).toISOString(),
        reasons: REASONS,
      }),
      'legal-gate',
    );
  });
});

describe('Danish rules', () => {
  beforeEach(async () => {
    env = testEnv(POLICY_PACKS.dk);
    c = await seedWorld(env);
  });
  afterEach(() => env.cleanup());

  it('there is no extended access to file for', async () => {
    await rejectsWith(
      env.store.fileRequest(as(detective), request()),
      'legal-gate',
      /no extended access/,
    );
  });

  it('only the commissioner postpones deletion, with reasons, into the future', async () => {
    await env.store.createHotlist({ id: 'l', name: 'l', source: 'POL' }, NOW);
    await env.store.addHotlistEntries(
      'l',
      [{ plate: 'AB12345', category: 3, reason: 'deregistered', validFrom: ago(10 * DAY) }],
      NOW,
    );
    await env.store.ingest([makeRead({ plate: 'AB12345', capturedAt: ago(DAY) })], { now: NOW });
    const input = {
      scope: { plates: ['AB 12 345'] },
      until: '2027-01-01T00:00:00.000Z',
      reasons: 'Extraordinary situation: terror investigation needs all hits kept',
    };
    await rejectsWith(
      env.store.postponeDeletion(as(detective), input),
      'forbidden',
      /commissioner/,
    );
    await rejectsWith(
      env.store.postponeDeletion(as(commissioner), { ...input, reasons: 'urgent' }),
      'invalid',
    );
    await rejectsWith(
      env.store.postponeDeletion(as(commissioner), { ...input, until: ago(1) }),
      'invalid',
      /future/,
    );
    const p = await env.store.postponeDeletion(as(commissioner), input);
    expect(p.readsAffected).toBe(1);
    expect(env.db.prepare('SELECT retention_until FROM reads').get()).toEqual({
      retention_until: Date.parse('2027-01-01T00:00:00.000Z'),
    });
    expect(() => env.db.prepare('DELETE FROM postponements').run()).toThrow(/immutable/);
    expect(await env.store.listPostponements()).toHaveLength(1);
  });
});

describe('areaWithin', () => {
  const poly = {
    kind: 'polygon' as const,
    points: [
      { lat: 50.0, lon: 4.0 },
      { lat: 50.1, lon: 4.0 },
      { lat: 50.1, lon: 4.1 },
      { lat: 50.0, lon: 4.1 },
    ],
  };
  it('accepts shapes inside and refuses shapes reaching outside', () => {
    expect(areaWithin({ kind: 'circle', lat: 50.05, lon: 4.05, radiusM: 1_000 }, poly)).toBe(true);
    expect(areaWithin({ kind: 'circle', lat: 50.05, lon: 4.05, radiusM: 8_000 }, poly)).toBe(false);
    expect(areaWithin(poly, { kind: 'circle', lat: 50.05, lon: 4.05, radiusM: 10_000 })).toBe(true);
    expect(areaWithin(poly, { kind: 'circle', lat: 50.05, lon: 4.05, radiusM: 5_000 })).toBe(false);
    expect(
      areaWithin({ kind: 'cameras', cameraIds: ['A'] }, { kind: 'cameras', cameraIds: ['A', 'B'] }),
    ).toBe(true);
    expect(
      areaWithin({ kind: 'cameras', cameraIds: ['C'] }, { kind: 'cameras', cameraIds: ['A', 'B'] }),
    ).toBe(false);
  });
});
