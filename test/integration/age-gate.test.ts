import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartPull, type CaseEntry, type PullStatus } from '../../common/api/contract.ts';
import {
  RunAnalysis,
  type AnalysisView,
  type CaseReads,
} from '../../common/api/detective-contract.ts';
import type { AccessRequest } from '../../common/oversight-api.ts';
import { loginHeadless } from '../../platform/testing/login.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { call, makeWorkstation, signIn } from './support.ts';

/**
 * The workstation enforces the one-month rule itself (#15 item 2). Reads
 * pulled while they were recent stay in the case store, but once the
 * workstation's clock puts them beyond the consultation window, plate search,
 * the case's reads and the analyses hide them and say how many they hid,
 * until an approval pulled with the case covers them; when that approval
 * expires they are hidden again. Nothing is purged in between: the gate is
 * judged when the reads are served.
 */
let t: TestReference;
beforeAll(async () => {
  t = await startTestReference();
}, 180_000);
afterAll(() => t?.close());

const DAY = 86_400_000;
const HOUR = 3_600_000;
const JUSTIFICATION =
  'The hit-and-run suspect car: its trips over the last month are needed for the hearing.';
const WHY = { reasonCode: 'suspect-vehicle', justification: JUSTIFICATION };
// Pulls and analyses name an offence type once #15 item 5 is in; this test holds before and after it.
const offence = (shape: object) => ('offenceType' in shape ? { offenceType: 'be-traffic' } : {});
const OFFENCE = offence(StartPull.shape);
const ANALYSIS_WHY = { ...WHY, ...offence(RunAnalysis.shape) };

/** An officer's bearer token from the platform's own login, at the platform's clock. */
async function token(username: string): Promise<string> {
  const account = t.accounts[username]!;
  t.clock.advance(30_000);
  const { accessToken } = await loginHeadless({
    issuer: t.issuer,
    username: account.username,
    password: account.password,
    totpSecret: account.totpSecret,
    totpTime: t.clock(),
  });
  return accessToken;
}

