import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullStatus } from '../../common/api/contract.ts';
import { runCli } from '../../platform/cli.ts';
import { UnitStore } from '../../platform/ingest/units.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { call, makeWorkstation, signIn } from './support.ts';

/**
 * Reads that nobody here generated, end to end: a camera unit delivers
 * through the ingest API with its own credential, an agency's CSV export is
 * imported with a mapping while the platform runs, and a pseudonymised
 * plate identifier travels from the unit through a case pull into the
 * workstation's encrypted store and its plate search without a character
 * changed.
 */

// Response bodies are inspected loosely; the platform builds them from zod-typed code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let t: TestReference;
let units: UnitStore;
let tmp: string;
beforeAll(async () => {
  t = await startTestReference();
  units = new UnitStore(t.ref.platform.ctx.db, t.clock);
  tmp = mkdtempSync(join(tmpdir(), 'anpr-ingest-it-'));
}, 180_000);
afterAll(async () => {
  await t?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const HOUR = 3_600_000;
const ago = (ms: number) => new Date(t.clock().getTime() - ms).toISOString();

async function ingest(token: string, records: unknown[]): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${t.url}/api/v1/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` },
    body: records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n'),
  });
  return { status: res.status, body: await res.json() };
}

describe('platform ingest from units and files', () => {
  it('a camera unit delivers with its credential; duplicates are reported, a malformed record is rejected with its reason, the rest is stored; once revoked the unit is refused', async () => {
    const { token } = units.create(
      { id: 'NAM-E411-02', unitType: 'fixed', operator: 'regional', source: 'VendorX' },
      'admin',
    );
    const a = {
      id: randomUUID(),
      plateRaw: '1-TST-001',
      country: 'BE',
      capturedAt: ago(HOUR),
      lat: 50.4674,
      lon: 4.8718,
      confidence: 0.94,
      lane: 1,
    };
    const b = { ...a, id: randomUUID(), plateRaw: '1-TST-002' };
    const first = await ingest(token, [a, b]);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ accepted: 2, duplicates: 0, rejected: 0 });

    const c = { ...a, id: randomUUID(), plateRaw: '1-TST-003' };
    const second = await ingest(token, [a, { ...b, confidence: 7 }, c]);
    expect(second.body.results).toEqual([
      { line: 1, id: a.id, status: 'duplicate' },
      { line: 2, id: b.id, status: 'rejected', reason: expect.stringMatching(/^confidence: /) },
      { line: 3, id: c.id, status: 'accepted' },
    ]);
    const count = t.ref.platform.ctx.db
      .prepare("SELECT count(*) AS n FROM reads WHERE unit_id = 'NAM-E411-02'")
      .get() as { n: number };
    expect(count.n).toBe(3);

    units.revoke('NAM-E411-02', 'admin');
    const refused = await ingest(token, [{ ...a, id: randomUUID() }]);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('credential_revoked');
  });

  it('imports a CSV export with a mapping while the platform runs, listing its bad rows by line', async () => {
    const file = join(tmp, 'local-export.csv');
    const report = join(tmp, 'report.csv');
    const stamp = (ms: number) =>
      ago(ms)
        .replace('T', ' ')
        .replace(/\.\d+Z$/, '');
    writeFileSync(
      file,
      [
        'Nummerplaat;Tijd;Camera;Breedte;Lengte;Zekerheid',
        `1IMP001;${stamp(2 * HOUR)};KORTRIJK-3;50,8279;3,2649;0,91`,
        `1IMP002;gisteren;KORTRIJK-3;50,8279;3,2649;0,91`,
        `1IMP003;${stamp(3 * HOUR)};KORTRIJK-3;50,8279;3,2649;0,91`,
        `1IMP004;${stamp(4 * HOUR)};KORTRIJK-3;north;3,2649;0,91`,
      ].join('\r\n'),
    );
    const mapping = join(tmp, 'local.json');
    writeFileSync(
      mapping,
      JSON.stringify({
        decimal: ',',
        time: { format: 'YYYY-MM-DD HH:mm:ss' },
        fields: {
          plateRaw: 'Nummerplaat',
          capturedAt: 'Tijd',
          unitId: 'Camera',
          unitType: { value: 'fixed' },
          lat: 'Breedte',
          lon: 'Lengte',
          confidence: 'Zekerheid',
        },
      }),
    );
    const out: string[] = [];
    const args = [
      'import',
      file,
      '--mapping',
      mapping,
      '--source',
      'KortrijkLocal',
      '--tz',
      'UTC',
      '--report',
      report,
      '--data-dir',
      t.dataDir,
    ];
    const io = { out: (l: string) => out.push(l), err: () => {}, env: {}, clock: t.clock };
    expect(await runCli(args, io)).toBe(0);
    expect(out.join('\n')).toMatch(
      /4 rows, 2 accepted, 0 duplicates \(already stored\), 2 rejected/,
    );
    expect(readFileSync(report, 'utf8').trim().split('\n')).toEqual([
      'line,status,reason',
      '3,rejected,capturedAt: does not match the format YYYY-MM-DD HH:mm:ss',
      '5,rejected,lat: not a number',
    ]);
    // The running platform sees the imported reads; a second run adds nothing.
    const n = () =>
      (
        t.ref.platform.ctx.db
          .prepare("SELECT count(*) AS n FROM reads WHERE unit_id = 'KORTRIJK-3'")
          .get() as { n: number }
      ).n;
    expect(n()).toBe(2);
    out.length = 0;
    expect(await runCli(args, io)).toBe(0);
    expect(out.join('\n')).toMatch(/0 accepted, 2 duplicates/);
    expect(n()).toBe(2);
  });

  it('a pseudonymised plate identifier survives ingest, case pull and local plate search unchanged, at the mobile unit’s own position', async () => {
    const { token } = units.create(
      { id: 'DK-VAN-12', unitType: 'mobile-manned', operator: 'federal', source: 'NordCam' },
      'admin',
    );
    const pseudonym = 'a3f1c9e07b2d4c8e9f00112233445566778899aabbccddeeff00112233445566';
    const read = {
      id: randomUUID(),
      plateRaw: pseudonym,
      country: null,
      capturedAt: new Date(t.clock().getTime() - 2 * 86_400_000)
        .toISOString()
        .replace('Z', '+01:00'),
      lat: 55.6761,
      lon: 12.5683,
      heading: 212.5,
      unitSpeedKmh: 48,
      confidence: 1,
    };
    const res = await ingest(token, [read]);
    expect(res.body).toMatchObject({ accepted: 1 });

    const { ws } = makeWorkstation(t.url, { clock: t.clock });
    try {
      await signIn(ws, t.accounts.detective1!, t.clock);
      const caseId = t.groundTruth.convoy.caseId;
      const now = t.clock().getTime();
      const started = await call<PullStatus>(ws, 'pulls.start', {
        caseId,
        offenceType: 'be-property',
        reasonCode: 'suspect-vehicle',
        justification: 'Pseudonymised identifier supplied by the Danish liaison; route needed.',
        query: {
          kind: 'plates',
          plates: [pseudonym],
          range: {
            from: new Date(now - 29 * 86_400_000).toISOString(),
            to: new Date(now).toISOString(),
          },
        },
      });
      expect(started.total).toBe(1);
      await ws.pulls.settled(started.pullId);
      expect(await ws.pulls.status(caseId, started.pullId)).toMatchObject({
        state: 'done',
        stored: 1,
      });

      const found = await (await ws.stores.open(caseId)).readsByPlate({ plate: pseudonym });
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        id: read.id,
        plate: pseudonym,
        plateRaw: pseudonym,
        country: null,
        lat: 55.6761,
        lon: 12.5683,
        heading: 212.5,
        unitSpeedKmh: 48,
        unitId: 'DK-VAN-12',
        unitType: 'mobile-manned',
        capturedAt: new Date(Date.parse(read.capturedAt)).toISOString(),
      });

      // The workstation's plate search finds it by the identifier as given.
      const why = {
        offenceType: 'be-property',
        reasonCode: 'suspect-vehicle',
        justification: 'Pseudonymised identifier supplied by the Danish liaison; route needed.',
      };
      const view = await call<Json>(ws, 'detective.analyze', {
        caseId,
        kind: 'plateSearch',
        params: { mode: 'exact', plate: pseudonym },
        ...why,
      });
      expect(JSON.stringify(view)).toContain(pseudonym);
      expect(JSON.stringify(view)).toContain(read.id);
      // Hex carries no case: the identifier typed in upper case finds the same read.
      const upper = await call<Json>(ws, 'detective.analyze', {
        caseId,
        kind: 'plateSearch',
        params: { mode: 'exact', plate: pseudonym.toUpperCase() },
        ...why,
      });
      expect(JSON.stringify(upper)).toContain(read.id);

      // And the export carries it unchanged, at the van's position.
      const exported = await call<Json>(ws, 'detective.export', {
        caseId,
        // Picked from the seeded recipient register (platform/seed/recipients.ts).
        recipientId: 'dk-rigspolitiet-nec',
        formats: ['csv', 'geojson'],
        plates: [pseudonym],
        ...why,
      });
      expect(exported.reads).toBe(1);
      const csv = readFileSync(join(exported.directory, 'reads.csv'), 'utf8');
      expect(csv).toContain(pseudonym);
      const geo = JSON.parse(
        readFileSync(join(exported.directory, 'reads.geojson'), 'utf8'),
      ) as Json;
      const feature = geo.features[0];
      expect(JSON.stringify(feature.properties)).toContain(pseudonym);
      expect(feature.geometry.coordinates).toEqual([12.5683, 55.6761]);
    } finally {
      await ws.close();
    }
  });
});
