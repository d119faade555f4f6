import { normalisePlate } from '../../common/plates.ts';
import {
  retentionDeadline,
  retentionRuleFor,
  type PolicyPack,
  type RetentionInput,
} from '../../common/policy.ts';
import { Read } from '../../common/read.ts';
import type { Db } from '../store/sqlite.ts';
import { describeIssues } from './actor.ts';
import { hotlistIndex, type HotlistIndex } from './hotlists.ts';
import { postponementIndex, type PostponementIndex } from './postponements.ts';
import { INSERT_READ_SQL, insertReadSql, plateKey } from './rows.ts';
import { bucketOf, READ_INDEXES } from './schema.ts';
import { clearStatements, stmt } from './sql.ts';
import { operationIndex, type OperationIndex } from './targeted-operations.ts';

/**
 * Ingest: validated reads from cameras and mobile units, and a trusted fast
 * path for the seed loader. Both go through `prepareRow` and the same INSERT,
 * so hotlist matching and retention are computed identically.
 */

export interface IngestContext {
  now: Date;
  pack: PolicyPack;
  /** The authenticated sending unit: every read of the batch must be its own. */
  unitId?: string;
}

export type IngestStatus = 'accepted' | 'duplicate' | 'rejected';

export interface IngestRecordResult {
  index: number;
  id?: string;
  status: IngestStatus;
  /** Why a record was rejected: field names and rules, never the record's content. */
  reason?: string;
  /** Set (true) on an accepted read that is a hotlist hit. */
  hit?: true;
}

export interface IngestCounts {
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Rejected because their retention deadline had already passed (a subset of `rejected`). */
  expired: number;
  /** Accepted reads that are hotlist hits. */
  hits: number;
}

export interface IngestReport extends IngestCounts {
  results: IngestRecordResult[];
}

/** Readings from a unit whose clock runs ahead by more than this are refused rather than stored with a future time. */
export const MAX_CLOCK_AHEAD_MS = 5 * 60_000;

/** The seed path commits every this many reads. */
export const TRUSTED_BATCH = 10_000;

interface Env {
  pack: PolicyPack;
  now: number;
  hotlist: HotlistIndex;
  operations: OperationIndex;
  postponements: PostponementIndex;
}

function env(db: Db, pack: PolicyPack, now: Date): Env {
  return {
    pack,
    now: now.getTime(),
    hotlist: hotlistIndex(db),
    operations: operationIndex(db),
    postponements: postponementIndex(db, now),
  };
}

/** The row's values, or a rejection reason. */
type Prepared = { values: unknown[]; hit: boolean } | { reason: string; expired: boolean };

function prepareRow(r: Read, e: Env): Prepared {
  const capturedAt = Date.parse(r.capturedAt);
  if (!Number.isFinite(capturedAt))
    return { reason: 'capturedAt: not a valid time', expired: false };
  if (capturedAt > e.now + MAX_CLOCK_AHEAD_MS) {
    return { reason: 'capturedAt: in the future (unit clock ahead?)', expired: false };
  }
  const plate = normalisePlate(r.plate);
  const targeted = e.operations.size > 0 && e.operations.covers(r.unitId, r.lat, r.lon, capturedAt);
  const postponed =
    e.postponements.size > 0
      ? e.postponements.postponedUntil({
          plate,
          unitId: r.unitId,
          lat: r.lat,
          lon: r.lon,
          capturedAt,
        })
      : null;

  // A hit is what the platform's hotlist says, or what the unit's own
  // (possibly fresher) on-board list said. Several matching entries: the
  // read is kept as long as the longest-kept of them allows. Only the lists
  // the unit's deployment (or an operation covering the read) names are
  // checked, and only entries valid at the capture time (#14).
  const matches: Array<{ category: number | null; listId: string | null }> =
    e.hotlist.size > 0
      ? e.hotlist.match(
          plate,
          capturedAt,
          e.hotlist.listsFor(
            r.unitId,
            e.operations.size > 0
              ? e.operations.listsCovering(r.unitId, r.lat, r.lon, capturedAt)
              : [],
          ),
        )
      : [];
  if (r.hit) matches.push({ category: r.hitCategory, listId: null });
  const captured = new Date(capturedAt);
  let best: { input: RetentionInput; until: number; listId: string | null } | null = null;
  if (matches.length === 0) {
    const input: RetentionInput = {
      capturedAt: captured,
      hit: false,
      hitCategory: null,
      unitType: r.unitType,
      targetedOperation: targeted,
    };
    best = {
      input,
      until: retentionDeadline(
        e.pack,
        input,
        postponed === null ? null : new Date(postponed),
      ).getTime(),
      listId: null,
    };
  } else {
    for (const { category, listId } of matches) {
      const input: RetentionInput = {
        capturedAt: captured,
        hit: true,
        hitCategory: category,
        unitType: r.unitType,
        targetedOperation: targeted,
      };
      const until = retentionDeadline(
        e.pack,
        input,
        postponed === null ? null : new Date(postponed),
      ).getTime();
      if (best === null || until > best.until) best = { input, until, listId };
    }
  }
  const { input, until, listId } = best!;
  const rule = retentionRuleFor(e.pack, input);
  // Deadline passed before the read even arrived (e.g. a Danish fixed-camera
  // no-hit outside a targeted operation): there is no basis to store it.
  if (until < e.now)
    return {
      reason: `expired: retention rule ${rule.id} allows no storage at this time`,
      expired: true,
    };

  return {
    hit: input.hit,
    values: [
      r.id,
      plate,
      r.plateRaw,
      plateKey(plate),
      r.country,
      capturedAt,
      r.lat,
      r.lon,
      r.heading,
      r.unitSpeedKmh,
      r.unitId,
      r.unitType,
      r.lane,
      r.direction,
      r.operator,
      r.source,
      r.confidence,
      JSON.stringify(r.alternatives),
      r.vehicle === null ? null : JSON.stringify(r.vehicle),
      JSON.stringify(r.images),
      input.hit ? 1 : 0,
      input.hitCategory,
      targeted ? 1 : 0,
      rule.id,
      until,
      postponed,
      e.now,
      listId,
    ],
  };
}

