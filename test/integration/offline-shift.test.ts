import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEntry, PullStatus, SessionStatus } from '../../common/api/contract.ts';
import type { AnalysisView, CaseReads } from '../../common/api/detective-contract.ts';
import { addDuration, POLICY_PACKS } from '../../common/policy.ts';
import { usePlatformFetch } from '../../main/core/platform-fetch.ts';
import type { Workstation, WorkstationDeps } from '../../main/core/workstation.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { call, filesContaining, makeWorkstation, signIn } from './support.ts';

/**
 * An offline shift (#15): after an online sign-in with MFA the platform
 * issues a signed offline grant; within it the officer unlocks with a secret
 * set at sign-in and works on the pulled cases with no platform in reach,
 * every action logged locally for later upload; when it ends, case data
 * locks until the officer is online again. One clock for platform and
 * workstation (`t.clock`), moved across the grant's end.
 */
let t: TestReference;
beforeAll(async () => {
  t = await startTestReference();
}, 180_000);
afterAll(() => t?.close());

/** The network boundary: offline, every request of the workstation fails as a refused connection would. */
let online = true;
const switchableFetch: typeof fetch = async (input, init) => {
  if (!online) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
  return fetch(input, init);
};
// WorkstationDeps.fetch reaches the data API and the audit upload; discovery,
// token refresh and the clock check go through platformFetch: both are switched.
beforeAll(() => usePlatformFetch(switchableFetch));
afterAll(() => usePlatformFetch(null));
afterEach(() => {
  online = true;
});

const SECRET = 'harbour-night-7';
const pack = POLICY_PACKS.be;
const why = {
  offenceType: 'be-drugs',
  reasonCode: 'suspect-vehicle',
  justification: 'Offline review of the suspect vehicle held for the convoy drug trafficking case.',
};

function workstation(dataDir?: string) {
  // Time that really passes: the clock no one can set (the trusted clock's
  // monotonic source, #15 item 3) moves with the test clock, so the hours
  // crossed here count as elapsed, not as a changed system clock.
  const deps: WorkstationDeps & { monotonic?: () => number } = {
    fetch: switchableFetch,
    monotonic: () => t.clock().getTime(),
  };
  return makeWorkstation(t.url, { clock: t.clock, dataDir, deps });
}

/** Signs detective1 in online, pulls the convoy target's reads and sets the offline secret. */
async function prepareShift(ws: Workstation) {
  const before = t.clock().getTime();
  await signIn(ws, t.accounts.detective1!, t.clock);
  const { caseId, target } = t.groundTruth.convoy;
  const now = t.clock().getTime();
  const started = await call<PullStatus>(ws, 'pulls.start', {
    caseId,
    ...why,
    justification: 'Suspect vehicle of the convoy investigation; route needed for the hearing.',
    query: {
      kind: 'plates',
      plates: [target.plate],
      range: {
        from: new Date(now - 29 * 86_400_000).toISOString(),
        to: new Date(now).toISOString(),
      },
    },
  });
  await ws.pulls.settled(started.pullId);
  expect(await ws.pulls.status(caseId, started.pullId)).toMatchObject({ state: 'done' });
  const prepared = await call<SessionStatus>(ws, 'session.setOfflineSecret', { secret: SECRET });
  return { before, prepared, started, caseId, target, name: prepared.officer!.displayName };
}

const firstLastSeen = (ws: Workstation, caseId: string, plate: string) =>
  call<AnalysisView>(ws, 'detective.analyze', {
    caseId,
    kind: 'firstLastSeen',
    params: { plates: [plate] },
    ...why,
  });

