import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullStatus } from '../../common/api/contract.ts';
import type { OversightSummary } from '../../common/oversight-api.ts';
import { KeychainAccounts } from '../../main/core/keychain.ts';
import { DEPROVISIONED_FILE } from '../../main/core/retention/deprovision.ts';
import {
  failingDiskWorkerUrl,
  setWorkstationDisk,
} from '../../main/core/store/fixtures/failing-disk.ts';
import { caseStorePath, workstationDbPath } from '../../main/core/store/paths.ts';
import { runCli } from '../../platform/cli.ts';
import { loginHeadless } from '../../platform/testing/login.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { call, makeWorkstation, signIn } from './support.ts';

/**
 * #15 items 8 and 9 end to end: an audit entry that cannot be written stops
 * the action and reaches the supervisors as a flag; a workstation revoked on
 * the platform crypto-shreds everything at its next contact, and the
 * platform's chain holds the erasure.
 */
let t: TestReference;
beforeAll(async () => {
  t = await startTestReference();
}, 180_000);
afterAll(() => t?.close());

const JUSTIFICATION = 'Suspect vehicle of the convoy investigation; route needed for the hearing.';
const DAY = 86_400_000;

function pullRequest(caseId: string, plates: string[]) {
  const now = t.clock().getTime();
  return {
    caseId,
    // Offence types from the policy pack (#15 item 5), where the working tree has them.
    offenceType: 'be-vehicle',
    reasonCode: 'suspect-vehicle',
    justification: JUSTIFICATION,
    query: {
      kind: 'plates',
      plates,
      range: { from: new Date(now - 29 * DAY).toISOString(), to: new Date(now).toISOString() },
    },
  };
}

async function supervisorGet<T>(path: string): Promise<T> {
  const account = t.accounts.supervisor1!;
  t.clock.advance(30_000);
  const { accessToken } = await loginHeadless({
    issuer: t.issuer,
    username: account.username,
    password: account.password,
    totpSecret: account.totpSecret,
    totpTime: t.clock(),
  });
  const res = await fetch(new URL(path, t.url), {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

function platformEntries(action: string) {
  return t.ref.audit
    .list({ chain: 'platform', limit: 500 })
    .entries.filter((e) => e.body.action === action);
}

describe('an audit entry that cannot be written stops the action', () => {
  it('refuses a pull while the audit database is read-only, stores nothing, and reports it to the supervisors', async () => {
    const { ws } = makeWorkstation(t.url, {
      clock: t.clock,
      deps: { storeWorkerUrl: failingDiskWorkerUrl },
    });
    try {
      await signIn(ws, t.accounts.detective1!, t.clock);
      await call(ws, 'audit.status', {}); // the audit log is open
      expect(await setWorkstationDisk('read-only')).toBe(true);
      const { caseId, target } = t.groundTruth.convoy;
      const before = platformEntries('audit.workstation-failure').length;

      const refused = call(ws, 'pulls.start', pullRequest(caseId, [target.plate]));
      await expect(refused).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        message: expect.stringMatching(/not carried out.*audit log.*cannot be written/s),
      });
      await expect(refused).rejects.not.toMatchObject({ message: expect.stringMatching(/SQLITE/) });
      // Audit first, then act: not one read reached this workstation.
      expect(await ws.stores.listLocal()).not.toContain(caseId);

      // Reported at the next contact (a sync), though the sync itself cannot mark anything delivered.
      await call(ws, 'audit.sync', {}).catch(() => undefined);
      const reported = platformEntries('audit.workstation-failure');
      expect(reported.length).toBe(before + 1);
      expect(reported[0]!.body).toMatchObject({
        actor: { username: t.accounts.detective1!.username },
        caseId,
        outcome: 'error',
        parameters: { failedAction: 'case.pull', cause: 'read-only' },
      });

      const now = t.clock().getTime();
      const summary = await supervisorGet<OversightSummary>(
        `/api/v1/oversight/summary?from=${new Date(now - DAY).toISOString()}&to=${new Date(now).toISOString()}`,
      );
      const flag = summary.flags.find((f) => f.kind === 'audit-failure');
      expect(flag).toMatchObject({ severity: 'high', username: t.accounts.detective1!.username });
      expect(flag!.explanation).toContain('case.pull');

      // Writable again: the same pull goes ahead and is logged.
      await setWorkstationDisk('writable');
      const started = await call<PullStatus>(
        ws,
        'pulls.start',
        pullRequest(caseId, [target.plate]),
      );
      await ws.pulls.settled(started.pullId);
      expect((await ws.pulls.status(caseId, started.pullId)).state).toBe('done');
    } finally {
      await setWorkstationDisk('writable');
      await ws.close();
    }
  });

  it('leaves a pull whose outcome could not be logged failed, reports it, and logs the outcome on resume', async () => {
    // The pull's stream waits at the network boundary until the audit database
    // is read-only, so it fails between the pull's own entry and its outcome
    // entry. (A full disk is tested on the audit log itself, where the pages
    // can be filled exactly: main/core/audit/audit-failure.test.ts.)
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const gatedFetch: typeof fetch = async (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes('/reads')) await gate;
      return fetch(input, init);
    };
    const { ws } = makeWorkstation(t.url, {
      clock: t.clock,
      deps: { storeWorkerUrl: failingDiskWorkerUrl, fetch: gatedFetch },
    });
    try {
      await signIn(ws, t.accounts.detective1!, t.clock);
      const { caseId, target } = t.groundTruth.convoy;
      const started = await call<PullStatus>(
        ws,
        'pulls.start',
        pullRequest(caseId, [target.plate]),
      );
      expect(await setWorkstationDisk('read-only')).toBe(true);
      release();
      await ws.pulls.settled(started.pullId);
      const unconfirmed = await ws.pulls.status(caseId, started.pullId);
      expect(unconfirmed.state).toBe('failed');
      expect(unconfirmed.error).toMatch(
        /outcome could not be written to the audit log.*read-only/s,
      );

      await setWorkstationDisk('writable');
      const resumed = await call<PullStatus>(ws, 'pulls.resume', { pullId: started.pullId });
      await ws.pulls.settled(resumed.pullId);
      expect(await ws.pulls.status(caseId, started.pullId)).toMatchObject({
        state: 'done',
        stored: started.total,
      });
      const entries = await ws.stores.host.workstation().auditEntries(0, 10_000);
      const outcomes = entries
        .map((e) => JSON.parse(e.body) as { action: string; parameters: { pullId?: string } })
        .filter(
          (b) => b.action === 'case.pull-completed' && b.parameters.pullId === started.pullId,
        );
      expect(outcomes).toHaveLength(1);
      await call(ws, 'audit.sync', {});
      expect(
        platformEntries('audit.workstation-failure').map((e) => e.body.parameters),
      ).toContainEqual(
        expect.objectContaining({ failedAction: 'case.pull-completed', cause: 'read-only' }),
      );
    } finally {
      release();
      await setWorkstationDisk('writable');
      await ws.close();
    }
  });
});

