import Database from 'better-sqlite3-multiple-ciphers';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Db = Database.Database;

/**
 * Opens (or creates) the platform's encrypted SQLite database.
 *
 * The key is a random 256-bit raw key, given as 64 hex characters in
 * ANPR_PLATFORM_DB_KEY (production: from the agency's secret store), or
 * generated once into `<dataDir>/platform.key` with mode 0600 for the
 * embedded/demo deployment. A raw key (x'..') skips the passphrase KDF.
 */
export function openPlatformDb(dataDir: string, env: NodeJS.ProcessEnv = process.env): Db {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // The directory holds the key file and the database: owner only, even if it existed before.
  chmodSync(dataDir, 0o700);
  const keyHex = env.ANPR_PLATFORM_DB_KEY ?? loadOrCreateKeyFile(join(dataDir, 'platform.key'));
  if (!/^[0-9a-f]{64}$/i.test(keyHex)) {
    throw new Error('ANPR_PLATFORM_DB_KEY must be 64 hexadecimal characters (a 256-bit key).');
  }
  return openEncrypted(join(dataDir, 'platform.db'), keyHex);
}

export function openEncrypted(file: string, keyHex: string): Db {
  const db = new Database(file);
  try {
    db.pragma(`cipher='sqlcipher'`);
    db.pragma(`legacy=4`);
    db.pragma(`key="x'${keyHex}'"`);
    // Touch the schema: with a wrong key this throws "file is not a database".
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('secure_delete = ON');
    db.pragma('temp_store = MEMORY');
    db.pragma('busy_timeout = 5000');
    // Fewer, larger checkpoints during sustained ingest (WAL up to ~32 MiB).
    db.pragma('wal_autocheckpoint = 8192');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function loadOrCreateKeyFile(path: string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const hex = randomBytes(32).toString('hex');
  writeFileSync(path, hex + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return hex;
}
