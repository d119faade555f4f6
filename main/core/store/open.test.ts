import Database from 'better-sqlite3-multiple-ciphers';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseStore } from './case-store.ts';
import { StoreCorruptError, StoreWrongKeyError } from './errors.ts';
import { fakeReads } from './fixtures/reads.ts';
import { newStoreKey, openEncryptedStore } from './open.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'anpr-open-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A closed store with a few thousand reads, i.e. many pages. */
function populated(key: string): string {
  const file = join(dir, 'c.anprcase');
  const store = CaseStore.open(file, key);
  const now = new Date('2026-03-10T00:00:00Z');
  store.beginPull({ id: 'p', params: {}, now });
  store.insertReads(fakeReads(0, 3000), 'p', { offset: 3000 }, { now });
  store.close();
  return file;
}

describe('openEncryptedStore', () => {
  it('opens with the hardening pragmas the issue requires', () => {
    const db = openEncryptedStore(join(dir, 'x.db'), newStoreKey());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(db.pragma('temp_store', { simple: true })).toBe(2); // MEMORY
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('reports a wrong key as StoreWrongKeyError with the re-pull recovery', () => {
    const file = populated(newStoreKey());
    const error = catchError(() => openEncryptedStore(file, newStoreKey()));
    expect(error).toBeInstanceOf(StoreWrongKeyError);
    expect((error as StoreWrongKeyError).recovery).toBe('re-pull');
    expect((error as Error).message).toMatch(/cannot be decrypted.*pull the reads again/s);
  });

  it('reports bytes overwritten in the middle as StoreCorruptError, not a crash', () => {
    const key = newStoreKey();
    const file = populated(key);
    const bytes = readFileSync(file);
    bytes.fill(0x41, bytes.length / 2, bytes.length / 2 + 200);
    writeFileSync(file, bytes);
    const error = catchError(() => openEncryptedStore(file, key));
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect((error as StoreCorruptError).recovery).toBe('re-pull');
  });

  it('reports a truncated file as StoreCorruptError (page-aligned or not)', () => {
    const key = newStoreKey();
    const file = populated(key);
    const size = readFileSync(file).length;
    truncateSync(file, size - 4096 * 3);
    expect(catchError(() => openEncryptedStore(file, key))).toBeInstanceOf(StoreCorruptError);
    truncateSync(file, 5000);
    expect(catchError(() => openEncryptedStore(file, key))).toBeInstanceOf(StoreCorruptError);
  });

  it('tells a damaged first page (right key) from a wrong key', () => {
    const key = newStoreKey();
    const file = populated(key);
    const bytes = readFileSync(file);
    bytes.fill(0, 1000, 1010);
    writeFileSync(file, bytes);
    expect(catchError(() => openEncryptedStore(file, key))).toBeInstanceOf(StoreCorruptError);
    expect(catchError(() => openEncryptedStore(file, newStoreKey()))).toBeInstanceOf(
      StoreWrongKeyError,
    );
  });

  it('never opens a plaintext SQLite file in place of a store', () => {
    const file = join(dir, 'plain.db');
    const plain = new Database(file);
    plain.exec('CREATE TABLE t (x)');
    plain.close();
    const before = readFileSync(file);
    expect(catchError(() => openEncryptedStore(file, newStoreKey()))).toBeInstanceOf(
      StoreCorruptError,
    );
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a malformed key without echoing it', () => {
    const error = catchError(() => openEncryptedStore(join(dir, 'y.db'), 'SECRET-not-hex'));
    expect((error as Error).message).not.toContain('SECRET');
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
