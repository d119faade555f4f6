/**
 * Schema of the workstation database (migration module `workstation`):
 * settings, synchronisation state, and the local audit queue, i.e. the
 * device's hash chain of audit entries waiting to be (or already) delivered
 * to the platform, with the checkpoints the platform acknowledged.
 *
 * Steps are append-only: never edit a released step, add a new one.
 */
import type { Migration } from '../../../common/migrations.ts';

export const WORKSTATION_MODULE = 'workstation';

export const workstationMigrations: ReadonlyArray<Migration> = [
  {
    version: 1,
    name: 'settings and sync state',
    up: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL, -- JSON
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE sync_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL, -- JSON
        updated_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'audit queue and checkpoints',
    up: `
      CREATE TABLE audit_entries (
        seq INTEGER PRIMARY KEY,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        body TEXT NOT NULL, -- JSON, exactly as hashed
        created_at INTEGER NOT NULL,
        synced_at INTEGER
      ) STRICT;
      CREATE INDEX audit_entries_unsynced ON audit_entries (seq) WHERE synced_at IS NULL;
      CREATE TABLE checkpoints (
        seq INTEGER PRIMARY KEY, -- last audit entry covered
        hash TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        signature TEXT,
        acknowledged_at INTEGER,
        receipt TEXT -- JSON, the platform's acknowledgement
      ) STRICT;
    `,
  },
];
