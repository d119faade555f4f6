import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Role } from '../common/officer.ts';
import type { PolicyId } from './config.ts';
import { AccountStore, type Account } from './identity/index.ts';
import { migrateIdentity } from './identity/migrations.ts';
import { ImportUsageError, runImportCommand } from './importers/command.ts';
import { runUnitsCommand, UnitsUsageError } from './ingest/command.ts';
import { DevicesUsageError, runDevicesCommand } from './devices/command.ts';
import { CAMERAS_USAGE, runCameraCli } from './data/camera-register-command.ts';
import { HOTLIST_USAGE, runHotlistCli } from './hotlists/command.ts';
import { RECIPIENTS_USAGE, runRecipientsCli } from './recipients/command.ts';
import {
  AdminUsageError,
  runCasesCommand,
  runOfficersCommand,
  type AdminArgs,
} from './admin/command.ts';
import { POLICY_PACKS } from '../common/policy.ts';
import { createAuditLog } from './audit/log.ts';
import { startReferencePlatform } from './reference.ts';
import { loadSeedWorld } from './seed-loader.ts';
import { seedProgressReporter } from './seed-progress.ts';
import { openPlatformDb, type Db } from './store/sqlite.ts';

/**
 * Platform command line:
 *   node platform/cli.ts serve --port 8443 --data-dir D --policy be [--host H] [--tls-key F --tls-cert F] [--seed-demo]
 *   node platform/cli.ts users add --username u --name "An Peeters" --roles detective,supervisor [--data-dir D] [--json]
 *   node platform/cli.ts users list | users unlock <u> | users reset-totp <u>   [--data-dir D] [--json]
 *   node platform/cli.ts seed [--data-dir D] [--policy be|dk] [--seed N] [--days N] [--cameras N] [--vehicles N] [--accounts-only]
 *   node platform/cli.ts verify [--data-dir D]      (audit chains; exit 1 and the first bad entry if one is broken)
 *   node platform/cli.ts units add --id ID --type fixed|mobile-unmanned|mobile-manned --source BRAND [--operator O] [--name N] [--json]
 *   node platform/cli.ts units list | units revoke <id> | units rotate <id>   [--data-dir D] [--json]
 *   node platform/cli.ts devices list [--json] | devices revoke <id> --reason TEXT   [--data-dir D]
 *   node platform/cli.ts officers list|add|roles|disable|enable|reset-mfa … --as ADMIN --justification TEXT
 *   node platform/cli.ts cases list|bases|add|assign|unassign|close … --as ADMIN --justification TEXT [--policy be|dk]
 *   node platform/cli.ts import FILE --mapping MAP.json --source NAME [--tz ZONE] [--delimiter X] [--unit ID] [--report F] [--policy be|dk] [--json]
 * The data dir defaults to $ANPR_PLATFORM_DATA_DIR or .data/platform.
 *
 * Development TLS: create a self-signed pair with
 *   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
 *     -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout dev.key -out dev.crt
 * and start with --tls-key dev.key --tls-cert dev.crt (the workstation must trust dev.crt).
 */

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  clock: () => Date;
  /** serve: resolves when the server should stop (default: SIGINT/SIGTERM). */
  untilStopped?: () => Promise<void>;
  /** serve: where JSON log lines go (default stdout). */
  logStream?: NodeJS.WritableStream;
  /** seed: a terminal to draw the progress bar on (otherwise progress lines go to `out`). */
  progressTty?: { write: (text: string) => unknown; columns?: number };
}

const USAGE = `Usage:
  cli.ts serve [--port P] [--host H] [--data-dir D] [--policy be|dk] [--tls-key F --tls-cert F] [--seed-demo]
  cli.ts users add --username U --name "Display Name" --roles detective[,supervisor...] [--data-dir D] [--json]
  cli.ts users list [--data-dir D] [--json]
  cli.ts users unlock <username> [--data-dir D]
  cli.ts users reset-totp <username> [--data-dir D] [--json]
  cli.ts seed [--data-dir D] [--policy be|dk] [--seed N] [--days N] [--cameras N] [--vehicles N] [--accounts-only]
  cli.ts verify [--data-dir D]
  cli.ts units add --id ID --type fixed|mobile-unmanned|mobile-manned --source BRAND [--operator local|regional|federal] [--name N] [--json]
  cli.ts units list [--json] | units revoke <id> | units rotate <id> [--json]   [--data-dir D]
  cli.ts devices list [--json] | devices revoke <id> --reason TEXT   [--data-dir D]   (a revoked workstation erases its data)
  cli.ts import FILE --mapping MAP.json --source NAME [--tz ZONE] [--delimiter X] [--unit ID] [--report F] [--policy be|dk] [--json]
  Administration (every command: --as ADMIN_USERNAME; every change: --justification TEXT; [--json] [--data-dir D]):
  cli.ts officers list
  cli.ts officers add --username U --name "Display Name" --roles detective[,...] [--password P]
  cli.ts officers roles <username> --roles R[,...] | officers disable|enable|reset-mfa <username>
  cli.ts cases list [--status open|closed] | cases bases [--policy be|dk]
  cli.ts cases add --number N --title T --purpose judicial|administrative --basis ID [--offence O] [--scope S] [--officers u1,u2] [--policy be|dk]
  cli.ts cases assign|unassign <case id> --username U | cases close <case id> --reason TEXT
${HOTLIST_USAGE}
${CAMERAS_USAGE}
${RECIPIENTS_USAGE}
Roles: ${Role.options.join(', ')}.
Import mappings: resources/mappings/ (generic.json, vendor-example.json).`;

