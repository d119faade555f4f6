import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Justification } from '../../common/case.ts';
import type { Role } from '../../common/officer.ts';
import {
  Area,
  haversineMeters,
  pointInCircle,
  pointInPolygon,
  type LatLon,
} from '../../common/geo.ts';
import { normalisePlate } from '../../common/plates.ts';
import { maxExtendedAccessStart, type PolicyPack } from '../../common/policy.ts';
import { Timestamp } from '../../common/read.ts';
import type { Db } from '../store/sqlite.ts';
import { parseInput, requireRole, type ActorContext } from './actor.ts';
import { findCase, isAssigned } from './cases.ts';
import { DataError } from './errors.ts';
import { estimateUnlock, type UnlockEstimate } from './queries.ts';
import { stmt, toIso, toMs } from './sql.ts';

/**
 * Extended access (Belgium): a detective asks the prosecutor for reads older
 * than the normal window, for one case, named plates and/or an area, and a
 * capture period; the prosecutor approves, narrows or refuses with written
 * reasons and an expiry. Requests and decisions are evidence and never
 * change once written (database triggers enforce it).
 */

export type Urgency = 'normal' | 'urgent';
export type RequestStatus = 'pending' | 'approved' | 'narrowed' | 'refused' | 'withdrawn';
export type DecisionKind = 'approve' | 'narrow' | 'refuse';

export const ExtendedAccessRequestInput = z
  .object({
    caseId: z.string().min(1).max(64),
    plates: z.array(z.string().trim().min(1).max(64)).max(100).default([]),
    area: Area.nullable().default(null),
    periodFrom: Timestamp,
    periodTo: Timestamp,
    offence: z.string().trim().min(1).max(200),
    legalBasis: z.string().trim().min(1).max(300),
    justification: Justification,
    urgency: z.enum(['normal', 'urgent']).default('normal'),
  })
  .refine((r) => r.plates.length > 0 || r.area !== null, {
    message: 'name plates, an area, or both',
    path: ['plates'],
  })
  .refine((r) => r.plates.every((p) => !/[?*]/.test(p)), {
    message: 'plates must be exact (no wildcards)',
    path: ['plates'],
  });
export type ExtendedAccessRequestInput = z.input<typeof ExtendedAccessRequestInput>;

export interface ExtendedAccessDecision {
  id: string;
  requestId: string;
  decidedBy: string;
  decision: DecisionKind;
  /** Granted scope (null for a refusal). */
  plates: string[] | null;
  area: Area | null;
  periodFrom: string | null;
  periodTo: string | null;
  reasons: string;
  expiresAt: string | null;
  decidedAt: string;
}

export interface ExtendedAccessRequest {
  id: string;
  caseId: string;
  requestedBy: string;
  plates: string[];
  area: Area | null;
  periodFrom: string;
  periodTo: string;
  offence: string;
  legalBasis: string;
  justification: string;
  urgency: Urgency;
  status: RequestStatus;
  createdAt: string;
  decision: ExtendedAccessDecision | null;
}

interface RequestRow {
  id: string;
  case_id: string;
  requested_by: string;
  plates: string;
  area: string | null;
  period_from: number;
  period_to: number;
  offence: string;
  legal_basis: string;
  justification: string;
  urgency: Urgency;
  status: RequestStatus;
  created_at: number;
}

interface DecisionRow {
  id: string;
  request_id: string;
  decided_by: string;
  decision: DecisionKind;
  plates: string | null;
  area: string | null;
  period_from: number | null;
  period_to: number | null;
  reasons: string;
  expires_at: number | null;
  decided_at: number;
}

function toDecision(d: DecisionRow): ExtendedAccessDecision {
  return {
    id: d.id,
    requestId: d.request_id,
    decidedBy: d.decided_by,
    decision: d.decision,
    plates: d.plates === null ? null : (JSON.parse(d.plates) as string[]),
    area: d.area === null ? null : (JSON.parse(d.area) as Area),
    periodFrom: d.period_from === null ? null : toIso(d.period_from),
    periodTo: d.period_to === null ? null : toIso(d.period_to),
    reasons: d.reasons,
    expiresAt: d.expires_at === null ? null : toIso(d.expires_at),
    decidedAt: toIso(d.decided_at),
  };
}

function toRequest(db: Db, r: RequestRow): ExtendedAccessRequest {
  const d = stmt(db, 'SELECT * FROM extended_access_decisions WHERE request_id = ?').get(r.id) as
    DecisionRow | undefined;
  return {
    id: r.id,
    caseId: r.case_id,
    requestedBy: r.requested_by,
    plates: JSON.parse(r.plates) as string[],
    area: r.area === null ? null : (JSON.parse(r.area) as Area),
    periodFrom: toIso(r.period_from),
    periodTo: toIso(r.period_to),
    offence: r.offence,
    legalBasis: r.legal_basis,
    justification: r.justification,
    urgency: r.urgency,
    status: r.status,
    createdAt: toIso(r.created_at),
    decision: d ? toDecision(d) : null,
  };
}

