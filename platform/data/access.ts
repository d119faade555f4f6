import { z } from 'zod';
import { Justification, OffenceTypeId, Purpose, ReasonCode, type Case } from '../../common/case.ts';
import type { Area } from '../../common/geo.ts';
import {
  approvalCovers,
  offenceTypeProblem,
  parseDuration,
  readGate,
  WITHHELD_REASON_PRIORITY,
  type PolicyPack,
  type ReadGate,
  type ReadVerdict,
  type ScopedApproval,
  type WithheldReason,
} from '../../common/policy.ts';
import type { Db } from '../store/sqlite.ts';
import { describeIssues, requireRole, type Actor } from './actor.ts';
import { findCase, isAssigned } from './cases.ts';
import { DataError } from './errors.ts';
import { placeholders, stmt } from './sql.ts';

/**
 * Who may consult reads, and which reads: the case checks every query and
 * pull starts with, and the per-read legal gate (policy pack + the case's
 * extended-access approvals).
 */

export interface QueryContext {
  officer: Actor;
  caseId: string;
  purpose: Purpose;
  /** From the pack's offence list, allowed for the case's purpose (checked below). */
  offenceType: string;
  reasonCode: ReasonCode;
  justification: string;
  now: Date;
}

/** Roles that consult reads. Prosecutors see counts (estimateUnlock), never reads. */
export const CONSULTING_ROLES = ['detective'] as const;

const QueryContextFields = z.object({
  purpose: Purpose,
  offenceType: OffenceTypeId,
  reasonCode: ReasonCode,
  justification: Justification,
  caseId: z.string().min(1).max(64),
});

/**
 * Throws a DataError unless the officer may query under this case for this
 * purpose and offence type (one of the pack's types for the case's purpose).
 */
export function authoriseQuery(db: Db, q: QueryContext, pack: PolicyPack): Case {
  const fields = QueryContextFields.safeParse({
    purpose: q.purpose,
    offenceType: q.offenceType,
    reasonCode: q.reasonCode,
    justification: q.justification,
    caseId: q.caseId,
  });
  if (!fields.success)
    throw new DataError('invalid', `Invalid query context: ${describeIssues(fields.error)}`);
  requireRole(q.officer, CONSULTING_ROLES, 'consult reads');
  const c = findCase(db, q.caseId);
  if (!c) throw new DataError('not-found', 'No such case.');
  if (c.status !== 'open')
    throw new DataError('forbidden', 'The case is closed: no more queries under it.');
  if (!isAssigned(db, c.id, q.officer.id))
    throw new DataError('forbidden', 'You are not assigned to this case.');
  if (c.purpose !== q.purpose) {
    throw new DataError(
      'forbidden',
      `The case has a ${c.purpose} purpose; a query under it cannot be ${q.purpose}.`,
    );
  }
  const offence = offenceTypeProblem(pack, c.purpose, q.offenceType);
  if (offence) throw new DataError('invalid', offence);
  return c;
}

// ---------------------------------------------------------------------------
// Approvals
// ---------------------------------------------------------------------------

export interface Approval extends ScopedApproval {
  requestId: string;
  decision: 'approve' | 'narrow';
}

interface ApprovalRow {
  id: string;
  request_id: string;
  decision: 'approve' | 'narrow';
  plates: string | null;
  area: string | null;
  period_from: number;
  period_to: number;
  expires_at: number;
}

/** The approve/narrow decisions of a case (expired ones too: the gate says why they no longer count). */
export function loadApprovals(
  db: Db,
  caseId: string,
  onlyDecisionIds?: readonly string[],
): Approval[] {
  let sql = `SELECT d.id, d.request_id, d.decision, d.plates, d.area, d.period_from, d.period_to, d.expires_at
     FROM extended_access_decisions d JOIN extended_access_requests r ON r.id = d.request_id
     WHERE r.case_id = ? AND d.decision IN ('approve', 'narrow')`;
  const params: unknown[] = [caseId];
  if (onlyDecisionIds) {
    if (onlyDecisionIds.length === 0) return [];
    sql += ` AND d.id IN (${placeholders(onlyDecisionIds.length)})`;
    params.push(...onlyDecisionIds);
  }
  const rows = stmt(db, sql + ' ORDER BY d.decided_at, d.id').all(...params) as ApprovalRow[];
  return rows.map((r) => {
    const plates = r.plates === null ? [] : (JSON.parse(r.plates) as string[]);
    return {
      decisionId: r.id,
      requestId: r.request_id,
      decision: r.decision,
      plates: plates.length > 0 ? new Set(plates) : null,
      area: r.area === null ? null : (JSON.parse(r.area) as Area),
      periodFrom: new Date(r.period_from),
      periodTo: new Date(r.period_to),
      expiresAt: new Date(r.expires_at),
    };
  });
}

