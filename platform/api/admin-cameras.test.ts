import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnitStore } from '../ingest/units.ts';
import { startReferencePlatform, type ReferencePlatform } from '../reference.ts';
import { loginHeadless } from '../testing/login.ts';
import { testClock, testNow, type TestClock } from '../testing/platform.ts';

/**
 * The camera register over real HTTP against the reference platform (issue
 * #14 item 3): import from CSV and GeoJSON with a report of bad rows, edits
 * and retirement, outages by hand and from unit heartbeats on the injected
 * clock, the register's position for reads sent without one, and the
 * administrator-only rule with every call (refusals too) in the audit chain.
 */

// Response bodies are inspected loosely; the routes build them from zod-typed code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const WHY = 'Camera register of the Leuven district delivered by the regional operator for 2026.';

const CSV = [
  'id,site name,lat,lon,direction,road,operator,type',
  'LEU-001,Leuven Tiensesteenweg,50.8731,4.7232,towards Tienen,N3,local,fixed',
  'LEU-002,Leuven Ring Zuid,50.8702,4.7011,,R23,local,fixed',
  'LEU-003,Heverlee E40,50.8591,4.6889,towards Brussels,E40,federal,fixed',
  'LEU-004,Kessel-Lo,91.5,4.73,,,local,fixed',
  'LEU-005,Wilsele,50.89,4.69,,,city,fixed',
].join('\n');

const GEOJSON = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [4.4025, 51.2194] },
      properties: {
        id: 'ANT-001',
        site: 'Antwerpen Kennedytunnel',
        direction: 'towards Gent',
        road: 'R1',
        operator: 'federal',
        type: 'fixed',
      },
    },
    { type: 'Feature', geometry: null, properties: { id: 'ANT-002', site: 'Nowhere' } },
  ],
});

interface Env {
  ref: ReferencePlatform;
  clock: TestClock;
  units: UnitStore;
  dataDir: string;
}

let env: Env;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'anpr-admin-cameras-test-'));
  const clock = testClock(testNow());
  const ref = await startReferencePlatform({
    dataDir,
    policy: 'be',
    clock,
    seedAccounts: true,
    logger: false,
    identity: { scryptLog2N: 14 },
    purgeIntervalMs: 0,
  });
  env = { ref, clock, units: new UnitStore(ref.platform.ctx.db, clock), dataDir };
});

afterAll(async () => {
  await env?.ref.close();
  if (env) rmSync(env.dataDir, { recursive: true, force: true });
});

/** A fresh sign-in (a TOTP code is good once per 30 s step, so the clock moves on first). */
async function tokenFor(username: string): Promise<string> {
  env.clock.advance(30_000);
  const account = env.ref.platform.ctx.demoAccounts!.find((a) => a.username === username)!;
  const tokens = await loginHeadless({
    issuer: env.ref.platform.issuer,
    ...account,
    totpTime: env.clock(),
  });
  return tokens.accessToken;
}

