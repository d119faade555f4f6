import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Justification } from '../../common/case.ts';
import { Area, pointInArea } from '../../common/geo.ts';
import { Timestamp } from '../../common/read.ts';
import type { Db } from '../store/sqlite.ts';
import { parseInput, requireRole, type ActorContext } from './actor.ts';
import { DataError } from './errors.ts';
import { bumpRevision, readRevision } from './meta.ts';
import { stmt, toIso, toMs } from './sql.ts';

/**
 * Danish targeted operations: collection "limited in time and place on a
 * concrete police assessment". A no-hit read taken inside one is kept in the
 * no-hit part (30 days) instead of being dropped or kept only 24 h.
 */

export const TargetedOperationInput = z
  .object({
    name: z.string().min(1).max(200),
    /** Units taking part; null = any unit, limited by area. */
    unitIds: z.array(z.string().min(1).max(64)).min(1).max(500).nullable().default(null),
    area: Area.nullable().default(null),
    validFrom: Timestamp,
    validTo: Timestamp,
    justification: Justification,
  })
  .refine((o) => toMs(o.validTo) > toMs(o.validFrom), {
    message: 'validTo must be after validFrom',
    path: ['validTo'],
  })
  // "Limited in place": an operation must name its units or its area.
  .refine((o) => o.unitIds !== null || o.area !== null, {
    message: 'name the units or the area of the operation',
  });
export type TargetedOperationInput = z.input<typeof TargetedOperationInput>;

export interface TargetedOperation {
  id: string;
  name: string;
  unitIds: string[] | null;
  area: Area | null;
  validFrom: string;
  validTo: string;
  decidedBy: string;
  createdAt: string;
  /** Set when the operation was ended before its validTo (#14); it covers reads until then. */
  endedAt?: string | null;
  /** The hotlists the operation checks (#14); [] = the units' own lists. */
  hotlistIds?: string[];
}

export const TARGETED_OPERATION_ROLES = ['supervisor', 'commissioner'] as const;

export function createTargetedOperation(
  db: Db,
  ctx: ActorContext,
  input: TargetedOperationInput,
): TargetedOperation {
  requireRole(ctx.officer, TARGETED_OPERATION_ROLES, 'set up a targeted operation');
  const o = parseInput(TargetedOperationInput, input, 'targeted operation');
  const id = randomUUID();
  db.transaction(() => {
    stmt(
      db,
      `INSERT INTO targeted_operations (id, name, unit_ids, area, valid_from, valid_to, decided_by, justification, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      o.name,
      o.unitIds === null ? null : JSON.stringify(o.unitIds),
      o.area === null ? null : JSON.stringify(o.area),
      toMs(o.validFrom),
      toMs(o.validTo),
      ctx.officer.id,
      o.justification,
      ctx.now.getTime(),
    );
    bumpRevision(db, 'operations_rev');
  })();
  return {
    id,
    name: o.name,
    unitIds: o.unitIds,
    area: o.area,
    validFrom: toIso(toMs(o.validFrom)),
    validTo: toIso(toMs(o.validTo)),
    decidedBy: ctx.officer.id,
    createdAt: ctx.now.toISOString(),
  };
}

interface OperationRow {
  id: string;
  name: string;
  unit_ids: string | null;
  area: string | null;
  valid_from: number;
  valid_to: number;
  decided_by: string;
  created_at: number;
  ended_at?: number | null;
}

export function listTargetedOperations(db: Db): TargetedOperation[] {
  const rows = stmt(
    db,
    'SELECT * FROM targeted_operations ORDER BY valid_from',
  ).all() as OperationRow[];
  return rows.map(toOperation);
}

export function getTargetedOperation(db: Db, id: string): TargetedOperation {
  const row = stmt(db, 'SELECT * FROM targeted_operations WHERE id = ?').get(id) as
    OperationRow | undefined;
  if (!row) throw new DataError('not-found', 'No such targeted operation.');
  return toOperation(row);
}

function toOperation(r: OperationRow): TargetedOperation {
  return {
    id: r.id,
    name: r.name,
    unitIds: r.unit_ids === null ? null : (JSON.parse(r.unit_ids) as string[]),
    area: r.area === null ? null : (JSON.parse(r.area) as Area),
    validFrom: toIso(r.valid_from),
    validTo: toIso(r.valid_to),
    decidedBy: r.decided_by,
    createdAt: toIso(r.created_at),
    endedAt: r.ended_at == null ? null : toIso(r.ended_at),
  };
}

export interface OperationIndex {
  /** Whether a read of this unit, at this place and time, was collected in a targeted operation. */
  covers(unitId: string, lat: number, lon: number, capturedAtMs: number): boolean;
  /** The hotlists named by the operations covering such a read (#14). */
  listsCovering(unitId: string, lat: number, lon: number, capturedAtMs: number): string[];
  readonly size: number;
}

const cache = new WeakMap<Db, { rev: number; index: OperationIndex }>();

export function operationIndex(db: Db): OperationIndex {
  const rev = readRevision(db, 'operations_rev');
  const hit = cache.get(db);
  if (hit && hit.rev === rev) return hit.index;
  const lists = new Map<string, string[]>();
  for (const r of stmt(
    db,
    'SELECT operation_id, hotlist_id FROM operation_hotlists',
  ).all() as Array<{
    operation_id: string;
    hotlist_id: string;
  }>) {
    let l = lists.get(r.operation_id);
    if (!l) lists.set(r.operation_id, (l = []));
    l.push(r.hotlist_id);
  }
  const ops = listTargetedOperations(db).map((o) => ({
    from: toMs(o.validFrom),
    // An operation ended early covers reads until its end, not its planned validTo.
    to: o.endedAt ? Math.min(toMs(o.validTo), toMs(o.endedAt)) : toMs(o.validTo),
    units: o.unitIds === null ? null : new Set(o.unitIds),
    area: o.area,
    lists: lists.get(o.id) ?? [],
  }));
  const within = (o: (typeof ops)[number], unitId: string, lat: number, lon: number, at: number) =>
    at >= o.from &&
    at <= o.to &&
    (o.units === null || o.units.has(unitId)) &&
    (o.area === null || pointInArea({ lat, lon, unitId }, o.area));
  const index: OperationIndex = {
    size: ops.length,
    covers(unitId, lat, lon, at) {
      return ops.some((o) => within(o, unitId, lat, lon, at));
    },
    listsCovering(unitId, lat, lon, at) {
      const out: string[] = [];
      for (const o of ops)
        if (o.lists.length && within(o, unitId, lat, lon, at)) out.push(...o.lists);
      return out;
    },
  };
  cache.set(db, { rev, index });
  return index;
}
