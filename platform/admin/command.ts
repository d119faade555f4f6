import { userInfo } from 'node:os';
import type { AdminCase, AdminOfficer } from '../../common/platform-api.ts';
import type { PolicyPack } from '../../common/policy.ts';
import { createAuditLog } from '../audit/log.ts';
import { AccountStore } from '../identity/accounts.ts';
import type { Db } from '../store/sqlite.ts';
import {
  assignCaseOfficer,
  closeAdminCase,
  createAdminCase,
  legalBases,
  listAdminCases,
  unassignCaseOfficer,
} from './cases.ts';
import { actingAdmin, type AdminDeps, type AdminVia } from './context.ts';
import { migrateAdmin } from './migrations.ts';
import {
  createOfficer,
  listOfficers,
  resetOfficerMfa,
  setOfficerDisabled,
  setOfficerRoles,
} from './officers.ts';

/**
 * `platform officers …` and `platform cases …`: the same administration
 * functions as the HTTP API, for scripted set-up by an agency. Every command
 * names the administrator it acts as (`--as`), checked like a signed-in one,
 * and every change a justification; the audit entry names both and the
 * operating-system user who ran it.
 */

export class AdminUsageError extends Error {}

export interface AdminArgs {
  sub: string | undefined;
  /** The positional after the sub-command: a username (officers) or a case id (cases). */
  target: string | undefined;
  as: string | undefined;
  justification: string | undefined;
  json: boolean;
  username?: string;
  name?: string;
  roles?: string[];
  password?: string;
  number?: string;
  title?: string;
  purpose?: string;
  basis?: string;
  offence?: string;
  scope?: string;
  officers?: string[];
  reason?: string;
  status?: string;
}

export interface AdminCommandIo {
  out: (line: string) => void;
  clock: () => Date;
}

function osUser(): string {
  try {
    return (userInfo().username || 'unknown').slice(0, 64);
  } catch {
    return 'unknown'; // no passwd entry (containers)
  }
}

function setUp(db: Db, pack: PolicyPack, io: AdminCommandIo, args: AdminArgs) {
  if (!args.as)
    throw new AdminUsageError(
      '--as is required: the administrator account this change is made as.',
    );
  migrateAdmin(db, io.clock);
  const deps: AdminDeps = {
    db,
    accounts: new AccountStore(db, io.clock),
    audit: createAuditLog(db, io.clock),
    pack,
    clock: io.clock,
  };
  const via: AdminVia = { channel: 'cli', osUser: osUser() };
  return { deps, via, actor: actingAdmin(deps, args.as) };
}

const change = (args: AdminArgs) => ({ justification: args.justification ?? '' });

function need<T>(value: T | undefined, message: string): T {
  if (value === undefined || value === '') throw new AdminUsageError(message);
  return value;
}

function describeOfficer(o: AdminOfficer): string {
  const state = o.disabled ? '  DISABLED' : o.locked ? '  LOCKED' : '';
  return `${o.username.padEnd(16)} ${o.roles.join(',').padEnd(24)} ${o.displayName}${state}`;
}

function describeCase(c: AdminCase): string {
  const officers = c.assignedOfficerNames?.join(', ') || '-';
  const closed =
    c.status === 'closed' ? `  CLOSED ${c.closedAt ?? ''}: ${c.closeReason ?? ''}` : '';
  return `${c.id.padEnd(36)} ${c.number.padEnd(22)} ${c.purpose.padEnd(14)} ${c.title} [${officers}]${closed}`;
}

