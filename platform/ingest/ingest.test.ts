import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyId } from '../config.ts';
import { startReferencePlatform, type ReferencePlatform } from '../reference.ts';
import { openPlatformDb } from '../store/sqlite.ts';
import { testClock, type TestClock } from '../testing/platform.ts';
import { loginHeadless } from '../testing/login.ts';
import { UnitStore } from './units.ts';

/**
 * The ingest API over real HTTP against the reference platform: unit
 * credentials, per-record results, idempotency, the unit's registration
 * deciding attribution and retention, the audit trail, and back-pressure.
 */

// Response bodies are inspected loosely; the route builds them from zod-typed code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface Env {
  ref: ReferencePlatform;
  clock: TestClock;
  units: UnitStore;
  dataDir: string;
  close(): Promise<void>;
}

async function start(policy: PolicyId): Promise<Env> {
  const dataDir = mkdtempSync(join(tmpdir(), 'anpr-ingest-test-'));
  const clock = testClock(new Date('2026-03-15T12:00:00Z'));
  const ref = await startReferencePlatform({
    dataDir,
    policy,
    clock,
    seedAccounts: true,
    logger: false,
    identity: { scryptLog2N: 14 },
    purgeIntervalMs: 0,
  });
  return {
    ref,
    clock,
    units: new UnitStore(ref.platform.ctx.db, clock),
    dataDir,
    async close() {
      await ref.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const minutesAgo = (clock: TestClock, n: number) =>
  new Date(clock().getTime() - n * 60_000).toISOString();

function record(clock: TestClock, over: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    plateRaw: '1-ABC-123',
    country: 'BE',
    capturedAt: minutesAgo(clock, 5),
    lat: 50.8466,
    lon: 4.3528,
    confidence: 0.91,
    ...over,
  };
}

async function post(
  url: string,
  token: string | null,
  lines: Array<unknown>,
  contentType = 'application/x-ndjson',
): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(`${url}/api/v1/ingest`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n',
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

function storedReads(env: Env): Array<Record<string, unknown>> {
  return env.ref.platform.ctx.db
    .prepare(
      'SELECT id, plate, plate_raw, unit_id, unit_type, source, retention_rule, retention_until, hit, hit_category FROM reads ORDER BY rid',
    )
    .all() as Array<Record<string, unknown>>;
}

describe('ingest API (be)', () => {
  let env: Env;
  beforeAll(async () => {
    env = await start('be');
  });
  afterAll(() => env?.close());

  it('issues a unit credential once and stores only its hash', async () => {
    const issued = env.units.create(
      { id: 'GNT-ANPR-01', unitType: 'fixed', operator: 'local', source: 'VendorCam' },
      'admin-cli',
    );
    expect(issued.token).toMatch(/^anpr-unit\.[A-Za-z0-9_-]{43}$/);
    expect(env.units.authenticate(issued.token)).toMatchObject({ status: 'ok' });
    const db = readdirSync(env.dataDir).filter((f) => f.startsWith('platform.db'));
    for (const f of db)
      expect(readFileSync(join(env.dataDir, f)).includes(issued.token)).toBe(false);
    // Encrypted at rest anyway; the row itself holds the SHA-256 only.
    const row = env.ref.platform.ctx.db
      .prepare('SELECT token_sha256 FROM ingest_credentials WHERE unit_id = ?')
      .get('GNT-ANPR-01') as { token_sha256: string };
    expect(row.token_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(() =>
      env.units.create({ id: 'GNT-ANPR-01', unitType: 'fixed', source: 'X' }, 'admin-cli'),
    ).toThrow(/already exists/);
  });

  it('accepts a batch from a unit, completes each read from the registration, and answers per record', async () => {
    const { token } = env.units.create(
      { id: 'BXL-CAM-7', unitType: 'fixed', operator: 'federal', source: 'AcmeANPR' },
      'admin-cli',
    );
    const a = record(env.clock);
    const b = record(env.clock, { plateRaw: 'ab-123-cd', country: 'fr', lane: 2 });
    const res = await post(env.ref.url, token, [a, b]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ unitId: 'BXL-CAM-7', received: 2, accepted: 2, rejected: 0 });
    expect(res.body.results).toEqual([
      { line: 1, id: a.id, status: 'accepted' },
      { line: 2, id: b.id, status: 'accepted' },
    ]);
    const rows = storedReads(env).filter((r) => r.unit_id === 'BXL-CAM-7');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({
      plate: 'AB123CD',
      plate_raw: 'ab-123-cd',
      unit_type: 'fixed',
      source: 'AcmeANPR',
    });
  });

  it('reports resent reads as duplicates and stores them once', async () => {
    const { token } = env.units.create({ id: 'DUP-1', unitType: 'fixed', source: 'X' }, 'cli');
    const a = record(env.clock);
    const b = record(env.clock);
    expect((await post(env.ref.url, token, [a])).body.accepted).toBe(1);
    const again = await post(env.ref.url, token, [a, b, b]);
    expect(again.body.results.map((r: Json) => r.status)).toEqual([
      'duplicate',
      'accepted',
      'duplicate',
    ]);
    expect(again.body).toMatchObject({ accepted: 1, duplicates: 2 });
    expect(storedReads(env).filter((r) => r.id === a.id || r.id === b.id)).toHaveLength(2);
  });

  it('rejects malformed records with the line and a reason, and stores the rest of the batch', async () => {
    const { token } = env.units.create({ id: 'MAL-1', unitType: 'fixed', source: 'X' }, 'cli');
    const good1 = record(env.clock);
    const good2 = record(env.clock);
    const noOffset = record(env.clock, {
      plateRaw: '1SECRET99',
      capturedAt: '2026-03-15T11:00:00',
    });
    const badLat = record(env.clock, { lat: 123 });
    const res = await post(env.ref.url, token, [
      good1,
      '{"id": "broken json',
      noOffset,
      '',
      badLat,
      [1, 2],
      record(env.clock, { unitId: 'SOMEONE-ELSE' }),
      record(env.clock, { unitType: 'mobile-manned' }),
      good2,
    ]);
    expect(res.status).toBe(200);
    const byLine = Object.fromEntries(res.body.results.map((r: Json) => [r.line, r]));
    expect(Object.keys(byLine).map(Number)).toEqual([1, 2, 3, 5, 6, 7, 8, 9]); // line 4 is blank
    expect(byLine[1].status).toBe('accepted');
    expect(byLine[2]).toMatchObject({ status: 'rejected', reason: 'not a valid JSON object' });
    expect(byLine[3]).toMatchObject({ status: 'rejected', id: noOffset.id });
    expect(byLine[3].reason).toMatch(/capturedAt/);
    expect(byLine[5].reason).toMatch(/^lat:/);
    expect(byLine[6].status).toBe('rejected');
    expect(byLine[7].reason).toMatch(/unitId: not the sending unit/);
    expect(byLine[8].reason).toMatch(/unitType: the unit is registered as fixed/);
    expect(byLine[9].status).toBe('accepted');
    expect(res.body).toMatchObject({ received: 8, accepted: 2, rejected: 6 });
    // Reasons name fields and rules, never what was sent.
    expect(JSON.stringify(res.body)).not.toContain('SECRET');
  });

  it('refuses a missing, unknown, officer or revoked credential, and audits the revoked unit', async () => {
    const { token } = env.units.create({ id: 'REV-1', unitType: 'fixed', source: 'X' }, 'cli');
    expect((await post(env.ref.url, token, [record(env.clock)])).status).toBe(200);
    expect((await post(env.ref.url, null, [record(env.clock)])).status).toBe(401);
    expect(
      (await post(env.ref.url, 'anpr-unit.' + 'A'.repeat(43), [record(env.clock)])).status,
    ).toBe(401);
    env.clock.advance(30_000);
    const officer = env.ref.platform.ctx.demoAccounts!.find((a) => a.username === 'detective1')!;
    const tokens = await loginHeadless({
      issuer: env.ref.platform.issuer,
      ...officer,
      totpTime: env.clock(),
    });
    expect((await post(env.ref.url, tokens.accessToken, [record(env.clock)])).status).toBe(401);

    env.units.revoke('REV-1', 'cli');
    const refused = await post(env.ref.url, token, [record(env.clock)]);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('credential_revoked');
    const entries = env.ref.audit
      .list({ officerId: 'unit:REV-1', limit: 100 })
      .entries.map((e) => e.body)
      .reverse();
    expect(entries.map((e) => e.outcome)).toEqual(['allowed', 'denied']);
    expect(entries[0]).toMatchObject({
      operation: 'collection',
      actor: { officerId: 'unit:REV-1', username: 'REV-1', role: 'system' },
      parameters: { unitId: 'REV-1', accepted: 1, duplicates: 0, rejected: 0 },
      resultCount: 1,
    });
  });

  it('a rotated credential replaces the old one', async () => {
    const first = env.units.create({ id: 'ROT-1', unitType: 'fixed', source: 'X' }, 'cli');
    const second = env.units.rotate('ROT-1');
    expect((await post(env.ref.url, first.token, [record(env.clock)])).status).toBe(401);
    expect((await post(env.ref.url, second.token, [record(env.clock)])).status).toBe(200);
  });

  it('keeps a pseudonymised plate exactly as sent', async () => {
    const { token } = env.units.create({ id: 'PSEUDO-1', unitType: 'fixed', source: 'X' }, 'cli');
    const hash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const res = await post(env.ref.url, token, [
      record(env.clock, { plateRaw: hash, country: null }),
    ]);
    expect(res.body.accepted).toBe(1);
    expect(storedReads(env).find((r) => r.unit_id === 'PSEUDO-1')).toMatchObject({
      plate: hash,
      plate_raw: hash,
    });
  });

  it('is described in the OpenAPI document, with the unit credential and NDJSON spelled out', async () => {
    const doc = (await (await fetch(`${env.ref.url}/openapi.json`)).json()) as Json;
    const op = doc.paths['/api/v1/ingest'].post;
    expect(op.description).toMatch(/anpr-unit/);
    expect(op.description).toMatch(/application\/x-ndjson/);
    expect(doc.components.schemas.IngestRecord.required).toEqual(
      expect.arrayContaining(['id', 'capturedAt', 'lat', 'lon', 'confidence']),
    );
  });

  it('answers 415 for a JSON body and 413 past the record limit', async () => {
    const { token } = env.units.create({ id: 'LIM-1', unitType: 'fixed', source: 'X' }, 'cli');
    const json = await fetch(`${env.ref.url}/api/v1/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(record(env.clock)),
    });
    expect(json.status).toBe(415);
    const many = Array.from({ length: 10_001 }, () => '{}');
    expect((await post(env.ref.url, token, many)).status).toBe(413);
  });

  it('answers 503 with Retry-After while another writer holds the database, and stores nothing of the batch', async () => {
    const { token } = env.units.create({ id: 'BUSY-1', unitType: 'fixed', source: 'X' }, 'cli');
    const other = openPlatformDb(env.dataDir);
    const a = record(env.clock);
    try {
      other.exec('BEGIN IMMEDIATE');
      const res = await post(env.ref.url, token, [a]);
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(res.body.error.code).toBe('busy');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(storedReads(env).some((r) => r.id === a.id)).toBe(false);
    // Resending the same batch later stores it.
    expect((await post(env.ref.url, token, [a])).body.accepted).toBe(1);
  }, 20_000);
});

describe('ingest API (dk): retention follows the registered unit type and the hotlists', () => {
  let env: Env;
  beforeAll(async () => {
    env = await start('dk');
    await env.ref.store.createHotlist(
      { id: 'dk-wanted', name: 'Wanted', source: 'test' },
      env.clock(),
    );
    await env.ref.store.addHotlistEntries(
      'dk-wanted',
      [
        {
          plate: 'AB12345',
          category: 5,
          reason: 'wanted vehicle',
          validFrom: '2026-01-01T00:00:00Z',
        },
      ],
      env.clock(),
    );
  });
  afterAll(() => env?.close());

  it('a mobile no-hit goes to 24-hour technical storage, a hit gets its category, a fixed no-hit is not stored', async () => {
    const van = env.units.create(
      { id: 'DK-VAN-3', unitType: 'mobile-manned', operator: 'federal', source: 'NordCam' },
      'cli',
    );
    const pole = env.units.create({ id: 'DK-POLE-1', unitType: 'fixed', source: 'NordCam' }, 'cli');
    const noHit = record(env.clock, {
      plateRaw: 'XY 98 765',
      country: 'DK',
      lat: 55.6761,
      lon: 12.5683,
      heading: 87.5,
      unitSpeedKmh: 42,
    });
    const hit = record(env.clock, { plateRaw: 'AB 12 345', country: 'DK', lat: 55.68, lon: 12.57 });
    const vanRes = await post(env.ref.url, van.token, [noHit, hit]);
    expect(vanRes.body).toMatchObject({ accepted: 2, hits: 1 });
    const rows = storedReads(env);
    const now = env.clock().getTime();
    const mobile = rows.find((r) => r.id === noHit.id)!;
    expect(mobile).toMatchObject({
      retention_rule: 'technical-storage',
      unit_type: 'mobile-manned',
      hit: 0,
    });
    expect(Number(mobile.retention_until)).toBeLessThanOrEqual(now + 24 * 3_600_000);
    expect(rows.find((r) => r.id === hit.id)).toMatchObject({
      hit: 1,
      hit_category: 5,
      retention_rule: 'hit-5-9',
    });

    const poleRes = await post(env.ref.url, pole.token, [
      record(env.clock, { plateRaw: 'CD 11 222', country: 'DK' }),
    ]);
    expect(poleRes.body).toMatchObject({ accepted: 0, rejected: 1, expired: 1 });
    expect(poleRes.body.results[0].reason).toMatch(/^expired: retention rule no-legal-basis/);
  });
});
