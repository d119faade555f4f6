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
import type { Area } from '../../../common/geo.ts';
import {
  readGate,
  type ConsultationPurpose,
  type PolicyPack,
  type ReadGate,
  type ScopedApproval,
  type WithheldReason,
} from '../../../common/policy.ts';

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
  /** Hotlist hits among the reads this pull stored, per category (null: no category given), by category. */
  hits: PullHits;
}

export type PullHits = Array<{ category: number | null; count: number }>;

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
  /** With a gate: the reads it lets through (and plates, units, hits, from, to of those). */
  reads: number;
  plates: number;
  units: number;
  hits: number;
  from: string | null;
  to: string | null;
  pulls: Record<PullStatus, number>;
  invalidRecords: number;
  /** The reads the gate hid (none without a gate). */
  withheld: AgeWithheld;
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

/**
 * A prosecutor's approve/narrow decision for this case, as pulled from the
 * platform with the case: what lets the age gate show reads older than the
 * normal window.
 */
export interface HeldApproval {
  decisionId: string;
  decision: 'approve' | 'narrow';
  /** Normalised plates; null = not limited by plate. */
  plates: string[] | null;
  area: Area | null;
  periodFrom: string;
  periodTo: string;
  expiresAt: string;
}

/**
 * The age gate a query runs under (the policy pack's consultation windows),
 * judged per read at query time with the common rule the platform uses
 * (readGate in common/policy.ts) and the approvals held in this store. An
 * advancing clock hides reads without any purge.
 */
export interface AgeGate {
  /** The workstation's clock when the query runs (ISO). */
  now: string;
  /** The case's purpose: an administrative one has its own, narrower window. */
  purpose: ConsultationPurpose;
  pack: PolicyPack;
}

/** Reads a query would have found but the age gate hides: a count and why, never the reads. */
export interface AgeWithheld {
  count: number;
  byReason: Partial<Record<WithheldReason, number>>;
}

export const NOTHING_WITHHELD: AgeWithheld = { count: 0, byReason: {} };

/**
 * SQL filter of the age gate. Reads captured inside the normal window and
 * not past their deadline pass on the first two terms (no call into
 * JavaScript); every other read is judged one by one by `age_gate`. Both
 * bounds are bound parameters; without a gate they are the smallest integer,
 * so every read passes on the first two terms.
 */
const GATE_SQL =
  '(captured_at >= @gateStart AND retention_until >= @gateNow OR age_gate(id, captured_at, retention_until, plate, lat, lon, unit_id))';
const NO_GATE = { gateStart: Number.MIN_SAFE_INTEGER, gateNow: Number.MIN_SAFE_INTEGER };

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
  'approval_id, pulled_at, pull_id, hit_list_id';

interface ApprovalRow {
  decision_id: string;
  decision: 'approve' | 'narrow';
  plates: string | null;
  area: string | null;
  period_from: number;
  period_to: number;
  expires_at: number;
}

/** The gate of the query running now, and the reads it hid (by id: a read met twice counts once). */
interface ActiveGate {
  gate: ReadGate;
  bounds: { gateStart: number; gateNow: number };
  hidden: Map<string, WithheldReason>;
}

export class CaseStore {
  readonly db: Db;
  /** Prepared once per open store: analyses run often and their statements are reusable. */
  private analysisSource: AnalysisSource | null = null;
  /**
   * Set for the duration of one gated call. Calls are synchronous and the
   * store lives on one thread, so no other query can run under it.
   */
  private active: ActiveGate | null = null;

