/**
 * A case store's `reads` table for the analyses' tests and benchmark, which
 * fill their own databases: built by the case store's own migrations
 * (main/core/store/case-schema.ts), so the analyses are always measured and
 * tested against the schema and indexes a real case store has.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import { migrate } from '../../../common/migrations.ts';
import { lookalikeKey } from '../../../common/plates.ts';
import { CASE_MODULE, caseMigrations } from '../store/case-schema.ts';
import type { MemoryRead } from './memory-source.ts';

export const INSERT_READ = `INSERT INTO reads (id, plate, plate_raw, plate_key, country, captured_at, lat, lon,
    heading, unit_speed, unit_id, unit_type, lane, direction, operator, source, confidence, alternatives,
    vehicle, images, hit, hit_category, retention_until, approval_id, pulled_at)
  VALUES (?, ?, ?, ?, 'BE', ?, ?, ?, NULL, NULL, ?, ?, NULL, ?, 'federal', 'synthetic', ?, ?, NULL, '[]', 0, NULL, ?, NULL, ?)`;

/** Parameters of INSERT_READ for one read; retention and pull time are irrelevant to the analyses. */
export function insertParams(r: MemoryRead): unknown[] {
  return [
    r.id,
    r.plate,
    r.plate,
    r.plateKey ?? lookalikeKey(r.plate),
    r.capturedAt,
    r.lat,
    r.lon,
    r.unitId,
    r.unitType ?? 'fixed',
    r.direction,
    r.confidence,
    JSON.stringify(r.alternatives ?? []),
    r.capturedAt + 30 * 86_400_000,
    r.capturedAt,
  ];
}

export function createReadsTable(db: Database.Database): void {
  migrate(db, CASE_MODULE, caseMigrations);
}

/**
 * Drops the secondary indexes of `reads` for a bulk fill; the returned
 * function builds them again (a sorted build after the fill is several times
 * faster than keeping them up to date row by row).
 */
export function deferReadIndexes(db: Database.Database): () => void {
  const indexes = db
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reads' AND sql IS NOT NULL",
    )
    .all() as Array<{ name: string; sql: string }>;
  for (const i of indexes) db.exec(`DROP INDEX ${i.name}`);
  return () => {
    for (const i of indexes) db.exec(i.sql);
  };
}

export function insertReads(db: Database.Database, reads: Iterable<MemoryRead>): void {
  const insert = db.prepare(INSERT_READ);
  db.transaction(() => {
    for (const r of reads) insert.run(...insertParams(r));
  })();
}
