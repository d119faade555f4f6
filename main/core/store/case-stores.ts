/**
 * The local case stores of this workstation: keys in the keychain, data in
 * one encrypted file per case under `<dataDir>/cases/`, all database work in
 * the storage worker.
 *
 * Crypto-shredding (case closed, assignment lost, or recovery from a damaged
 * store) deletes the key from the keychain FIRST: from that moment the file is
 * unreadable even if deleting it fails or a copy survives in a backup. Then
 * the file and its companions are deleted, and the erasure is reported to
 * `onErasure` (which writes it to the audit chain).
 *
 * Key rotation (rotateCaseKey, rotateWorkstationKey) never leaves a file
 * without a key that opens it: the new key is saved in the keychain under
 * `<account>:next` first, then the file is re-encrypted, then the new key
 * replaces the old under `<account>`, then `<account>:next` is removed. A
 * crash between any two steps is repaired at the next open, which tries the
 * current key and, if the file was already re-encrypted, the pending one.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { KeychainAccounts, KeychainUnavailableError, type SecretStore } from '../keychain.ts';
import { StoreHost, type RemoteCaseStore, type RemoteWorkstationStore } from './client.ts';
import { StoreError, StoreKeyMissingError, StoreWrongKeyError } from './errors.ts';
import { isStoreKey, newStoreKey } from './open.ts';
import {
  assertCaseId,
  caseIdFromFileName,
  caseStorePath,
  casesDir,
  storeFiles,
  workstationDbPath,
} from './paths.ts';

export type ErasureReason =
  'case-closed' | 'assignment-lost' | 'recovery' | 'retention' | 'deprovisioned';

export interface ErasureRecord {
  caseId: string;
  reason: ErasureReason;
  at: string;
  /** No key for this case remains in the keychain. */
  keyRemoved: boolean;
  /** Names of the files deleted (store, -wal, -shm). */
  filesRemoved: string[];
  /** Key and file both gone. If false, call shred again once the keychain is reachable. */
  complete: boolean;
  /** Why the erasure is incomplete (never contains a secret). */
  problem: string | null;
}

export interface CaseStoresOptions {
  dataDir: string;
  secrets: SecretStore;
  host?: StoreHost;
  /** Erasure log hook (audit chain). Awaited: shred() fails if logging fails. */
  onErasure?: (record: ErasureRecord) => void | Promise<void>;
}

export type OpenedCase = RemoteCaseStore & { readonly created: boolean };

export class CaseStores {
  readonly dataDir: string;
  readonly host: StoreHost;
  private readonly secrets: SecretStore;
  private readonly onErasure: CaseStoresOptions['onErasure'];
  /** Opens in flight, by keychain account (see `singleFlight`). */
  private readonly opening = new Map<string, Promise<unknown>>();

  constructor(options: CaseStoresOptions) {
    this.dataDir = options.dataDir;
    this.secrets = options.secrets;
    this.host = options.host ?? new StoreHost({ dataDir: options.dataDir });
    this.onErasure = options.onErasure;
  }

  /**
   * Opens the case's store, creating it (and its key) on first use. The key is
   * stored in the keychain before the file exists, so there is never a store
   * whose key was not saved. Throws KeychainUnavailableError (nothing written),
   * StoreKeyMissingError, StoreWrongKeyError or StoreCorruptError; the last
   * three are recovered by shred(caseId, 'recovery') and a new pull.
   */
  async open(caseId: string): Promise<OpenedCase> {
    assertCaseId(caseId);
    const account = KeychainAccounts.case(caseId);
    return this.singleFlight(account, () => this.openCaseOnce(caseId, account));
  }

  /**
   * One open per store at a time: two first opens of a new store would each
   * see no key, each create one, and the second would overwrite the first in
   * the keychain after the file was created with it, leaving a store no key
   * opens. Callers that arrive while an open runs share its result.
   */
  private singleFlight<T>(account: string, open: () => Promise<T>): Promise<T> {
    const running = this.opening.get(account) as Promise<T> | undefined;
    if (running) return running;
    const started = open().finally(() => this.opening.delete(account));
    this.opening.set(account, started);
    return started;
  }

  private async openCaseOnce(caseId: string, account: string): Promise<OpenedCase> {
    let key = await this.secrets.get(account);
    const hasFile = await nonEmptyFile(caseStorePath(this.dataDir, caseId));
    const next = hasFile ? await this.secrets.get(KeychainAccounts.pending(account)) : null;
    if (!isStoreKey(key) && !isStoreKey(next)) {
      if (hasFile)
        throw new StoreKeyMissingError(
          undefined,
          key === null ? 'no keychain entry' : 'malformed keychain entry',
        );
      key = newStoreKey();
      await this.secrets.set(account, key);
    }
    const { created } = await this.openRecovering(account, key, next, (k) =>
      this.host.openCase(caseId, k),
    );
    return Object.assign(this.host.case(caseId), { created });
  }

  /** The store of an already opened case (no keychain access). */
  get(caseId: string): RemoteCaseStore {
    assertCaseId(caseId);
    return this.host.case(caseId);
  }

  async close(caseId: string): Promise<void> {
    await this.host.closeCase(caseId);
  }

