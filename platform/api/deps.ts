import type { FastifyInstance } from 'fastify';
import type { AuditBody } from '../../common/audit.ts';
import type { AuditLog } from '../audit/log.ts';
import type { Actor } from '../data/actor.ts';
import type { PlatformStore } from '../data/store.ts';
import type { AuthenticatedOfficer } from '../http/auth.ts';
import type { PlatformContext } from '../server.ts';

/** What every HTTP route module of the reference platform works with. */
export interface ApiDeps {
  ctx: PlatformContext;
  store: PlatformStore;
  audit: AuditLog;
}

export type ApiRoutes = (app: FastifyInstance, deps: ApiDeps) => void | Promise<void>;

export const actorOf = (officer: AuthenticatedOfficer): Actor => ({
  id: officer.id,
  roles: officer.roles,
});

/**
 * The role an officer acted in, for the audit trail: the first of the roles
 * the route accepts that the officer holds.
 */
export function actingRole(
  officer: AuthenticatedOfficer,
  accepted: readonly string[],
): AuditBody['actor']['role'] {
  return (officer.roles.find((r) => accepted.includes(r)) ??
    officer.roles[0]!) as AuditBody['actor']['role'];
}

export type AuditEntry = Omit<AuditBody, 'at' | 'source' | 'actor'>;

/** Appends a platform audit entry for an officer's request. */
export function auditRequest(
  deps: ApiDeps,
  officer: AuthenticatedOfficer,
  role: AuditBody['actor']['role'],
  entry: AuditEntry,
): void {
  deps.audit.append({
    ...entry,
    actor: { officerId: officer.id, username: officer.username, role },
  });
}

/** Message of an error for an audit entry's outcomeReason (bounded, no stack). */
export const reasonOf = (error: unknown): string =>
  ((error as Error)?.message ?? String(error)).slice(0, 500);
