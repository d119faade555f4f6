import type { AuditActor } from '../../common/audit.ts';
import type { Case } from '../../common/case.ts';
import { legalBasesOf, legalBasisFor, type LegalBasis } from '../../common/policy.ts';
import {
  AdminAssignRequest,
  AdminChangeRequest,
  AdminCloseCaseRequest,
  AdminCreateCaseRequest,
  type AdminCase,
} from '../../common/platform-api.ts';
import { parseInput } from '../data/actor.ts';
import {
  assignOfficer,
  caseClosure,
  closeCase,
  createCase,
  findCase,
  isAssigned,
  listCases,
  unassignOfficer,
} from '../data/cases.ts';
import { DataError } from '../data/errors.ts';
import type { Account } from '../identity/accounts.ts';
import { inTransaction, recordAdmin, type AdminDeps, type AdminVia } from './context.ts';

/**
 * Case administration: create on a legal basis from the policy pack's list,
 * assign and unassign officers, close with a reason. Closing or unassigning
 * takes the case out of the officer's list at once; their workstation learns
 * it at its next contact and crypto-shreds its copy (the store is per case).
 */

export function toAdminCase(deps: AdminDeps, c: Case): AdminCase {
  const closure = caseClosure(deps.db, c.id);
  return {
    ...c,
    assignedOfficerNames: c.assignedOfficers.map((id) => deps.accounts.byId(id)?.displayName ?? id),
    closedAt: closure?.closedAt ?? null,
    closeReason: closure?.reason ?? null,
  };
}

export function legalBases(deps: AdminDeps, actor: AuditActor, via: AdminVia): LegalBasis[] {
  const list = legalBasesOf(deps.pack);
  recordAdmin(deps, actor, via, {
    operation: 'consultation',
    action: 'admin.legal-bases',
    justification: "Administration: the policy pack's legal bases for cases (no reads consulted).",
    parameters: { pack: deps.pack.id },
    resultCount: list.length,
  });
  return list;
}

/** An officer who may be put on a case: an enabled account holding the detective role. */
function assignable(deps: AdminDeps, username: string, field: string): Account {
  const account = deps.accounts.byUsername(username);
  if (!account) throw new DataError('not-found', `${field}: no officer account "${username}".`);
  if (account.disabledAt)
    throw new DataError('invalid', `${field}: the account "${account.username}" is disabled.`);
  if (!account.roles.includes('detective'))
    throw new DataError(
      'invalid',
      `${field}: "${account.username}" does not hold the detective role; only detectives work on cases.`,
    );
  return account;
}

function requiredCase(deps: AdminDeps, caseId: string): Case {
  const c = findCase(deps.db, caseId);
  if (!c) throw new DataError('not-found', `No case "${caseId}".`);
  return c;
}

export function listAdminCases(
  deps: AdminDeps,
  actor: AuditActor,
  via: AdminVia,
  filter: { status?: 'open' | 'closed' } = {},
): AdminCase[] {
  const cases = listCases(deps.db, filter).map((c) => toAdminCase(deps, c));
  recordAdmin(deps, actor, via, {
    operation: 'consultation',
    action: 'admin.cases-list',
    justification: 'Administration: list of cases, metadata only (no reads consulted).',
    parameters: filter.status ? { status: filter.status } : {},
    resultCount: cases.length,
  });
  return cases;
}

