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
  compareStrings,
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

/**
 * A filter every read statement applies (the workstation's age gate, see
 * case-store.ts): reads captured at or after `gateStart` and not past their
 * deadline at `gateNow` pass at once, every other read is judged by the SQL
 * function `fn` registered on `db`, called as
 * fn(id, captured_at, retention_until, plate, lat, lon, unit_id) → 1 | 0.
 */
export interface SourceGate {
  fn: string;
  /** The bounds for the statement about to run. */
  bounds(): { gateStart: number; gateNow: number };
}

export function sqliteSource(db: Database.Database, gate?: SourceGate): AnalysisSource {
  // The gate's term goes last in each WHERE, so the planner keeps choosing the
  // same index from the terms before it; its bounds are named parameters.
  const G = gate
    ? ` AND (captured_at >= @gateStart AND retention_until >= @gateNow OR ${gate.fn}(id, captured_at, retention_until, plate, lat, lon, unit_id))`
    : '';
  const g = (): [] | [{ gateStart: number; gateNow: number }] => (gate ? [gate.bounds()] : []);
  const byPlate = db.prepare<unknown[], RowWithAlternatives>(
    `SELECT ${COLS}, alternatives FROM reads
      WHERE plate = ? AND captured_at BETWEEN ? AND ?${G} ORDER BY captured_at, id`,
  );
  // Matching plates come from the (plate, captured_at) index alone (it holds
  // the plate), within the prefix ranges (see prefixRanges); then their reads.
  const likePlates = db
    .prepare<[string, string, string, string], string>(
      'SELECT DISTINCT plate FROM reads WHERE plate >= ? AND plate < ? AND plate LIKE ? ESCAPE ?',
    )
    .pluck();
  const byPlateLimited = db.prepare<unknown[], RowWithAlternatives>(
    `SELECT ${COLS}, alternatives FROM reads
      WHERE plate = ? AND captured_at BETWEEN ? AND ?${G} ORDER BY captured_at, id LIMIT ?`,
  );
  const byPlateKey = db.prepare<unknown[], RowWithAlternatives>(
    `SELECT ${COLS}, alternatives FROM reads
      WHERE plate_key = ? AND captured_at BETWEEN ? AND ?${G} ORDER BY plate, captured_at, id`,
  );
  const plateCount = db
    .prepare<unknown[], number>(
      `SELECT count(*) FROM reads WHERE plate = ? AND captured_at BETWEEN ? AND ?${G}`,
    )
    .pluck();
  const plateFirst = db.prepare<unknown[], SourceRead>(
    `SELECT ${COLS} FROM reads WHERE plate = ? AND captured_at BETWEEN ? AND ?${G}
      ORDER BY captured_at, id LIMIT 1`,
  );
  const plateLast = db.prepare<unknown[], SourceRead>(
    `SELECT ${COLS} FROM reads WHERE plate = ? AND captured_at BETWEEN ? AND ?${G}
      ORDER BY captured_at DESC, id DESC LIMIT 1`,
  );
  const atUnit = db.prepare<unknown[], SourceRead>(
    `SELECT ${COLS} FROM reads WHERE unit_id = ? AND captured_at BETWEEN ? AND ?${G}
      ORDER BY captured_at, id LIMIT ?`,
  );
  const inBox = db.prepare<unknown[], SourceRead>(
    `SELECT ${COLS} FROM reads
      WHERE captured_at BETWEEN ? AND ? AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?${G}
      ORDER BY captured_at, id LIMIT ?`,
  );
  // `+captured_at` keeps the planner off the time index: walking the
  // (plate, captured_at) index yields the order without sorting the whole case.
  const scan = db.prepare<unknown[], SourceRead>(
    `SELECT ${COLS} FROM reads WHERE +captured_at BETWEEN ? AND ?${G} ORDER BY plate, captured_at, id`,
  );
  // A loose index scan: one seek per unit instead of reading the whole table.
  const nextUnit = db.prepare<[string], UnitInfo>(
    `SELECT unit_id AS unitId, unit_type AS unitType, lat, lon, direction FROM reads
      WHERE unit_id > ? ORDER BY unit_id, captured_at, id LIMIT 1`,
  );
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  const totalChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
  let unitCache: { version: string; units: UnitInfo[] } | null = null;

  return {
    byPlate(plate, range) {
      const [from, to] = bounds(range);
      return byPlate.all(plate, from, to, ...g()).map(withAlternatives);
    },
    byPlateLike(like, escape, range, limit = NO_LIMIT) {
      const [from, to] = bounds(range);
      const plates = new Set<string>();
      for (const [lo, hi] of prefixRanges(like, escape)) {
        for (const plate of likePlates.iterate(lo, hi, like, escape)) plates.add(plate);
      }
      const out: SourceRead[] = [];
      for (const plate of [...plates].sort(compareStrings)) {
        if (out.length >= limit) break;
        for (const row of byPlateLimited.all(plate, from, to, limit - out.length, ...g())) {
          out.push(withAlternatives(row));
        }
      }
      return out;
    },
    byPlateKey(key, range) {
      const [from, to] = bounds(range);
      return byPlateKey.all(key, from, to, ...g()).map(withAlternatives);
    },
    plateStats(plate, range): PlateStats | null {
      const [from, to] = bounds(range);
      const first = plateFirst.get(plate, from, to, ...g());
      if (!first) return null;
      return {
        count: plateCount.get(plate, from, to, ...g()) ?? 0,
        first,
        last: plateLast.get(plate, from, to, ...g()) ?? first,
      };
    },
    atUnits(unitIds, from, to, limit = NO_LIMIT, accept) {
      const units = [...new Set(unitIds)];
      const one = (unit: string): SourceRead[] => {
        if (!accept) return atUnit.all(unit, from, to, limit, ...g());
        const out: SourceRead[] = [];
        for (const r of atUnit.iterate(unit, from, to, NO_LIMIT, ...g())) {
          if (!accept(r)) continue;
          out.push(r);
          if (out.length >= limit) break;
        }
        return out;
      };
      if (units.length === 1) return one(units[0]!);
      // Each unit's first `limit` reads hold the first `limit` of all of them.
      const rows = units.flatMap(one);
      rows.sort(compareByTime);
      return rows.length > limit ? rows.slice(0, limit) : rows;
    },
    inBox(box: BoundingBox, from, to, limit = NO_LIMIT, accept) {
      if (!accept)
        return inBox.all(from, to, box.minLat, box.maxLat, box.minLon, box.maxLon, limit, ...g());
      const out: SourceRead[] = [];
      for (const r of inBox.iterate(
        from,
        to,
        box.minLat,
        box.maxLat,
        box.minLon,
        box.maxLon,
        NO_LIMIT,
        ...g(),
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
      return scan.iterate(from, to, ...g());
    },
    units() {
      // Area searches ask for the units every time; listing them costs one seek
      // per unit, so the list is kept until the database changes (by this
      // connection: total_changes; by another one: data_version).
      const version = `${String(dataVersion.get())}:${String(totalChanges.get())}`;
      if (unitCache?.version !== version) {
        const units: UnitInfo[] = [];
        for (let u = nextUnit.get(''); u; u = nextUnit.get(u.unitId)) units.push(u);
        unitCache = { version, units };
      }
      return unitCache.units.map((u) => ({ ...u }));
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

/** Casings tried per prefix: 2^3, i.e. the prefix is cut before its 4th letter. */
const MAX_CASED_LETTERS = 3;

/**
 * Index ranges that together hold every plate matching a LIKE pattern. LIKE
 * folds ASCII case, so the literal prefix P matches any casing of itself; each
 * casing Q is one tight range [Q, Q with its last character + 1). Beyond
 * MAX_CASED_LETTERS letters the prefix is cut (a superset; LIKE filters
 * exactly). Without an ASCII literal prefix: the whole index, one range.
 */
export function prefixRanges(like: string, escape: string): Array<[string, string]> {
  let prefix = '';
  let letters = 0;
  for (let i = 0; i < like.length; i++) {
    let c = like[i]!;
    if (c === escape && i + 1 < like.length) c = like[++i]!;
    else if (c === '%' || c === '_') break;
    // Only ASCII, so that incrementing the last character is a plain code unit step.
    if (!/^[\x20-\x7e]$/.test(c)) break;
    if (/^[A-Za-z]$/.test(c) && ++letters > MAX_CASED_LETTERS) break;
    prefix += c;
  }
  if (prefix === '') return [['', TOP]];
  let casings = [''];
  for (const c of prefix) {
    const variants = /^[A-Za-z]$/.test(c) ? [c.toUpperCase(), c.toLowerCase()] : [c];
    casings = casings.flatMap((q) => variants.map((v) => q + v));
  }
  return casings
    .sort(compareStrings)
    .map((q) => [q, q.slice(0, -1) + String.fromCharCode(q.charCodeAt(q.length - 1) + 1)]);
}
