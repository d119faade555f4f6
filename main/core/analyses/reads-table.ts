/**
 * The case store's `reads` table as the analyses rely on it (columns and
 * indexes), for tests and the benchmark, which build their own databases.
 * The case store (main/core/store/case-schema.ts) is the authority; this copy
 * only has to keep the column names and the four indexes the sources use.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import { lookalikeKey } from '../../../common/plates.ts';
import type { MemoryRead } from './memory-source.ts';

export const READS_TABLE = `
  CREATE TABLE reads (
    id TEXT NOT NULL UNIQUE,
    plate TEXT NOT NULL,
    plate_raw TEXT NOT NULL,
    plate_key TEXT NOT NULL,
    country TEXT,
    captured_at INTEGER NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    heading REAL,
    unit_speed REAL,
    unit_id TEXT NOT NULL,
    unit_type TEXT NOT NULL,
    lane INTEGER,
    direction TEXT,
    operator TEXT,
    source TEXT NOT NULL,
    confidence REAL NOT NULL,
    alternatives TEXT NOT NULL,
    vehicle TEXT,
    images TEXT NOT NULL,
    hit INTEGER NOT NULL,
    hit_category INTEGER,
    retention_until INTEGER NOT NULL,
    approval_id TEXT,
    pulled_at INTEGER NOT NULL
  ) STRICT;`;

export const READS_INDEXES = `
  CREATE INDEX reads_plate_time ON reads (plate, captured_at);
  CREATE INDEX reads_plate_key_time ON reads (plate_key, captured_at);
  CREATE INDEX reads_unit_time ON reads (unit_id, captured_at);
  CREATE INDEX reads_time ON reads (captured_at);`;

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
  db.exec(READS_TABLE);
  db.exec(READS_INDEXES);
}

export function insertReads(db: Database.Database, reads: Iterable<MemoryRead>): void {
  const insert = db.prepare(INSERT_READ);
  db.transaction(() => {
    for (const r of reads) insert.run(...insertParams(r));
  })();
}