export async function runOfficersCommand(
  db: Db,
  pack: PolicyPack,
  args: AdminArgs,
  io: AdminCommandIo,
): Promise<number> {
  const subs = ['list', 'add', 'roles', 'disable', 'enable', 'reset-mfa'];
  if (!args.sub || !subs.includes(args.sub))
    throw new AdminUsageError(`Unknown officers command "${args.sub ?? ''}" (${subs.join(', ')}).`);
  const { deps, via, actor } = setUp(db, pack, io, args);
  const print = (o: AdminOfficer, verb: string) =>
    io.out(args.json ? JSON.stringify(o) : `${verb} ${describeOfficer(o)}`);
  const target = () => need(args.target, `officers ${args.sub} needs a username.`);
  switch (args.sub) {
    case 'list': {
      const officers = listOfficers(deps, actor, via);
      if (args.json) io.out(JSON.stringify(officers));
      else for (const o of officers) io.out(describeOfficer(o));
      return 0;
    }
    case 'add': {
      const created = await createOfficer(deps, actor, via, {
        username: need(args.username, '--username is required.'),
        displayName: need(args.name, '--name is required (display name).'),
        roles: need(args.roles, '--roles is required, e.g. --roles detective'),
        ...(args.password ? { initialPassword: args.password } : {}),
        ...change(args),
      });
      if (args.json) {
        io.out(JSON.stringify(created));
        return 0;
      }
      io.out(`Created ${describeOfficer(created.officer)}`);
      io.out('Give these to the officer over a secure channel; they are not shown again:');
      if (created.initialPassword) io.out(`  Password:     ${created.initialPassword}`);
      io.out(`  TOTP URI:     ${created.mfa.otpauthUri}`);
      return 0;
    }
    case 'roles':
      print(
        setOfficerRoles(deps, actor, via, target(), {
          roles: need(args.roles, '--roles is required, e.g. --roles detective,supervisor'),
          ...change(args),
        }),
        'Roles changed:',
      );
      return 0;
    case 'disable':
    case 'enable':
      print(
        setOfficerDisabled(deps, actor, via, target(), args.sub === 'disable', change(args)),
        args.sub === 'disable' ? 'Disabled (sign-ins ended):' : 'Enabled:',
      );
      return 0;
    default: {
      const reset = resetOfficerMfa(deps, actor, via, target(), change(args));
      if (args.json) io.out(JSON.stringify(reset));
      else {
        io.out(`New authenticator for ${reset.officer.username}; old codes and sign-ins ended.`);
        io.out(`  TOTP URI:     ${reset.mfa.otpauthUri}`);
      }
      return 0;
    }
  }
}

export function runCasesCommand(
  db: Db,
  pack: PolicyPack,
  args: AdminArgs,
  io: AdminCommandIo,
): number {
  const subs = ['list', 'bases', 'add', 'assign', 'unassign', 'close'];
  if (!args.sub || !subs.includes(args.sub))
    throw new AdminUsageError(`Unknown cases command "${args.sub ?? ''}" (${subs.join(', ')}).`);
  const { deps, via, actor } = setUp(db, pack, io, args);
  const print = (c: AdminCase, verb: string) =>
    io.out(args.json ? JSON.stringify(c) : `${verb} ${describeCase(c)}`);
  const target = () => need(args.target, `cases ${args.sub} needs a case id.`);
  switch (args.sub) {
    case 'list': {
      const status = args.status;
      if (status !== undefined && status !== 'open' && status !== 'closed')
        throw new AdminUsageError('--status must be "open" or "closed".');
      const cases = listAdminCases(deps, actor, via, status ? { status } : {});
      if (args.json) io.out(JSON.stringify(cases));
      else if (cases.length === 0) io.out('No cases.');
      else for (const c of cases) io.out(describeCase(c));
      return 0;
    }
    case 'bases': {
      const list = legalBases(deps, actor, via);
      if (args.json) io.out(JSON.stringify(list));
      else
        for (const b of list)
          io.out(`${b.id.padEnd(28)} ${b.purposes.join(',').padEnd(26)} ${b.label.en}`);
      return 0;
    }
    case 'add':
      print(
        createAdminCase(deps, actor, via, {
          number: need(args.number, '--number is required.'),
          title: need(args.title, '--title is required.'),
          purpose: need(args.purpose, '--purpose is required (judicial or administrative).'),
          legalBasis: need(args.basis, '--basis is required: an id from `cases bases`.'),
          ...(args.offence ? { offence: args.offence } : {}),
          ...(args.scope ? { scope: args.scope } : {}),
          ...(args.officers ? { assignedOfficers: args.officers } : {}),
          ...change(args),
        }),
        'Created',
      );
      return 0;
    case 'assign':
      print(
        assignCaseOfficer(deps, actor, via, target(), {
          username: need(args.username, '--username is required (the officer to assign).'),
          ...change(args),
        }),
        'Assigned:',
      );
      return 0;
    case 'unassign':
      print(
        unassignCaseOfficer(
          deps,
          actor,
          via,
          target(),
          need(args.username, '--username is required (the officer to take off).'),
          change(args),
        ),
        'Unassigned:',
      );
      return 0;
    default:
      print(
        closeAdminCase(deps, actor, via, target(), {
          reason: need(args.reason, '--reason is required (told to the officers).'),
          ...change(args),
        }),
        'Closed:',
      );
      return 0;
  }
}
