import { LOOKALIKE_CLASSES } from '../../common/plates.ts';
import type { Read } from '../../common/read.ts';
import type { Db } from '../store/sqlite.ts';
import { chunks, placeholders, stmt } from './sql.ts';
import { readFromColumns, type ReadColumns } from '../../common/read-row.ts';

/**
 * Mapping between the shared Read schema and rows of `reads`.
 */

const REPRESENTATIVE = new Map<string, string>();
for (const cls of LOOKALIKE_CLASSES) for (const c of cls) REPRESENTATIVE.set(c, cls[0]!);

/**
 * Index key of an already normalised plate: ASCII upper case, then every
 * look-alike character replaced by its class representative, char by char.
 *
 * For a normalised plate this equals `lookalikeKey` from common/plates.ts.
 * Unlike `lookalikeKey` it never re-normalises (which could drop separators
 * of an opaque value's prefix) and it folds ASCII case, so that the key of a
 * prefix is a prefix of the key, and every value SQLite's case-insensitive
 * LIKE can match lies in the key range of the pattern's literal prefix.
 */
export function plateKey(normalisedPlate: string): string {
  let key = '';
  for (const ch of normalisedPlate) {
    const c = ch >= 'a' && ch <= 'z' ? ch.toUpperCase() : ch;
    key += REPRESENTATIVE.get(c) ?? c;
  }
  return key;
}

/** Exclusive upper bound of all strings starting with `prefix` (BINARY/UTF-8 order = code point order). */
export function prefixUpperBound(prefix: string): string {
  const cps = Array.from(prefix);
  const last = cps.pop();
  if (last === undefined) return '\u{10FFFF}';
  return cps.join('') + String.fromCodePoint(last.codePointAt(0)! + 1);
}

export const READ_COLUMNS =
  'id, plate, plate_raw, plate_key, country, captured_at, lat, lon, heading, unit_speed, unit_id, unit_type, ' +
  'lane, direction, operator, source, confidence, alternatives, vehicle, images, hit, hit_category, ' +
  'targeted_operation, retention_rule, retention_until, postponed_until, ingested_at, hit_list_id';

const READ_VALUE_COUNT = 28;

/** The one INSERT of reads, for `rows` rows per statement (the bulk path binds many at once). */
export function insertReadSql(rows = 1): string {
  const one = `(${placeholders(READ_VALUE_COUNT)})`;
  return `INSERT OR IGNORE INTO reads (${READ_COLUMNS}) VALUES ${new Array<string>(rows).fill(one).join(', ')}`;
}

export const INSERT_READ_SQL = insertReadSql(1);

/** A full row of the platform's `reads` table. */
export interface ReadRow extends ReadColumns {
  rid: number;
  targeted_operation: number;
  retention_rule: string;
  retention_until: number;
  postponed_until: number | null;
  ingested_at: number;
}

export const rowToRead: (r: ReadRow) => Read = readFromColumns;

/** The columns the legal gate and the area test need; full rows are fetched only for the page shown. */
export interface Candidate {
  rid: number;
  id: string;
  captured_at: number;
  plate: string;
  lat: number;
  lon: number;
  unit_id: string;
  retention_until: number;
}

export const CANDIDATE_COLUMNS = 'rid, id, captured_at, plate, lat, lon, unit_id, retention_until';

/** Full reads for the given rids, in the order given. */
export function fetchReads(db: Db, rids: readonly number[]): Read[] {
  const byRid = new Map<number, Read>();
  for (const part of chunks(rids, 500)) {
    const rows = stmt(db, `SELECT * FROM reads WHERE rid IN (${placeholders(part.length)})`).all(
      ...part,
    ) as ReadRow[];
    for (const row of rows) byRid.set(row.rid, rowToRead(row));
  }
  const out: Read[] = [];
  for (const rid of rids) {
    const r = byRid.get(rid);
    // A read purged between the candidate scan and this fetch is simply gone.
    if (r) out.push(r);
  }
  return out;
}