class UsageError extends Error {}

const OPTIONS = {
  'data-dir': { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  policy: { type: 'string' },
  'tls-key': { type: 'string' },
  'tls-cert': { type: 'string' },
  'seed-demo': { type: 'boolean' },
  'accounts-only': { type: 'boolean' },
  seed: { type: 'string' },
  days: { type: 'string' },
  cameras: { type: 'string' },
  vehicles: { type: 'string' },
  username: { type: 'string' },
  name: { type: 'string' },
  roles: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  id: { type: 'string' },
  type: { type: 'string' },
  source: { type: 'string' },
  operator: { type: 'string' },
  mapping: { type: 'string' },
  tz: { type: 'string' },
  delimiter: { type: 'string' },
  unit: { type: 'string' },
  report: { type: 'string' },
  reason: { type: 'string' },
  as: { type: 'string' },
  justification: { type: 'string' },
  password: { type: 'string' },
  number: { type: 'string' },
  title: { type: 'string' },
  purpose: { type: 'string' },
  basis: { type: 'string' },
  offence: { type: 'string' },
  scope: { type: 'string' },
  officers: { type: 'string' },
  status: { type: 'string' },
} as const;

function policyOf(value: string | undefined): PolicyId {
  if (value === undefined) return 'be';
  if (value === 'be' || value === 'dk') return value;
  throw new UsageError(`--policy must be "be" or "dk", not "${value}".`);
}

function portOf(value: string | undefined): number {
  if (value === undefined) return 8443;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0-65535, not "${value}".`);
  return port;
}

function rolesOf(value: string | undefined): Role[] {
  if (!value) throw new UsageError('--roles is required, e.g. --roles detective,supervisor');
  return value.split(',').map((r) => {
    const parsed = Role.safeParse(r.trim());
    if (!parsed.success)
      throw new UsageError(`Unknown role "${r.trim()}". Roles: ${Role.options.join(', ')}.`);
    return parsed.data;
  });
}

function describe(account: Account, now: Date): string {
  const locked =
    account.lockedUntil && account.lockedUntil > now
      ? `  LOCKED until ${account.lockedUntil.toISOString()}`
      : '';
  return `${account.username.padEnd(16)} ${account.roles.join(',').padEnd(24)} ${account.displayName}${locked}`;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  // The camera register (#14) parses its own options: see platform/data/camera-register-command.ts.
  if (argv[0] === 'cameras' || argv[0] === 'outages') return runCameraCli(argv, io);
  // Hotlists and targeted operations (#14) parse their own options: see platform/hotlists/command.ts.
  if (argv[0] === 'hotlists' || argv[0] === 'operations') return runHotlistCli(argv, io);
  // The recipient register (#14): see platform/recipients/command.ts.
  if (argv[0] === 'recipients') return runRecipientsCli(argv, io);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    io.out(USAGE);
    return values.help ? 0 : 2;
  }
  const dataDir = resolve(values['data-dir'] ?? io.env.ANPR_PLATFORM_DATA_DIR ?? '.data/platform');
  const [command, sub, arg] = positionals;
  try {
    switch (command) {
      case 'serve':
        return await serve(values, dataDir, io);
      case 'users':
        return await users(sub, arg ?? values.username, values, dataDir, io);
      case 'seed':
        return await seed(dataDir, policyOf(values.policy), values, io);
      case 'verify':
        return await withDb(dataDir, io, (db) => verify(db, io));
      case 'units':
        return await withDb(dataDir, io, (db) =>
          runUnitsCommand(
            db,
            {
              sub,
              id: arg ?? values.id,
              json: Boolean(values.json),
              ...(values.type !== undefined ? { type: values.type } : {}),
              ...(values.source !== undefined ? { source: values.source } : {}),
              ...(values.operator !== undefined ? { operator: values.operator } : {}),
              ...(values.name !== undefined ? { name: values.name } : {}),
            },
            io,
          ),
        );
      case 'devices':
        return await withDb(dataDir, io, (db) =>
          runDevicesCommand(
            db,
            {
              sub,
              id: arg ?? values.id,
              json: Boolean(values.json),
              ...(values.reason !== undefined ? { reason: values.reason } : {}),
            },
            io,
          ),
        );
      case 'officers':
      case 'cases': {
        const pack = POLICY_PACKS[policyOf(values.policy)];
        const list = (v: string | undefined) =>
          v === undefined ? undefined : v.split(',').map((x) => x.trim());
        const args: AdminArgs = {
          sub,
          target: arg,
          as: values.as,
          justification: values.justification,
          json: Boolean(values.json),
          ...Object.fromEntries(
            (
              [
                'username',
                'name',
                'password',
                'number',
                'title',
                'purpose',
                'basis',
                'offence',
                'scope',
                'reason',
                'status',
              ] as const
            ).flatMap((k) => (values[k] !== undefined ? [[k, values[k]]] : [])),
          ),
          ...(values.roles !== undefined ? { roles: list(values.roles) } : {}),
          ...(values.officers !== undefined ? { officers: list(values.officers) } : {}),
        };
        return await withDb(dataDir, io, (db) =>
          command === 'officers'
            ? runOfficersCommand(db, pack, args, io)
            : runCasesCommand(db, pack, args, io),
        );
      }
      case 'import': {
        const policy = policyOf(values.policy);
        return await withDb(dataDir, io, (db) =>
          runImportCommand(
            db,
            {
              file: sub,
              mapping: values.mapping,
              source: values.source,
              policy,
              json: Boolean(values.json),
              ...(values.tz !== undefined ? { tz: values.tz } : {}),
              ...(values.delimiter !== undefined ? { delimiter: values.delimiter } : {}),
              ...(values.unit !== undefined ? { unit: values.unit } : {}),
              ...(values.report !== undefined ? { report: values.report } : {}),
            },
            io,
          ),
        );
      }
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof UnitsUsageError ||
      error instanceof DevicesUsageError ||
      error instanceof ImportUsageError ||
      error instanceof AdminUsageError
    ) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`Error: ${(error as Error).message}`);
    return 1;
  }
}

async function withDb<T>(dataDir: string, io: CliIo, run: (db: Db) => T): Promise<Awaited<T>> {
  const db = openPlatformDb(dataDir, io.env);
  try {
    return await run(db);
  } finally {
    db.close();
  }
}

async function serve(
  values: Record<string, string | boolean | undefined>,
  dataDir: string,
  io: CliIo,
): Promise<number> {
  const keyFile = values['tls-key'] as string | undefined;
  const certFile = values['tls-cert'] as string | undefined;
  if (Boolean(keyFile) !== Boolean(certFile))
    throw new UsageError('--tls-key and --tls-cert go together.');
  // The full reference platform: identity, data and oversight routes, ingest, audit, purges.
  const ref = await startReferencePlatform({
    dataDir,
    policy: policyOf(values.policy as string | undefined),
    port: portOf(values.port as string | undefined),
    host: (values.host as string | undefined) ?? '127.0.0.1',
    clock: io.clock,
    env: io.env,
    logger: io.logStream ? { stream: io.logStream } : true,
    seedAccounts: Boolean(values['seed-demo']),
    tls: keyFile && certFile ? { key: readFileSync(keyFile), cert: readFileSync(certFile) } : null,
  });
  const platform = ref.platform;
  io.err(`ANPR platform listening on ${platform.url} (issuer ${platform.issuer}, data ${dataDir})`);
  if (platform.ctx.demoAccounts)
    io.err(`Demo accounts written to ${join(dataDir, 'demo-accounts.json')}`);
  const stopped =
    io.untilStopped?.() ??
    new Promise<void>((resolveStop) => {
      process.once('SIGINT', () => resolveStop());
      process.once('SIGTERM', () => resolveStop());
    });
  await stopped;
  await ref.close();
  return 0;
}

async function users(
  sub: string | undefined,
  username: string | undefined,
  values: Record<string, string | boolean | undefined>,
  dataDir: string,
  io: CliIo,
): Promise<number> {
  const json = Boolean(values.json);
  const db = openPlatformDb(dataDir, io.env);
  try {
    migrateIdentity(db, io.clock);
    const store = new AccountStore(db, io.clock);
    switch (sub) {
      case 'add': {
        if (!values.username) throw new UsageError('--username is required.');
        if (!values.name) throw new UsageError('--name is required (display name).');
        const created = await store.create({
          username: values.username as string,
          displayName: values.name as string,
          roles: rolesOf(values.roles as string | undefined),
        });
        if (json) {
          io.out(
            JSON.stringify({
              ...created.account,
              password: created.password,
              totpSecret: created.totpSecret,
              otpauthUri: created.otpauthUri,
            }),
          );
        } else {
          io.out(
            `Created ${created.account.username} (${created.account.roles.join(', ')}), id ${created.account.id}.`,
          );
          io.out('Give these to the officer over a secure channel; they are not shown again:');
          io.out(`  Password:     ${created.password}`);
          io.out(`  TOTP secret:  ${created.totpSecret}`);
          io.out(`  TOTP URI:     ${created.otpauthUri}`);
        }
        return 0;
      }
      case 'list': {
        const now = io.clock();
        const accounts = store.list();
        if (json)
          io.out(JSON.stringify(accounts.map((a) => ({ ...a, locked: store.isLocked(a, now) }))));
        else if (accounts.length === 0) io.out('No accounts.');
        else for (const account of accounts) io.out(describe(account, now));
        return 0;
      }
      case 'unlock': {
        if (!username) throw new UsageError('users unlock needs a username.');
        const account = store.unlock(username);
        io.out(json ? JSON.stringify(account) : `Unlocked ${account.username}.`);
        return 0;
      }
      case 'reset-totp': {
        if (!username) throw new UsageError('users reset-totp needs a username.');
        const reset = store.resetTotp(username);
        if (json)
          io.out(
            JSON.stringify({
              username: reset.account.username,
              totpSecret: reset.totpSecret,
              otpauthUri: reset.otpauthUri,
            }),
          );
        else {
          io.out(
            `New authenticator secret for ${reset.account.username}; the old codes no longer work:`,
          );
          io.out(`  TOTP secret:  ${reset.totpSecret}`);
          io.out(`  TOTP URI:     ${reset.otpauthUri}`);
        }
        return 0;
      }
      default:
        throw new UsageError(
          `Unknown users command "${sub ?? ''}" (add, list, unlock, reset-totp).`,
        );
    }
  } finally {
    db.close();
  }
}

async function seed(
  dataDir: string,
  policy: PolicyId,
  values: Record<string, string | boolean | undefined>,
  io: CliIo,
): Promise<number> {
  const int = (name: string): number | undefined => {
    const v = values[name];
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1)
      throw new UsageError(`--${name} must be a positive whole number.`);
    return n;
  };
  const ref = await startReferencePlatform({
    dataDir,
    policy,
    port: 0,
    clock: io.clock,
    env: io.env,
    logger: false,
    seedAccounts: true,
    purgeIntervalMs: 0,
  });
  try {
    const accounts = ref.platform.ctx.demoAccounts ?? [];
    io.out(`Demo officers (also in ${join(dataDir, 'demo-accounts.json')}, mode 0600):`);
    for (const a of accounts)
      io.out(
        `  ${a.username.padEnd(14)} ${a.roles.join(',').padEnd(22)} password ${a.password}  TOTP ${a.totpSecret}`,
      );
    if (values['accounts-only']) return 0;
    const options = Object.fromEntries(
      (['seed', 'days', 'cameras', 'vehicles'] as const)
        .map((k) => [k, int(k)] as const)
        .filter(([, v]) => v !== undefined),
    );
    const report = await loadSeedWorld(ref.deps, {
      ...options,
      log: io.out,
      progress: seedProgressReporter({ tty: io.progressTty, line: io.out }),
    });
    if (report.skipped) io.out('The platform already holds cameras and reads: nothing was added.');
    else
      io.out(
        `Synthetic Belgium: ${report.cameras} cameras, ${report.cases} cases, ${report.reads} reads ` +
          `(${report.hits} hotlist hits). Ground truth: ${report.groundTruthFile}`,
      );
    return 0;
  } finally {
    await ref.close();
  }
}

/** Verifies the platform's audit chain and every workstation chain; names the first bad entry. */
function verify(db: Db, io: CliIo): number {
  const results = createAuditLog(db, io.clock).verifyAll();
  for (const r of results) {
    io.out(
      r.ok
        ? `OK      ${r.chain}: ${r.count} entries`
        : `BROKEN  ${r.chain}: first bad entry #${r.firstBadSeq} (${r.problem}): ${r.message}`,
    );
  }
  return results.every((r) => r.ok) ? 0 : 1;
}

if (import.meta.main) {
  const code = await runCli(process.argv.slice(2), {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    env: process.env,
    clock: () => new Date(),
    progressTty: process.stdout.isTTY ? process.stdout : undefined,
  });
  process.exitCode = code;
}
