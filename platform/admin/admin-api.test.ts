import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditBody } from '../../common/audit.ts';
import { POLICY_PACKS } from '../../common/policy.ts';
import { adminCasesRoutes } from '../api/admin-cases-routes.ts';
import { adminOfficersRoutes } from '../api/admin-officers-routes.ts';
import { dataRoutes } from '../api/data-routes.ts';
import type { ApiDeps } from '../api/deps.ts';
import { createAuditLog, type AuditLog } from '../audit/log.ts';
import { createSqliteStore } from '../data/store.ts';
import type { PolicyId } from '../config.ts';
import { AccountStore } from '../identity/accounts.ts';
import { totpCode } from '../identity/totp.ts';
import { loginHeadless } from '../testing/login.ts';
import { startTestPlatform, type TestPlatform } from '../testing/platform.ts';

/**
 * The administration API over real HTTP with real OIDC tokens (password +
 * TOTP): admin1 creates and changes officers and cases, every call lands in
 * the platform's audit chain with who, what and why, and an officer without
 * the admin role is refused with a clear error (and logged).
 */

// Test bodies are inspected loosely; the platform validates them with zod.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface World {
  t: TestPlatform;
  audit: AuditLog;
  token(username: string): Promise<string>;
  call(
    method: string,
    path: string,
    username: string,
    body?: unknown,
  ): Promise<{ status: number; body: Json }>;
  lastEntry(action: string): AuditBody | undefined;
}

