import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditBody } from '../../common/audit.ts';
import { POLICY_PACKS } from '../../common/policy.ts';
import type { ApiDeps } from '../api/deps.ts';
import { recipientsRoutes } from '../api/recipients-routes.ts';
import { createAuditLog, type AuditLog } from '../audit/log.ts';
import { createSqliteStore } from '../data/store.ts';
import { startTestPlatform, type TestPlatform } from '../testing/platform.ts';
import { runRecipientsCommand } from './command.ts';

/**
 * The recipient register (#14 item 6) over real HTTP with real OIDC tokens:
 * admin1 adds, edits and retires entries, each change in the platform chain
 * with who, what and why; any other role is refused (and logged); bad input
 * names its field; entries are never deleted; a disclosure is recorded
 * against its entry, a private one refused whatever its name.
 */

// Test bodies are inspected loosely; the platform validates them with zod.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let t: TestPlatform;
let audit: AuditLog;
const tokens = new Map<string, string>();

async function call(
  method: string,
  path: string,
  username: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  if (!tokens.has(username)) tokens.set(username, (await t.login(username)).accessToken);
  const res = await fetch(new URL(path, t.url), {
    method,
    headers: {
      Authorization: `Bearer ${tokens.get(username)}`,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json() };
}

const entries = (action: string): AuditBody[] =>
  audit
    .list({ chain: 'platform', limit: 500 })
    .entries.map((e) => e.body)
    .filter((b) => b.action === action)
    .reverse(); // oldest first: .at(-1) is the latest

const count = () =>
  (t.ctx.db.prepare('SELECT count(*) AS n FROM recipients').get() as { n: number }).n;

const PARQUET = {
  id: 'be-parquet-liege',
  name: 'Parquet de Liège, section stupéfiants',
  kind: 'prosecution',
  country: 'BE',
  contact: 'parquet.liege@just.fgov.be',
  legalBasis: 'CIC art. 28bis',
  reason: 'The Liège prosecutor asks for routes in drug cases; agreed by the DPO.',
};

beforeAll(async () => {
  t = await startTestPlatform({
    policy: 'be',
    routes: [
      async (app, ctx) => {
        const store = createSqliteStore(ctx.db, { pack: POLICY_PACKS[ctx.policy], cacheMiB: 8 });
        audit = createAuditLog(ctx.db, ctx.clock);
        const deps: ApiDeps = { ctx, store, audit };
        await recipientsRoutes(app, deps);
      },
    ],
  });
}, 120_000);
afterAll(() => t?.close());

describe('recipient register', () => {
  it('is added, edited and retired by an administrator, each change audited with who, what and why', async () => {
    const added = await call('POST', '/api/v1/admin/recipients', 'admin1', PARQUET);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: PARQUET.id, kind: 'prosecution', retiredAt: null });
    expect(entries('recipient.add').at(-1)).toMatchObject({
      actor: { username: 'admin1', role: 'admin' },
      justification: PARQUET.reason,
      parameters: { recipientId: PARQUET.id, kind: 'prosecution', via: 'api' },
      outcome: 'allowed',
    });

    const edited = await call('PUT', `/api/v1/admin/recipients/${PARQUET.id}`, 'admin1', {
      contact: 'stup.liege@just.fgov.be',
      reason: 'New functional mailbox announced by the prosecutor on 2 March.',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.contact).toBe('stup.liege@just.fgov.be');
    expect(entries('recipient.edit').at(-1)).toMatchObject({
      actor: { username: 'admin1' },
      parameters: {
        changed: { contact: { from: PARQUET.contact, to: 'stup.liege@just.fgov.be' } },
      },
    });

    // Detectives read the register to pick from it; the retired entry stays, marked.
    const retired = await call('POST', `/api/v1/admin/recipients/${PARQUET.id}/retire`, 'admin1', {
      reason: 'Section merged into the Liège-Luxembourg drugs section.',
    });
    expect(retired.status).toBe(200);
    const list = await call('GET', '/api/v1/recipients', 'detective1');
    expect(list.status).toBe(200);
    expect(list.body.recipients.find((r: Json) => r.id === PARQUET.id)).toMatchObject({
      retiredAt: retired.body.retiredAt,
      retiredBy: 'admin1',
    });
    expect(entries('recipient.retire').at(-1)).toMatchObject({ actor: { username: 'admin1' } });
    // Retired, never deleted: the disclosures made to it keep naming it.
    expect(() => t.ctx.db.prepare('DELETE FROM recipients').run()).toThrow(/never deleted/);
  });

  it('refuses any other role with 403, logs the attempt, and changes nothing', async () => {
    const before = count();
    const res = await call('POST', '/api/v1/admin/recipients', 'detective1', {
      ...PARQUET,
      id: 'rogue',
    });
    expect(res.status).toBe(403);
    expect(count()).toBe(before);
    await expect
      .poll(() => entries('admin.refused').at(-1))
      .toMatchObject({ actor: { username: 'detective1' }, outcome: 'denied' });
  });

  it('names the field of bad input, and leaves nothing half-made', async () => {
    const before = count();
    const bad = await call('POST', '/api/v1/admin/recipients', 'admin1', {
      ...PARQUET,
      id: 'x1',
      country: 'Belgium',
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/country/);
    const kind = await call('POST', '/api/v1/admin/recipients', 'admin1', {
      ...PARQUET,
      id: 'x2',
      kind: 'insurer',
    });
    expect(kind.status).toBe(400);
    expect(JSON.stringify(kind.body)).toMatch(/kind/);
    const dup = await call('POST', '/api/v1/admin/recipients', 'admin1', PARQUET);
    expect(dup.status).toBe(409);
    expect(count()).toBe(before);
  });

  it('records a disclosure against its entry: a US prosecutor is accepted, a private entry refused whatever its name', async () => {
    const kc = await call('POST', '/api/v1/admin/recipients', 'admin1', {
      name: "King County Prosecuting Attorney's Office",
      kind: 'prosecution',
      country: 'US',
      contact: 'mla@kingcounty.gov',
      legalBasis: 'EU-US MLA Agreement 2003',
      reason: 'Mutual legal assistance request MLA-2026-0417 accepted by FPS Justice.',
    });
    // Named like a police service, registered as what it is: an insurer.
    const insurer = await call('POST', '/api/v1/admin/recipients', 'admin1', {
      name: 'Police Assurances Benelux',
      kind: 'private',
      country: 'BE',
      contact: 'claims@example.be',
      legalBasis: 'None',
      reason: 'Registered so that its requests are refused by the workstation.',
    });
    const report = (recipientId: string, exportId: string) => ({
      exportId,
      recipientId,
      caseId: 'case-1',
      reads: 12,
      disclosedAt: t.clock().toISOString(),
    });
    const ok = await call('POST', '/api/v1/disclosures', 'detective1', report(kc.body.id, 'e1'));
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ recipientId: kc.body.id, recipientKind: 'prosecution' });
    expect(entries('recipient.disclosure').at(-1)).toMatchObject({
      operation: 'disclosure',
      actor: { username: 'detective1' },
      resultCount: 12,
      recipient: "prosecution: King County Prosecuting Attorney's Office",
    });
    const refused = await call(
      'POST',
      '/api/v1/disclosures',
      'detective1',
      report(insurer.body.id, 'e2'),
    );
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toMatch(/private/);
    const held = await call('GET', `/api/v1/admin/recipients/${kc.body.id}/disclosures`, 'admin1');
    expect(held.body.disclosures.map((d: Json) => d.exportId)).toEqual(['e1']);
  });

  it('is administered from the command line through the same rules', () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), clock: t.clock };
    const run = (...args: string[]) => runRecipientsCommand(t.ctx.db, args, io);
    expect(
      run(
        'recipients',
        'add',
        '--id',
        'nl-om-breda',
        '--name',
        'Openbaar Ministerie Zeeland-West-Brabant',
        '--kind',
        'prosecution',
        '--country',
        'nl',
        '--contact',
        'om.zwb@om.nl',
        '--legal-basis',
        'Benelux Police Treaty 2018',
        '--reason',
        'Cross-border cooperation agreed with the Breda office.',
      ),
    ).toBe(0);
    expect(
      run('recipients', 'edit', 'nl-om-breda', '--kind', 'lawyer', '--reason', 'Wrong kind typed.'),
    ).toBe(1);
    expect(err.at(-1)).toMatch(/kind/);
    expect(run('recipients', 'retire', 'nl-om-breda', '--reason', 'Agreement ended in June.')).toBe(
      0,
    );
    expect(entries('recipient.retire').at(-1)).toMatchObject({
      actor: { officerId: 'platform-cli' },
      parameters: { recipientId: 'nl-om-breda', via: 'cli' },
    });
    out.length = 0;
    expect(run('recipients', 'list')).toBe(0);
    expect(out.join('\n')).not.toContain('nl-om-breda');
    expect(run('recipients', 'list', '--all')).toBe(0);
    expect(out.join('\n')).toMatch(/nl-om-breda.*RETIRED/);
  });
});
