import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../common/case.ts';
import { POLICY_PACKS } from '../../common/policy.ts';
import type { Read } from '../../common/read.ts';
import { isDataError } from './errors.ts';
import { decodeCursor, encodeCursor } from './pull.ts';
import type { PlatformStore } from './store.ts';
import {
  ago,
  at,
  CAMERAS,
  DAY,
  detective,
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

let env: TestEnv;
let c: Case;

beforeEach(async () => {
  env = testEnv(POLICY_PACKS.be);
  c = await seedWorld(env);
});
afterEach(() => env.cleanup());

async function drain(
  store: PlatformStore,
  pullId: string,
  cursor: string | null,
  limit: number,
  now = NOW,
  maxPages = 1_000,
) {
  const reads: Read[] = [];
  let at: string | null = cursor;
  for (let i = 0; i < maxPages; i++) {
    const page = await store.pullPage({ officer: detective, now }, pullId, at, limit);
    reads.push(...page.reads);
    if (page.nextCursor === null) return { reads, cursor: null };
    at = page.nextCursor;
  }
  return { reads, cursor: at };
}

describe('case pull', () => {
  it('announces the total up front and delivers every read exactly once, in (capturedAt, id) order', async () => {
    const reads: Read[] = [];
    for (let i = 0; i < 57; i++) {
      // Several reads share a capture time: the id breaks the tie.
      reads.push(
        makeRead({
          plate: i % 3 === 0 ? '1ABC123' : '2XYZ987',
          capturedAt: ago(Math.floor(i / 4) * HOUR),
        }),
      );
    }
    reads.push(makeRead({ plate: '9OTHER9', capturedAt: ago(HOUR) }));
    await env.store.ingest(reads, { now: NOW });
    const start = await env.store.startPull(q(c.id), { plates: ['1ABC123', '2XYZ*'] });
    expect(start.total).toBe(57);
    const got = await drain(env.store, start.pullId, null, 10);
    expect(got.reads).toHaveLength(57);
    expect(new Set(got.reads.map((r) => r.id)).size).toBe(57);
    const order = got.reads.map((r) => [Date.parse(r.capturedAt), r.id] as const);
    const sorted = [...order].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
    expect(order).toEqual(sorted);
    const info = await env.store.getPull({ officer: detective, now: NOW }, start.pullId);
    expect(info).toMatchObject({ status: 'complete', total: 57, pages: 6 });
  });

  it('resumes after a kill from the last committed cursor with a new store handle', async () => {
    await env.store.ingest(
      Array.from({ length: 40 }, (_, i) =>
        makeRead({ plate: '1ABC123', capturedAt: ago(i * 10 * 60_000) }),
      ),
      { now: NOW },
    );
    const { pullId, total } = await env.store.startPull(q(c.id), { plates: ['1ABC123'] });
    expect(total).toBe(40);
    // The client commits two pages, then the process dies before it asks for the third.
    const first = await drain(env.store, pullId, null, 7, NOW, 2);
    expect(first.reads).toHaveLength(14);
    env.db.close();

    const restarted = env.reopen();
    const rest = await drain(restarted.store, pullId, first.cursor, 7, at(5 * 60_000));
    const all = [...first.reads, ...rest.reads].map((r) => r.id);
    expect(all).toHaveLength(40);
    expect(new Set(all).size).toBe(40);
    // Re-asking for a page already served gives the same reads again (idempotent resume).
    const again = await restarted.store.pullPage(
      { officer: detective, now: NOW },
      pullId,
      first.cursor,
      7,
    );
    expect(again.reads.map((r) => r.id)).toEqual(rest.reads.slice(0, 7).map((r) => r.id));
  });

  it('a read arriving late with an older capture time neither breaks the cursor nor sneaks into the frozen pull', async () => {
    await env.store.ingest(
      Array.from({ length: 20 }, (_, i) =>
        makeRead({ plate: '1ABC123', capturedAt: ago((20 - i) * HOUR) }),
      ),
      { now: NOW },
    );
    const { pullId, total } = await env.store.startPull(q(c.id), { plates: ['1ABC123'] });
    const p1 = await env.store.pullPage({ officer: detective, now: NOW }, pullId, null, 8);
    // Late arrivals: one before the cursor, one after it (both captured before the pull started).
    const late = [
      makeRead({ plate: '1ABC123', capturedAt: ago(19.5 * HOUR) }),
      makeRead({ plate: '1ABC123', capturedAt: ago(2.5 * HOUR) }),
    ];
    await env.store.ingest(late, { now: NOW });
    const rest = await drain(env.store, pullId, p1.nextCursor, 8);
    const ids = [...p1.reads, ...rest.reads].map((r) => r.id);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(ids).not.toContain(late[0]!.id);
    expect(ids).not.toContain(late[1]!.id);
  });

  it('re-checks the legal gate per page: an approval expiring mid-pull stops the older reads', async () => {
    const old = Array.from({ length: 6 }, (_, i) =>
      makeRead({ plate: '1ABC123', capturedAt: ago((40 + i) * DAY) }),
    );
    const recent = Array.from({ length: 6 }, (_, i) =>
      makeRead({ plate: '1ABC123', capturedAt: ago((i + 1) * DAY) }),
    );
    await env.store.ingest([...old, ...recent], { now: NOW });
    const req = await env.store.fileRequest(
      { officer: detective, now: NOW },
      {
        caseId: c.id,
        plates: ['1ABC123'],
        periodFrom: ago(60 * DAY),
        periodTo: ago(31 * DAY),
        offence: 'Burglary',
        legalBasis: 'x',
        justification: JUSTIFICATION,
      },
    );
    const expiresAt = at(HOUR);
    await env.store.decideRequest({ officer: prosecutor, now: NOW }, req.id, {
      decision: 'approve',
      reasons: 'The route before the burglary is necessary for the investigation',
      expiresAt: expiresAt.toISOString(),
    });
    const start = await env.store.startPull(q(c.id), { plates: ['1ABC123'] });
    expect(start.total).toBe(12);
    expect(start.extendedAccess.count).toBe(6);
    const p1 = await env.store.pullPage({ officer: detective, now: NOW }, start.pullId, null, 3);
    expect(p1.reads).toHaveLength(3); // oldest first: approval-covered reads
    const rest = await drain(env.store, start.pullId, p1.nextCursor, 3, expiresAt);
    // After expiry the three remaining older reads are no longer delivered; recent ones are.
    expect(rest.reads.map((r) => r.id).sort()).toEqual(recent.map((r) => r.id).sort());
  });

  it('an approval granted after the start is not part of the frozen pull', async () => {
    await env.store.ingest([makeRead({ plate: '1ABC123', capturedAt: ago(40 * DAY) })], {
      now: NOW,
    });
    const start = await env.store.startPull(q(c.id), { plates: ['1ABC123'] });
    expect(start).toMatchObject({ total: 0, withheld: { count: 1 } });
    const req = await env.store.fileRequest(
      { officer: detective, now: NOW },
      {
        caseId: c.id,
        plates: ['1ABC123'],
        periodFrom: ago(60 * DAY),
        periodTo: ago(31 * DAY),
        offence: 'B',
        legalBasis: 'x',
        justification: JUSTIFICATION,
      },
    );
    await env.store.decideRequest({ officer: prosecutor, now: NOW }, req.id, {
      decision: 'approve',
      reasons: 'The route before the burglary is necessary for the investigation',
      expiresAt: at(DAY).toISOString(),
    });
    expect(
      (await env.store.pullPage({ officer: detective, now: NOW }, start.pullId, null, 10)).reads,
    ).toEqual([]);
    expect((await env.store.startPull(q(c.id), { plates: ['1ABC123'] })).total).toBe(1);
  });

  it('area pulls, streaming, and who may continue a pull', async () => {
    const bxl = CAMERAS[0]!;
    await env.store.ingest(
      Array.from({ length: 9 }, (_, i) =>
        makeRead({ plate: `1AAA00${i}`, capturedAt: ago((i + 1) * HOUR) }),
      ),
      { now: NOW },
    );
    const start = await env.store.startPull(q(c.id, { reasonCode: 'scene-presence' }), {
      area: { kind: 'circle', lat: bxl.lat, lon: bxl.lon, radiusM: 200 },
      from: ago(DAY),
      to: NOW.toISOString(),
    });
    expect(start.total).toBe(9);
    const streamed: string[] = [];
    let lastCursor = '';
    for await (const item of env.store.streamPull(detective, () => NOW, start.pullId, null, 4)) {
      streamed.push(item.read.id);
      lastCursor = item.cursor;
    }
    expect(streamed).toHaveLength(9);
    expect(decodeCursor(lastCursor).id).toBe(streamed.at(-1));
    await expect(
      env.store.pullPage({ officer: otherDetective, now: NOW }, start.pullId, null, 5),
    ).rejects.toSatisfy((e) => isDataError(e, 'forbidden'));
    await env.store.unassignOfficer(c.id, detective.id);
    await expect(
      env.store.pullPage({ officer: detective, now: NOW }, start.pullId, null, 5),
    ).rejects.toSatisfy((e) => isDataError(e, 'forbidden'));
  });

  it('rejects malformed cursors and oversize pulls', async () => {
    const start = await env.store.startPull(q(c.id), { plates: ['1ABC123'] });
    await expect(
      env.store.pullPage({ officer: detective, now: NOW }, start.pullId, 'garbage', 5),
    ).rejects.toSatisfy((e) => isDataError(e, 'invalid'));
    expect(decodeCursor(encodeCursor({ capturedAt: 1234, id: 'abc-1' }))).toEqual({
      capturedAt: 1234,
      id: 'abc-1',
    });
    await expect(
      env.store.startPull(q(c.id), {
        area: { kind: 'cameras', cameraIds: ['BXL-01'] },
        from: ago(40 * DAY),
        to: NOW.toISOString(),
      }),
    ).rejects.toSatisfy((e) => isDataError(e, 'too-large'));
  });
});