describe('an offline shift', () => {
  it('12 hours after an online sign-in the officer unlocks offline and analyses; at 12 hours 1 minute the data locks', async () => {
    const { ws } = workstation();
    try {
      const { before, prepared, started, caseId, target } = await prepareShift(ws);
      // The pack sets the length: the grant ends 12 hours after it was issued, at sign-in.
      const notAfter = Date.parse(prepared.offline!.notAfter);
      expect(pack.offline.grantLength).toBe('PT12H');
      expect(notAfter).toBeGreaterThanOrEqual(addDuration(new Date(before), 'PT12H').getTime());
      expect(notAfter).toBeLessThanOrEqual(addDuration(t.clock(), 'PT12H').getTime());
      expect(prepared.offline).toMatchObject({ working: false, secretSet: true });

      // The officer leaves for the field: platform out of reach, session locked.
      online = false;
      await call(ws, 'session.lock');
      expect(ws.session.status()).toMatchObject({
        state: 'locked',
        offline: { unlockAvailable: true },
      });

      // Twelve hours after the sign-in began (its TOTP step alone is 30 s later).
      t.clock.set(addDuration(new Date(before), 'PT12H'));
      await expect(call(ws, 'session.beginSignIn')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      const unlocked = await call<SessionStatus>(ws, 'session.unlockOffline', { secret: SECRET });
      expect(unlocked).toMatchObject({
        state: 'active',
        activeRole: 'detective',
        officer: { username: 'detective1' },
        offline: { working: true, notAfter: prepared.offline!.notAfter },
      });
      const listed = await call<{ cases: CaseEntry[]; offline: boolean }>(ws, 'cases.list');
      expect(listed.offline).toBe(true);
      expect(listed.cases.find((c) => c.case.id === caseId)?.local?.reads).toBe(started.total);
      const reads = await call<CaseReads>(ws, 'detective.reads', { caseId, limit: 20_000 });
      expect(reads.total).toBe(started.total);
      const seen = await firstLastSeen(ws, caseId, target.plate);
      expect(seen.detail).toMatchObject({
        kind: 'firstLastSeen',
        rows: [{ vehicle: target.plate, count: started.total }],
      });
      const audit = await call<{ deviceId: string; unsynced: number }>(ws, 'audit.status', {});

      // One minute past the grant's end (12 h 1 min after it was issued).
      t.clock.set(new Date(notAfter + 60_000));
      await expect(call(ws, 'detective.reads', { caseId, limit: 10 })).rejects.toMatchObject({
        code: 'LOCKED',
      });
      expect(ws.session.status()).toMatchObject({
        state: 'locked',
        lockReason: 'offline-ended',
        offline: { unlockAvailable: false },
      });
      await expect(call(ws, 'session.unlockOffline', { secret: SECRET })).rejects.toMatchObject({
        code: 'LOCKED',
        message: expect.stringMatching(/offline period has ended/),
      });
      await expect(firstLastSeen(ws, caseId, target.plate)).rejects.toMatchObject({
        code: 'LOCKED',
      });

      // Back online, the officer signs in; the offline work reaches the platform's audit trail.
      online = true;
      await signIn(ws, t.accounts.detective1!, t.clock);
      await call(ws, 'audit.sync', {});
      expect(audit.unsynced).toBeGreaterThan(0);
      const uploaded = t.ref.audit.list({ chain: audit.deviceId, limit: 500 }).entries;
      const actions = uploaded.map((e) => e.body.action);
      expect(actions).toContain('session.offline-unlock');
      expect(actions).toContain('session.offline-ended');
      const analysis = uploaded.find(
        (e) =>
          e.body.caseId === caseId &&
          e.body.justification === why.justification &&
          Date.parse(e.body.at) >= addDuration(new Date(before), 'PT12H').getTime(),
      );
      expect(analysis?.body.actor.username).toBe('detective1');
      // The platform logged the grant it issued.
      const issued = t.ref.audit
        .list({ chain: 'platform', officerId: prepared.officer!.id, limit: 500 })
        .entries.filter((e) => e.body.action === 'identity.offline-grant');
      expect(issued.length).toBeGreaterThan(0);
    } finally {
      await ws.close();
    }
  });

  it('after a restart with no platform, the officer unlocks offline and finds the pulled case', async () => {
    const first = workstation();
    const { started, caseId, target, name } = await prepareShift(first.ws);
    await first.ws.close();

    online = false;
    const { ws } = workstation(first.dataDir);
    try {
      // The sign-in screen learns that an offline unlock is possible here.
      const status = await call<SessionStatus>(ws, 'session.status');
      expect(status).toMatchObject({
        state: 'signed-out',
        offline: { officerName: name, unlockAvailable: true, working: false },
      });
      await expect(call(ws, 'session.beginSignIn')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      await call(ws, 'session.unlockOffline', { secret: SECRET });
      const listed = await call<{ cases: CaseEntry[]; offline: boolean }>(ws, 'cases.list');
      expect(listed.offline).toBe(true);
      expect(listed.cases.find((c) => c.case.id === caseId)?.local?.reads).toBe(started.total);
      const seen = await firstLastSeen(ws, caseId, target.plate);
      expect(seen.detail).toMatchObject({ rows: [{ vehicle: target.plate }] });
      // A case the grant does not cover stays out of reach offline.
      await expect(
        call(ws, 'cases.get', { caseId: t.groundTruth.oldReads!.caseId }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      await ws.close();
    }
  });

  it('locks offline unlocking after 5 wrong secrets, across a restart, until an online sign-in', async () => {
    const first = workstation();
    await prepareShift(first.ws);
    online = false;
    await call(first.ws, 'session.lock');
    for (let left = 4; left >= 1; left--) {
      await expect(
        call(first.ws, 'session.unlockOffline', { secret: `wrong-guess-${left}` }),
      ).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
        message: expect.stringContaining(`${left} ${left === 1 ? 'try' : 'tries'} left`),
      });
    }
    await expect(
      call(first.ws, 'session.unlockOffline', { secret: 'wrong-guess-5' }),
    ).rejects.toMatchObject({ code: 'LOCKED', message: expect.stringMatching(/5 times/) });
    // The right secret no longer helps, and the sign-in screen stops offering it.
    await expect(call(first.ws, 'session.unlockOffline', { secret: SECRET })).rejects.toMatchObject(
      { code: 'LOCKED', message: expect.stringMatching(/too many/) },
    );
    expect(first.ws.session.status().offline).toMatchObject({
      lockedOut: true,
      unlockAvailable: false,
    });
    await first.ws.close();

    // A restart does not reset the count; the secret was never on disk in plaintext.
    expect(filesContaining(first.dataDir, [SECRET])).toEqual([]);
    const { ws } = workstation(first.dataDir);
    try {
      expect(await call<SessionStatus>(ws, 'session.status')).toMatchObject({
        offline: { lockedOut: true, unlockAvailable: false },
      });
      await expect(call(ws, 'session.unlockOffline', { secret: SECRET })).rejects.toMatchObject({
        code: 'LOCKED',
      });

      // Online again: the sign-in ends the lock-out, which goes into the audit chain.
      online = true;
      await signIn(ws, t.accounts.detective1!, t.clock);
      const again = await call<SessionStatus>(ws, 'session.setOfflineSecret', {
        secret: 'quay-lantern-42',
      });
      expect(again.offline).toMatchObject({ lockedOut: false, secretSet: true });
      const { deviceId } = await call<{ deviceId: string }>(ws, 'audit.sync', {});
      const lockout = t.ref.audit
        .list({ chain: deviceId, limit: 500 })
        .entries.find((e) => e.body.action === 'session.offline-locked-out');
      expect(lockout?.body).toMatchObject({
        outcome: 'denied',
        parameters: { failures: 5 },
      });
    } finally {
      await ws.close();
    }
  });
});