  private constructor(db: Db) {
    this.db = db;
    // The per-read judgement of GATE_SQL: the common rule, never a copy in SQL.
    db.function(
      'age_gate',
      (
        id: unknown,
        capturedAt: unknown,
        retentionUntil: unknown,
        plate: unknown,
        lat: unknown,
        lon: unknown,
        unitId: unknown,
      ) => {
        const active = this.active;
        if (!active) return 1;
        const verdict = active.gate.judge({
          captured_at: Number(capturedAt),
          retention_until: Number(retentionUntil),
          plate: String(plate),
          lat: Number(lat),
          lon: Number(lon),
          unit_id: String(unitId),
        });
        if (verdict.visible) return 1;
        active.hidden.set(String(id), verdict.reason);
        return 0;
      },
    );
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
          r.hitListId ?? null,
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
      return row ? toPull(row, this.pullHits(row.id)) : null;
    });
  }

  listPulls(): PullState[] {
    return this.guard(() =>
      (this.db.prepare('SELECT * FROM pulls ORDER BY started_at, id').all() as PullRow[]).map(
        (row) => toPull(row, this.pullHits(row.id)),
      ),
    );
  }

  /** Hits among the reads a pull stored (reads_pull_hits: only hit rows are scanned). */
  private pullHits(pullId: string): PullHits {
    return this.db
      .prepare(
        `SELECT hit_category AS category, count(*) AS count FROM reads
          WHERE pull_id = ? AND hit = 1 GROUP BY hit_category ORDER BY hit_category`,
      )
      .all(pullId) as PullHits;
  }

  /** All reads held; with a gate, those it lets through now. */
  readCount(gate?: AgeGate | null): number {
    if (!gate) {
      return this.guard(
        () => (this.db.prepare('SELECT count(*) AS n FROM reads').get() as { n: number }).n,
      );
    }
    return this.gated(gate, (bounds) => {
      const row = this.db
        .prepare(`SELECT count(*) AS n FROM reads WHERE ${GATE_SQL}`)
        .get(bounds) as { n: number };
      return row.n;
    }).value;
  }

  /**
   * What the store holds; with a gate, of the reads it lets through now (the
   * counts and first/last read the officer may see), and how many it hid.
   */
  summary(gate?: AgeGate | null): CaseSummary {
    return this.guard(() => {
      const columns = `count(*) AS reads, count(DISTINCT plate) AS plates, count(DISTINCT unit_id) AS units,
                  coalesce(sum(hit), 0) AS hits, min(captured_at) AS first, max(captured_at) AS last`;
      const { value: r, withheld } = gate
        ? this.gated(gate, (bounds) =>
            this.db.prepare(`SELECT ${columns} FROM reads WHERE ${GATE_SQL}`).get(bounds),
          )
        : {
            value: this.db.prepare(`SELECT ${columns} FROM reads`).get(),
            withheld: NOTHING_WITHHELD,
          };
      const row = r as {
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
        reads: row.reads,
        plates: row.plates,
        units: row.units,
        hits: row.hits,
        from: row.first === null ? null : new Date(row.first).toISOString(),
        to: row.last === null ? null : new Date(row.last).toISOString(),
        pulls,
        invalidRecords,
        withheld,
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

  /*
   * The read queries below take an optional age gate. Every view, search,
   * analysis and export of the workstation passes one (main/core/detective.ts);
   * without it they answer what the store holds, for maintenance and tests.
   */

  readsByPlate(params: ReadsByPlateParams, gate?: AgeGate | null): StoredRead[] {
    const p = ReadsByPlateParams.parse(params);
    return this.selectReads('plate = ?', [p.plate], p, gate);
  }

  readsByPlateKey(params: ReadsByPlateKeyParams, gate?: AgeGate | null): StoredRead[] {
    const p = ReadsByPlateKeyParams.parse(params);
    return this.selectReads('plate_key = ?', [p.plateKey], p, gate);
  }

  readsInWindow(params: ReadsInWindowParams, gate?: AgeGate | null): StoredRead[] {
    const p = ReadsInWindowParams.parse(params);
    if (!p.bbox) return this.selectReads('1 = 1', [], p, gate);
    const { south, west, north, east } = p.bbox;
    return this.selectReads(
      'lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?',
      [south, north, west, east],
      p,
      gate,
    );
  }

  readsForUnits(params: ReadsForUnitsParams, gate?: AgeGate | null): StoredRead[] {
    const p = ReadsForUnitsParams.parse(params);
    return this.selectReads(
      `unit_id IN (${p.unitIds.map(() => '?').join(', ')})`,
      p.unitIds,
      p,
      gate,
    );
  }

  /**
   * How many reads the gate hides now among those of one plate (or all) in an
   * inclusive period: what a view says it left out. Only reads outside the
   * fast path are read (older than the window or past their deadline, on the
   * time and retention indexes), each judged by the common rule.
   */
  ageWithheld(
    gate: AgeGate,
    filter: { plate?: string | undefined; from?: string | undefined; to?: string | undefined } = {},
  ): AgeWithheld {
    const clauses = ['(captured_at < @gateStart OR retention_until < @gateNow)'];
    const params: unknown[] = [];
    if (filter.plate !== undefined) {
      clauses.push('plate = ?');
      params.push(filter.plate);
    }
    if (filter.from !== undefined) {
      clauses.push('captured_at >= ?');
      params.push(Date.parse(filter.from));
    }
    if (filter.to !== undefined) {
      clauses.push('captured_at <= ?');
      params.push(Date.parse(filter.to));
    }
    return this.gated(gate, (bounds, active) => {
      const rows = this.db
        .prepare(
          `SELECT id, captured_at, retention_until, plate, lat, lon, unit_id FROM reads WHERE ${clauses.join(' AND ')}`,
        )
        .iterate(...params, bounds) as IterableIterator<{
        id: string;
        captured_at: number;
        retention_until: number;
        plate: string;
        lat: number;
        lon: number;
        unit_id: string;
      }>;
      for (const r of rows) {
        const verdict = active.gate.judge(r);
        if (!verdict.visible) active.hidden.set(r.id, verdict.reason);
      }
    }).withheld;
  }

  /**
   * Replaces the case's approvals with the platform's current list (pulled
   * with the case). Expired ones are kept: the gate says why they no longer count.
   */
  replaceApprovals(approvals: readonly HeldApproval[], now: Date): number {
    const insert = this.db.prepare(
      `INSERT INTO approvals (decision_id, decision, plates, area, period_from, period_to, expires_at, pulled_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const run = this.db.transaction(() => {
      this.db.prepare('DELETE FROM approvals').run();
      for (const a of approvals) {
        insert.run(
          a.decisionId,
          a.decision,
          a.plates === null ? null : JSON.stringify(a.plates),
          a.area === null ? null : JSON.stringify(a.area),
          Date.parse(a.periodFrom),
          Date.parse(a.periodTo),
          Date.parse(a.expiresAt),
          now.getTime(),
        );
      }
      return approvals.length;
    });
    return this.guard(() => run.immediate());
  }

  listApprovals(): HeldApproval[] {
    return this.guard(() =>
      this.approvalRows().map((r) => ({
        decisionId: r.decision_id,
        decision: r.decision,
        plates: r.plates === null ? null : (JSON.parse(r.plates) as string[]),
        area: r.area === null ? null : (JSON.parse(r.area) as Area),
        periodFrom: new Date(r.period_from).toISOString(),
        periodTo: new Date(r.period_to).toISOString(),
        expiresAt: new Date(r.expires_at).toISOString(),
      })),
    );
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
  runAnalysis(
    kind: AnalysisKind,
    params: unknown,
    gate?: AgeGate | null,
  ): { result: unknown; withheld: AgeWithheld } {
    if (!Object.hasOwn(analyses, kind)) throw new Error(`unknown analysis ${String(kind)}`);
    const run = analyses[kind].run as (source: AnalysisSource, params: unknown) => unknown;
    // The reads the gate hid while the analysis read the store are exactly
    // those it would otherwise have looked at: that is its withheld count.
    const { value, withheld } = this.gated(gate, () => {
      this.analysisSource ??= sqliteSource(this.db, {
        fn: 'age_gate',
        bounds: () => this.active?.bounds ?? NO_GATE,
      });
      return run(this.analysisSource, params);
    });
    return { result: value, withheld };
  }

  /** Reads by id (at most 1000), in time order; unknown ids (and, with a gate, hidden ones) are skipped. */
  readsByIds(ids: readonly string[], gate?: AgeGate | null): StoredRead[] {
    const list = z.array(z.string().min(1).max(64)).max(1000).parse(ids);
    if (list.length === 0) return [];
    return this.selectReads(
      `id IN (${list.map(() => '?').join(', ')})`,
      list,
      { limit: list.length },
      gate,
    );
  }

  close(): void {
    this.analysisSource = null;
    if (this.db.open) this.db.close();
  }

  private selectReads(
    where: string,
    args: unknown[],
    w: { from?: string | undefined; to?: string | undefined; limit?: number | undefined },
    gate?: AgeGate | null,
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
    // Last, so the planner still picks its index from the terms above.
    clauses.push(GATE_SQL);
    return this.gated(gate, (bounds) =>
      (
        this.db
          .prepare(
            `SELECT ${READ_COLUMNS} FROM reads WHERE ${clauses.join(' AND ')} ORDER BY captured_at, id LIMIT ?`,
          )
          .all(...params, bounds) as ReadRow[]
      ).map(toRead),
    ).value;
  }

  private approvalRows(): ApprovalRow[] {
    return this.db
      .prepare(
        'SELECT decision_id, decision, plates, area, period_from, period_to, expires_at FROM approvals ORDER BY decision_id',
      )
      .all() as ApprovalRow[];
  }

  /**
   * Runs `fn` under the gate (none: every read passes) and tallies what it
   * hid. The approvals are read from the store at each call, so one pulled
   * a moment ago counts at once.
   */
  private gated<T>(
    gate: AgeGate | null | undefined,
    fn: (bounds: ActiveGate['bounds'], active: ActiveGate) => T,
  ): { value: T; withheld: AgeWithheld } {
    return this.guard(() => {
      if (!gate) {
        const open: ActiveGate = { gate: OPEN_GATE, bounds: NO_GATE, hidden: new Map() };
        return { value: fn(NO_GATE, open), withheld: NOTHING_WITHHELD };
      }
      const now = new Date(gate.now);
      if (Number.isNaN(now.getTime())) throw new Error('age gate: invalid time');
      const approvals: ScopedApproval[] = this.approvalRows().map((r) => {
        const plates = r.plates === null ? [] : (JSON.parse(r.plates) as string[]);
        return {
          decisionId: r.decision_id,
          plates: plates.length > 0 ? new Set(plates) : null,
          area: r.area === null ? null : (JSON.parse(r.area) as Area),
          periodFrom: new Date(r.period_from),
          periodTo: new Date(r.period_to),
          expiresAt: new Date(r.expires_at),
        };
      });
      const g = readGate(gate.pack, now, gate.purpose, approvals);
      const active: ActiveGate = {
        gate: g,
        bounds: { gateStart: g.windowStart.getTime(), gateNow: now.getTime() },
        hidden: new Map(),
      };
      if (this.active) throw new Error('age gate: a gated query is already running');
      this.active = active;
      try {
        const value = fn(active.bounds, active);
        const byReason: AgeWithheld['byReason'] = {};
        for (const reason of active.hidden.values()) byReason[reason] = (byReason[reason] ?? 0) + 1;
        return { value, withheld: { count: active.hidden.size, byReason } };
      } finally {
        this.active = null;
      }
    });
  }

  private requirePull(id: string): PullState {
    const row = this.db.prepare('SELECT * FROM pulls WHERE id = ?').get(id) as PullRow | undefined;
    if (!row)
      throw new PullStateError(
        'This pull is unknown to the local copy of the case.',
        'pull not found',
      );
    return toPull(row, this.pullHits(id));
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw mapSqliteError(error);
    }
  }
}

/** Lets every read through (the gate of an ungated call; never consulted, see NO_GATE). */
const OPEN_GATE: ReadGate = {
  windowStart: new Date(-8.64e15),
  judge: () => ({ visible: true, decisionId: null }),
};

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

function toPull(r: PullRow, hits: PullHits): PullState {
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
    hits,
  };
}
