import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEntry, PullStatus, SessionStatus } from '../../common/api/contract.ts';
import type { AnalysisView, CaseReads } from '../../common/api/detective-contract.ts';
import { formatPlate } from '../../common/plates.ts';
import { IdentitySettings } from '../../platform/config.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { call, filesContaining, makeWorkstation, signIn } from './support.ts';

/**
 * The data path end to end in Node: a detective signs in, lists cases, pulls
 * a case's reads through the platform's legal gate into the encrypted local
 * store, and survives a dropped connection and an interrupted workstation.
 */
let t: TestReference;
beforeAll(async () => {
  t = await startTestReference();
}, 180_000);
afterAll(() => t?.close());

const JUSTIFICATION = 'Suspect vehicle of the convoy investigation; route needed for the hearing.';
const days = (n: number) => n * 86_400_000;

function pullRequest(caseId: string, plates: string[], fromDaysAgo = 29) {
  const now = t.clock().getTime();
  return {
    caseId,
    offenceType: 'be-property',
    reasonCode: 'suspect-vehicle',
    justification: JUSTIFICATION,
    query: {
      kind: 'plates',
      plates,
      range: {
        from: new Date(now - days(fromDaysAgo)).toISOString(),
        to: new Date(now).toISOString(),
      },
    },
  };
}

async function finished(ws: Awaited<ReturnType<typeof makeWorkstation>>['ws'], status: PullStatus) {
  await ws.pulls.settled(status.pullId);
  return ws.pulls.status(status.caseId, status.pullId);
}

