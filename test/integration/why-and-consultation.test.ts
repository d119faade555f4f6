import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type PullStatus } from '../../common/api/contract.ts';
import type { AnalysisView, CaseReads } from '../../common/api/detective-contract.ts';
import { dispatch } from '../../common/api/dispatch.ts';
import { ApiError } from '../../common/api/result.ts';
import type { Workstation } from '../../main/core/workstation.ts';
import { loginHeadless } from '../../platform/testing/login.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { makeWorkstation, signIn } from './support.ts';

/**
 * #15 items 5 and 6, end to end: a vague justification or an offence type
 * outside the policy pack's list for the case is refused by the platform's
 * API and by the workstation alike (the same common rule); viewing a case's
 * reads is logged once per view session with its filter; and an analysis
 * whose result joins reads of two pulls is logged as a combination.
 */
let t: TestReference;
let ws: Workstation;
let dataDir: string;

const DAY = 86_400_000;
const GOOD = 'Convoy suspect: route of the lead vehicle needed to reconstruct the trafficking run.';
/** Texts that passed both sides before #15. */
const VAGUE = [
  'test test test test test',
  'asdf asdf asdf asdf asdf',
  '.. .. .. .. .. .. .. .. ..',
];

async function api<T>(name: string, input: unknown): Promise<T> {
  const res = await dispatch(contract, ws.handlers, name, input, { transport: 'browser' });
  if (!res.ok) throw new ApiError(res.error.code, res.error.message);
  return res.value as T;
}

function lastDays(days: number) {
  const now = t.clock().getTime();
  return { from: new Date(now - days * DAY).toISOString(), to: new Date(now).toISOString() };
}

async function localAudit(): Promise<Array<Record<string, unknown>>> {
  const entries = await ws.stores.host.workstation().auditEntries(0, 10_000);
  return entries.map((e) => JSON.parse(e.body) as Record<string, unknown>);
}

async function pull(caseId: string, plate: string): Promise<string> {
  const started = await api<PullStatus>('pulls.start', {
    caseId,
    offenceType: 'be-organised',
    reasonCode: 'suspect-vehicle',
    justification: GOOD,
    query: { kind: 'plates', plates: [plate], range: lastDays(29) },
  });
  await ws.pulls.settled(started.pullId);
  expect((await ws.pulls.status(caseId, started.pullId)).state).toBe('done');
  return started.pullId;
}

beforeAll(async () => {
  t = await startTestReference();
  const made = makeWorkstation(t.url, { clock: t.clock });
  ws = made.ws;
  dataDir = made.dataDir;
  await signIn(ws, t.accounts.detective1!, t.clock);
}, 180_000);
afterAll(async () => {
  await ws?.close();
  await t?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the platform API', () => {
  let token: string;
  beforeAll(async () => {
    t.clock.advance(30_000); // a fresh TOTP step after the workstation's sign-in
    const account = t.accounts.detective1!;
    const login = await loginHeadless({
      issuer: t.issuer,
      username: 'detective1',
      password: account.password,
      totpSecret: account.totpSecret,
      totpTime: t.clock(),
    });
    token = login.accessToken;
  });

  async function history(overrides: Record<string, unknown>) {
    const truth = t.groundTruth.convoy;
    const res = await fetch(new URL('/api/v1/queries/plate-history', t.url), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        caseId: truth.caseId,
        purpose: 'judicial',
        offenceType: 'be-organised',
        reasonCode: 'suspect-vehicle',
        justification: GOOD,
        plate: truth.target.plate,
        range: lastDays(29),
        ...overrides,
      }),
    });
    return {
      status: res.status,
      body: (await res.json()) as { error?: { message: string }; reads?: unknown[] },
    };
  }

  it.each(VAGUE)('refuses the justification %j and says what a good one names', async (text) => {
    const res = await history({ justification: text });
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toMatch(/Name the offence, the fact of the case/);
    expect(res.body.reads).toBeUndefined();
  });

  it('refuses a query without an offence type, or with one outside the list for the case', async () => {
    expect((await history({ offenceType: undefined })).status).toBe(400);
    const unknown = await history({ offenceType: 'shoplifting' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.message).toMatch(/Unknown offence type/);
    // An administrative-police type does not fit a judicial case.
    const misfit = await history({ offenceType: 'be-public-order' });
    expect(misfit.status).toBe(400);
    expect(misfit.body.error?.message).toMatch(/does not fit a case with a judicial purpose/);
    const denied = t.ref.audit
      .list({ caseId: t.groundTruth.convoy.caseId, limit: 50 })
      .entries.find((e) => e.body.action === 'reads.plate-history' && e.body.outcome === 'denied');
    expect(denied?.body.outcomeReason).toMatch(/offence type/);
  });

  it('answers a query with a good justification and records its offence type', async () => {
    const res = await history({});
    expect(res.status).toBe(200);
    const logged = t.ref.audit
      .list({ caseId: t.groundTruth.convoy.caseId, limit: 50 })
      .entries.find((e) => e.body.action === 'reads.plate-history' && e.body.outcome === 'allowed');
    expect(logged?.body.parameters).toMatchObject({ offenceType: 'be-organised' });
  });
});

