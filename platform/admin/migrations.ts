import { migrate, type Migration, type MigrationResult } from '../../common/migrations.ts';
import { migrateData } from '../data/schema.ts';
import { migrateIdentity } from '../identity/migrations.ts';
import type { Db } from '../store/sqlite.ts';

/**
 * What administration adds to the platform schema, kept in its own migration
 * list so it never competes for version numbers with the data schema: the
 * reason a case was closed (the workstation tells the officer why the case
 * left their list, platform/data/cases.ts listDepartedCasesForOfficer).
 */
const migrations: ReadonlyArray<Migration<Db>> = [
  {
    version: 1,
    name: 'case close reason',
    up: `ALTER TABLE cases ADD COLUMN close_reason TEXT;`,
  },
];

/** Data and identity schemas first (administration writes to both), then this list. */
export function migrateAdmin(db: Db, now?: () => Date): MigrationResult {
  migrateData(db, now);
  migrateIdentity(db, now);
  return migrate(db, 'admin', migrations, now ? { now } : {});
}
