import { migrate, type Migration, type MigrationResult } from '../../common/migrations.ts';
import type { Db } from '../store/sqlite.ts';

/**
 * Schema of the ingest module (module `ingest` in `_migrations`): the camera
 * and vehicle units allowed to send reads, and their machine credentials.
 *
 * A credential is a random 256-bit token shown once; only its SHA-256 is
 * stored (a token that long needs no slow hash: there is nothing to guess).
 * Credentials are never deleted, only revoked, so an old audit entry can
 * still be tied to the credential that sent the batch.
 */
const v1 = `
CREATE TABLE ingest_units (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  unit_type TEXT NOT NULL CHECK (unit_type IN ('fixed', 'mobile-unmanned', 'mobile-manned')),
  operator TEXT CHECK (operator IN ('local', 'regional', 'federal')),
  source TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at INTEGER,
  revoked_by TEXT,
  last_ingest_at INTEGER
) STRICT;

CREATE TABLE ingest_credentials (
  id TEXT PRIMARY KEY,
  unit_id TEXT NOT NULL REFERENCES ingest_units(id),
  token_sha256 TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
) STRICT;
CREATE INDEX ingest_credentials_unit ON ingest_credentials(unit_id);

CREATE TRIGGER ingest_units_no_delete BEFORE DELETE ON ingest_units
BEGIN SELECT RAISE(ABORT, 'ingest units are revoked, never deleted'); END;
CREATE TRIGGER ingest_credentials_no_delete BEFORE DELETE ON ingest_credentials
BEGIN SELECT RAISE(ABORT, 'ingest credentials are revoked, never deleted'); END;
`;

export const INGEST_MIGRATIONS: ReadonlyArray<Migration<Db>> = [
  { version: 1, name: 'ingest units and credentials', up: v1 },
];

export function migrateIngest(db: Db, now?: () => Date): MigrationResult {
  return migrate(db, 'ingest', INGEST_MIGRATIONS, now ? { now } : {});
}
