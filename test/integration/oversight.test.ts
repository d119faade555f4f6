import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessRequest, OversightSummary, SampleCheck } from '../../common/oversight-api.ts';
import { maskPlate, normalisePlate } from '../../common/plates.ts';
import { drawSample, drawSeedOf } from '../../platform/oversight/sample.ts';
import { loginHeadless } from '../../platform/testing/login.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { call, makeWorkstation, signIn } from './support.ts';

/**
 * Oversight over real HTTP with real OIDC tokens: a detective files an
 * extended-access request, the prosecutor refuses or narrows it, and the
 * detective's pull returns exactly what was granted, until it expires. A
 * supervisor finds the planted abuser, runs a sample check that anyone can
 * repeat from its revealed seed, and sees a tampered audit row named.
 */
let t: TestReference;
beforeAll(async () => {
  t = await startTestReference();
}, 180_000);
afterAll(() => t?.close());

const DAY = 86_400_000;
const JUSTIFICATION =
  'The hit-and-run happened five weeks ago; the suspect car’s route that evening is needed.';

const tokens = new Map<string, string>();
async function token(username: string, fresh = false): Promise<string> {
  if (!fresh && tokens.has(username)) return tokens.get(username)!;
  const account = t.accounts[username]!;
  t.clock.advance(30_000);
  const { accessToken } = await loginHeadless({
    issuer: t.issuer,
    username: account.username,
    password: account.password,
    totpSecret: account.totpSecret,
    totpTime: t.clock(),
  });
  tokens.set(username, accessToken);
  return accessToken;
}

