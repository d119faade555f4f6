/**
 * Schema of a case store (migration module `case`). One encrypted file per
 * case; reads use the same columns as the platform's read table, times as
 * integer milliseconds since the epoch (UTC).
 *
 * Steps are append-only: never edit a released step, add a new one.
 */
import type { Migration, MigrationDb } from '../../../common/migrations.ts';
import { hexIdentifierNeedsFoldSql, lookalikeKey, normalisePlate } from '../../../common/plates.ts';

export const CASE_MODULE = 'case';

export const caseMigrations: ReadonlyArray<Migration> = [
  {
    version: 1,
    name: 'reads, pulls and case snapshot',
    up: `
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL -- JSON
      ) STRICT;

      CREATE TABLE pulls (
        id TEXT PRIMARY KEY,
        params TEXT NOT NULL, -- JSON
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'cancelled', 'failed')),
        total INTEGER,
        received INTEGER NOT NULL DEFAULT 0,
        invalid INTEGER NOT NULL DEFAULT 0,
        cursor TEXT, -- JSON; the platform's position after the last committed batch
        started_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        error TEXT
      ) STRICT;

      CREATE TABLE reads (
        seq INTEGER PRIMARY KEY,
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
        alternatives TEXT NOT NULL, -- JSON
        vehicle TEXT, -- JSON
        images TEXT NOT NULL, -- JSON
        hit INTEGER NOT NULL,
        hit_category INTEGER,
        retention_until INTEGER NOT NULL,
        approval_id TEXT,
        pulled_at INTEGER NOT NULL,
        pull_id TEXT
      ) STRICT;
      CREATE INDEX reads_plate_time ON reads (plate, captured_at);
      CREATE INDEX reads_plate_key_time ON reads (plate_key, captured_at);
      CREATE INDEX reads_unit_time ON reads (unit_id, captured_at);
      CREATE INDEX reads_time ON reads (captured_at);
      -- purgeExpired runs on every open; without this it scans the whole table.
      CREATE INDEX reads_retention ON reads (retention_until);
    `,
  },
  {
    version: 2,
    name: 'invalid records and duplicate counts of pulls',
    up: `
      ALTER TABLE pulls ADD COLUMN duplicates INTEGER NOT NULL DEFAULT 0;
      -- Why a platform record was refused; never the record itself (it may carry a plate).
      CREATE TABLE invalid_records (
        pull_id TEXT NOT NULL REFERENCES pulls (id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (pull_id, idx)
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'analyses',
    up: `
      CREATE TABLE analyses (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        params TEXT NOT NULL, -- JSON
        reason TEXT NOT NULL,
        justification TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        result_summary TEXT -- JSON
      ) STRICT;
      CREATE INDEX analyses_created ON analyses (created_at);
    `,
  },
  {
    version: 4,
    name: 'reads a pull found already held, apart from its own duplicates',
    up: `
      -- From here on, pulls.duplicates counts only reads this same pull delivered
      -- twice; a read an earlier pull had already stored counts here, so a pull
      -- can say exactly where every offered read went.
      ALTER TABLE pulls ADD COLUMN already_held INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 5,
    name: 'extended-access approvals held for the age gate',
    up: `
      -- The prosecutor's approve/narrow decisions of this case, as pulled from the
      -- platform: the workstation's own age gate shows a read older than the
      -- normal window only while one of them covers it (plates/area, period, expiry).
      CREATE TABLE approvals (
        decision_id TEXT PRIMARY KEY,
        decision TEXT NOT NULL CHECK (decision IN ('approve', 'narrow')),
        plates TEXT, -- JSON array of normalised plates; NULL = not limited by plate
        area TEXT, -- JSON area; NULL = not limited by area
        period_from INTEGER NOT NULL,
        period_to INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        pulled_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 6,
    name: 'hex identifiers (hashed plates) in lower case',
    up: foldHexIdentifiers,
  },
  {
    // #14: a pulled hit names the platform hotlist it came from (its category
    // was already kept in hit_category), so the workstation can show both.
    version: 7,
    name: 'hotlist of a hit',
    up: 'ALTER TABLE reads ADD COLUMN hit_list_id TEXT;',
  },
  {
    // #14: a pull says how many hotlist hits it brought, by category, for the
    // workstation's notice. Partial: only hit rows (few) are indexed, so the
    // count stays cheap on a large case and inserts of no-hits cost nothing.
    version: 8,
    name: 'hotlist hits by pull',
    up: 'CREATE INDEX reads_pull_hits ON reads (pull_id, hit_category) WHERE hit = 1;',
  },
];

/** Rows re-normalised per statement: bounds the memory a large case needs. */
const FOLD_BATCH = 1000;

/**
 * normalisePlate now lower-cases hex identifiers (SHA-256/MD5 digests, UUIDs;
 * see common/plates.ts), and every search normalises its input that way, so
 * a case pulled before kept upper-case hashes that neither an upper- nor a
 * lower-case search meets any more. Unlike the platform's data v3 (plain
 * lower()), the case store's plate_key is the look-alike key of the plate
 * (`B` → `8`, `D` → `0` ... on the upper-case value, nothing on the lower-case
 * one), so it changes with the plate and a fuzzy search needs it recomputed:
 * that takes the JS functions themselves, which is also what keeps the stored
 * values exactly what an insert today would write. Walked by seq (the rowid)
 * in batches, so each statement is a range of the table and the whole walk
 * one pass; the migration's transaction makes it all or nothing. plate_raw
 * stays as delivered. Indexes are untouched, so no query plan changes.
 */
function foldHexIdentifiers(db: MigrationDb): void {
  const next = db.prepare(
    `SELECT seq, plate FROM reads WHERE seq > ? AND ${hexIdentifierNeedsFoldSql('plate')}
      ORDER BY seq LIMIT ${FOLD_BATCH}`,
  );
  const update = db.prepare('UPDATE reads SET plate = ?, plate_key = ? WHERE seq = ?');
  let after = 0;
  for (;;) {
    const rows = next.all(after) as Array<{ seq: number; plate: string }>;
    for (const { seq, plate } of rows) {
      const folded = normalisePlate(plate);
      update.run(folded, lookalikeKey(folded), seq);
    }
    if (rows.length < FOLD_BATCH) break;
    after = rows[rows.length - 1]!.seq;
  }
}