describe('the workstation', () => {
  it.each(VAGUE)('refuses a pull justified by %j before asking the platform', async (text) => {
    const newest = () => JSON.stringify(t.ref.audit.list({ limit: 1 }).entries[0]);
    const before = newest();
    const refused = api('pulls.start', {
      caseId: t.groundTruth.convoy.caseId,
      offenceType: 'be-organised',
      reasonCode: 'suspect-vehicle',
      justification: text,
      query: { kind: 'plates', plates: [t.groundTruth.convoy.target.plate], range: lastDays(29) },
    });
    await expect(refused).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(refused).rejects.toThrow(/why this query/);
    // Nothing reached the platform: its log has no new entry.
    expect(newest()).toBe(before);
  });

  it('refuses an offence type the case purpose does not allow', async () => {
    await expect(
      api('pulls.start', {
        caseId: t.groundTruth.convoy.caseId,
        offenceType: 'be-public-order',
        reasonCode: 'suspect-vehicle',
        justification: GOOD,
        query: { kind: 'plates', plates: [t.groundTruth.convoy.target.plate], range: lastDays(29) },
      }),
    ).rejects.toThrow(/does not fit a case with a judicial purpose/);
  });
});

describe('consultation and combination in the local audit chain', () => {
  let pullA: string;
  let pullB: string;

  it('logs viewing the case reads once per view session, with its filter', async () => {
    const truth = t.groundTruth.convoy;
    pullA = await pull(truth.caseId, truth.target.plate);
    const consults = async () =>
      (await localAudit()).filter((b) => b.action === 'case.consult' && b.caseId === truth.caseId);
    const session = 'view-session-0001';
    const first = await api<CaseReads>('detective.reads', {
      caseId: truth.caseId,
      viewSession: session,
    });
    expect(first.reads.length).toBeGreaterThan(0);
    // The case view reloads (a pull ends, the tab comes back): still the one consultation.
    await api('detective.reads', { caseId: truth.caseId, viewSession: session });
    await api('detective.reads', { caseId: truth.caseId, viewSession: session });
    let logged = await consults();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      operation: 'consultation',
      outcome: 'allowed',
      resultCount: first.reads.length,
      parameters: {
        viewSession: session,
        filter: { from: null, to: null, limit: 20_000 },
        pulls: [pullA],
      },
    });
    // Justified by the case itself (its reads were pulled under justified pulls).
    expect(logged[0]!.justification).toMatch(/^Viewing the reads held for case /);

    // A narrower period is another consultation; a new opening of the view is another session.
    const range = lastDays(7);
    await api('detective.reads', { caseId: truth.caseId, viewSession: session, ...range });
    await api('detective.reads', { caseId: truth.caseId, viewSession: 'view-session-0002' });
    logged = await consults();
    expect(logged).toHaveLength(3);
    expect(logged[1]!.parameters).toMatchObject({
      viewSession: session,
      filter: { from: range.from, to: range.to },
    });
    expect(logged[2]!.parameters).toMatchObject({ viewSession: 'view-session-0002' });
  });

  it('logs an analysis over the reads of two pulls as a combination, and one pull as none', async () => {
    const truth = t.groundTruth.convoy;
    const combinations = async () =>
      (await localAudit()).filter((b) => b.action === 'analysis.combination');
    const why = { offenceType: 'be-organised', reasonCode: 'association', justification: GOOD };

    const single = await api<AnalysisView>('detective.analyze', {
      caseId: truth.caseId,
      kind: 'firstLastSeen',
      params: { plates: [truth.target.plate] },
      ...why,
    });
    expect(single.sightings.length).toBeGreaterThan(0);
    expect(await combinations()).toHaveLength(0);

    pullB = await pull(truth.caseId, truth.follower.plate);
    const both = await api<AnalysisView>('detective.analyze', {
      caseId: truth.caseId,
      kind: 'firstLastSeen',
      params: { plates: [truth.target.plate, truth.follower.plate] },
      ...why,
    });
    const logged = await combinations();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      operation: 'combination',
      caseId: truth.caseId,
      justification: GOOD,
      outcome: 'allowed',
      resultCount: both.sightings.length,
      parameters: { runId: both.run.id, offenceType: 'be-organised' },
    });
    const pulls = (logged[0]!.parameters as { combination: { pulls: string[] } }).combination.pulls;
    expect([...pulls].sort()).toEqual([pullA, pullB].sort());
    // The run's own consultation entry carries the offence type too.
    const run = (await localAudit()).find(
      (b) =>
        b.action === 'analysis.first-last-seen' &&
        (b.parameters as { runId?: string }).runId === both.run.id,
    );
    expect(run?.parameters).toMatchObject({ offenceType: 'be-organised' });
    expect(both.run.offenceType).toBe('be-organised');
  });
});
