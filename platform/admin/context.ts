import type { AuditActor, AuditBody } from '../../common/audit.ts';
import type { PolicyPack } from '../../common/policy.ts';
import type { AuditLog } from '../audit/log.ts';
import { DataError } from '../data/errors.ts';
import type { AccountStore } from '../identity/accounts.ts';
import type { Db } from '../store/sqlite.ts';

/**
 * What the administration functions work with, the same for the HTTP routes
 * and the command line: one database (identity, cases and the audit chain
 * live in it, so a change and its audit entry commit together or not at all).
 */
export interface AdminDeps {
  db: Db;
  accounts: AccountStore;
  audit: AuditLog;
  pack: PolicyPack;
  clock: () => Date;
}

/** How the change arrived, for the audit trail (the CLI also names the OS user). */
export interface AdminVia {
  /** seed: the demo seed building Synthetic Belgium through these functions. */
  channel: 'api' | 'cli' | 'seed';
  osUser?: string;
}

/**
 * The administrator acting, checked against the account as it is now, not
 * only the token's roles: an admin demoted or disabled a minute ago cannot
 * go on with a token issued before.
 */
export function actingAdmin(deps: AdminDeps, username: string): AuditActor {
  const account = deps.accounts.byUsername(username);
  if (!account || account.disabledAt)
    throw new DataError('forbidden', `No enabled account "${username}" to act as.`);
  if (!account.roles.includes('admin'))
    throw new DataError(
      'forbidden',
      `Administration is reserved for the administrator role; "${account.username}" does not hold it.`,
    );
  return { officerId: account.id, username: account.username, role: 'admin' };
}

export interface AdminAuditEntry {
  action: string;
  justification: string | null;
  parameters: Record<string, unknown>;
  caseId?: string | null;
  purpose?: AuditBody['purpose'];
  operation?: AuditBody['operation'];
  resultCount?: number | null;
  outcome?: AuditBody['outcome'];
  outcomeReason?: string | null;
}

/** One platform audit entry of an administrative call: who (actor), what (action, parameters), why. */
export function recordAdmin(
  deps: AdminDeps,
  actor: AuditActor,
  via: AdminVia,
  entry: AdminAuditEntry,
): void {
  deps.audit.append({
    actor,
    operation: entry.operation ?? 'alteration',
    action: entry.action,
    caseId: entry.caseId ?? null,
    purpose: entry.purpose ?? null,
    reasonCode: null,
    justification: entry.justification,
    parameters: {
      ...entry.parameters,
      via: via.channel,
      ...(via.osUser ? { osUser: via.osUser } : {}),
    },
    resultCount: entry.resultCount ?? null,
    outcome: entry.outcome ?? 'allowed',
    outcomeReason: entry.outcomeReason ?? null,
    recipient: null,
  });
}

/**
 * Runs one administrative change and its audit entry in a single immediate
 * transaction: nothing half-done stays behind when any part fails.
 */
export function inTransaction<T>(deps: AdminDeps, change: () => T): T {
  return deps.db.transaction(change).immediate();
}