describe('case pulls into the encrypted local store', () => {
  it('pulls the reads of an assigned case, stores each once, and keeps no plaintext plate on disk', async () => {
    const { ws, dataDir } = makeWorkstation(t.url, { clock: t.clock });
    await signIn(ws, t.accounts.detective1!, t.clock);
    const convoy = t.groundTruth.convoy;
    const { cases } = await call<{ cases: CaseEntry[] }>(ws, 'cases.list');
    expect(cases.map((c) => c.case.id)).toContain(convoy.caseId);

    const target = convoy.target.plate;
    const started = await call<PullStatus>(ws, 'pulls.start', pullRequest(convoy.caseId, [target]));
    expect(started.total).toBeGreaterThan(0);
    const done = await finished(ws, started);
    expect(done).toMatchObject({ state: 'done', stored: started.total, invalid: 0 });

    // Every planted co-sighting of the target inside the window arrived.
    const entry = await call<CaseEntry>(ws, 'cases.get', { caseId: convoy.caseId });
    expect(entry.local?.reads).toBe(started.total);
    const stored = await (await ws.stores.open(convoy.caseId)).readsByPlate({ plate: target });
    const ids = new Set(stored.map((r) => r.capturedAt));
    const windowStart = t.clock().getTime() - days(29);
    const expected = convoy.coSightings.filter((s) => Date.parse(s.targetAt) >= windowStart);
    expect(expected.length).toBeGreaterThan(0);
    for (const s of expected) expect(ids.has(s.targetAt)).toBe(true);

    await ws.stores.shutdown(); // close files so the scan sees everything on disk
    expect(filesContaining(dataDir, [target, formatPlate(target, convoy.target.country)])).toEqual(
      [],
    );
    await ws.close();
  });

  it('logs the pull on the platform, allowed or refused, with the justification', async () => {
    const { ws } = makeWorkstation(t.url, { clock: t.clock });
    await signIn(ws, t.accounts.detective1!, t.clock);
    const oldCase = t.groundTruth.oldReads!.caseId; // detective2's case only
    await expect(call(ws, 'pulls.start', pullRequest(oldCase, ['1ABC123']))).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/not assigned/i),
    });
    const page = t.ref.audit.list({ caseId: oldCase, limit: 50 });
    const refused = page.entries.find(
      (e) => e.body.action === 'reads.pull' && e.body.outcome === 'denied',
    );
    expect(refused?.body).toMatchObject({
      justification: JUSTIFICATION,
      actor: { username: 'detective1' },
    });
    await ws.close();
  });

  it('withholds reads older than one month without approval, and says how many', async () => {
    const { ws } = makeWorkstation(t.url, { clock: t.clock });
    await signIn(ws, t.accounts.detective2!, t.clock);
    const old = t.groundTruth.oldReads!;
    const started = await call<PullStatus>(
      ws,
      'pulls.start',
      pullRequest(old.caseId, [old.vehicle.plate], 40),
    );
    expect(started.withheld.count).toBeGreaterThanOrEqual(old.older.length);
    expect(started.withheld.message).toMatch(/prosecutor|approval/i);
    const done = await finished(ws, started);
    expect(done.stored).toBe(started.total);
    const stored = await (
      await ws.stores.open(old.caseId)
    ).readsByPlate({ plate: old.vehicle.plate });
    const cutoff = t.clock().getTime() - days(30);
    expect(stored.every((r) => Date.parse(r.capturedAt) >= cutoff)).toBe(true);
    await ws.close();
  });

  it('resumes after the connection drops mid-stream, with no read missing or doubled', async () => {
    let cut = 1;
    // Boundary we cannot otherwise produce on demand: the network dropping mid-response.
    const flakyFetch: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!String(input).includes('/reads') || cut-- <= 0 || !res.body) return res;
      const reader = res.body.getReader();
      let sent = 0;
      const body = new ReadableStream({
        async pull(controller) {
          const { value, done } = await reader.read();
          if (done) return controller.close();
          sent += value.length;
          if (sent > 1_500) return controller.error(new Error('socket hang up'));
          controller.enqueue(value);
        },
      });
      return new Response(body, { status: res.status, headers: res.headers });
    };
    const { ws } = makeWorkstation(t.url, {
      clock: t.clock,
      deps: { fetch: flakyFetch, pullBatchSize: 20, pullRetryDelayMs: () => 10 },
    });
    await signIn(ws, t.accounts.detective1!, t.clock);
    const stake = t.groundTruth.stakeout;
    const started = await call<PullStatus>(ws, 'pulls.start', {
      ...pullRequest(stake.caseId, []),
      query: {
        kind: 'area',
        area: {
          kind: 'circle',
          lat: stake.place.lat,
          lon: stake.place.lon,
          radiusM: stake.place.radiusM,
        },
        range: { from: stake.from, to: stake.to },
      },
    });
    const done = await finished(ws, started);
    expect(cut).toBeLessThan(0); // the drop really happened
    expect(done).toMatchObject({ state: 'done', stored: started.total });
    const entry = await call<CaseEntry>(ws, 'cases.get', { caseId: stake.caseId });
    expect(entry.local?.reads).toBe(started.total);
    await ws.close();
  });

  it('resumes a pull interrupted by a stopped workstation from its last committed cursor', async () => {
    // The first workstation's connection stalls after some reads (until aborted),
    // so it is stopped for certain in the middle of the pull.
    const stallingFetch: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!String(input).includes('/reads') || !res.body) return res;
      const lines = (await res.text()).split('\n').filter(Boolean);
      const half = lines.slice(0, Math.floor(lines.length / 2));
      const body = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(half.map((l) => l + '\n').join(''))); // half the reads, then silence
        },
        pull: () =>
          new Promise((_, reject) =>
            init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
          ),
      });
      const headers = new Headers(res.headers);
      headers.delete('content-encoding');
      return new Response(body, { status: res.status, headers });
    };
    const first = makeWorkstation(t.url, {
      clock: t.clock,
      deps: { pullBatchSize: 1, fetch: stallingFetch },
    });
    await signIn(first.ws, t.accounts.detective1!, t.clock);
    const stake = t.groundTruth.stakeout;
    const request = {
      ...pullRequest(stake.caseId, []),
      query: {
        kind: 'area',
        area: {
          kind: 'circle',
          lat: stake.place.lat,
          lon: stake.place.lon,
          radiusM: stake.place.radiusM,
        },
        range: { from: stake.from, to: stake.to },
      },
    };
    const started = await call<PullStatus>(first.ws, 'pulls.start', request);
    // Stop as soon as some (not all) reads are committed.
    for (let i = 0; i < 500; i++) {
      const s = await first.ws.pulls.status(started.caseId, started.pullId).catch(() => null);
      if (s && s.stored > 0) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    await first.ws.close();

    const second = makeWorkstation(t.url, { clock: t.clock, dataDir: first.dataDir });
    await signIn(second.ws, t.accounts.detective1!, t.clock);
    const listed = await call<{ pulls: PullStatus[] }>(second.ws, 'pulls.list', {
      caseId: stake.caseId,
    });
    const interrupted = listed.pulls.find((p) => p.pullId === started.pullId)!;
    expect(interrupted.state).toMatch(/failed|cancelled/);
    expect(interrupted.stored).toBeGreaterThan(0);
    expect(interrupted.stored).toBeLessThan(started.total);
    await call(second.ws, 'pulls.resume', { pullId: started.pullId });
    const done = await finished(second.ws, started);
    expect(done).toMatchObject({ state: 'done', stored: started.total });
    const entry = await call<CaseEntry>(second.ws, 'cases.get', { caseId: stake.caseId });
    expect(entry.local?.reads).toBe(started.total);
    await second.ws.close();
  });
});

