import { randomUUID } from 'node:crypto';
import { setImmediate as nextTick } from 'node:timers/promises';
import { z } from 'zod';
import type { Purpose, ReasonCode } from '../../common/case.ts';
import { Area } from '../../common/geo.ts';
import type { PolicyPack } from '../../common/policy.ts';
import { Timestamp, type Read } from '../../common/read.ts';
import type { Db } from '../store/sqlite.ts';
import { parseInput, type ActorContext } from './actor.ts';
import {
  authoriseQuery,
  GateTally,
  legalGate,
  loadApprovals,
  type ExtendedAccessUse,
  type QueryContext,
  type Withheld,
} from './access.ts';
import { isAssigned, findCase } from './cases.ts';
import { DataError } from './errors.ts';
import {
  checkArea,
  checkAreaSpan,
  DEFAULT_LIMITS,
  plateCriterion,
  timeRange,
  type DataLimits,
} from './queries.ts';
import { fetchReads, type Candidate } from './rows.ts';
import { bucketSpan, compileScope, type ReadScope } from './scope.ts';
import { stmt, toIso } from './sql.ts';

/**
 * Case pull: a resumable export of a query's reads into the workstation's
 * case store.
 *
 * Order is (captured_at, id), and a cursor is the position of the last read
 * the client committed, so resuming after a crash continues exactly after
 * it. The scope is frozen at start: the same plates/area/period, only reads
 * stored by then (rids never reused), and only the approvals in force then.
 * The legal gate is still judged again on every page against the page's
 * `now`, so an approval expiring mid-pull stops the older reads it unlocked.
 */

export const PullParams = z
  .object({
    /** Exact plates or wildcard patterns (`?`, `*`). */
    plates: z.array(z.string().trim().min(1).max(64)).min(1).optional(),
    area: Area.optional(),
    from: Timestamp.optional(),
    to: Timestamp.optional(),
  })
  .refine((p) => p.plates !== undefined || p.area !== undefined, {
    message: 'give plates or an area',
  });
export type PullParams = z.infer<typeof PullParams>;

export interface PullStart {
  pullId: string;
  /** Reads the pull will deliver (after the legal gate, at start). */
  total: number;
  withheld: Withheld;
  extendedAccess: ExtendedAccessUse;
}

export interface PullPage {
  reads: Read[];
  /**
   * Per read (by id): until when the receiving workstation may keep it (its
   * platform deadline, capped by the expiry of the approval it came under)
   * and that approval's decision id, if any.
   */
  meta: Map<string, { retentionUntil: string; approvalId: string | null }>;
  /** Pass back to get the next page; null when the pull is complete. */
  nextCursor: string | null;
}

export interface PullInfo {
  pullId: string;
  caseId: string;
  officerId: string;
  purpose: Purpose;
  reasonCode: ReasonCode;
  params: PullParams;
  decisionIds: string[];
  total: number;
  withheld: number;
  pages: number;
  lastCursor: string | null;
  status: 'open' | 'complete';
  createdAt: string;
  updatedAt: string;
}

interface PullRow {
  id: string;
  case_id: string;
  officer_id: string;
  purpose: Purpose;
  reason_code: ReasonCode;
  justification: string;
  params: string;
  decision_ids: string;
  as_of_rid: number;
  total: number;
  withheld: number;
  pages: number;
  last_cursor: string | null;
  status: 'open' | 'complete';
  created_at: number;
  updated_at: number;
}

// ---------------------------------------------------------------------------
// Cursor
// ---------------------------------------------------------------------------

export interface CursorPosition {
  capturedAt: number;
  id: string;
}