function approverRole(pack: PolicyPack): Role {
  const ext = pack.consultation.extendedAccess;
  if (!ext)
    throw new DataError(
      'legal-gate',
      `There is no extended access to older reads under the ${pack.jurisdiction} rules.`,
    );
  return ext.approverRole;
}

// ---------------------------------------------------------------------------
// Filing
// ---------------------------------------------------------------------------

export function fileRequest(
  db: Db,
  pack: PolicyPack,
  ctx: ActorContext,
  input: ExtendedAccessRequestInput,
): ExtendedAccessRequest {
  approverRole(pack);
  requireRole(ctx.officer, 'detective', 'file an extended-access request');
  const r = parseInput(ExtendedAccessRequestInput, input, 'extended-access request');
  const c = findCase(db, r.caseId);
  if (!c) throw new DataError('not-found', 'No such case.');
  if (c.status !== 'open') throw new DataError('forbidden', 'The case is closed.');
  if (!isAssigned(db, c.id, ctx.officer.id))
    throw new DataError('forbidden', 'You are not assigned to this case.');
  if (c.purpose !== 'judicial') {
    throw new DataError(
      'legal-gate',
      'Reads older than the normal window are never available for an administrative purpose.',
    );
  }
  const from = toMs(r.periodFrom);
  const to = toMs(r.periodTo);
  const now = ctx.now.getTime();
  if (to <= from) throw new DataError('invalid', 'The period must end after it starts.');
  if (to > now) throw new DataError('invalid', 'The period cannot reach into the future.');
  const earliest = maxExtendedAccessStart(pack, ctx.now);
  if (from < earliest.getTime()) {
    throw new DataError(
      'legal-gate',
      `Extended access can reach back at most to ${earliest.toISOString()}.`,
    );
  }
  const plates = [...new Set(r.plates.map(normalisePlate))];
  const id = randomUUID();
  stmt(
    db,
    `INSERT INTO extended_access_requests (id, case_id, requested_by, plates, area, period_from, period_to, offence,
       legal_basis, justification, urgency, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
  ).run(
    id,
    c.id,
    ctx.officer.id,
    JSON.stringify(plates),
    r.area === null ? null : JSON.stringify(r.area),
    from,
    to,
    r.offence,
    r.legalBasis,
    r.justification,
    r.urgency,
    now,
    now,
  );
  return getRequestRow(db, id);
}

/** The requester withdraws a request nobody decided yet. */
export function withdrawRequest(
  db: Db,
  ctx: ActorContext,
  requestId: string,
): ExtendedAccessRequest {
  const r = getRequestRow(db, requestId);
  if (r.requestedBy !== ctx.officer.id)
    throw new DataError('forbidden', 'Only the requester may withdraw a request.');
  if (r.status !== 'pending')
    throw new DataError('conflict', `The request is already ${r.status}.`);
  stmt(
    db,
    "UPDATE extended_access_requests SET status = 'withdrawn', updated_at = ? WHERE id = ? AND status = 'pending'",
  ).run(ctx.now.getTime(), requestId);
  return getRequestRow(db, requestId);
}

function getRequestRow(db: Db, id: string): ExtendedAccessRequest {
  const row = stmt(db, 'SELECT * FROM extended_access_requests WHERE id = ?').get(id) as
    RequestRow | undefined;
  if (!row) throw new DataError('not-found', 'No such extended-access request.');
  return toRequest(db, row);
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

/** Prosecutors and supervisors see every request; a detective those of their cases. */
function canSee(
  db: Db,
  pack: PolicyPack,
  ctx: ActorContext,
  r: Pick<ExtendedAccessRequest, 'caseId'>,
): boolean {
  const roles = ctx.officer.roles;
  if (roles.includes('supervisor') || roles.includes(approverRole(pack))) return true;
  return roles.includes('detective') && isAssigned(db, r.caseId, ctx.officer.id);
}

export const RequestFilter = z.object({
  status: z.enum(['pending', 'approved', 'narrowed', 'refused', 'withdrawn']).optional(),
  urgency: z.enum(['normal', 'urgent']).optional(),
  caseId: z.string().min(1).max(64).optional(),
  /** Only requests filed at or before this time (e.g. "waiting more than 2 days"). */
  createdBefore: Timestamp.optional(),
  createdAfter: Timestamp.optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type RequestFilter = z.input<typeof RequestFilter>;

/** Urgent first, then oldest first: the order a prosecutor should work through them. */
export function listRequests(
  db: Db,
  pack: PolicyPack,
  ctx: ActorContext,
  filter: RequestFilter = {},
): ExtendedAccessRequest[] {
  const f = parseInput(RequestFilter, filter, 'request filter');
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown): void => {
    where.push(sql);
    params.push(value);
  };
  if (f.status) add('status = ?', f.status);
  if (f.urgency) add('urgency = ?', f.urgency);
  if (f.caseId) add('case_id = ?', f.caseId);
  if (f.createdBefore) add('created_at <= ?', toMs(f.createdBefore));
  if (f.createdAfter) add('created_at >= ?', toMs(f.createdAfter));
  const roles = ctx.officer.roles;
  const seesAll = roles.includes('supervisor') || roles.includes(approverRole(pack));
  if (!seesAll) {
    if (!roles.includes('detective'))
      throw new DataError('forbidden', 'Your role cannot see extended-access requests.');
    where.push('case_id IN (SELECT case_id FROM case_officers WHERE officer_id = ?)');
    params.push(ctx.officer.id);
  }
  const rows = stmt(
    db,
    `SELECT * FROM extended_access_requests ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
     ORDER BY CASE urgency WHEN 'urgent' THEN 0 ELSE 1 END, created_at, id LIMIT ?`,
  ).all(...params, f.limit) as RequestRow[];
  return rows.map((r) => toRequest(db, r));
}

export interface RequestDetail {
  request: ExtendedAccessRequest;
  /** Earlier requests of the same case, newest first, with their decisions. */
  earlierRequests: ExtendedAccessRequest[];
  /** Count of reads the request would unlock now (never the reads). */
  estimate: UnlockEstimate;
  caseNumber: string;
  caseTitle: string;
}

export function getRequestDetail(
  db: Db,
  pack: PolicyPack,
  ctx: ActorContext,
  requestId: string,
): RequestDetail {
  const request = getRequestRow(db, requestId);
  if (!canSee(db, pack, ctx, request))
    throw new DataError('forbidden', 'You may not see this request.');
  const earlier = (
    stmt(
      db,
      'SELECT * FROM extended_access_requests WHERE case_id = ? AND id <> ? AND created_at <= ? ORDER BY created_at DESC, id',
    ).all(request.caseId, request.id, toMs(request.createdAt)) as RequestRow[]
  ).map((r) => toRequest(db, r));
  const c = findCase(db, request.caseId)!;
  return {
    request,
    earlierRequests: earlier,
    estimate: estimateUnlock(
      db,
      pack,
      {
        purpose: c.purpose,
        plates: request.plates,
        area: request.area,
        periodFrom: request.periodFrom,
        periodTo: request.periodTo,
      },
      ctx.now,
    ),
    caseNumber: c.number,
    caseTitle: c.title,
  };
}

// ---------------------------------------------------------------------------
// Deciding
// ---------------------------------------------------------------------------

export const DecisionInput = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), reasons: Justification, expiresAt: Timestamp }),
  z.object({
    decision: z.literal('narrow'),
    reasons: Justification,
    expiresAt: Timestamp,
    /** The narrowed scope; omitted parts keep the request's. */
    plates: z.array(z.string().trim().min(1).max(64)).max(100).optional(),
    area: Area.nullable().optional(),
    periodFrom: Timestamp.optional(),
    periodTo: Timestamp.optional(),
  }),
  z.object({ decision: z.literal('refuse'), reasons: Justification }),
]);
export type DecisionInput = z.input<typeof DecisionInput>;

/** Longest validity of an approval (a design choice: approvals are re-examined at least yearly). */
export const MAX_APPROVAL_VALIDITY_MS = 366 * 86_400_000;

export function decideRequest(
  db: Db,
  pack: PolicyPack,
  ctx: ActorContext,
  requestId: string,
  input: DecisionInput,
): ExtendedAccessRequest {
  const role = approverRole(pack);
  requireRole(ctx.officer, role, 'decide on extended access');
  const d = parseInput(DecisionInput, input, 'decision');
  const request = getRequestRow(db, requestId);
  if (request.requestedBy === ctx.officer.id) {
    throw new DataError('forbidden', 'You cannot decide on a request you filed yourself.');
  }
  if (request.status !== 'pending')
    throw new DataError('conflict', `The request is already ${request.status}.`);
  const now = ctx.now.getTime();

  let granted: { plates: string[]; area: Area | null; from: number; to: number } | null = null;
  let expiresAt: number | null = null;
  if (d.decision !== 'refuse') {
    expiresAt = toMs(d.expiresAt);
    if (expiresAt <= now) throw new DataError('invalid', 'The approval must expire in the future.');
    if (expiresAt - now > MAX_APPROVAL_VALIDITY_MS)
      throw new DataError('invalid', 'An approval may be valid for at most one year.');
    granted = {
      plates: request.plates,
      area: request.area,
      from: toMs(request.periodFrom),
      to: toMs(request.periodTo),
    };
    if (d.decision === 'narrow') granted = narrowScope(request, d);
  }

  const id = randomUUID();
  const status: RequestStatus =
    d.decision === 'approve' ? 'approved' : d.decision === 'narrow' ? 'narrowed' : 'refused';
  db.transaction(() => {
    // The status guard makes a concurrent second decision fail instead of overwrite.
    const changed = stmt(
      db,
      "UPDATE extended_access_requests SET status = ?, updated_at = ? WHERE id = ? AND status = 'pending'",
    ).run(status, now, requestId).changes;
    if (changed !== 1) throw new DataError('conflict', 'The request was decided meanwhile.');
    stmt(
      db,
      `INSERT INTO extended_access_decisions (id, request_id, decided_by, decision, plates, area, period_from, period_to,
         reasons, expires_at, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      requestId,
      ctx.officer.id,
      d.decision,
      granted ? JSON.stringify(granted.plates) : null,
      granted?.area ? JSON.stringify(granted.area) : null,
      granted?.from ?? null,
      granted?.to ?? null,
      d.reasons,
      expiresAt,
      now,
    );
  })();
  return getRequestRow(db, requestId);
}

