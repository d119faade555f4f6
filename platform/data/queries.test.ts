import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../common/case.ts';
import { POLICY_PACKS } from '../../common/policy.ts';
import type { Read } from '../../common/read.ts';
import { isDataError, type DataErrorKind } from './errors.ts';
import {
  ago,
  at,
  CAMERAS,
  DAY,
  detective,
  detectiveProsecutor,
  HOUR,
  JUSTIFICATION,
  makeRead,
  NOW,
  otherDetective,
  prosecutor,
  q,
  seedWorld,
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

let env: TestEnv;
let c: Case;

async function ingest(reads: Read[]) {
  const r = await env.store.ingest(reads, { now: NOW });
  expect(r.accepted).toBe(reads.length);
}

beforeEach(async () => {
  env = testEnv(POLICY_PACKS.be);
  c = await seedWorld(env);
});
afterEach(() => env.cleanup());

describe('case checks', () => {
  beforeEach(() => ingest([makeRead({ plate: '1ABC123', capturedAt: ago(2 * DAY) })]));

  it('an assigned detective gets the reads', async () => {
    const res = await env.store.plateHistory(q(c.id), { plate: '1ABC123' });
    expect(res.total).toBe(1);
    expect(res.reads[0]).toMatchObject({ plate: '1ABC123', unitId: 'BXL-01' });
    expect(res.withheld).toEqual({ count: 0, reason: null, message: null, byReason: {} });
  });

  it('refuses an officer not assigned to the case', async () => {
    await rejectsWith(
      env.store.plateHistory(q(c.id, { officer: otherDetective }), { plate: '1ABC123' }),
      'forbidden',
      /not assigned/,
    );
  });

  it('refuses a missing, short or one-word justification', async () => {
    await rejectsWith(
      env.store.plateHistory(q(c.id, { justification: '' }), { plate: '1ABC123' }),
      'invalid',
      /justification/,
    );
    await rejectsWith(
      env.store.plateHistory(q(c.id, { justification: 'investigation' }), { plate: '1ABC123' }),
      'invalid',
      /justification/,
    );
    await rejectsWith(
      env.store.plateHistory(q(c.id, { justification: 'investigationinvestigation' }), {
        plate: '1ABC123',
      }),
      'invalid',
      /too little/,
    );
    // The texts that passed before #15: repetition, keyboard runs, filler.
    for (const vague of [
      'test test test test test',
      'asdf asdf asdf asdf asdf',
      '.. .. .. .. .. ..',
    ]) {
      await rejectsWith(
        env.store.plateHistory(q(c.id, { justification: vague }), { plate: '1ABC123' }),
        'invalid',
        /Name the offence/,
      );
    }
  });

  it('refuses an offence type outside the pack, or one the case purpose does not allow', async () => {
    await rejectsWith(
      env.store.plateHistory(q(c.id, { offenceType: 'shoplifting' }), { plate: '1ABC123' }),
      'invalid',
      /Unknown offence type/,
    );
    await rejectsWith(
      env.store.plateHistory(q(c.id, { offenceType: 'be-public-order' }), { plate: '1ABC123' }),
      'invalid',
      /judicial purpose/,
    );
  });

  it('refuses a purpose other than the case purpose', async () => {
    await rejectsWith(
      env.store.plateHistory(q(c.id, { purpose: 'administrative' }), { plate: '1ABC123' }),
      'forbidden',
      /judicial purpose/,
    );
  });

  it('refuses unknown and closed cases, and roles that do not consult reads', async () => {
    await rejectsWith(env.store.plateHistory(q('no-such-case'), { plate: '1ABC123' }), 'not-found');
    await rejectsWith(
      env.store.plateHistory(q(c.id, { officer: prosecutor }), { plate: '1ABC123' }),
      'forbidden',
    );
    await env.store.closeCase(c.id, { now: NOW });
    await rejectsWith(env.store.plateHistory(q(c.id), { plate: '1ABC123' }), 'forbidden', /closed/);
  });

  it('rejects an inverted time range', async () => {
    await rejectsWith(
      env.store.plateHistory(q(c.id), { plate: '1ABC123', from: ago(DAY), to: ago(2 * DAY) }),
      'invalid',
    );
  });
});

describe('legal gate (be)', () => {
  // 1ABC123: 2 and 10 days old (normal window), 40, 60 and 200 days old (older).
  const recent = ['2', '10'];
  beforeEach(() =>
    ingest([
      makeRead({ plate: '1ABC123', capturedAt: ago(2 * DAY) }),
      makeRead({ plate: '1ABC123', capturedAt: ago(10 * DAY), unitId: 'BXL-02' }),
      makeRead({ plate: '1ABC123', capturedAt: ago(40 * DAY) }),
      makeRead({ plate: '1ABC123', capturedAt: ago(60 * DAY), unitId: 'GNT-01' }),
      makeRead({ plate: '1ABC123', capturedAt: ago(200 * DAY) }),
      makeRead({ plate: '2XYZ987', capturedAt: ago(45 * DAY) }),
      makeRead({ plate: '2XYZ987', capturedAt: ago(5 * DAY) }),
    ]),
  );

  const ages = (reads: Read[]) =>
    reads.map((r) => String(Math.round((NOW.getTime() - Date.parse(r.capturedAt)) / DAY)));

  async function approvedRequest(
    decision:
      | { decision: 'approve' }
      | { decision: 'narrow'; plates?: string[]; periodFrom?: string; periodTo?: string }
      | { decision: 'refuse' },
    request: { plates: string[]; periodFrom: string; periodTo: string } = {
      plates: ['1ABC123'],
      periodFrom: ago(50 * DAY),
      periodTo: ago(35 * DAY),
    },
    expiresAt = at(7 * DAY).toISOString(),
  ) {
    const r = await env.store.fileRequest(
      { officer: detective, now: NOW },
      {
        caseId: c.id,
        ...request,
        offence: 'Burglary',
        legalBasis: 'Art. 46sexies Sv.',
        justification: JUSTIFICATION,
      },
    );
    const reasons =
      'Proportionate: the route of the suspect vehicle before the first burglary is needed';
    await env.store.decideRequest(
      { officer: prosecutor, now: NOW },
      r.id,
      decision.decision === 'refuse'
        ? { decision: 'refuse', reasons }
        : { ...decision, reasons, expiresAt },
    );
    return r;
  }

  it('withholds reads older than 30 days without approval and reports only their count', async () => {
    const res = await env.store.plateHistory(q(c.id), { plate: '1ABC123' });
    expect(ages(res.reads)).toEqual(recent);
    expect(res.total).toBe(2);
    expect(res.withheld.count).toBe(3);
    expect(res.withheld.reason).toBe('needs-extended-access');
    expect(res.withheld.message).toMatch(
      /^3 reads captured before 2026-02-13 12:00 UTC need an approved extended-access decision by a prosecutor/,
    );
    expect(JSON.stringify(res.withheld)).not.toContain('1ABC123');
  });

  it('the edge of the normal window is inclusive: exactly 30 days old is shown, 1 ms older is not', async () => {
    await ingest([
      makeRead({ plate: '1EDGE01', capturedAt: ago(30 * DAY) }),
      makeRead({ plate: '1EDGE01', capturedAt: ago(30 * DAY + 1) }),
    ]);
    const res = await env.store.plateHistory(q(c.id), { plate: '1EDGE01' });
    expect(res.reads.map((r) => r.capturedAt)).toEqual([ago(30 * DAY)]);
    expect(res.withheld.count).toBe(1);
  });

  it('an approval unlocks exactly its plates and period', async () => {
    await approvedRequest({ decision: 'approve' });
    const res = await env.store.plateHistory(q(c.id), { plate: '1ABC123' });
    expect(ages(res.reads)).toEqual([...recent, '40']);
    expect(res.extendedAccess.count).toBe(1);
    expect(res.withheld.count).toBe(2);
    expect(res.withheld.byReason).toEqual({ 'outside-approved-period': 2 });
    // Another plate of the same case, inside the period: not covered.
    const other = await env.store.plateHistory(q(c.id), { plate: '2XYZ987' });
    expect(ages(other.reads)).toEqual(['5']);
    expect(other.withheld).toMatchObject({ count: 1, reason: 'needs-extended-access' });
  });

  it('an approval unlocks nothing from its expiry second on', async () => {
    const expiresAt = at(7 * DAY);
    await approvedRequest({ decision: 'approve' }, undefined, expiresAt.toISOString());
    const before = await env.store.plateHistory(
      q(c.id, { now: new Date(expiresAt.getTime() - 1) }),
      { plate: '1ABC123' },
    );
    expect(before.extendedAccess.count).toBe(1);
    const atExpiry = await env.store.plateHistory(q(c.id, { now: expiresAt }), {
      plate: '1ABC123',
    });
    expect(atExpiry.extendedAccess.count).toBe(0);
    expect(ages(atExpiry.reads)).not.toContain('40');
    // Every older read of the approved plate is now withheld because the approval expired.
    expect(atExpiry.withheld).toMatchObject({
      count: 3,
      reason: 'approval-expired',
      byReason: { 'approval-expired': 3 },
    });
    expect(atExpiry.withheld.message).toMatch(/expired; request a new decision/);
  });

  it('a narrowed decision unlocks only the narrowed scope', async () => {
    await approvedRequest(
      {
        decision: 'narrow',
        plates: ['1ABC123'],
        periodFrom: ago(50 * DAY),
        periodTo: ago(35 * DAY),
      },
      { plates: ['1ABC123', '2XYZ987'], periodFrom: ago(70 * DAY), periodTo: ago(31 * DAY) },
    );
    const a = await env.store.plateHistory(q(c.id), { plate: '1ABC123' });
    expect(ages(a.reads)).toEqual([...recent, '40']); // not the 60-day read the request also covered
    const b = await env.store.plateHistory(q(c.id), { plate: '2XYZ987' });
    expect(ages(b.reads)).toEqual(['5']); // plate dropped by the prosecutor
  });

  it('a refused request unlocks nothing', async () => {
    await approvedRequest({ decision: 'refuse' });
    const res = await env.store.plateHistory(q(c.id), { plate: '1ABC123' });
    expect(ages(res.reads)).toEqual(recent);
    expect(res.withheld).toMatchObject({ count: 3, reason: 'needs-extended-access' });
  });

  it("an approval of one case does nothing for another case's queries", async () => {
    await approvedRequest({ decision: 'approve' });
    const other = await env.store.createCase(
      {
        number: 'BR.99',
        title: 'Other',
        offence: 'Theft',
        legalBasis: 'x',
        purpose: 'judicial',
        assignedOfficers: [detective.id],
      },
      { now: NOW },
    );
    const res = await env.store.plateHistory(q(other.id), { plate: '1ABC123' });
    expect(res.extendedAccess.count).toBe(0);
    expect(res.withheld.count).toBe(3);
  });

  it('the prosecutor sees how many reads a request would unlock, as a count only', async () => {
    const r = await env.store.fileRequest(
      { officer: detective, now: NOW },
      {
        caseId: c.id,
        plates: ['1ABC123'],
        periodFrom: ago(70 * DAY),
        periodTo: ago(DAY),
        offence: 'Burglary',
        legalBasis: 'Art. 46sexies Sv.',
        justification: JUSTIFICATION,
      },
    );
    const detail = await env.store.getRequestDetail({ officer: prosecutor, now: NOW }, r.id);
    // 40 and 60 days old; the 2- and 10-day reads are visible anyway, the 200-day one is outside the period.
    expect(detail.estimate.count).toBe(2);
    expect(JSON.stringify(detail.estimate)).not.toContain('1ABC123');
  });
});

describe('administrative purpose (be)', () => {
  it('never sees reads older than one month, with or without approval', async () => {
    const admin = await seedWorld(env, 'administrative');
    // 29 days old: inside the judicial 30-day window, outside the administrative month (15 Feb).
    await ingest([
      makeRead({ plate: '1LEZ001', capturedAt: ago(29 * DAY) }),
      makeRead({ plate: '1LEZ001', capturedAt: ago(3 * DAY) }),
    ]);
    const res = await env.store.plateHistory(
      q(admin.id, { purpose: 'administrative', reasonCode: 'other' }),
      { plate: '1LEZ001' },
    );
    expect(res.reads.map((r) => r.capturedAt)).toEqual([ago(3 * DAY)]);
    expect(res.withheld).toMatchObject({ count: 1, reason: 'administrative-window' });
    expect(res.withheld.message).toMatch(/1 month/);
    await rejectsWith(
      env.store.fileRequest(
        { officer: detective, now: NOW },
        {
          caseId: admin.id,
          plates: ['1LEZ001'],
          periodFrom: ago(60 * DAY),
          periodTo: ago(31 * DAY),
          offence: 'LEZ',
          legalBasis: 'x',
          justification: JUSTIFICATION,
        },
      ),
      'legal-gate',
    );
  });
});

describe('plate search modes', () => {
  beforeEach(() =>
    ingest(
      [
        '1ABC123',
        '1ABD123',
        '1ABC124',
        '2ABC123',
        'IABC123',
        '1A8C123',
        '1ABC1Z3',
        '1A8C1Z3',
        '1ABC128',
        '1ABC12',
      ].map((plate, i) => makeRead({ plate, capturedAt: ago((i + 1) * HOUR) })),
    ),
  );
  const plates = (reads: Read[]) => reads.map((r) => r.plate).sort();

  it('wildcard: ? is one character, * any run, separators ignored', async () => {
    const res = await env.store.plateHistory(q(c.id), { plate: '1-AB?-12*', match: 'wildcard' });
    expect(plates(res.reads)).toEqual(['1ABC12', '1ABC123', '1ABC124', '1ABC128', '1ABD123']);
    const suffix = await env.store.plateHistory(q(c.id), { plate: '*C123', match: 'wildcard' });
    expect(plates(suffix.reads)).toEqual(['1A8C123', '1ABC123', '2ABC123', 'IABC123']);
    const one = await env.store.plateHistory(q(c.id), { plate: '1ABC12?', match: 'wildcard' });
    expect(plates(one.reads)).toEqual(['1ABC123', '1ABC124', '1ABC128']);
  });

  it('wildcard patterns must keep some known characters', async () => {
    await rejectsWith(
      env.store.plateHistory(q(c.id), { plate: '1*', match: 'wildcard' }),
      'too-large',
      /at least 3/,
    );
  });

  it('fuzzy: finds the OCR look-alike variants within the allowed substitutions', async () => {
    const one = await env.store.plateHistory(q(c.id), {
      plate: '1ABC123',
      match: 'fuzzy',
      maxSubstitutions: 1,
    });
    expect(plates(one.reads)).toEqual(['1A8C123', '1ABC123', '1ABC1Z3', 'IABC123']);
    const two = await env.store.plateHistory(q(c.id), {
      plate: '1ABC123',
      match: 'fuzzy',
      maxSubstitutions: 2,
    });
    expect(plates(two.reads)).toEqual(['1A8C123', '1A8C1Z3', '1ABC123', '1ABC1Z3', 'IABC123']);
    // Searching from a misread finds the true plate too.
    const back = await env.store.plateHistory(q(c.id), {
      plate: 'I-A8C-123',
      match: 'fuzzy',
      maxSubstitutions: 2,
    });
    expect(plates(back.reads)).toContain('1ABC123');
    await rejectsWith(
      env.store.plateHistory(q(c.id), { plate: '1ABC123', match: 'fuzzy', maxSubstitutions: 3 }),
      'too-large',
    );
  });

  it('pages through a history newest first', async () => {
    const p1 = await env.store.plateHistory(q(c.id), {
      plate: '1ABC*',
      match: 'wildcard',
      limit: 2,
      offset: 0,
    });
    const p2 = await env.store.plateHistory(q(c.id), {
      plate: '1ABC*',
      match: 'wildcard',
      limit: 2,
      offset: 2,
    });
    expect(p1.total).toBe(5);
    expect(p1.reads.map((r) => r.plate)).toEqual(['1ABC123', '1ABC124']);
    expect(p2.reads.map((r) => r.plate)).toEqual(['1ABC1Z3', '1ABC128']);
  });
});

describe('area query (stakeout)', () => {
  const bxl01 = CAMERAS[0]!;
  beforeEach(() =>
    ingest([
      makeRead({ plate: '1AAA001', capturedAt: ago(3 * HOUR), unitId: 'BXL-01' }),
      makeRead({ plate: '1AAA002', capturedAt: ago(2 * HOUR), unitId: 'BXL-02' }), // ~410 m north
      makeRead({ plate: '1AAA003', capturedAt: ago(1 * HOUR), unitId: 'GNT-01' }),
      // A mobile unit's read is placed where it was taken, here 100 m from BXL-01.
      makeRead({
        plate: '1AAA004',
        capturedAt: ago(90 * 60_000),
        unitId: 'MOB-07',
        lat: bxl01.lat + 0.0009,
        lon: bxl01.lon,
      }),
      makeRead({ plate: '1AAA005', capturedAt: ago(40 * DAY), unitId: 'BXL-01' }),
    ]),
  );
  const window = { from: ago(DAY), to: NOW.toISOString() };

  it('circle: uses each read its own position', async () => {
    const res = await env.store.areaQuery(q(c.id, { reasonCode: 'scene-presence' }), {
      area: { kind: 'circle', lat: bxl01.lat, lon: bxl01.lon, radiusM: 300 },
      ...window,
    });
    expect(res.reads.map((r) => r.plate)).toEqual(['1AAA001', '1AAA004']);
  });

  it('polygon and camera list', async () => {
    const poly = await env.store.areaQuery(q(c.id), {
      area: {
        kind: 'polygon',
        points: [
          { lat: 50.84, lon: 4.34 },
          { lat: 50.86, lon: 4.34 },
          { lat: 50.86, lon: 4.36 },
          { lat: 50.84, lon: 4.36 },
        ],
      },
      ...window,
    });
    expect(poly.reads.map((r) => r.plate)).toEqual(['1AAA001', '1AAA002', '1AAA004']);
    const cams = await env.store.areaQuery(q(c.id), {
      area: { kind: 'cameras', cameraIds: ['BXL-02', 'GNT-01'] },
      ...window,
    });
    expect(cams.reads.map((r) => r.plate)).toEqual(['1AAA002', '1AAA003']);
  });

  it('older reads in the area are withheld and counted', async () => {
    const res = await env.store.areaQuery(q(c.id), {
      area: { kind: 'cameras', cameraIds: ['BXL-01'] },
      from: ago(45 * DAY),
      to: ago(20 * DAY),
    });
    expect(res.reads).toEqual([]);
    expect(res.withheld.count).toBe(1);
  });

  it('refuses areas and windows that are too large, with a clear message', async () => {
    await rejectsWith(
      env.store.areaQuery(q(c.id), {
        area: { kind: 'circle', lat: 50.85, lon: 4.35, radiusM: 6_000 },
        ...window,
      }),
      'too-large',
      /radius may be at most 5 km/,
    );
    await rejectsWith(
      env.store.areaQuery(q(c.id), {
        area: {
          kind: 'polygon',
          points: [
            { lat: 50.7, lon: 4.2 },
            { lat: 50.9, lon: 4.2 },
            { lat: 50.9, lon: 4.5 },
          ],
        },
        ...window,
      }),
      'too-large',
      /km²/,
    );
    await rejectsWith(
      env.store.areaQuery(q(c.id), {
        area: { kind: 'cameras', cameraIds: ['BXL-01'] },
        from: ago(32 * DAY),
        to: NOW.toISOString(),
      }),
      'too-large',
      /at most 31 days/,
    );
  });
});

describe('narrowing and approvals by a prosecutor who is also a detective', () => {
  it('cannot decide a request they filed, but another prosecutor can', async () => {
    await ingest([makeRead({ plate: '1ABC123', capturedAt: ago(40 * DAY) })]);
    const r = await env.store.fileRequest(
      { officer: detectiveProsecutor, now: NOW },
      {
        caseId: c.id,
        plates: ['1ABC123'],
        periodFrom: ago(50 * DAY),
        periodTo: ago(31 * DAY),
        offence: 'Burglary',
        legalBasis: 'x',
        justification: JUSTIFICATION,
      },
    );
    const reasons = 'The route before the burglary is needed for the investigation';
    await rejectsWith(
      env.store.decideRequest({ officer: detectiveProsecutor, now: NOW }, r.id, {
        decision: 'approve',
        reasons,
        expiresAt: at(DAY).toISOString(),
      }),
      'forbidden',
      /filed yourself/,
    );
    const decided = await env.store.decideRequest({ officer: prosecutor, now: NOW }, r.id, {
      decision: 'approve',
      reasons,
      expiresAt: at(DAY).toISOString(),
    });
    expect(decided.status).toBe('approved');
    const res = await env.store.plateHistory(q(c.id, { officer: detectiveProsecutor }), {
      plate: '1ABC123',
    });
    expect(res.total).toBe(1);
  });
});