  async shred(caseId: string, reason: ErasureReason, now: Date): Promise<ErasureRecord> {
    assertCaseId(caseId);
    await this.host.closeCase(caseId);
    let keyRemoved = false;
    let problem: string | null = null;
    try {
      await this.secrets.delete(KeychainAccounts.case(caseId));
      // A rotation's pending key opens the file just as well.
      await this.secrets.delete(KeychainAccounts.pending(KeychainAccounts.case(caseId)));
      keyRemoved = true;
    } catch (error) {
      if (!(error instanceof KeychainUnavailableError)) throw error;
      // Still delete the file: without it the data is gone from this disk; the key is retried later.
      problem = `key not removed from the keychain: ${error.detail}`;
    }
    const filesRemoved = await this.host.shredCase(caseId);
    const fileGone = !(await nonEmptyFile(caseStorePath(this.dataDir, caseId)));
    if (!fileGone)
      problem = [problem, 'store file could not be deleted'].filter(Boolean).join('; ');
    const record: ErasureRecord = {
      caseId,
      reason,
      at: now.toISOString(),
      keyRemoved,
      filesRemoved,
      complete: keyRemoved && fileGone,
      problem,
    };
    await this.onErasure?.(record);
    return record;
  }

  /** Case ids that have a store file on this workstation. */
  async listLocal(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(casesDir(this.dataDir));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names
      .map(caseIdFromFileName)
      .filter((id): id is string => id !== null)
      .sort();
  }

  /** Opens the workstation database (settings, sync state, audit queue), creating its key on first use. */
  async openWorkstation(): Promise<RemoteWorkstationStore> {
    const account = KeychainAccounts.workstationDb;
    return this.singleFlight(account, () => this.openWorkstationOnce(account));
  }

  private async openWorkstationOnce(account: string): Promise<RemoteWorkstationStore> {
    let key = await this.secrets.get(account);
    const hasFile = await nonEmptyFile(workstationDbPath(this.dataDir));
    const next = hasFile ? await this.secrets.get(KeychainAccounts.pending(account)) : null;
    if (!isStoreKey(key) && !isStoreKey(next)) {
      if (hasFile) {
        throw new StoreKeyMissingError(
          "The workstation database exists, but its key is missing from this computer's keychain (the keychain was " +
            'reset or the data folder was copied from elsewhere). Local settings and audit entries not yet delivered ' +
            'to the platform cannot be read. Contact your IT support before deleting anything.',
          key === null ? 'no keychain entry' : 'malformed keychain entry',
        );
      }
      key = newStoreKey();
      await this.secrets.set(account, key);
    }
    await this.openRecovering(account, key, next, (k) => this.host.openWorkstation(k));
    return this.host.workstation();
  }

  /**
   * Re-encrypts the case's local store under a fresh key (see the class
   * comment for the order of steps). Afterwards the old key opens nothing.
   */
  async rotateCaseKey(caseId: string): Promise<void> {
    assertCaseId(caseId);
    if (!(await nonEmptyFile(caseStorePath(this.dataDir, caseId))))
      throw new StoreError(
        'This case has no local copy on this workstation: it has no key to change.',
      );
    await this.open(caseId);
    await this.rotate(KeychainAccounts.case(caseId), (k) => this.host.rekeyCase(caseId, k));
  }

  /** Re-encrypts the workstation database under a fresh key. */
  async rotateWorkstationKey(): Promise<void> {
    await this.openWorkstation();
    await this.rotate(KeychainAccounts.workstationDb, (k) => this.host.rekeyWorkstation(k));
  }

  /**
   * Crypto-shreds the workstation database (settings, sync state, the local
   * audit chain): key and pending key out of the keychain first, then the
   * files. Used when the platform deprovisions this device.
   */
  async shredWorkstation(): Promise<{ keyRemoved: boolean; filesRemoved: string[] }> {
    await this.host.closeWorkstation();
    const account = KeychainAccounts.workstationDb;
    await this.secrets.delete(account);
    await this.secrets.delete(KeychainAccounts.pending(account));
    const filesRemoved: string[] = [];
    for (const f of storeFiles(workstationDbPath(this.dataDir))) {
      if (await exists(f)) {
        await rm(f, { force: true });
        filesRemoved.push(basename(f));
      }
    }
    return { keyRemoved: true, filesRemoved };
  }

  private async rotate(account: string, rekey: (keyHex: string) => Promise<void>): Promise<void> {
    const pendingAccount = KeychainAccounts.pending(account);
    const next = newStoreKey();
    // 1. The new key is safe in the keychain before the file depends on it.
    await this.secrets.set(pendingAccount, next);
    if ((await this.secrets.get(pendingAccount)) !== next)
      throw new KeychainUnavailableError('the keychain did not return the new key just stored');
    // 2. The file is re-encrypted: only the new key opens it from here on.
    await rekey(next);
    // 3. The new key becomes the store's key; 4. the pending copy goes.
    await this.secrets.set(account, next);
    await this.secrets.delete(pendingAccount);
  }

  /**
   * Opens with the store's key; if a rotation was interrupted after the file
   * was re-encrypted, with the pending key, which is then promoted. Either
   * way the pending entry is gone afterwards.
   */
  private async openRecovering<T>(
    account: string,
    key: string | null,
    next: string | null,
    open: (keyHex: string) => Promise<T>,
  ): Promise<T> {
    if (!isStoreKey(next)) return open(key as string);
    const pendingAccount = KeychainAccounts.pending(account);
    if (isStoreKey(key)) {
      try {
        const opened = await open(key);
        await this.secrets.delete(pendingAccount); // the rekey never happened
        return opened;
      } catch (error) {
        if (!(error instanceof StoreWrongKeyError)) throw error;
      }
    }
    const opened = await open(next);
    await this.secrets.set(account, next);
    await this.secrets.delete(pendingAccount);
    return opened;
  }

  /** Closes every store and stops the worker. */
  async shutdown(): Promise<void> {
    await this.host.terminate();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function nonEmptyFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
