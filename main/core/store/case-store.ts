/**
 * One case's encrypted store. Synchronous (better-sqlite3): it runs inside the
 * storage worker (worker.ts), never on the UI's thread.
 *
 * Pull batches are committed in ONE transaction together with the pull's
 * cursor, so a process killed at any moment resumes exactly from the last
 * committed cursor; reads are idempotent by id (a read already present is
 * counted as a duplicate, not stored twice).
 */
import { z } from 'zod';
import { migrate } from '../../../common/migrations.ts';
import {
  analyses,
  sqliteSource,
  type AnalysisKind,
  type AnalysisSource,
} from '../analyses/index.ts';
import type { Read } from '../../../common/read.ts';
import { Timestamp } from '../../../common/read.ts';
import { CASE_MODULE, caseMigrations } from './case-schema.ts';
import { mapSqliteError, PullStateError } from './errors.ts';
import { openEncryptedStore, type Db, type OpenStoreOptions } from './open.ts';
import { readFromColumns, type ReadColumns } from '../../../common/read-row.ts';

/** A read as pulled for a case: the platform's read plus what the pull decided about it. */
export interface CaseRead extends Read {
  /** Confusion-tolerant search key (common/plates.ts). */
  plateKey: string;
  /** When this read must be gone from the workstation (policy pack, approval). */
  retentionUntil: string;
  /** Prosecutor approval that allowed access to this read (extended retention), if any. */
  approvalId: string | null;
}

export interface StoredRead extends CaseRead {
  pulledAt: string;
  pullId: string | null;
}

export type PullStatus = 'running' | 'done' | 'cancelled' | 'failed';

export interface PullState {
  id: string;
  params: unknown;
  status: PullStatus;
  total: number | null;
  /** Valid reads received in committed batches (new + duplicates + already held). */
  received: number;
  /** Reads this same pull delivered more than once (stored once). */
  duplicates: number;
  /** Reads an earlier pull of the case had already stored. */
  alreadyHeld: number;
  invalid: number;
  /** Resume from here; null before the first committed batch. */
  cursor: unknown;
  startedAt: string;
  updatedAt: string;
  error: string | null;
}

/** A platform record refused by validation: its position and why, never its content. */
export interface InvalidRecord {
  index: number;
  reason: string;
}

export interface InsertOptions {
  now: Date;
  invalid?: InvalidRecord[];
  /** Total announced by the platform, if it became known with this batch. */
  total?: number | null;
}

export interface InsertResult {
  inserted: number;
  /** Reads of the batch this pull had already stored (a re-delivery, or twice in one stream). */
  duplicates: number;
  /** Reads of the batch another pull of the case had already stored. */
  alreadyHeld: number;
  invalid: number;
  pull: PullState;
}

export interface PurgeResult {
  deleted: number;
  remaining: number;
  /** PRAGMA wal_checkpoint(TRUNCATE): busy=0 means the WAL was emptied. */
  checkpoint: { busy: number; log: number; checkpointed: number };
}

export interface CaseSummary {
  reads: number;
  plates: number;
  units: number;
  hits: number;
  from: string | null;
  to: string | null;
  pulls: Record<PullStatus, number>;
  invalidRecords: number;
}

export interface AnalysisRecord {
  id: string;
  kind: string;
  params: unknown;
  reason: string;
  justification: string;
  createdAt: string;
  resultSummary: unknown;
}

export const MAX_QUERY_ROWS = 200_000;
const Limit = z.number().int().min(1).max(MAX_QUERY_ROWS);
const Window = { from: Timestamp.optional(), to: Timestamp.optional(), limit: Limit.optional() };

/** Time bounds are inclusive; results are ordered by capture time. */
export const ReadsByPlateParams = z.object({ plate: z.string().min(1).max(64), ...Window });
export const ReadsByPlateKeyParams = z.object({ plateKey: z.string().min(1).max(64), ...Window });
export const ReadsInWindowParams = z.object({
  from: Timestamp,
  to: Timestamp,
  bbox: z
    .object({ south: z.number(), west: z.number(), north: z.number(), east: z.number() })
    .optional(),
  limit: Limit.optional(),
});
export const ReadsForUnitsParams = z.object({
  unitIds: z.array(z.string().min(1).max(64)).min(1).max(1000),
  ...Window,
});

export type ReadsByPlateParams = z.infer<typeof ReadsByPlateParams>;
export type ReadsByPlateKeyParams = z.infer<typeof ReadsByPlateKeyParams>;
export type ReadsInWindowParams = z.infer<typeof ReadsInWindowParams>;
export type ReadsForUnitsParams = z.infer<typeof ReadsForUnitsParams>;