/** The common rule (common/policy.ts), re-exported for the platform's modules. */
export { approvalCovers };

// ---------------------------------------------------------------------------
// The gate
// ---------------------------------------------------------------------------

export type { WithheldReason };
export type Verdict = ReadVerdict;
export type Gate = ReadGate;

const REASON_PRIORITY = WITHHELD_REASON_PRIORITY;

/**
 * Per-read legal gate. Deliberately judges each read (not a SQL window), so
 * that every read the query found is either shown or counted as withheld,
 * and the count is exact. The judging itself is common code: workstations
 * apply the very same function to the reads they hold.
 */
export function legalGate(
  pack: PolicyPack,
  now: Date,
  purpose: Purpose,
  approvals: readonly Approval[],
): Gate {
  return readGate(pack, now, purpose, approvals);
}

export interface Withheld {
  /** Reads that exist in the query's scope but the gate hides: a count, never their content. */
  count: number;
  /** The main reason (most frequent), null when nothing is withheld. */
  reason: WithheldReason | null;
  /** For the officer, e.g. "12 older reads need an approved extended-access decision ...". */
  message: string | null;
  byReason: Partial<Record<WithheldReason, number>>;
}

export interface ExtendedAccessUse {
  /** Reads shown only thanks to an approval. */
  count: number;
  decisionIds: string[];
}

export class GateTally {
  readonly byReason: Partial<Record<WithheldReason, number>> = {};
  withheldCount = 0;
  readonly decisions = new Map<string, number>();
  extendedCount = 0;

  add(v: Verdict): void {
    if (v.visible) {
      if (v.decisionId !== null) {
        this.extendedCount++;
        this.decisions.set(v.decisionId, (this.decisions.get(v.decisionId) ?? 0) + 1);
      }
    } else {
      this.withheldCount++;
      this.byReason[v.reason] = (this.byReason[v.reason] ?? 0) + 1;
    }
  }

  withheld(pack: PolicyPack, gate: Gate, purpose: Purpose): Withheld {
    let reason: WithheldReason | null = null;
    for (const r of REASON_PRIORITY) {
      const n = this.byReason[r] ?? 0;
      if (n > 0 && (reason === null || n > (this.byReason[reason] ?? 0))) reason = r;
    }
    return {
      count: this.withheldCount,
      reason,
      message:
        reason === null
          ? null
          : withheldMessage(pack, gate, purpose, reason, this.byReason[reason] ?? 0),
      byReason: { ...this.byReason },
    };
  }

  extendedAccess(): ExtendedAccessUse {
    return { count: this.extendedCount, decisionIds: [...this.decisions.keys()] };
  }
}

function utc(d: Date): string {
  return d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function durationText(iso: string): string {
  const d = parseDuration(iso);
  if (d.days) return plural(d.days, 'day', 'days');
  if (d.months) return plural(d.months, 'month', 'months');
  if (d.years) return plural(d.years, 'year', 'years');
  return iso;
}

/**
 * Written here rather than taken from the policy's per-read message,
 * because those may quote the capture time of the read, and the content of
 * a withheld read must not reach the officer.
 */
function withheldMessage(
  pack: PolicyPack,
  gate: Gate,
  purpose: Purpose,
  reason: WithheldReason,
  n: number,
): string {
  const reads = plural(n, 'read', 'reads');
  const approver = pack.consultation.extendedAccess?.approverRole ?? 'prosecutor';
  switch (reason) {
    case 'needs-extended-access':
      return `${reads} captured before ${utc(gate.windowStart)} need an approved extended-access decision by a ${approver} for this case.`;
    case 'approval-expired':
      return `${reads} were reachable under an extended-access approval that has expired; request a new decision.`;
    case 'outside-approved-period':
      return `${reads} fall outside the capture period of this case's extended-access approval.`;
    case 'administrative-window': {
      const w = pack.consultation.administrativeWindow;
      return `${reads} are older than ${w ? durationText(w.duration) : 'the administrative window'} and can never be consulted for an ${purpose} purpose.`;
    }
    case 'beyond-retention':
      return `${reads} are past their deletion deadline or beyond the longest look-back the law allows.`;
  }
}