async function startWorld(policy: PolicyId): Promise<World> {
  let audit: AuditLog | null = null;
  const t = await startTestPlatform({
    policy,
    routes: [
      async (app, ctx) => {
        const store = createSqliteStore(ctx.db, { pack: POLICY_PACKS[ctx.policy], cacheMiB: 8 });
        audit = createAuditLog(ctx.db, ctx.clock);
        const deps: ApiDeps = { ctx, store, audit };
        for (const add of [dataRoutes, adminOfficersRoutes, adminCasesRoutes]) await add(app, deps);
      },
    ],
  });
  const tokens = new Map<string, string>();
  const token = async (username: string) => {
    if (!tokens.has(username)) tokens.set(username, (await t.login(username)).accessToken);
    return tokens.get(username)!;
  };
  return {
    t,
    audit: audit!,
    token,
    async call(method, path, username, body) {
      const res = await fetch(new URL(path, t.url), {
        method,
        headers: {
          Authorization: `Bearer ${await token(username)}`,
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: await res.json() };
    },
    lastEntry(action) {
      return audit!
        .list({ chain: 'platform', limit: 500 })
        .entries.find((e) => e.body.action === action)?.body;
    },
  };
}

const WHY = 'New detective joins the Antwerp drugs unit; account requested by Comm. Janssens.';

describe('administration API (be)', () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld('be');
  }, 120_000);
  afterAll(() => w?.t.close());

  it('creates an officer with a TOTP enrolment shown once, who can then sign in; logged with who, what and why', async () => {
    const res = await w.call('POST', '/api/v1/admin/officers', 'admin1', {
      username: 'N.Claes',
      displayName: 'Insp. Nora Claes',
      roles: ['detective'],
      initialPassword: 'correct horse battery staple',
      justification: WHY,
    });
    expect(res.status).toBe(201);
    expect(res.body.officer).toMatchObject({
      username: 'n.claes',
      roles: ['detective'],
      disabled: false,
    });
    // The administrator chose the password: it is not echoed back.
    expect(res.body.initialPassword).toBeNull();
    expect(res.body.mfa.otpauthUri).toContain(`secret=${res.body.mfa.totpSecret}`);

    const accounts = new AccountStore(w.t.ctx.db, w.t.clock);
    const logon = await accounts.logon({
      username: 'n.claes',
      password: 'correct horse battery staple',
      code: await totpCode(res.body.mfa.totpSecret, w.t.clock()),
    });
    expect(logon.ok).toBe(true);

    const entry = w.lastEntry('admin.officer-create');
    expect(entry).toMatchObject({
      actor: { username: 'admin1', role: 'admin' },
      operation: 'alteration',
      justification: WHY,
      outcome: 'allowed',
      parameters: { username: 'n.claes', roles: ['detective'], via: 'api' },
    });
    // The audit trail never holds a credential.
    expect(JSON.stringify(entry)).not.toContain(res.body.mfa.totpSecret);
    expect(JSON.stringify(entry)).not.toContain('battery');
  });

  it('generates and returns the initial password once when none is given', async () => {
    const res = await w.call('POST', '/api/v1/admin/officers', 'admin1', {
      username: 'p.wouters',
      displayName: 'Subst. Pieter Wouters',
      roles: ['prosecutor'],
      justification: 'Prosecutor appointed to the Antwerp office needs to decide access requests.',
    });
    expect(res.status).toBe(201);
    expect(res.body.initialPassword).toEqual(expect.any(String));
    const listed = await w.call('GET', '/api/v1/admin/officers', 'admin1');
    expect(JSON.stringify(listed.body)).not.toContain(res.body.initialPassword);
  });

  it('refuses bad input with a 400 naming the field, and leaves nothing behind', async () => {
    const res = await w.call('POST', '/api/v1/admin/officers', 'admin1', {
      username: 'x',
      displayName: 'Someone',
      roles: ['janitor'],
      justification: 'asdf',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/username/);
    expect(res.body.error.message).toMatch(/roles/);
    expect(res.body.error.message).toMatch(/justification/);
    const listed = await w.call('GET', '/api/v1/admin/officers', 'admin1');
    expect(listed.body.officers.map((o: Json) => o.username)).not.toContain('x');
  });

  it('changes roles, disables (ending sign-ins at once) and enables an officer, each logged', async () => {
    const before = await w.token('detective2');
    const roles = await w.call('PUT', '/api/v1/admin/officers/detective2/roles', 'admin1', {
      roles: ['detective', 'supervisor'],
      justification: 'Insp. Dubois takes over supervision of the night shift from 1 December.',
    });
    expect(roles.status).toBe(200);
    expect(roles.body.roles).toEqual(['detective', 'supervisor']);
    expect(w.lastEntry('admin.officer-roles')).toMatchObject({
      parameters: { rolesBefore: ['detective'], rolesAfter: ['detective', 'supervisor'] },
    });

    const disabled = await w.call('POST', '/api/v1/admin/officers/detective2/disable', 'admin1', {
      justification: 'Insp. Dubois is suspended pending the internal inquiry into leaked data.',
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled).toBe(true);
    expect(w.lastEntry('admin.officer-disable')).toMatchObject({
      actor: { username: 'admin1' },
      justification: expect.stringContaining('suspended'),
    });
    // The token issued before still looks valid, but its sign-in is gone.
    const refused = await fetch(new URL('/api/v1/cases', w.t.url), {
      headers: { Authorization: `Bearer ${before}` },
    });
    expect(refused.status).toBe(401);
    // And no new sign-in: a disabled account is answered like a wrong password.
    await expect(w.t.login('detective2')).rejects.toThrow();

    const enabled = await w.call('POST', '/api/v1/admin/officers/detective2/enable', 'admin1', {
      justification: 'Internal inquiry closed without findings; Insp. Dubois returns to duty.',
    });
    expect(enabled.body.disabled).toBe(false);
    expect(w.lastEntry('admin.officer-enable')).toBeDefined();
    await w.t.login('detective2');
  });

  it('resets MFA: the old codes stop working, the new URI is returned once', async () => {
    const account = w.t.accounts.prosecutor1!;
    const res = await w.call('POST', '/api/v1/admin/officers/prosecutor1/reset-mfa', 'admin1', {
      justification: 'Subst. Claes lost her phone on the train; new authenticator enrolled today.',
    });
    expect(res.status).toBe(200);
    expect(res.body.mfa.totpSecret).not.toBe(account.totpSecret);
    await expect(
      loginHeadless({
        issuer: w.t.issuer,
        username: 'prosecutor1',
        password: account.password,
        totpSecret: account.totpSecret,
        totpTime: w.t.clock(),
      }),
    ).rejects.toThrow();
    expect(w.lastEntry('admin.officer-reset-mfa')).toMatchObject({ outcome: 'allowed' });
  });

  it('keeps one enabled administrator: admin1 cannot disable or demote itself, and the refusal is logged', async () => {
    const res = await w.call('PUT', '/api/v1/admin/officers/admin1/roles', 'admin1', {
      roles: ['detective'],
      justification: 'Reorganisation: the administrator becomes a detective in the drugs unit.',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/last enabled administrator/);
    expect(w.lastEntry('admin.officer-roles')).toMatchObject({ outcome: 'denied' });
  });

  it('creates a case on a legal basis from the pack, assigns, unassigns and closes it; all logged', async () => {
    const bases = await w.call('GET', '/api/v1/admin/legal-bases', 'admin1');
    expect(bases.body.legalBases.map((b: Json) => b.id)).toContain('be-judicial-inquiry');

    const created = await w.call('POST', '/api/v1/admin/cases', 'admin1', {
      number: 'AN.20.L3.2026/9001',
      title: 'Burglaries along the E313',
      purpose: 'judicial',
      legalBasis: 'be-judicial-inquiry',
      offence: 'Theft with breaking and entering (Criminal Code art. 467)',
      scope: 'Vehicles seen near the burgled houses in Herentals, 1-14 November.',
      assignedOfficers: ['detective1'],
      justification: 'Case opened on the prosecutor’s request of 17 November, file AN.20.L3.',
    });
    expect(created.status).toBe(201);
    const c = created.body;
    expect(c).toMatchObject({ status: 'open', purpose: 'judicial', closeReason: null });
    expect(c.legalBasis).toBe(POLICY_PACKS.be.legalBases!.bases[0]!.provision);
    expect(c.assignedOfficers).toEqual([w.t.accounts.detective1!.id]);
    expect(w.lastEntry('admin.case-create')).toMatchObject({
      caseId: c.id,
      purpose: 'judicial',
      actor: { username: 'admin1' },
      parameters: { legalBasisId: 'be-judicial-inquiry', assignedOfficers: ['detective1'] },
    });

    const d1 = await w.call('GET', '/api/v1/cases', 'detective1');
    expect(d1.body.cases.map((x: Json) => x.id)).toContain(c.id);

    const assigned = await w.call('POST', `/api/v1/admin/cases/${c.id}/officers`, 'admin1', {
      username: 'abuser1',
      justification: 'Insp. Mertens joins for the surveillance of the suspect van this week.',
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.assignedOfficers).toContain(w.t.accounts.abuser1!.id);
    expect(w.lastEntry('admin.case-assign')).toMatchObject({ parameters: { username: 'abuser1' } });

    const unassigned = await w.call(
      'POST',
      `/api/v1/admin/cases/${c.id}/officers/abuser1/unassign`,
      'admin1',
      { justification: 'Insp. Mertens moved to another unit; he no longer works on this case.' },
    );
    expect(unassigned.status).toBe(200);
    expect(unassigned.body.assignedOfficers).not.toContain(w.t.accounts.abuser1!.id);
    expect(w.lastEntry('admin.case-unassign')).toMatchObject({
      parameters: { username: 'abuser1' },
    });
    // The officer taken off no longer sees the case.
    const abuser = await w.call('GET', '/api/v1/cases', 'abuser1');
    expect(abuser.body.cases.map((x: Json) => x.id)).not.toContain(c.id);

    const closed = await w.call('POST', `/api/v1/admin/cases/${c.id}/close`, 'admin1', {
      reason: 'Suspects convicted; the court file holds the evidence.',
      justification: 'Closure ordered by the prosecutor after the judgment of 20 November.',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'closed',
      closeReason: 'Suspects convicted; the court file holds the evidence.',
      closedAt: expect.any(String),
    });
    expect(w.lastEntry('admin.case-close')).toMatchObject({
      caseId: c.id,
      justification: expect.stringContaining('judgment'),
      parameters: { reason: 'Suspects convicted; the court file holds the evidence.' },
    });
    const again = await w.call('POST', `/api/v1/admin/cases/${c.id}/officers`, 'admin1', {
      username: 'detective2',
      justification: 'Insp. Dubois should review the closed file for the appeal procedure.',
    });
    expect(again.status).toBe(409);
  });

  it('refuses a legal basis that is not on the pack list, or one of another purpose, naming the field', async () => {
    const base = {
      number: 'AN.20.L3.2026/9002',
      title: 'Stolen vans',
      purpose: 'judicial',
      justification: 'Case opened on the prosecutor’s request of 18 November, file AN.20.L3.',
    };
    const freeText = await w.call('POST', '/api/v1/admin/cases', 'admin1', {
      ...base,
      legalBasis: 'Art. 46sexies Sv. (because I say so)',
    });
    expect(freeText.status).toBe(400);
    expect(freeText.body.error.message).toMatch(/legalBasis/);

    const unknown = await w.call('POST', '/api/v1/admin/cases', 'admin1', {
      ...base,
      legalBasis: 'dk-7-1',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(
      /legalBasis: Not a legal basis of the be policy pack/,
    );

    const otherPurpose = await w.call('POST', '/api/v1/admin/cases', 'admin1', {
      ...base,
      legalBasis: 'be-administrative',
    });
    expect(otherPurpose.status).toBe(400);
    expect(otherPurpose.body.error.message).toMatch(/does not fit a judicial case/);

    const list = await w.call('GET', '/api/v1/admin/cases', 'admin1');
    expect(list.body.cases.map((c: Json) => c.number)).not.toContain(base.number);
    expect(w.lastEntry('admin.case-create')).toMatchObject({ outcome: 'denied' });
  });

  it('refuses every administration call for a detective with a clear 403, and logs the attempt', async () => {
    const calls: Array<[string, string, unknown?]> = [
      ['GET', '/api/v1/admin/officers'],
      [
        'POST',
        '/api/v1/admin/officers',
        { username: 'mole', displayName: 'Mole', roles: ['admin'], justification: WHY },
      ],
      ['PUT', '/api/v1/admin/officers/detective1/roles', { roles: ['admin'], justification: WHY }],
      ['POST', '/api/v1/admin/officers/admin1/disable', { justification: WHY }],
      ['POST', '/api/v1/admin/officers/admin1/enable', { justification: WHY }],
      ['POST', '/api/v1/admin/officers/admin1/reset-mfa', { justification: WHY }],
      ['GET', '/api/v1/admin/legal-bases'],
      ['GET', '/api/v1/admin/cases'],
      [
        'POST',
        '/api/v1/admin/cases',
        {
          number: 'X',
          title: 'X',
          purpose: 'judicial',
          legalBasis: 'be-judicial-inquiry',
          justification: WHY,
        },
      ],
      ['POST', '/api/v1/admin/cases/any/officers', { username: 'detective1', justification: WHY }],
      ['POST', '/api/v1/admin/cases/any/officers/detective1/unassign', { justification: WHY }],
      ['POST', '/api/v1/admin/cases/any/close', { reason: 'done', justification: WHY }],
    ];
    const detective = w.t.accounts.detective1!.id;
    const refusalsBefore = w.audit
      .list({ chain: 'platform', officerId: detective, outcome: 'denied', limit: 500 })
      .entries.filter((e) => e.body.action === 'admin.refused').length;
    for (const [method, path, body] of calls) {
      const res = await w.call(method, path, 'detective1', body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.message).toMatch(/administrator role/);
    }
    // The hook logs after the response is sent: wait for the last entry to land.
    await expect
      .poll(
        () =>
          w.audit
            .list({ chain: 'platform', officerId: detective, outcome: 'denied', limit: 500 })
            .entries.filter((e) => e.body.action === 'admin.refused').length - refusalsBefore,
      )
      .toBe(calls.length);
    const officers = await w.call('GET', '/api/v1/admin/officers', 'admin1');
    expect(officers.body.officers.map((o: Json) => o.username)).not.toContain('mole');
  });
});

describe('administration API (dk)', () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld('dk');
  }, 120_000);
  afterAll(() => w?.t.close());

  it('offers the § 7 uses as the Danish legal bases, and creates a case on one of them', async () => {
    const bases = await w.call('GET', '/api/v1/admin/legal-bases', 'admin1');
    expect(bases.body.legalBases.map((b: Json) => b.id)).toEqual([
      'dk-7-1',
      'dk-7-2',
      'dk-7-3',
      'dk-7-4',
      'dk-7-5',
    ]);
    const created = await w.call('POST', '/api/v1/admin/cases', 'admin1', {
      number: 'KBH-2026-4411',
      title: 'Narkotikasmugling over Øresundsbroen',
      purpose: 'judicial',
      legalBasis: 'dk-7-2',
      assignedOfficers: ['detective1'],
      justification: 'Sag oprettet efter anmodning fra anklagemyndigheden den 17. november.',
    });
    expect(created.status).toBe(201);
    expect(created.body.legalBasis).toBe('ANPG executive order § 7, nr. 2');

    const refused = await w.call('POST', '/api/v1/admin/cases', 'admin1', {
      number: 'KBH-2026-4412',
      title: 'Uden hjemmel',
      purpose: 'judicial',
      legalBasis: 'be-judicial-inquiry',
      justification: 'Sag oprettet efter anmodning fra anklagemyndigheden den 18. november.',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/pick one of dk-7-1, dk-7-2/);
  });
});
