/**
 * AnalysisSource over a case store's `reads` table (better-sqlite3, usually
 * the encrypted case store's handle). Statements are prepared once per source;
 * each method is one indexed range query (atUnits: one per unit), never a
 * table scan, except byPlateLike without a literal prefix (an index-only scan)
 * and inBox over a long window (the time index, filtered on position).
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import type { BoundingBox } from '../../../common/geo.ts';
import {
  compareByTime,
  type AnalysisSource,
  type PlateStats,
  type SourceRead,
  type TimeRange,
  type UnitInfo,
} from './source.ts';

// Bounds bound as integers so the comparison with the INTEGER column stays exact.
const MIN_TIME = Number.MIN_SAFE_INTEGER;
const MAX_TIME = Number.MAX_SAFE_INTEGER;
/** Larger than any result a caller may ask for; SQLite needs a number for LIMIT. */
const NO_LIMIT = Number.MAX_SAFE_INTEGER;
/** Greater than every string of valid UTF-8 text: the open upper end of a prefix range. */
const TOP = '\u{10FFFF}';

const COLS =
  'id, plate, captured_at AS capturedAt, lat, lon, unit_id AS unitId, direction, confidence';

interface RowWithAlternatives extends Omit<SourceRead, 'alternatives'> {
  alternatives: string;
}

export function sqliteSource(db: Database.Database): AnalysisSource {
  const byPlate = db.prepare<[string, number, number], RowWithAlternatives>(
    `SELECT ${COLS}, alternatives FROM reads
      WHERE plate = ? AND captured_at BETWEEN ? AND ? ORDER BY captured_at, id`,
  );
  // The subquery finds the matching plates on the (plate, captured_at) index alone
  // (the index holds the plate), so only matching reads are fetched from the table.
  // The range narrows that scan to the literal prefix (see prefixRange).
  const byPlateLike = db.prepare<
    [string, string, string, string, number, number, number],
    RowWithAlternatives
  >(
    `SELECT ${COLS}, alternatives FROM reads
      WHERE plate IN (SELECT DISTINCT plate FROM reads
                       WHERE plate >= ? AND plate < ? AND plate LIKE ? ESCAPE ?)
        AND captured_at BETWEEN ? AND ?
      ORDER BY plate, captured_at, id LIMIT ?`,
  );
  const byPlateKey = db.prepare<[string, number, number], RowWithAlternatives>(
    `SELECT ${COLS}, alternatives FROM reads
      WHERE plate_key = ? AND captured_at BETWEEN ? AND ? ORDER BY plate, captured_at, id`,
  );
  const plateCount = db
    .prepare<[string, number, number], number>(
      'SELECT count(*) FROM reads WHERE plate = ? AND captured_at BETWEEN ? AND ?',
    )
    .pluck();
  const plateFirst = db.prepare<[string, number, number], SourceRead>(
    `SELECT ${COLS} FROM reads WHERE plate = ? AND captured_at BETWEEN ? AND ?
      ORDER BY captured_at, id LIMIT 1`,
  );
  const plateLast = db.prepare<[string, number, number], SourceRead>(
    `SELECT ${COLS} FROM reads WHERE plate = ? AND captured_at BETWEEN ? AND ?
      ORDER BY captured_at DESC, id DESC LIMIT 1`,
  );
  const atUnit = db.prepare<[string, number, number, number], SourceRead>(
    `SELECT ${COLS} FROM reads WHERE unit_id = ? AND captured_at BETWEEN ? AND ?
      ORDER BY captured_at, id LIMIT ?`,
  );
  const inBox = db.prepare<[number, number, number, number, number, number, number], SourceRead>(
    `SELECT ${COLS} FROM reads
      WHERE captured_at BETWEEN ? AND ? AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?
      ORDER BY captured_at, id LIMIT ?`,
  );
  // `+captured_at` keeps the planner off the time index: walking the
  // (plate, captured_at) index yields the order without sorting the whole case.
  const scan = db.prepare<[number, number], SourceRead>(
    `SELECT ${COLS} FROM reads WHERE +captured_at BETWEEN ? AND ? ORDER BY plate, captured_at, id`,
  );
  // A loose index scan: one seek per unit instead of reading the whole table.
  const nextUnit = db.prepare<[string], UnitInfo>(
    `SELECT unit_id AS unitId, unit_type AS unitType, lat, lon, direction FROM reads
      WHERE unit_id > ? ORDER BY unit_id, captured_at, id LIMIT 1`,
  );

  return {
    byPlate(plate, range) {
      const [from, to] = bounds(range);
      return byPlate.all(plate, from, to).map(withAlternatives);
    },
    byPlateLike(like, escape, range, limit = NO_LIMIT) {
      const [from, to] = bounds(range);
      const [lo, hi] = prefixRange(like, escape);
      return byPlateLike.all(lo, hi, like, escape, from, to, limit).map(withAlternatives);
    },
    byPlateKey(key, range) {
      const [from, to] = bounds(range);
      return byPlateKey.all(key, from, to).map(withAlternatives);
    },
    plateStats(plate, range): PlateStats | null {
      const [from, to] = bounds(range);
      const first = plateFirst.get(plate, from, to);
      if (!first) return null;
      return {
        count: plateCount.get(plate, from, to) ?? 0,
        first,
        last: plateLast.get(plate, from, to) ?? first,
      };
    },
    atUnits(unitIds, from, to, limit = NO_LIMIT) {
      const units = [...new Set(unitIds)];
      if (units.length === 1) return atUnit.all(units[0]!, from, to, limit);
      const rows = units.flatMap((u) => atUnit.all(u, from, to, limit));
      rows.sort(compareByTime);
      return rows.length > limit ? rows.slice(0, limit) : rows;
    },
    inBox(box: BoundingBox, from, to, limit = NO_LIMIT, accept) {
      if (!accept)
        return inBox.all(from, to, box.minLat, box.maxLat, box.minLon, box.maxLon, limit);
      const out: SourceRead[] = [];
      for (const r of inBox.iterate(
        from,
        to,
        box.minLat,
        box.maxLat,
        box.minLon,
        box.maxLon,
        NO_LIMIT,
      )) {
        if (!accept(r)) continue;
        out.push(r);
        // Leaving the loop early resets the statement (better-sqlite3 calls return()).
        if (out.length >= limit) break;
      }
      return out;
    },
    scanByPlate(range) {
      const [from, to] = bounds(range);
      return scan.iterate(from, to);
    },
    units() {
      const out: UnitInfo[] = [];
      for (let u = nextUnit.get(''); u; u = nextUnit.get(u.unitId)) out.push(u);
      return out;
    },
  };
}