describe('when the platform becomes unreachable', () => {
  it('keeps the locally held case data usable within the session and queues audit entries', async () => {
    let online = true;
    // The network boundary: after `online = false` every platform call fails as a refused connection would.
    const switchableFetch: typeof fetch = async (input, init) => {
      if (!online) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
      return fetch(input, init);
    };
    const { ws } = makeWorkstation(t.url, { clock: t.clock, deps: { fetch: switchableFetch } });
    await signIn(ws, t.accounts.detective1!, t.clock);
    const { caseId, target } = t.groundTruth.convoy;
    const started = await call<PullStatus>(ws, 'pulls.start', pullRequest(caseId, [target.plate]));
    await finished(ws, started);
    const before = await call<{ audit: unknown } & { unsynced: number }>(ws, 'audit.status', {});

    online = false;
    const listed = await call<{ cases: CaseEntry[]; offline: boolean }>(ws, 'cases.list');
    expect(listed.offline).toBe(true);
    expect(listed.cases.find((c) => c.case.id === caseId)?.local?.reads).toBe(started.total);
    // New work is still logged locally, waiting for the platform.
    await expect(
      call(ws, 'pulls.start', pullRequest(caseId, [target.plate])),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    const after = await call<{ unsynced: number; lastError: string | null }>(
      ws,
      'audit.status',
      {},
    );
    expect(after.unsynced).toBeGreaterThan(before.unsynced);
    await ws.close();
  });

  // #15: the offline grant issued at sign-in carries the session past the
  // access token's end when the refresh cannot reach the platform.
  it('keeps the local reads, analyses and plate search usable after the access token expires offline, audit entries queued', async () => {
    let online = true;
    const realFetch = globalThis.fetch;
    // The network boundary: after `online = false` every request fails as a refused connection would.
    const switchableFetch: typeof fetch = async (input, init) => {
      if (!online) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
      return realFetch(input, init);
    };
    // WorkstationDeps.fetch reaches the platform client and the audit upload
    // only; the OIDC discovery and token refresh and the /healthz clock
    // check end up in Node's global fetch. The switch sits there too, so
    // "offline" means every request the workstation makes.
    globalThis.fetch = switchableFetch;
    const { ws } = makeWorkstation(t.url, { clock: t.clock, deps: { fetch: switchableFetch } });
    try {
      await signIn(ws, t.accounts.detective1!, t.clock);
      const { caseId, target } = t.groundTruth.convoy;
      const started = await call<PullStatus>(
        ws,
        'pulls.start',
        pullRequest(caseId, [target.plate]),
      );
      expect(await finished(ws, started)).toMatchObject({ state: 'done', stored: started.total });
      // The officer prepares for offline work at sign-in (this also waits for the grant).
      const prepared = await call<SessionStatus>(ws, 'session.setOfflineSecret', {
        secret: 'harbour-night-7',
      });
      expect(prepared.offline).toMatchObject({ working: false, secretSet: true });
      // Settle any upload in flight, so the count below only moves with offline work.
      await call(ws, 'audit.sync', {});

      online = false;
      const before = await call<{ unsynced: number }>(ws, 'audit.status', {});
      // The test platform keeps the default token lifetime. A minute past
      // expiry is also past the workstation's refresh margin (30 s before
      // expiry), yet well inside the idle lock, so only expiry is at play.
      const pastExpiryMs = (IdentitySettings.parse({}).accessTokenSeconds + 60) * 1000;
      expect(pastExpiryMs).toBeLessThan(ws.session.status().idleLockMinutes * 60_000);
      t.clock.advance(pastExpiryMs);
      expect(Date.parse(prepared.offline!.notAfter)).toBeGreaterThan(t.clock().getTime());

      const why = {
        offenceType: 'be-property',
        reasonCode: 'suspect-vehicle',
        justification: 'Offline review of the suspect vehicle held for the convoy case.',
      };
      // The case's local reads (map, timeline, table).
      const reads = await call<CaseReads>(ws, 'detective.reads', { caseId, limit: 20_000 });
      expect(reads.total).toBe(started.total);
      expect(reads.targets).toContain(target.plate);
      // An analysis on the local data.
      const seen = await call<AnalysisView>(ws, 'detective.analyze', {
        caseId,
        kind: 'firstLastSeen',
        params: { plates: [target.plate] },
        ...why,
      });
      expect(seen.detail).toMatchObject({
        kind: 'firstLastSeen',
        rows: [{ vehicle: target.plate, count: started.total }],
      });
      // A plate search in the local data.
      const search = await call<AnalysisView>(ws, 'detective.analyze', {
        caseId,
        kind: 'plateSearch',
        params: { mode: 'exact', plate: target.plate },
        ...why,
      });
      expect(search.detail).toMatchObject({
        kind: 'plateSearch',
        plates: [{ vehicle: target.plate, count: started.total }],
      });
      // Both analyses are logged locally, waiting for the platform.
      const after = await call<{ unsynced: number }>(ws, 'audit.status', {});
      expect(after.unsynced).toBeGreaterThanOrEqual(before.unsynced + 2);
      // The officer sees that the workstation works offline, under the grant.
      expect(ws.session.status()).toMatchObject({
        state: 'active',
        offline: { working: true, notAfter: prepared.offline!.notAfter },
      });
    } finally {
      globalThis.fetch = realFetch;
      online = true;
      await ws.close();
    }
  });
});

describe('records that fail validation', () => {
  it('are counted and reported with their line and reason, never stored and never silently dropped', async () => {
    // The network boundary: one line of the stream is corrupted on its way in.
    const corruptingFetch: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!String(input).includes('/reads')) return res;
      const lines = (await res.text()).split('\n');
      const bad = JSON.parse(lines[1]!) as { read: Record<string, unknown> };
      bad.read.lat = 123; // outside [-90, 90]
      lines[1] = JSON.stringify(bad);
      const headers = new Headers(res.headers);
      headers.delete('content-encoding');
      return new Response(lines.join('\n'), { status: res.status, headers });
    };
    const { ws } = makeWorkstation(t.url, { clock: t.clock, deps: { fetch: corruptingFetch } });
    await signIn(ws, t.accounts.detective1!, t.clock);
    const { caseId, target } = t.groundTruth.convoy;
    const started = await call<PullStatus>(ws, 'pulls.start', pullRequest(caseId, [target.plate]));
    const status = await ws.pulls.status(caseId, started.pullId);
    await ws.pulls.settled(started.pullId);
    const done = await ws.pulls.status(caseId, started.pullId);
    expect(status.pullId).toBe(started.pullId);
    expect(done.invalid).toBe(1);
    expect(done.stored).toBe(started.total - 1);
    const listed = await call<{ pulls: PullStatus[] }>(ws, 'pulls.list', { caseId });
    const reported = listed.pulls.find((p) => p.pullId === started.pullId)!;
    expect(reported.invalid).toBe(1);
    expect(reported.invalidSamples).toEqual([
      { lineNumber: 2, reason: expect.stringMatching(/^read\.lat: /) },
    ]);
    await ws.close();
  });
});

