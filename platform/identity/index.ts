import type Provider from 'oidc-provider';
import { API_AUDIENCE, IdentitySettings, MFA_ACR } from '../config.ts';
import { createAuthenticator, type Authenticator } from '../http/auth.ts';
import type { Db } from '../store/sqlite.ts';
import { AccountStore } from './accounts.ts';
import { sqliteAdapterFactory } from './adapter.ts';
import type { IdentityEvent } from './interactions.ts';
import { loadIdentitySecrets, type IdentitySecrets } from './keys.ts';
import { migrateIdentity } from './migrations.ts';
import { createProvider } from './provider.ts';

export { AccountStore } from './accounts.ts';
export type { Account, LogonResult, NewAccountCredentials } from './accounts.ts';
export { seedDemoAccounts, DEMO_OFFICERS, DEMO_ACCOUNTS_FILE, type DemoAccount } from './demo.ts';
export type { IdentityEvent } from './interactions.ts';
export { totpCode, totpStep } from './totp.ts';

export interface Identity {
  provider: Provider;
  accounts: AccountStore;
  secrets: IdentitySecrets;
  authenticator: Authenticator;
  /** Removes expired sessions, codes and tokens from the database. */
  sweep(): number;
  grantActive(grantId: string): boolean;
}

export interface IdentityOptions {
  db: Db;
  issuer: string;
  clock: () => Date;
  settings?: Partial<IdentitySettings>;
  perOfficerPerMinute: number;
  onServerError?: (error: Error) => void;
  onEvent?: (event: IdentityEvent) => void;
}

export function createIdentity(options: IdentityOptions): Identity {
  const { db, clock } = options;
  const settings = IdentitySettings.parse(options.settings ?? {});
  migrateIdentity(db, clock);
  const secrets = loadIdentitySecrets(db, clock);
  const accounts = new AccountStore(db, clock, settings);
  const storage = sqliteAdapterFactory(db);
  const provider = createProvider({
    issuer: options.issuer,
    accounts,
    secrets,
    settings,
    adapter: storage.Adapter,
    ...(options.onServerError ? { onServerError: options.onServerError } : {}),
  });
  const grantQuery = db.prepare(
    `SELECT 1 FROM identity_oidc WHERE model = 'Grant' AND id = ? AND (expires_at IS NULL OR expires_at > ?)`,
  );
  // Provider time (system clock), like the expiry the adapter stored.
  const grantActive = (grantId: string) => grantQuery.get(grantId, Date.now()) !== undefined;
  provider.on('grant.revoked', (_ctx: never, grantId: string) =>
    options.onEvent?.({ type: 'grant.revoked', at: clock(), grantId }),
  );
  const authenticator = createAuthenticator({
    issuer: options.issuer,
    audience: API_AUDIENCE,
    acr: MFA_ACR,
    publicJwks: secrets.publicJwks as never,
    clock,
    perOfficerPerMinute: options.perOfficerPerMinute,
    grantActive,
  });
  return { provider, accounts, secrets, authenticator, sweep: storage.sweep, grantActive };
}
