/**
 * Versioned schema migrations for SQLite databases (platform and workstation).
 *
 * Each module (identity, data, audit, case store, ...) owns its own numbered
 * list, tracked per module in `_migrations`, so modules evolve independently
 * and a migration is applied exactly once, inside a transaction together with
 * its bookkeeping row. The database handle is passed in as a small interface so
 * this file stays free of native imports.
 */

export interface MigrationDb {
  exec(sql: string): unknown;
  prepare(sql: string): {
    run(...params: unknown[]): unknown;
    all(...params: unknown[]): unknown[];
  };
  transaction(fn: () => void): () => void;
}

export interface Migration<Db extends MigrationDb = MigrationDb> {
  /** 1, 2, 3 ... without gaps. */
  version: number;
  name: string;
  up: string | ((db: Db) => void);
}

export interface MigrationResult {
  module: string;
  from: number;
  to: number;
  applied: string[];
}

export function currentVersion(db: MigrationDb, module: string): number {
  ensureTable(db);
  const rows = db
    .prepare('SELECT MAX(version) AS v FROM _migrations WHERE module = ?')
    .all(module) as Array<{ v: number | null }>;
  return rows[0]?.v ?? 0;
}

/**
 * Applies the pending migrations of `module` up to `upTo` (default: all).
 * Throws if the database is newer than this code knows (a downgrade), rather
 * than running against a schema it does not understand.
 */
export function migrate<Db extends MigrationDb>(
  db: Db,
  module: string,
  migrations: ReadonlyArray<Migration<Db>>,
  options: { upTo?: number; now?: () => Date } = {},
): MigrationResult {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(
        `Migration list of ${module} must be numbered 1..n without gaps (at ${m.name})`,
      );
    }
  });
  const target = options.upTo ?? migrations.length;
  const from = currentVersion(db, module);
  if (from > migrations.length) {
    throw new Error(
      `Database schema of ${module} is at version ${from}, newer than this software (${migrations.length}).`,
    );
  }
  const applied: string[] = [];
  const now = options.now ?? (() => new Date());
  for (const m of migrations) {
    if (m.version <= from || m.version > target) continue;
    db.transaction(() => {
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      db.prepare(
        'INSERT INTO _migrations (module, version, name, applied_at) VALUES (?, ?, ?, ?)',
      ).run(module, m.version, m.name, now().toISOString());
    })();
    applied.push(m.name);
  }
  return { module, from, to: Math.max(from, Math.min(target, migrations.length)), applied };
}

function ensureTable(db: MigrationDb): void {
  db.exec(`CREATE TABLE IF NOT EXISTS _migrations (
    module TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (module, version)
  ) STRICT`);
}