export function createAdminCase(
  deps: AdminDeps,
  actor: AuditActor,
  via: AdminVia,
  input: unknown,
  /** The demo seed keeps its fixed case ids (its ground truth names them); others get a UUID. */
  fixed: { id?: string } = {},
): AdminCase {
  const body = parseInput(AdminCreateCaseRequest, input, 'case');
  const basis = legalBasisFor(deps.pack, body.purpose, body.legalBasis);
  if (!basis.ok) throw new DataError('invalid', `legalBasis: ${basis.problem}`);
  const officers = body.assignedOfficers.map((u, i) =>
    assignable(deps, u, `assignedOfficers.${i}`),
  );
  return inTransaction(deps, () => {
    const created = createCase(
      deps.db,
      {
        ...(fixed.id ? { id: fixed.id } : {}),
        number: body.number,
        title: body.title,
        offence: body.offence ?? basis.basis.label.en,
        legalBasis: basis.basis.provision,
        purpose: body.purpose,
        scope: body.scope,
        assignedOfficers: officers.map((o) => o.id),
      },
      { now: deps.clock(), createdBy: actor.officerId },
    );
    recordAdmin(deps, actor, via, {
      action: 'admin.case-create',
      caseId: created.id,
      purpose: created.purpose,
      justification: body.justification,
      parameters: {
        number: created.number,
        legalBasisId: basis.basis.id,
        assignedOfficers: officers.map((o) => o.username),
      },
    });
    return toAdminCase(deps, created);
  });
}

export function assignCaseOfficer(
  deps: AdminDeps,
  actor: AuditActor,
  via: AdminVia,
  caseId: string,
  input: unknown,
): AdminCase {
  const body = parseInput(AdminAssignRequest, input, 'assignment');
  return inTransaction(deps, () => {
    const c = requiredCase(deps, caseId);
    if (c.status !== 'open')
      throw new DataError('conflict', `The case ${c.number} is closed: it takes no officers.`);
    const officer = assignable(deps, body.username, 'username');
    if (isAssigned(deps.db, c.id, officer.id))
      throw new DataError('conflict', `"${officer.username}" is already assigned to ${c.number}.`);
    const after = assignOfficer(deps.db, c.id, officer.id, {
      now: deps.clock(),
      by: actor.officerId,
    });
    recordAdmin(deps, actor, via, {
      action: 'admin.case-assign',
      caseId: c.id,
      purpose: c.purpose,
      justification: body.justification,
      parameters: { number: c.number, officerId: officer.id, username: officer.username },
    });
    return toAdminCase(deps, after);
  });
}

export function unassignCaseOfficer(
  deps: AdminDeps,
  actor: AuditActor,
  via: AdminVia,
  caseId: string,
  username: string,
  input: unknown,
): AdminCase {
  const body = parseInput(AdminChangeRequest, input, 'unassignment');
  return inTransaction(deps, () => {
    const c = requiredCase(deps, caseId);
    const officer = deps.accounts.byUsername(username);
    if (!officer || !isAssigned(deps.db, c.id, officer.id))
      throw new DataError('not-found', `"${username}" is not assigned to ${c.number}.`);
    const after = unassignOfficer(deps.db, c.id, officer.id);
    recordAdmin(deps, actor, via, {
      action: 'admin.case-unassign',
      caseId: c.id,
      purpose: c.purpose,
      justification: body.justification,
      parameters: { number: c.number, officerId: officer.id, username: officer.username },
    });
    return toAdminCase(deps, after);
  });
}

/**
 * Closes a case for good: no query or pull runs under it any more, and every
 * workstation holding a copy erases it at its next contact, telling the
 * officer the reason given here.
 */
export function closeAdminCase(
  deps: AdminDeps,
  actor: AuditActor,
  via: AdminVia,
  caseId: string,
  input: unknown,
): AdminCase {
  const body = parseInput(AdminCloseCaseRequest, input, 'closure');
  return inTransaction(deps, () => {
    const c = requiredCase(deps, caseId);
    if (c.status === 'closed')
      throw new DataError('conflict', `The case ${c.number} is already closed.`);
    const after = closeCase(deps.db, c.id, {
      now: deps.clock(),
      by: actor.officerId,
      reason: body.reason,
    });
    recordAdmin(deps, actor, via, {
      action: 'admin.case-close',
      caseId: c.id,
      purpose: c.purpose,
      justification: body.justification,
      parameters: {
        number: c.number,
        reason: body.reason,
        assignedOfficers: c.assignedOfficers.length,
      },
    });
    return toAdminCase(deps, after);
  });
}
