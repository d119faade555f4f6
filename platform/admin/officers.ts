import type { AuditActor } from '../../common/audit.ts';
import type { Role } from '../../common/officer.ts';
import {
  AdminCreateOfficerRequest,
  AdminSetRolesRequest,
  AdminChangeRequest,
  type AdminOfficer,
} from '../../common/platform-api.ts';
import { parseInput } from '../data/actor.ts';
import { DataError } from '../data/errors.ts';
import type { Account } from '../identity/accounts.ts';
import { inTransaction, recordAdmin, type AdminDeps, type AdminVia } from './context.ts';

/**
 * Officer administration: create with MFA enrolment, change roles, disable
 * and enable, reset MFA, list. Each change is one transaction with its audit
 * entry (who, what, why); the last enabled administrator cannot be disabled
 * or demoted, so the platform always keeps someone who can administer it.
 */

export function toAdminOfficer(deps: AdminDeps, a: Account): AdminOfficer {
  return {
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    roles: a.roles,
    disabled: a.disabledAt !== null,
    disabledAt: a.disabledAt?.toISOString() ?? null,
    locked: deps.accounts.isLocked(a, deps.clock()),
    lastLogonAt: a.lastLogonAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
  };
}

function required(deps: AdminDeps, username: string): Account {
  const account = deps.accounts.byUsername(username);
  if (!account) throw new DataError('not-found', `No officer account "${username}".`);
  return account;
}

/** Refuses a change that would leave no enabled administrator. */
function keepOneAdmin(deps: AdminDeps, target: Account, what: string): void {
  if (!target.roles.includes('admin') || target.disabledAt) return;
  const others = deps.accounts
    .list()
    .filter((a) => a.id !== target.id && a.roles.includes('admin') && !a.disabledAt);
  if (others.length === 0)
    throw new DataError(
      'conflict',
      `Cannot ${what} "${target.username}": it is the last enabled administrator account.`,
    );
}

export function listOfficers(deps: AdminDeps, actor: AuditActor, via: AdminVia): AdminOfficer[] {
  const officers = deps.accounts.list().map((a) => toAdminOfficer(deps, a));
  recordAdmin(deps, actor, via, {
    operation: 'consultation',
    action: 'admin.officers-list',
    justification: 'Administration: list of officer accounts (no reads consulted).',
    parameters: {},
    resultCount: officers.length,
  });
  return officers;
}

export interface OfficerCreated {
  officer: AdminOfficer;
  initialPassword: string | null;
  mfa: { totpSecret: string; otpauthUri: string };
}

/**
 * A new officer with a password (given, or generated and shown once) and a
 * TOTP enrolment, as the demo accounts get theirs: the provisioning URI is
 * returned once and only the secret is kept, encrypted with the database.
 */
export async function createOfficer(
  deps: AdminDeps,
  actor: AuditActor,
  via: AdminVia,
  input: unknown,
): Promise<OfficerCreated> {
  const body = parseInput(AdminCreateOfficerRequest, input, 'officer');
  if (deps.accounts.byUsername(body.username))
    throw new DataError('conflict', `An officer account "${body.username}" already exists.`);
  // Hashing is slow and asynchronous: done before the transaction, which stays short and synchronous.
  const prepared = await deps.accounts.prepare({
    username: body.username,
    displayName: body.displayName,
    roles: body.roles,
    ...(body.initialPassword ? { password: body.initialPassword } : {}),
  });
  const created = inTransaction(deps, () => {
    let result;
    try {
      result = deps.accounts.insert(prepared);
    } catch (error) {
      if (String(error).includes('already exists') || String(error).includes('UNIQUE'))
        throw new DataError('conflict', `An officer account "${body.username}" already exists.`);
      throw error;
    }
    recordAdmin(deps, actor, via, {
      action: 'admin.officer-create',
      justification: body.justification,
      parameters: {
        officerId: result.account.id,
        username: result.account.username,
        roles: result.account.roles,
        passwordGenerated: !body.initialPassword,
        mfa: 'totp-enrolled',
      },
    });
    return result;
  });
  return {
    officer: toAdminOfficer(deps, created.account),
    initialPassword: body.initialPassword ? null : created.password,
    mfa: { totpSecret: created.totpSecret, otpauthUri: created.otpauthUri },
  };
}

export function setOfficerRoles(
  deps: AdminDeps,
  actor: AuditActor,
  via: AdminVia,
  username: string,
  input: unknown,
): AdminOfficer {
  const body = parseInput(AdminSetRolesRequest, input, 'role change');
  return inTransaction(deps, () => {
    const before = required(deps, username);
    const roles = [...new Set(body.roles)] as Role[];
    if (!roles.includes('admin')) keepOneAdmin(deps, before, 'remove the administrator role of');
    const after = deps.accounts.setRoles(before.username, roles);
    recordAdmin(deps, actor, via, {
      action: 'admin.officer-roles',
      justification: body.justification,
      parameters: {
        officerId: after.id,
        username: after.username,
        rolesBefore: before.roles,
        rolesAfter: after.roles,
      },
    });
    return toAdminOfficer(deps, after);
  });
}

/** Disabling ends the officer's sign-ins at once; enabling lets them sign in again. */
export function setOfficerDisabled(
  deps: AdminDeps,
  actor: AuditActor,
  via: AdminVia,
  username: string,
  disabled: boolean,
  input: unknown,
): AdminOfficer {
  const body = parseInput(AdminChangeRequest, input, disabled ? 'disable' : 'enable');
  return inTransaction(deps, () => {
    const before = required(deps, username);
    if (disabled) {
      if (before.id === actor.officerId)
        throw new DataError('conflict', 'An administrator cannot disable their own account.');
      keepOneAdmin(deps, before, 'disable');
    }
    const after = deps.accounts.setDisabled(before.username, disabled, actor.officerId);
    recordAdmin(deps, actor, via, {
      action: disabled ? 'admin.officer-disable' : 'admin.officer-enable',
      justification: body.justification,
      parameters: {
        officerId: after.id,
        username: after.username,
        wasDisabled: before.disabledAt !== null,
        ...(disabled ? { signInsEnded: true } : {}),
      },
    });
    return toAdminOfficer(deps, after);
  });
}

/**
 * A new TOTP secret (lost or replaced phone): the old codes stop working and
 * the officer's current sign-ins end, since the old device may be in other hands.
 */
export function resetOfficerMfa(
  deps: AdminDeps,
  actor: AuditActor,
  via: AdminVia,
  username: string,
  input: unknown,
): { officer: AdminOfficer; mfa: { totpSecret: string; otpauthUri: string } } {
  const body = parseInput(AdminChangeRequest, input, 'MFA reset');
  return inTransaction(deps, () => {
    const account = required(deps, username);
    const reset = deps.accounts.resetTotp(account.username);
    deps.accounts.endSignIns(account.id);
    recordAdmin(deps, actor, via, {
      action: 'admin.officer-reset-mfa',
      justification: body.justification,
      parameters: { officerId: account.id, username: account.username, signInsEnded: true },
    });
    return {
      officer: toAdminOfficer(deps, reset.account),
      mfa: { totpSecret: reset.totpSecret, otpauthUri: reset.otpauthUri },
    };
  });
}