describe('what a pull says it did', () => {
  it('accounts for every offered read: stored, repeated, already held, invalid or withheld', async () => {
    // The network boundary: in the second pull's stream one line repeats the
    // read before it (a platform delivering a read twice) and one is corrupted.
    let tamper = false;
    const tamperingFetch: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!tamper || !String(input).includes('/reads')) return res;
      const lines = (await res.text()).split('\n');
      lines[1] = lines[0]!;
      const bad = JSON.parse(lines[2]!) as { read: Record<string, unknown> };
      bad.read.capturedAt = 'yesterday';
      lines[2] = JSON.stringify(bad);
      const headers = new Headers(res.headers);
      headers.delete('content-encoding');
      return new Response(lines.join('\n'), { status: res.status, headers });
    };
    const { ws } = makeWorkstation(t.url, { clock: t.clock, deps: { fetch: tamperingFetch } });
    await signIn(ws, t.accounts.detective2!, t.clock);
    const old = t.groundTruth.oldReads!;
    const plate = old.vehicle.plate;
    const recent = old.newer.map((s) => s.at).sort();
    expect(recent.length).toBeGreaterThanOrEqual(6);
    const request = (from: string) => ({
      ...pullRequest(old.caseId, [plate]),
      query: { kind: 'plates', plates: [plate], range: { from, to: t.clock().toISOString() } },
    });

    // First the later half of the recent reads...
    const first = await finished(
      ws,
      await call<PullStatus>(ws, 'pulls.start', request(recent[Math.floor(recent.length / 2)]!)),
    );
    expect(first).toMatchObject({ state: 'done', alreadyHeld: 0, duplicates: 0, invalid: 0 });
    expect(first.stored).toBeGreaterThan(0);

    // ...then everything since before the oldest read: it overlaps the first pull,
    // reaches past the one-month line, and its stream starts with reads not yet held.
    tamper = true;
    const earliest = [...old.older, ...old.newer].map((s) => Date.parse(s.at));
    const since = new Date(Math.min(...earliest) - 60_000).toISOString();
    const second = await finished(ws, await call<PullStatus>(ws, 'pulls.start', request(since)));
    expect(second.state).toBe('done');
    expect(second.alreadyHeld).toBe(first.stored);
    expect(second.duplicates).toBe(1);
    expect(second.invalid).toBe(1);
    expect(second.withheld.count).toBeGreaterThanOrEqual(old.older.length);
    expect(second.withheld.count).toBeGreaterThan(0);
    expect(second.offered).toBe(second.total + second.withheld.count);
    expect(
      second.stored +
        second.duplicates +
        second.alreadyHeld +
        second.invalid +
        second.withheld.count,
    ).toBe(second.offered);
    expect(second.received).toBe(second.total);

    // The store holds each read once: what both pulls stored, nothing more.
    const entry = await call<CaseEntry>(ws, 'cases.get', { caseId: old.caseId });
    expect(entry.local?.reads).toBe(first.stored + second.stored);
    // The same figures come back once the pull is only a row in the case store.
    const listed = await call<{ pulls: PullStatus[] }>(ws, 'pulls.list', { caseId: old.caseId });
    expect(listed.pulls.find((p) => p.pullId === second.pullId)).toMatchObject({
      offered: second.offered,
      stored: second.stored,
      duplicates: 1,
      alreadyHeld: first.stored,
      invalid: 1,
    });
    await ws.close();
  });

  it('logs in the local audit chain what each pull was offered and stored, already held apart from repeated', async () => {
    // The network boundary: in the second pull's stream the second line repeats
    // the first (a platform delivering a read twice in place of another).
    let repeat = false;
    const repeatingFetch: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!repeat || !String(input).includes('/reads')) return res;
      const lines = (await res.text()).split('\n');
      lines[1] = lines[0]!;
      const headers = new Headers(res.headers);
      headers.delete('content-encoding');
      return new Response(lines.join('\n'), { status: res.status, headers });
    };
    const { ws } = makeWorkstation(t.url, { clock: t.clock, deps: { fetch: repeatingFetch } });
    await signIn(ws, t.accounts.detective2!, t.clock);
    const old = t.groundTruth.oldReads!;
    const plate = old.vehicle.plate;
    const recent = old.newer.map((s) => s.at).sort();
    const request = (from: string) => ({
      ...pullRequest(old.caseId, [plate]),
      query: { kind: 'plates', plates: [plate], range: { from, to: t.clock().toISOString() } },
    });
    const first = await finished(
      ws,
      await call<PullStatus>(ws, 'pulls.start', request(recent[Math.floor(recent.length / 2)]!)),
    );
    // Overlaps the first pull and reaches past the one-month line (some reads withheld).
    repeat = true;
    const earliest = [...old.older, ...old.newer].map((s) => Date.parse(s.at));
    const since = new Date(Math.min(...earliest) - 60_000).toISOString();
    const second = await finished(ws, await call<PullStatus>(ws, 'pulls.start', request(since)));
    expect(second).toMatchObject({ state: 'done', alreadyHeld: first.stored, duplicates: 1 });
    expect(second.withheld.count).toBeGreaterThan(0);

    const completed = (await ws.stores.host.workstation().auditEntries(0, 10_000))
      .map((e) => JSON.parse(e.body) as { action: string; parameters: { pullId?: string } })
      .filter((b) => b.action === 'case.pull-completed');
    const entryOf = (p: PullStatus) => completed.filter((b) => b.parameters.pullId === p.pullId);
    expect(entryOf(first)).toEqual([
      expect.objectContaining({
        caseId: old.caseId,
        resultCount: first.stored,
        parameters: expect.objectContaining({
          offered: first.offered,
          stored: first.stored,
          alreadyHeld: 0,
        }),
      }),
    ]);
    // The auditor reads the same accounting the officer saw: every offered read
    // is stored, already held from the first pull, repeated, invalid or withheld.
    expect(entryOf(second)).toEqual([
      expect.objectContaining({
        caseId: old.caseId,
        outcome: 'allowed',
        resultCount: second.stored,
        parameters: {
          pullId: second.pullId,
          state: 'done',
          offered: second.offered,
          received: second.received,
          stored: second.stored,
          alreadyHeld: first.stored,
          duplicates: 1,
          invalid: 0,
          withheld: second.withheld.count,
          withheldReason: second.withheld.reason,
        },
      }),
    ]);
    const p = entryOf(second)[0]!.parameters as Record<string, number>;
    expect(p.stored! + p.alreadyHeld! + p.duplicates! + p.invalid! + p.withheld!).toBe(p.offered);
    await ws.close();
  });

  it('counts reads as they arrive, before a full batch is in', async () => {
    // The network boundary: half the reads arrive, then the platform goes
    // quiet (as between its pages, or on a slow link) until the pull is cancelled.
    let arrived = 0;
    const pausingFetch: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!String(input).includes('/reads') || !res.body) return res;
      const lines = (await res.text()).split('\n').filter(Boolean);
      const half = lines.slice(0, Math.floor(lines.length / 2));
      arrived = half.length;
      const body = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(half.map((l) => l + '\n').join('')));
        },
        pull: () =>
          new Promise((_, reject) =>
            init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
          ),
      });
      const headers = new Headers(res.headers);
      headers.delete('content-encoding');
      return new Response(body, { status: res.status, headers });
    };
    // The default batch (5,000 reads) is far larger than this pull.
    const { ws } = makeWorkstation(t.url, { clock: t.clock, deps: { fetch: pausingFetch } });
    await signIn(ws, t.accounts.detective1!, t.clock);
    const { caseId, target } = t.groundTruth.convoy;
    const started = await call<PullStatus>(ws, 'pulls.start', pullRequest(caseId, [target.plate]));
    expect(started.total).toBeGreaterThan(1);
    let seen = started;
    // Waits for the workstation, however loaded the machine; never asserts how long it took.
    for (let i = 0; i < 400 && seen.received === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      seen = await ws.pulls.status(caseId, started.pullId);
    }
    expect(seen.state).toBe('running');
    expect(arrived).toBeGreaterThan(0);
    expect(seen.received).toBe(arrived);
    expect(seen.stored).toBe(arrived);
    await call(ws, 'pulls.cancel', { pullId: started.pullId });
    await ws.close();
  });
});