/**
 * Schema-validates every record, stores the valid ones in one transaction
 * and reports per record. A record already stored (same id) is reported as
 * a duplicate and left as it is.
 *
 * Validation and row preparation happen before the transaction, so the
 * write lock (which a file import in another process or the purge may be
 * waiting for) is held only for the inserts. (Multi-row inserts with an id
 * look-up per chunk were measured: about 5 % faster, within the noise, not
 * worth the extra invariant.)
 */
export function ingestBatch(db: Db, reads: readonly unknown[], ctx: IngestContext): IngestReport {
  const e = env(db, ctx.pack, ctx.now);
  const report: IngestReport = {
    results: new Array<IngestRecordResult>(reads.length),
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    expired: 0,
    hits: 0,
  };
  const rows: PreparedRow[] = [];
  reads.forEach((raw, index) => {
    const parsed = Read.safeParse(raw);
    if (!parsed.success) {
      const id =
        typeof (raw as { id?: unknown } | null)?.id === 'string'
          ? (raw as { id: string }).id
          : undefined;
      report.rejected++;
      report.results[index] = {
        index,
        ...(id && isUuidish(id) ? { id } : {}),
        status: 'rejected',
        reason: describeIssues(parsed.error),
      };
      return;
    }
    const r = parsed.data;
    if (ctx.unitId !== undefined && r.unitId !== ctx.unitId) {
      report.rejected++;
      report.results[index] = {
        index,
        id: r.id,
        status: 'rejected',
        reason: 'unitId: not the sending unit',
      };
      return;
    }
    const p = prepareRow(r, e);
    if ('reason' in p) {
      report.rejected++;
      if (p.expired) report.expired++;
      report.results[index] = { index, id: r.id, status: 'rejected', reason: p.reason };
      return;
    }
    rows.push({ index, id: r.id, values: p.values, hit: p.hit });
  });
  const accept = (row: PreparedRow) => {
    report.accepted++;
    if (row.hit) report.hits++;
    report.results[row.index] = row.hit
      ? { index: row.index, id: row.id, status: 'accepted', hit: true }
      : { index: row.index, id: row.id, status: 'accepted' };
  };
  const duplicate = (row: PreparedRow) => {
    report.duplicates++;
    report.results[row.index] = { index: row.index, id: row.id, status: 'duplicate' };
  };
  if (rows.length === 0) return report;
  const insert = stmt(db, INSERT_READ_SQL);
  db.transaction(() => {
    for (const row of rows) {
      if (insert.run(...row.values).changes === 0) duplicate(row);
      else accept(row);
    }
  })();
  return report;
}

interface PreparedRow {
  index: number;
  id: string;
  values: unknown[];
  hit: boolean;
}

/** Echo an id back only when it looks like one (never arbitrary client text). */
function isUuidish(s: string): boolean {
  return /^[0-9a-f-]{36}$/i.test(s);
}

/**
 * The seed's fast path: reads already known to satisfy the Read schema
 * (generated by our own code), stored through the same row preparation and
 * INSERT, one transaction per TRUSTED_BATCH reads. Counts only.
 */
export function ingestTrusted(
  db: Db,
  reads: readonly Read[],
  ctx: { now: Date; pack: PolicyPack },
): IngestCounts {
  const counts: IngestCounts = { accepted: 0, duplicates: 0, rejected: 0, expired: 0, hits: 0 };
  for (let i = 0; i < reads.length; i += TRUSTED_BATCH) {
    insertTrusted(db, reads.slice(i, i + TRUSTED_BATCH), env(db, ctx.pack, ctx.now), counts, null);
  }
  return counts;
}

/** Rows bound per statement on the bulk path: fewer native calls, ~25 % less CPU per read. */
const MULTI_ROWS = 64;

