import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Purpose, type Case, type CaseStatus } from '../../common/case.ts';
import type { DepartedCase } from '../../common/platform-api.ts';
import type { Db } from '../store/sqlite.ts';
import { parseInput } from './actor.ts';
import { DataError } from './errors.ts';
import { stmt, toIso } from './sql.ts';

/**
 * Cases: the unit of purpose. Only officers assigned to an open case may
 * query or pull under it. Who may create, assign and close is decided by the
 * route layer (roles); here the rules that hold whoever calls.
 */

export const CaseInput = z.object({
  id: z.string().min(1).max(64).optional(),
  number: z.string().min(1).max(64),
  title: z.string().min(1).max(200),
  offence: z.string().min(1).max(200),
  legalBasis: z.string().min(1).max(300),
  purpose: Purpose,
  scope: z.string().max(2000).default(''),
  assignedOfficers: z.array(z.string().min(1).max(64)).max(200).default([]),
});
export type CaseInput = z.input<typeof CaseInput>;

interface CaseRow {
  id: string;
  number: string;
  title: string;
  offence: string;
  legal_basis: string;
  purpose: Purpose;
  status: z.infer<typeof CaseStatus>;
  scope: string;
  created_at: number;
}

function officersOf(db: Db, caseId: string): string[] {
  return (
    stmt(
      db,
      'SELECT officer_id FROM case_officers WHERE case_id = ? ORDER BY assigned_at, officer_id',
    ).all(caseId) as Array<{
      officer_id: string;
    }>
  ).map((r) => r.officer_id);
}

function toCase(db: Db, r: CaseRow): Case {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    offence: r.offence,
    legalBasis: r.legal_basis,
    purpose: r.purpose,
    status: r.status,
    assignedOfficers: officersOf(db, r.id),
    createdAt: toIso(r.created_at),
    scope: r.scope,
  };
}

