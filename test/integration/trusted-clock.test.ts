import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, OfficerActivity, OversightSummary } from '../../common/oversight-api.ts';
import { AuditBody } from '../../common/audit.ts';
import {
  chainEntry,
  generateDeviceKeyPair,
  signCheckpoint,
  type ChainEntry,
} from '../../common/audit-chain.node.ts';
import { createSignedTimeReader } from '../../main/core/auth/clock-skew.ts';
import { loginHeadless } from '../../platform/testing/login.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { call, makeWorkstation, signIn } from './support.ts';

/**
 * The trusted clock (#15 item 3) against the real platform: the workstation
 * anchors its time to the platform's signed time at sign-in, so moving the
 * system clock back 400 days afterwards neither back-dates its audit entries
 * nor lets a query through; and when some workstation does upload back-dated
 * entries, the platform flags them for supervisors.
 */
let t: TestReference;
beforeAll(async () => {
  t = await startTestReference();
}, 180_000);
afterAll(() => t?.close());

const DAY = 86_400_000;
/** The workstation's skew limit (ANPR_MAX_CLOCK_SKEW_SECONDS default): "agrees with the platform". */
const SKEW_MS = 120_000;

describe('a workstation clock set back after sign-in', () => {
  it('is refused and logged; audit entries and the renderer keep the anchored time', async () => {
    // The system clock: the platform's time, plus whatever the officer sets it to.
    let moved = 0;
    const wall = () => new Date(t.clock().getTime() + moved);
    // The monotonic clock follows time itself (the platform's clock), not the system clock.
    const { ws } = makeWorkstation(t.url, {
      clock: wall,
      deps: { monotonic: () => t.clock().getTime() },
    });
    try {
      await signIn(ws, t.accounts.detective1!, t.clock);
      await call(ws, 'cases.list');

      moved = -400 * DAY;
      await expect(call(ws, 'cases.list')).rejects.toMatchObject({
        code: 'PRECONDITION_FAILED',
        message: expect.stringMatching(/clock was set back by 400 days/),
      });
      // The repro of #15: a pull went through. Now it is refused before it reaches the platform.
      await expect(
        call(ws, 'pulls.start', { caseId: t.groundTruth.convoy.caseId }),
      ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
      // The renderer's clock (SessionStatus.now) is the anchored time, not the system clock.
      const shown = Date.parse(ws.session.status().now);
      expect(Math.abs(shown - t.clock().getTime())).toBeLessThan(SKEW_MS);

      // Corrected: work resumes.
      moved = 0;
      await call(ws, 'cases.list');

      const store = await ws.stores.openWorkstation();
      const bodies = (await store.auditEntries(0, 1000)).map((e) =>
        AuditBody.parse(JSON.parse(e.body)),
      );
      const setBack = bodies.find((b) => b.action === 'clock.set-back');
      expect(setBack).toMatchObject({
        actor: { username: 'detective1' },
        outcome: 'denied',
        outcomeReason: expect.stringMatching(/set back by 400 days/),
        parameters: { kind: 'back', limitSeconds: 120 },
      });
      expect(Number(setBack!.parameters.differenceSeconds)).toBeLessThan(-399 * 86_400);
      expect(bodies.map((b) => b.action)).toContain('clock.corrected');
      // No entry carries the set-back date: every one is stamped with the anchored time.
      for (const b of bodies)
        expect(Math.abs(Date.parse(b.at) - t.clock().getTime())).toBeLessThan(DAY);

      // The platform receives them as they are, and finds nothing wrong with their times.
      await call(ws, 'audit.sync');
      const status = await call<{ unsynced: number }>(ws, 'audit.status', { verify: true });
      expect(status.unsynced).toBe(0);
    } finally {
      await ws.close();
    }
  });
});

describe('the platform', () => {
  it('signs its time for a nonce, and the workstation refuses a replayed or unsigned answer', async () => {
    const options = {
      issuer: t.issuer,
      wall: () => t.clock(),
      monotonic: () => performance.now(),
    };
    const read = createSignedTimeReader(t.url, options);
    const signed = await read();
    expect(Math.abs(signed.serverMs - t.clock().getTime())).toBeLessThan(SKEW_MS);

    // A recorded answer replayed for a later request: its nonce is not the one asked for.
    let recorded: Response | null = null;
    const recording = createSignedTimeReader(t.url, {
      ...options,
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        if (String(input).includes('/healthz')) recorded = res.clone();
        return res;
      },
    });
    await recording();
    const replaying = createSignedTimeReader(t.url, {
      ...options,
      fetch: async (input, init) =>
        String(input).includes('/healthz') ? recorded!.clone() : fetch(input, init),
    });
    await expect(replaying()).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/replayed/),
    });

    // A time without the platform's signature (a local stand-in for the platform).
    const unsigned = createSignedTimeReader(t.url, {
      ...options,
      fetch: async (input, init) =>
        String(input).includes('/healthz')
          ? Response.json({ time: new Date(t.clock().getTime() - 400 * DAY).toISOString() })
          : fetch(input, init),
    });
    await expect(unsigned()).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it('flags workstation entries uploaded with back-dated times, and a supervisor sees the flag', async () => {
    // A workstation that stamps its entries with the system clock, set back 400 days.
    const officer = t.accounts.detective2!;
    t.clock.advance(30_000);
    const { accessToken } = await loginHeadless({
      issuer: t.issuer,
      username: officer.username,
      password: officer.password,
      totpSecret: officer.totpSecret,
      totpTime: t.clock(),
    });
    const post = async (path: string, body: unknown) => {
      const res = await fetch(new URL(path, t.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      return res.json();
    };
    const deviceId = 'ws-backdated-01';
    const keys = generateDeviceKeyPair();
    await post('/api/v1/devices', { deviceId, publicKeyPem: keys.publicKeyPem });
    const entry = (at: number, n: number, prev: ChainEntry | null) =>
      chainEntry(
        prev,
        AuditBody.parse({
          at: new Date(at).toISOString(),
          actor: { officerId: officer.id, username: officer.username, role: 'detective' },
          operation: 'consultation',
          action: 'case.map-view',
          caseId: t.groundTruth.convoy.caseId,
          purpose: 'judicial',
          reasonCode: 'route-reconstruction',
          justification: 'Route of the suspect vehicle on the evening of the convoy.',
          parameters: { n },
          resultCount: 1,
          outcome: 'allowed',
          outcomeReason: null,
          recipient: null,
          source: { kind: 'workstation', deviceId },
        }),
      );
    const honest = entry(t.clock().getTime() - 60_000, 1, null);
    const backDated = entry(t.clock().getTime() - 400 * DAY, 2, honest);
    await post('/api/v1/audit/uploads', {
      deviceId,
      entries: [honest, backDated],
      checkpoint: signCheckpoint(keys.privateKeyPem, {
        deviceId,
        seq: backDated.seq,
        hash: backDated.hash,
        at: new Date(t.clock().getTime() - 400 * DAY).toISOString(),
      }),
    });

    // The supervisor's overview of the last day: the entry claims a date 400 days earlier, yet shows.
    const supervisor = t.accounts.supervisor1!;
    t.clock.advance(30_000);
    const sup = await loginHeadless({
      issuer: t.issuer,
      username: supervisor.username,
      password: supervisor.password,
      totpSecret: supervisor.totpSecret,
      totpTime: t.clock(),
    });
    const get = async <T>(path: string, query: Record<string, string>) => {
      const url = new URL(path, t.url);
      for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
      const res = await fetch(url, { headers: { authorization: `Bearer ${sup.accessToken}` } });
      expect(res.status).toBe(200);
      return (await res.json()) as T;
    };
    const period = {
      from: new Date(t.clock().getTime() - DAY).toISOString(),
      to: new Date(t.clock().getTime() + 60_000).toISOString(),
    };
    const summary = await get<OversightSummary>('/api/v1/oversight/summary', period);
    const flag = summary.flags.find((f) => f.kind === 'entry-times');
    expect(flag).toMatchObject({
      severity: 'high',
      officerId: officer.id,
      username: officer.username,
      count: 1,
      entryRefs: [`${deviceId}:2`],
      params: expect.objectContaining({ device: deviceId, backwards: 1, largestDays: 400 }),
    });
    expect(summary.officers.find((o) => o.officer.id === officer.id)?.highFlags).toBeGreaterThan(0);
    const activity = await get<OfficerActivity>('/api/v1/oversight/activity', {
      ...period,
      officerId: officer.id,
    });
    expect(activity.flags.map((f) => f.kind)).toContain('entry-times');
    // The flagged entry is there to open, with the date it claims.
    const page = await get<AuditPage>('/api/v1/oversight/audit', { chain: deviceId, limit: '10' });
    expect(page.entries.find((e) => e.ref === flag!.entryRefs[0])?.at).toBe(backDated.body.at);
  });
});
