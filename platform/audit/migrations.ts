import {
  migrate,
  type Migration,
  type MigrationDb,
  type MigrationResult,
} from '../../common/migrations.ts';
import type { Db } from '../store/sqlite.ts';

/**
 * Audit schema (module `audit`) in the platform's encrypted database.
 *
 * The `body` column holds the canonical JSON that was hashed; it is the record.
 * Filter columns (time, officer, case, operation, outcome) are VIRTUAL
 * generated columns computed by SQLite from `body`, so an index can serve the
 * supervisor's queries while no column can ever disagree with the hashed text.
 *
 * Entry, gap and device tables are append-only: triggers abort UPDATE and
 * DELETE. Anyone with the key can drop a trigger, which is why the hash chain
 * exists; the triggers stop accidents and casual edits, the chain catches the rest.
 */

const derivedColumns = `
  at_ms INTEGER GENERATED ALWAYS AS (CAST(round(unixepoch(json_extract(body, '$.at'), 'subsec') * 1000) AS INTEGER)) VIRTUAL,
  officer_id TEXT GENERATED ALWAYS AS (json_extract(body, '$.actor.officerId')) VIRTUAL,
  case_id TEXT GENERATED ALWAYS AS (json_extract(body, '$.caseId')) VIRTUAL,
  operation TEXT GENERATED ALWAYS AS (json_extract(body, '$.operation')) VIRTUAL,
  outcome TEXT GENERATED ALWAYS AS (json_extract(body, '$.outcome')) VIRTUAL`;

const appendOnly = (table: string): string => `
  CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
  BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
  CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
  BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;`;

const migrations: ReadonlyArray<Migration> = [
  {
    version: 1,
    name: 'audit chain, device chains, gaps',
    up: `
      -- The platform's own chain.
      CREATE TABLE audit_entries (
        seq INTEGER PRIMARY KEY CHECK (seq >= 1),
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        body TEXT NOT NULL CHECK (json_valid(body)),
        ${derivedColumns}
      ) STRICT;
      CREATE INDEX audit_entries_at ON audit_entries (at_ms);
      CREATE INDEX audit_entries_officer ON audit_entries (officer_id, at_ms);
      CREATE INDEX audit_entries_case ON audit_entries (case_id, at_ms) WHERE case_id IS NOT NULL;
      ${appendOnly('audit_entries')}

      -- Head of each chain as last written by the software. A cross-check that
      -- exposes rows deleted from (or added to) the end of a chain; updated in
      -- the same transaction as every append.
      CREATE TABLE audit_heads (
        chain TEXT PRIMARY KEY,        -- 'platform' or 'device:<deviceId>'
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL,
        checkpoint TEXT,               -- last signed checkpoint (devices), JSON
        updated_at TEXT NOT NULL
      ) STRICT;

      -- Workstations and the Ed25519 key that signs their checkpoints. Binding
      -- a key to a device is evidence too: append-only.
      CREATE TABLE audit_devices (
        device_id TEXT PRIMARY KEY,
        officer_id TEXT NOT NULL,
        public_key_pem TEXT NOT NULL,
        registered_at TEXT NOT NULL
      ) STRICT;
      ${appendOnly('audit_devices')}

      -- Workstation chains as uploaded, verbatim (the device hashed them).
      CREATE TABLE audit_device_entries (
        device_id TEXT NOT NULL REFERENCES audit_devices (device_id),
        seq INTEGER NOT NULL CHECK (seq >= 1),
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        body TEXT NOT NULL CHECK (json_valid(body)),
        received_at TEXT NOT NULL,
        ${derivedColumns},
        PRIMARY KEY (device_id, seq)
      ) STRICT;
      CREATE INDEX audit_device_entries_at ON audit_device_entries (at_ms);
      CREATE INDEX audit_device_entries_officer ON audit_device_entries (officer_id, at_ms);
      CREATE INDEX audit_device_entries_case ON audit_device_entries (case_id, at_ms) WHERE case_id IS NOT NULL;
      ${appendOnly('audit_device_entries')}

      -- Ranges of a device chain that never arrived. Each is also announced
      -- by an entry in the platform chain (platform_seq).
      CREATE TABLE audit_gaps (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        device_id TEXT NOT NULL REFERENCES audit_devices (device_id),
        from_seq INTEGER NOT NULL,
        to_seq INTEGER NOT NULL CHECK (to_seq >= from_seq),
        detected_at TEXT NOT NULL,
        platform_seq INTEGER NOT NULL REFERENCES audit_entries (seq)
      ) STRICT;
      CREATE INDEX audit_gaps_device ON audit_gaps (device_id, from_seq);
      ${appendOnly('audit_gaps')}
    `,
  },
];

export function migrateAudit(db: Db, now?: () => Date): MigrationResult {
  // better-sqlite3 types `transaction()` as returning Transaction<F>, which
  // MigrationDb's signature does not accept; the runtime shapes match.
  return migrate(db as unknown as MigrationDb, 'audit', migrations, now ? { now } : {});
}
