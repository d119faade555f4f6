import { migrate, type Migration, type MigrationResult } from '../../common/migrations.ts';
import { hexIdentifierNeedsFoldSql } from '../../common/plates.ts';
import type { Db } from '../store/sqlite.ts';

/**
 * Data schema of the reference platform (module `data` in `_migrations`).
 *
 * Times are INTEGER epoch milliseconds UTC: compact, index-friendly and free
 * of offset ambiguity. JSON columns hold small structured values (plates of a
 * request, an area) that are only ever read whole.
 *
 * `reads.plate_key` is the look-alike key of the stored plate after ASCII
 * upper-casing (see `plateKey` in rows.ts); the one composite index
 * (bucket, plate_key, plate, captured_at) serves exact search (key and
 * plate equal), OCR-fuzzy search (key equal) and wildcard search (key
 * prefix range), one seek per week of the searched period.
 *
 * Why weeks lead the two indexes that are random in their other columns
 * (read id, plate): ingest writes reads of now, so with the week first all
 * of its index inserts land in the current week's small part of each
 * B-tree, which stays in the page cache however large the store grows.
 * With (id) and (plate_key, ...) alone every insert touched a random page
 * of an index the size of the whole store: measured on 2 cores, ingest
 * into 50 M stored reads fell to under 1,000 reads/s, where it now stays
 * at the rate of a fresh store. The cost is on the query side: a plate
 * search over a year is 53 index seeks instead of one (see scope.ts).
 */

/**
 * Secondary indexes of `reads`, listed once so a bulk load can drop them and
 * build them afterwards (sort-based, much faster than row-by-row upkeep).
 */
export const READ_INDEXES: ReadonlyArray<{ name: string; sql: string }> = [
  // Idempotency of ingest: a read (id, and its capture week) is stored once.
  { name: 'reads_id', sql: 'CREATE UNIQUE INDEX reads_id ON reads(bucket, id)' },
  {
    name: 'reads_plate',
    sql: 'CREATE INDEX reads_plate ON reads(bucket, plate_key, plate, captured_at)',
  },
  { name: 'reads_unit', sql: 'CREATE INDEX reads_unit ON reads(unit_id, captured_at)' },
  // Area/time queries, age purges and the pull order (captured_at, id).
  { name: 'reads_time', sql: 'CREATE INDEX reads_time ON reads(captured_at, id)' },
  { name: 'reads_retention', sql: 'CREATE INDEX reads_retention ON reads(retention_until)' },
];

