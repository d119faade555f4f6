import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type PullStatus } from '../../common/api/contract.ts';
import { wallTime } from '../../common/time-zone.ts';
import {
  type AnalysisView,
  type CaseReads,
  type ExportResult,
} from '../../common/api/detective-contract.ts';
import { dispatch } from '../../common/api/dispatch.ts';
import { ApiError } from '../../common/api/result.ts';
import type { Workstation } from '../../main/core/workstation.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import {
  expectExportMatches,
  readCsv,
  readGeoJson,
  readKml,
  type ExpectedRead,
} from '../../main/core/export/validate-export.test-support.ts';
import { makeWorkstation, signIn } from './support.ts';
import { addRecipient, disclosuresTo } from '../../platform/recipients/register.ts';

/**
 * The detective workspace in Node against the full reference platform: pull
 * the planted cases, run the route analyses through the workstation API (in
 * the storage worker) and find the seed's ground truth; open masked
 * bystanders; export evidence with a manifest whose hashes match; and find
 * every query and the disclosure in the local audit chain.
 */
let t: TestReference;
let ws: Workstation;
let dataDir: string;

const WHY = {
  offenceType: 'be-property',
  reasonCode: 'association',
  justification: 'Identify vehicles travelling with the suspect BMW on the trafficking route.',
} as const;
const DAY = 86_400_000;

/** Through the contract, as the renderer calls it: arguments and results are validated. */
async function api<T>(name: string, input: unknown): Promise<T> {
  const res = await dispatch(contract, ws.handlers, name, input, { transport: 'browser' });
  if (!res.ok) throw new ApiError(res.error.code, res.error.message);
  return res.value as T;
}

async function pull(caseId: string, query: unknown): Promise<PullStatus> {
  const started = await api<PullStatus>('pulls.start', {
    caseId,
    offenceType: 'be-property',
    reasonCode: 'suspect-vehicle',
    justification: 'Reads of the case vehicles needed to reconstruct their routes.',
    query,
  });
  await ws.pulls.settled(started.pullId);
  const done = await ws.pulls.status(caseId, started.pullId);
  expect(done.state).toBe('done');
  return done;
}

function lastDays(days: number) {
  const now = t.clock().getTime();
  return { from: new Date(now - days * DAY).toISOString(), to: new Date(now).toISOString() };
}

const key = (unitId: string, at: string) => `${unitId}@${Date.parse(at)}`;

async function auditBodies(): Promise<Array<Record<string, unknown>>> {
  const entries = await ws.stores.host.workstation().auditEntries(0, 10_000);
  return entries.map((e) => JSON.parse(e.body) as Record<string, unknown>);
}