function bounds(range: TimeRange | undefined): [number, number] {
  return [range?.from ?? MIN_TIME, range?.to ?? MAX_TIME];
}

function withAlternatives(row: RowWithAlternatives): SourceRead {
  return { ...row, alternatives: parseAlternatives(row.alternatives) };
}

function parseAlternatives(json: string): SourceRead['alternatives'] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as SourceRead['alternatives']) : [];
  } catch {
    // A damaged JSON cell must not make a plate search fail: the read itself is still valid.
    return [];
  }
}

/**
 * The index range that holds every plate matching a LIKE pattern. LIKE folds
 * ASCII case, so the literal prefix P may match any casing of itself; all of
 * them sort between upper(P) and lower(P) (digits < upper < lower in binary
 * order), which gives a superset range that LIKE then filters exactly. Without
 * an ASCII literal prefix the whole index is scanned.
 */
export function prefixRange(like: string, escape: string): [string, string] {
  let prefix = '';
  for (let i = 0; i < like.length; i++) {
    const c = like[i]!;
    if (c === escape && i + 1 < like.length) {
      prefix += like[++i]!;
      continue;
    }
    if (c === '%' || c === '_') break;
    prefix += c;
  }
  // Only the ASCII part is used, so that incrementing the last character stays a
  // plain code unit step (no surrogate pairs); a shorter prefix is still a superset.
  const ascii = /^[\x20-\x7e]*/.exec(prefix)![0];
  if (ascii === '') return ['', TOP];
  const lower = ascii.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const upper = ascii.replace(/[a-z]/g, (c) => c.toUpperCase());
  const hi = lower.slice(0, -1) + String.fromCharCode(lower.charCodeAt(lower.length - 1) + 1);
  return [upper, hi];
}
