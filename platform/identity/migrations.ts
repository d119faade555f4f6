import { migrate, type Migration, type MigrationResult } from '../../common/migrations.ts';
import type { Db } from '../store/sqlite.ts';

/**
 * Identity schema. The whole database is encrypted (SQLite3MultipleCiphers),
 * which is what keeps TOTP secrets, signing keys and OIDC artefacts
 * encrypted at rest; columns hold them as plain values inside it.
 */
const migrations: ReadonlyArray<Migration<Db>> = [
  {
    version: 1,
    name: 'accounts, keys and oidc store',
    up: `
      CREATE TABLE identity_accounts (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        roles TEXT NOT NULL,               -- JSON array of Role
        password_hash TEXT NOT NULL,       -- scrypt$<log2N>$<r>$<p>$<salt b64url>$<hash b64url>
        totp_secret TEXT NOT NULL,         -- base32
        last_totp_step INTEGER,            -- last accepted TOTP time step (replay guard)
        failed_logons INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,                 -- ISO time; NULL when not locked
        last_logon_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      -- Signing keys, cookie keys and the demo seed: generated once, kept
      -- across restarts so sessions and tokens stay valid.
      CREATE TABLE identity_secrets (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      -- oidc-provider adapter storage (sessions, grants, codes, refresh tokens).
      CREATE TABLE identity_oidc (
        model TEXT NOT NULL,
        id TEXT NOT NULL,
        payload TEXT NOT NULL,
        grant_id TEXT,
        user_code TEXT,
        uid TEXT,
        expires_at INTEGER,                -- epoch ms, provider (system) time
        consumed_at INTEGER,               -- epoch seconds, as the provider expects
        PRIMARY KEY (model, id)
      ) STRICT;
      CREATE INDEX identity_oidc_grant ON identity_oidc (grant_id) WHERE grant_id IS NOT NULL;
      CREATE INDEX identity_oidc_uid ON identity_oidc (uid) WHERE uid IS NOT NULL;
      CREATE INDEX identity_oidc_user_code ON identity_oidc (user_code) WHERE user_code IS NOT NULL;
      CREATE INDEX identity_oidc_expiry ON identity_oidc (expires_at) WHERE expires_at IS NOT NULL;
    `,
  },
  {
    version: 2,
    name: 'disabled accounts (#14 officer administration)',
    // A disabled account is kept (audit trails name it) but cannot sign in.
    up: `
      ALTER TABLE identity_accounts ADD COLUMN disabled_at TEXT;
      ALTER TABLE identity_accounts ADD COLUMN disabled_by TEXT;
    `,
  },
];

export function migrateIdentity(db: Db, now?: () => Date): MigrationResult {
  return migrate(db, 'identity', migrations, now ? { now } : {});
}
