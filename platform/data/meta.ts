import type { Db } from '../store/sqlite.ts';
import type { MetaKey } from './schema.ts';
import { stmt } from './sql.ts';

export function readRevision(db: Db, key: MetaKey): number {
  const row = stmt(db, 'SELECT value FROM data_meta WHERE key = ?').get(key) as
    { value: number } | undefined;
  return row?.value ?? 0;
}

/** Call inside the transaction that changed the data the revision guards. */
export function bumpRevision(db: Db, key: MetaKey): void {
  stmt(db, 'UPDATE data_meta SET value = value + 1 WHERE key = ?').run(key);
}
