import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEntry, CaseNotice, PullStatus } from '../../common/api/contract.ts';
import { formatPlate } from '../../common/plates.ts';
import { createKeytarStore, KeychainAccounts } from '../../main/core/keychain.ts';
import { caseStorePath } from '../../main/core/store/paths.ts';
import { loginHeadless } from '../../platform/testing/login.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { call, filesContaining, makeWorkstation, signIn } from './support.ts';

/**
 * Case lifecycle on the workstation (#14 item 2): when the platform closes a
 * case or unassigns the officer, their workstation learns it at its next
 * contact, crypto-shreds its copy (key first, then files), logs the erasure in
 * its own chain and tells the officer why the case left their list. While the
 * platform cannot be asked, nothing is shredded.
 */
let t: TestReference;
beforeAll(async () => {
  t = await startTestReference();
}, 180_000);
afterAll(() => t?.close());

/** The network boundary of the data API: offline, the workstation's calls fail as a refused connection would. */
let online = true;
const switchableFetch: typeof fetch = async (input, init) => {
  if (!online) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
  return fetch(input, init);
};

/** admin1 through the administration API (#14 item 1), as an agency's administrator does it. */
async function admin(path: string, body: unknown): Promise<Record<string, unknown>> {
  const account = t.accounts.admin1!;
  t.clock.advance(30_000); // a fresh TOTP step for each sign-in
  const { accessToken } = await loginHeadless({
    issuer: t.issuer,
    username: account.username,
    password: account.password,
    totpSecret: account.totpSecret,
    totpTime: t.clock(),
  });
  const res = await fetch(new URL(path, t.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as Record<string, unknown>;
  expect({ status: res.status, answer }).toMatchObject({ status: 200 });
  return answer;
}

type Listed = { cases: CaseEntry[]; offline: boolean; notices: CaseNotice[] };

async function detective2WithCase(label: string) {
  const d2 = t.accounts.detective2!;
  // A case of its own per test, so closing or unassigning touches nothing else.
  const c = await t.ref.store.createCase(
    {
      number: `TEST.LC.${label}/${Math.random().toString(16).slice(2, 8)}`,
      title: `Lifecycle ${label}: convoy suspect vehicle`,
      offence: 'Trafficking in narcotics (Act of 24 February 1921, art. 2bis)',
      legalBasis: 'Code of Criminal Procedure art. 28bis',
      purpose: 'judicial',
      assignedOfficers: [d2.id, t.accounts.detective1!.id],
    },
    { now: t.clock() },
  );
  // A keychain of this test's own, so "its key is gone" is read from the real keychain.
  const secrets = createKeytarStore(
    `ANPR Workstation (test ${Math.random().toString(16).slice(2, 10)})`,
  );
  const { ws, dataDir } = makeWorkstation(t.url, {
    clock: t.clock,
    deps: { secrets, fetch: switchableFetch },
  });
  await signIn(ws, d2, t.clock);
  const { target } = t.groundTruth.convoy;
  const now = t.clock().getTime();
  const started = await call<PullStatus>(ws, 'pulls.start', {
    caseId: c.id,
    offenceType: 'be-drugs',
    reasonCode: 'suspect-vehicle',
    justification:
      'Suspect vehicle of the convoy drug trafficking case; its route for the hearing.',
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
  const done = await ws.pulls.status(c.id, started.pullId);
  expect(done).toMatchObject({ state: 'done' });
  expect(done.stored).toBeGreaterThan(0);
  const listed = await call<Listed>(ws, 'cases.list');
  expect(listed.cases.find((e) => e.case.id === c.id)?.local?.reads).toBe(done.stored);
  expect(existsSync(caseStorePath(dataDir, c.id))).toBe(true);
  expect(await secrets.get(KeychainAccounts.case(c.id))).not.toBeNull();
  const plates = [target.plate, formatPlate(target.plate, target.country)];
  return { ws, dataDir, secrets, caseId: c.id, number: c.number, plates };
}

type Setup = Awaited<ReturnType<typeof detective2WithCase>>;

/** After the shred: no case in the list, no key, no file, no plaintext plate, the erasure in the local chain. */
async function expectErased(s: Setup, listed: Listed, reasonCode: string) {
  expect(listed.offline).toBe(false);
  expect(listed.cases.map((e) => e.case.id)).not.toContain(s.caseId);
  expect(await s.secrets.get(KeychainAccounts.case(s.caseId))).toBeNull();
  expect(existsSync(caseStorePath(s.dataDir, s.caseId))).toBe(false);
  // The local chain, as delivered to the platform: one erasure entry, counts only.
  const { deviceId } = await call<{ deviceId: string }>(s.ws, 'audit.sync', {});
  const erasures = t.ref.audit
    .list({ chain: deviceId, limit: 500 })
    .entries.filter((e) => e.body.action === 'case.shred' && e.body.caseId === s.caseId);
  expect(erasures).toHaveLength(1);
  expect(erasures[0]!.body).toMatchObject({
    operation: 'erasure',
    reasonCode,
    outcome: 'allowed',
    parameters: { keyRemoved: true, complete: true },
  });
  const body = JSON.stringify(erasures[0]!.body);
  for (const p of s.plates) expect(body).not.toContain(p);

  await s.ws.stores.shutdown(); // close files so the scan sees everything on disk
  expect(filesContaining(s.dataDir, s.plates)).toEqual([]);
}

/** The notice stays until dismissed, then is not shown again. */
async function expectDismissable(s: Setup) {
  const again = await call<Listed>(s.ws, 'cases.list');
  expect(again.notices.map((n) => n.caseId)).toContain(s.caseId);
  const after = await call<{ notices: CaseNotice[] }>(s.ws, 'cases.dismissNotice', {
    caseId: s.caseId,
  });
  expect(after.notices.map((n) => n.caseId)).not.toContain(s.caseId);
  expect((await call<Listed>(s.ws, 'cases.list')).notices.map((n) => n.caseId)).not.toContain(
    s.caseId,
  );
}

describe('a case that leaves the officer', () => {
  it('closed on the platform: shredded at the next contact, not while offline, and the officer is told why', async () => {
    const s = await detective2WithCase('closed');
    try {
      // The platform cannot be asked: the case is closed meanwhile, but nothing goes.
      online = false;
      const closed = await admin(`/api/v1/admin/cases/${s.caseId}/close`, {
        reason: 'Suspects convicted; the court file holds the evidence.',
        justification: 'Closure ordered by the prosecutor after the judgment of 20 November.',
      });
      const offline = await call<Listed>(s.ws, 'cases.list');
      expect(offline.offline).toBe(true);
      expect(offline.cases.map((e) => e.case.id)).toContain(s.caseId);
      expect(offline.notices).toEqual([]);
      expect(await s.secrets.get(KeychainAccounts.case(s.caseId))).not.toBeNull();
      expect(existsSync(caseStorePath(s.dataDir, s.caseId))).toBe(true);

      // Next contact.
      online = true;
      const listed = await call<Listed>(s.ws, 'cases.list');
      expect(listed.notices).toEqual([
        {
          caseId: s.caseId,
          number: s.number,
          title: 'Lifecycle closed: convoy suspect vehicle',
          reason: 'closed',
          at: closed.closedAt,
          closeReason: 'Suspects convicted; the court file holds the evidence.',
          localCopyErased: true,
        },
      ]);
      await expectDismissable(s);
      await expectErased(s, listed, 'case-closed');
    } finally {
      online = true;
      await s.ws.close();
    }
  });

  it('unassigned on the platform: shredded at the next contact and the officer is told why', async () => {
    const s = await detective2WithCase('unassigned');
    try {
      await admin(`/api/v1/admin/cases/${s.caseId}/officers/detective2/unassign`, {
        justification: 'Insp. Dubois moved to another unit; he no longer works on this case.',
      });
      const listed = await call<Listed>(s.ws, 'cases.list');
      expect(listed.notices).toEqual([
        expect.objectContaining({
          caseId: s.caseId,
          number: s.number,
          reason: 'unassigned',
          at: null,
          localCopyErased: true,
        }),
      ]);
      await expectDismissable(s);
      await expectErased(s, listed, 'assignment-lost');
      // The case goes on for the officer still assigned.
      expect((await t.ref.store.getCase(s.caseId)).status).toBe('open');
    } finally {
      await s.ws.close();
    }
  });
});
