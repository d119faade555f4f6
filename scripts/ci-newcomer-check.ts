import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CaseEntry, PullStatus, SessionStatus } from '../common/api/contract.ts';
import type { ApiResult } from '../common/api/result.ts';
import { totpCode } from '../platform/identity/totp.ts';
import type { GroundTruth } from '../platform/seed/index.ts';
import { completeAuthorization } from '../platform/testing/browser-login.ts';

/**
 * What a newcomer does with a running demo, through the browser shell's own
 * HTTP API (as the page in the browser would): the page loads, detective1
 * signs in with password + TOTP, and pulls a case's reads into an encrypted
 * local store, which needs the keychain the demo brought. Also checks that
 * the code `npm run demo:code` printed belongs to this demo's accounts.
 *   node scripts/ci-newcomer-check.ts --launch-url URL --data-dir DIR --code CODE
 * Exits 0 when all holds; otherwise names the first thing that did not.
 */
const { values } = parseArgs({
  options: {
    'launch-url': { type: 'string' },
    'data-dir': { type: 'string' },
    code: { type: 'string' },
  },
});
const launch = new URL(values['launch-url'] ?? '');
const dataDir = values['data-dir'] ?? '';
const token = new URLSearchParams(launch.hash.slice(1)).get('launch') ?? '';
const origin = launch.origin;
const step = (m: string) => console.log(`  ok: ${m}`);

async function api<T>(method: string, input: unknown = {}): Promise<T> {
  const res = await fetch(`${origin}/api/${method}`, {
    method: 'POST',
    headers: {
      origin,
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as ApiResult<T>;
  if (!body.ok) throw new Error(`${method}: ${body.error.code}: ${body.error.message}`);
  return body.value;
}

async function until<T>(what: string, seconds: number, get: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await get();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const page = await fetch(`${origin}/`);
const html = await page.text();
if (page.status !== 200 || !html.includes('<div id="root"'))
  throw new Error(`the browser shell's page: HTTP ${page.status}`);
step(`the browser shell answers on ${origin}`);

const { accounts } = JSON.parse(
  readFileSync(join(dataDir, 'platform', 'demo-accounts.json'), 'utf8'),
) as { accounts: Array<{ username: string; password: string; totpSecret: string }> };
const detective = accounts.find((a) => a.username === 'detective1');
if (!detective) throw new Error('no detective1 in demo-accounts.json');
// demo:code promises 10 s of validity, so "now" is still in the same step.
if (values.code !== (await totpCode(detective.totpSecret, new Date())))
  throw new Error(`demo:code printed ${values.code}, not detective1's current code in ${dataDir}`);
step('demo:code printed the current code of this demo');

const started = await api<{ authorizationUrl: string }>('session.beginSignIn');
const login = await completeAuthorization({
  ...detective,
  authorizationUrl: started.authorizationUrl,
});
if (login.status !== 200) throw new Error(`sign-in callback: HTTP ${login.status}`);
await until('signed in', 30, async () => {
  const s = await api<SessionStatus>('session.status');
  return s.state === 'active' ? s : null;
});
step('detective1 signed in (password + TOTP)');

const truth = JSON.parse(
  readFileSync(join(dataDir, 'platform', 'ground-truth.json'), 'utf8'),
) as GroundTruth;
const { caseId, target } = truth.convoy;
const { cases } = await api<{ cases: CaseEntry[] }>('cases.list');
if (!cases.some((c) => c.case.id === caseId)) throw new Error(`case ${caseId} not listed`);
const now = Date.now();
const pull = await api<PullStatus>('pulls.start', {
  caseId,
  offenceType: 'be-property',
  reasonCode: 'suspect-vehicle',
  justification: 'Newcomer check: the convoy target route over the last four weeks.',
  query: {
    kind: 'plates',
    plates: [target.plate],
    range: {
      from: new Date(now - 28 * 86_400_000).toISOString(),
      to: new Date(now).toISOString(),
    },
  },
});
const done = await until('pull finished', 120, async () => {
  const { pulls } = await api<{ pulls: PullStatus[] }>('pulls.list', { caseId });
  const p = pulls.find((x) => x.pullId === pull.pullId);
  if (p?.state === 'failed') throw new Error(`pull failed: ${p.error}`);
  return p?.state === 'done' ? p : null;
});
const entry = await api<CaseEntry>('cases.get', { caseId });
// A second run on the same data dir pulls the same reads again: the case already holds them.
const arrived = done.stored + done.duplicates + done.alreadyHeld;
if (done.total < 1 || arrived !== done.total || (entry.local?.reads ?? 0) < done.total)
  throw new Error(
    `pull of ${done.total} reads: ${done.stored} stored, ${done.duplicates} duplicates, ` +
      `${done.alreadyHeld} already held, ` +
      `${entry.local?.reads ?? 0} in the local store`,
  );
step(`pulled ${done.total} reads of case ${caseId} into the encrypted store (keychain works)`);