describe('remote deprovisioning', () => {
  it('revoked on the platform, the workstation crypto-shreds every store at its next contact and the platform logs the erasure', async () => {
    const secrets = (await import('../../main/core/keychain.ts')).createKeytarStore(
      `ANPR Workstation (test ${Math.random().toString(16).slice(2, 10)})`,
    );
    const { ws, dataDir } = makeWorkstation(t.url, { clock: t.clock, deps: { secrets } });
    await signIn(ws, t.accounts.detective1!, t.clock);
    const { caseId, target } = t.groundTruth.convoy;
    const started = await call<PullStatus>(ws, 'pulls.start', pullRequest(caseId, [target.plate]));
    await ws.pulls.settled(started.pullId);
    const status = await call<{ deviceId: string }>(ws, 'audit.sync', {});
    expect(existsSync(caseStorePath(dataDir, caseId))).toBe(true);
    expect(await secrets.get(KeychainAccounts.case(caseId))).not.toBeNull();

    // The administrator revokes the lost workstation with the platform's CLI.
    const out: string[] = [];
    const code = await runCli(
      [
        'devices',
        'revoke',
        status.deviceId,
        '--reason',
        'Laptop reported stolen from a car',
        '--data-dir',
        t.dataDir,
      ],
      { out: (l) => out.push(l), err: (l) => out.push(l), env: process.env, clock: t.clock },
    ).catch((e: unknown) => {
      out.push(String(e));
      return -1;
    });
    expect({ code, out }).toMatchObject({ code: 0 });

    // Next contact.
    await expect(call(ws, 'audit.sync', {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await secrets.get(KeychainAccounts.case(caseId))).toBeNull();
    expect(await secrets.get(KeychainAccounts.workstationDb)).toBeNull();
    expect(await secrets.get(KeychainAccounts.deviceSigningKey)).toBeNull();
    expect(existsSync(caseStorePath(dataDir, caseId))).toBe(false);
    expect(existsSync(workstationDbPath(dataDir))).toBe(false);
    const left = existsSync(join(dataDir, 'cases')) ? readdirSync(join(dataDir, 'cases')) : [];
    expect(left).toEqual([]);
    expect(existsSync(join(dataDir, DEPROVISIONED_FILE))).toBe(true);

    // The platform holds the order, the device's report and, in the device chain, each case's shred.
    expect(platformEntries('device.revoke').at(0)?.body.parameters).toMatchObject({
      deviceId: status.deviceId,
    });
    expect(platformEntries('device.erasure-ordered').length).toBeGreaterThan(0);
    expect(platformEntries('device.erased').at(0)?.body).toMatchObject({
      outcome: 'allowed',
      parameters: { deviceId: status.deviceId, cases: 1, casesComplete: 1, workstationDb: true },
    });
    const deviceChain = t.ref.audit.list({ chain: status.deviceId, limit: 500 }).entries;
    expect(
      deviceChain.some(
        (e) =>
          e.body.action === 'case.shred' &&
          e.body.caseId === caseId &&
          e.body.reasonCode === 'deprovisioned',
      ),
    ).toBe(true);

    // The workstation does not start over as a new device.
    await expect(call(ws, 'audit.status', {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await ws.close();
  });
});