export function createCase(db: Db, input: CaseInput, ctx: { now: Date; createdBy?: string }): Case {
  const c = parseInput(CaseInput, input, 'case');
  const id = c.id ?? randomUUID();
  const now = ctx.now.getTime();
  db.transaction(() => {
    try {
      stmt(
        db,
        `INSERT INTO cases (id, number, title, offence, legal_basis, purpose, status, scope, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
      ).run(
        id,
        c.number,
        c.title,
        c.offence,
        c.legalBasis,
        c.purpose,
        c.scope,
        ctx.createdBy ?? null,
        now,
      );
    } catch (e) {
      if (String(e).includes('UNIQUE'))
        throw new DataError('conflict', 'A case with this id or number already exists.');
      throw e;
    }
    for (const officer of new Set(c.assignedOfficers)) {
      stmt(
        db,
        'INSERT INTO case_officers (case_id, officer_id, assigned_by, assigned_at) VALUES (?, ?, ?, ?)',
      ).run(id, officer, ctx.createdBy ?? null, now);
    }
  })();
  return getCase(db, id);
}

export function findCase(db: Db, id: string): Case | null {
  const row = stmt(db, 'SELECT * FROM cases WHERE id = ?').get(id) as CaseRow | undefined;
  return row ? toCase(db, row) : null;
}

export function getCase(db: Db, id: string): Case {
  const c = findCase(db, id);
  if (!c) throw new DataError('not-found', 'No such case.');
  return c;
}

export function isAssigned(db: Db, caseId: string, officerId: string): boolean {
  return (
    stmt(db, 'SELECT 1 FROM case_officers WHERE case_id = ? AND officer_id = ?').get(
      caseId,
      officerId,
    ) !== undefined
  );
}

/** The cases an officer is assigned to, newest first. */
export function listCasesForOfficer(
  db: Db,
  officerId: string,
  filter: { status?: 'open' | 'closed' } = {},
): Case[] {
  const rows = stmt(
    db,
    `SELECT c.* FROM cases c JOIN case_officers o ON o.case_id = c.id
     WHERE o.officer_id = ? AND (? IS NULL OR c.status = ?) ORDER BY c.created_at DESC, c.id`,
  ).all(officerId, filter.status ?? null, filter.status ?? null) as CaseRow[];
  return rows.map((r) => toCase(db, r));
}

/**
 * Cases that left an officer's list although they worked on them (made a pull
 * under them), so their workstation holds or held a copy: closed ones, and
 * open ones the officer is no longer assigned to. The workstation shreds its
 * copy and tells the officer why. Knowing why reveals nothing new to an
 * officer who had the case; officers who never pulled get nothing here.
 */
export function listDepartedCasesForOfficer(
  db: Db,
  officerId: string,
  options: { limit?: number } = {},
): DepartedCase[] {
  const rows = stmt(
    db,
    `SELECT c.*, EXISTS (SELECT 1 FROM case_officers o WHERE o.case_id = c.id AND o.officer_id = ?) AS assigned
     FROM cases c WHERE c.id IN (SELECT DISTINCT case_id FROM pulls WHERE officer_id = ?)
     ORDER BY COALESCE(c.closed_at, c.created_at) DESC, c.id LIMIT ?`,
  ).all(officerId, officerId, options.limit ?? 500) as Array<
    CaseRow & { assigned: number; closed_at: number | null; close_reason?: string | null }
  >;
  return rows.flatMap((r): DepartedCase[] => {
    const reason = r.status === 'closed' ? 'closed' : r.assigned ? null : 'unassigned';
    if (!reason) return [];
    return [
      {
        caseId: r.id,
        number: r.number,
        title: r.title,
        reason,
        at: reason === 'closed' && r.closed_at !== null ? toIso(r.closed_at) : null,
        // A close reason, once the cases table records one.
        closeReason: reason === 'closed' ? (r.close_reason ?? null) : null,
      },
    ];
  });
}

export function listCases(db: Db, filter: { status?: 'open' | 'closed' } = {}): Case[] {
  const rows = stmt(
    db,
    'SELECT * FROM cases WHERE (? IS NULL OR status = ?) ORDER BY created_at DESC, id',
  ).all(filter.status ?? null, filter.status ?? null) as CaseRow[];
  return rows.map((r) => toCase(db, r));
}

export function assignOfficer(
  db: Db,
  caseId: string,
  officerId: string,
  ctx: { now: Date; by?: string },
): Case {
  const c = getCase(db, caseId);
  if (c.status !== 'open') throw new DataError('invalid', 'A closed case takes no new officers.');
  stmt(
    db,
    'INSERT OR IGNORE INTO case_officers (case_id, officer_id, assigned_by, assigned_at) VALUES (?, ?, ?, ?)',
  ).run(caseId, officerId, ctx.by ?? null, ctx.now.getTime());
  return getCase(db, caseId);
}

export function unassignOfficer(db: Db, caseId: string, officerId: string): Case {
  getCase(db, caseId);
  stmt(db, 'DELETE FROM case_officers WHERE case_id = ? AND officer_id = ?').run(caseId, officerId);
  return getCase(db, caseId);
}

export function closeCase(
  db: Db,
  caseId: string,
  ctx: { now: Date; by?: string; reason?: string },
): Case {
  const c = getCase(db, caseId);
  if (c.status === 'closed') return c;
  stmt(db, "UPDATE cases SET status = 'closed', closed_at = ?, closed_by = ? WHERE id = ?").run(
    ctx.now.getTime(),
    ctx.by ?? null,
    caseId,
  );
  // The close_reason column comes with the administration schema (platform/admin/migrations.ts).
  if (ctx.reason !== undefined)
    stmt(db, 'UPDATE cases SET close_reason = ? WHERE id = ?').run(ctx.reason, caseId);
  return getCase(db, caseId);
}

/** When, by whom and why a case was closed; null while it is open. */
export function caseClosure(
  db: Db,
  caseId: string,
): { closedAt: string; closedBy: string | null; reason: string | null } | null {
  const row = stmt(db, 'SELECT * FROM cases WHERE id = ?').get(caseId) as
    | {
        status: string;
        closed_at: number | null;
        closed_by: string | null;
        close_reason?: string | null;
      }
    | undefined;
  if (!row || row.status !== 'closed' || row.closed_at === null) return null;
  return {
    closedAt: toIso(row.closed_at),
    closedBy: row.closed_by,
    reason: row.close_reason ?? null,
  };
}

/** A fresh case id for callers that do not bring their own. */
export const newCaseId = (): string => randomUUID();
