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
 */
import { readdir, stat } from 'node:fs/promises';
import { KeychainAccounts, KeychainUnavailableError, type SecretStore } from '../keychain.ts';
import { StoreHost, type RemoteCaseStore, type RemoteWorkstationStore } from './client.ts';
import { StoreKeyMissingError } from './errors.ts';
import { isStoreKey, newStoreKey } from './open.ts';
import {
  assertCaseId,
  caseIdFromFileName,
  caseStorePath,
  casesDir,
  workstationDbPath,
} from './paths.ts';

export type ErasureReason = 'case-closed' | 'assignment-lost' | 'recovery' | 'retention';

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
    let key = await this.secrets.get(account);
    const hasFile = await nonEmptyFile(caseStorePath(this.dataDir, caseId));
    if (!isStoreKey(key)) {
      if (hasFile)
        throw new StoreKeyMissingError(
          undefined,
          key === null ? 'no keychain entry' : 'malformed keychain entry',
        );
      key = newStoreKey();
      await this.secrets.set(account, key);
    }
    const { created } = await this.host.openCase(caseId, key);
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
    let key = await this.secrets.get(account);
    if (!isStoreKey(key)) {
      if (await nonEmptyFile(workstationDbPath(this.dataDir))) {
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
    await this.host.openWorkstation(key);
    return this.host.workstation();
  }

  /** Closes every store and stops the worker. */
  async shutdown(): Promise<void> {
    await this.host.terminate();
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
