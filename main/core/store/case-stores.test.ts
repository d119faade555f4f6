/* Runs against the real Secret Service: scripts/with-keyring.sh npx vitest run main/core/store */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createKeytarStore,
  KeychainAccounts,
  KeychainUnavailableError,
  type SecretStore,
} from '../keychain.ts';
import { CaseStores, type ErasureRecord } from './case-stores.ts';
import {
  InvalidCaseIdError,
  StoreCorruptError,
  StoreKeyMissingError,
  StoreWrongKeyError,
} from './errors.ts';
import { fakeReads } from './fixtures/reads.ts';
import { allFiles, decryptedContains, plaintextHits } from './fixtures/scan.ts';
import { newStoreKey } from './open.ts';
import { caseStorePath } from './paths.ts';

let dataDir: string;
let secrets: SecretStore;
let stores: CaseStores;
let erasures: ErasureRecord[];
const now = new Date('2026-03-10T12:00:00Z');

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'anpr-stores-'));
  secrets = createKeytarStore(`ANPR Workstation (test ${randomBytes(4).toString('hex')})`);
  erasures = [];
  stores = new CaseStores({ dataDir, secrets, onErasure: (r) => void erasures.push(r) });
});
afterEach(async () => {
  await stores.shutdown();
  rmSync(dataDir, { recursive: true, force: true });
});

async function pullInto(caseId: string, reads = fakeReads(0, 2000)) {
  const store = await stores.open(caseId);
  await store.beginPull({ id: 'p1', params: { plates: ['1XYZ987'] }, now });
  await store.insertReads(reads, 'p1', { offset: reads.length }, { now });
  return store;
}

describe('opening a new store from several callers at once', () => {
  it('creates one key: every caller gets a store that the key in the keychain opens', async () => {
    const [a, b, c] = await Promise.all([
      stores.openWorkstation(),
      stores.openWorkstation(),
      stores.openWorkstation(),
    ]);
    await a.setSetting('probe', { n: 1 }, now);
    expect(await b.getSetting('probe')).toEqual({ n: 1 });
    expect(c).toBeDefined();
    const cases = await Promise.all([stores.open('case-race'), stores.open('case-race')]);
    expect(cases.map((s) => s.created)).toEqual([true, true]);
    // After a restart the keychain's keys still open both stores.
    await stores.shutdown();
    stores = new CaseStores({ dataDir, secrets });
    expect(await (await stores.openWorkstation()).getSetting('probe')).toEqual({ n: 1 });
    expect((await stores.open('case-race')).created).toBe(false);
  });
});

describe('no plate, no key in plaintext on disk', () => {
  it('finds neither the planted plate (raw or normalised, utf8 or utf16) nor any key in any file', async () => {
    const planted = fakeReads(5000, 50, { plateRaw: '1-XYZ-987', plate: '1XYZ987' });
    const store = await pullInto('case-scan', [...fakeReads(0, 3000), ...planted]);
    expect(await store.readsByPlate({ plate: '1XYZ987' })).toHaveLength(50);
    const ws = await stores.openWorkstation();
    await ws.setSetting('lastSearch', { plate: '1-XYZ-987' }, now);
    await ws.appendAudit({
      seq: 1,
      prevHash: '0'.repeat(64),
      hash: 'e'.repeat(64),
      body: '{"q":"1XYZ987"}',
      createdAt: now.toISOString(),
    });

    const caseKey = (await secrets.get(KeychainAccounts.case('case-scan')))!;
    const wsKey = (await secrets.get(KeychainAccounts.workstationDb))!;
    expect(caseKey).toMatch(/^[0-9a-f]{64}$/);
    const needles = [
      '1-XYZ-987',
      '1XYZ987',
      caseKey,
      caseKey.toUpperCase(),
      wsKey,
      wsKey.toUpperCase(),
    ];
    const rawKeys = [Buffer.from(caseKey, 'hex'), Buffer.from(wsKey, 'hex')];
    const scan = () => {
      expect(allFiles(dataDir).length).toBeGreaterThanOrEqual(2);
      expect(plaintextHits(dataDir, needles)).toEqual([]);
      for (const f of allFiles(dataDir))
        for (const k of rawKeys) expect(readFileSync(f).includes(k)).toBe(false);
    };

    scan(); // while open: data still in the -wal, -shm present
    // Positive control: the plate is in there, only encrypted.
    expect(decryptedContains(caseStorePath(dataDir, 'case-scan'), caseKey, '1XYZ987')).toBe(true);
    await stores.shutdown();
    scan(); // after close and checkpoint
  });
});

