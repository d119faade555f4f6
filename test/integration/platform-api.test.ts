import { importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginHeadless } from '../../platform/testing/login.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';

/**
 * The reference platform's legal gates over real HTTP with real OIDC tokens
 * (password + TOTP, PKCE): what a detective gets, what is refused and why,
 * and that every refusal is in the tamper-evident audit log.
 */
let t: TestReference;
const tokens = new Map<string, string>();

beforeAll(async () => {
  t = await startTestReference();
}, 180_000);
afterAll(() => t?.close());

async function tokenFor(username: string): Promise<string> {
  if (!tokens.has(username)) {
    t.clock.advance(30_000); // a fresh TOTP step
    const account = t.accounts[username]!;
    const login = await loginHeadless({
      issuer: t.issuer,
      username,
      password: account.password,
      totpSecret: account.totpSecret,
      totpTime: t.clock(),
    });
    tokens.set(username, login.accessToken);
  }
  return tokens.get(username)!;
}

async function post(path: string, token: string, body: unknown) {
  const res = await fetch(new URL(path, t.url), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown> & {
      error?: { code: string; message: string };
    },
  };
}

const JUSTIFICATION = 'Convoy suspect: route of the lead vehicle needed for the investigation.';
const day = 86_400_000;
function history(caseId: string, plate: string, overrides: Record<string, unknown> = {}) {
  const now = t.clock().getTime();
  return {
    caseId,
    purpose: 'judicial',
    offenceType: 'be-property',
    reasonCode: 'suspect-vehicle',
    justification: JUSTIFICATION,
    plate,
    range: { from: new Date(now - 29 * day).toISOString(), to: new Date(now).toISOString() },
    ...overrides,
  };
}

/** The latest platform audit entry for a case and action. */
function lastAudit(caseId: string, action: string) {
  return t.ref.audit.list({ caseId, limit: 200 }).entries.find((e) => e.body.action === action)
    ?.body;
}

describe('platform legal gates over HTTP', () => {
  it('gives an assigned detective the reads of the case, and logs the consultation', async () => {
    const { caseId, target } = t.groundTruth.convoy;
    const res = await post(
      '/api/v1/queries/plate-history',
      await tokenFor('detective1'),
      history(caseId, target.plate),
    );
    expect(res.status).toBe(200);
    expect((res.body.reads as unknown[]).length).toBeGreaterThan(0);
    expect(lastAudit(caseId, 'reads.plate-history')).toMatchObject({
      outcome: 'allowed',
      justification: JUSTIFICATION,
      actor: { username: 'detective1' },
      resultCount: (res.body.reads as unknown[]).length,
    });
  });

  it('refuses a request without a real justification, with a clear error', async () => {
    const { caseId, target } = t.groundTruth.convoy;
    for (const justification of ['', 'work']) {
      const res = await post(
        '/api/v1/queries/plate-history',
        await tokenFor('detective1'),
        history(caseId, target.plate, { justification }),
      );
      expect(res.status).toBe(400);
      expect(res.body.error?.message).toMatch(/justification/);
    }
  });

  it('refuses an unassigned case, and logs the refusal', async () => {
    const { caseId, vehicle } = t.groundTruth.oldReads!; // detective2's case
    const res = await post(
      '/api/v1/queries/plate-history',
      await tokenFor('detective1'),
      history(caseId, vehicle.plate),
    );
    expect(res.status).toBe(403);
    expect(res.body.error?.message).toMatch(/not assigned/i);
    expect(lastAudit(caseId, 'reads.plate-history')).toMatchObject({
      outcome: 'denied',
      actor: { username: 'detective1' },
    });
  });

  it('withholds reads older than 30 days without an approval, counting them', async () => {
    const old = t.groundTruth.oldReads!;
    const now = t.clock().getTime();
    const res = await post(
      '/api/v1/queries/plate-history',
      await tokenFor('detective2'),
      history(old.caseId, old.vehicle.plate, {
        range: { from: new Date(now - 40 * day).toISOString(), to: new Date(now).toISOString() },
      }),
    );
    expect(res.status).toBe(200);
    const reads = res.body.reads as Array<{ capturedAt: string }>;
    expect(reads.every((r) => Date.parse(r.capturedAt) >= now - 30 * day)).toBe(true);
    const withheld = res.body.withheld as { count: number; message: string };
    expect(withheld.count).toBeGreaterThanOrEqual(old.older.length);
    expect(withheld.message).toMatch(/prosecutor|approv/i);
  });

  it('refuses a token without a second factor', async () => {
    // A token the provider itself signed, identical to a real one except amr: no TOTP.
    const jwk = t.ref.platform.ctx.identity.secrets.jwks.keys[0]!;
    const account = t.accounts.detective1!;
    const now = Math.floor(Date.now() / 1000);
    const noMfa = await new SignJWT({
      iss: t.issuer,
      aud: 'urn:anpr:platform',
      sub: account.id,
      jti: `jti-${now}`,
      iat: now,
      exp: now + 300,
      client_id: 'anpr-workstation',
      roles: account.roles,
      preferred_username: account.username,
      name: account.displayName,
      amr: ['pwd'],
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: jwk.kid })
      .sign(await importJWK(jwk, 'ES256'));
    const { caseId, target } = t.groundTruth.convoy;
    const res = await post('/api/v1/queries/plate-history', noMfa, history(caseId, target.plate));
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'mfa_required' });
  });

  it('does not let a prosecutor pull or consult reads', async () => {
    const { caseId, target } = t.groundTruth.convoy;
    const token = await tokenFor('prosecutor1');
    const now = t.clock().getTime();
    const pull = await post('/api/v1/pulls', token, {
      caseId,
      purpose: 'judicial',
      offenceType: 'be-property',
      reasonCode: 'suspect-vehicle',
      justification: JUSTIFICATION,
      query: {
        kind: 'plates',
        plates: [target.plate],
        range: { from: new Date(now - 10 * day).toISOString(), to: new Date(now).toISOString() },
      },
    });
    expect(pull.status).toBe(403);
    const query = await post('/api/v1/queries/plate-history', token, history(caseId, target.plate));
    expect(query.status).toBe(403);
  });

  it('detects a tampered audit row and names it', () => {
    expect(t.ref.audit.verify()).toMatchObject({ ok: true });
    const db = t.ref.platform.ctx.db;
    const row = db
      .prepare("SELECT seq FROM audit_entries WHERE body LIKE '%detective1%' ORDER BY seq LIMIT 1")
      .get() as { seq: number };
    // The append-only trigger must be dropped first: tampering needs deliberate effort.
    const triggers = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entries'",
      )
      .all() as Array<{ name: string }>;
    for (const tr of triggers) db.exec(`DROP TRIGGER ${tr.name}`);
    db.prepare(
      "UPDATE audit_entries SET body = replace(body, 'detective1', 'detective2') WHERE seq = ?",
    ).run(row.seq);
    const verdict = t.ref.audit.verify();
    expect(verdict.ok).toBe(false);
    expect(verdict).toMatchObject({ firstBadSeq: row.seq });
  });
});