function insertTrusted(
  db: Db,
  reads: readonly Read[],
  e: Env,
  counts: IngestCounts,
  seen: IdSet | null,
): void {
  const insert = stmt(db, INSERT_READ_SQL);
  // Multi-row statements only where nothing can be a duplicate in SQL (the
  // unique index is dropped and `seen` dedupes), since a multi-row INSERT
  // cannot say which of its rows it ignored.
  const multi = seen !== null ? stmt(db, insertReadSql(MULTI_ROWS)) : null;
  const pending: unknown[] = [];
  let pendingRows = 0;
  db.transaction(() => {
    for (const r of reads) {
      if (seen !== null) {
        // The same identity as the unique index: read id within its capture week.
        const key = `${r.id}@${bucketOf(Date.parse(r.capturedAt))}`;
        if (seen.has(key)) {
          counts.duplicates++;
          continue;
        }
        seen.add(key);
      }
      const p = prepareRow(r, e);
      if ('reason' in p) {
        counts.rejected++;
        if (p.expired) counts.expired++;
        continue;
      }
      if (multi !== null) {
        for (const v of p.values) pending.push(v);
        counts.accepted++;
        if (p.hit) counts.hits++;
        if (++pendingRows === MULTI_ROWS) {
          multi.run(...pending);
          pending.length = 0;
          pendingRows = 0;
        }
        continue;
      }
      if (insert.run(...p.values).changes === 0) counts.duplicates++;
      else {
        counts.accepted++;
        if (p.hit) counts.hits++;
      }
    }
    const width = pending.length / Math.max(pendingRows, 1);
    for (let i = 0; i < pendingRows; i++) insert.run(...pending.slice(i * width, (i + 1) * width));
  })();
}

export interface BulkReport extends IngestCounts {
  /** Whether the indexes were dropped and rebuilt (only into an empty reads table). */
  deferredIndexes: boolean;
  insertMs: number;
  indexMs: number;
}

/**
 * Bulk load for the seed. Into an empty `reads` table the secondary indexes
 * are dropped first and rebuilt at the end (a sorted build is several times
 * faster than keeping five B-trees up to date row by row, three of them in
 * random order); into a non-empty table it is `ingestTrusted` batch by batch.
 * Not for a live platform: queries run unindexed while it loads.
 */
export async function bulkIngest(
  db: Db,
  batches: Iterable<readonly Read[]> | AsyncIterable<readonly Read[]>,
  ctx: { now: Date; pack: PolicyPack },
): Promise<BulkReport> {
  const counts: IngestCounts = { accepted: 0, duplicates: 0, rejected: 0, expired: 0, hits: 0 };
  const empty = db.prepare('SELECT 1 FROM reads LIMIT 1').get() === undefined;
  const e = env(db, ctx.pack, ctx.now);
  const t0 = performance.now();
  if (!empty) {
    for await (const batch of batches) {
      for (let i = 0; i < batch.length; i += TRUSTED_BATCH)
        insertTrusted(db, batch.slice(i, i + TRUSTED_BATCH), e, counts, null);
    }
    return { ...counts, deferredIndexes: false, insertMs: performance.now() - t0, indexMs: 0 };
  }
  const seen = new IdSet();
  dropReadIndexes(db);
  let insertMs: number;
  try {
    for await (const batch of batches) {
      for (let i = 0; i < batch.length; i += TRUSTED_BATCH)
        insertTrusted(db, batch.slice(i, i + TRUSTED_BATCH), e, counts, seen);
    }
  } finally {
    insertMs = performance.now() - t0;
    // Also after a failure: never leave the table without its indexes.
    createReadIndexes(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
  const indexMs = performance.now() - t0 - insertMs;
  return { ...counts, deferredIndexes: true, insertMs, indexMs };
}

/**
 * The ids already loaded in a bulk load. One JS Set holds at most 2^24
 * (16.7 M) entries, far below a national store, so ids are spread over 256
 * sets by their first two characters (uuids are uniform there).
 */
export class IdSet {
  readonly #shards = new Map<string, Set<string>>();
  #size = 0;

  has(id: string): boolean {
    return this.#shards.get(id.slice(0, 2))?.has(id) ?? false;
  }

  add(id: string): void {
    const key = id.slice(0, 2);
    let shard = this.#shards.get(key);
    if (!shard) this.#shards.set(key, (shard = new Set()));
    if (!shard.has(id)) {
      shard.add(id);
      this.#size++;
    }
  }

  get size(): number {
    return this.#size;
  }
}

function dropReadIndexes(db: Db): void {
  db.transaction(() => {
    for (const i of READ_INDEXES) db.exec(`DROP INDEX IF EXISTS ${i.name}`);
  })();
  clearStatements(db);
}

function createReadIndexes(db: Db): void {
  db.transaction(() => {
    for (const i of READ_INDEXES) db.exec(i.sql.replace('INDEX', 'INDEX IF NOT EXISTS'));
  })();
  clearStatements(db);
}
