/**
 * Opens an encrypted SQLite store (SQLite3MultipleCiphers, SQLCipher 4 format)
 * with a random 256-bit raw key, and turns every way this can fail into a
 * typed error the officer can act on (see errors.ts). Never opens or creates
 * a plaintext database.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { mapSqliteError, StoreCorruptError, StoreError, StoreWrongKeyError } from './errors.ts';
import { keyMatchesLaterPages, PAGE_SIZE } from './sqlcipher-format.ts';

export type Db = Database.Database;

const KEY_HEX = /^[0-9a-f]{64}$/;
const PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** A fresh random 256-bit store key as 64 lower-case hex characters. */
export function newStoreKey(): string {
  return randomBytes(32).toString('hex');
}

export function isStoreKey(keyHex: unknown): keyHex is string {
  return typeof keyHex === 'string' && KEY_HEX.test(keyHex);
}

export interface OpenStoreOptions {
  /**
   * 'quick' (default) reads every page once at open (PRAGMA quick_check), so a
   * damaged file is reported when the case is opened rather than in the middle
   * of an analysis.
   */
  check?: 'quick' | 'none';
}

export function openEncryptedStore(
  file: string,
  keyHex: string,
  options: OpenStoreOptions = {},
): Db {
  if (!isStoreKey(keyHex)) {
    // Never echo the value: it may be a (malformed) key.
    throw new StoreError(
      'Internal error: a store key must be 64 lower-case hexadecimal characters.',
      'bad key format',
    );
  }
  const existed = existsSync(file) && statSync(file).size > 0;
  if (existed) inspectHeader(file);
  else if (!existsSync(file)) closeSync(openSync(file, 'wx', 0o600)); // SQLite gives -wal/-shm the same mode

  let db: Db;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch (error) {
    throw mapSqliteError(error);
  }
  try {
    db.pragma(`cipher='sqlcipher'`);
    db.pragma('legacy=4');
    db.pragma(`key="x'${keyHex}'"`);
    try {
      // The first read of page 1: a wrong key fails here with SQLITE_NOTADB.
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (error) {
      throw classifyUnreadable(file, keyHex, error);
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('secure_delete = ON');
    db.pragma('temp_store = MEMORY');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (existed && (options.check ?? 'quick') === 'quick') {
      const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
      if (rows.length !== 1 || rows[0]?.quick_check !== 'ok') {
        throw new StoreCorruptError(undefined, `quick_check reported ${rows.length} problem(s)`);
      }
    }
  } catch (error) {
    db.close();
    if (!existed) rmSync(file, { force: true });
    throw mapSqliteError(error);
  }
  return db;
}

/** Cheap checks before SQLite sees the file: truncation and plaintext databases. */
function inspectHeader(file: string): void {
  const size = statSync(file).size;
  if (size % PAGE_SIZE !== 0) {
    throw new StoreCorruptError(
      undefined,
      `file size ${size} is not a whole number of pages (truncated)`,
    );
  }
  const head = readHead(file, PLAINTEXT_HEADER.length);
  if (head.equals(PLAINTEXT_HEADER)) {
    // A plaintext SQLite file where an encrypted store should be: never read it, never write to it.
    throw new StoreCorruptError(
      'The local copy of this case is not an encrypted store written by this workstation. It will not be opened. ' +
        'Delete it and pull the reads again from the platform.',
      'plaintext SQLite header',
    );
  }
}

function classifyUnreadable(file: string, keyHex: string, error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_NOTADB') {
    const head = readHead(file, 16 * PAGE_SIZE);
    if (keyMatchesLaterPages(head, Buffer.from(keyHex, 'hex'))) {
      return new StoreCorruptError(
        undefined,
        'page 1 fails authentication, later pages match the key',
        { cause: error },
      );
    }
    return new StoreWrongKeyError(undefined, 'no page authenticates with this key', {
      cause: error,
    });
  }
  return mapSqliteError(error);
}

function readHead(file: string, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    const n = readSync(fd, buf, 0, length, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Re-encrypts an open store under a new key (SQLite3MultipleCiphers
 * `PRAGMA rekey`): the WAL is checkpointed and emptied first and the store
 * leaves WAL mode for the rekey, so every page is rewritten in the main file
 * inside one rollback-journal transaction, then goes back to WAL. From then
 * on the old key opens nothing (StoreWrongKeyError). The caller keeps both
 * keys in the keychain until the new one is confirmed there (CaseStores).
 */
export function rekeyEncryptedStore(db: Db, newKeyHex: string): void {
  if (!isStoreKey(newKeyHex)) {
    throw new StoreError(
      'Internal error: a store key must be 64 lower-case hexadecimal characters.',
      'bad key format',
    );
  }
  try {
    const [cp] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    if (cp && cp.busy !== 0) {
      throw new StoreError(
        'The key of this local store could not be changed now because the store is busy. It will be tried again later.',
        'wal_checkpoint busy',
      );
    }
    db.pragma('journal_mode = DELETE');
    try {
      db.pragma(`rekey="x'${newKeyHex}'"`);
    } finally {
      db.pragma('journal_mode = WAL');
    }
  } catch (error) {
    throw mapSqliteError(error);
  }
}
