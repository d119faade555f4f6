import { areaBoundingBox, pointInArea, type Area } from '../../common/geo.ts';
import {
  lookalikeDistance,
  normalisePlate,
  normaliseWildcard,
  wildcardToSqlLike,
} from '../../common/plates.ts';
import type { Db } from '../store/sqlite.ts';
import { CANDIDATE_COLUMNS, plateKey, prefixUpperBound, type Candidate } from './rows.ts';
import { bucketOf } from './schema.ts';
import { placeholders, stmt } from './sql.ts';

/**
 * Which reads a query, a pull, an approval estimate or a postponement is
 * about, turned into one indexed SQL statement plus an exact in-memory test
 * for what SQL only approximates (a circle or polygon after its bounding
 * box, OCR look-alike distance after the shared key).
 *
 * Criteria combine as an intersection (plates AND area AND units AND time);
 * several plates are a union among themselves.
 */

export type PlateCriterion =
  | { kind: 'exact'; plate: string }
  | { kind: 'wildcard'; pattern: string }
  | { kind: 'fuzzy'; plate: string; maxSubstitutions: number };

export interface ReadScope {
  plates?: readonly PlateCriterion[] | null;
  area?: Area | null;
  unitIds?: readonly string[] | null;
  /** Inclusive capture-time bounds, epoch ms. */
  from?: number | null;
  to?: number | null;
}

export interface ScanOptions {
  /** Only reads strictly after this (captured_at, id) position. */
  after?: { capturedAt: number; id: string } | null;
  /** Only reads stored when the pull started (rids are never reused). */
  asOfRid?: number | null;
  order?: 'asc' | 'desc';
  limit?: number;
  /**
   * First and last capture week (`reads.bucket`) to search for plates: the
   * plate index leads with the week, so a plate term is one seek per week.
   * From `bucketSpan`; without it a plate term cannot use its index.
   */
  buckets?: { first: number; last: number } | null;
}

export interface CompiledScope {
  sql: string;
  params: unknown[];
  /** Exact test on a candidate row that passed the SQL filter. */
  accept(c: Candidate): boolean;
}

/** The literal characters of a normalised wildcard pattern before its first `?` or `*`. */
export function literalPrefix(normalisedPattern: string): string {
  const i = normalisedPattern.search(/[?*]/);
  return i < 0 ? normalisedPattern : normalisedPattern.slice(0, i);
}

export function compileScope(scope: ReadScope, options: ScanOptions = {}): CompiledScope {
  const where: string[] = [];
  const params: unknown[] = [];
  const fuzzy: Array<{ plate: string; key: string; max: number }> = [];
  let hasNonFuzzyPlate = false;

  if (scope.plates && scope.plates.length > 0) {
    const ors: string[] = [];
    // Inside each OR term, so that every term is an index lookup on its own
    // (SQLite then unions them); integers we computed, safe to inline.
    const weeks = options.buckets ? `bucket IN (${weekList(options.buckets)}) AND ` : '';
    for (const p of scope.plates) {
      if (p.kind === 'exact') {
        const plate = normalisePlate(p.plate);
        ors.push(`(${weeks}plate_key = ? AND plate = ?)`);
        params.push(plateKey(plate), plate);
        hasNonFuzzyPlate = true;
      } else if (p.kind === 'wildcard') {
        const { like, escape } = wildcardToSqlLike(p.pattern);
        const prefix = literalPrefix(normaliseWildcard(p.pattern));
        if (prefix.length > 0) {
          const key = plateKey(prefix);
          ors.push(`(${weeks}plate_key >= ? AND plate_key < ? AND plate LIKE ? ESCAPE ?)`);
          params.push(key, prefixUpperBound(key), like, escape);
        } else {
          ors.push('(plate LIKE ? ESCAPE ?)');
          params.push(like, escape);
        }
        hasNonFuzzyPlate = true;
      } else {
        const plate = normalisePlate(p.plate);
        const key = plateKey(plate);
        ors.push(`(${weeks}plate_key = ?)`);
        params.push(key);
        fuzzy.push({ plate, key, max: p.maxSubstitutions });
      }
    }
    where.push(`(${ors.join(' OR ')})`);
  }

  const area = scope.area ?? null;
  if (area?.kind === 'cameras') {
    where.push(`unit_id IN (${placeholders(area.cameraIds.length)})`);
    params.push(...area.cameraIds);
  } else if (area) {
    const box = areaBoundingBox(area);
    if (box) {
      where.push('lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?');
      params.push(box.minLat, box.maxLat, box.minLon, box.maxLon);
    }
  }
  if (scope.unitIds && scope.unitIds.length > 0) {
    where.push(`unit_id IN (${placeholders(scope.unitIds.length)})`);
    params.push(...scope.unitIds);
  }
  if (scope.from != null) {
    where.push('captured_at >= ?');
    params.push(scope.from);
  }
  if (scope.to != null) {
    where.push('captured_at <= ?');
    params.push(scope.to);
  }
  if (options.after) {
    const op = options.order === 'desc' ? '<' : '>';
    where.push(`(captured_at, id) ${op} (?, ?)`);
    params.push(options.after.capturedAt, options.after.id);
  }
  if (options.asOfRid != null) {
    where.push('rid <= ?');
    params.push(options.asOfRid);
  }

  const dir = options.order === 'desc' ? 'DESC' : 'ASC';
  let sql = `SELECT ${CANDIDATE_COLUMNS} FROM reads${where.length ? ' WHERE ' + where.join(' AND ') : ''}`;
  if (options.order) sql += ` ORDER BY captured_at ${dir}, id ${dir}`;
  if (options.limit !== undefined) {
    sql += ' LIMIT ?';
    params.push(options.limit);
  }

  const needsArea = area !== null && area.kind !== 'cameras';
  const needsFuzzy = fuzzy.length > 0;
  const accept = (c: Candidate): boolean => {
    if (needsArea && !pointInArea({ lat: c.lat, lon: c.lon, unitId: c.unit_id }, area))
      return false;
    if (needsFuzzy) {
      // A row may have come in through an exact/wildcard term; then it stands.
      const viaFuzzy = fuzzy.some((f) => {
        if (plateKey(c.plate) !== f.key) return false;
        const d = lookalikeDistance(f.plate, c.plate);
        return d !== null && d <= f.max;
      });
      if (!viaFuzzy && !(hasNonFuzzyPlate && matchesNonFuzzy(scope.plates!, c.plate))) return false;
    }
    return true;
  };
  return { sql, params, accept };
}