async function call(
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${env.ref.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}

async function unitPost(path: string, token: string, lines: unknown[] | null) {
  const res = await fetch(`${env.ref.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(lines ? { 'content-type': 'application/x-ndjson' } : {}),
    },
    ...(lines ? { body: lines.map((l) => JSON.stringify(l)).join('\n') } : {}),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

function read(over: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    plateRaw: '1-ABC-123',
    country: 'BE',
    capturedAt: new Date(env.clock().getTime() - 60_000).toISOString(),
    confidence: 0.93,
    ...over,
  };
}

/** Audit entries of one action, oldest first (the log lists newest first). */
const auditOf = (action: string) =>
  env.ref.audit
    .list({ limit: 500 })
    .entries.map((e) => e.body)
    .filter((b) => b.action === action)
    .reverse();

describe('camera register administration', () => {
  it('imports a CSV register, reports bad rows by line and reason, and re-imports idempotently', async () => {
    const admin = await tokenFor('admin1');
    const first = await call(admin, 'POST', '/api/v1/admin/cameras/import', {
      content: CSV,
      justification: WHY,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ format: 'csv', inserted: 3, updated: 0, unchanged: 0 });
    expect(first.body.rejected).toHaveLength(2);
    expect(first.body.rejected[0].line).toBe(5);
    expect(first.body.rejected[0].reason).toMatch(/^lat:/);
    expect(first.body.rejected[1].line).toBe(6);
    expect(first.body.rejected[1].reason).toMatch(/^operator:/);

    const again = await call(admin, 'POST', '/api/v1/admin/cameras/import', {
      content: CSV,
      justification: WHY,
    });
    expect(again.body).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });

    const moved = await call(admin, 'POST', '/api/v1/admin/cameras/import', {
      content: CSV.replace('Leuven Ring Zuid', 'Leuven Ring Zuid (Naamsepoort)'),
      justification: WHY,
    });
    expect(moved.body).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });

    // The detective's map reads the same register.
    const detective = await tokenFor('detective1');
    const cams = await call(detective, 'GET', '/api/v1/cameras');
    const leu2 = cams.body.cameras.find((c: Json) => c.id === 'LEU-002');
    expect(leu2).toMatchObject({
      site: 'Leuven Ring Zuid (Naamsepoort)',
      road: 'R23',
      direction: null,
    });
    expect(cams.body.cameras.map((c: Json) => c.id)).not.toContain('LEU-004');

    // Who, what, why: one entry per import with the counts.
    const imports = auditOf('camera.import');
    expect(imports).toHaveLength(3);
    expect(imports[0]).toMatchObject({
      actor: { username: 'admin1', role: 'admin' },
      justification: WHY,
      outcome: 'allowed',
      parameters: { inserted: 3, rejected: 2 },
    });
  });

  it('imports GeoJSON Point features and reports a feature without a point', async () => {
    const admin = await tokenFor('admin1');
    const res = await call(admin, 'POST', '/api/v1/admin/cameras/import', {
      content: GEOJSON,
      justification: WHY,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: 'geojson', inserted: 1 });
    expect(res.body.rejected).toEqual([
      { line: 2, reason: 'geometry: expected a Point with [lon, lat]' },
    ]);
    const list = await call(admin, 'GET', '/api/v1/admin/cameras');
    expect(list.body.cameras.find((c: Json) => c.id === 'ANT-001')).toMatchObject({
      lat: 51.2194,
      lon: 4.4025,
      operator: 'federal',
      status: 'active',
    });
  });

  it('refuses a file without the register columns with a 400 naming them', async () => {
    const admin = await tokenFor('admin1');
    const res = await call(admin, 'POST', '/api/v1/admin/cameras/import', {
      content: 'id,name\nX,Y',
      justification: WHY,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('lat, lon, operator, unitType');
    expect(auditOf('camera.import').at(-1)).toMatchObject({ outcome: 'error' });
  });

  it('edits and retires one camera; bad input is a 400 naming the field', async () => {
    const admin = await tokenFor('admin1');
    const edited = await call(admin, 'PATCH', '/api/v1/admin/cameras/LEU-003', {
      changes: { lanes: 3, heading: 270 },
      justification: WHY,
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      id: 'LEU-003',
      lanes: 3,
      heading: 270,
      site: 'Heverlee E40',
    });

    const bad = await call(admin, 'PATCH', '/api/v1/admin/cameras/LEU-003', {
      changes: { lat: 123 },
      justification: WHY,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('lat');

    const unknown = await call(admin, 'PATCH', '/api/v1/admin/cameras/NOPE-1', {
      changes: { lanes: 2 },
      justification: WHY,
    });
    expect(unknown.status).toBe(404);

    const retired = await call(admin, 'POST', '/api/v1/admin/cameras/LEU-003/retire', {
      justification: WHY,
    });
    expect(retired.body).toMatchObject({ status: 'retired' });
  });

  it('refuses every call of a non-administrator with 403, audited with who and what', async () => {
    const detective = await tokenFor('detective1');
    const calls: Array<[string, string, unknown]> = [
      ['GET', '/api/v1/admin/cameras', undefined],
      ['POST', '/api/v1/admin/cameras/import', { content: CSV, justification: WHY }],
      ['PATCH', '/api/v1/admin/cameras/LEU-001', { changes: { lanes: 2 }, justification: WHY }],
      ['POST', '/api/v1/admin/cameras/LEU-001/retire', { justification: WHY }],
      ['GET', '/api/v1/admin/outages', undefined],
      [
        'POST',
        '/api/v1/admin/outages',
        { cameraId: 'LEU-001', from: env.clock().toISOString(), reason: 'x', justification: WHY },
      ],
      ['POST', `/api/v1/admin/outages/${randomUUID()}/end`, { justification: WHY }],
    ];
    for (const [method, path, body] of calls) {
      const res = await call(detective, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    const denied = env.ref.audit
      .list({ outcome: 'denied', limit: 500 })
      .entries.map((e) => e.body)
      .filter((b) => b.actor.username === 'detective1' && b.action.startsWith('camera.'));
    expect(denied.map((b) => b.action).sort()).toEqual(
      [
        'camera.edit',
        'camera.import',
        'camera.list',
        'camera.outage.add',
        'camera.outage.end',
        'camera.outage.list',
        'camera.retire',
      ].sort(),
    );
    // Nothing changed: LEU-001 still has one lane and is active.
    const admin = await tokenFor('admin1');
    const list = await call(admin, 'GET', '/api/v1/admin/cameras');
    expect(list.body.cameras.find((c: Json) => c.id === 'LEU-001')).toMatchObject({
      lanes: 1,
      status: 'active',
    });
  });

  it('enters an outage by hand with its reason, ends it, and the map sees the window', async () => {
    const admin = await tokenFor('admin1');
    const from = new Date(env.clock().getTime() - 3 * 3_600_000).toISOString();
    const added = await call(admin, 'POST', '/api/v1/admin/outages', {
      cameraId: 'LEU-002',
      from,
      reason: 'Roadworks on the ring: camera mast taken down',
      justification: WHY,
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ cameraId: 'LEU-002', from, to: null, source: 'manual' });

    const to = new Date(env.clock().getTime() - 3_600_000).toISOString();
    const ended = await call(admin, 'POST', `/api/v1/admin/outages/${added.body.id}/end`, {
      to,
      justification: WHY,
    });
    expect(ended.body).toMatchObject({ to, endedBy: expect.any(String) });
    const again = await call(admin, 'POST', `/api/v1/admin/outages/${added.body.id}/end`, {
      justification: WHY,
    });
    expect(again.status).toBe(409);

    const backwards = await call(admin, 'POST', '/api/v1/admin/outages', {
      cameraId: 'LEU-002',
      from,
      to: new Date(Date.parse(from) - 60_000).toISOString(),
      reason: 'Power cut',
      justification: WHY,
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toMatch(/to: must be after from/);
    // Refused for its input, and still in the chain with the reason.
    expect(auditOf('camera.outage.add').at(-1)).toMatchObject({
      actor: { username: 'admin1' },
      outcome: 'error',
      outcomeReason: expect.stringContaining('to: must be after from'),
    });

    const detective = await tokenFor('detective1');
    const cams = await call(detective, 'GET', '/api/v1/cameras');
    expect(cams.body.cameras.find((c: Json) => c.id === 'LEU-002').outages).toEqual([{ from, to }]);
    expect(
      auditOf('camera.outage.add')
        .filter((b) => b.outcome === 'allowed')
        .at(-1),
    ).toMatchObject({
      actor: { username: 'admin1' },
      justification: WHY,
      parameters: { cameraId: 'LEU-002', outageId: added.body.id },
    });
  });
});

describe('heartbeats and positions at ingest', () => {
  it('marks a silent unit down from its last contact and up when it resumes; the map sees the gap', async () => {
    const admin = await tokenFor('admin1');
    const { token } = env.units.create(
      { id: 'LEU-001', unitType: 'fixed', source: 'Vendor' },
      'test',
    );
    // Five minutes of silence allowed for this camera.
    const set = await call(admin, 'PATCH', '/api/v1/admin/cameras/LEU-001', {
      changes: { heartbeatIntervalSeconds: 300 },
      justification: WHY,
    });
    expect(set.body.heartbeatIntervalSeconds).toBe(300);

    // A batch counts as a heartbeat; the read takes the register's position.
    const sent = read();
    const batch = await unitPost('/api/v1/ingest', token, [sent]);
    expect(batch.body.accepted).toBe(1);
    const stored = env.ref.platform.ctx.db
      .prepare('SELECT lat, lon FROM reads WHERE id = ?')
      .get(sent.id);
    expect(stored).toEqual({ lat: 50.8731, lon: 4.7232 });

    // The explicit heartbeat, with no reads: its time is the last contact.
    const beat = await unitPost('/api/v1/ingest/heartbeat', token, null);
    expect(beat.status).toBe(200);
    const lastContact: string = beat.body.at;

    env.clock.advance(4 * 60_000);
    let outages = await call(admin, 'GET', '/api/v1/admin/outages?cameraId=LEU-001');
    expect(outages.body.outages).toEqual([]);

    env.clock.advance(2 * 60_000); // 6 minutes of silence > 5
    outages = await call(admin, 'GET', '/api/v1/admin/outages?cameraId=LEU-001');
    expect(outages.body.outages).toMatchObject([
      { cameraId: 'LEU-001', from: lastContact, to: null, source: 'heartbeat' },
    ]);
    const list = await call(admin, 'GET', '/api/v1/admin/cameras');
    expect(list.body.cameras.find((c: Json) => c.id === 'LEU-001').down).toBe(true);

    // The coverage-gap layer's source: the window runs from the last contact.
    const detective = await tokenFor('detective1');
    const down = await call(detective, 'GET', '/api/v1/cameras');
    const gap = down.body.cameras.find((c: Json) => c.id === 'LEU-001').outages;
    expect(gap).toHaveLength(1);
    expect(gap[0].from).toBe(lastContact);
    expect(Date.parse(gap[0].to)).toBeGreaterThan(Date.parse(lastContact) + 300_000);

    // It resumes: up again from that contact.
    const back = await unitPost('/api/v1/ingest/heartbeat', token, null);
    expect(back.body.up).toBe(1);
    outages = await call(admin, 'GET', '/api/v1/admin/outages?cameraId=LEU-001');
    expect(outages.body.outages).toMatchObject([
      { from: lastContact, to: back.body.at, endedBy: 'heartbeat' },
    ]);
    const up = await call(detective, 'GET', '/api/v1/cameras');
    expect(up.body.cameras.find((c: Json) => c.id === 'LEU-001').outages).toEqual([
      { from: lastContact, to: back.body.at },
    ]);
    expect(auditOf('camera.outage.down').at(-1)).toMatchObject({
      actor: { role: 'system' },
      parameters: { cameraId: 'LEU-001', at: lastContact },
    });
    expect(auditOf('camera.outage.up').at(-1)).toMatchObject({
      parameters: { cameraId: 'LEU-001', at: back.body.at },
    });
  });

  it('a retired camera is not watched; a read without position from an unregistered unit is refused', async () => {
    const admin = await tokenFor('admin1');
    const { token } = env.units.create(
      { id: 'LEU-003', unitType: 'fixed', source: 'Vendor' },
      'test',
    );
    await unitPost('/api/v1/ingest/heartbeat', token, null);
    env.clock.advance(60 * 60_000);
    const outages = await call(admin, 'GET', '/api/v1/admin/outages?cameraId=LEU-003');
    expect(outages.body.outages).toEqual([]);

    const stray = env.units.create({ id: 'VAN-9', unitType: 'mobile-manned', source: 'V' }, 'test');
    const res = await unitPost('/api/v1/ingest', stray.token, [read()]);
    expect(res.body.accepted).toBe(0);
    expect(res.body.results[0].reason).toMatch(/^lat, lon: required/);
    // With its own position the same unit's read is stored.
    const ok = await unitPost('/api/v1/ingest', stray.token, [read({ lat: 50.85, lon: 4.35 })]);
    expect(ok.body.accepted).toBe(1);
  });
});