describe('crypto-shredding', () => {
  it('removes the key from the keychain, then the files, and reports the erasure', async () => {
    await pullInto('case-closed');
    expect(await stores.listLocal()).toEqual(['case-closed']);
    const record = await stores.shred('case-closed', 'case-closed', now);

    expect(await secrets.get(KeychainAccounts.case('case-closed'))).toBeNull();
    expect(allFiles(dataDir).filter((f) => f.includes('case-closed'))).toEqual([]);
    expect(record).toMatchObject({
      caseId: 'case-closed',
      reason: 'case-closed',
      keyRemoved: true,
      complete: true,
      problem: null,
      at: now.toISOString(),
    });
    expect(record.filesRemoved).toContain('case-closed.anprcase');
    expect(erasures).toEqual([record]);
    expect(await stores.listLocal()).toEqual([]);
  });
});

describe('crypto-shredding while the keychain is unreachable', () => {
  it('still deletes the files, reports the erasure as incomplete, and completes on retry', async () => {
    await pullInto('case-u');
    let keychainDown = true;
    const flaky: SecretStore = {
      get: (a) => secrets.get(a),
      set: (a, s) => secrets.set(a, s),
      delete: (a) =>
        keychainDown
          ? Promise.reject(
              new KeychainUnavailableError('Could not connect: No such file or directory'),
            )
          : secrets.delete(a),
    };
    const other = new CaseStores({
      dataDir,
      secrets: flaky,
      host: stores.host,
      onErasure: (r) => void erasures.push(r),
    });
    const first = await other.shred('case-u', 'assignment-lost', now);
    expect(first).toMatchObject({ keyRemoved: false, complete: false });
    expect(first.problem).toMatch(/key not removed from the keychain/);
    expect(existsSync(caseStorePath(dataDir, 'case-u'))).toBe(false);

    keychainDown = false;
    const retry = await other.shred('case-u', 'assignment-lost', now);
    expect(retry).toMatchObject({ keyRemoved: true, complete: true, filesRemoved: [] });
    expect(await secrets.get(KeychainAccounts.case('case-u'))).toBeNull();
    expect(erasures).toHaveLength(2);
  });
});

describe('recovery paths', () => {
  it('a store whose key left the keychain: StoreKeyMissingError, then shred + fresh store', async () => {
    await pullInto('case-k');
    await stores.close('case-k');
    await secrets.delete(KeychainAccounts.case('case-k'));

    const error = await stores.open('case-k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreKeyMissingError);
    expect((error as StoreKeyMissingError).recovery).toBe('re-pull');

    await stores.shred('case-k', 'recovery', now);
    const fresh = await stores.open('case-k');
    expect(fresh.created).toBe(true);
    expect(await fresh.readCount()).toBe(0);
  });

  it('a key that does not fit the file: StoreWrongKeyError', async () => {
    await pullInto('case-w');
    await stores.close('case-w');
    await secrets.set(KeychainAccounts.case('case-w'), newStoreKey());
    expect(await stores.open('case-w').catch((e: unknown) => e)).toBeInstanceOf(StoreWrongKeyError);
  });

  it('a damaged store: StoreCorruptError, no crash, then shred + re-pull works', async () => {
    await pullInto('case-c');
    await stores.close('case-c');
    const file = caseStorePath(dataDir, 'case-c');
    const bytes = readFileSync(file);
    bytes.fill(0x55, Math.floor(bytes.length * 0.6), Math.floor(bytes.length * 0.6) + 300);
    writeFileSync(file, bytes);

    const error = await stores.open('case-c').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect((error as Error).message).toMatch(/damaged.*pull the reads again/s);

    await stores.shred('case-c', 'recovery', now);
    expect(existsSync(file)).toBe(false);
    const store = await pullInto('case-c');
    expect(await store.readCount()).toBe(2000);
  });

  it('refuses path-like case ids before touching the keychain or the disk', async () => {
    for (const id of ['../escape', 'a/b', '..']) {
      expect(await stores.open(id).catch((e: unknown) => e)).toBeInstanceOf(InvalidCaseIdError);
    }
    expect(allFiles(dataDir)).toEqual([]);
  });
});
