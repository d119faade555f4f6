import { userInfo } from 'node:os';
import type { AuditActor } from '../../common/audit.ts';
import { Operator, UnitType } from '../../common/read.ts';
import { createAuditLog } from '../audit/log.ts';
import type { Db } from '../store/sqlite.ts';
import { UnitStore, type IngestUnit, type IssuedCredential } from './units.ts';

/**
 * `platform units add|list|revoke|rotate`: the administrator's side of unit
 * credentials. A new token is printed once; changes to credentials are
 * audited under the operating-system user who ran the command.
 */

export interface UnitsCommandIo {
  out: (line: string) => void;
  clock: () => Date;
}

export interface UnitsArgs {
  sub: string | undefined;
  id: string | undefined;
  type?: string;
  source?: string;
  operator?: string;
  name?: string;
  json: boolean;
}

export class UnitsUsageError extends Error {}

/** Who ran the command, as far as the machine can tell. */
export function cliActor(): AuditActor {
  let user = 'unknown';
  try {
    user = userInfo().username || 'unknown';
  } catch {
    // no passwd entry (containers): keep "unknown"
  }
  return { officerId: 'platform-cli', username: user.slice(0, 64), role: 'system' };
}

function describeUnit(u: IngestUnit): string {
  const state = u.revokedAt ? `REVOKED ${u.revokedAt}` : `${u.activeCredentials} credential(s)`;
  const last = u.lastIngestAt ? `last ingest ${u.lastIngestAt}` : 'no ingest yet';
  return `${u.id.padEnd(20)} ${u.unitType.padEnd(16)} ${(u.operator ?? '-').padEnd(9)} ${u.source.padEnd(16)} ${state}; ${last}`;
}

export function runUnitsCommand(db: Db, args: UnitsArgs, io: UnitsCommandIo): number {
  const units = new UnitStore(db, io.clock);
  const audit = createAuditLog(db, io.clock);
  const actor = cliActor();
  const record = (action: string, unitId: string, parameters: Record<string, unknown> = {}) =>
    audit.append({
      actor,
      operation: 'alteration',
      action,
      caseId: null,
      purpose: null,
      reasonCode: null,
      justification: null,
      parameters: { unitId, ...parameters },
      resultCount: null,
      outcome: 'allowed',
      outcomeReason: null,
      recipient: null,
    });
  const printIssued = (issued: IssuedCredential, verb: string) => {
    if (args.json) {
      io.out(
        JSON.stringify({ ...issued.unit, credentialId: issued.credentialId, token: issued.token }),
      );
      return;
    }
    io.out(`${verb} unit ${issued.unit.id} (${issued.unit.unitType}, ${issued.unit.source}).`);
    io.out('Configure the unit with this credential over a secure channel; it is not shown again:');
    io.out(`  Authorization: Bearer ${issued.token}`);
  };

  switch (args.sub) {
    case 'add': {
      if (!args.id) throw new UnitsUsageError('units add needs --id.');
      const type = UnitType.safeParse(args.type);
      if (!type.success)
        throw new UnitsUsageError(`--type must be one of ${UnitType.options.join(', ')}.`);
      if (!args.source) throw new UnitsUsageError('--source is required (system or camera brand).');
      let operator: Operator | null = null;
      if (args.operator !== undefined) {
        const parsed = Operator.safeParse(args.operator);
        if (!parsed.success)
          throw new UnitsUsageError(`--operator must be one of ${Operator.options.join(', ')}.`);
        operator = parsed.data;
      }
      const issued = units.create(
        {
          id: args.id,
          unitType: type.data,
          operator,
          source: args.source,
          ...(args.name ? { name: args.name } : {}),
        },
        actor.username,
      );
      record('ingest.unit-added', issued.unit.id, {
        unitType: issued.unit.unitType,
        credentialId: issued.credentialId,
      });
      printIssued(issued, 'Added');
      return 0;
    }
    case 'list': {
      const all = units.list();
      if (args.json) io.out(JSON.stringify(all));
      else if (all.length === 0) io.out('No units.');
      else for (const u of all) io.out(describeUnit(u));
      return 0;
    }
    case 'revoke': {
      if (!args.id) throw new UnitsUsageError('units revoke needs a unit id.');
      const unit = units.revoke(args.id, actor.username);
      record('ingest.unit-revoked', unit.id);
      io.out(
        args.json ? JSON.stringify(unit) : `Revoked ${unit.id}: its credentials no longer work.`,
      );
      return 0;
    }
    case 'rotate': {
      if (!args.id) throw new UnitsUsageError('units rotate needs a unit id.');
      const issued = units.rotate(args.id);
      record('ingest.credential-rotated', issued.unit.id, { credentialId: issued.credentialId });
      printIssued(issued, 'New credential for');
      return 0;
    }
    default:
      throw new UnitsUsageError(
        `Unknown units command "${args.sub ?? ''}" (add, list, revoke, rotate).`,
      );
  }
}