beforeAll(async () => {
  t = await startTestReference();
  const made = makeWorkstation(t.url, { clock: t.clock });
  ws = made.ws;
  dataDir = made.dataDir;
  await signIn(ws, t.accounts.detective1!, t.clock);
}, 180_000);
afterAll(async () => {
  await ws?.close();
  await t?.close();
  // The exports are plaintext: never leave them behind in /tmp.
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('detective analyses on the case store', () => {
  it('finds the planted convoy follower first, masked until opened', async () => {
    const truth = t.groundTruth.convoy;
    const range = lastDays(29);
    await pull(truth.caseId, { kind: 'plates', plates: [truth.target.plate], range });
    // The companions' reads come from the cameras the target passed.
    const own = await api<CaseReads>('detective.reads', { caseId: truth.caseId });
    expect(own.targets).toEqual([truth.target.plate]);
    const counts = new Map<string, number>();
    for (const r of own.reads) counts.set(r.unitId, (counts.get(r.unitId) ?? 0) + 1);
    const cameraIds = [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 50)
      .map(([id]) => id);
    await pull(truth.caseId, { kind: 'area', area: { kind: 'cameras', cameraIds }, range });
    // Everyone else at those cameras is a bystander: masked, without OCR alternatives.
    const all = await api<CaseReads>('detective.reads', { caseId: truth.caseId });
    expect(all.reads.length).toBeGreaterThan(own.reads.length);
    const bystanders = all.reads.filter((r) => r.masked);
    expect(bystanders.length).toBeGreaterThan(0);
    expect(bystanders.every((r) => r.vehicle.startsWith('v:') && r.alternatives.length === 0)).toBe(
      true,
    );
    expect(JSON.stringify(all)).not.toContain(truth.follower.plate);

    const view = await api<AnalysisView>('detective.analyze', {
      caseId: truth.caseId,
      kind: 'convoy',
      params: { plate: truth.target.plate, windowSeconds: 60, minCameras: 3 },
      ...WHY,
    });
    expect(view.detail.kind).toBe('convoy');
    if (view.detail.kind !== 'convoy') return;
    expect(view.detail.target).toBe(truth.target.plate);
    const first = view.detail.rows[0]!;
    expect(first.cameras).toBeGreaterThanOrEqual(3);
    const ref = view.vehicles.find((v) => v.vehicle === first.vehicle)!;
    // A bystander until opened: the renderer never had the plate.
    expect(ref.masked).toBe(true);
    expect(ref.vehicle).toMatch(/^v:/);
    expect(JSON.stringify(view)).not.toContain(truth.follower.plate);
    // Every planted co-sighting is among the shared sightings.
    const byId = new Map(view.sightings.map((s) => [s.id, s]));
    const shared = new Set(first.shared.map((p) => key(p.unitId, byId.get(p.other)!.capturedAt)));
    for (const co of truth.coSightings)
      expect(shared.has(key(co.cameraId, co.followerAt))).toBe(true);
    // The decoy (two cameras) is no convoy.
    expect(view.detail.rows.length).toBeGreaterThan(0);

    const opened = await api<{ plate: string; vehicle: string }>('detective.revealPlate', {
      caseId: truth.caseId,
      readId: ref.ref,
      runId: view.run.id,
    });
    expect(opened).toMatchObject({ plate: truth.follower.plate, vehicle: first.vehicle });
    const runs = await api<{ runs: Array<{ id: string; kind: string }> }>('detective.runs', {
      caseId: truth.caseId,
    });
    expect(runs.runs[0]).toMatchObject({ id: view.run.id, kind: 'convoy' });
    // A saved result opens again (logged), masked the same way.
    const reopened = await api<AnalysisView>('detective.openRun', {
      caseId: truth.caseId,
      runId: view.run.id,
    });
    expect(reopened.detail).toEqual(view.detail);
  });

  it('finds the impossible journey of the cloned plate', async () => {
    const truth = t.groundTruth.clonedPlate;
    await pull(truth.caseId, { kind: 'plates', plates: [truth.plate], range: lastDays(29) });
    const view = await api<AnalysisView>('detective.analyze', {
      caseId: truth.caseId,
      kind: 'impossibleJourneys',
      params: {},
      offenceType: 'be-property',
      reasonCode: 'cloned-plate',
      justification: 'Check whether two vehicles use the same registration plate.',
    });
    if (view.detail.kind !== 'impossibleJourneys') throw new Error('wrong kind');
    const byId = new Map(view.sightings.map((s) => [s.id, s]));
    const fastest = view.detail.rows[0]!;
    expect(fastest.vehicle).toBe(truth.plate);
    const from = byId.get(fastest.from)!;
    const to = byId.get(fastest.to)!;
    expect(key(from.unitId, from.capturedAt)).toBe(
      key(truth.impossiblePair.first.cameraId, truth.impossiblePair.first.at),
    );
    expect(key(to.unitId, to.capturedAt)).toBe(
      key(truth.impossiblePair.second.cameraId, truth.impossiblePair.second.at),
    );
    expect(fastest.speedKmh).toBeGreaterThan(250);
  });

  it('finds the stakeout targets at the place and time, and locates the repeat visitor', async () => {
    const truth = t.groundTruth.stakeout;
    const circle = {
      kind: 'circle',
      lat: truth.place.lat,
      lon: truth.place.lon,
      radiusM: truth.place.radiusM,
    };
    await pull(truth.caseId, {
      kind: 'area',
      area: circle,
      range: { from: truth.from, to: truth.to },
    });
    const view = await api<AnalysisView>('detective.analyze', {
      caseId: truth.caseId,
      kind: 'stakeout',
      params: { area: circle, from: truth.from, to: truth.to },
      offenceType: 'be-property',
      reasonCode: 'scene-presence',
      justification: 'Vehicles present near the jewellery shop during the ram raid.',
    });
    if (view.detail.kind !== 'stakeout') throw new Error('wrong kind');
    const byId = new Map(view.sightings.map((s) => [s.id, s]));
    for (const target of truth.targets) {
      const wanted = new Set(target.sightings.map((s) => key(s.cameraId, s.at)));
      const found = view.sightings.filter((s) => wanted.has(key(s.unitId, s.capturedAt)));
      expect(found).toHaveLength(wanted.size);
      // One vehicle per planted target, masked as a bystander, whose plate opens to the truth.
      const vehicles = new Set(found.map((s) => s.vehicle));
      expect(vehicles.size).toBe(1);
      const ref = view.vehicles.find((v) => v.vehicle === found[0]!.vehicle)!;
      expect(ref.masked).toBe(true);
      const opened = await api<{ plate: string }>('detective.revealPlate', {
        caseId: truth.caseId,
        readId: found[0]!.id,
        runId: view.run.id,
      });
      expect(opened.plate).toBe(target.vehicle.plate);
    }
    expect(view.detail.rows.every((r) => byId.size > 0 && r.count > 0)).toBe(true);

    const repeat = t.groundTruth.repeatRoute;
    const range = lastDays(29);
    await pull(truth.caseId, { kind: 'plates', plates: [repeat.vehicle.plate], range });
    const located = await api<AnalysisView>('detective.analyze', {
      caseId: truth.caseId,
      kind: 'locate',
      params: { plate: repeat.vehicle.plate },
      offenceType: 'be-property',
      reasonCode: 'suspect-vehicle',
      justification: 'When and where is the van usually seen (possible reconnaissance)?',
    });
    if (located.detail.kind !== 'locate') throw new Error('wrong kind');
    // The expected profile comes from the van's planted reads in the pulled
    // period, counted in the officer's zone (locate counts weekdays from Monday).
    const inRange = repeat.sightings.filter((s) => s.at >= range.from && s.at <= range.to);
    const byHour = new Array<number>(24).fill(0);
    const byWeekday = new Array<number>(7).fill(0);
    for (const s of inRange) {
      const wall = wallTime(Date.parse(s.at), 'Europe/Brussels');
      byHour[wall.hour]!++;
      byWeekday[(wall.weekday + 6) % 7]!++;
    }
    expect(inRange.length).toBeGreaterThan(0);
    expect(located.detail.byHour).toEqual(byHour);
    expect(located.detail.byWeekday).toEqual(byWeekday);
    // The busiest weekday is the one the scenario planted the weekly trip on.
    const argmax = (xs: number[]) => xs.indexOf(Math.max(...xs));
    expect(argmax(located.detail.byWeekday)).toBe((repeat.weekday + 6) % 7);
  });

  it('refuses an analysis without a real justification', async () => {
    await expect(
      api('detective.analyze', {
        caseId: t.groundTruth.convoy.caseId,
        kind: 'locate',
        params: { plate: t.groundTruth.convoy.target.plate },
        offenceType: 'be-property',
        reasonCode: 'other',
        justification: 'because',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('evidence export', () => {
  const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

  it('writes CSV, GeoJSON, KML and a PDF report whose manifest hashes match', async () => {
    const truth = t.groundTruth.convoy;
    const runs = await api<{
      runs: Array<{ id: string; kind: string; offenceType: string | null }>;
    }>('detective.runs', { caseId: truth.caseId });
    const convoyRun = runs.runs.find((r) => r.kind === 'convoy')!;
    const res = await api<ExportResult>('detective.export', {
      caseId: truth.caseId,
      // The Antwerp prosecutor, from the seeded recipient register.
      recipientId: 'be-parquet-anvers',
      reference: 'AN.20.L3',
      formats: ['csv', 'geojson', 'kml', 'pdf'],
      plates: [truth.target.plate],
      runId: convoyRun.id,
      offenceType: 'be-property',
      reasonCode: 'suspect-vehicle',
      justification: 'Route of the suspect vehicle for the investigating judge’s file.',
    });
    expect(res.directory.startsWith(join(dataDir, 'exports'))).toBe(true);
    expect(res.directory.includes(join(dataDir, 'cases'))).toBe(false);
    expect(res.files.map((f) => f.name).sort()).toEqual(
      ['reads.csv', 'reads.geojson', 'reads.kml', 'report.pdf'].sort(),
    );
    const manifest = JSON.parse(readFileSync(res.manifest, 'utf8')) as {
      files: Array<{ name: string; sha256: string; bytes: number }>;
      recipient: { name: string };
      reads: number;
      offenceType: string;
      runOffenceType: string | null;
    };
    expect(manifest.files).toHaveLength(4);
    // The disclosure's offence type and the documented run's, as the audit trail records them.
    expect(manifest.offenceType).toBe('be-property');
    expect(convoyRun.offenceType).not.toBeNull();
    expect(manifest.runOffenceType).toBe(convoyRun.offenceType);
    for (const f of manifest.files) {
      const path = join(res.directory, f.name);
      expect(existsSync(path)).toBe(true);
      expect(sha(path)).toBe(f.sha256);
    }
    expect(manifest.reads).toBe(res.reads);

    // What went out must be what the case holds of the target: every read, no other.
    const held = await api<CaseReads>('detective.reads', { caseId: truth.caseId });
    expect(held.truncated).toBe(false);
    const expected: ExpectedRead[] = held.reads
      .filter((r) => r.vehicle === truth.target.plate)
      .map((r) => ({
        id: r.id,
        plate: r.vehicle,
        capturedAt: r.capturedAt,
        lat: r.lat,
        lon: r.lon,
        unitId: r.unitId,
        direction: r.direction,
      }));
    expect(expected).toHaveLength(res.reads);
    const text = (name: string) => readFileSync(join(res.directory, name), 'utf8');
    const files = {
      csv: text('reads.csv'),
      geojson: text('reads.geojson'),
      kml: text('reads.kml'),
    };
    // CSV by a real parser, GeoJSON against RFC 7946, KML as XML read back by
    // togeojson: each read's plate, time, camera and position, and the route.
    expectExportMatches(files, expected);
    expect(Object.keys(readCsv(files.csv)[0]!)).toContain('Date (Europe/Brussels)');
    // The target was read many times: one route, in time order, in both map formats.
    const route = [...expected]
      .sort((a, b) => a.capturedAt.localeCompare(b.capturedAt))
      .map((r) => [r.lon, r.lat]);
    expect(readGeoJson(files.geojson).routes).toMatchObject([
      { plate: truth.target.plate, coordinates: route },
    ]);
    expect(readKml(files.kml).routes).toEqual([{ plate: truth.target.plate, coordinates: route }]);
    const pdf = readFileSync(join(res.directory, 'report.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  describe('refuses private recipients, whatever their name, and logs the refusal', () => {
    /**
     * The recipient is a register entry picked by id (#14): an entry of kind
     * private is refused whatever its name says (the keyword check is gone:
     * "Allianz Benelux", "G4S" or "Police Mutual" carry no tell-tale word),
     * and a name the administrator never registered cannot be picked at all.
     */
    const PRIVATE = [
      'Acme Claims Ltd',
      'Ethias Verzekeringen NV', // insurer
      'Allianz Benelux', // insurer
      'Securitas', // security firm
      'G4S', // security firm
      'Het Laatste Nieuws', // newspaper
      'Mr. Jansen', // private person
      'Police Mutual', // an insurer whose name sounds like an authority
    ];
    const idOf = (name: string) => `private-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

    beforeAll(() => {
      // Registered by the administrator as what they are (platform/recipients/register.ts).
      const { deps } = t.ref;
      for (const name of PRIVATE)
        addRecipient(
          {
            db: deps.ctx.db,
            audit: deps.audit,
            actor: { officerId: 'admin1', username: 'admin1', role: 'admin' },
            now: t.clock(),
            via: { via: 'test' },
          },
          {
            id: idOf(name),
            name,
            kind: 'private',
            country: 'BE',
            contact: 'requests@example.be',
            legalBasis: 'None: a private party has no right to ANPR reads.',
            reason: 'Registered so that requests from this party are refused.',
          },
        );
    });

    async function attempt(recipientId: string) {
      const truth = t.groundTruth.convoy;
      return api('detective.export', {
        caseId: truth.caseId,
        recipientId,
        formats: ['csv'],
        plates: [truth.target.plate],
        offenceType: 'be-property',
        reasonCode: 'other',
        justification: 'Insurance company asks for the route after a claim.',
      });
    }

    for (const name of PRIVATE) {
      it(`refuses ${name}, registered as private`, async () => {
        await expect(attempt(idOf(name))).rejects.toMatchObject({
          code: 'FORBIDDEN',
          message: expect.stringMatching(/private/),
        });
        // The refusal is itself a logged disclosure attempt, naming who asked and for whom.
        const last = (await auditBodies()).at(-1);
        expect(last).toMatchObject({
          operation: 'disclosure',
          action: 'case.export',
          caseId: t.groundTruth.convoy.caseId,
          outcome: 'denied',
          recipient: `private: ${name}`,
          parameters: { recipientId: idOf(name), recipientKind: 'private' },
          actor: { username: 'detective1' },
        });
      });
    }

    it('refuses a recipient that is not in the register, and logs the attempt', async () => {
      // A well-formed id the administrator never registered.
      await expect(attempt('mr-jansen')).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringMatching(/not in the recipient register/),
      });
      expect((await auditBodies()).at(-1)).toMatchObject({
        operation: 'disclosure',
        outcome: 'denied',
        parameters: { recipientId: 'mr-jansen', recipientKind: 'unregistered' },
      });
    });

    // A foreign prosecutor is an authority acting in criminal matters: the export goes out.
    it("lets King County Prosecuting Attorney's Office (US), a registered prosecution office, receive it", async () => {
      const truth = t.groundTruth.convoy;
      const name = "King County Prosecuting Attorney's Office";
      const res = await api<ExportResult>('detective.export', {
        caseId: truth.caseId,
        recipientId: 'us-king-county-pao',
        reference: 'MLA-2026-0417',
        formats: ['csv'],
        plates: [truth.target.plate],
        offenceType: 'be-property',
        reasonCode: 'suspect-vehicle',
        justification: 'Mutual legal assistance request: route of the suspect vehicle in Belgium.',
      });
      expect(res.recipient).toBe(`prosecution: ${name} (ref. MLA-2026-0417)`);
      expect(readCsv(readFileSync(join(res.directory, 'reads.csv'), 'utf8'))).toHaveLength(
        res.reads,
      );
      expect((await auditBodies()).at(-1)).toMatchObject({
        operation: 'disclosure',
        action: 'case.export',
        outcome: 'allowed',
        recipient: `prosecution: ${name} (ref. MLA-2026-0417)`,
        parameters: {
          recipientId: 'us-king-county-pao',
          recipientKind: 'prosecution',
          recipientCountry: 'US',
        },
      });
      // Logged against the register entry on the platform too.
      expect(res.platformRecorded).toBe(true);
      expect(disclosuresTo(t.ref.deps.ctx.db, 'us-king-county-pao')).toMatchObject([
        { exportId: res.exportId, reads: res.reads, caseId: truth.caseId },
      ]);
    });
  });
});

describe('local audit chain', () => {
  it('holds every analysis run, the opened plates and the disclosures, and verifies', async () => {
    const bodies = await auditBodies();
    const actions = bodies.map((b) => b.action);
    for (const action of [
      'analysis.convoy',
      'analysis.impossible-journeys',
      'analysis.stakeout',
      'analysis.locate',
      'case.reveal-plate',
      'analysis.reopen',
    ]) {
      const entry = bodies.find((b) => b.action === action && b.outcome === 'allowed');
      expect(entry, action).toMatchObject({
        operation: 'consultation',
        actor: { username: 'detective1' },
      });
      expect(String(entry!.justification).length).toBeGreaterThan(20);
    }
    expect(actions).not.toContain('analysis.plate-search');
    const convoy = bodies.find((b) => b.action === 'analysis.convoy')!;
    expect(convoy).toMatchObject({
      caseId: t.groundTruth.convoy.caseId,
      reasonCode: 'association',
      justification: WHY.justification,
      parameters: { kind: 'convoy', params: { windowSeconds: 60, minCameras: 3 } },
    });
    const disclosures = bodies.filter((b) => b.operation === 'disclosure');
    // Each refusal is checked where it happens ('refuses private recipients'); here, both outcomes are in the chain.
    expect(new Set(disclosures.map((d) => d.outcome))).toEqual(new Set(['allowed', 'denied']));
    expect(disclosures.find((d) => d.outcome === 'allowed')).toMatchObject({
      action: 'case.export',
      recipient: expect.stringMatching(/^prosecution: Parquet/),
      resultCount: expect.any(Number),
    });
    const status = await api<{ chain: { ok: boolean; count: number } }>('audit.status', {
      verify: true,
    });
    expect(status.chain).toMatchObject({ ok: true, count: bodies.length });
  });
});
