import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createAuditLog } from '../audit/log.ts';
import { isDataError } from '../data/errors.ts';
import { migrateData } from '../data/schema.ts';
import { cliActor } from '../ingest/command.ts';
import { openPlatformDb, type Db } from '../store/sqlite.ts';
import type { RegisterEntry } from '../../common/recipients-api.ts';
import {
  addRecipient,
  editRecipient,
  listRecipients,
  migrateRecipients,
  retireRecipient,
  type RegisterContext,
} from './register.ts';

/**
 * `platform recipients …` (#14 items 6, 8): the recipient register from the
 * command line, through the same domain functions as the API. Each change is
 * audited under the operating-system user who ran it, with the --reason given.
 */
export const RECIPIENTS_USAGE = `  cli.ts recipients list [--all] [--json]
  cli.ts recipients add --name N --kind police|prosecution|court|public-authority|private --country CC --contact C --legal-basis L [--id ID] --reason R
  cli.ts recipients edit <id> [--name N] [--kind K] [--country CC] [--contact C] [--legal-basis L] --reason R
  cli.ts recipients retire <id> --reason R        (entries are retired, never deleted)
  (all: [--data-dir D])`;

class UsageError extends Error {}

const OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  all: { type: 'boolean' },
  id: { type: 'string' },
  name: { type: 'string' },
  kind: { type: 'string' },
  country: { type: 'string' },
  contact: { type: 'string' },
  'legal-basis': { type: 'string' },
  reason: { type: 'string' },
} as const;

export interface RecipientsCliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  clock: () => Date;
}

const describe = (r: RegisterEntry): string =>
  `${r.id.padEnd(38)} ${r.kind.padEnd(16)} ${r.country}  ${r.name}` +
  (r.retiredAt ? `  RETIRED ${r.retiredAt.slice(0, 10)}` : '');

/** Runs one `recipients` command on an open platform database; a refused change exits 1 with the platform's message. */
export function runRecipientsCommand(db: Db, argv: readonly string[], io: RecipientsCliIo): number {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values: v, positionals } = parsed;
  const [, sub, id] = positionals;
  migrateData(db, io.clock);
  migrateRecipients(db);
  const ctx = (): RegisterContext => ({
    db,
    audit: createAuditLog(db, io.clock),
    actor: cliActor(),
    now: io.clock(),
    via: { via: 'cli', osUser: cliActor().username },
  });
  // Only the options given: an edit changes what it names.
  const fields = () => ({
    ...(v.name !== undefined ? { name: v.name } : {}),
    ...(v.kind !== undefined ? { kind: v.kind } : {}),
    ...(v.country !== undefined ? { country: v.country.toUpperCase() } : {}),
    ...(v.contact !== undefined ? { contact: v.contact } : {}),
    ...(v['legal-basis'] !== undefined ? { legalBasis: v['legal-basis'] } : {}),
    reason: v.reason,
  });
  const print = (r: RegisterEntry, text: string) => io.out(v.json ? JSON.stringify(r) : text);
  try {
    switch (sub) {
      case 'list': {
        const all = listRecipients(db).filter((r) => v.all || r.retiredAt === null);
        if (v.json) io.out(JSON.stringify(all));
        else if (all.length === 0) io.out('The recipient register is empty.');
        else for (const r of all) io.out(describe(r));
        return 0;
      }
      case 'add': {
        const r = addRecipient(ctx(), { ...(v.id !== undefined ? { id: v.id } : {}), ...fields() });
        print(r, `Added ${r.id} (${r.kind}, ${r.country}): ${r.name}.`);
        return 0;
      }
      case 'edit': {
        if (!id) throw new UsageError('recipients edit needs an entry id.');
        const r = editRecipient(ctx(), id, fields());
        print(r, `Edited ${r.id}: ${r.name} (${r.kind}, ${r.country}).`);
        return 0;
      }
      case 'retire': {
        if (!id) throw new UsageError('recipients retire needs an entry id.');
        const r = retireRecipient(ctx(), id, { reason: v.reason });
        print(r, `Retired ${r.id} at ${r.retiredAt}.`);
        return 0;
      }
      default:
        throw new UsageError(
          `Unknown recipients command "${sub ?? ''}" (list, add, edit, retire).`,
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

/** Entry from platform/cli.ts: opens the platform database of --data-dir and closes it again. */
export function runRecipientsCli(
  argv: readonly string[],
  io: RecipientsCliIo & { env: NodeJS.ProcessEnv },
): number {
  const at = argv.indexOf('--data-dir');
  const dir =
    argv.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length) ??
    (at >= 0 ? argv[at + 1] : undefined);
  const dataDir = resolve(dir ?? io.env.ANPR_PLATFORM_DATA_DIR ?? '.data/platform');
  try {
    const db = openPlatformDb(dataDir, io.env);
    try {
      return runRecipientsCommand(db, argv, io);
    } finally {
      db.close();
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\nUsage:\n${RECIPIENTS_USAGE}`);
      return 2;
    }
    throw error;
  }
}
