import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { totpCode } from '../platform/identity/totp.ts';

/** `npm run demo:code -- detective1`: the current TOTP code of a demo account (demo data only). */
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({
  options: { 'data-dir': { type: 'string' }, policy: { type: 'string', default: 'be' } },
  allowPositionals: true,
});
const username = positionals[0];
const file = join(
  values['data-dir'] ?? join(root, '.data', `demo-${values.policy}`),
  'platform',
  'demo-accounts.json',
);
const accounts = JSON.parse(readFileSync(file, 'utf8')) as
  | { accounts?: Array<{ username: string; totpSecret: string }> }
  | Array<{ username: string; totpSecret: string }>;
const list = Array.isArray(accounts) ? accounts : (accounts.accounts ?? []);
const account = list.find((a) => a.username === username);
if (!account) {
  console.error(
    `Usage: npm run demo:code -- USERNAME   (one of: ${list.map((a) => a.username).join(', ')})`,
  );
  process.exit(1);
}
const now = new Date();
console.log(
  `${await totpCode(account.totpSecret, now)}  (valid for ${30 - (Math.floor(now.getTime() / 1000) % 30)} s)`,
);
