import type Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../store/sqlite.ts';

/**
 * Prepared statements cached per connection: preparing costs more than
 * running for the small statements the data layer issues per request.
 */
type Statement = Database.Statement;
const caches = new WeakMap<Db, Map<string, Statement>>();

export function stmt(db: Db, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let s = cache.get(sql);
  if (!s) {
    // Lists of varying length make distinct SQL texts; keep the cache bounded.
    if (cache.size >= 500) cache.clear();
    s = db.prepare(sql);
    cache.set(sql, s);
  }
  return s;
}

/** Statement cache must be dropped when indexes are rebuilt by a bulk load. */
export function clearStatements(db: Db): void {
  caches.delete(db);
}

export function toMs(iso: string | Date): number {
  return typeof iso === 'string' ? Date.parse(iso) : iso.getTime();
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

export function placeholders(n: number): string {
  return new Array<string>(n).fill('?').join(',');
}

/** Splits a list so `IN (...)` stays far below SQLite's variable limit. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
