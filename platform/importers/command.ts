import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { POLICY_PACKS } from '../../common/policy.ts';
import { createAuditLog } from '../audit/log.ts';
import type { PolicyId } from '../config.ts';
import { createSqliteStore } from '../data/store.ts';
import { cliActor } from '../ingest/command.ts';
import type { Db } from '../store/sqlite.ts';
import { describeImport, importFile, importOutcome, type ImportSummary } from './import.ts';
import { loadMapping } from './mapping.ts';
import { assertTimeZone } from './time.ts';

/**
 * `platform import FILE --mapping MAP.json --source NAME [--tz ZONE]
 * [--delimiter X] [--unit ID] [--report FILE] [--policy be|dk] [--json]`.
 * Runs on the platform host against its database (like `seed`); the import
 * is one `collection` entry in the audit chain with its counts and the
 * file's SHA-256.
 *
 * Exit status: 0 when rows were stored or all were already stored (a
 * re-run); 1 when the file has rows but none was stored, or has no rows at
 * all, so a script or an operator cannot mistake an import that stored
 * nothing for a success. The file may be gzip-compressed (see input.ts).
 */

export interface ImportArgs {
  file: string | undefined;
  mapping: string | undefined;
  source: string | undefined;
  tz?: string;
  delimiter?: string;
  unit?: string;
  report?: string;
  policy: PolicyId;
  json: boolean;
}

export class ImportUsageError extends Error {}

const DELIMITER_NAMES: Record<string, string> = {
  tab: '\t',
  '\\t': '\t',
  comma: ',',
  semicolon: ';',
  pipe: '|',
};

export async function runImportCommand(
  db: Db,
  args: ImportArgs,
  io: { out: (line: string) => void; err: (line: string) => void; clock: () => Date },
): Promise<number> {
  if (!args.file) throw new ImportUsageError('import needs a FILE.');
  if (!existsSync(args.file)) throw new ImportUsageError(`No such file: ${args.file}`);
  if (!args.mapping) throw new ImportUsageError('--mapping MAP.json is required.');
  if (!args.source || !/^.{1,64}$/u.test(args.source.trim()))
    throw new ImportUsageError(
      '--source NAME (1-64 characters) is required: the system that exported the file.',
    );
  if (args.tz) {
    try {
      assertTimeZone(args.tz);
    } catch {
      throw new ImportUsageError(
        `--tz: unknown time zone "${args.tz}" (use an IANA name such as Europe/Brussels).`,
      );
    }
  }
  const delimiter =
    args.delimiter === undefined
      ? undefined
      : (DELIMITER_NAMES[args.delimiter.toLowerCase()] ?? args.delimiter);
  if (delimiter !== undefined && delimiter.length !== 1)
    throw new ImportUsageError(
      '--delimiter must be one character (or tab, comma, semicolon, pipe).',
    );
  const mapping = loadMapping(args.mapping);

  const store = createSqliteStore(db, { pack: POLICY_PACKS[args.policy] });
  const audit = createAuditLog(db, io.clock);
  const actor = cliActor();
  const source = args.source.trim();
  let summary: ImportSummary;
  let lastProgress = 0;
  try {
    summary = await importFile(store, {
      file: args.file,
      mapping,
      source,
      tz: args.tz ?? null,
      delimiter: delimiter ?? null,
      unit: args.unit ?? null,
      clock: io.clock,
      ...(args.report ? { reportFile: args.report } : {}),
      onProgress: (s) => {
        if (!args.json && s.rows - lastProgress >= 200_000) {
          lastProgress = s.rows;
          io.err(`  … ${s.rows.toLocaleString('en')} rows`);
        }
      },
    });
  } catch (error) {
    audit.append({
      actor,
      operation: 'collection',
      action: 'reads.import',
      caseId: null,
      purpose: null,
      reasonCode: null,
      justification: null,
      parameters: { file: basename(args.file), source, policy: args.policy },
      resultCount: null,
      outcome: 'error',
      outcomeReason: (error as Error).message.slice(0, 500),
      recipient: null,
    });
    throw error;
  }
  audit.append({
    actor,
    operation: 'collection',
    action: 'reads.import',
    caseId: null,
    purpose: null,
    reasonCode: null,
    justification: null,
    parameters: {
      file: summary.file,
      sha256: summary.sha256,
      source,
      policy: args.policy,
      format: summary.format,
      rows: summary.rows,
      accepted: summary.accepted,
      duplicates: summary.duplicates,
      rejected: summary.rejected,
      expired: summary.expired,
      hits: summary.hits,
    },
    resultCount: summary.accepted,
    outcome: 'allowed',
    outcomeReason: null,
    recipient: null,
  });
  if (args.json) io.out(JSON.stringify(summary));
  else {
    io.out(`Policy pack: ${args.policy} (must match the platform's --policy).`);
    for (const line of describeImport(summary, POLICY_PACKS[args.policy], io.clock())) io.out(line);
  }
  return importOutcome(summary).ok ? 0 : 1;
}