function narrowScope(
  request: ExtendedAccessRequest,
  d: Extract<z.infer<typeof DecisionInput>, { decision: 'narrow' }>,
): { plates: string[]; area: Area | null; from: number; to: number } {
  const reqFrom = toMs(request.periodFrom);
  const reqTo = toMs(request.periodTo);
  const from = d.periodFrom ? toMs(d.periodFrom) : reqFrom;
  const to = d.periodTo ? toMs(d.periodTo) : reqTo;
  if (from < reqFrom || to > reqTo)
    throw new DataError('invalid', 'A narrowed period must lie within the requested period.');
  if (to <= from) throw new DataError('invalid', 'The narrowed period must end after it starts.');

  let plates = request.plates;
  if (d.plates !== undefined) {
    plates = [...new Set(d.plates.map(normalisePlate))];
    // Without plates in the request, naming some narrows (plates AND area).
    if (request.plates.length > 0 && !plates.every((p) => request.plates.includes(p))) {
      throw new DataError(
        'invalid',
        'A narrowed decision can only keep plates that were requested.',
      );
    }
  }
  let area = request.area;
  if (d.area !== undefined) {
    if (d.area === null) {
      if (request.area !== null)
        throw new DataError('invalid', 'Dropping the area would widen the request.');
    } else {
      if (request.area !== null && !areaWithin(d.area, request.area)) {
        throw new DataError('invalid', 'A narrowed area must lie within the requested area.');
      }
      area = d.area;
    }
  }
  if (plates.length === 0 && area === null)
    throw new DataError('invalid', 'A narrowed decision must keep plates or an area.');
  if (request.plates.length > 0 && plates.length === 0) {
    throw new DataError(
      'invalid',
      'Dropping all plates would widen the request; refuse it instead.',
    );
  }
  return { plates, area, from, to };
}