async function http<T = unknown>(
  username: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(new URL(path, t.url), {
    method,
    headers: {
      authorization: `Bearer ${await token(username)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

async function ok<T>(username: string, method: string, path: string, body?: unknown): Promise<T> {
  const r = await http<T>(username, method, path, body);
  if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

interface PulledRead {
  capturedAt: string;
  plate: string;
  approvalId: string | null;
}

/** A detective's case pull over HTTP: every read the stream delivers. */
async function pull(username: string, caseId: string, plates: string[], fromMs: number) {
  const now = t.clock().getTime();
  const created = await ok<{
    pullId: string;
    total: number;
    withheld: { count: number; reason: string | null };
    approvals: string[];
  }>(username, 'POST', '/api/v1/pulls', {
    caseId,
    purpose: 'judicial',
    offenceType: 'be-property',
    reasonCode: 'suspect-vehicle',
    justification: JUSTIFICATION,
    query: {
      kind: 'plates',
      plates,
      range: { from: new Date(fromMs).toISOString(), to: new Date(now).toISOString() },
    },
  });
  const res = await fetch(new URL(`/api/v1/pulls/${created.pullId}/reads`, t.url), {
    headers: { authorization: `Bearer ${await token(username)}` },
  });
  const reads: PulledRead[] = [];
  for (const line of (await res.text()).split('\n')) {
    if (!line.trim()) continue;
    const l = JSON.parse(line) as {
      type: string;
      read?: { capturedAt: string; plate: string };
      approvalId?: string | null;
    };
    if (l.type === 'read')
      reads.push({
        ...l.read!,
        plate: normalisePlate(l.read!.plate),
        approvalId: l.approvalId ?? null,
      });
  }
  expect(reads.length).toBe(created.total);
  return { ...created, reads };
}

describe('extended access: request, decision, enforcement', () => {
  let requestBody: Record<string, unknown>;
  let narrowedFrom: number;
  let narrowedTo: number;
  let expiresAt: number;
  let otherPlate: string;

  beforeAll(() => {
    const old = t.groundTruth.oldReads!;
    otherPlate = t.groundTruth.convoy.target.plate;
    requestBody = {
      caseId: old.caseId,
      plates: [old.vehicle.plate, otherPlate],
      area: null,
      // From before the seeded period began: every older sighting is in scope.
      periodFrom: new Date(Date.parse(t.groundTruth.period.from) - 3_600_000).toISOString(),
      periodTo: old.cutoff,
      offence: 'Hit-and-run (Road Traffic Act art. 33)',
      legalBasis:
        'Code of Criminal Procedure art. 28bis; Act on the Police Function art. 44/11/3decies',
      justification: JUSTIFICATION,
      urgency: 'urgent',
    };
  });

  it('a refused request unlocks nothing', async () => {
    const old = t.groundTruth.oldReads!;
    const filed = await ok<AccessRequest>(
      'detective2',
      'POST',
      '/api/v1/extended-access/requests',
      requestBody,
    );
    expect(filed.status).toBe('pending');
    const refused = await ok<AccessRequest>(
      'prosecutor1',
      'POST',
      `/api/v1/extended-access/requests/${filed.id}/decision`,
      {
        decision: 'refuse',
        reasons: 'The request does not show why reads this old are needed for the case.',
      },
    );
    expect(refused).toMatchObject({
      status: 'refused',
      decision: { decision: 'refuse', plates: null },
    });

    const p = await pull(
      'detective2',
      old.caseId,
      [old.vehicle.plate],
      Date.parse(requestBody.periodFrom as string),
    );
    expect(p.approvals).toEqual([]);
    expect(p.reads.filter((r) => r.approvalId !== null)).toEqual([]);
    const cutoff = Date.parse(old.cutoff);
    expect(p.reads.every((r) => Date.parse(r.capturedAt) >= cutoff)).toBe(true);
    expect(p.withheld.count).toBeGreaterThanOrEqual(old.older.length);
  });

  it('a detective cannot decide, a prosecutor cannot pull, and neither acts outside their role', async () => {
    const filed = await ok<AccessRequest>(
      'detective2',
      'POST',
      '/api/v1/extended-access/requests',
      requestBody,
    );
    const selfApprove = await http(
      'detective2',
      'POST',
      `/api/v1/extended-access/requests/${filed.id}/decision`,
      {
        decision: 'approve',
        reasons: 'I approve my own request because it is urgent today.',
        expiresAt: new Date(t.clock().getTime() + DAY).toISOString(),
      },
    );
    expect(selfApprove.status).toBe(403);
    const prosecutorPull = await http('prosecutor1', 'POST', '/api/v1/pulls', {
      caseId: t.groundTruth.oldReads!.caseId,
      purpose: 'judicial',
      offenceType: 'be-property',
      reasonCode: 'suspect-vehicle',
      justification: JUSTIFICATION,
      query: {
        kind: 'plates',
        plates: [t.groundTruth.oldReads!.vehicle.plate],
        range: {
          from: new Date(t.clock().getTime() - DAY).toISOString(),
          to: t.clock().toISOString(),
        },
      },
    });
    expect(prosecutorPull.status).toBe(403);
    // Supervisors read requests but do not decide them.
    const supervisorDecides = await http(
      'supervisor1',
      'POST',
      `/api/v1/extended-access/requests/${filed.id}/decision`,
      {
        decision: 'refuse',
        reasons: 'A supervisor trying to decide a prosecutor matter.',
      },
    );
    expect(supervisorDecides.status).toBe(403);
    await ok('detective2', 'POST', `/api/v1/extended-access/requests/${filed.id}/withdraw`);
    // Refused attempts are on the record too.
    const denied = t.ref.audit
      .list({ officerId: t.accounts.detective2!.id, outcome: 'denied', limit: 50 })
      .entries.find((e) => e.body.action === 'extended-access.decision');
    expect(denied).toBeDefined();
  });

  it('the prosecutor sees the request in full with a count (never reads), narrows it, and the pull returns exactly the narrowed scope', async () => {
    const old = t.groundTruth.oldReads!;
    expect(old.older.length).toBeGreaterThanOrEqual(2);
    const filed = await ok<AccessRequest>(
      'detective2',
      'POST',
      '/api/v1/extended-access/requests',
      requestBody,
    );

    const inbox = await ok<{ requests: AccessRequest[] }>(
      'prosecutor1',
      'GET',
      '/api/v1/extended-access/requests?status=pending&urgency=urgent',
    );
    expect(inbox.requests.map((r) => r.id)).toContain(filed.id);
    const detail = await ok<{
      request: AccessRequest;
      earlierRequests: AccessRequest[];
      estimate: { count: number };
      case: { number: string };
    }>('prosecutor1', 'GET', `/api/v1/extended-access/requests/${filed.id}`);
    expect(detail.earlierRequests.map((r) => r.status)).toEqual(
      expect.arrayContaining(['refused', 'withdrawn']),
    );
    expect(detail.estimate.count).toBeGreaterThanOrEqual(old.older.length);
    expect(JSON.stringify(detail)).not.toMatch(/"reads"|capturedAt/);

    // Narrow: one plate of the two, and only the earlier half of the sightings.
    const times = old.older.map((s) => Date.parse(s.at)).sort((a, b) => a - b);
    const k = Math.ceil(times.length / 2);
    narrowedFrom = Date.parse(requestBody.periodFrom as string);
    narrowedTo =
      k < times.length ? Math.floor((times[k - 1]! + times[k]!) / 2) : times[k - 1]! + 1000;
    expiresAt = t.clock().getTime() + 2 * 3_600_000;
    const narrowed = await ok<AccessRequest>(
      'prosecutor1',
      'POST',
      `/api/v1/extended-access/requests/${filed.id}/decision`,
      {
        decision: 'narrow',
        reasons:
          'Only the suspect car, and only up to the evening of the collision, is proportionate.',
        expiresAt: new Date(expiresAt).toISOString(),
        plates: [old.vehicle.plate],
        periodFrom: new Date(narrowedFrom).toISOString(),
        periodTo: new Date(narrowedTo).toISOString(),
      },
    );
    expect(narrowed.status).toBe('narrowed');
    expect(narrowed.decision?.plates).toEqual([normalisePlate(old.vehicle.plate)]);

    const p = await pull('detective2', old.caseId, [old.vehicle.plate, otherPlate], narrowedFrom);
    expect(p.approvals).toEqual([narrowed.decision!.id]);
    const unlocked = p.reads.filter((r) => r.approvalId !== null);
    const expected = times.filter((at) => at >= narrowedFrom && at <= narrowedTo);
    expect(unlocked.map((r) => Date.parse(r.capturedAt)).sort((a, b) => a - b)).toEqual(expected);
    expect(unlocked.every((r) => r.plate === normalisePlate(old.vehicle.plate))).toBe(true);
    // Nothing older than the window outside the grant: not the other plate, not the later sightings.
    const windowStart = t.clock().getTime() - 30 * DAY;
    const old_ = p.reads.filter((r) => Date.parse(r.capturedAt) < windowStart);
    expect(old_.length).toBe(expected.length);

    // The decision is a PDF document for the case file.
    const doc = await ok<{ base64: string; contentType: string }>(
      'prosecutor1',
      'GET',
      `/api/v1/extended-access/requests/${filed.id}/document`,
    );
    expect(doc.contentType).toBe('application/pdf');
    expect(Buffer.from(doc.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const logged = t.ref.audit
      .list({ officerId: t.accounts.prosecutor1!.id, limit: 50 })
      .entries.map((e) => e.body.action);
    expect(logged).toEqual(
      expect.arrayContaining([
        'extended-access.decision',
        'extended-access.examine',
        'extended-access.document',
      ]),
    );
  });

  it('after the expiry the pull returns nothing older than the window', async () => {
    const old = t.groundTruth.oldReads!;
    t.clock.set(new Date(expiresAt + 60_000));
    await token('detective2', true);
    const p = await pull('detective2', old.caseId, [old.vehicle.plate], narrowedFrom);
    expect(p.approvals).toEqual([]);
    expect(p.reads.filter((r) => r.approvalId !== null)).toEqual([]);
    const windowStart = t.clock().getTime() - 30 * DAY;
    expect(p.reads.every((r) => Date.parse(r.capturedAt) >= windowStart)).toBe(true);
    expect(p.withheld.count).toBeGreaterThan(0);
    const list = await ok<{ requests: AccessRequest[] }>(
      'detective2',
      'GET',
      `/api/v1/extended-access/requests?caseId=${old.caseId}&status=narrowed`,
    );
    expect(list.requests[0]?.expired).toBe(true);
  });
});

describe('supervisor workspace', () => {
  const period = () => {
    const to = t.clock().getTime();
    return { from: new Date(to - 40 * DAY).toISOString(), to: new Date(to).toISOString() };
  };

  it('flags the planted abuser with plain explanations, and shows metadata with plates masked', async () => {
    const p = period();
    const s = await ok<OversightSummary>(
      'supervisor1',
      'GET',
      `/api/v1/oversight/summary?from=${p.from}&to=${p.to}`,
    );
    const abuserId = t.accounts.abuser1!.id;
    const mine = s.flags.filter((f) => f.officerId === abuserId);
    const kinds = mine.map((f) => f.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['out-of-hours', 'plate-across-cases', 'short-justification']),
    );
    const victim = normalisePlate(t.groundTruth.abuse.plate);
    const acrossCases = mine.find((f) => f.kind === 'plate-across-cases')!;
    expect(acrossCases.severity).toBe('high');
    expect(acrossCases.explanation).toMatch(
      /searched \d+ times under [23] different cases \(.+\); none of these cases names it/,
    );
    expect(acrossCases.explanation).toContain(maskPlate(victim));
    expect(mine.find((f) => f.kind === 'short-justification')!.explanation).toMatch(
      /too few words/,
    );
    expect(mine.find((f) => f.kind === 'out-of-hours')!.explanation).toMatch(
      /outside office hours/,
    );
    // The abuser tops the list; nobody else is flagged for plate-across-cases.
    expect(s.officers[0]?.officer.username).toBe('abuser1');
    expect(s.flags.filter((f) => f.kind === 'plate-across-cases').map((f) => f.username)).toEqual([
      'abuser1',
    ]);
    // Metadata only: the victim's plate appears nowhere in what the supervisor receives.
    expect(JSON.stringify(s)).not.toContain(victim);

    const page = await ok<{
      entries: Array<{ ref: string; maskedPlates: number; parameters: unknown }>;
    }>(
      'supervisor1',
      'GET',
      `/api/v1/oversight/audit?officerId=${abuserId}&operation=consultation&limit=20`,
    );
    expect(page.entries.length).toBeGreaterThan(3);
    expect(JSON.stringify(page)).not.toContain(victim);
    const withPlate = page.entries.find((e) => e.maskedPlates > 0)!;

    // Opening the plate is its own logged consultation, with a justification.
    const revealed = await ok<{ plates: string[] }>(
      'supervisor1',
      'POST',
      '/api/v1/oversight/audit/reveal',
      {
        ref: withPlate.ref,
        justification: 'Checking whether the repeated plate belongs to a relative of the officer.',
      },
    );
    expect(revealed.plates.map(normalisePlate)).toEqual([victim]);
    const reveal = t.ref.audit
      .list({ officerId: t.accounts.supervisor1!.id, limit: 50 })
      .entries.find((e) => e.body.action === 'oversight.reveal-plate');
    expect(reveal?.body).toMatchObject({
      justification: expect.stringMatching(/relative/),
      parameters: { ref: withPlate.ref },
    });
    // Detectives have no access to the supervisor's explorer.
    expect(
      (await http('detective2', 'GET', `/api/v1/oversight/summary?from=${p.from}&to=${p.to}`))
        .status,
    ).toBe(403);
  });

  it('a sample check commits before the draw, mixes in the supervisor’s value, and can be reproduced from the published values', async () => {
    const p = period();
    const abuserId = t.accounts.abuser1!.id;
    const committed = await ok<SampleCheck>('supervisor1', 'POST', '/api/v1/oversight/samples', {
      officerId: abuserId,
      from: p.from,
      to: p.to,
      size: 5,
    });
    expect(committed).toMatchObject({ status: 'committed', seed: null, entries: [] });
    expect(committed.candidateCount).toBeGreaterThan(5);
    // The commitment is in the chain before any entry is drawn.
    const commitEntry = t.ref.audit
      .list({ officerId: t.accounts.supervisor1!.id, limit: 100 })
      .entries.find((e) => e.body.action === 'oversight.sample-commit');
    expect(commitEntry?.body.parameters).toMatchObject({
      sampleId: committed.id,
      commitment: committed.commitment,
    });

    // The draw needs the supervisor's own contribution, which the platform learns only now.
    expect(
      (await http('supervisor1', 'POST', `/api/v1/oversight/samples/${committed.id}/draw`, {}))
        .status,
    ).toBe(400);
    const supervisorValue = 'c0ffee00d1ce5eed';
    const drawn = await ok<SampleCheck>(
      'supervisor1',
      'POST',
      `/api/v1/oversight/samples/${committed.id}/draw`,
      { supervisorValue },
    );
    expect(drawn.entries).toHaveLength(5);
    expect(drawn.entries.every((e) => e.officerId === abuserId)).toBe(true);
    const seed = drawn.seed!;
    expect(createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex')).toBe(
      committed.commitment,
    );
    expect(drawn).toMatchObject({ supervisorValue, drawSeed: drawSeedOf(seed, supervisorValue) });
    const drawEntry = t.ref.audit
      .list({ officerId: t.accounts.supervisor1!.id, limit: 100 })
      .entries.find((e) => e.body.action === 'oversight.sample-draw');
    expect(drawEntry?.body.parameters).toMatchObject({ sampleId: committed.id, supervisorValue });
    expect(
      (
        await http('supervisor1', 'POST', `/api/v1/oversight/samples/${committed.id}/draw`, {
          supervisorValue: 'another value, to try again',
        })
      ).status,
    ).toBe(409);

    // Drawn twice from the same published values: the same entries, in the same order.
    const again = await ok<{
      refs: string[];
      drawSeed: string;
      sameAsStored: boolean;
      commitmentMatches: boolean;
      candidatesMatch: boolean;
    }>('supervisor1', 'POST', `/api/v1/oversight/samples/${committed.id}/reproduce`, {
      seed,
      supervisorValue,
    });
    expect(again).toMatchObject({
      sameAsStored: true,
      commitmentMatches: true,
      candidatesMatch: true,
      drawSeed: drawn.drawSeed,
    });
    expect(again.refs).toEqual(drawn.entries.map((e) => e.ref));
    // Anyone can repeat it offline from the committed candidates.
    const candidates = t.ref.audit
      .list({ officerId: abuserId, from: new Date(drawn.from), to: new Date(drawn.to), limit: 500 })
      .entries.filter((e) => !e.body.action.startsWith('identity.'))
      .map((e) => `${e.chain}:${e.seq}`);
    expect(drawSample(drawSeedOf(seed, supervisorValue), candidates, 5)).toEqual(again.refs);
    const wrong = await ok<{ sameAsStored: boolean; commitmentMatches: boolean }>(
      'supervisor1',
      'POST',
      `/api/v1/oversight/samples/${committed.id}/reproduce`,
      { seed: 'ab'.repeat(32), supervisorValue },
    );
    expect(wrong).toMatchObject({ commitmentMatches: false, sameAsStored: false });

    // Review each entry; the reviews are logged; the report lists verdicts.
    expect(
      (await http('supervisor1', 'POST', `/api/v1/oversight/samples/${committed.id}/complete`))
        .status,
    ).toBe(412);
    let last = drawn;
    for (const [i, e] of drawn.entries.entries()) {
      last = await ok<SampleCheck>(
        'supervisor1',
        'POST',
        `/api/v1/oversight/samples/${committed.id}/reviews`,
        {
          ref: e.ref,
          verdict: i === 0 ? 'unlawful' : 'doubtful',
          note: 'One-word justification at night for a plate unrelated to the case.',
        },
      );
    }
    expect(last.reviews).toHaveLength(5);
    const done = await ok<SampleCheck>(
      'supervisor1',
      'POST',
      `/api/v1/oversight/samples/${committed.id}/complete`,
    );
    expect(done.status).toBe('completed');
    const reviews = t.ref.audit
      .list({ officerId: t.accounts.supervisor1!.id, limit: 200 })
      .entries.filter((e) => e.body.action === 'oversight.sample-review');
    expect(reviews.length).toBeGreaterThanOrEqual(5);
    const csv = await ok<{ base64: string }>(
      'supervisor1',
      'GET',
      `/api/v1/oversight/samples/${committed.id}/report?format=csv`,
    );
    const text = Buffer.from(csv.base64, 'base64').toString('utf8');
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(6);
    expect(text).toContain('unlawful');
    expect(text).toContain(seed);
    expect(text).toContain(supervisorValue);
    expect(text).not.toContain(normalisePlate(t.groundTruth.abuse.plate));
    const due = await ok<{ due: boolean }>('supervisor1', 'GET', '/api/v1/oversight/samples-due');
    expect(due.due).toBe(false);
  });

  it('the workstation saves an exported report and logs the disclosure in its own chain', async () => {
    const { ws, dataDir } = makeWorkstation(t.url, { clock: t.clock });
    await signIn(ws, t.accounts.supervisor1!, t.clock);
    const { samples } = await call<{ samples: Array<{ id: string }> }>(ws, 'samples.list');
    const saved = await call<{ path: string; bytes: number }>(ws, 'samples.export', {
      sampleId: samples[0]!.id,
      format: 'pdf',
    });
    expect(saved.path.startsWith(dataDir)).toBe(true);
    expect(existsSync(saved.path)).toBe(true);
    expect(readFileSync(saved.path).subarray(0, 5).toString()).toBe('%PDF-');
    await call(ws, 'audit.sync');
    const local = t.ref.audit
      .list({ officerId: t.accounts.supervisor1!.id, operation: 'disclosure', limit: 50 })
      .entries.find(
        (e) => e.chain !== 'platform' && e.body.action === 'oversight.sample-report-export',
      );
    expect(local?.body.recipient).toBe(`officer:${t.accounts.supervisor1!.id}`);
    // The detective workspace cannot reach the supervisor's calls.
    await ws.close();
  });

  it('names the first bad entry when a stored audit row is edited', async () => {
    const before = await ok<{ chains: Array<{ chain: string; ok: boolean }> }>(
      'supervisor1',
      'GET',
      '/api/v1/oversight/chains',
    );
    expect(before.chains.every((c) => c.ok)).toBe(true);
    const victim = t.ref.audit
      .list({ officerId: t.accounts.abuser1!.id, chain: 'platform', limit: 3 })
      .entries.at(-1)!;
    // A raw handle, as someone with the database key would: drop the guard, rewrite a justification.
    const db = t.ref.platform.ctx.db;
    db.exec('DROP TRIGGER audit_entries_no_update');
    db.prepare(
      "UPDATE audit_entries SET body = json_set(body, '$.justification', ?) WHERE seq = ?",
    ).run('Lawful follow-up of the cloned plate case.', victim.seq);
    const after = await ok<{
      chains: Array<{
        chain: string;
        ok: boolean;
        firstBadSeq: number | null;
        problem: string | null;
        message: string | null;
      }>;
    }>('supervisor1', 'GET', '/api/v1/oversight/chains');
    const platform = after.chains.find((c) => c.chain === 'platform')!;
    expect(platform).toMatchObject({ ok: false, firstBadSeq: victim.seq, problem: 'edited' });
    expect(platform.message).toBeTruthy();
    expect(after.chains.filter((c) => c.chain !== 'platform').every((c) => c.ok)).toBe(true);
  });

  it('flags a sample check drawn and started over at once, and one left open for a week', async () => {
    const p = period();
    const detective2 = t.accounts.detective2!.id;
    const start = () =>
      ok<SampleCheck>('supervisor1', 'POST', '/api/v1/oversight/samples', {
        officerId: detective2,
        from: p.from,
        to: p.to,
        size: 2,
      });
    const first = await start();
    await ok('supervisor1', 'POST', `/api/v1/oversight/samples/${first.id}/draw`, {
      supervisorValue: 'first value, not liked',
    });
    const second = await start();
    const flagsNow = async () => {
      const now = t.clock().getTime();
      const s = await ok<OversightSummary>(
        'supervisor1',
        'GET',
        `/api/v1/oversight/summary?from=${new Date(now - 14 * DAY).toISOString()}&to=${new Date(now).toISOString()}`,
      );
      return s.flags.filter((f) => f.kind === 'redrawn-sample' || f.kind === 'abandoned-sample');
    };
    const redrawn = await flagsNow();
    expect(redrawn).toHaveLength(1);
    expect(redrawn[0]).toMatchObject({
      kind: 'redrawn-sample',
      severity: 'high',
      username: 'supervisor1',
      params: { officer: 'detective2' },
    });
    // It names the audit entries that committed and drew the first check.
    const named = redrawn[0]!.entryRefs.map((ref) =>
      t.ref.audit
        .list({ officerId: t.accounts.supervisor1!.id, limit: 200 })
        .entries.find((e) => `${e.chain}:${e.seq}` === ref),
    );
    expect(named.map((e) => [e?.body.action, e?.body.parameters?.sampleId])).toEqual([
      ['oversight.sample-commit', first.id],
      ['oversight.sample-draw', first.id],
    ]);

    // A week on, the second check, committed and never drawn, is abandoned too.
    t.clock.advance(7 * DAY + 60_000);
    tokens.clear();
    const later = await flagsNow();
    expect(later.map((f) => [f.kind, f.severity])).toEqual(
      expect.arrayContaining([
        ['redrawn-sample', 'high'],
        ['abandoned-sample', 'low'],
      ]),
    );
    expect(later.find((f) => f.kind === 'abandoned-sample')?.entryRefs).toHaveLength(1);
    expect(second.status).toBe('committed');
  });
});
