import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { POLICY_PACKS } from '../../common/policy.ts';
import { createAuditLog } from '../audit/log.ts';
import { isDataError } from '../data/errors.ts';
import { createSqliteStore } from '../data/store.ts';
import { userInfo } from 'node:os';
import { actingAdmin } from '../admin/context.ts';
import { migrateAdmin } from '../admin/migrations.ts';
import { AccountStore } from '../identity/accounts.ts';
import { openPlatformDb, type Db } from '../store/sqlite.ts';
import {
  addEntry,
  closeEntry,
  createGovernedHotlist,
  createOperation,
  endOperation,
  linkUnit,
  listEntries,
  listGovernedHotlists,
  listOperations,
  rerunHotlist,
  setDeploymentLists,
  type AdminContext,
  type GovernedHotlist,
  type OperationView,
} from './admin.ts';

/**
 * `platform hotlists …` and `platform operations …` (#14 item 8): the same
 * domain functions as the admin API, for an agency's scripted set-up. Each
 * change names the administrator account it is made as (--as) and why
 * (--reason); its audit entry names both and the operating-system user.
 */
export const HOTLIST_USAGE = `  cli.ts hotlists list [--json]
  cli.ts hotlists add --name N --owner O --legal-basis L --purpose P --category 1-13 [--expires ISO] [--id ID] --as ADMIN --reason R
  cli.ts hotlists entries list <list> [--json]
  cli.ts hotlists entries add <list> --plate P [--country BE] --entry-reason R --valid-from ISO [--valid-until ISO] --as ADMIN --reason R
  cli.ts hotlists entries close <list> <entry id> --as ADMIN --reason R
  cli.ts hotlists rerun <list> --as ADMIN --reason R            (match past reads still retained; each hit is logged)
  cli.ts hotlists deploy <unit> --lists a,b --as ADMIN --reason R   (the lists a unit checks; --lists "" = every active list)
  cli.ts operations list [--json]
  cli.ts operations add --name N (--units a,b | --area JSON) --from ISO --to ISO [--lists a,b] --as ADMIN --reason R
  cli.ts operations end <operation> --as ADMIN --reason R
  cli.ts operations link-unit <operation> <unit> --as ADMIN --reason R
  (all: [--data-dir D] [--policy be|dk]; --justification is the same as --reason)`;

export class HotlistUsageError extends Error {}

function osUser(): string {
  try {
    return (userInfo().username || 'unknown').slice(0, 64);
  } catch {
    return 'unknown'; // no passwd entry (containers)
  }
}

const OPTIONS = {
  'data-dir': { type: 'string' },
  policy: { type: 'string' },
  json: { type: 'boolean' },
  id: { type: 'string' },
  name: { type: 'string' },
  owner: { type: 'string' },
  'legal-basis': { type: 'string' },
  purpose: { type: 'string' },
  category: { type: 'string' },
  expires: { type: 'string' },
  plate: { type: 'string' },
  country: { type: 'string' },
  'entry-reason': { type: 'string' },
  'valid-from': { type: 'string' },
  'valid-until': { type: 'string' },
  reason: { type: 'string' },
  justification: { type: 'string' },
  as: { type: 'string' },
  lists: { type: 'string' },
  units: { type: 'string' },
  area: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const;

export interface HotlistCliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  clock: () => Date;
}

const csv = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function describeList(h: GovernedHotlist): string {
  return (
    `${h.id.padEnd(38)} cat ${String(h.category ?? '-').padEnd(3)} ${h.status.padEnd(8)} ` +
    `${String(h.entries.open).padStart(6)} open ${String(h.entries.closed).padStart(5)} closed  ${h.name}` +
    (h.owner ? ` (owner ${h.owner})` : '') +
    (h.unitIds.length ? `  units ${h.unitIds.join(',')}` : '')
  );
}

function describeOperation(o: OperationView): string {
  return (
    `${o.id}  ${o.status.padEnd(8)} ${o.validFrom} → ${o.endedAt ?? o.validTo}  ${o.name}` +
    (o.unitIds ? `  units ${o.unitIds.join(',')}` : '  (area)') +
    (o.hotlistIds.length ? `  lists ${o.hotlistIds.join(',')}` : '')
  );
}

