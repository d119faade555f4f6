import {
  migrate,
  type Migration,
  type MigrationDb,
  type MigrationResult,
} from '../../common/migrations.ts';
import type { Db } from '../store/sqlite.ts';

/**
 * Oversight schema (module `oversight`): sample checks and their reviews.
 *
 * A sample's commitment, candidate set and (once drawn) its entries never
 * change; triggers refuse such updates and every delete. Reviews are
 * append-only: a revised verdict is a new row, the old one stays on record.
 */
const migrations: ReadonlyArray<Migration> = [
  {
    version: 1,
    name: 'sample checks and reviews',
    up: `
      CREATE TABLE oversight_samples (
        id TEXT PRIMARY KEY,
        officer_id TEXT NOT NULL,
        period_from INTEGER NOT NULL,
        period_to INTEGER NOT NULL,
        size INTEGER NOT NULL CHECK (size >= 1),
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        commitment TEXT NOT NULL,
        seed TEXT NOT NULL,
        candidates TEXT NOT NULL CHECK (json_valid(candidates)),
        candidates_hash TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('committed', 'drawn', 'completed')),
        drawn TEXT CHECK (drawn IS NULL OR json_valid(drawn)),
        drawn_at INTEGER,
        completed_at INTEGER
      ) STRICT;
      CREATE INDEX oversight_samples_created ON oversight_samples (created_at);
      CREATE INDEX oversight_samples_officer ON oversight_samples (officer_id, created_at);

      CREATE TRIGGER oversight_samples_fixed BEFORE UPDATE OF
        id, officer_id, period_from, period_to, size, created_by, created_at, commitment, seed,
        candidates, candidates_hash ON oversight_samples
      BEGIN SELECT RAISE(ABORT, 'a sample check''s commitment and candidates never change'); END;
      CREATE TRIGGER oversight_samples_drawn_once BEFORE UPDATE OF drawn, drawn_at ON oversight_samples
        WHEN OLD.drawn IS NOT NULL
      BEGIN SELECT RAISE(ABORT, 'a sample is drawn once'); END;
      CREATE TRIGGER oversight_samples_no_delete BEFORE DELETE ON oversight_samples
      BEGIN SELECT RAISE(ABORT, 'sample checks are kept'); END;

      CREATE TABLE oversight_reviews (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        sample_id TEXT NOT NULL REFERENCES oversight_samples (id),
        ref TEXT NOT NULL,
        verdict TEXT NOT NULL CHECK (verdict IN ('lawful', 'doubtful', 'unlawful')),
        note TEXT NOT NULL,
        reviewed_by TEXT NOT NULL,
        reviewed_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX oversight_reviews_sample ON oversight_reviews (sample_id, ref, id);
      CREATE TRIGGER oversight_reviews_no_update BEFORE UPDATE ON oversight_reviews
      BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
      CREATE TRIGGER oversight_reviews_no_delete BEFORE DELETE ON oversight_reviews
      BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
    `,
  },
  {
    // #15: the draw seed mixes in a value the supervisor contributes at the draw. Set with the
    // draw, once; checks drawn before keep NULL (they drew from the platform seed alone).
    version: 2,
    name: 'supervisor-contributed value of a draw',
    up: `
      ALTER TABLE oversight_samples ADD COLUMN supervisor_value TEXT;
      CREATE TRIGGER oversight_samples_value_once BEFORE UPDATE OF supervisor_value ON oversight_samples
        WHEN OLD.supervisor_value IS NOT NULL OR OLD.drawn IS NOT NULL
      BEGIN SELECT RAISE(ABORT, 'a draw''s supervisor value is set once, with the draw'); END;
    `,
  },
];

export function migrateOversight(db: Db, now?: () => Date): MigrationResult {
  return migrate(db as unknown as MigrationDb, 'oversight', migrations, now ? { now } : {});
}