const v1 = `
CREATE TABLE cameras (
  id TEXT PRIMARY KEY,
  site TEXT NOT NULL,
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  road TEXT,
  direction TEXT,
  heading REAL,
  lanes INTEGER NOT NULL,
  operator TEXT NOT NULL,
  unit_type TEXT NOT NULL,
  connected_since INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE camera_outages (
  camera_id TEXT NOT NULL REFERENCES cameras(id) ON DELETE CASCADE,
  from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL,
  PRIMARY KEY (camera_id, from_ms)
) STRICT;

-- AUTOINCREMENT: rids are never reused after a purge, so a pull can freeze
-- its scope as "rid <= as_of_rid".
CREATE TABLE reads (
  rid INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL,
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
  targeted_operation INTEGER NOT NULL,
  retention_rule TEXT NOT NULL,
  retention_until INTEGER NOT NULL,
  postponed_until INTEGER,
  ingested_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX reads_id ON reads(id);
CREATE INDEX reads_plate ON reads(plate_key, plate, captured_at);
CREATE INDEX reads_unit ON reads(unit_id, captured_at);
CREATE INDEX reads_time ON reads(captured_at, id);
CREATE INDEX reads_retention ON reads(retention_until);

CREATE TABLE hotlists (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  source TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE hotlist_entries (
  id INTEGER PRIMARY KEY,
  hotlist_id TEXT NOT NULL REFERENCES hotlists(id) ON DELETE CASCADE,
  plate TEXT NOT NULL,
  category INTEGER CHECK (category BETWEEN 1 AND 13),
  reason TEXT NOT NULL,
  valid_from INTEGER NOT NULL,
  valid_to INTEGER,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX hotlist_entries_plate ON hotlist_entries(plate);

CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  offence TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('judicial', 'administrative')),
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  scope TEXT NOT NULL DEFAULT '',
  created_by TEXT,
  created_at INTEGER NOT NULL,
  closed_by TEXT,
  closed_at INTEGER
) STRICT;

CREATE TABLE case_officers (
  case_id TEXT NOT NULL REFERENCES cases(id),
  officer_id TEXT NOT NULL,
  assigned_by TEXT,
  assigned_at INTEGER NOT NULL,
  PRIMARY KEY (case_id, officer_id)
) STRICT;
CREATE INDEX case_officers_officer ON case_officers(officer_id);

CREATE TABLE extended_access_requests (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  requested_by TEXT NOT NULL,
  plates TEXT NOT NULL,            -- JSON array of normalised plates, [] = none
  area TEXT,                       -- JSON Area or NULL
  period_from INTEGER NOT NULL,
  period_to INTEGER NOT NULL,
  offence TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  justification TEXT NOT NULL,
  urgency TEXT NOT NULL CHECK (urgency IN ('normal', 'urgent')),
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'narrowed', 'refused', 'withdrawn')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX extended_access_requests_case ON extended_access_requests(case_id, created_at);
CREATE INDEX extended_access_requests_status ON extended_access_requests(status, urgency, created_at);

-- What was asked is evidence: only the status of a pending request may change.
CREATE TRIGGER extended_access_requests_frozen BEFORE UPDATE ON extended_access_requests
WHEN OLD.status <> 'pending'
  OR NEW.id IS NOT OLD.id OR NEW.case_id IS NOT OLD.case_id OR NEW.requested_by IS NOT OLD.requested_by
  OR NEW.plates IS NOT OLD.plates OR NEW.area IS NOT OLD.area
  OR NEW.period_from IS NOT OLD.period_from OR NEW.period_to IS NOT OLD.period_to
  OR NEW.offence IS NOT OLD.offence OR NEW.legal_basis IS NOT OLD.legal_basis
  OR NEW.justification IS NOT OLD.justification OR NEW.urgency IS NOT OLD.urgency
  OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'extended-access requests cannot be changed once filed or decided'); END;
CREATE TRIGGER extended_access_requests_no_delete BEFORE DELETE ON extended_access_requests
BEGIN SELECT RAISE(ABORT, 'extended-access requests cannot be deleted'); END;

CREATE TABLE extended_access_decisions (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE REFERENCES extended_access_requests(id),
  decided_by TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('approve', 'narrow', 'refuse')),
  plates TEXT,                     -- granted scope; NULL for a refusal
  area TEXT,
  period_from INTEGER,
  period_to INTEGER,
  reasons TEXT NOT NULL,
  expires_at INTEGER,
  decided_at INTEGER NOT NULL
) STRICT;
CREATE TRIGGER extended_access_decisions_immutable BEFORE UPDATE ON extended_access_decisions
BEGIN SELECT RAISE(ABORT, 'extended-access decisions are immutable'); END;
CREATE TRIGGER extended_access_decisions_no_delete BEFORE DELETE ON extended_access_decisions
BEGIN SELECT RAISE(ABORT, 'extended-access decisions are immutable'); END;

CREATE TABLE postponements (
  id TEXT PRIMARY KEY,
  decided_by TEXT NOT NULL,
  scope TEXT NOT NULL,             -- JSON PostponementScope
  until INTEGER NOT NULL,
  reasons TEXT NOT NULL,
  reads_affected INTEGER NOT NULL,
  decided_at INTEGER NOT NULL
) STRICT;
CREATE TRIGGER postponements_immutable BEFORE UPDATE ON postponements
BEGIN SELECT RAISE(ABORT, 'postponement decisions are immutable'); END;
CREATE TRIGGER postponements_no_delete BEFORE DELETE ON postponements
BEGIN SELECT RAISE(ABORT, 'postponement decisions are immutable'); END;

CREATE TABLE targeted_operations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  unit_ids TEXT,                   -- JSON array or NULL (any unit)
  area TEXT,                       -- JSON Area or NULL (anywhere)
  valid_from INTEGER NOT NULL,
  valid_to INTEGER NOT NULL,
  decided_by TEXT NOT NULL,
  justification TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE pulls (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  officer_id TEXT NOT NULL,
  purpose TEXT NOT NULL,
  reason_code TEXT NOT NULL,
  justification TEXT NOT NULL,
  params TEXT NOT NULL,            -- JSON PullParams (frozen scope)
  decision_ids TEXT NOT NULL,      -- JSON array: approvals frozen at start
  as_of_rid INTEGER NOT NULL,
  total INTEGER NOT NULL,
  withheld INTEGER NOT NULL,
  pages INTEGER NOT NULL DEFAULT 0,
  last_cursor TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'complete')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX pulls_case ON pulls(case_id, created_at);

-- Revision counters that let ingest cache hotlists and operations safely
-- across connections: a writer bumps, a reader reloads when it changed.
CREATE TABLE data_meta (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;
INSERT INTO data_meta (key, value) VALUES ('hotlist_rev', 0), ('operations_rev', 0), ('postponements_rev', 0);
`;