const DEFAULT_LIMIT = 50_000;

/** A row of a case store's `reads` table: the platform's read columns plus where it came from. */
interface ReadRow extends ReadColumns {
  retention_until: number;
  approval_id: string | null;
  pulled_at: number;
  pull_id: string | null;
}

interface PullRow {
  id: string;
  params: string;
  status: PullStatus;
  total: number | null;
  received: number;
  duplicates: number;
  already_held: number;
  invalid: number;
  cursor: string | null;
  started_at: number;
  updated_at: number;
  error: string | null;
}

const READ_COLUMNS =
  'id, plate, plate_raw, plate_key, country, captured_at, lat, lon, heading, unit_speed, unit_id, unit_type, lane, ' +
  'direction, operator, source, confidence, alternatives, vehicle, images, hit, hit_category, retention_until, ' +
  'approval_id, pulled_at, pull_id';

export class CaseStore {
  readonly db: Db;
  /** Prepared once per open store: analyses run often and their statements are reusable. */
  private analysisSource: AnalysisSource | null = null;

  private constructor(db: Db) {
    this.db = db;
  }

  static open(
    file: string,
    keyHex: string,
    options: OpenStoreOptions & { now?: () => Date } = {},
  ): CaseStore {
    const db = openEncryptedStore(file, keyHex, options);
    try {
      migrate(db, CASE_MODULE, caseMigrations, options.now ? { now: options.now } : {});
    } catch (error) {
      db.close();
      throw mapSqliteError(error);
    }
    return new CaseStore(db);
  }

  /** Starts a pull, or resumes one that was interrupted (failed, cancelled, or still marked running). */
  beginPull(pull: { id: string; params: unknown; total?: number | null; now: Date }): PullState {
    return this.guard(() => {
      const now = pull.now.getTime();
      this.db
        .prepare(
          `INSERT INTO pulls (id, params, status, total, started_at, updated_at) VALUES (?, ?, 'running', ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET status = 'running', error = NULL, updated_at = excluded.updated_at,
             total = coalesce(excluded.total, pulls.total)
           WHERE pulls.status <> 'done'`,
        )
        .run(pull.id, JSON.stringify(pull.params ?? null), pull.total ?? null, now, now);
      return this.requirePull(pull.id);
    });
  }

  insertReads(
    reads: readonly CaseRead[],
    pullId: string,
    cursor: unknown,
    options: InsertOptions,
  ): InsertResult {
    const now = options.now.getTime();
    const invalid = options.invalid ?? [];
    // ON CONFLICT (id) rather than OR IGNORE: only a repeated read id is a duplicate;
    // any other constraint failure (a malformed read) must abort the batch, not vanish.
    const insert = this.db.prepare(
      `INSERT INTO reads (${READ_COLUMNS}) VALUES (${READ_COLUMNS.split(',')
        .map(() => '?')
        .join(', ')})
       ON CONFLICT (id) DO NOTHING`,
    );
    const insertInvalid = this.db.prepare(
      'INSERT OR IGNORE INTO invalid_records (pull_id, idx, reason) VALUES (?, ?, ?)',
    );
    // Only asked for a read that was not inserted: who stored it first tells a
    // duplicate of this pull from a read the case already held.
    const holder = this.db.prepare('SELECT pull_id FROM reads WHERE id = ?').pluck();
    const progress = this.db.prepare(
      `UPDATE pulls SET received = received + ?, duplicates = duplicates + ?,
         already_held = already_held + ?, invalid = invalid + ?,
         cursor = ?, total = coalesce(?, total), updated_at = ?
       WHERE id = ? AND status = 'running'`,
    );
    const run = this.db.transaction(() => {
      let inserted = 0;
      let duplicates = 0;
      for (const r of reads) {
        const changes = insert.run(
          r.id,
          r.plate,
          r.plateRaw,
          r.plateKey,
          r.country,
          Date.parse(r.capturedAt),
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
          r.hit ? 1 : 0,
          r.hitCategory,
          Date.parse(r.retentionUntil),
          r.approvalId,
          now,
          pullId,
        ).changes;
        if (changes) inserted++;
        else if (holder.get(r.id) === pullId) duplicates++;
      }
      for (const bad of invalid) insertInvalid.run(pullId, bad.index, bad.reason.slice(0, 300));
      const alreadyHeld = reads.length - inserted - duplicates;
      const changed = progress.run(
        reads.length,
        duplicates,
        alreadyHeld,
        invalid.length,
        JSON.stringify(cursor ?? null),
        options.total ?? null,
        now,
        pullId,
      ).changes;
      // Throwing rolls the whole batch back: no reads without their cursor.
      if (changed !== 1) throw new PullStateError(undefined, 'pull not found or not running');
      return { inserted, duplicates, alreadyHeld };
    });
    return this.guard(() => {
      const counts = run.immediate();
      return { ...counts, invalid: invalid.length, pull: this.requirePull(pullId) };
    });
  }

