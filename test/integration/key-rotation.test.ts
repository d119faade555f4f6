import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type AuditStatus, type PullStatus } from '../../common/api/contract.ts';
import type { CaseReads } from '../../common/api/detective-contract.ts';
import { dispatch } from '../../common/api/dispatch.ts';
import type { ApiResult } from '../../common/api/result.ts';
import { createKeytarStore, KeychainAccounts, type SecretStore } from '../../main/core/keychain.ts';
import { CaseStore } from '../../main/core/store/case-store.ts';
import { StoreWrongKeyError } from '../../main/core/store/errors.ts';
import { caseStorePath, workstationDbPath } from '../../main/core/store/paths.ts';
import { WorkstationStore } from '../../main/core/store/workstation-store.ts';
import type { Workstation } from '../../main/core/workstation.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { makeWorkstation, signIn } from './support.ts';

/**
 * On-demand key rotation through the typed API (#15 item 9), as the Settings
 * dialog asks for it: `keys.rotate` re-encrypts every case store and the
 * workstation database under fresh keys. Afterwards the old keys (from a
 * keychain backup, say) open nothing, the data reads as before through the
 * new ones, and the local audit chain names who rotated what and why.
 */
let t: TestReference;
let ws: Workstation;
let dataDir: string;
let secrets: SecretStore;
const DAY = 86_400_000;
const WHY = 'Convoy suspect: route of the lead vehicle needed to reconstruct the trafficking run.';

/** One call as the renderer makes it: argument and result checked against the contract. */
function call(name: string, input: unknown): Promise<ApiResult<unknown>> {
  return dispatch(contract, ws.handlers, name, input, { transport: 'browser' });
}
async function api<T>(name: string, input: unknown): Promise<T> {
  const res = await call(name, input);
  if (!res.ok) throw new Error(`${name}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}

beforeAll(async () => {
  t = await startTestReference();
  // A keychain of its own, so the test can read the keys before and after.
  secrets = createKeytarStore(`ANPR Workstation (test ${randomBytes(4).toString('hex')})`);
  const made = makeWorkstation(t.url, { clock: t.clock, deps: { secrets } });
  ws = made.ws;
  dataDir = made.dataDir;
}, 180_000);
afterAll(async () => {
  await ws?.close();
  await t?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('keys.rotate', () => {
  it('is refused without a signed-in officer', async () => {
    const res = await call('keys.rotate', {});
    expect(res).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('re-encrypts the case stores and the workstation database: the old keys open nothing, the data stays, the chain says who and why', async () => {
    await signIn(ws, t.accounts.detective1!, t.clock);
    const { caseId, target } = t.groundTruth.convoy;
    const now = t.clock().getTime();
    const started = await api<PullStatus>('pulls.start', {
      caseId,
      offenceType: 'be-organised',
      reasonCode: 'suspect-vehicle',
      justification: WHY,
      query: {
        kind: 'plates',
        plates: [target.plate],
        range: { from: new Date(now - 29 * DAY).toISOString(), to: new Date(now).toISOString() },
      },
    });
    await ws.pulls.settled(started.pullId);
    const before = await api<CaseReads>('detective.reads', { caseId });
    expect(before.total).toBeGreaterThan(0);

    const caseAccount = KeychainAccounts.case(caseId);
    const oldCaseKey = (await secrets.get(caseAccount))!;
    const oldWorkstationKey = (await secrets.get(KeychainAccounts.workstationDb))!;
    expect(oldCaseKey).toBeTruthy();
    expect(oldWorkstationKey).toBeTruthy();

    const justification = 'Laptop left unattended at court this morning; renewing the keys.';
    const rotated = await api<{ rotated: string[]; failures: unknown[]; at: string }>(
      'keys.rotate',
      { justification },
    );
    expect(rotated.rotated).toEqual(['workstation', caseId]);
    expect(rotated.failures).toEqual([]);
    // Stamped on the workstation's clock (the test's), not the day the suite runs.
    expect(Math.abs(Date.parse(rotated.at) - t.clock().getTime())).toBeLessThan(DAY);

    const newCaseKey = (await secrets.get(caseAccount))!;
    const newWorkstationKey = (await secrets.get(KeychainAccounts.workstationDb))!;
    expect(newCaseKey).not.toBe(oldCaseKey);
    expect(newWorkstationKey).not.toBe(oldWorkstationKey);
    // No key waits half-way: the rotation finished.
    expect(await secrets.get(KeychainAccounts.pending(caseAccount))).toBeNull();

    // The old keys, from a keychain backup say, open nothing any more.
    expect(() => CaseStore.open(caseStorePath(dataDir, caseId), oldCaseKey)).toThrow(
      StoreWrongKeyError,
    );
    expect(() => WorkstationStore.open(workstationDbPath(dataDir), oldWorkstationKey)).toThrow(
      StoreWrongKeyError,
    );

    // Through the new keys, the officer sees the same reads as before.
    const after = await api<CaseReads>('detective.reads', { caseId });
    expect(after.total).toBe(before.total);
    expect(after.reads.map((r) => r.id)).toEqual(before.reads.map((r) => r.id));

    // Each store's rotation is in the local chain, before it happened, as the officer's act.
    const bodies = (await ws.stores.host.workstation().auditEntries(0, 10_000)).map(
      (e) => JSON.parse(e.body) as Record<string, unknown>,
    );
    const rotations = bodies.filter((b) => b.action === 'keys.rotate');
    expect(rotations.map((b) => b.caseId)).toEqual([null, caseId]);
    for (const b of rotations) {
      expect(b).toMatchObject({
        operation: 'alteration',
        reasonCode: 'on-demand',
        justification,
        outcome: 'allowed',
        actor: { username: t.accounts.detective1!.username },
      });
    }
    const status = await api<AuditStatus>('audit.status', { verify: true });
    expect(status.chain).toMatchObject({ ok: true });
  }, 180_000);

  it('refuses an argument outside the contract before any key moves', async () => {
    const before = await secrets.get(KeychainAccounts.workstationDb);
    for (const input of [{ justification: 'x'.repeat(1001) }, { force: false }]) {
      expect(await call('keys.rotate', input)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT' },
      });
    }
    expect(await secrets.get(KeychainAccounts.workstationDb)).toBe(before);
  });
});
