/**
 * Secrets of the workstation live only in the operating system's keychain
 * (macOS Keychain, Windows Credential Manager, Secret Service on Linux),
 * reached through `keytar`. There is deliberately no plaintext fallback: if
 * the keychain cannot be reached, the workstation refuses to create or open
 * encrypted stores and says why.
 *
 * Service name: `ANPR Workstation` (KEYCHAIN_SERVICE). Accounts:
 *   - `workstation-db`      raw 256-bit key (64 hex) of the workstation database
 *                           (settings, sync state, audit queue);
 *   - `case:<caseId>`       raw 256-bit key (64 hex) of one case store; deleting it
 *                           crypto-shreds the case;
 *   - `device-signing-key`  this device's signing key (owned by the audit chain);
 *   - `<account>:next`      the NEW key of a store whose key is being rotated
 *                           (CaseStores.rotate*): written before the file is
 *                           re-encrypted, promoted to `<account>` and removed
 *                           after, so a crash at any step leaves a key that opens it.
 */
import type * as KeytarModule from 'keytar';
import { randomBytes } from 'node:crypto';

export const KEYCHAIN_SERVICE = 'ANPR Workstation';

export const KeychainAccounts = {
  workstationDb: 'workstation-db',
  deviceSigningKey: 'device-signing-key',
  case: (caseId: string): string => `case:${caseId}`,
  /** Where the next key of `account` waits while its store is being re-encrypted. */
  pending: (account: string): string => `${account}:next`,
} as const;

export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** True if a secret was removed, false if there was none. */
  delete(account: string): Promise<boolean>;
}

export class KeychainUnavailableError extends Error {
  /** The backend's own words, for support staff; never contains a secret. */
  readonly detail: string;
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      `The system keychain cannot be reached (${detail}). ` +
        'This workstation keeps the keys of its encrypted local stores only in the keychain and never ' +
        'stores them in plaintext instead, so it cannot open or create local case data right now. ' +
        'Unlock your system keyring (sign in to the desktop session), or on Linux install and start a ' +
        'Secret Service provider such as GNOME Keyring or KWallet; then try again. ' +
        'If the problem persists, contact your IT support.',
      options,
    );
    this.name = 'KeychainUnavailableError';
    this.detail = detail;
  }
}

type Keytar = Pick<typeof KeytarModule, 'getPassword' | 'setPassword' | 'deletePassword'>;

/**
 * A SecretStore on keytar. keytar is imported on first use, so a missing or
 * broken native module surfaces as KeychainUnavailableError when a secret is
 * needed, not as a crash at start-up. `load` exists for the one boundary that
 * cannot be reproduced here (a keytar build that fails to load).
 */
export function createKeytarStore(
  service: string = KEYCHAIN_SERVICE,
  load: () => Promise<Keytar> = loadKeytar,
): SecretStore {
  let keytar: Promise<Keytar> | null = null;
  const backend = (): Promise<Keytar> => {
    keytar ??= load().catch((error: unknown) => {
      keytar = null; // allow a later retry, e.g. after the user unlocked/installed something
      throw error;
    });
    return keytar;
  };
  const guarded = async <T>(op: (k: Keytar) => Promise<T>): Promise<T> => {
    try {
      return await op(await backend());
    } catch (error) {
      throw asUnavailable(error);
    }
  };
  return {
    get: (account) => guarded((k) => k.getPassword(service, account)),
    set: (account, secret) => guarded((k) => k.setPassword(service, account, secret)),
    delete: (account) => guarded((k) => k.deletePassword(service, account)),
  };
}

async function loadKeytar(): Promise<Keytar> {
  const mod = (await import('keytar')) as unknown as { default?: Keytar } & Keytar;
  return mod.default ?? mod;
}

function asUnavailable(error: unknown): KeychainUnavailableError {
  if (error instanceof KeychainUnavailableError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  // Keep the backend's explanation short and on one line for the officer's dialog.
  const detail = raw.replace(/\s+/g, ' ').trim().slice(0, 200) || 'unknown keychain error';
  return new KeychainUnavailableError(detail, { cause: error });
}

/**
 * Round-trips a throwaway secret (set, read back, delete) to prove the
 * keychain is reachable and writable before the workstation relies on it.
 * Throws KeychainUnavailableError otherwise.
 */
export async function checkKeychain(store: SecretStore): Promise<void> {
  const account = `probe:${randomBytes(8).toString('hex')}`;
  const secret = randomBytes(16).toString('hex');
  try {
    await store.set(account, secret);
    const back = await store.get(account);
    if (back !== secret) {
      throw new KeychainUnavailableError('the keychain did not return the secret just stored');
    }
  } catch (error) {
    throw asUnavailable(error);
  } finally {
    await store.delete(account).catch(() => false);
  }
}
