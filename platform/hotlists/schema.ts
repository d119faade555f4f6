import { migrate, type Migration, type MigrationResult } from '../../common/migrations.ts';
import type { Db } from '../store/sqlite.ts';

/**
 * Governed hotlists and targeted operations (#14), module `hotlists` in
 * `_migrations`: its own version line, so it extends the data schema's
 * tables (hotlists, hotlist_entries, targeted_operations, reads) without
 * taking a version number of the `data` module. Runs after `migrateData`.
 *
 * - A list names its owner, legal basis, purpose, category (from the policy
 *   pack) and expiry; lists made before (the seed's) keep NULLs there and are
 *   matched as before.
 * - Entries are closed, never deleted (trigger): a hit stored earlier keeps
 *   the entry that explains it, and the closing says who, when and why.
 * - A deployment (a unit) names the lists it checks; a unit with no link
 *   checks every active list, as all units did before.
 * - An operation names the lists it checks, can be ended early, and mobile
 *   units can be linked to it while it runs.
 * - A read keeps the list of the hit that sets its retention (`hit_list_id`).
 */
const v1 = `
ALTER TABLE hotlists ADD COLUMN owner TEXT;
ALTER TABLE hotlists ADD COLUMN legal_basis TEXT;
ALTER TABLE hotlists ADD COLUMN purpose TEXT;
ALTER TABLE hotlists ADD COLUMN category INTEGER CHECK (category BETWEEN 1 AND 13);
ALTER TABLE hotlists ADD COLUMN expires_at INTEGER;
ALTER TABLE hotlists ADD COLUMN created_by TEXT;

ALTER TABLE hotlist_entries ADD COLUMN country TEXT;
ALTER TABLE hotlist_entries ADD COLUMN created_by TEXT;
ALTER TABLE hotlist_entries ADD COLUMN closed_at INTEGER;
ALTER TABLE hotlist_entries ADD COLUMN closed_by TEXT;
ALTER TABLE hotlist_entries ADD COLUMN closed_reason TEXT;
CREATE INDEX hotlist_entries_list ON hotlist_entries(hotlist_id);
CREATE TRIGGER hotlist_entries_no_delete BEFORE DELETE ON hotlist_entries
BEGIN SELECT RAISE(ABORT, 'hotlist entries are closed, never deleted'); END;
-- A closed entry stays as it was closed: the record of why a hit happened.
CREATE TRIGGER hotlist_entries_closed_frozen BEFORE UPDATE ON hotlist_entries
WHEN OLD.closed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a closed hotlist entry cannot be changed'); END;

CREATE TABLE hotlist_deployments (
  unit_id TEXT NOT NULL,
  hotlist_id TEXT NOT NULL REFERENCES hotlists(id),
  linked_by TEXT NOT NULL,
  linked_at INTEGER NOT NULL,
  PRIMARY KEY (unit_id, hotlist_id)
) STRICT;

CREATE TABLE operation_hotlists (
  operation_id TEXT NOT NULL REFERENCES targeted_operations(id),
  hotlist_id TEXT NOT NULL REFERENCES hotlists(id),
  PRIMARY KEY (operation_id, hotlist_id)
) STRICT;

ALTER TABLE targeted_operations ADD COLUMN ended_at INTEGER;
ALTER TABLE targeted_operations ADD COLUMN ended_by TEXT;
ALTER TABLE targeted_operations ADD COLUMN end_reason TEXT;

ALTER TABLE reads ADD COLUMN hit_list_id TEXT;
`;

export const HOTLIST_MIGRATIONS: ReadonlyArray<Migration<Db>> = [
  {
    version: 1,
    name: 'governed hotlists, deployments, operation lists, hit list of a read',
    up: v1,
  },
];

export function migrateHotlists(db: Db): MigrationResult {
  return migrate(db, 'hotlists', HOTLIST_MIGRATIONS);
}