/** Length of a `reads.bucket` in milliseconds: one week (see the header comment). */
export const BUCKET_MS = 7 * 86_400_000;

/** The bucket of a capture time (epoch ms), as SQLite computes the generated column. */
export function bucketOf(capturedAtMs: number): number {
  return Math.trunc(capturedAtMs / BUCKET_MS);
}

// A VIRTUAL generated column costs no storage and no rewrite of existing
// rows; only the two rebuilt indexes store it. Idempotency becomes "the same
// read id in the same capture week": a resent read has the same capture
// time, so it is still reported as a duplicate and stored once.
const v2 = `
ALTER TABLE reads ADD COLUMN bucket INTEGER GENERATED ALWAYS AS (captured_at / ${BUCKET_MS}) VIRTUAL;
DROP INDEX reads_id;
DROP INDEX reads_plate;
CREATE UNIQUE INDEX reads_id ON reads(bucket, id);
CREATE INDEX reads_plate ON reads(bucket, plate_key, plate, captured_at);
`;

// normalisePlate now lower-cases hex identifiers (hashes, UUIDs; see
// common/plates.ts), so an exact search written in either case meets the
// stored value. Reads and hotlist entries stored before were kept as
// delivered: fold those whose case would now differ. For such a value
// lower() is exactly normalisePlate (ASCII hex), and plate_key (ASCII
// upper-cased) stays as it is, so reads_plate keeps its keys. Approval and
// request scopes hold plates in JSON but are re-normalised where compared.
const v3 = `
UPDATE reads SET plate = lower(plate) WHERE ${hexIdentifierNeedsFoldSql('plate')};
UPDATE hotlist_entries SET plate = lower(plate) WHERE ${hexIdentifierNeedsFoldSql('plate')};
`;

export const DATA_MIGRATIONS: ReadonlyArray<Migration<Db>> = [
  { version: 1, name: 'reads, cameras, cases, approvals', up: v1 },
  { version: 2, name: 'week-led read indexes (flat ingest rate)', up: v2 },
  { version: 3, name: 'hex identifiers (hashed plates) in lower case', up: v3 },
];

export function migrateData(db: Db, now?: () => Date): MigrationResult {
  return migrate(db, 'data', DATA_MIGRATIONS, now ? { now } : {});
}

export type MetaKey = 'hotlist_rev' | 'operations_rev' | 'postponements_rev';