function matchesNonFuzzy(plates: readonly PlateCriterion[], plate: string): boolean {
  for (const p of plates) {
    if (p.kind === 'exact' && normalisePlate(p.plate) === plate) return true;
    if (p.kind === 'wildcard' && likeMatch(p.pattern, plate)) return true;
  }
  return false;
}

function likeMatch(pattern: string, plate: string): boolean {
  // Same semantics as SQLite LIKE (ASCII case folding) on the stored value.
  const up = (s: string) => s.replace(/[a-z]/g, (ch) => ch.toUpperCase());
  let src = '^';
  for (const ch of up(normaliseWildcard(pattern))) {
    if (ch === '?') src += '.';
    else if (ch === '*') src += '.*';
    else src += ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  }
  return new RegExp(src + '$', 'su').test(up(plate));
}

function weekList({ first, last }: { first: number; last: number }): string {
  const weeks: number[] = [];
  for (let w = first; w <= last; w++) weeks.push(w);
  return weeks.join(', ');
}

/**
 * The capture weeks a scope can touch: its own time bounds, else the first
 * and last read stored (two seeks on the time index). Null when nothing is
 * stored or the scope has no plate term (other terms do not need weeks).
 */
export function bucketSpan(db: Db, scope: ReadScope): { first: number; last: number } | null {
  if (!scope.plates || scope.plates.length === 0) return null;
  let from = scope.from ?? null;
  let to = scope.to ?? null;
  if (from === null || to === null) {
    // Two statements: SQLite answers a lone min() or max() with one index
    // seek, but both in one statement with a scan of the whole index.
    const lo = (stmt(db, 'SELECT min(captured_at) AS t FROM reads').get() as { t: number | null })
      .t;
    const hi = (stmt(db, 'SELECT max(captured_at) AS t FROM reads').get() as { t: number | null })
      .t;
    if (lo === null || hi === null) return null;
    from ??= lo;
    to ??= hi;
  }
  if (to < from) return { first: bucketOf(from), last: bucketOf(from) };
  return { first: bucketOf(from), last: bucketOf(to) };
}

/** Iterates every candidate in scope that passes the exact test. */
export function* scanScope(
  db: Db,
  scope: ReadScope,
  options: ScanOptions = {},
): Generator<Candidate> {
  const c = compileScope(scope, { buckets: bucketSpan(db, scope), ...options });
  // A fresh statement: a cached one could still be busy in another unfinished scan.
  for (const row of db.prepare(c.sql).iterate(...c.params) as IterableIterator<Candidate>) {
    if (c.accept(row)) yield row;
  }
}
