import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { totpCode } from '../platform/identity/totp.ts';
import { demoDataDir, lastDemo, resolveUserPath } from './demo-dirs.ts';

/**
 * `npm run demo:code -- detective1`: the current TOTP code of a demo account
 * (demo data only), from the data directory the demo last ran on.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STEP_S = 30;
/** Less time than this left and the officer cannot type the code in time: wait for the next. */
export const MIN_VALID_S = 10;

/** When to compute the code so that it stays valid at least MIN_VALID_S more seconds. */
export function usableCodeTime(nowMs: number): { atMs: number; waitMs: number; validS: number } {
  const left = STEP_S - ((nowMs / 1000) % STEP_S);
  if (left >= MIN_VALID_S) return { atMs: nowMs, waitMs: 0, validS: Math.floor(left) };
  const waitMs = Math.ceil(left * 1000);
  return { atMs: nowMs + waitMs, waitMs, validS: STEP_S };
}

const HELP = `Usage: npm run demo:code -- USERNAME [--data-dir DIR | --policy be|dk --size small|demo|large]

Prints the current sign-in code of a demo account. It reads the data directory
the demo last ran on (recorded in .data/demo-last.json), unless --data-dir, or
--policy/--size for a default directory, names another. A code with less than
${MIN_VALID_S} s left is not printed: it waits for the next one.`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        'data-dir': { type: 'string' },
        policy: { type: 'string' },
        size: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const last = lastDemo(root);
  const dataDir = values['data-dir']
    ? resolveUserPath(values['data-dir'])
    : values.policy || values.size
      ? demoDataDir(root, values.policy ?? 'be', values.size ?? 'demo')
      : (last?.dataDir ?? demoDataDir(root, 'be', 'demo'));
  const file = join(dataDir, 'platform', 'demo-accounts.json');
  if (!existsSync(file)) {
    console.error(
      `No demo accounts in ${dataDir}: start the demo first (scripts/demo.sh), or pass the --data-dir it runs on.`,
    );
    return 1;
  }
  const accounts = JSON.parse(readFileSync(file, 'utf8')) as
    | { accounts?: Array<{ username: string; totpSecret: string }> }
    | Array<{ username: string; totpSecret: string }>;
  const list = Array.isArray(accounts) ? accounts : (accounts.accounts ?? []);
  const account = list.find((a) => a.username === positionals[0]);
  if (!account) {
    console.error(
      `${positionals[0] ? `No demo account "${positionals[0]}" in ${dataDir}.\n` : ''}` +
        `Usage: npm run demo:code -- USERNAME   (one of: ${list.map((a) => a.username).join(', ')})`,
    );
    return 1;
  }
  let when = usableCodeTime(Date.now());
  if (when.waitMs > 0) {
    console.error(
      `The current code expires in ${Math.ceil(when.waitMs / 1000)} s; waiting for the next one…`,
    );
    // A little past the boundary, then from the clock again (a busy machine wakes late).
    await new Promise((r) => setTimeout(r, when.waitMs + 50));
    when = usableCodeTime(Date.now());
  }
  const code = await totpCode(account.totpSecret, new Date(when.atMs));
  console.log(`${code}  (valid for ${when.validS} s)`);
  return 0;
}

if (import.meta.main) process.exitCode = await main();
