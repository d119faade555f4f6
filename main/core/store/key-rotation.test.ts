/* Runs against the real Secret Service: scripts/with-keyring.sh npx vitest run main/core/store/key-rotation.test.ts */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeytarStore, KeychainAccounts, type SecretStore } from '../keychain.ts';
import { CaseStore } from './case-store.ts';
import { CaseStores } from './case-stores.ts';
import { StoreWrongKeyError } from './errors.ts';
import { fakeReads } from './fixtures/reads.ts';
import { caseStorePath, workstationDbPath } from './paths.ts';
import { WorkstationStore } from './workstation-store.ts';

let dataDir: string;
let secrets: SecretStore;
let stores: CaseStores;
const now = new Date('2026-03-10T12:00:00Z');
const CASE = 'case-rot';
const account = KeychainAccounts.case(CASE);
const pending = KeychainAccounts.pending(account);

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'anpr-rotate-'));
  secrets = createKeytarStore(`ANPR Workstation (test ${randomBytes(4).toString('hex')})`);
  stores = new CaseStores({ dataDir, secrets });
});
afterEach(async () => {
  await stores.shutdown();
  rmSync(dataDir, { recursive: true, force: true });
});

async function pullInto(s: CaseStores, n = 1500) {
  const store = await s.open(CASE);
  await store.beginPull({ id: 'p1', params: { plates: ['1XYZ987'] }, now });
  const reads = fakeReads(0, n);
  await store.insertReads(reads, 'p1', { offset: n }, { now });
  return store;
}

/** What the process's death leaves: the worker gone, a new process opening the same folder. */
async function restart(with_: SecretStore = secrets): Promise<CaseStores> {
  await stores.shutdown();
  stores = new CaseStores({ dataDir, secrets: with_ });
  return stores;
}

/**
 * The real keychain, except that the process "dies" (throws, and nothing
 * after runs) when rotation reaches the named step.
 */
function dyingAt(step: 'rekey' | 'promote' | 'cleanup'): SecretStore {
  return {
    get: (a) => secrets.get(a),
    set: async (a, v) => {
      if (step === 'promote' && a === account) throw new Error('process killed before promoting');
      await secrets.set(a, v);
      if (step === 'rekey' && a === pending) throw new Error('process killed before the rekey');
    },
    delete: async (a) => {
      if (step === 'cleanup' && a === pending) throw new Error('process killed before cleanup');
      return secrets.delete(a);
    },
  };
}

describe('case store key rotation', () => {
  it('re-encrypts the store under a new key: the data stays, the old key fails', async () => {
    await pullInto(stores);
    const oldKey = (await secrets.get(account))!;
    await stores.rotateCaseKey(CASE);
    const newKey = (await secrets.get(account))!;
    expect(newKey).toMatch(/^[0-9a-f]{64}$/);
    expect(newKey).not.toBe(oldKey);
    expect(await secrets.get(pending)).toBeNull();
    // Still usable in this session, and after a restart with the keychain's key.
    expect(await stores.get(CASE).readCount()).toBe(1500);
    await restart();
    expect(await (await stores.open(CASE)).readCount()).toBe(1500);
    await stores.shutdown();
    // The old key, say from a keychain backup, opens nothing any more.
    expect(() => CaseStore.open(caseStorePath(dataDir, CASE), oldKey)).toThrow(StoreWrongKeyError);
    const direct = CaseStore.open(caseStorePath(dataDir, CASE), newKey);
    expect(direct.readCount()).toBe(1500);
    direct.close();
  });

  it('keeps writing in WAL mode after the rotation (the store went out of WAL and back)', async () => {
    const store = await pullInto(stores, 200);
    await stores.rotateCaseKey(CASE);
    await store.beginPull({ id: 'p2', params: {}, now });
    await store.insertReads(fakeReads(200, 300), 'p2', { offset: 300 }, { now });
    expect(await store.readCount()).toBe(500);
    await stores.shutdown();
    const direct = CaseStore.open(caseStorePath(dataDir, CASE), (await secrets.get(account))!);
    expect(direct.db.pragma('journal_mode', { simple: true })).toBe('wal');
    direct.close();
  });

  it.each(['rekey', 'promote', 'cleanup'] as const)(
    'a crash before the %s step leaves a store the next start opens, with one key left',
    async (step) => {
      await pullInto(stores);
      const oldKey = (await secrets.get(account))!;
      const dying = new CaseStores({ dataDir, secrets: dyingAt(step), host: stores.host });
      await expect(dying.rotateCaseKey(CASE)).rejects.toThrow(/process killed/);
      // Both keys are held while the outcome is unconfirmed.
      expect(await secrets.get(pending)).toMatch(/^[0-9a-f]{64}$/);
      await restart();
      expect(await (await stores.open(CASE)).readCount()).toBe(1500);
      expect(await secrets.get(pending)).toBeNull();
      const key = (await secrets.get(account))!;
      // Before the rekey the old key is still the key; after it, the new one is, and the old fails.
      if (step === 'rekey') expect(key).toBe(oldKey);
      else {
        expect(key).not.toBe(oldKey);
        await stores.shutdown();
        expect(() => CaseStore.open(caseStorePath(dataDir, CASE), oldKey)).toThrow(
          StoreWrongKeyError,
        );
      }
    },
  );
});

describe('workstation database key rotation', () => {
  it('re-encrypts the workstation database: settings stay, the old key fails', async () => {
    const ws = await stores.openWorkstation();
    await ws.setSetting('probe', { kept: true }, now);
    const oldKey = (await secrets.get(KeychainAccounts.workstationDb))!;
    await stores.rotateWorkstationKey();
    expect(await ws.getSetting('probe')).toEqual({ kept: true });
    await restart();
    expect(await (await stores.openWorkstation()).getSetting('probe')).toEqual({ kept: true });
    await stores.shutdown();
    expect(() => WorkstationStore.open(workstationDbPath(dataDir), oldKey)).toThrow(
      StoreWrongKeyError,
    );
    expect(await secrets.get(KeychainAccounts.pending(KeychainAccounts.workstationDb))).toBeNull();
  });
});
