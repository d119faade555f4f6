import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { normalisePlate } from '../../common/plates.ts';
import { HitCategory, Timestamp } from '../../common/read.ts';
import type { Db } from '../store/sqlite.ts';
import { parseInput } from './actor.ts';
import { DataError } from './errors.ts';
import { bumpRevision, readRevision } from './meta.ts';
import { stmt, toIso, toMs } from './sql.ts';

/**
 * Hotlists: plates the police look for, each entry with a Danish hit
 * category (1-13, null where the jurisdiction has none) and a validity
 * period. Matching happens at ingest so a hit gets its category and its
 * (longer) retention the moment it is stored.
 */

export const HotlistInput = z.object({
  id: z.string().min(1).max(64).optional(),
  name: z.string().min(1).max(120),
  source: z.string().min(1).max(120),
});
export type HotlistInput = z.infer<typeof HotlistInput>;

export const HotlistEntryInput = z.object({
  plate: z.string().min(1).max(64),
  category: HitCategory.nullable().default(null),
  reason: z.string().min(1).max(300),
  validFrom: Timestamp,
  validTo: Timestamp.nullable().default(null),
});
export type HotlistEntryInput = z.input<typeof HotlistEntryInput>;

export interface Hotlist {
  id: string;
  name: string;
  source: string;
  createdAt: string;
  entries: number;
}

export function createHotlist(db: Db, input: HotlistInput, now: Date): Hotlist {
  const h = parseInput(HotlistInput, input, 'hotlist');
  const id = h.id ?? randomUUID();
  try {
    stmt(db, 'INSERT INTO hotlists (id, name, source, created_at) VALUES (?, ?, ?, ?)').run(
      id,
      h.name,
      h.source,
      now.getTime(),
    );
  } catch (e) {
    if (String(e).includes('UNIQUE'))
      throw new DataError('conflict', 'A hotlist with this id already exists.');
    throw e;
  }
  return { id, name: h.name, source: h.source, createdAt: now.toISOString(), entries: 0 };
}

export function addHotlistEntries(
  db: Db,
  hotlistId: string,
  entries: readonly unknown[],
  now: Date,
): { added: number } {
  const parsed = entries.map((e, i) => parseInput(HotlistEntryInput, e, `hotlist entry ${i}`));
  if (!stmt(db, 'SELECT 1 FROM hotlists WHERE id = ?').get(hotlistId)) {
    throw new DataError('not-found', 'No such hotlist.');
  }
  const insert = stmt(
    db,
    'INSERT INTO hotlist_entries (hotlist_id, plate, category, reason, valid_from, valid_to, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const e of parsed) {
      insert.run(
        hotlistId,
        normalisePlate(e.plate),
        e.category,
        e.reason,
        toMs(e.validFrom),
        e.validTo === null ? null : toMs(e.validTo),
        now.getTime(),
      );
    }
    bumpRevision(db, 'hotlist_rev');
  })();
  return { added: parsed.length };
}

/** Ends an entry's validity (entries are not deleted: earlier hits keep their explanation). */
export function endHotlistEntries(
  db: Db,
  hotlistId: string,
  plate: string,
  at: Date,
): { ended: number } {
  const r = db.transaction(() => {
    const res = stmt(
      db,
      'UPDATE hotlist_entries SET valid_to = ? WHERE hotlist_id = ? AND plate = ? AND (valid_to IS NULL OR valid_to > ?)',
    ).run(at.getTime(), hotlistId, normalisePlate(plate), at.getTime());
    bumpRevision(db, 'hotlist_rev');
    return res.changes;
  })();
  return { ended: r };
}

export function listHotlists(db: Db): Hotlist[] {
  const rows = stmt(
    db,
    `SELECT h.id, h.name, h.source, h.created_at, (SELECT count(*) FROM hotlist_entries e WHERE e.hotlist_id = h.id) AS n
     FROM hotlists h ORDER BY h.name`,
  ).all() as Array<{ id: string; name: string; source: string; created_at: number; n: number }>;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    source: r.source,
    createdAt: toIso(r.created_at),
    entries: r.n,
  }));
}

interface Entry {
  category: number | null;
  from: number;
  to: number | null;
}

export interface HotlistIndex {
  /** Categories of the entries valid for this plate at that time ([] = no hit; null = hit without category). */
  match(plate: string, capturedAtMs: number): Array<number | null>;
  readonly size: number;
}

const cache = new WeakMap<Db, { rev: number; index: HotlistIndex }>();

/**
 * The whole hotlist in memory, reloaded only when its revision changed:
 * ingest asks once per batch, and a map lookup per read is what keeps the
 * seed fast path fast.
 */
export function hotlistIndex(db: Db): HotlistIndex {
  const rev = readRevision(db, 'hotlist_rev');
  const hit = cache.get(db);
  if (hit && hit.rev === rev) return hit.index;
  const byPlate = new Map<string, Entry[]>();
  const rows = stmt(
    db,
    'SELECT plate, category, valid_from, valid_to FROM hotlist_entries',
  ).all() as Array<{
    plate: string;
    category: number | null;
    valid_from: number;
    valid_to: number | null;
  }>;
  for (const r of rows) {
    let list = byPlate.get(r.plate);
    if (!list) byPlate.set(r.plate, (list = []));
    list.push({ category: r.category, from: r.valid_from, to: r.valid_to });
  }
  const index: HotlistIndex = {
    size: rows.length,
    match(plate, at) {
      const list = byPlate.get(plate);
      if (!list) return [];
      const out: Array<number | null> = [];
      for (const e of list) if (at >= e.from && (e.to === null || at < e.to)) out.push(e.category);
      return out;
    },
  };
  cache.set(db, { rev, index });
  return index;
}