/** Opaque to clients (base64url), so nobody builds cursors by hand. */
export function encodeCursor(p: CursorPosition): string {
  return Buffer.from(`${p.capturedAt}|${p.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  const m = /^(-?\d{1,16})\|([0-9A-Za-z-]{1,64})$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  if (!m || cursor.length > 200) throw new DataError('invalid', 'Malformed pull cursor.');
  return { capturedAt: Number(m[1]), id: m[2]! };
}

// ---------------------------------------------------------------------------

function toScope(p: PullParams, limits: DataLimits): ReadScope {
  const range = timeRange(p.from, p.to);
  if (p.plates && p.plates.length > limits.maxPullPlates) {
    throw new DataError('too-large', `A pull may name at most ${limits.maxPullPlates} plates.`);
  }
  if (p.area) {
    checkArea(p.area, limits);
    if (range.from === null || range.to === null)
      throw new DataError('invalid', 'An area pull needs "from" and "to".');
    // An area with named plates is bounded by the plates; an area alone is a stakeout.
    if (!p.plates) checkAreaSpan(range.from, range.to, limits);
  }
  return {
    plates: p.plates?.map((t) => plateCriterion(t, limits)) ?? null,
    area: p.area ?? null,
    from: range.from,
    to: range.to,
  };
}

function currentMaxRid(db: Db): number {
  const row = stmt(db, "SELECT seq FROM sqlite_sequence WHERE name = 'reads'").get() as
    { seq: number } | undefined;
  return row?.seq ?? 0;
}

export function startPull(
  db: Db,
  pack: PolicyPack,
  q: QueryContext,
  params: z.input<typeof PullParams>,
  limits: DataLimits = DEFAULT_LIMITS,
): PullStart {
  const c = authoriseQuery(db, q, pack);
  const p = parseInput(PullParams, params, 'pull parameters');
  const scope = toScope(p, limits);
  const nowMs = q.now.getTime();
  // Only approvals in force now are frozen into the pull.
  const approvals = loadApprovals(db, c.id).filter((a) => a.expiresAt.getTime() > nowMs);
  const gate = legalGate(pack, q.now, q.purpose, approvals);
  const tally = new GateTally();
  const pullId = randomUUID();

  return db.transaction(() => {
    const asOfRid = currentMaxRid(db);
    const compiled = compileScope(scope, { asOfRid, buckets: bucketSpan(db, scope) });
    let total = 0;
    let scanned = 0;
    for (const cand of db
      .prepare(compiled.sql)
      .iterate(...compiled.params) as IterableIterator<Candidate>) {
      if (++scanned > limits.maxPullReads) {
        throw new DataError(
          'too-large',
          `The pull would cover more than ${limits.maxPullReads.toLocaleString('en')} reads; split it.`,
        );
      }
      if (!compiled.accept(cand)) continue;
      const v = gate.judge(cand);
      tally.add(v);
      if (v.visible) total++;
    }
    stmt(
      db,
      `INSERT INTO pulls (id, case_id, officer_id, purpose, reason_code, justification, params, decision_ids, as_of_rid,
         total, withheld, pages, last_cursor, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?, ?)`,
    ).run(
      pullId,
      c.id,
      q.officer.id,
      q.purpose,
      q.reasonCode,
      q.justification,
      JSON.stringify(p),
      JSON.stringify(approvals.map((a) => a.decisionId)),
      asOfRid,
      total,
      tally.withheldCount,
      total === 0 ? 'complete' : 'open',
      nowMs,
      nowMs,
    );
    return {
      pullId,
      total,
      withheld: tally.withheld(pack, gate, q.purpose),
      extendedAccess: tally.extendedAccess(),
    };
  })();
}

function loadPull(db: Db, pullId: string): PullRow {
  const row = stmt(db, 'SELECT * FROM pulls WHERE id = ?').get(pullId) as PullRow | undefined;
  if (!row) throw new DataError('not-found', 'No such pull.');
  return row;
}

export function getPull(db: Db, ctx: ActorContext, pullId: string): PullInfo {
  const row = loadPull(db, pullId);
  if (row.officer_id !== ctx.officer.id)
    throw new DataError('forbidden', 'This pull belongs to another officer.');
  return {
    pullId: row.id,
    caseId: row.case_id,
    officerId: row.officer_id,
    purpose: row.purpose,
    reasonCode: row.reason_code,
    params: JSON.parse(row.params) as PullParams,
    decisionIds: JSON.parse(row.decision_ids) as string[],
    total: row.total,
    withheld: row.withheld,
    pages: row.pages,
    lastCursor: row.last_cursor,
    status: row.status,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

/**
 * The page after `cursor` (null = from the start). Re-checks that the
 * officer still holds the pull's case, and judges every read against `now`.
 */
export function pullPage(
  db: Db,
  pack: PolicyPack,
  ctx: ActorContext,
  pullId: string,
  cursor: string | null,
  limit: number,
  limits: DataLimits = DEFAULT_LIMITS,
): PullPage {
  if (!Number.isInteger(limit) || limit < 1)
    throw new DataError('invalid', 'The page size must be a positive integer.');
  if (limit > limits.maxPageSize)
    throw new DataError('too-large', `At most ${limits.maxPageSize} reads per page.`);
  const row = loadPull(db, pullId);
  if (row.officer_id !== ctx.officer.id)
    throw new DataError('forbidden', 'This pull belongs to another officer.');
  const c = findCase(db, row.case_id);
  if (!c || c.status !== 'open')
    throw new DataError('forbidden', 'The case is closed: the pull cannot continue.');
  if (!isAssigned(db, c.id, ctx.officer.id))
    throw new DataError('forbidden', 'You are no longer assigned to this case.');

  const params = JSON.parse(row.params) as PullParams;
  const scope = toScope(params, { ...limits, maxAreaSpanMs: Number.MAX_SAFE_INTEGER });
  const approvals = loadApprovals(db, row.case_id, JSON.parse(row.decision_ids) as string[]);
  const gate = legalGate(pack, ctx.now, row.purpose, approvals);

  let after = cursor === null ? null : decodeCursor(cursor);
  const chunk = Math.max(limit * 2, 256);
  const picked: Candidate[] = [];
  const meta: PullPage['meta'] = new Map();
  const expiryOf = new Map(approvals.map((a) => [a.decisionId, a.expiresAt.getTime()]));
  let exhausted = false;
  const buckets = bucketSpan(db, scope);
  while (picked.length < limit && !exhausted) {
    const compiled = compileScope(scope, {
      buckets,
      after,
      asOfRid: row.as_of_rid,
      order: 'asc',
      limit: chunk,
    });
    const rows = stmt(db, compiled.sql).all(...compiled.params) as Candidate[];
    if (rows.length < chunk) exhausted = true;
    let i = 0;
    for (; i < rows.length && picked.length < limit; i++) {
      const cand = rows[i]!;
      after = { capturedAt: cand.captured_at, id: cand.id };
      if (!compiled.accept(cand)) continue;
      const verdict = gate.judge(cand);
      if (!verdict.visible) continue;
      picked.push(cand);
      const approvalExpiry = verdict.decisionId
        ? (expiryOf.get(verdict.decisionId) ?? Infinity)
        : Infinity;
      meta.set(cand.id, {
        retentionUntil: toIso(Math.min(cand.retention_until, approvalExpiry)),
        approvalId: verdict.decisionId,
      });
    }
    // Stopped inside the chunk: more rows follow, whatever `rows.length` said.
    if (i < rows.length) exhausted = false;
  }
  const last = picked.at(-1);
  const nextCursor =
    exhausted || !last ? null : encodeCursor({ capturedAt: last.captured_at, id: last.id });
  stmt(
    db,
    'UPDATE pulls SET pages = pages + 1, last_cursor = ?, status = ?, updated_at = ? WHERE id = ?',
  ).run(
    nextCursor ?? row.last_cursor,
    nextCursor === null ? 'complete' : 'open',
    ctx.now.getTime(),
    pullId,
  );
  return {
    reads: fetchReads(
      db,
      picked.map((p) => p.rid),
    ),
    meta,
    nextCursor,
  };
}

/**
 * Streams a pull from `cursor` page by page (for NDJSON): each item carries
 * the cursor to resume after it. `clock` is read per page so the gate uses
 * the time the page is actually served.
 */
export async function* streamPull(
  db: Db,
  pack: PolicyPack,
  officer: ActorContext['officer'],
  clock: () => Date,
  pullId: string,
  cursor: string | null,
  pageSize = 500,
  limits: DataLimits = DEFAULT_LIMITS,
): AsyncGenerator<{
  read: Read;
  cursor: string;
  retentionUntil: string;
  approvalId: string | null;
}> {
  let at = cursor;
  for (;;) {
    const page = pullPage(db, pack, { officer, now: clock() }, pullId, at, pageSize, limits);
    for (const read of page.reads) {
      const m = page.meta.get(read.id)!;
      yield {
        read,
        cursor: encodeCursor({ capturedAt: Date.parse(read.capturedAt), id: read.id }),
        retentionUntil: m.retentionUntil,
        approvalId: m.approvalId,
      };
    }
    if (page.nextCursor === null) return;
    at = page.nextCursor;
    // Let other requests run between pages.
    await nextTick();
  }
}
