import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Justification } from '../../common/case.ts';
import { Area, pointInArea } from '../../common/geo.ts';
import { normalisePlate } from '../../common/plates.ts';
import type { PolicyPack } from '../../common/policy.ts';
import { Timestamp } from '../../common/read.ts';
import type { Db } from '../store/sqlite.ts';
import { parseInput, requireRole, type ActorContext } from './actor.ts';
import { DataError } from './errors.ts';
import { bumpRevision, readRevision } from './meta.ts';
import { scanScope, type ReadScope } from './scope.ts';
import { chunks, placeholders, stmt, toIso, toMs } from './sql.ts';

/**
 * Danish extraordinary postponement of deletion: only the role the pack
 * names (the national police commissioner) decides, with written reasons,
 * for a scope and until a date. A postponement only ever extends deadlines
 * (reads already past theirs are not revived), applies to reads stored now
 * and to reads ingested while it runs, and is immutable once recorded.
 */

export const PostponementScope = z
  .object({
    /** Explicit "every read": an extraordinary situation may concern the whole system. */
    all: z.literal(true).optional(),
    plates: z.array(z.string().min(1).max(64)).min(1).max(1000).optional(),
    area: Area.optional(),
    unitIds: z.array(z.string().min(1).max(64)).min(1).max(500).optional(),
    capturedFrom: Timestamp.optional(),
    capturedTo: Timestamp.optional(),
  })
  .refine(
    (s) => s.all === true || s.plates || s.area || s.unitIds || s.capturedFrom || s.capturedTo,
    { message: 'give plates, an area, units or a capture period, or all: true' },
  );
export type PostponementScope = z.infer<typeof PostponementScope>;

export const PostponementInput = z.object({
  scope: PostponementScope,
  until: Timestamp,
  reasons: Justification,
});
export type PostponementInput = z.input<typeof PostponementInput>;

export interface Postponement {
  id: string;
  decidedBy: string;
  scope: PostponementScope;
  until: string;
  reasons: string;
  readsAffected: number;
  decidedAt: string;
}

function toReadScope(s: PostponementScope): ReadScope {
  return {
    plates: s.plates?.map((p) => ({ kind: 'exact' as const, plate: p })) ?? null,
    area: s.area ?? null,
    unitIds: s.unitIds ?? null,
    from: s.capturedFrom ? toMs(s.capturedFrom) : null,
    to: s.capturedTo ? toMs(s.capturedTo) : null,
  };
}

export function postponeDeletion(
  db: Db,
  pack: PolicyPack,
  ctx: ActorContext,
  input: PostponementInput,
): Postponement {
  const rule = pack.retention.postponement;
  if (rule === null) {
    throw new DataError(
      'legal-gate',
      `Deletion cannot be postponed under the ${pack.jurisdiction} rules.`,
    );
  }
  requireRole(ctx.officer, rule.decidedByRole, 'postpone deletion');
  const p = parseInput(PostponementInput, input, 'postponement');
  const until = toMs(p.until);
  const now = ctx.now.getTime();
  if (until <= now)
    throw new DataError('invalid', 'A postponement must run until a time in the future.');

  const id = randomUUID();
  const readsAffected = db.transaction(() => {
    // Collect first, update after: the connection cannot write while it iterates.
    const rids: number[] = [];
    for (const c of scanScope(db, toReadScope(p.scope))) {
      // Past its deadline already: deletion is due, a postponement cannot revive it.
      if (c.retention_until >= now) rids.push(c.rid);
    }
    for (const part of chunks(rids, 500)) {
      stmt(
        db,
        `UPDATE reads SET retention_until = MAX(retention_until, ?), postponed_until = MAX(COALESCE(postponed_until, 0), ?)
         WHERE rid IN (${placeholders(part.length)})`,
      ).run(until, until, ...part);
    }
    stmt(
      db,
      'INSERT INTO postponements (id, decided_by, scope, until, reasons, reads_affected, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(id, ctx.officer.id, JSON.stringify(p.scope), until, p.reasons, rids.length, now);
    bumpRevision(db, 'postponements_rev');
    return rids.length;
  })();
  return {
    id,
    decidedBy: ctx.officer.id,
    scope: p.scope,
    until: toIso(until),
    reasons: p.reasons,
    readsAffected,
    decidedAt: ctx.now.toISOString(),
  };
}

interface PostponementRow {
  id: string;
  decided_by: string;
  scope: string;
  until: number;
  reasons: string;
  reads_affected: number;
  decided_at: number;
}

export function listPostponements(db: Db): Postponement[] {
  const rows = stmt(
    db,
    'SELECT * FROM postponements ORDER BY decided_at DESC',
  ).all() as PostponementRow[];
  return rows.map((r) => ({
    id: r.id,
    decidedBy: r.decided_by,
    scope: JSON.parse(r.scope) as PostponementScope,
    until: toIso(r.until),
    reasons: r.reasons,
    readsAffected: r.reads_affected,
    decidedAt: toIso(r.decided_at),
  }));
}

export interface PostponementIndex {
  /** Latest `until` of the postponements running at `now` that cover this read, or null. */
  postponedUntil(read: {
    plate: string;
    unitId: string;
    lat: number;
    lon: number;
    capturedAt: number;
  }): number | null;
  readonly size: number;
}

const cache = new WeakMap<Db, { rev: number; list: Postponement[] }>();

/** Postponements still running at `now`, for ingest (new reads inside a running postponement are covered too). */
export function postponementIndex(db: Db, now: Date): PostponementIndex {
  const rev = readRevision(db, 'postponements_rev');
  let entry = cache.get(db);
  if (!entry || entry.rev !== rev) {
    entry = { rev, list: listPostponements(db) };
    cache.set(db, entry);
  }
  const active = entry.list
    .filter((p) => toMs(p.until) > now.getTime())
    .map((p) => ({
      until: toMs(p.until),
      plates: p.scope.plates ? new Set(p.scope.plates.map(normalisePlate)) : null,
      units: p.scope.unitIds ? new Set(p.scope.unitIds) : null,
      area: p.scope.area ?? null,
      from: p.scope.capturedFrom ? toMs(p.scope.capturedFrom) : null,
      to: p.scope.capturedTo ? toMs(p.scope.capturedTo) : null,
    }));
  return {
    size: active.length,
    postponedUntil(r) {
      let best: number | null = null;
      for (const p of active) {
        if (p.plates && !p.plates.has(r.plate)) continue;
        if (p.units && !p.units.has(r.unitId)) continue;
        if (p.from !== null && r.capturedAt < p.from) continue;
        if (p.to !== null && r.capturedAt > p.to) continue;
        if (p.area && !pointInArea({ lat: r.lat, lon: r.lon, unitId: r.unitId }, p.area)) continue;
        if (best === null || p.until > best) best = p.until;
      }
      return best;
    },
  };
}