describe('recovery from a damaged local store', () => {
  it('says what is wrong and what to do, then discards the local copy so the case can be pulled again', async () => {
    const { ws, dataDir } = makeWorkstation(t.url, { clock: t.clock });
    await signIn(ws, t.accounts.detective1!, t.clock);
    const { caseId, target } = t.groundTruth.convoy;
    const first = await call<PullStatus>(ws, 'pulls.start', pullRequest(caseId, [target.plate]));
    await finished(ws, first);
    await ws.stores.close(caseId);
    // Damage the file on disk (a failing disk, an interrupted copy).
    const { readdirSync, openSync, writeSync, closeSync } = await import('node:fs');
    const { join } = await import('node:path');
    const file = join(
      dataDir,
      'cases',
      readdirSync(join(dataDir, 'cases')).find((f) => f.endsWith('.anprcase'))!,
    );
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 8192);
    closeSync(fd);

    await expect(call(ws, 'cases.get', { caseId })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/pull its data again/),
    });
    const discarded = await call<CaseEntry>(ws, 'cases.discardLocal', {
      caseId,
      justification: 'Local copy is damaged; discarding it to pull the case again.',
    });
    expect(discarded.local).toBeNull();
    const again = await call<PullStatus>(ws, 'pulls.start', pullRequest(caseId, [target.plate]));
    expect((await finished(ws, again)).stored).toBe(again.total);
    await ws.close();
  });
});