/**
 * Runs one `hotlists` or `operations` command on an open platform database.
 * Returns the exit code; a refused change (bad input, unknown list) prints
 * the platform's message, naming the field, and exits 1.
 */
export function runHotlistCommand(db: Db, argv: readonly string[], io: HotlistCliIo): number {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new HotlistUsageError((error as Error).message);
  }
  const { values: v, positionals } = parsed;
  const [command, sub, a1, a2, a3] = positionals;
  const policy = v.policy ?? 'be';
  if (policy !== 'be' && policy !== 'dk')
    throw new HotlistUsageError(`--policy must be "be" or "dk", not "${policy}".`);
  const pack = POLICY_PACKS[policy];
  // Migrates the data and hotlist schemas, as the platform does at start.
  createSqliteStore(db, { pack, cacheMiB: 8 });
  // Like `officers` and `cases`: a change names the administrator account it
  // is made as (--as, checked like a signed-in one: enabled, admin role) and
  // its justification (--reason or --justification); the audit entry adds
  // the channel and the operating-system user who ran it.
  const ctx = (): AdminContext => {
    if (!v.as)
      throw new HotlistUsageError(
        '--as is required: the administrator account this change is made as.',
      );
    migrateAdmin(db, io.clock);
    const log = createAuditLog(db, io.clock);
    const actor = actingAdmin(
      { db, accounts: new AccountStore(db, io.clock), audit: log, pack, clock: io.clock },
      v.as,
    );
    return {
      db,
      pack,
      audit: {
        append: (entry) =>
          log.append({
            ...entry,
            parameters: { ...entry.parameters, via: 'cli', osUser: osUser() },
          }),
      },
      actor,
      now: io.clock(),
    };
  };
  const reason = v.reason ?? v.justification;
  const print = (value: unknown, text: string) => io.out(v.json ? JSON.stringify(value) : text);
  try {
    if (command === 'hotlists') {
      switch (sub) {
        case 'list': {
          const lists = listGovernedHotlists(db, io.clock());
          if (v.json) io.out(JSON.stringify(lists));
          else if (lists.length === 0) io.out('No hotlists.');
          else for (const h of lists) io.out(describeList(h));
          return 0;
        }
        case 'add': {
          const h = createGovernedHotlist(ctx(), {
            ...(v.id !== undefined ? { id: v.id } : {}),
            name: v.name,
            owner: v.owner,
            legalBasis: v['legal-basis'],
            purpose: v.purpose,
            category: v.category === undefined ? undefined : Number(v.category),
            expiresAt: v.expires ?? null,
            reason,
          });
          print(h, `Created hotlist ${h.id} (category ${h.category}).`);
          return 0;
        }
        case 'entries': {
          if (!a2) throw new HotlistUsageError(`hotlists entries ${a1 ?? ''} needs a list id.`);
          if (a1 === 'list') {
            const entries = listEntries(db, a2);
            if (v.json) io.out(JSON.stringify(entries));
            else
              for (const e of entries)
                io.out(
                  `${String(e.id).padStart(6)} ${e.plate.padEnd(14)} ${(e.country ?? '--').padEnd(3)}` +
                    `${e.validFrom} → ${e.validUntil ?? '…'}` +
                    (e.closedAt ? `  CLOSED ${e.closedAt}: ${e.closedReason}` : '') +
                    `  ${e.reason}`,
                );
            return 0;
          }
          if (a1 === 'add') {
            const e = addEntry(ctx(), a2, {
              plate: v.plate,
              country: v.country ?? null,
              entryReason: v['entry-reason'],
              validFrom: v['valid-from'],
              validUntil: v['valid-until'] ?? null,
              reason,
            });
            print(e, `Added entry ${e.id} to ${a2}.`);
            return 0;
          }
          if (a1 === 'close') {
            const id = Number(a3);
            if (!Number.isInteger(id) || id < 1)
              throw new HotlistUsageError('hotlists entries close needs <list> <entry id>.');
            const e = closeEntry(ctx(), a2, id, { reason });
            print(e, `Closed entry ${e.id} of ${a2} at ${e.closedAt}.`);
            return 0;
          }
          throw new HotlistUsageError(
            `Unknown hotlists entries command "${a1 ?? ''}" (list, add, close).`,
          );
        }
        case 'rerun': {
          if (!a1) throw new HotlistUsageError('hotlists rerun needs a list id.');
          const r = rerunHotlist(ctx(), a1, { reason });
          print(
            r,
            `Re-ran ${a1} over ${r.examined} retained read(s): ${r.hits} hit(s) logged, ${r.extended} kept longer.`,
          );
          return 0;
        }
        case 'deploy': {
          if (!a1) throw new HotlistUsageError('hotlists deploy needs a unit id.');
          const d = setDeploymentLists(ctx(), a1, { hotlistIds: csv(v.lists), reason });
          print(
            d,
            d.hotlistIds.length
              ? `Unit ${d.unitId} checks ${d.hotlistIds.join(', ')}.`
              : `Unit ${d.unitId} checks every active list.`,
          );
          return 0;
        }
        default:
          throw new HotlistUsageError(
            `Unknown hotlists command "${sub ?? ''}" (list, add, entries, rerun, deploy).`,
          );
      }
    }
    switch (sub) {
      case 'list': {
        const ops = listOperations(db, io.clock());
        if (v.json) io.out(JSON.stringify(ops));
        else if (ops.length === 0) io.out('No targeted operations.');
        else for (const o of ops) io.out(describeOperation(o));
        return 0;
      }
      case 'add': {
        let area: unknown = null;
        if (v.area !== undefined) {
          try {
            area = JSON.parse(v.area);
          } catch {
            throw new HotlistUsageError(
              '--area must be JSON (an Area: circle, polygon or cameras).',
            );
          }
        }
        const units = csv(v.units);
        const o = createOperation(ctx(), {
          name: v.name,
          unitIds: units.length ? units : null,
          area,
          validFrom: v.from,
          validTo: v.to,
          hotlistIds: csv(v.lists),
          reason,
        });
        print(o, `Created targeted operation ${o.id} (${o.status}).`);
        return 0;
      }
      case 'end': {
        if (!a1) throw new HotlistUsageError('operations end needs an operation id.');
        const o = endOperation(ctx(), a1, { reason });
        print(o, `Ended targeted operation ${o.id} at ${o.endedAt}.`);
        return 0;
      }
      case 'link-unit': {
        if (!a1 || !a2)
          throw new HotlistUsageError('operations link-unit needs <operation> <unit>.');
        const o = linkUnit(ctx(), a1, { unitId: a2, reason });
        print(o, `Unit ${a2} is in operation ${o.id} (${o.unitIds?.join(', ')}).`);
        return 0;
      }
      default:
        throw new HotlistUsageError(
          `Unknown operations command "${sub ?? ''}" (list, add, end, link-unit).`,
        );
    }
  } catch (error) {
    if (isDataError(error)) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }
}

/**
 * Entry from platform/cli.ts: `hotlists …` and `operations …` parse their own
 * options (so the shared option table stays as it is), open the platform
 * database of --data-dir (default $ANPR_PLATFORM_DATA_DIR or .data/platform)
 * and close it again.
 */
export function runHotlistCli(
  argv: readonly string[],
  io: HotlistCliIo & { env: NodeJS.ProcessEnv },
): number {
  const at = argv.indexOf('--data-dir');
  const dir =
    argv.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length) ??
    (at >= 0 ? argv[at + 1] : undefined);
  const dataDir = resolve(dir ?? io.env.ANPR_PLATFORM_DATA_DIR ?? '.data/platform');
  try {
    const db = openPlatformDb(dataDir, io.env);
    try {
      return runHotlistCommand(db, argv, io);
    } finally {
      db.close();
    }
  } catch (error) {
    if (error instanceof HotlistUsageError) {
      io.err(`${error.message}\n\nUsage:\n${HOTLIST_USAGE}`);
      return 2;
    }
    throw error;
  }
}