async function platform<T>(username: string, method: string, path: string, body?: unknown) {
  const res = await fetch(new URL(path, t.url), {
    method,
    headers: {
      authorization: `Bearer ${await token(username)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/**
 * Where to put the one-month line: the middle of a gap of at least 6 hours
 * between two held reads, the one nearest `target`. The clock keeps running
 * while the test does (sign-ins move it too), so the line must not fall close
 * to a read whatever the test date and the machine's speed.
 */
function cutNear(times: number[], target: number): number {
  let best: number | null = null;
  for (let i = 0; i + 1 < times.length; i++) {
    if (times[i + 1]! - times[i]! < 6 * HOUR) continue;
    const mid = (times[i]! + times[i + 1]!) / 2;
    if (best === null || Math.abs(mid - target) < Math.abs(best - target)) best = mid;
  }
  if (best === null) throw new Error('the seeded reads leave no gap to cut at');
  return Math.round(best);
}

describe('the age gate on the workstation', () => {
  it('hides reads older than one month without a local approval, shows them with one, and hides them again once it expires', async () => {
    const old = t.groundTruth.oldReads!;
    const plate = old.vehicle.plate;
    const start = t.clock().getTime();
    const { ws } = makeWorkstation(t.url, { clock: t.clock });
    try {
      await signIn(ws, t.accounts.detective2!, t.clock);
      /** After the clock moved on: a new sign-in, and the audit entries of before delivered. */
      const signInAgain = async () => {
        await signIn(ws, t.accounts.detective2!, t.clock);
        await call(ws, 'audit.sync');
      };

      // Pull 29 days of the plate while all of them are within the month.
      const pullFrom = start - 29 * DAY;
      const pull = async (from: number) => {
        const started = await call<PullStatus>(ws, 'pulls.start', {
          caseId: old.caseId,
          ...WHY,
          ...OFFENCE,
          query: {
            kind: 'plates',
            plates: [plate],
            range: { from: new Date(from).toISOString(), to: t.clock().toISOString() },
          },
        });
        await ws.pulls.settled(started.pullId);
        return ws.pulls.status(old.caseId, started.pullId);
      };
      const first = await pull(pullFrom);
      const held = old.newer
        .map((s) => Date.parse(s.at))
        .filter((at) => at >= pullFrom)
        .sort((a, b) => a - b);
      expect(held.length).toBeGreaterThan(1);
      expect(first).toMatchObject({ state: 'done', stored: held.length, withheld: { count: 0 } });

      // About ten days later, the oldest of them are more than a month old.
      const cut = cutNear(held, start - 20 * DAY);
      t.clock.set(new Date(cut + 30 * DAY));
      await signInAgain();
      const hidden = held.filter((at) => at < cut);
      const shown = held.filter((at) => at >= cut);
      expect(hidden.length).toBeGreaterThan(0);
      expect(shown.length).toBeGreaterThan(0);

      /** What the case view, a plate search and an analysis show and count now. */
      const look = async () => {
        const reads = await call<CaseReads>(ws, 'detective.reads', {
          caseId: old.caseId,
          limit: 20_000,
        });
        const search = await call<AnalysisView>(ws, 'detective.analyze', {
          caseId: old.caseId,
          kind: 'plateSearch',
          params: { mode: 'exact', plate },
          ...ANALYSIS_WHY,
        });
        const seen = await call<AnalysisView>(ws, 'detective.analyze', {
          caseId: old.caseId,
          kind: 'firstLastSeen',
          params: { plates: [plate] },
          ...ANALYSIS_WHY,
        });
        // The case list and the case's own facts count as the views do (#15: no two numbers disagree).
        const entry = await call<CaseEntry>(ws, 'cases.get', { caseId: old.caseId });
        const listed = (await call<{ cases: CaseEntry[] }>(ws, 'cases.list', {})).cases.find(
          (e) => e.case.id === old.caseId,
        )!;
        const searchDetail = search.detail as Extract<
          AnalysisView['detail'],
          { kind: 'plateSearch' }
        >;
        const seenDetail = seen.detail as Extract<
          AnalysisView['detail'],
          { kind: 'firstLastSeen' }
        >;
        return {
          times: reads.reads.map((r) => Date.parse(r.capturedAt)).sort((a, b) => a - b),
          total: reads.total,
          searched: searchDetail.plates.reduce((n, p) => n + p.count, 0),
          seen: seenDetail.rows.reduce((n, r) => n + r.count, 0),
          withheld: {
            reads: reads.withheld,
            search: search.withheld,
            seen: seen.withheld,
          },
          local: entry.local,
          listed: listed.local,
        };
      };
      const store = await ws.stores.open(old.caseId);

      /** What cases.get and cases.list say the case holds: the visible reads, the hidden ones apart. */
      const expectLocal = (
        seen: Awaited<ReturnType<typeof look>>,
        visible: number[],
        hiddenCount: number,
      ) => {
        for (const local of [seen.local, seen.listed]) {
          expect(local).toMatchObject({
            reads: visible.length,
            hidden: hiddenCount,
            firstRead: new Date(visible[0]!).toISOString(),
            lastRead: new Date(visible.at(-1)!).toISOString(),
          });
        }
      };

      const without = await look();
      expectLocal(without, shown, hidden.length);
      expect(without.times).toEqual(shown);
      expect(without.total).toBe(shown.length);
      expect(without.searched).toBe(shown.length);
      expect(without.seen).toBe(shown.length);
      for (const w of Object.values(without.withheld)) {
        expect(w).toMatchObject({ count: hidden.length, reason: 'needs-extended-access' });
        expect(w?.message).toMatch(/need an approved extended-access decision by a prosecutor/);
      }
      // Hidden, not deleted: the store still holds every read it pulled.
      expect((await store.readsByPlate({ plate })).length).toBe(held.length);

      // The prosecutor approves the older period for this plate, until an hour from now.
      const filed = await platform<AccessRequest>(
        'detective2',
        'POST',
        '/api/v1/extended-access/requests',
        {
          caseId: old.caseId,
          plates: [plate],
          periodFrom: new Date(pullFrom - HOUR).toISOString(),
          periodTo: new Date(cut).toISOString(),
          offence: 'Hit-and-run (Road Traffic Act art. 33)',
          legalBasis: 'Code of Criminal Procedure art. 28bis',
          justification: JUSTIFICATION,
        },
      );
      const expiresAt = t.clock().getTime() + HOUR;
      await platform<AccessRequest>(
        'prosecutor1',
        'POST',
        `/api/v1/extended-access/requests/${filed.id}/decision`,
        {
          decision: 'approve',
          reasons: 'The trips of the suspect car in that period are needed to establish its route.',
          expiresAt: new Date(expiresAt).toISOString(),
        },
      );
      // Until the workstation holds the approval, nothing changes here.
      expect((await look()).total).toBe(shown.length);

      // Pulling the case again brings the approval along; the older reads show.
      const second = await pull(pullFrom);
      expect(second.state).toBe('done');
      expect(await store.listApprovals()).toMatchObject([
        { plates: [plate], expiresAt: new Date(expiresAt).toISOString() },
      ]);
      const withApproval = await look();
      expectLocal(withApproval, held, 0);
      expect(withApproval.times).toEqual(held);
      expect(withApproval.total).toBe(held.length);
      expect(withApproval.searched).toBe(held.length);
      expect(withApproval.seen).toBe(held.length);
      for (const w of Object.values(withApproval.withheld))
        expect(w).toMatchObject({ count: 0, reason: null });

      // Two hours on, the approval has expired: hidden again, and said why.
      t.clock.set(new Date(expiresAt + HOUR));
      await signInAgain();
      const expired = await look();
      expectLocal(expired, shown, hidden.length);
      expect(expired.times).toEqual(shown);
      expect(expired.searched).toBe(shown.length);
      expect(expired.seen).toBe(shown.length);
      for (const w of Object.values(expired.withheld))
        expect(w).toMatchObject({ count: hidden.length, reason: 'approval-expired' });
    } finally {
      await ws.close();
    }
  }, 180_000);
});
