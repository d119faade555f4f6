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
  id: number;
  listId: string;
  category: number | null;
  from: number;
  /** Exclusive end: the earliest of the entry's validTo, its closing and its list's expiry. */
  to: number | null;
}

/** One entry that matched a read: the list and category a hit carries into case data. */
export interface HotlistMatch {
  entryId: number;
  listId: string;
  category: number | null;
}

export interface HotlistIndex {
  /**
   * Entries valid for this plate at that time, on the lists allowed (null =
   * every list). [] = no hit; a null category = a hit without a category.
   */
  match(plate: string, capturedAtMs: number, lists: ReadonlySet<string> | null): HotlistMatch[];
  /**
   * The lists a read of this unit is checked against: the unit's deployment
   * lists plus those of the operations covering the read; null (every active
   * list) when neither names any (the default for a unit never configured).
   */
  listsFor(unitId: string, operationLists: readonly string[]): ReadonlySet<string> | null;
  readonly size: number;
}

const cache = new WeakMap<Db, { rev: number; index: HotlistIndex }>();

/** The earliest of several optional end times (null = open-ended). */
export function earliestEnd(...ends: Array<number | null>): number | null {
  let out: number | null = null;
  for (const e of ends) if (e !== null && (out === null || e < out)) out = e;
  return out;
}

/**
 * The whole hotlist in memory, reloaded only when its revision changed:
 * ingest asks once per batch, and a map lookup per read is what keeps the
 * seed fast path fast. An entry counts from its validFrom until the first of
 * its validTo, its closing and its list's expiry: a hit never outlives the
 * reason it was listed for.
 */
export function hotlistIndex(db: Db): HotlistIndex {
  const rev = readRevision(db, 'hotlist_rev');
  const hit = cache.get(db);
  if (hit && hit.rev === rev) return hit.index;
  const byPlate = new Map<string, Entry[]>();
  const rows = stmt(
    db,
    `SELECT e.id, e.hotlist_id, e.plate, coalesce(e.category, h.category) AS category, e.valid_from,
            e.valid_to, e.closed_at, h.expires_at
       FROM hotlist_entries e JOIN hotlists h ON h.id = e.hotlist_id`,
  ).all() as Array<{
    id: number;
    hotlist_id: string;
    plate: string;
    category: number | null;
    valid_from: number;
    valid_to: number | null;
    closed_at: number | null;
    expires_at: number | null;
  }>;
  for (const r of rows) {
    let list = byPlate.get(r.plate);
    if (!list) byPlate.set(r.plate, (list = []));
    list.push({
      id: r.id,
      listId: r.hotlist_id,
      category: r.category,
      from: r.valid_from,
      to: earliestEnd(r.valid_to, r.closed_at, r.expires_at),
    });
  }
  const deployments = new Map<string, string[]>();
  for (const d of stmt(db, 'SELECT unit_id, hotlist_id FROM hotlist_deployments').all() as Array<{
    unit_id: string;
    hotlist_id: string;
  }>) {
    let lists = deployments.get(d.unit_id);
    if (!lists) deployments.set(d.unit_id, (lists = []));
    lists.push(d.hotlist_id);
  }
  const index: HotlistIndex = {
    size: rows.length,
    match(plate, at, lists) {
      const list = byPlate.get(plate);
      if (!list) return [];
      const out: HotlistMatch[] = [];
      for (const e of list) {
        if (lists !== null && !lists.has(e.listId)) continue;
        if (at >= e.from && (e.to === null || at < e.to))
          out.push({ entryId: e.id, listId: e.listId, category: e.category });
      }
      return out;
    },
    listsFor(unitId, operationLists) {
      const own = deployments.get(unitId);
      if (!own && operationLists.length === 0) return null;
      return new Set([...(own ?? []), ...operationLists]);
    },
  };
  cache.set(db, { rev, index });
  return index;
}