  finishPull(
    pullId: string,
    status: Exclude<PullStatus, 'running'>,
    now: Date,
    error: string | null = null,
  ): PullState {
    return this.guard(() => {
      this.db
        .prepare('UPDATE pulls SET status = ?, error = ?, updated_at = ? WHERE id = ?')
        .run(status, error === null ? null : error.slice(0, 500), now.getTime(), pullId);
      return this.requirePull(pullId);
    });
  }

  pullState(pullId: string): PullState | null {
    return this.guard(() => {
      const row = this.db.prepare('SELECT * FROM pulls WHERE id = ?').get(pullId) as
        PullRow | undefined;
      return row ? toPull(row) : null;
    });
  }

  listPulls(): PullState[] {
    return this.guard(() =>
      (this.db.prepare('SELECT * FROM pulls ORDER BY started_at, id').all() as PullRow[]).map(
        toPull,
      ),
    );
  }

  readCount(): number {
    return this.guard(
      () => (this.db.prepare('SELECT count(*) AS n FROM reads').get() as { n: number }).n,
    );
  }

  summary(): CaseSummary {
    return this.guard(() => {
      const r = this.db
        .prepare(
          `SELECT count(*) AS reads, count(DISTINCT plate) AS plates, count(DISTINCT unit_id) AS units,
                  coalesce(sum(hit), 0) AS hits, min(captured_at) AS first, max(captured_at) AS last FROM reads`,
        )
        .get() as {
        reads: number;
        plates: number;
        units: number;
        hits: number;
        first: number | null;
        last: number | null;
      };
      const pulls: Record<PullStatus, number> = { running: 0, done: 0, cancelled: 0, failed: 0 };
      for (const p of this.db
        .prepare('SELECT status, count(*) AS n FROM pulls GROUP BY status')
        .all() as Array<{
        status: PullStatus;
        n: number;
      }>) {
        pulls[p.status] = p.n;
      }
      const invalidRecords = (
        this.db.prepare('SELECT count(*) AS n FROM invalid_records').get() as { n: number }
      ).n;
      return {
        reads: r.reads,
        plates: r.plates,
        units: r.units,
        hits: r.hits,
        from: r.first === null ? null : new Date(r.first).toISOString(),
        to: r.last === null ? null : new Date(r.last).toISOString(),
        pulls,
        invalidRecords,
      };
    });
  }

  /**
   * Deletes every read whose retention ended (retention_until <= now), then
   * truncates the WAL so the deleted pages' old images leave the disk too
   * (secure_delete already zeroed them in the main file).
   */
  purgeExpired(now: Date): PurgeResult {
    return this.guard(() => {
      const deleted = this.db
        .prepare('DELETE FROM reads WHERE retention_until <= ?')
        .run(now.getTime()).changes;
      const checkpoint = (
        this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<PurgeResult['checkpoint']>
      )[0] ?? {
        busy: 1,
        log: -1,
        checkpointed: -1,
      };
      return { deleted, remaining: this.readCount(), checkpoint };
    });
  }

  readsByPlate(params: ReadsByPlateParams): StoredRead[] {
    const p = ReadsByPlateParams.parse(params);
    return this.selectReads('plate = ?', [p.plate], p);
  }

  readsByPlateKey(params: ReadsByPlateKeyParams): StoredRead[] {
    const p = ReadsByPlateKeyParams.parse(params);
    return this.selectReads('plate_key = ?', [p.plateKey], p);
  }

  readsInWindow(params: ReadsInWindowParams): StoredRead[] {
    const p = ReadsInWindowParams.parse(params);
    if (!p.bbox) return this.selectReads('1 = 1', [], p);
    const { south, west, north, east } = p.bbox;
    return this.selectReads(
      'lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?',
      [south, north, west, east],
      p,
    );
  }

  readsForUnits(params: ReadsForUnitsParams): StoredRead[] {
    const p = ReadsForUnitsParams.parse(params);
    return this.selectReads(`unit_id IN (${p.unitIds.map(() => '?').join(', ')})`, p.unitIds, p);
  }