/** Points on a circle's rim, dense enough for the few-km areas of a request. */
function rim(c: { lat: number; lon: number; radiusM: number }, n = 72): LatLon[] {
  const out: LatLon[] = [];
  const dLat = c.radiusM / 111_195;
  const dLon = dLat / Math.max(Math.cos((c.lat * Math.PI) / 180), 1e-9);
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    out.push({ lat: c.lat + dLat * Math.cos(a), lon: c.lon + dLon * Math.sin(a) });
  }
  return out;
}

/** Conservative containment test: true only when `inner` lies inside `outer`. */
export function areaWithin(inner: Area, outer: Area): boolean {
  if (inner.kind === 'cameras' || outer.kind === 'cameras') {
    return (
      inner.kind === 'cameras' &&
      outer.kind === 'cameras' &&
      inner.cameraIds.every((id) => outer.cameraIds.includes(id))
    );
  }
  if (outer.kind === 'circle') {
    if (inner.kind === 'circle')
      return haversineMeters(inner, outer) + inner.radiusM <= outer.radiusM;
    return inner.points.every((p) => pointInCircle(p, outer));
  }
  const points = inner.kind === 'circle' ? rim(inner) : inner.points;
  if (!points.every((p) => pointInPolygon(p, outer.points))) return false;
  // All vertices inside a polygon is not enough when the outer one is concave:
  // also require that no outer vertex pokes into the inner shape.
  return !outer.points.some((v) =>
    inner.kind === 'circle'
      ? haversineMeters(v, inner) < inner.radiusM * 0.999
      : pointInPolygon(v, inner.points),
  );
}