  setMeta(key: string, value: unknown): void {
    this.guard(() =>
      this.db
        .prepare(
          'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        )
        .run(key, JSON.stringify(value ?? null)),
    );
  }

  getMeta(key: string): unknown {
    return this.guard(() => {
      const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
        { value: string } | undefined;
      return row ? (JSON.parse(row.value) as unknown) : null;
    });
  }

  recordAnalysis(a: AnalysisRecord): void {
    this.guard(() =>
      this.db
        .prepare(
          `INSERT INTO analyses (id, kind, params, reason, justification, created_at, result_summary)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          a.id,
          a.kind,
          JSON.stringify(a.params ?? null),
          a.reason,
          a.justification,
          Date.parse(a.createdAt),
          JSON.stringify(a.resultSummary ?? null),
        ),
    );
  }

  listAnalyses(): AnalysisRecord[] {
    return this.guard(() =>
      (
        this.db.prepare('SELECT * FROM analyses ORDER BY created_at, id').all() as Array<{
          id: string;
          kind: string;
          params: string;
          reason: string;
          justification: string;
          created_at: number;
          result_summary: string | null;
        }>
      ).map((r) => ({
        id: r.id,
        kind: r.kind,
        params: JSON.parse(r.params) as unknown,
        reason: r.reason,
        justification: r.justification,
        createdAt: new Date(r.created_at).toISOString(),
        resultSummary: r.result_summary === null ? null : (JSON.parse(r.result_summary) as unknown),
      })),
    );
  }

  /**
   * Runs one route analysis (main/core/analyses) over this case's reads. It
   * runs here, in the storage worker, so a scan of millions of reads never
   * blocks the thread that serves the UI. The analysis validates its own
   * parameters; the caller checks the result against the analysis' schema
   * and logs the run.
   */
  runAnalysis(kind: AnalysisKind, params: unknown): unknown {
    if (!Object.hasOwn(analyses, kind)) throw new Error(`unknown analysis ${String(kind)}`);
    const run = analyses[kind].run as (source: AnalysisSource, params: unknown) => unknown;
    return this.guard(() => {
      this.analysisSource ??= sqliteSource(this.db);
      return run(this.analysisSource, params);
    });
  }

  /** Reads by id (at most 1000), in time order; unknown ids are skipped. */
  readsByIds(ids: readonly string[]): StoredRead[] {
    const list = z.array(z.string().min(1).max(64)).max(1000).parse(ids);
    if (list.length === 0) return [];
    return this.selectReads(`id IN (${list.map(() => '?').join(', ')})`, list, {
      limit: list.length,
    });
  }

  close(): void {
    this.analysisSource = null;
    if (this.db.open) this.db.close();
  }

  private selectReads(
    where: string,
    args: unknown[],
    w: { from?: string | undefined; to?: string | undefined; limit?: number | undefined },
  ): StoredRead[] {
    const clauses = [where];
    const params = [...args];
    if (w.from !== undefined) {
      clauses.push('captured_at >= ?');
      params.push(Date.parse(w.from));
    }
    if (w.to !== undefined) {
      clauses.push('captured_at <= ?');
      params.push(Date.parse(w.to));
    }
    params.push(w.limit ?? DEFAULT_LIMIT);
    return this.guard(() =>
      (
        this.db
          .prepare(
            `SELECT ${READ_COLUMNS} FROM reads WHERE ${clauses.join(' AND ')} ORDER BY captured_at, id LIMIT ?`,
          )
          .all(...params) as ReadRow[]
      ).map(toRead),
    );
  }

  private requirePull(id: string): PullState {
    const row = this.db.prepare('SELECT * FROM pulls WHERE id = ?').get(id) as PullRow | undefined;
    if (!row)
      throw new PullStateError(
        'This pull is unknown to the local copy of the case.',
        'pull not found',
      );
    return toPull(row);
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw mapSqliteError(error);
    }
  }
}

function toRead(r: ReadRow): StoredRead {
  return {
    ...readFromColumns(r),
    plateKey: r.plate_key,
    retentionUntil: new Date(r.retention_until).toISOString(),
    approvalId: r.approval_id,
    pulledAt: new Date(r.pulled_at).toISOString(),
    pullId: r.pull_id,
  };
}

function toPull(r: PullRow): PullState {
  return {
    id: r.id,
    params: JSON.parse(r.params) as unknown,
    status: r.status,
    total: r.total,
    received: r.received,
    duplicates: r.duplicates,
    alreadyHeld: r.already_held,
    invalid: r.invalid,
    cursor: r.cursor === null ? null : (JSON.parse(r.cursor) as unknown),
    startedAt: new Date(r.started_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    error: r.error,
  };
}
